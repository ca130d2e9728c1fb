#include "core/selectivity/SelectionJson.h"

#include <chrono>
#include <cmath>
#include <ctime>

#include "core/base/LibraryVersions.h"
#include "core/io/AtomicFileWriter.h"

namespace vl::core {
namespace {

using nlohmann::json;

json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

std::string isoTimeNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

json imagesJson(const std::vector<RankedImage>& images, const std::vector<std::string>& captions, bool measured) {
  json out = json::array();
  for (std::size_t rank = 0; rank < images.size(); ++rank) {
    const auto& image = images[rank];
    json item = {{"rank", rank + 1},
                 {"index", image.index},
                 {"score", number(image.score)},
                 {"caption", image.index < captions.size() ? captions[image.index] : ""},
                 {"encoder_saw_it", image.fitted}};
    if (measured) item["trials"] = image.trials;
    out.push_back(item);
  }
  return out;
}

}  // namespace

json provenanceJson(const SelectionProvenance& provenance, const json& target) {
  json models = json::array();
  for (const auto& model : provenance.models)
    models.push_back({{"name", model.name}, {"kind", model.kind}, {"sha256", model.sha256}});
  json out = {{"program", {{"name", "voxellens"}, {"version", voxellensVersion()}, {"commit", ""}}},
              {"created", isoTimeNow()},
              {"study",
               {{"path", provenance.studyPath},
                {"name", provenance.studyName},
                {"responses_hash", provenance.responsesHash}}},
              {"models", models},
              {"fit", {{"cache_key", provenance.fitCacheKey}, {"cv", provenance.fitCv}, {"alphas", "per column"}}}};
  if (!target.is_null()) out["target"] = target;
  return out;
}

json targetJson(const SelectionTarget& target) {
  json hemispheres = json::array();
  for (Hemisphere h : target.hemispheres) hemispheres.push_back(h == Hemisphere::Left ? "lh" : "rh");
  json out = {{"description", target.describe()}, {"columns", target.columns.size()}};
  switch (target.source) {
    case TargetSource::Disc:
      out["source"] = "disc";
      out["hemisphere"] = target.discHemisphere == Hemisphere::Left ? "lh" : "rh";
      out["vertex"] = target.vertex;
      out["radius_mm"] = target.radiusMm;
      break;
    case TargetSource::Roi:
    case TargetSource::Drawn:
      out["source"] = target.source == TargetSource::Roi ? "roi" : "drawn";
      out["roi_set"] = target.roiSet;
      out["roi"] = target.roiName;
      out["hemispheres"] = hemispheres;
      break;
  }
  return out;
}

json selectionJson(const SelectionResult& result, const std::vector<std::string>& captions,
                   const SelectionProvenance& provenance) {
  const auto& reliability = result.reliability;
  json nearest = json::array();
  for (const auto& n : result.nearestCaptions)
    nearest.push_back({{"caption", n.caption}, {"similarity", number(n.similarity)}});
  json keywords = json::array();
  for (const auto& k : result.keywords) keywords.push_back({{"word", k.word}, {"weight", number(k.weight)}});
  json rf = nullptr;
  if (result.receptiveField) {
    const auto& field = *result.receptiveField;
    const char* unit = field.inDegrees ? "deg" : "px";
    rf = {{std::string("x_") + unit, number(field.x)},
          {std::string("y_") + unit, number(field.y)},
          {"polar_angle_deg", number(field.polarAngleDeg)},
          {std::string("eccentricity_") + unit, number(field.eccentricity)},
          {"unit", field.inDegrees ? "degrees of visual angle" : "pixels (the study does not state its field of view)"},
          {"data", result.receptiveFieldData},
          {"grid", field.grid}};
  }
  const json target = targetJson(result.target);
  json columns = json::array();
  for (auto c : result.target.columns) columns.push_back(c);
  return {{"format", "voxellens-selection"},
          {"version", 1},
          {"target", target},
          {"columns", columns},
          {"reliability",
           {{"columns", reliability.columns},
            {"median_noise_ceiling_percent", number(reliability.medianNoiseCeiling)},
            {"noise_ceiling_for_trials", number(reliability.noiseCeilingTrials)},
            {"noise_ceiling_method", reliability.noiseCeilingMethod},
            {"median_test_r2", number(reliability.medianTestR2)},
            {"split_half_top_k_overlap", number(reliability.splitHalfOverlap)},
            {"split_half_k", reliability.splitHalfK}}},
          {"top", imagesJson(result.top, captions, false)},
          {"bottom", imagesJson(result.bottom, captions, false)},
          {"measured_top", imagesJson(result.measuredTop, captions, true)},
          {"caption", result.caption},
          {"caption_source", result.captionSource},
          {"nearest_captions", nearest},
          {"keywords", keywords},
          {"rf", rf},
          {"provenance", provenanceJson(provenance, target)}};
}

void writeSelectionJson(const std::filesystem::path& file, const nlohmann::json& document) {
  writeFileAtomically(file, document.dump(2) + "\n");
}

}  // namespace vl::core
