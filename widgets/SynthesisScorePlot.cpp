#include "widgets/SynthesisScorePlot.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

#include "core/panels/SynthesisPanelModel.h"

namespace vl::widgets {

SynthesisScorePlot::SynthesisScorePlot(const core::SynthesisPanelModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  setMinimumHeight(140);
}

void SynthesisScorePlot::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(rect(), palette().base());
  const QRectF area = QRectF(rect()).adjusted(44, 8, -8, -22);
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawRect(area);
  const auto [low, high] = model_.scoreRange();
  const int steps = std::max({1, model_.lastStep(), model_.maxSteps()});
  auto x = [&](double step) { return area.left() + area.width() * step / double(steps); };
  auto y = [&](double score) { return area.bottom() - area.height() * (score - low) / (high - low); };
  painter.setPen(palette().color(QPalette::Text));
  painter.drawText(QRectF(0, area.top() - 6, 40, 14), Qt::AlignRight, QString::number(high, 'f', 2));
  painter.drawText(QRectF(0, area.bottom() - 8, 40, 14), Qt::AlignRight, QString::number(low, 'f', 2));
  painter.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), 14), Qt::AlignCenter,
                   QStringLiteral("step (0 - %1)   predicted response").arg(steps));
  if (const auto& references = model_.references()) {
    const struct {
      double value;
      QColor colour;
      const char* name;
    } lines[] = {{references->p50, QColor(130, 130, 130), "bank 50th"},
                 {references->p99, QColor(230, 140, 20), "bank 99th"},
                 {references->best, QColor(200, 40, 40), "best bank image"}};
    for (const auto& line : lines) {
      painter.setPen(QPen(line.colour, 1.2, Qt::DashLine));
      painter.drawLine(QPointF(area.left(), y(line.value)), QPointF(area.right(), y(line.value)));
      painter.drawText(QPointF(area.left() + 4, y(line.value) - 3), QString::fromUtf8(line.name));
    }
  }
  pointsDrawn_ = 0;
  const auto& traces = model_.traces();
  for (std::size_t s = 0; s < traces.size(); ++s) {
    if (traces[s].empty()) continue;
    QPainterPath path;
    path.moveTo(x(traces[s].front().first), y(traces[s].front().second));
    for (const auto& [step, score] : traces[s]) path.lineTo(x(step), y(score));
    pointsDrawn_ += int(traces[s].size());
    painter.setPen(QPen(QColor::fromHsv(int(s * 360 / std::max<std::size_t>(1, traces.size())), 200, 200), 1.5));
    painter.drawPath(path);
  }
}

}  // namespace vl::widgets
