#include "widgets/SelectivityFieldMap.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace vl::widgets {
namespace {

// Black - red - yellow - white: reads as "more" without a legend and prints in grey.
QColor heat(double t) {
  t = std::clamp(t, 0.0, 1.0);
  const double r = std::clamp(t * 3.0, 0.0, 1.0), g = std::clamp(t * 3.0 - 1.0, 0.0, 1.0),
               b = std::clamp(t * 3.0 - 2.0, 0.0, 1.0);
  return QColor::fromRgbF(float(r), float(g), float(b));
}

}  // namespace

QImage receptiveFieldImage(const core::ReceptiveField& rf, double fieldWidth, int size) {
  const int grid = rf.grid;
  QImage image(size, size, QImage::Format_RGB32);
  image.fill(Qt::black);
  if (grid <= 0 || rf.map.size() != std::size_t(grid) * grid) return image;
  const auto [low, high] = std::minmax_element(rf.map.begin(), rf.map.end());
  const double span = *high - *low;
  QPainter painter(&image);
  for (int row = 0; row < grid; ++row)
    for (int col = 0; col < grid; ++col) {
      const double value = rf.map[std::size_t(row) * grid + col];
      const QRect cell(col * size / grid, row * size / grid, (col + 1) * size / grid - col * size / grid,
                       (row + 1) * size / grid - row * size / grid);
      painter.fillRect(cell, heat(span > 0 ? (value - *low) / span : 0.5));
    }
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(120, 200, 255), 1));
  const double centre = size / 2.0;
  painter.drawLine(QPointF(centre - 4, centre), QPointF(centre + 4, centre));
  painter.drawLine(QPointF(centre, centre - 4), QPointF(centre, centre + 4));
  if (fieldWidth > 0) {
    const QPointF peak((rf.x / fieldWidth + 0.5) * size, (0.5 - rf.y / fieldWidth) * size);
    painter.setPen(QPen(Qt::white, 2));
    painter.drawEllipse(peak, size / 14.0, size / 14.0);
    painter.setPen(QPen(QColor(0, 160, 255), 1));
    painter.drawEllipse(peak, size / 14.0 + 2, size / 14.0 + 2);
  }
  return image;
}

QString receptiveFieldText(const core::ReceptiveField& rf) {
  // At fixation the angle is that of a rounding error: saying it would mislead.
  if (rf.inDegrees && rf.eccentricity < 0.05)
    return QString::fromUtf8("x %1\u00b0, y %2\u00b0: at fixation (eccentricity < 0.05\u00b0, no polar angle)")
        .arg(rf.x, 0, 'f', 1)
        .arg(rf.y, 0, 'f', 1);
  if (rf.inDegrees)
    return QString::fromUtf8("x %1\u00b0, y %2\u00b0, polar angle %3\u00b0, eccentricity %4\u00b0")
        .arg(rf.x, 0, 'f', 1)
        .arg(rf.y, 0, 'f', 1)
        .arg(rf.polarAngleDeg, 0, 'f', 0)
        .arg(rf.eccentricity, 0, 'f', 1);
  return QString::fromUtf8("pixels: field of view unknown. x %1, y %2, polar angle %3\u00b0, eccentricity %4 px")
      .arg(rf.x, 0, 'f', 0)
      .arg(rf.y, 0, 'f', 0)
      .arg(rf.polarAngleDeg, 0, 'f', 0)
      .arg(rf.eccentricity, 0, 'f', 0);
}

}  // namespace vl::widgets
