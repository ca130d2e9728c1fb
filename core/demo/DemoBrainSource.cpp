#include "core/demo/DemoBrainSource.h"

#include <cstdlib>
#include <sstream>

#include "core/io/CachePaths.h"
#include "core/io/ContentHash.h"
#include "core/io/TemplateFolder.h"

namespace vl::core {

std::string DemoBrainParameters::fingerprint() const {
  std::ostringstream out;
  out << "colin27-white v5 r" << resampleMm << " s" << smoothingSigmaMm << " iso" << isoValue << " gap" << midlineGapMm
      << " sinc" << sincIterations << "/" << sincPassBand << " cb" << excludeCerebellumDilationMm << " bs"
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
