#pragma once
// The VTK actors of one hemisphere's shown surface: the full-resolution mesh and, when a LodProxy is known, its
// coarse stand-in drawn while the camera moves. Colours are per full vertex and carried to the proxy by its map.
#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/model/Surface.h"
#include "render/LodProxy.h"
#include "render/SurfacePickIndex.h"

class vtkActor;
class vtkPolyData;
class vtkPolyDataMapper;
class vtkRenderer;

namespace vl::render {

class SurfaceActor {
public:
  explicit SurfaceActor(vtkRenderer* renderer);
  ~SurfaceActor();
  SurfaceActor(const SurfaceActor&) = delete;
  SurfaceActor& operator=(const SurfaceActor&) = delete;

  void setSurface(std::shared_ptr<const core::Surface> surface);
  const std::shared_ptr<const core::Surface>& surface() const { return surface_; }
  void setColours(std::vector<std::uint8_t> rgba);  // 4 bytes per vertex of surface()
  // Ignored when the proxy was built for another surface (a stale job result).
  void setProxy(std::shared_ptr<const LodProxy> proxy);
  // Fast picking (hover); ignored when built for another surface.
  void setPickIndex(std::shared_ptr<const SurfacePickIndex> index);
  const std::shared_ptr<const SurfacePickIndex>& pickIndex() const { return pickIndex_; }
  bool hasProxy() const { return proxy_ != nullptr; }
  const std::shared_ptr<const LodProxy>& proxy() const { return proxy_; }
  void setInteracting(bool interacting);
  bool isInteracting() const { return interacting_; }
  void setVisible(bool visible);
  bool isVisible() const { return visible_; }
  std::size_t drawnTriangles() const;
  // A translation of the drawn surface (inflated hemispheres are moved apart); picking subtracts it.
  void setOffset(const core::Vec3f& offset);
  const core::Vec3f& offset() const { return offset_; }
  vtkActor* fullActor() const { return full_; }

private:
  void updateVisibility();
  void applyProxyColours();

  vtkRenderer* renderer_;
  std::shared_ptr<const core::Surface> surface_;
  std::shared_ptr<const LodProxy> proxy_;
  std::shared_ptr<const SurfacePickIndex> pickIndex_;
  std::vector<std::uint8_t> colours_;
  vtkNew<vtkActor> full_, coarse_;
  vtkNew<vtkPolyDataMapper> fullMapper_, coarseMapper_;
  vtkSmartPointer<vtkPolyData> fullData_, coarseData_;
  bool interacting_ = false;
  core::Vec3f offset_{0, 0, 0};
  bool visible_ = true;
};

}  // namespace vl::render
