#include "core/study/StudyManifest.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>

#include "core/base/FormatError.h"
#include "core/io/JsonFile.h"
#include "core/io/AtomicFileWriter.h"
#include "core/io/ContentHash.h"

namespace vl::core {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// Far above any real study: a 7 T mesh has about a million vertices per hemisphere, NSD 1.8 mm volumes
// about 10^6 voxels, NSD 73,000 images shown up to 3 times.
constexpr std::size_t kMaxVertices = std::size_t{1} << 26;  // 67,108,864 per hemisphere
constexpr std::size_t kMaxVoxels = std::size_t{1} << 28;
constexpr std::size_t kMaxStimuli = std::size_t{1} << 26;
constexpr std::size_t kMaxRepeats = 1 << 16;

constexpr const char* formatName = "voxellens-study";

// Reads fields of one JSON object and turns every mistake into a FormatError naming the field's path.
class FieldReader {
public:
  FieldReader(const fs::path& file, const json& object, std::string where)
      : file_(file), object_(object), where_(std::move(where)) {
    if (!object_.is_object()) fail("", "expected a JSON object");
  }

  bool has(const char* key) const { return object_.contains(key) && !object_.at(key).is_null(); }

  std::string text(const char* key, bool required = true) const {
    if (!has(key)) {
      if (required) fail(key, "missing (expected a string)");
      return {};
    }
    const json& value = object_.at(key);
    if (!value.is_string()) fail(key, "expected a string");
    return value.get<std::string>();
  }

  // Counts size what the loader allocates (vertex maps, column lists, image tables), so each has a ceiling far
  // above any real study: a damaged or hostile study.json gets a clear error, not an allocation of petabytes.
  std::size_t count(const char* key, std::size_t maximum, bool required = true, std::size_t fallback = 0) const {
    if (!has(key)) {
      if (required) fail(key, "missing (expected a non-negative integer)");
      return fallback;
    }
    const json& value = object_.at(key);
    if (!value.is_number_integer() || value.get<long long>() < 0) fail(key, "expected a non-negative integer");
    if (value.is_number_unsigned() ? value.get<std::uint64_t>() > maximum : value.get<long long>() > (long long)maximum)
      fail(key, "is " + value.dump() + ", more than the largest supported (" + std::to_string(maximum) + ")");
    return value.get<std::size_t>();
  }

  FieldReader child(const char* key) const {
    if (!has(key)) fail(key, "missing (expected an object)");
    return FieldReader(file_, object_.at(key), path(key));
  }

  const json& array(const char* key) const {
    static const json empty = json::array();
    if (!has(key)) return empty;
    const json& value = object_.at(key);
    if (!value.is_array()) fail(key, "expected an array");
    return value;
  }

  FieldReader element(const char* key, std::size_t index) const {
    return FieldReader(file_, object_.at(key).at(index), path(key) + "[" + std::to_string(index) + "]");
  }

  const json& raw() const { return object_; }
  std::string path(const std::string& key) const { return where_.empty() ? key : where_ + "." + key; }

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw FormatError(file_, key.empty() ? where_ : path(key), problem);
  }

private:
  const fs::path& file_;
  const json& object_;
  std::string where_;
};

constexpr std::string_view kHashPrefix = "fnv1a64:";

bool isResponsesHash(const std::string& text) {
  if (text.size() != kHashPrefix.size() + 16 || text.compare(0, kHashPrefix.size(), kHashPrefix) != 0) return false;
  return text.find_first_not_of("0123456789abcdef", kHashPrefix.size()) == std::string::npos;
}

StudyFileEntry readFileEntry(const FieldReader& entry, const char* fileKey) {
  return {entry.text("name"), entry.text("hemisphere", false), fs::path(entry.text(fileKey))};
}

StudyResponseSet readResponseSet(const FieldReader& set) {
  return {fs::path(set.text("betas")), fs::path(set.text("stimulus")), set.count("repeats", kMaxRepeats, false, 1)};
}

json toJson(const StudyResponseSet& set) {
  return {{"betas", set.betas.generic_string()},
          {"stimulus", set.stimulus.generic_string()},
          {"repeats", set.repeats}};
}

json toJson(const StudyFileEntry& entry, const char* fileKey) {
  json out = {{"name", entry.name}, {fileKey, entry.file.generic_string()}};
  if (!entry.hemisphere.empty()) out["hemisphere"] = entry.hemisphere;
  return out;
}

void requireFile(const StudyManifest& manifest, const fs::path& relative, const std::string& field) {
  if (relative.empty()) return;
  const fs::path full = manifest.resolve(relative);
  std::error_code error;
  if (!fs::exists(full, error))
    throw FormatError(studyManifestPath(manifest.folder), field,
                      "names " + relative.string() + ", which does not exist in the study folder");
}

void checkFiles(const StudyManifest& manifest) {
  for (std::size_t h = 0; h < manifest.columns.hemispheres.size(); ++h) {
    const std::string where = "columns.hemispheres[" + std::to_string(h) + "]";
    for (const auto& [kind, file] : manifest.columns.hemispheres[h].surfaces)
      requireFile(manifest, file, where + ".surfaces." + kind);
    requireFile(manifest, manifest.columns.hemispheres[h].columnVertices, where + ".column_vertices");
  }
  requireFile(manifest, manifest.columns.mask, "columns.mask");
  if (manifest.stimuli) {
    requireFile(manifest, manifest.stimuli->images, "stimuli.images");
    requireFile(manifest, manifest.stimuli->hdf5File, "stimuli.hdf5.file");
    requireFile(manifest, manifest.stimuli->captions, "stimuli.captions");
    requireFile(manifest, manifest.stimuli->tags, "stimuli.tags");
  }
  for (const auto& [set, name] : {std::pair{&manifest.train, "train"}, std::pair{&manifest.test, "test"}})
    if (*set) {
      requireFile(manifest, (*set)->betas, std::string("responses.") + name + ".betas");
      requireFile(manifest, (*set)->stimulus, std::string("responses.") + name + ".stimulus");
    }
  for (std::size_t i = 0; i < manifest.layers.size(); ++i)
    requireFile(manifest, manifest.layers[i].file, "layers[" + std::to_string(i) + "].file");
  for (std::size_t i = 0; i < manifest.roiSets.size(); ++i)
    requireFile(manifest, manifest.roiSets[i].file, "roi_sets[" + std::to_string(i) + "].file");
  for (std::size_t i = 0; i < manifest.models.size(); ++i)
    requireFile(manifest, manifest.models[i].folder, "models[" + std::to_string(i) + "].folder");
  requireFile(manifest, manifest.truth, "truth");
}

StudyColumns readColumns(const FieldReader& columns) {
  StudyColumns out;
  out.kind = columns.text("kind");
  if (out.kind == "surface") {
    const json& hemispheres = columns.array("hemispheres");
    if (hemispheres.empty()) columns.fail("hemispheres", "expected at least one hemisphere");
    for (std::size_t h = 0; h < hemispheres.size(); ++h) {
      const FieldReader entry = columns.element("hemispheres", h);
      StudyHemisphereEntry hemisphere{entry.text("name"), entry.count("vertices", kMaxVertices), {}, {}, 0};
      hemisphere.columnVertices = entry.text("column_vertices", false);
      hemisphere.columnCount =
          hemisphere.columnVertices.empty() ? hemisphere.vertices : entry.count("columns", kMaxVertices);
      if (hemisphere.columnCount > hemisphere.vertices)
        entry.fail("columns", "is " + std::to_string(hemisphere.columnCount) + ", more than the " +
                                  std::to_string(hemisphere.vertices) + " vertices");
      if (hemisphere.name != "lh" && hemisphere.name != "rh")
        entry.fail("name", "expected \"lh\" or \"rh\", found \"" + hemisphere.name + "\"");
      if (entry.has("surfaces")) {
        const FieldReader surfaces = entry.child("surfaces");
        for (const auto& [kind, file] : surfaces.raw().items()) {
          if (!file.is_string()) surfaces.fail(kind, "expected a file name");
          hemisphere.surfaces.emplace_back(kind, fs::path(file.get<std::string>()));
        }
      }
      out.hemispheres.push_back(std::move(hemisphere));
    }
  } else if (out.kind == "volume") {
    out.mask = columns.text("mask");
    out.voxels = columns.count("voxels", kMaxVoxels);
  } else {
    columns.fail("kind", "expected \"surface\" or \"volume\", found \"" + out.kind + "\"");
  }
  return out;
}

StudyStimuli readStimuli(const FieldReader& stimuli) {
  StudyStimuli out;
  out.count = stimuli.count("count", kMaxStimuli);
  if (stimuli.has("hdf5")) {
    const FieldReader hdf5 = stimuli.child("hdf5");
    out.hdf5File = hdf5.text("file");
    out.hdf5Dataset = hdf5.text("dataset");
  } else {
    out.images = stimuli.text("images");
  }
  out.captions = stimuli.text("captions", false);
  out.tags = stimuli.text("tags", false);
  if (stimuli.has("field_of_view_deg")) {
    const json& value = stimuli.raw().at("field_of_view_deg");
    if (!value.is_number() || !(value.get<double>() > 0) || value.get<double>() > 360)
      stimuli.fail("field_of_view_deg", "expected the image width in degrees of visual angle, a number in (0, 360]");
    out.fieldOfViewDeg = value.get<double>();
  }
  return out;
}

}  // namespace

std::size_t StudyColumns::count() const {
  if (kind == "volume") return voxels;
  std::size_t total = 0;
  for (const auto& hemisphere : hemispheres) total += hemisphere.columnVertices.empty() ? hemisphere.vertices
                                                                                        : hemisphere.columnCount;
  return total;
}

fs::path StudyManifest::resolve(const fs::path& relative) const {
  if (relative.empty() || relative.is_absolute()) return relative;
  return folder / relative;
}

fs::path studyManifestPath(const fs::path& folder) { return folder / "study.json"; }

bool isStudyFolder(const fs::path& folder) {
  std::error_code error;
  return fs::is_directory(folder, error) && fs::is_regular_file(studyManifestPath(folder), error);
}

StudyManifest readStudyManifest(const fs::path& folder, bool checkFilesExist) {
  const fs::path file = studyManifestPath(folder);
  const json document = readJsonFile(file, "cannot open (expected a study folder with study.json)");
  const FieldReader root(file, document, "");
  if (root.text("format") != formatName)
    root.fail("format", std::string("expected \"") + formatName + "\"");
  const std::size_t version = root.count("version", std::numeric_limits<std::uint32_t>::max());
  if (version != StudyManifest::currentVersion)
    root.fail("version", "is " + std::to_string(version) + "; this VoxelLens reads version " +
                             std::to_string(StudyManifest::currentVersion));

  StudyManifest manifest;
  manifest.folder = folder;
  manifest.name = root.text("name");
  manifest.subject = root.text("subject", false);
  manifest.space = root.text("space", false);
  manifest.description = root.text("description", false);
  manifest.columns = readColumns(root.child("columns"));
  if (root.has("stimuli")) manifest.stimuli = readStimuli(root.child("stimuli"));
  if (root.has("responses")) {
    const FieldReader responses = root.child("responses");
    if (responses.has("train")) manifest.train = readResponseSet(responses.child("train"));
    if (responses.has("test")) manifest.test = readResponseSet(responses.child("test"));
    if ((manifest.train || manifest.test) && !manifest.stimuli)
      root.fail("responses", "needs a \"stimuli\" section for the trial-to-stimulus indices to refer to");
  }
  for (std::size_t i = 0; i < root.array("layers").size(); ++i)
    manifest.layers.push_back(readFileEntry(root.element("layers", i), "file"));
  for (std::size_t i = 0; i < root.array("roi_sets").size(); ++i)
    manifest.roiSets.push_back(readFileEntry(root.element("roi_sets", i), "file"));
  for (std::size_t i = 0; i < root.array("models").size(); ++i) {
    const FieldReader entry = root.element("models", i);
    manifest.models.push_back({entry.text("name"), entry.text("kind"), fs::path(entry.text("folder"))});
  }
  manifest.truth = root.text("truth", false);
  manifest.responsesHash = root.text("responses_hash", false);
  if (!manifest.responsesHash.empty() && !isResponsesHash(manifest.responsesHash))
    root.fail("responses_hash", "is \"" + manifest.responsesHash + "\"; expected \"fnv1a64:\" and 16 hex digits");
  if (checkFilesExist) checkFiles(manifest);
  return manifest;
}

void writeStudyManifest(const fs::path& folder, const StudyManifest& manifest) {
  json document = {{"format", formatName}, {"version", StudyManifest::currentVersion}, {"name", manifest.name}};
  if (!manifest.subject.empty()) document["subject"] = manifest.subject;
  if (!manifest.space.empty()) document["space"] = manifest.space;
  if (!manifest.description.empty()) document["description"] = manifest.description;

  json columns = {{"kind", manifest.columns.kind}};
  if (manifest.columns.kind == "volume") {
    columns["mask"] = manifest.columns.mask.generic_string();
    columns["voxels"] = manifest.columns.voxels;
  } else {
    columns["hemispheres"] = json::array();
    for (const auto& hemisphere : manifest.columns.hemispheres) {
      json surfaces = json::object();
      for (const auto& [kind, file] : hemisphere.surfaces) surfaces[kind] = file.generic_string();
      json entry = {{"name", hemisphere.name}, {"vertices", hemisphere.vertices}, {"surfaces", surfaces}};
      if (!hemisphere.columnVertices.empty()) {
        entry["column_vertices"] = hemisphere.columnVertices.generic_string();
        entry["columns"] = hemisphere.columnCount;
      }
      columns["hemispheres"].push_back(entry);
    }
  }
  document["columns"] = columns;

  if (manifest.stimuli) {
    const StudyStimuli& stimuli = *manifest.stimuli;
    json out = {{"count", stimuli.count}};
    if (!stimuli.hdf5File.empty())
      out["hdf5"] = {{"file", stimuli.hdf5File.generic_string()}, {"dataset", stimuli.hdf5Dataset}};
    else
      out["images"] = stimuli.images.generic_string();
    if (!stimuli.captions.empty()) out["captions"] = stimuli.captions.generic_string();
    if (!stimuli.tags.empty()) out["tags"] = stimuli.tags.generic_string();
    if (stimuli.fieldOfViewDeg) out["field_of_view_deg"] = *stimuli.fieldOfViewDeg;
    document["stimuli"] = out;
  }
  if (manifest.train || manifest.test) {
    json responses = json::object();
    if (manifest.train) responses["train"] = toJson(*manifest.train);
    if (manifest.test) responses["test"] = toJson(*manifest.test);
    document["responses"] = responses;
  }
  document["layers"] = json::array();
  for (const auto& layer : manifest.layers) document["layers"].push_back(toJson(layer, "file"));
  document["roi_sets"] = json::array();
  for (const auto& roiSet : manifest.roiSets) document["roi_sets"].push_back(toJson(roiSet, "file"));
  document["models"] = json::array();
  for (const auto& model : manifest.models)
    document["models"].push_back({{"name", model.name}, {"kind", model.kind}, {"folder", model.folder.generic_string()}});
  if (!manifest.truth.empty()) document["truth"] = manifest.truth.generic_string();
  if (!manifest.responsesHash.empty()) document["responses_hash"] = manifest.responsesHash;

  fs::create_directories(folder);
  writeFileAtomically(studyManifestPath(folder), document.dump(2) + "\n");
}

std::string hashResponseFiles(const fs::path& folder, const StudyManifest& manifest) {
  if (!manifest.train && !manifest.test) return {};
  auto resolved = [&](const fs::path& relative) { return relative.is_absolute() ? relative : folder / relative; };
  std::string fingerprints;
  for (const auto& [set, name] : {std::pair{&manifest.train, "train"}, std::pair{&manifest.test, "test"}}) {
    if (!*set) continue;
    fingerprints += std::string(name) + " " + toHex(hashFile(resolved((*set)->betas))) + " " +
                    toHex(hashFile(resolved((*set)->stimulus))) + " repeats " + std::to_string((*set)->repeats) +
                    "\n";
  }
  return std::string(kHashPrefix) + toHex(hashBytes(fingerprints));
}

}  // namespace vl::core
