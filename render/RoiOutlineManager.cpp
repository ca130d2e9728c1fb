#include "render/RoiOutlineManager.h"

#include <vtkActor.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <algorithm>

#include "core/geometry/VertexNormals.h"
#include "render/RoiOutlineGeometry.h"
#include "render/SurfaceManager.h"

namespace vl::render {
namespace {
constexpr core::Hemisphere kSides[2] = {core::Hemisphere::Left, core::Hemisphere::Right};
}  // namespace

struct RoiOutlineManager::Border {
  std::shared_ptr<const core::Parcellation> set;
  std::shared_ptr<const void> surfaceOwner;  // keeps the surface (or the proxy holding it) alive while cached
  const core::Surface* surface = nullptr;
  core::RoiBoundary boundary;
  std::vector<core::Vec3f> normals;
  vtkSmartPointer<vtkPolyData> lines;  // every segment, in label colours
};

struct RoiOutlineManager::Outline {
  vtkSmartPointer<vtkActor> actors[2];  // full surface, proxy
  vtkSmartPointer<vtkPolyDataMapper> mappers[2];
  vtkRenderer* renderer = nullptr;

  explicit Outline(vtkRenderer* r) : renderer(r) {
    for (int i = 0; i < 2; ++i) {
      mappers[i] = vtkSmartPointer<vtkPolyDataMapper>::New();
      mappers[i]->SetScalarModeToUseCellData();
      mappers[i]->SetColorModeToDirectScalars();
      actors[i] = vtkSmartPointer<vtkActor>::New();
      actors[i]->SetMapper(mappers[i]);
      actors[i]->GetProperty()->LightingOff();  // a border keeps its colour on every wall of a sulcus
      // Wide lines drawn as screen-aligned strips (a geometry shader): the width is in pixels at any zoom, and
      // core-profile OpenGL has no wide GL lines of its own.
      actors[i]->GetProperty()->RenderLinesAsTubesOn();
      actors[i]->PickableOff();                 // clicks go through to the surface
      actors[i]->VisibilityOff();
      renderer->AddActor(actors[i]);
    }
  }
  ~Outline() {
    for (auto& actor : actors) renderer->RemoveActor(actor);
  }
  void set(vtkPolyData* full, vtkPolyData* proxy) {
    mappers[0]->SetInputData(full);
    mappers[1]->SetInputData(proxy);
  }
  vtkPolyData* data(int i) const { return vtkPolyData::SafeDownCast(mappers[i]->GetInput()); }
  void style(bool labelColours, const std::array<float, 3>& colour, float width) {
    for (int i = 0; i < 2; ++i) {
      mappers[i]->SetScalarVisibility(labelColours);
      actors[i]->GetProperty()->SetColor(colour[0], colour[1], colour[2]);
      actors[i]->GetProperty()->SetLineWidth(std::max(1.0f, width));
    }
  }
};

RoiOutlineManager::RoiOutlineManager(vtkRenderer* renderer, const SurfaceManager& surfaces)
    : renderer_(renderer), surfaces_(surfaces) {}

RoiOutlineManager::~RoiOutlineManager() = default;

std::unique_ptr<RoiOutlineManager::Outline> RoiOutlineManager::makeOutline() {
  return std::make_unique<Outline>(renderer_);
}

std::shared_ptr<const RoiOutlineManager::Border> RoiOutlineManager::border(
    const std::shared_ptr<const core::Parcellation>& set, core::Hemisphere side,
    const std::shared_ptr<const core::Surface>& surface, bool onProxy) {
  const auto& actor = surfaces_.actor(side);
  const auto& proxy = actor.proxy();
  if (onProxy && !proxy) return nullptr;
  const core::Surface* mesh = onProxy ? &proxy->mesh : surface.get();
  const BorderKey key{set.get(), mesh};
  if (auto known = borders_.find(key); known != borders_.end()) return known->second;

  auto made = std::make_shared<Border>();
  made->set = set;
  made->surface = mesh;
  const auto& keys = set->keysFor(side);
  if (onProxy) {
    // The labels the proxy's fill shows: each proxy vertex takes the key of the full vertex it stands for.
    made->surfaceOwner = proxy;
    std::vector<std::int32_t> proxyKeys(proxy->sourceVertex.size());
    for (std::size_t v = 0; v < proxyKeys.size(); ++v)
      proxyKeys[v] = keys[static_cast<std::size_t>(proxy->sourceVertex[v])];
    made->boundary = core::computeRoiBoundary(*mesh, proxyKeys, core::BoundaryCrossing::Midpoint);
  } else {
    made->surfaceOwner = surface;
    // Smoothed crossings follow the border the labels stand for instead of zig-zagging along the mesh edges.
    made->boundary = core::computeRoiBoundary(*mesh, keys, core::BoundaryCrossing::Smoothed);
  }
  made->normals = core::computeVertexNormals(mesh->vertices, mesh->triangles);
  made->lines = outlinePolyData(made->boundary, *mesh, made->normals, kOutlineLiftMm, labelColourOfSegment(*set));
  borders_[key] = made;
  return made;
}

void RoiOutlineManager::prune(const core::Study& study) {
  std::erase_if(borders_, [&](const auto& entry) {
    const auto& border = *entry.second;
    const bool setKnown = std::any_of(study.roiSets().begin(), study.roiSets().end(),
                                      [&](const core::RoiSetEntry& e) { return e.data == border.set; });
    if (!setKnown) return true;
    for (auto side : kSides) {
      for (const auto& surface : study.hemisphere(side).surfaces)
        if (surface.get() == border.surface) return false;
      const auto& proxy = surfaces_.actor(side).proxy();
      if (proxy && &proxy->mesh == border.surface) return false;
    }
    return true;
  });
}

void RoiOutlineManager::synchronise(const core::Study& study) {
  prune(study);
  const auto& sets = study.roiSets();
  outlines_.resize(sets.size());
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const auto& entry = sets[i];
    for (auto side : kSides) {
      auto& outline = outlines_[i][core::hemisphereIndex(side)];
      const auto& actor = surfaces_.actor(side);
      const auto surface = actor.surface();
      const bool drawn = entry.display.visible && core::drawsOutline(entry.display.mode) && surface &&
                         entry.data->keysFor(side).size() == surface->vertexCount();
      if (!drawn) {
        outline.reset();
        continue;
      }
      if (!outline) outline = makeOutline();
      const auto full = border(entry.data, side, surface, false);
      const auto coarse = border(entry.data, side, surface, true);
      outline->set(full->lines, coarse ? coarse->lines.Get() : nullptr);
      outline->style(entry.display.outlineInLabelColours, entry.display.outlineColour, entry.display.outlineWidth);
    }
  }
  setHighlight(highlight_, study);  // places everything too
}

void RoiOutlineManager::setHighlight(std::optional<RoiHighlight> highlight, const core::Study& study) {
  highlight_ = highlight;
  if (highlight_ && highlight_->roiSet >= study.roiSets().size()) highlight_.reset();
  for (auto side : kSides) {
    auto& outline = highlightOutlines_[core::hemisphereIndex(side)];
    const auto& actor = surfaces_.actor(side);
    const auto surface = actor.surface();
    if (!highlight_ || !surface) {
      outline.reset();
      continue;
    }
    const auto& set = study.roiSets()[highlight_->roiSet];
    if (set.data->keysFor(side).size() != surface->vertexCount()) {
      outline.reset();
      continue;
    }
    if (!outline) outline = makeOutline();
    const auto key = highlight_->key;
    const SegmentFilter touches = [key](const core::BoundarySegment& s) { return s.keyLeft == key || s.keyRight == key; };
    vtkSmartPointer<vtkPolyData> lines[2];
    for (int proxy = 0; proxy < 2; ++proxy) {
      const auto b = border(set.data, side, surface, proxy == 1);
      if (b) lines[proxy] = outlinePolyData(b->boundary, *b->surface, b->normals, 1.5f * kOutlineLiftMm, {}, touches);
    }
    outline->set(lines[0], lines[1]);
    outline->style(false, kHighlightColour, std::max(4.0f, set.display.outlineWidth + 2.0f));
  }
  updatePlacement();
}

void RoiOutlineManager::updatePlacement() {
  auto place = [&](Outline* outline, core::Hemisphere side) {
    if (!outline) return;
    const auto& actor = surfaces_.actor(side);
    const bool shown = actor.isVisible() && actor.surface();
    const bool onProxy = actor.isInteracting() && actor.hasProxy();
    for (int i = 0; i < 2; ++i) {
      const auto& offset = actor.offset();
      outline->actors[i]->SetPosition(offset[0], offset[1], offset[2]);
      outline->actors[i]->SetVisibility(shown && outline->data(i) && (i == 1) == onProxy);
    }
  };
  for (auto side : kSides) {
    for (auto& perSide : outlines_) place(perSide[core::hemisphereIndex(side)].get(), side);
    place(highlightOutlines_[core::hemisphereIndex(side)].get(), side);
  }
}

vtkPolyData* RoiOutlineManager::outline(std::size_t roiSet, core::Hemisphere hemisphere, bool proxy) const {
  if (roiSet >= outlines_.size() || !outlines_[roiSet][core::hemisphereIndex(hemisphere)]) return nullptr;
  return outlines_[roiSet][core::hemisphereIndex(hemisphere)]->data(proxy ? 1 : 0);
}

vtkActor* RoiOutlineManager::outlineActor(std::size_t roiSet, core::Hemisphere hemisphere, bool proxy) const {
  if (roiSet >= outlines_.size() || !outlines_[roiSet][core::hemisphereIndex(hemisphere)]) return nullptr;
  return outlines_[roiSet][core::hemisphereIndex(hemisphere)]->actors[proxy ? 1 : 0];
}

vtkPolyData* RoiOutlineManager::highlightOutline(core::Hemisphere hemisphere) const {
  const auto& outline = highlightOutlines_[core::hemisphereIndex(hemisphere)];
  return outline ? outline->data(0) : nullptr;
}

std::size_t RoiOutlineManager::drawnSegments() const {
  std::size_t count = 0;
  auto add = [&](const Outline* outline) {
    if (!outline) return;
    for (int i = 0; i < 2; ++i)
      if (outline->actors[i]->GetVisibility() && outline->data(i))
        count += static_cast<std::size_t>(outline->data(i)->GetNumberOfLines());
  };
  for (const auto& perSide : outlines_)
    for (const auto& outline : perSide) add(outline.get());
  for (const auto& outline : highlightOutlines_) add(outline.get());
  return count;
}

}  // namespace vl::render
