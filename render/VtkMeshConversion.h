#pragma once
// Moves meshes and images between core's plain arrays and VTK data objects.
#include <vtkSmartPointer.h>

#include "core/model/Surface.h"
#include "core/model/Volume.h"

class vtkImageData;
class vtkPolyData;

namespace vl::render {

vtkSmartPointer<vtkPolyData> toPolyData(const core::Surface& surface);
// Takes the triangles of `polyData` (other cells are ignored) and its points as they are.
core::Surface toSurface(vtkPolyData* polyData, core::Hemisphere hemisphere, core::SurfaceKind kind);
// Frame 0 of the volume as float voxels in index space (origin 0, spacing 1); world = volume.voxelToWorld.
vtkSmartPointer<vtkImageData> toImageData(const core::Volume& volume);

}  // namespace vl::render
