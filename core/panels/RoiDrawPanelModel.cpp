#include "core/panels/RoiDrawPanelModel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/geometry/RoiDrawing.h"
#include "core/io/FreeSurferSurface.h"
#include "core/io/RoiFileWriter.h"

namespace vl::core {
namespace {
std::size_t vertexCountOf(const Study& study, Hemisphere h) { return study.hemisphere(h).vertexCount(); }
}  // namespace

void RoiDrawPanelModel::setStudy(std::shared_ptr<Study> study) {
  study_ = std::move(study);
  editor_.reset();
  setIndex_ = 0;
  inStudy_ = false;
  dirty_ = false;
  activeKey_ = 0;
  lastHemisphere_.reset();
  roiName_ = "ROI 1";
  changed();
}

bool RoiDrawPanelModel::canDraw() const {
  return study_ && (vertexCountOf(*study_, Hemisphere::Left) > 0 || vertexCountOf(*study_, Hemisphere::Right) > 0);
}

void RoiDrawPanelModel::setTool(RoiTool tool) {
  if (tool_ == tool) return;
  if (editor_) editor_->endStroke();
  tool_ = tool;
  changed();
}

void RoiDrawPanelModel::setRadius(float mm) {
  if (!std::isfinite(mm)) return;
  const float clamped = std::clamp(mm, kMinRadius, maxRadius());
  (tool_ == RoiTool::Disc ? discRadius_ : brushRadius_) = clamped;
  changed();
}

void RoiDrawPanelModel::setRoiName(std::string name) {
  if (name.empty()) {  // an ROI always has a name: keep the current one
    changed();
    return;
  }
  roiName_ = std::move(name);
  if (activeKey_ != 0 && editor_->roi(activeKey_).name != roiName_) {
    editor_->renameRoi(activeKey_, roiName_);
    publish();  // also brings along strokes not flushed yet
  }
  changed();
}

std::string RoiDrawPanelModel::uniqueName(std::string name) const {
  if (name.empty()) name = "ROI " + std::to_string(editor_ ? editor_->parcellation()->labels.size() + 1 : 1);
  if (!editor_) return name;
  const auto taken = [&](const std::string& candidate) {
    const auto& labels = editor_->parcellation()->labels;
    return std::any_of(labels.begin(), labels.end(), [&](const Label& l) { return l.name == candidate; });
  };
  if (!taken(name)) return name;
  for (int n = 2;; ++n)
    if (!taken(name + " " + std::to_string(n))) return name + " " + std::to_string(n);
}

RoiEditor& RoiDrawPanelModel::editor() {
  if (!study_) throw std::logic_error("no study to draw on");
  if (!editor_) {
    editor_ = std::make_unique<RoiEditor>(
        kSetName, std::array<std::size_t, 2>{vertexCountOf(*study_, Hemisphere::Left),
                                             vertexCountOf(*study_, Hemisphere::Right)});
    inStudy_ = false;
  }
  return *editor_;
}

// One Study notification per user action: every view recolours both hemispheres on each one (tens of ms on the
// demo brain), so a first disc that creates the set, its first ROI and the disc publishes once, and a brush stroke
// publishes when the widget flushes (a few times a second) and when it ends.
void RoiDrawPanelModel::publish() {
  dirty_ = false;
  if (!editor_ || !study_) return;
  if (!inStudy_) {
    study_->addRoiSet(editor_->parcellation());
    setIndex_ = study_->roiSets().size() - 1;
    inStudy_ = true;
  } else if (setIndex_ < study_->roiSets().size()) {
    study_->setRoiSetData(setIndex_, editor_->parcellation());
  }
}

void RoiDrawPanelModel::flush() {
  if (dirty_) publish();
}

std::int32_t RoiDrawPanelModel::createRoi(std::string requested) {
  const std::string name = uniqueName(std::move(requested));
  activeKey_ = editor().addRoi(name);
  roiName_ = name;
  return activeKey_;
}

std::int32_t RoiDrawPanelModel::newRoi(std::string requested) {
  if (!canDraw()) return 0;
  flush();
  createRoi(std::move(requested));
  publish();
  changed();
  return activeKey_;
}

std::size_t RoiDrawPanelModel::activeRoiVertexCount() const {
  if (!editor_ || activeKey_ == 0) return 0;
  return editor_->verticesOf(Hemisphere::Left, activeKey_).size() +
         editor_->verticesOf(Hemisphere::Right, activeKey_).size();
}

std::optional<RoiDiscJob> RoiDrawPanelModel::discAt(Hemisphere hemisphere, std::int32_t vertex) {
  if (tool_ != RoiTool::Disc || !canDraw()) return std::nullopt;
  auto surface = study_->referenceSurface(hemisphere);
  if (!surface || vertex < 0 || static_cast<std::size_t>(vertex) >= surface->vertexCount()) return std::nullopt;
  RoiDiscJob job;
  job.hemisphere = hemisphere;
  job.surface = std::move(surface);
  job.centre = vertex;
  job.radius = discRadius_;
  job.key = activeKey_;
  job.background = discRadius_ > kSynchronousRadius;
  return job;
}

std::vector<std::int32_t> RoiDrawPanelModel::computeDisc(const RoiDiscJob& job, const JobContext& context) {
  const std::int32_t centres[1] = {job.centre};
  return verticesWithinRadius(*job.surface, centres, job.radius, context);
}

void RoiDrawPanelModel::applyDisc(const RoiDiscJob& job, std::span<const std::int32_t> vertices) {
  if (!job.surface || !canDraw()) return;
  // A background disc may finish after the study or its surfaces were replaced: then it belongs nowhere.
  const auto& surfaces = study_->hemisphere(job.hemisphere).surfaces;
  if (std::find(surfaces.begin(), surfaces.end(), job.surface) == surfaces.end()) return;
  // Key 0: no ROI existed when the disc was asked for; the first disc makes one.
  bool created = false;
  if (job.key == 0 && activeKey_ == 0) created = createRoi(roiName_) != 0;
  const std::int32_t key = job.key != 0 ? job.key : activeKey_;
  // The study may have changed while a background disc was computed: only apply to the set it was meant for.
  if (!editor_ || !editor_->hasRoi(key) || job.surface->vertexCount() != editor_->vertexCount(job.hemisphere))
    return;
  if (editor_->inStroke()) editor_->endStroke();
  flush();
  if (editor_->apply(job.hemisphere, key, PaintMode::Paint, vertices) > 0 || created) publish();
  lastHemisphere_ = job.hemisphere;
  changed();
}

void RoiDrawPanelModel::beginStroke() {
  if (tool_ == RoiTool::Disc || !canDraw()) return;
  lastDab_.reset();
  if (activeKey_ == 0) {
    if (tool_ == RoiTool::Erase) return;  // nothing to erase yet
    createRoi(roiName_);
    dirty_ = true;
  }
  editor().beginStroke();
}

void RoiDrawPanelModel::brushAt(Hemisphere hemisphere, std::int32_t vertex) {
  if (tool_ == RoiTool::Disc || !editor_ || activeKey_ == 0) return;
  const auto surface = study_->referenceSurface(hemisphere);
  if (!surface || vertex < 0 || static_cast<std::size_t>(vertex) >= surface->vertexCount() ||
      surface->vertexCount() != editor_->vertexCount(hemisphere))
    return;
  std::vector<std::int32_t> centres{vertex};
  if (lastDab_ && lastDab_->first == hemisphere && lastDab_->second != vertex) {
    if (adjacencySurface_ != surface) {
      adjacency_ = std::make_shared<const MeshAdjacency>(MeshAdjacency::build(surface->vertexCount(), surface->triangles));
      adjacencySurface_ = surface;
    }
    auto path = geodesicPath(*surface, *adjacency_, lastDab_->second, vertex, kMaxJoinedGap);
    if (!path.empty()) centres = std::move(path);
  }
  lastDab_ = {hemisphere, vertex};
  const auto disc = verticesWithinRadius(*surface, centres, brushRadius_);
  const auto mode = tool_ == RoiTool::Erase ? PaintMode::Erase : PaintMode::Paint;
  if (editor_->apply(hemisphere, activeKey_, mode, disc) > 0) {
    dirty_ = true;
    changed();
  }
  if (mode == PaintMode::Paint) lastHemisphere_ = hemisphere;
}

void RoiDrawPanelModel::endStroke() {
  if (!editor_) return;
  editor_->endStroke();
  lastDab_.reset();
  flush();
  changed();
}

void RoiDrawPanelModel::undo() {
  flush();
  if (editor_ && editor_->undo()) publish();
  changed();
}

void RoiDrawPanelModel::redo() {
  flush();
  if (editor_ && editor_->redo()) publish();
  changed();
}

Hemisphere RoiDrawPanelModel::hemisphereToSave(const std::filesystem::path& file) const {
  if (auto named = hemisphereFromFileName(file)) return *named;
  const bool gifti = roiFileFormatFor(file) == RoiFileFormat::GiftiLabel;
  if (!editor_ || (!gifti && activeKey_ == 0)) throw std::invalid_argument("nothing drawn yet to save");
  bool on[2] = {false, false};
  for (int side = 0; side < 2; ++side) {
    const auto& keys = editor_->parcellation()->keys[side];
    on[side] = std::any_of(keys.begin(), keys.end(),
                           [&](std::int32_t k) { return gifti ? k != 0 : k == activeKey_; });
  }
  if (on[0] && on[1])
    throw std::invalid_argument(std::string(gifti ? "the drawn ROIs lie" : "the ROI lies") +
                                " on both hemispheres; start the file name with lh. or rh. to choose one");
  if (!on[0] && !on[1])
    throw std::invalid_argument(gifti ? "nothing drawn yet to save" : "the ROI '" + roiName_ + "' is empty");
  return on[0] ? Hemisphere::Left : Hemisphere::Right;
}

std::string RoiDrawPanelModel::save(const std::filesystem::path& file) const {
  const Hemisphere hemisphere = hemisphereToSave(file);
  if (!editor_) throw std::invalid_argument("nothing drawn yet to save");
  const auto coordinates = study_->referenceSurface(hemisphere);
  if (!coordinates) throw std::invalid_argument("the " + toString(hemisphere) + " hemisphere has no surface");
  const auto set = editor_->parcellation();
  writeRoiFile(file, *set, hemisphere, activeKey_, *coordinates);
  if (roiFileFormatFor(file) == RoiFileFormat::GiftiLabel)
    return "saved " + std::to_string(set->labels.size()) + " ROIs of the " + toString(hemisphere) +
           " hemisphere to " + file.string();
  return "saved '" + editor_->roi(activeKey_).name + "' (" +
         std::to_string(editor_->verticesOf(hemisphere, activeKey_).size()) + " vertices, " +
         toString(coordinates->kind) + " coordinates) to " + file.string();
}

std::string RoiDrawPanelModel::suggestedFileName() const {
  std::string prefix = (lastHemisphere_.value_or(Hemisphere::Left) == Hemisphere::Left) ? "lh." : "rh.";
  std::string name = roiName_.empty() ? std::string("roi") : roiName_;
  for (char& c : name)
    if (c == ' ' || c == '/' || c == '\\') c = '_';
  return prefix + name + ".label";
}

}  // namespace vl::core
