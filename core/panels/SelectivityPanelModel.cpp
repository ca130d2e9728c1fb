#include "core/panels/SelectivityPanelModel.h"

#include <algorithm>

namespace vl::core {
namespace {

bool sameTarget(const SelectionTarget& a, const SelectionTarget& b) {
  return a.describe() == b.describe() && a.columns == b.columns;
}

}  // namespace

void SelectivityPanelModel::setCurrent(SelectionTarget target) {
  current_ = std::move(target);
  ++version_;
}

void SelectivityPanelModel::clearCurrent() {
  if (!current_) return;
  current_.reset();
  ++version_;
}

void SelectivityPanelModel::setDiscRadiusMm(float mm) {
  const float clamped = std::clamp(mm, kMinRadiusMm, kMaxRadiusMm);
  if (clamped == radius_) return;
  radius_ = clamped;
  ++version_;
}

void SelectivityPanelModel::setTopK(std::size_t k) {
  const std::size_t clamped = std::clamp<std::size_t>(k, 1, kMaxTopK);
  if (clamped == topK_) return;
  topK_ = clamped;
  ++version_;
}

void SelectivityPanelModel::setWeightByR2(bool on) {
  if (on == weightByR2_) return;
  weightByR2_ = on;
  ++version_;
}

bool SelectivityPanelModel::pinCurrent() {
  if (!current_ || pinned_.size() >= kMaxPinned) return false;
  if (std::any_of(pinned_.begin(), pinned_.end(), [&](const SelectionTarget& t) { return sameTarget(t, *current_); }))
    return false;
  pinned_.push_back(*current_);
  ++version_;
  return true;
}

void SelectivityPanelModel::unpin(std::size_t index) {
  if (index >= pinned_.size()) return;
  pinned_.erase(pinned_.begin() + std::ptrdiff_t(index));
  ++version_;
}

}  // namespace vl::core
