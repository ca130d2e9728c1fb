#include "render/CortexExtractor.h"

#include <vtkCleanPolyData.h>
#include <vtkFloatArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkImageGaussianSmooth.h>
#include <vtkImageShrink3D.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataConnectivityFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/geometry/MeshOrientation.h"
#include "render/VtkMeshConversion.h"

namespace vl::render {
namespace {
using core::Hemisphere;

// AAL (the mricron-data copy) numbers cerebellar hemispheres and vermis 91..116.
bool isCerebellumLabel(float label) { return label >= 90.5f && label <= 116.5f; }

// Cerebellum voxels of the atlas grown by `radius` voxels in every direction (separable box dilation).
std::vector<std::uint8_t> dilatedCerebellum(const core::Volume& atlas, int radius) {
  const auto nx = atlas.dims[0], ny = atlas.dims[1], nz = atlas.dims[2];
  std::vector<std::uint8_t> mask(atlas.voxelsPerFrame());
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = isCerebellumLabel(atlas.voxels[i]) ? 1 : 0;
  const std::int64_t strides[3] = {1, nx, nx * ny};
  const std::int64_t sizes[3] = {nx, ny, nz};
  std::vector<std::uint8_t> next(mask.size());
  for (int axis = 0; axis < 3; ++axis) {
    for (std::int64_t k = 0; k < nz; ++k)
      for (std::int64_t j = 0; j < ny; ++j)
        for (std::int64_t i = 0; i < nx; ++i) {
          const std::int64_t index = i + nx * (j + ny * k);
          const std::int64_t position = axis == 0 ? i : axis == 1 ? j : k;
          std::uint8_t value = 0;
          for (std::int64_t d = -radius; d <= radius && !value; ++d) {
            const std::int64_t p = position + d;
            if (p >= 0 && p < sizes[axis]) value = mask[static_cast<std::size_t>(index + d * strides[axis])];
          }
          next[static_cast<std::size_t>(index)] = value;
        }
    mask.swap(next);
  }
  return mask;
}

core::Surface extractHemisphere(vtkImageData* image, double isoValue, Hemisphere hemisphere,
                                const core::DemoBrainParameters& parameters, const core::Affine& indexToWorld,
                                double indexOffset) {
  vtkNew<vtkFlyingEdges3D> isoSurface;
  isoSurface->SetInputData(image);
  isoSurface->SetValue(0, isoValue);
  isoSurface->ComputeNormalsOff();
  isoSurface->ComputeGradientsOff();
  isoSurface->ComputeScalarsOff();

  vtkNew<vtkPolyDataConnectivityFilter> largest;
  largest->SetInputConnection(isoSurface->GetOutputPort());
  largest->SetExtractionModeToLargestRegion();

  vtkNew<vtkCleanPolyData> clean;  // drops the points of the discarded components
  clean->SetInputConnection(largest->GetOutputPort());
  clean->PointMergingOff();

  vtkNew<vtkWindowedSincPolyDataFilter> smooth;
  smooth->SetInputConnection(clean->GetOutputPort());
  smooth->SetNumberOfIterations(parameters.sincIterations);
  smooth->SetPassBand(parameters.sincPassBand);
  smooth->BoundarySmoothingOff();
  smooth->FeatureEdgeSmoothingOff();
  smooth->NonManifoldSmoothingOn();
  smooth->NormalizeCoordinatesOn();
  smooth->Update();

  auto surface = toSurface(smooth->GetOutput(), hemisphere, core::SurfaceKind::White);
  if (surface.vertices.empty())
    throw std::runtime_error("no " + core::toString(hemisphere) + " hemisphere surface found at iso-value " +
                             std::to_string(isoValue));
  for (auto& v : surface.vertices) {
    const auto world = indexToWorld.apply(v[0] + indexOffset, v[1] + indexOffset, v[2] + indexOffset);
    v = {float(world[0]), float(world[1]), float(world[2])};
  }
  core::orientOutward(surface);
  return surface;
}
}  // namespace

std::array<core::Surface, 2> extractCortex(const core::Volume& t1, const core::Volume& atlas,
                                           const core::DemoBrainParameters& parameters,
                                           const core::JobContext& context) {
  if (t1.voxels.empty() || atlas.voxels.empty()) throw std::runtime_error("empty template or atlas");
  context.report(0.02, "Smoothing the template");
  const double finest = std::min({t1.spacing[0], t1.spacing[1], t1.spacing[2]});
  const int factor = std::max(1, static_cast<int>(std::lround(parameters.resampleMm / finest)));

  vtkNew<vtkImageShrink3D> shrink;
  shrink->SetInputData(toImageData(t1));
  shrink->SetShrinkFactors(factor, factor, factor);
  shrink->AveragingOn();
  vtkNew<vtkImageGaussianSmooth> gaussian;
  gaussian->SetInputConnection(shrink->GetOutputPort());
  gaussian->SetDimensionality(3);
  const double sigmaVoxels = parameters.smoothingSigmaMm / (factor * finest);
  gaussian->SetStandardDeviations(sigmaVoxels, sigmaVoxels, sigmaVoxels);
  gaussian->SetRadiusFactors(2.5, 2.5, 2.5);
  gaussian->Update();
  context.throwIfStopped();
  vtkImageData* grid = gaussian->GetOutput();

  // Averaging shrink reports the first input voxel as each output voxel's position; the average sits half a
  // block further. Grid coordinates are original voxel indices (toImageData uses origin 0, spacing 1).
  const double indexOffset = 0.5 * (factor - 1);
  int dims[3];
  grid->GetDimensions(dims);
  double origin[3], spacing[3];
  grid->GetOrigin(origin);
  grid->GetSpacing(spacing);

  context.report(0.25, "Separating the hemispheres");
  const int dilation = static_cast<int>(std::ceil(parameters.excludeCerebellumDilationMm /
                                                  std::min({atlas.spacing[0], atlas.spacing[1], atlas.spacing[2]})));
  const auto cerebellum = dilatedCerebellum(atlas, dilation);
  const core::Affine worldToAtlas = atlas.voxelToWorld.inverse();
  auto* values = static_cast<float*>(grid->GetPointData()->GetScalars()->GetVoidPointer(0));
  std::array<vtkSmartPointer<vtkImageData>, 2> halves;
  std::array<float*, 2> halfValues{};
  for (int h = 0; h < 2; ++h) {
    halves[h] = vtkSmartPointer<vtkImageData>::New();
    halves[h]->CopyStructure(grid);
    auto array = vtkSmartPointer<vtkFloatArray>::New();
    array->SetNumberOfValues(static_cast<vtkIdType>(dims[0]) * dims[1] * dims[2]);
    halves[h]->GetPointData()->SetScalars(array);
    halfValues[h] = array->GetPointer(0);
  }
  for (int k = 0; k < dims[2]; ++k) {
    for (int j = 0; j < dims[1]; ++j) {
      for (int i = 0; i < dims[0]; ++i) {
        const std::size_t index = static_cast<std::size_t>(i + dims[0] * (j + static_cast<std::size_t>(dims[1]) * k));
        halfValues[0][index] = halfValues[1][index] = 0.0f;
        // Zero border: the iso-surface closes inside the grid even where tissue touches its edge.
        if (i == 0 || j == 0 || k == 0 || i == dims[0] - 1 || j == dims[1] - 1 || k == dims[2] - 1) continue;
        const auto world = t1.voxelToWorld.apply(origin[0] + spacing[0] * i + indexOffset,
                                                 origin[1] + spacing[1] * j + indexOffset,
                                                 origin[2] + spacing[2] * k + indexOffset);
        const double x = world[0], y = world[1], z = world[2];
        if (std::abs(x) < parameters.midlineGapMm) continue;
        if (z < parameters.brainstemCutZMm && std::abs(x) < parameters.brainstemHalfWidthMm && y > -60 && y < 0)
          continue;
        const auto a = worldToAtlas.apply(x, y, z);
        const auto ai = std::lround(a[0]), aj = std::lround(a[1]), ak = std::lround(a[2]);
        if (ai >= 0 && aj >= 0 && ak >= 0 && ai < atlas.dims[0] && aj < atlas.dims[1] && ak < atlas.dims[2] &&
            cerebellum[static_cast<std::size_t>(ai + atlas.dims[0] * (aj + atlas.dims[1] * ak))])
          continue;
        halfValues[x < 0 ? 0 : 1][index] = values[index];  // RAS: negative x is the left hemisphere
      }
    }
  }
  context.throwIfStopped();

  std::array<core::Surface, 2> surfaces;
  const Hemisphere sides[2] = {Hemisphere::Left, Hemisphere::Right};
  for (int h = 0; h < 2; ++h) {
    context.report(0.35 + 0.3 * h, "Extracting the " + core::toString(sides[h]) + " hemisphere");
    surfaces[h] = extractHemisphere(halves[h], parameters.isoValue, sides[h], parameters, t1.voxelToWorld, indexOffset);
    context.throwIfStopped();
  }
  return surfaces;
}

}  // namespace vl::render
