#include "core/anatomy/DemoBrainSource.h"

#include <cstdlib>
#include <sstream>

#include "core/io/CachePaths.h"
#include "core/io/ContentHash.h"
#include "core/io/TemplateFolder.h"

namespace vl::core {

// Raise when the extraction changes in a way the parameters do not show (v6: ITK volume steps, topology-preserving
// growth, voxel boundary mesh with Taubin smoothing).
constexpr int kExtractionVersion = 6;

std::string DemoBrainParameters::fingerprint() const {
  std::ostringstream out;
  out << "colin27-white v" << kExtractionVersion << " r" << resampleMm << " s" << smoothingSigmaMm << " iso"
      << isoValue << " gap" << midlineGapMm << " open" << openingRadiusVoxels << " seed" << seedRadiusMm << " taubin"
      << taubinIterations << "/" << taubinLambda << "/" << taubinMu << " cb" << excludeCerebellumDilationMm << " bs"
      << brainstemCutZMm << "/" << brainstemHalfWidthMm;
  return out.str();
}

std::filesystem::path colin27TemplatePath() {
  if (const char* overridePath = std::getenv("VOXELLENS_COLIN27"); overridePath && *overridePath)
    return requireTemplateFile(std::filesystem::absolute(overridePath));
  return requireTemplateFile("ch2better.nii.gz");
}

std::filesystem::path aalAtlasPath() { return requireTemplateFile("aal.nii.gz"); }

std::string demoBrainCacheKey(const DemoBrainParameters& parameters) {
  return parameters.fingerprint() + " template " + toHex(hashFile(colin27TemplatePath())) + " atlas " +
         toHex(hashFile(aalAtlasPath()));
}

std::filesystem::path demoBrainCacheFile() { return cacheDirectory() / "demo-brain-colin27.vlmesh"; }

}  // namespace vl::core
