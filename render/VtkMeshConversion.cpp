#include "render/VtkMeshConversion.h"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkIdList.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkTypeInt64Array.h>

#include <cstring>

namespace vl::render {

vtkSmartPointer<vtkPolyData> toPolyData(const core::Surface& surface) {
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(static_cast<vtkIdType>(surface.vertexCount()));
  auto* coordinates = static_cast<float*>(points->GetVoidPointer(0));
  std::memcpy(coordinates, surface.vertices.data(), surface.vertexCount() * sizeof(core::Vec3f));

  // Cells as offsets + connectivity arrays: no per-triangle insertion calls.
  auto offsets = vtkSmartPointer<vtkTypeInt64Array>::New();
  auto connectivity = vtkSmartPointer<vtkTypeInt64Array>::New();
  offsets->SetNumberOfValues(static_cast<vtkIdType>(surface.triangleCount() + 1));
  connectivity->SetNumberOfValues(static_cast<vtkIdType>(surface.triangleCount() * 3));
  for (std::size_t t = 0; t < surface.triangleCount(); ++t) {
    offsets->SetValue(static_cast<vtkIdType>(t), static_cast<vtkTypeInt64>(3 * t));
    for (int c = 0; c < 3; ++c) connectivity->SetValue(static_cast<vtkIdType>(3 * t + c), surface.triangles[t][c]);
  }
  offsets->SetValue(static_cast<vtkIdType>(surface.triangleCount()), static_cast<vtkTypeInt64>(3 * surface.triangleCount()));
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  polys->SetData(offsets, connectivity);

  auto polyData = vtkSmartPointer<vtkPolyData>::New();
  polyData->SetPoints(points);
  polyData->SetPolys(polys);
  return polyData;
}

core::Surface toSurface(vtkPolyData* polyData, core::Hemisphere hemisphere, core::SurfaceKind kind) {
  core::Surface surface;
  surface.hemisphere = hemisphere;
  surface.kind = kind;
  const vtkIdType pointCount = polyData->GetNumberOfPoints();
  surface.vertices.resize(static_cast<std::size_t>(pointCount));
  for (vtkIdType i = 0; i < pointCount; ++i) {
    double p[3];
    polyData->GetPoint(i, p);
    surface.vertices[static_cast<std::size_t>(i)] = {float(p[0]), float(p[1]), float(p[2])};
  }
  vtkCellArray* polys = polyData->GetPolys();
  surface.triangles.reserve(static_cast<std::size_t>(polys->GetNumberOfCells()));
  auto cell = vtkSmartPointer<vtkIdList>::New();
  for (polys->InitTraversal(); polys->GetNextCell(cell);) {
    if (cell->GetNumberOfIds() != 3) continue;
    surface.triangles.push_back({static_cast<std::int32_t>(cell->GetId(0)), static_cast<std::int32_t>(cell->GetId(1)),
                                 static_cast<std::int32_t>(cell->GetId(2))});
  }
  return surface;
}

vtkSmartPointer<vtkImageData> toImageData(const core::Volume& volume) {
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetDimensions(static_cast<int>(volume.dims[0]), static_cast<int>(volume.dims[1]),
                       static_cast<int>(volume.dims[2]));
  image->SetOrigin(0, 0, 0);
  image->SetSpacing(1, 1, 1);
  auto scalars = vtkSmartPointer<vtkFloatArray>::New();
  scalars->SetNumberOfValues(static_cast<vtkIdType>(volume.voxelsPerFrame()));
  std::memcpy(scalars->GetPointer(0), volume.voxels.data(), volume.voxelsPerFrame() * sizeof(float));
  scalars->SetName("intensity");
  image->GetPointData()->SetScalars(scalars);
  return image;
}

}  // namespace vl::render
