#pragma once
// Where the demo brain comes from and how it is made: the Colin27 MRI template (ch2better.nii.gz, 0.5 mm,
// skull-stripped, MNI space) shipped by Debian's mricron-data, and the extraction parameters. The cache key
// combines the template's content with every parameter, so changing either rebuilds the meshes.
#include <filesystem>
#include <string>

namespace vl::core {

struct DemoBrainParameters {
  double resampleMm = 1.0;           // isotropic grid the iso-surface is taken on
  double smoothingSigmaMm = 0.7;     // Gaussian pre-smoothing of the template
  double isoValue = 94.0;            // between grey (~84) and white matter (~111) in ch2better: a white surface
  double midlineGapMm = 1.0;         // voxels closer than this to x = 0 belong to neither hemisphere
  int sincIterations = 20;           // windowed-sinc smoothing of the extracted mesh
  double sincPassBand = 0.08;
  double excludeCerebellumDilationMm = 3.0;  // AAL cerebellum labels, grown by this much, are removed
  double brainstemCutZMm = -22.0;    // below this height near the midline lies brainstem, not cortex
  double brainstemHalfWidthMm = 18.0;

  std::string fingerprint() const;  // every field, for the cache key
};

// The Colin27 template; $VOXELLENS_COLIN27 overrides the Debian path. Throws std::runtime_error naming the
// package to install when the file is missing.
std::filesystem::path colin27TemplatePath();
// AAL atlas from the same package, used to leave the cerebellum out of the cortical surface.
std::filesystem::path aalAtlasPath();
std::string demoBrainCacheKey(const DemoBrainParameters& parameters);
std::filesystem::path demoBrainCacheFile();

}  // namespace vl::core
