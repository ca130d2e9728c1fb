#pragma once
// The state and rules of the selectivity panel, without Qt (DESIGN.md section 8): the current target, the disc
// radius a modified click uses, top-k, the held-out R^2 weighting, and up to four pinned targets compared side by side. Each change bumps a
// version number so that observers (the Qt adapter, later) redraw only what changed. The results themselves come
// from selectTarget (core/selectivity/TargetSelection.h), called by the panel's job.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/selectivity/SelectionTarget.h"

namespace vl::core {

class SelectivityPanelModel {
public:
  static constexpr std::size_t kMaxPinned = 4;
  static constexpr float kDefaultRadiusMm = 6.0f;
  static constexpr float kMinRadiusMm = 0.5f, kMaxRadiusMm = 50.0f;
  static constexpr std::size_t kDefaultTopK = 16, kMaxTopK = 64;

  const std::optional<SelectionTarget>& current() const { return current_; }
  void setCurrent(SelectionTarget target);
  void clearCurrent();
  // Whether the current target has columns; false with no target. The panel says "no fitted columns" otherwise.
  bool currentHasColumns() const { return current_ && !current_->columns.empty(); }

  float discRadiusMm() const { return radius_; }
  void setDiscRadiusMm(float mm);  // clamped to kMinRadiusMm..kMaxRadiusMm
  std::size_t topK() const { return topK_; }
  void setTopK(std::size_t k);  // clamped to 1..kMaxTopK
  // Columns weigh by their held-out R^2 in the gallery and the caption (SelectionOptions::weightByR2).
  bool weightByR2() const { return weightByR2_; }
  void setWeightByR2(bool on);

  // Pins the current target; false when there is none, it is pinned already (same source and columns) or four are
  // pinned.
  bool pinCurrent();
  void unpin(std::size_t index);  // ignores an index past the list
  const std::vector<SelectionTarget>& pinned() const { return pinned_; }

  std::uint64_t version() const { return version_; }

private:
  std::optional<SelectionTarget> current_;
  std::vector<SelectionTarget> pinned_;
  float radius_ = kDefaultRadiusMm;
  std::size_t topK_ = kDefaultTopK;
  bool weightByR2_ = false;
  std::uint64_t version_ = 0;
};

}  // namespace vl::core
