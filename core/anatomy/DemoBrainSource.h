#pragma once
// Where the demo brain comes from and how it is made: the Colin27 MRI template (ch2better.nii.gz, 0.5 mm,
// skull-stripped, MNI space) shipped by Debian's mricron-data, and the extraction parameters
// (core/anatomy/CortexExtractor.h). The cache key combines the template's content with every parameter and the
// extraction's version, so changing any of them rebuilds the meshes.
#include <filesystem>
#include <string>

namespace vl::core {

struct DemoBrainParameters {
  double resampleMm = 1.0;           // isotropic working grid (a whole multiple of the template's voxel size)
  double smoothingSigmaMm = 0.7;     // Gaussian pre-smoothing of the template
  double isoValue = 94.0;            // between grey (~84) and white matter (~111) in ch2better: a white surface
  double midlineGapMm = 1.0;         // voxels closer than this to x = 0 belong to neither hemisphere
  // Morphological opening of the white-matter mask on the working grid (0 = none). Radius 1 halves the triangles
  // inflation folds but thins the gyral white matter and loses a tenth of the vertices.
  int openingRadiusVoxels = 0;
  double seedRadiusMm = 6.0;         // the ball inside the white matter that topology-preserving growth starts from
  int taubinIterations = 40;         // lambda/mu smoothing steps of the voxel boundary mesh
  double taubinLambda = 0.6, taubinMu = -0.62;
  double excludeCerebellumDilationMm = 3.0;  // AAL cerebellum labels, grown by this much, are removed
  double brainstemCutZMm = -22.0;    // below this height near the midline lies brainstem, not cortex
  double brainstemHalfWidthMm = 18.0;

  std::string fingerprint() const;  // every field and the extraction's version, for the cache key
};

// The Colin27 template; $VOXELLENS_COLIN27 overrides the Debian path. Throws std::runtime_error naming the
// package to install when the file is missing.
std::filesystem::path colin27TemplatePath();
// AAL atlas from the same package, used to leave the cerebellum out of the cortical surface.
std::filesystem::path aalAtlasPath();
std::string demoBrainCacheKey(const DemoBrainParameters& parameters);
std::filesystem::path demoBrainCacheFile();

}  // namespace vl::core
