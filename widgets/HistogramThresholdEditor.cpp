#include "widgets/HistogramThresholdEditor.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "render/VertexColours.h"

namespace vl::widgets {

namespace {
constexpr double kGrabPixels = 6.0;
constexpr int kStripHeight = 12, kLabelHeight = 14, kMargin = 6;

bool isMagnitude(const core::LayerDisplay& d, HistogramThresholdEditor::Handle handle) {
  if (handle == HistogramThresholdEditor::Handle::Threshold) return d.thresholdMode == core::ThresholdMode::Magnitude;
  return d.symmetric;
}

QString number(double value) { return QString::number(value, 'g', 3); }
}  // namespace

HistogramThresholdEditor::HistogramThresholdEditor(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setToolTip(tr("Drag the blue handles to set the colour range and the red one to set the threshold; "
                "the bars are the layer's values (height: square root of the count)"));
}

QSize HistogramThresholdEditor::sizeHint() const { return {260, 110}; }
QSize HistogramThresholdEditor::minimumSizeHint() const { return {120, 70}; }

void HistogramThresholdEditor::setHistogram(core::ValueHistogram histogram) {
  histogram_ = std::move(histogram);
  update();
}

void HistogramThresholdEditor::setDisplay(const core::LayerDisplay& display) {
  display_ = display;
  update();
}

// The axis is fixed while a handle is dragged (it would otherwise move under the mouse); otherwise it spans the
// values and every handle, with a margin, so a handle beyond the data can still be grabbed.
HistogramThresholdEditor::Axis HistogramThresholdEditor::axis() const {
  if (dragging_ && frozenAxis_) return *frozenAxis_;
  double low = histogram_.empty() ? 0.0 : histogram_.low, high = histogram_.empty() ? 1.0 : histogram_.high;
  for (auto handle : {Handle::RangeMin, Handle::RangeMax, Handle::Threshold}) {
    if (handle == Handle::Threshold && display_.thresholdMode == core::ThresholdMode::Off) continue;
    const double v = handleValue(handle);
    low = std::min(low, isMagnitude(display_, handle) ? -std::abs(v) : v);
    high = std::max(high, std::abs(v));
    if (!isMagnitude(display_, handle)) high = std::max(high, v);
  }
  if (!(high > low)) {
    low -= 0.5;
    high += 0.5;
  }
  const double pad = 0.04 * (high - low);
  return {low - pad, high + pad};
}

QRectF HistogramThresholdEditor::plotRect() const {
  return QRectF(kMargin, kMargin, width() - 2 * kMargin, height() - 2 * kMargin - kStripHeight - kLabelHeight);
}

QRectF HistogramThresholdEditor::stripRect() const {
  const auto plot = plotRect();
  return QRectF(plot.left(), plot.bottom() + 1, plot.width(), kStripHeight);
}

double HistogramThresholdEditor::valueAt(double x) const {
  const auto a = axis();
  const auto plot = plotRect();
  return a.low + (x - plot.left()) / std::max(1.0, plot.width()) * (a.high - a.low);
}

double HistogramThresholdEditor::xOf(double value) const {
  const auto a = axis();
  const auto plot = plotRect();
  return plot.left() + (value - a.low) / (a.high - a.low) * plot.width();
}

double HistogramThresholdEditor::handleValue(Handle handle) const {
  switch (handle) {
    case Handle::RangeMin: return display_.rangeMin;
    case Handle::RangeMax: return display_.rangeMax;
    case Handle::Threshold: return display_.threshold;
  }
  return 0;
}

std::optional<double> HistogramThresholdEditor::handleX(Handle handle) const {
  if (handle == Handle::Threshold && display_.thresholdMode == core::ThresholdMode::Off) return std::nullopt;
  const double v = handleValue(handle);
  return xOf(isMagnitude(display_, handle) ? std::abs(v) : v);
}

void HistogramThresholdEditor::setHandleValue(Handle handle, double value) {
  if (isMagnitude(display_, handle)) value = std::abs(value);
  switch (handle) {
    case Handle::RangeMin: display_.rangeMin = std::min(value, display_.rangeMax); break;
    case Handle::RangeMax: display_.rangeMax = std::max(value, display_.rangeMin); break;
    case Handle::Threshold: display_.threshold = value; break;
  }
}

void HistogramThresholdEditor::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  const double x = event->position().x();
  double best = kGrabPixels + 1;
  for (auto handle : {Handle::Threshold, Handle::RangeMax, Handle::RangeMin}) {
    const auto hx = handleX(handle);
    if (!hx) continue;
    const double mirrored = 2 * xOf(0.0) - *hx;  // the negative side of a magnitude handle
    for (const auto& [candidate, negative] : {std::pair{*hx, false}, std::pair{mirrored, true}}) {
      if (negative && !isMagnitude(display_, handle)) continue;
      if (std::abs(candidate - x) < best) {  // either side of a magnitude handle drags its |value|
        best = std::abs(candidate - x);
        dragging_ = handle;
      }
    }
  }
  if (dragging_) frozenAxis_ = axis();
  event->accept();
}

void HistogramThresholdEditor::mouseMoveEvent(QMouseEvent* event) {
  if (!dragging_) {
    bool near = false;
    for (auto handle : {Handle::RangeMin, Handle::RangeMax, Handle::Threshold})
      if (const auto hx = handleX(handle))
        near = near || std::abs(*hx - event->position().x()) <= kGrabPixels ||
               (isMagnitude(display_, handle) && std::abs(2 * xOf(0.0) - *hx - event->position().x()) <= kGrabPixels);
    setCursor(near ? Qt::SizeHorCursor : Qt::ArrowCursor);
    return;
  }
  setHandleValue(*dragging_, valueAt(event->position().x()));
  update();
  Q_EMIT displayEdited(display_);
}

void HistogramThresholdEditor::mouseReleaseEvent(QMouseEvent* event) {
  if (dragging_ && event->button() == Qt::LeftButton) {
    dragging_.reset();
    frozenAxis_.reset();
    update();
  }
}

void HistogramThresholdEditor::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  const auto plot = plotRect();
  const auto strip = stripRect();
  const auto a = axis();

  // Bars: height by the square root of the count, so the tails stay visible next to a peak.
  if (!histogram_.empty()) {
    const auto peak = *std::max_element(histogram_.counts.begin(), histogram_.counts.end());
    const double width = histogram_.binWidth();
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().mid());
    for (std::size_t b = 0; b < histogram_.counts.size(); ++b) {
      if (histogram_.counts[b] == 0) continue;
      const double left = xOf(histogram_.low + width * b);
      const double right = std::max(left + 1.0, xOf(histogram_.low + width * (b + 1)));
      const double h = plot.height() * std::sqrt(double(histogram_.counts[b]) / double(std::max<std::size_t>(1, peak)));
      painter.drawRect(QRectF(left, plot.bottom() - h, right - left, h));
    }
  }

  // The colour strip: each column's value through the same rules as the surface; hidden values as a light hatch.
  const render::ColourMap* map = nullptr;
  try {
    map = &render::colourMap(display_.colourMap);
  } catch (const std::exception&) {
  }
  for (int x = int(strip.left()); x < int(strip.right()); ++x) {
    const double value = valueAt(x + 0.5);
    QColor colour = ((x / 3) % 2) ? QColor(225, 225, 225) : QColor(245, 245, 245);
    if (map) {
      auto display = display_;
      display.opacity = 1.0f;
      const auto rgba = render::mapValue(value, display, *map);
      if (rgba[3] > 0) colour = QColor::fromRgbF(rgba[0], rgba[1], rgba[2]);
    }
    painter.fillRect(QRectF(x, strip.top(), 1, strip.height()), colour);
  }
  painter.setPen(palette().text().color());
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(strip);

  // Handles over bars and strip, with a grip at the top.
  const auto drawHandle = [&](double x, const QColor& colour) {
    painter.setPen(QPen(colour, 2));
    painter.drawLine(QPointF(x, plot.top()), QPointF(x, strip.bottom()));
    QPainterPath grip;
    grip.moveTo(x - 5, plot.top() - 1);
    grip.lineTo(x + 5, plot.top() - 1);
    grip.lineTo(x, plot.top() + 6);
    grip.closeSubpath();
    painter.fillPath(grip, colour);
  };
  const QColor rangeColour(30, 90, 200), thresholdColour(210, 40, 40);
  // Without values (no scalar layer selected) there is nothing to drag.
  for (auto handle : {Handle::RangeMin, Handle::RangeMax, Handle::Threshold}) {
    if (histogram_.empty() || !isEnabled()) break;
    const auto hx = handleX(handle);
    if (!hx) continue;
    const QColor colour = handle == Handle::Threshold ? thresholdColour : rangeColour;
    drawHandle(*hx, colour);
    if (isMagnitude(display_, handle)) drawHandle(2 * xOf(0.0) - *hx, colour);
  }

  // Axis labels: the ends of the value axis and the range.
  painter.setPen(palette().text().color());
  QFont font = painter.font();
  font.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.85));
  painter.setFont(font);
  const QRectF labels(plot.left(), strip.bottom() + 1, plot.width(), kLabelHeight);
  painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, number(a.low));
  painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, number(a.high));
  painter.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter,
                   histogram_.empty() ? tr("no values")
                                      : tr("range %1 .. %2").arg(number(display_.rangeMin), number(display_.rangeMax)));
}

}  // namespace vl::widgets
