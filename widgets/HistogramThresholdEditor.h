#pragma once
// The histogram threshold editor of the Layers dock: the selected layer's value histogram, the colour map under it
// exactly as the surface draws each value (render::mapValue, so hidden values show as gaps), and handles to drag on
// it: the range's two ends and, when a threshold is on, the threshold. Dragging edits a copy of the display and
// emits displayEdited on every move, so the surface and the colour bar follow live; the panel writes it to the
// study. In symmetric display the range handles are magnitudes and are drawn on both sides of zero.
#include <QWidget>

#include <optional>

#include "core/analysis/ValueHistogram.h"
#include "core/model/LayerDisplay.h"

namespace vl::widgets {

class HistogramThresholdEditor : public QWidget {
  Q_OBJECT
public:
  enum class Handle { RangeMin, RangeMax, Threshold };

  explicit HistogramThresholdEditor(QWidget* parent = nullptr);

  void setHistogram(core::ValueHistogram histogram);
  void setDisplay(const core::LayerDisplay& display);  // does not emit displayEdited
  const core::LayerDisplay& display() const { return display_; }

  // The value axis: the histogram's range widened to include the handles, so that no handle is off screen.
  double valueAt(double x) const;
  double xOf(double value) const;
  // Where a handle is drawn (its positive-side position in symmetric display); nullopt when it is not shown.
  std::optional<double> handleX(Handle handle) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

Q_SIGNALS:
  void displayEdited(const core::LayerDisplay& display);

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

private:
  struct Axis {
    double low = 0, high = 1;
  };
  Axis axis() const;
  QRectF plotRect() const;
  QRectF stripRect() const;
  double handleValue(Handle handle) const;
  void setHandleValue(Handle handle, double value);

  core::ValueHistogram histogram_;
  core::LayerDisplay display_;
  std::optional<Handle> dragging_;
  std::optional<Axis> frozenAxis_;
};

}  // namespace vl::widgets
