#include "core/model/RoiEditor.h"

#include <algorithm>
#include <stdexcept>

#include "core/model/LabelColours.h"

namespace vl::core {

RoiEditor::RoiEditor(std::string setName, std::array<std::size_t, 2> vertexCounts) {
  auto set = std::make_shared<Parcellation>();
  set->name = std::move(setName);
  set->keys[0].assign(vertexCounts[0], 0);
  set->keys[1].assign(vertexCounts[1], 0);
  snapshot_ = std::move(set);
}

Parcellation& RoiEditor::writable() {
  // use_count is exact here: the editor and every holder live on the one thread that edits (the GUI thread), and
  // a holder on another thread only ever got its copy from us before this call.
  if (snapshot_.use_count() > 1) snapshot_ = std::make_shared<Parcellation>(*snapshot_);
  return const_cast<Parcellation&>(*snapshot_);
}

std::int32_t RoiEditor::addRoi(std::string name) {
  if (name.empty()) throw std::invalid_argument("an ROI needs a name");
  const std::int32_t key = nextKey_++;
  Label label;
  label.key = key;
  label.name = std::move(name);
  label.rgba = distinctLabelColour(static_cast<std::size_t>(key - 1));
  writable().labels.push_back(std::move(label));
  return key;
}

void RoiEditor::renameRoi(std::int32_t key, std::string name) {
  if (name.empty()) throw std::invalid_argument("an ROI needs a name");
  roi(key);  // throws when unknown
  for (auto& label : writable().labels)
    if (label.key == key) label.name = std::move(name);
}

bool RoiEditor::hasRoi(std::int32_t key) const {
  return std::any_of(snapshot_->labels.begin(), snapshot_->labels.end(),
                     [key](const Label& l) { return l.key == key; });
}

const Label& RoiEditor::roi(std::int32_t key) const {
  for (const auto& label : snapshot_->labels)
    if (label.key == key) return label;
  throw std::invalid_argument("no ROI with key " + std::to_string(key) + " in '" + snapshot_->name + "'");
}

void RoiEditor::beginStroke() {
  endStroke();
  strokes_.emplace_back();
  inStroke_ = true;
}

void RoiEditor::endStroke() {
  if (!inStroke_) return;
  inStroke_ = false;
  if (strokes_.back().empty()) strokes_.pop_back();  // nothing changed: nothing to undo
}

std::size_t RoiEditor::apply(Hemisphere hemisphere, std::int32_t key, PaintMode mode,
                             std::span<const std::int32_t> vertices) {
  roi(key);
  const std::uint8_t side = hemisphereIndex(hemisphere);
  const auto count = snapshot_->keys[side].size();
  for (auto v : vertices)
    if (v < 0 || static_cast<std::size_t>(v) >= count)
      throw std::invalid_argument("vertex " + std::to_string(v) + " is not on the " + toString(hemisphere) +
                                  " hemisphere (" + std::to_string(count) + " vertices)");
  // Count first, so that a stroke that changes nothing does not copy the set.
  const auto& current = snapshot_->keys[side];
  const auto changes = [&](std::int32_t v) { return mode == PaintMode::Paint ? current[v] != key : current[v] == key; };
  if (std::none_of(vertices.begin(), vertices.end(), changes)) return 0;

  const bool ownStroke = !inStroke_;
  if (ownStroke) beginStroke();
  undone_.clear();  // a new change: the undone strokes no longer apply to this state
  auto& keys = writable().keys[side];
  auto& record = strokes_.back();
  std::size_t changed = 0;
  const std::int32_t target = mode == PaintMode::Paint ? key : 0;
  for (auto v : vertices) {
    if (mode == PaintMode::Paint ? keys[v] == key : keys[v] != key) continue;
    record.push_back({side, v, keys[v]});
    keys[v] = target;
    ++changed;
  }
  if (ownStroke) endStroke();
  return changed;
}

bool RoiEditor::canUndo() const {
  return std::any_of(strokes_.begin(), strokes_.end(), [](const auto& s) { return !s.empty(); });
}

bool RoiEditor::undo() {
  endStroke();
  if (strokes_.empty()) return false;
  const auto stroke = std::move(strokes_.back());
  strokes_.pop_back();
  auto& set = writable();
  // Newest change first: a vertex touched twice in one stroke ends with the key it had before the stroke. Each
  // change's resulting key is kept so that redo can replay the stroke in its original order.
  Undone record{stroke, std::vector<std::int32_t>(stroke.size())};
  for (std::size_t i = stroke.size(); i-- > 0;) {
    auto& key = set.keys[stroke[i].side][stroke[i].vertex];
    record.after[i] = key;
    key = stroke[i].previousKey;
  }
  undone_.push_back(std::move(record));
  return true;
}

bool RoiEditor::redo() {
  endStroke();
  if (undone_.empty()) return false;
  auto record = std::move(undone_.back());
  undone_.pop_back();
  auto& set = writable();
  for (std::size_t i = 0; i < record.stroke.size(); ++i)
    set.keys[record.stroke[i].side][record.stroke[i].vertex] = record.after[i];
  strokes_.push_back(std::move(record.stroke));
  return true;
}

std::vector<std::int32_t> RoiEditor::verticesOf(Hemisphere hemisphere, std::int32_t key) const {
  const auto& keys = snapshot_->keysFor(hemisphere);
  std::vector<std::int32_t> out;
  for (std::size_t v = 0; v < keys.size(); ++v)
    if (keys[v] == key) out.push_back(static_cast<std::int32_t>(v));
  return out;
}

}  // namespace vl::core
