#pragma once
// The synthesis panel's plot: predicted response against step, one line per start, with the bank's 50th and 99th
// percentiles and its best image as dashed reference lines. Draws what a core::SynthesisPanelModel holds.
#include <QWidget>

namespace vl::core {
class SynthesisPanelModel;
}

namespace vl::widgets {

class SynthesisScorePlot : public QWidget {
  Q_OBJECT
public:
  explicit SynthesisScorePlot(const core::SynthesisPanelModel& model, QWidget* parent = nullptr);
  QSize sizeHint() const override { return {320, 180}; }
  // Points drawn at the last paint (for tests).
  int pointsDrawn() const { return pointsDrawn_; }

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  const core::SynthesisPanelModel& model_;
  int pointsDrawn_ = 0;
};

}  // namespace vl::widgets
