#pragma once
// Where in the visual field a target looks: the response-weighted average of the bank images' local contrast
// energy. Each image's energy (mean squared luminance gradient) is measured once per study on a grid of cells and
// z-scored per cell over the images; a target's map is the mean over images of its z-scored response times each
// cell's z-scored energy (a correlation per cell). Its peak is the centroid of the cells above the map's 90th
// percentile.
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "core/base/Matrix.h"
#include "core/jobs/JobContext.h"
#include "core/model/Stimulus.h"

namespace vl::core {

inline constexpr int kReceptiveFieldGrid = 16;

// images x (grid * grid) energies, cells row-major from the top-left, z-scored per cell over the images.
struct ContrastEnergyGrid {
  int grid = kReceptiveFieldGrid;
  Matrix energy;
};

// `image(i)` delivers image i of `count`. Throws std::invalid_argument for images smaller than the grid.
ContrastEnergyGrid computeContrastEnergy(std::size_t count, const std::function<StimulusImage(std::size_t)>& image,
                                         int grid = kReceptiveFieldGrid, const JobContext& context = {});

struct ReceptiveField {
  int grid = kReceptiveFieldGrid;
  std::vector<double> map;  // grid * grid, row-major from the top-left
  // Peak (centroid of the cells above the 90th percentile). In degrees of visual angle from fixation (x right,
  // y up) when the field of view is known, else in pixels of an image `imageSize` wide, with inDegrees false.
  double x = 0, y = 0;
  double polarAngleDeg = 0;   // NSD convention: counter-clockwise from the right horizontal meridian, [0, 360)
  double eccentricity = 0;    // in degrees, or pixels without a field of view
  bool inDegrees = false;
};

// `responses[i]` is the target's response to image i (NaN: not shown, skipped). fieldOfViewDeg: the image width
// in degrees; without it positions are in pixels of an image imageSizePixels wide. Throws std::invalid_argument
// for a response count that is not the grid's image count or fewer than two images with a response.
ReceptiveField receptiveField(const ContrastEnergyGrid& energy, std::span<const double> responses,
                              std::optional<double> fieldOfViewDeg, int imageSizePixels);

}  // namespace vl::core
