#pragma once
// The state and rules of the ROI drawing panel, without Qt (ITK-SNAP's panel models, DESIGN.md section 8): the
// tool (disc, brush, erase), the radius in mm, the active ROI and its name, what a click or a drag on the brain
// does, undo and saving. The widget (widgets/RoiDrawPanel) only binds controls to it and runs the background
// jobs it asks for. Drawn ROIs live in one ROI set of the Study ("Drawn ROIs"), added on the first new ROI and
// shown like any other ROI set.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/geometry/MeshAdjacency.h"
#include "core/jobs/JobContext.h"
#include "core/model/RoiEditor.h"
#include "core/model/Study.h"

namespace vl::core {

enum class RoiTool { Disc, Brush, Erase };

// A disc to compute: on the hemisphere's reference surface (Study::referenceSurface, white by default), around
// `centre`. It holds the surface itself, not the Study, so a background job may compute it while the GUI thread
// changes the study (StudySnapshot.h); applyDisc drops it when that surface has left the study meanwhile.
struct RoiDiscJob {
  Hemisphere hemisphere = Hemisphere::Left;
  std::shared_ptr<const Surface> surface;
  std::int32_t centre = 0;
  float radius = 0;
  std::int32_t key = 0;  // the ROI to grow; 0: none existed yet, applyDisc makes the first one
  bool background = false;  // big: compute it in a background job, not on the GUI thread
};

class RoiDrawPanelModel {
public:
  static constexpr float kMinRadius = 0.5f;
  static constexpr float kMaxDiscRadius = 100.0f;
  static constexpr float kMaxBrushRadius = 25.0f;  // a brush stroke is computed on the GUI thread, dab by dab
  // Discs up to this radius take a few ms on a 170k-vertex hemisphere (~3 ms at 10 mm): synchronous.
  static constexpr float kSynchronousRadius = 25.0f;
  static constexpr const char* kSetName = "Drawn ROIs";
  static constexpr float kMaxJoinedGap = 40.0f;  // mm; farther picks are separate dabs (a jump, not a drag)

  void setStudy(std::shared_ptr<Study> study);  // starts afresh; ROIs drawn before stay in the old study
  const std::shared_ptr<Study>& study() const { return study_; }
  bool canDraw() const;  // a study with at least one surface

  RoiTool tool() const { return tool_; }
  void setTool(RoiTool tool);  // the radius is clamped to what the tool allows
  float radius() const { return tool_ == RoiTool::Disc ? discRadius_ : brushRadius_; }
  void setRadius(float mm);  // clamped to kMinRadius..maxRadius()
  float maxRadius() const { return tool_ == RoiTool::Disc ? kMaxDiscRadius : kMaxBrushRadius; }
  // Dragging on the brain draws (brush, erase) instead of rotating; with the disc tool a click places a disc.
  bool dragDraws() const { return tool_ != RoiTool::Disc; }

  // The name of the active ROI (setting it renames the ROI), or of the first one while there is none.
  const std::string& roiName() const { return roiName_; }
  void setRoiName(std::string name);
  // Adds an empty ROI and makes it active: named `name` made unique within the set ("V1 2" when "V1" is taken),
  // "ROI n" when empty. Returns its key (0 when there is nothing to draw on).
  std::int32_t newRoi(std::string name = {});
  std::int32_t activeRoi() const { return activeKey_; }  // 0: none yet (the first draw makes one)
  std::size_t activeRoiVertexCount() const;
  std::shared_ptr<const Parcellation> drawnSet() const { return editor_ ? editor_->parcellation() : nullptr; }

  // Disc tool: what a click on (hemisphere, vertex) asks to compute; nullopt when the tool is not the disc or
  // nothing can be drawn. Compute with computeDisc (any thread), then hand the vertices to applyDisc (GUI thread).
  std::optional<RoiDiscJob> discAt(Hemisphere hemisphere, std::int32_t vertex);
  static std::vector<std::int32_t> computeDisc(const RoiDiscJob& job, const JobContext& context = {});
  void applyDisc(const RoiDiscJob& job, std::span<const std::int32_t> vertices);  // one undoable stroke

  // Brush and erase: a drag is one stroke; each picked vertex adds (removes) a disc of the brush radius, and the
  // band between it and the previous pick (along the shortest path on the surface, when that is shorter than
  // kMaxJoinedGap) is painted too, so fast drags leave no gaps. The Study
  // sees the stroke at flush() (call it a few times a second while dragging) and at endStroke().
  void beginStroke();
  void brushAt(Hemisphere hemisphere, std::int32_t vertex);
  void flush();
  void endStroke();

  bool canUndo() const { return editor_ && editor_->canUndo(); }
  void undo();
  bool canRedo() const { return editor_ && editor_->canRedo(); }
  void redo();
  // Undoable strokes so far: a caller compares it before and after a click or a drag to know whether that made
  // one stroke (the window's undo stack records one command per stroke).
  std::size_t strokeCount() const { return editor_ ? editor_->strokeCount() : 0; }

  // Which hemisphere a save to `file` writes: lh./rh. in the name, else the one the active ROI (for .label) or
  // the drawn set (for .label.gii) lies on. Throws std::invalid_argument when that is empty or ambiguous.
  Hemisphere hemisphereToSave(const std::filesystem::path& file) const;
  // Writes the active ROI (.label, coordinates of the reference surface) or the whole drawn set (.label.gii); returns a
  // one-line summary. Throws std::invalid_argument (bad name, nothing to save) or std::runtime_error (I/O).
  std::string save(const std::filesystem::path& file) const;
  std::string suggestedFileName() const;  // e.g. "lh.V1.label"

  // Called after every change of state (tool, radius, name, ROIs, strokes).
  void setListener(std::function<void()> listener) { listener_ = std::move(listener); }

private:
  RoiEditor& editor();  // creates the editor on first use
  void publish();       // hands the editor's current snapshot to the Study (adding the set the first time)
  std::int32_t createRoi(std::string name);  // without publishing
  void changed() const {
    if (listener_) listener_();
  }
  std::string uniqueName(std::string name) const;

  std::shared_ptr<Study> study_;
  std::unique_ptr<RoiEditor> editor_;
  std::size_t setIndex_ = 0;  // of the drawn set in study_->roiSets()
  bool inStudy_ = false;      // the drawn set has been added to the Study
  bool dirty_ = false;        // strokes the Study has not seen yet
  RoiTool tool_ = RoiTool::Disc;
  float discRadius_ = 10.0f, brushRadius_ = 3.0f;  // each tool remembers its own
  std::string roiName_ = "ROI 1";
  std::int32_t activeKey_ = 0;
  std::optional<Hemisphere> lastHemisphere_;
  // The previous dab of the current stroke (joined to the next one along the surface), and the adjacency of the
  // surface it was on, built once per surface.
  std::optional<std::pair<Hemisphere, std::int32_t>> lastDab_;
  std::shared_ptr<const Surface> adjacencySurface_;
  std::shared_ptr<const MeshAdjacency> adjacency_;
  std::function<void()> listener_;
};

}  // namespace vl::core
