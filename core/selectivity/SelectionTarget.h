#pragma once
// The target of the selectivity explorer: a named set of response columns and where it came from (an ROI of a set,
// a geodesic disc around a vertex, a drawn ROI). Every selectivity result (gallery, caption, receptive field) is
// computed for one target; the CLI builds it from --roi/--vertex/--label, the panels from a click.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/model/Parcellation.h"
#include "core/model/Surface.h"
#include "core/study/ColumnMap.h"

namespace vl::core {

enum class TargetSource { Roi, Disc, Drawn };

struct SelectionTarget {
  TargetSource source = TargetSource::Roi;
  std::string roiSet, roiName;            // Roi and Drawn: the set and the label
  std::vector<Hemisphere> hemispheres;    // Roi and Drawn: the hemispheres included
  Hemisphere discHemisphere = Hemisphere::Left;
  std::int32_t vertex = -1;               // Disc: the centre vertex
  float radiusMm = 0;                     // Disc: the geodesic radius
  std::vector<std::size_t> columns;       // response columns, ascending

  // e.g. "ROI planted:FFA (lh, rh)" or "disc lh:1234 r=4 mm"
  std::string describe() const;
};

// The columns whose vertices carry `name` in `set` on the given hemispheres. Throws std::invalid_argument naming
// the set's labels when it has no label of that name.
SelectionTarget roiTarget(const Parcellation& set, const std::string& name, const std::vector<Hemisphere>& hemispheres,
                          const ColumnMap& columns, TargetSource source = TargetSource::Roi);

// The columns within radiusMm (geodesic, on `surface`) of `vertex`. Throws std::out_of_range naming the hemisphere's
// vertex count for a vertex outside it, std::invalid_argument for a radius that is not positive.
SelectionTarget discTarget(const Surface& surface, Hemisphere hemisphere, std::int32_t vertex, float radiusMm,
                           const ColumnMap& columns);

// A drawn ROI (e.g. a FreeSurfer label file): the columns among `vertices` of one hemisphere.
SelectionTarget drawnTarget(const std::string& name, Hemisphere hemisphere, std::span<const std::int32_t> vertices,
                            const ColumnMap& columns);

}  // namespace vl::core
