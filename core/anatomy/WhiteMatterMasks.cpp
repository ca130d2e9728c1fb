#include "core/anatomy/WhiteMatterMasks.h"

#include <itkBinShrinkImageFilter.h>
#include <itkBinaryBallStructuringElement.h>
#include <itkBinaryDilateImageFilter.h>
#include <itkBinaryFillholeImageFilter.h>
#include <itkBinaryMorphologicalOpeningImageFilter.h>
#include <itkBinaryThresholdImageFilter.h>
#include <itkConnectedComponentImageFilter.h>
#include <itkImage.h>
#include <itkImportImageFilter.h>
#include <itkMaskImageFilter.h>
#include <itkRelabelComponentImageFilter.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>
#include <itkSmoothingRecursiveGaussianImageFilter.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace vl::core {
namespace {
using FloatImage = itk::Image<float, 3>;
using MaskImage = itk::Image<std::uint8_t, 3>;
using LabelImage = itk::Image<std::uint32_t, 3>;

// AAL (the mricron-data copy) numbers cerebellar hemispheres and vermis 91..116.
constexpr float kFirstCerebellumLabel = 90.5f, kLastCerebellumLabel = 116.5f;

// An ITK view of the volume's first frame, without a copy: the filters only read it, and the volume outlives them.
FloatImage::Pointer toItk(const Volume& volume) {
  auto view = itk::ImportImageFilter<float, 3>::New();
  itk::ImportImageFilter<float, 3>::SizeType size;
  itk::ImportImageFilter<float, 3>::SpacingType spacing;
  for (int d = 0; d < 3; ++d) {
    size[d] = static_cast<itk::SizeValueType>(volume.dims[d]);
    spacing[d] = volume.spacing[d];
  }
  view->SetRegion(itk::ImportImageFilter<float, 3>::RegionType(size));
  view->SetSpacing(spacing);  // origin 0, identity direction: world positions come from our own affine
  view->SetImportPointer(const_cast<float*>(volume.voxels.data()), volume.voxelsPerFrame(), false);
  view->Update();
  return view->GetOutput();
}

template <class Image>
GridSize sizeOf(const Image* image) {
  const auto size = image->GetLargestPossibleRegion().GetSize();
  return {std::int64_t(size[0]), std::int64_t(size[1]), std::int64_t(size[2])};
}

MaskImage::Pointer emptyMaskLike(const FloatImage* like) {
  auto mask = MaskImage::New();
  mask->CopyInformation(like);
  mask->SetRegions(like->GetLargestPossibleRegion());
  mask->Allocate(true);
  return mask;
}

// AAL cerebellum labels grown by a ball of the given radius.
MaskImage::Pointer dilatedCerebellum(const Volume& atlas, double dilationMm) {
  using Threshold = itk::BinaryThresholdImageFilter<FloatImage, MaskImage>;
  auto threshold = Threshold::New();
  threshold->SetInput(toItk(atlas));
  threshold->SetLowerThreshold(kFirstCerebellumLabel);
  threshold->SetUpperThreshold(kLastCerebellumLabel);
  threshold->SetInsideValue(1);
  threshold->SetOutsideValue(0);
  const double finest = std::min({atlas.spacing[0], atlas.spacing[1], atlas.spacing[2]});
  const auto radius = static_cast<itk::SizeValueType>(std::ceil(dilationMm / finest));
  if (radius == 0) {
    threshold->Update();
    return threshold->GetOutput();
  }
  using Ball = itk::BinaryBallStructuringElement<std::uint8_t, 3>;
  Ball ball;
  ball.SetRadius(radius);
  ball.CreateStructuringElement();
  auto dilate = itk::BinaryDilateImageFilter<MaskImage, MaskImage, Ball>::New();
  dilate->SetInput(threshold->GetOutput());
  dilate->SetKernel(ball);
  dilate->SetForegroundValue(1);
  dilate->Update();
  return dilate->GetOutput();
}

// The largest face-connected component of a binary mask, without strands and sheets thinner than the opening's
// ball (they fold up when the surface is inflated), with its enclosed background filled.
MaskImage::Pointer largestComponentFilled(MaskImage* mask, int openingRadius) {
  using Ball = itk::BinaryBallStructuringElement<std::uint8_t, 3>;
  Ball ball;
  ball.SetRadius(static_cast<itk::SizeValueType>(openingRadius));
  ball.CreateStructuringElement();
  auto opening = itk::BinaryMorphologicalOpeningImageFilter<MaskImage, MaskImage, Ball>::New();
  opening->SetInput(mask);
  opening->SetKernel(ball);
  opening->SetForegroundValue(1);
  auto components = itk::ConnectedComponentImageFilter<MaskImage, LabelImage>::New();
  if (openingRadius > 0) components->SetInput(opening->GetOutput());
  else components->SetInput(mask);
  components->FullyConnectedOff();  // 6-connectivity, the foreground connectivity of the growth
  auto relabel = itk::RelabelComponentImageFilter<LabelImage, LabelImage>::New();
  relabel->SetInput(components->GetOutput());  // label 1 = largest
  auto largest = itk::BinaryThresholdImageFilter<LabelImage, MaskImage>::New();
  largest->SetInput(relabel->GetOutput());
  largest->SetLowerThreshold(1);
  largest->SetUpperThreshold(1);
  largest->SetInsideValue(1);
  largest->SetOutsideValue(0);
  auto fill = itk::BinaryFillholeImageFilter<MaskImage>::New();
  fill->SetInput(largest->GetOutput());
  fill->SetForegroundValue(1);
  fill->FullyConnectedOff();
  fill->Update();
  return fill->GetOutput();
}
}  // namespace

WhiteMatterMasks whiteMatterMasks(const Volume& t1, const Volume& atlas, const DemoBrainParameters& parameters,
                                  const JobContext& context) {
  if (t1.voxels.empty() || atlas.voxels.empty()) throw std::runtime_error("empty template or atlas");
  context.report(0.02, "Smoothing the template");
  WhiteMatterMasks result;
  result.templateVoxelToWorld = t1.voxelToWorld;
  const double finest = std::min({t1.spacing[0], t1.spacing[1], t1.spacing[2]});
  result.binning = std::max(1, static_cast<int>(std::lround(parameters.resampleMm / finest)));

  FloatImage::Pointer grid = toItk(t1);
  if (result.binning > 1) {
    auto shrink = itk::BinShrinkImageFilter<FloatImage, FloatImage>::New();  // block average
    shrink->SetInput(grid);
    shrink->SetShrinkFactors(static_cast<unsigned int>(result.binning));
    shrink->Update();
    grid = shrink->GetOutput();
  }
  auto gaussian = itk::SmoothingRecursiveGaussianImageFilter<FloatImage, FloatImage>::New();
  gaussian->SetInput(grid);
  gaussian->SetSigma(parameters.smoothingSigmaMm);  // the image's spacing is in mm
  gaussian->Update();
  FloatImage::Pointer smoothed = gaussian->GetOutput();
  context.throwIfStopped();
  result.size = sizeOf(smoothed.GetPointer());
  const auto& size = result.size;
  result.smoothed.assign(smoothed->GetBufferPointer(), smoothed->GetBufferPointer() + size.count());

  context.report(0.3, "Removing the cerebellum and splitting the hemispheres");
  const auto cerebellum = dilatedCerebellum(atlas, parameters.excludeCerebellumDilationMm);
  const std::uint8_t* cerebellumVoxels = cerebellum->GetBufferPointer();
  const Affine worldToAtlas = atlas.voxelToWorld.inverse();
  std::array<MaskImage::Pointer, 2> sides{emptyMaskLike(smoothed), emptyMaskLike(smoothed)};
  const double offset = 0.5 * (result.binning - 1);
  for (std::int64_t k = 0; k < size.nz; ++k)
    for (std::int64_t j = 0; j < size.ny; ++j)
      for (std::int64_t i = 0; i < size.nx; ++i) {
        // A background border keeps every voxel's neighbourhood inside the grid.
        if (!size.isInterior(i, j, k)) continue;
        const auto world = t1.voxelToWorld.apply(result.binning * i + offset, result.binning * j + offset,
                                                 result.binning * k + offset);
        const double x = world[0], y = world[1], z = world[2];
        if (std::abs(x) < parameters.midlineGapMm) continue;
        if (z < parameters.brainstemCutZMm && std::abs(x) < parameters.brainstemHalfWidthMm && y > -60 && y < 0)
          continue;
        const auto a = worldToAtlas.apply(x, y, z);
        const auto ai = std::lround(a[0]), aj = std::lround(a[1]), ak = std::lround(a[2]);
        if (ai >= 0 && aj >= 0 && ak >= 0 && ai < atlas.dims[0] && aj < atlas.dims[1] && ak < atlas.dims[2] &&
            cerebellumVoxels[static_cast<std::size_t>(ai + atlas.dims[0] * (aj + atlas.dims[1] * ak))])
          continue;
        sides[x < 0 ? 0 : 1]->GetBufferPointer()[size.index(i, j, k)] = 1;  // RAS: negative x is the left hemisphere
      }
  context.throwIfStopped();

  auto white = itk::BinaryThresholdImageFilter<FloatImage, MaskImage>::New();
  white->SetInput(smoothed);
  white->SetLowerThreshold(static_cast<float>(parameters.isoValue));
  white->SetInsideValue(1);
  white->SetOutsideValue(0);
  for (int h = 0; h < 2; ++h) {
    context.report(0.45 + 0.25 * h, std::string("Finding the ") + (h == 0 ? "left" : "right") + " white matter");
    auto masked = itk::MaskImageFilter<MaskImage, MaskImage, MaskImage>::New();
    masked->SetInput(white->GetOutput());
    masked->SetMaskImage(sides[h]);
    masked->Update();
    auto filled = largestComponentFilled(masked->GetOutput(), parameters.openingRadiusVoxels);
    result.masks[h].assign(filled->GetBufferPointer(), filled->GetBufferPointer() + size.count());
    context.throwIfStopped();
  }

  // Seeds: the voxel of each hemisphere farthest from the background (one distance map for both; the midline gap
  // keeps them apart).
  auto both = emptyMaskLike(smoothed);
  for (std::size_t v = 0; v < static_cast<std::size_t>(size.count()); ++v)
    both->GetBufferPointer()[v] = result.masks[0][v] | result.masks[1][v];
  auto distance = itk::SignedMaurerDistanceMapImageFilter<MaskImage, FloatImage>::New();
  distance->SetInput(both);
  distance->SetInsideIsPositive(true);
  distance->SetUseImageSpacing(false);  // in voxels
  distance->SetSquaredDistance(false);
  distance->Update();
  const float* depth = distance->GetOutput()->GetBufferPointer();
  for (int h = 0; h < 2; ++h) {
    std::int64_t deepest = -1;
    for (std::int64_t v = 0; v < size.count(); ++v)
      if (result.masks[h][static_cast<std::size_t>(v)] && (deepest < 0 || depth[v] > depth[deepest])) deepest = v;
    if (deepest < 0)
      throw std::runtime_error(std::string("no ") + (h == 0 ? "left" : "right") +
                               " white matter above intensity " + std::to_string(parameters.isoValue));
    result.seeds[h] = {deepest % size.nx, (deepest / size.nx) % size.ny, deepest / (size.nx * size.ny)};
    result.seedDepthVoxels[h] = depth[deepest];
  }
  return result;
}

}  // namespace vl::core
