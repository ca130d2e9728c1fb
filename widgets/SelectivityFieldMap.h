#pragma once
// The receptive-field map of a target as a picture: the grid of contrast-energy correlations as a heat map over the
// stimulus field (dark: below the map's mean, bright: the cells that drive the target), a cross at fixation and a
// ring at the peak.
#include <QImage>
#include <QString>

#include "core/selectivity/ReceptiveField.h"

namespace vl::widgets {

// `fieldWidth`: the stimulus field's width in the unit of rf.x / rf.y (degrees or pixels).
QImage receptiveFieldImage(const core::ReceptiveField& rf, double fieldWidth, int size);
// "x 1.2°, y -0.8°, polar angle 326°, eccentricity 1.4°" or the same in pixels, saying the field of view is unknown.
QString receptiveFieldText(const core::ReceptiveField& rf);

}  // namespace vl::widgets
