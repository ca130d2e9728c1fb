#pragma once
// What the selectivity panel shows for one target: the result of core::selectTarget and, made on the worker that
// computed it, a thumbnail and the caption of every image in its galleries, so the GUI thread only binds.
#include <QImage>
#include <QString>

#include <vector>

#include "core/selectivity/TargetSelection.h"

namespace vl::widgets {

struct SelectivityThumbnail {
  core::RankedImage ranked;
  QImage image;
  QString caption;
};

struct SelectivityView {
  core::SelectionResult result;
  std::vector<SelectivityThumbnail> top, bottom, measuredTop;
  QString captionNote;  // why there is no caption, when there is none
  // The stimulus field's width in the receptive field's unit (degrees, or pixels without a field of view): where
  // its peak is drawn on the map.
  double fieldWidth = 0;
  // Where the worker's time went, in ms: selectTarget, and reading and scaling the thumbnails.
  double selectMs = 0, thumbnailsMs = 0;
};

}  // namespace vl::widgets
