#pragma once
// An ROI set the user draws: named ROIs (labels with distinct colours) painted onto the vertices of both
// hemispheres in strokes, each of which can be undone. The editor hands out the set as an immutable Parcellation
// snapshot (copy on write), so the Study, the renderer and a background save can hold one while drawing goes on.
// Key 0 means "in no ROI" and is not in the label table (such vertices show what lies underneath).
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/model/Parcellation.h"
#include "core/model/Surface.h"

namespace vl::core {

enum class PaintMode {
  Paint,  // the vertices join the ROI (leaving any other ROI of this set)
  Erase,  // the vertices that belong to the ROI leave it; other ROIs are untouched
};

class RoiEditor {
public:
  // vertexCounts: left, right (0 for a hemisphere without surfaces).
  RoiEditor(std::string setName, std::array<std::size_t, 2> vertexCounts);

  const std::shared_ptr<const Parcellation>& parcellation() const { return snapshot_; }

  // A new, empty ROI; returns its key (1, 2, ...). Throws std::invalid_argument for an empty name.
  std::int32_t addRoi(std::string name);
  // Throws std::invalid_argument for an unknown key or an empty name.
  void renameRoi(std::int32_t key, std::string name);
  bool hasRoi(std::int32_t key) const;
  const Label& roi(std::int32_t key) const;  // throws std::invalid_argument when unknown

  // Strokes: everything applied between begin and end is undone together. apply() outside a stroke is a stroke of
  // its own. Returns how many vertices changed. Throws std::invalid_argument for an unknown key, a vertex outside
  // the hemisphere (nothing is changed then).
  void beginStroke();
  std::size_t apply(Hemisphere hemisphere, std::int32_t key, PaintMode mode, std::span<const std::int32_t> vertices);
  void endStroke();
  bool inStroke() const { return inStroke_; }

  // Undoes the last stroke that changed anything (ending an open stroke first). Returns false when there is none.
  bool undo();
  bool canUndo() const;
  // Re-applies the last undone stroke; any new change forgets the undone strokes. Returns false when there is none.
  bool redo();
  bool canRedo() const { return !undone_.empty(); }
  std::size_t strokeCount() const { return strokes_.size(); }  // undoable strokes (an open one included)

  std::vector<std::int32_t> verticesOf(Hemisphere hemisphere, std::int32_t key) const;  // ascending
  std::size_t vertexCount(Hemisphere hemisphere) const { return snapshot_->keysFor(hemisphere).size(); }

private:
  struct Change {
    std::uint8_t side;
    std::int32_t vertex;
    std::int32_t previousKey;
  };
  Parcellation& writable();  // copies the snapshot when someone else holds it

  std::shared_ptr<const Parcellation> snapshot_;
  std::vector<std::vector<Change>> strokes_;  // undo stack, oldest first
  // Undone strokes, last undone last: each change with the key its vertex had after it (for redo).
  struct Undone {
    std::vector<Change> stroke;
    std::vector<std::int32_t> after;
  };
  std::vector<Undone> undone_;
  bool inStroke_ = false;
  std::int32_t nextKey_ = 1;
};

}  // namespace vl::core
