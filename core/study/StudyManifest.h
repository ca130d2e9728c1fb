#pragma once
// study.json: what a study folder holds (docs/study-format.md). Paths are kept relative to the folder as
// written; resolve() turns one into an absolute path. readStudyManifest checks that the files it names exist
// and that counts agree, and throws FormatError naming study.json and the field; writeStudyManifest writes
// atomically.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vl::core {

struct StudyHemisphereEntry {
  std::string name;  // "lh" or "rh"
  std::size_t vertices = 0;
  std::vector<std::pair<std::string, std::filesystem::path>> surfaces;  // kind -> file, in file order
  // Optional: responses cover only these vertices (int32 .npy of vertex ids, in column order), e.g. a visual
  // cortex mask sampled every 2 mm; empty = every vertex is a column.
  std::filesystem::path columnVertices;
  std::size_t columnCount = 0;  // number of ids in columnVertices (= vertices when columnVertices is empty)
};

struct StudyColumns {
  std::string kind = "surface";                   // "surface" or "volume"
  std::vector<StudyHemisphereEntry> hemispheres;  // surface: column order = lh vertices, then rh vertices
  std::filesystem::path mask;                     // volume: nonzero voxels of this NIfTI, x fastest
  std::size_t voxels = 0;                         // volume: number of nonzero mask voxels
  std::size_t count() const;                      // columns of every response matrix
};

struct StudyStimuli {
  std::size_t count = 0;
  std::filesystem::path images;       // uint8 (count, height, width, 3) .npy; empty when hdf5 is used
  std::filesystem::path hdf5File;     // NSD-style brick, read lazily
  std::string hdf5Dataset;
  std::filesystem::path captions;     // optional
  std::filesystem::path tags;         // optional
  // The width of the images on the screen in degrees of visual angle (stimuli.field_of_view_deg): what turns a
  // receptive field's position in pixels into degrees. Unknown (field absent): positions stay in pixels.
  std::optional<double> fieldOfViewDeg;
};

struct StudyResponseSet {
  std::filesystem::path betas;     // float32 (rows, columns)
  std::filesystem::path stimulus;  // int32 (rows)
  std::size_t repeats = 1;         // how many trials were averaged into each row
};

struct StudyFileEntry {
  std::string name;
  std::string hemisphere;  // "lh", "rh" or empty for whole-brain/volume entries
  std::filesystem::path file;
};

struct StudyModelEntry {
  std::string name;
  std::string kind;  // e.g. "encoding_fit", "decoding_fit", "bundle"
  std::filesystem::path folder;
};

struct StudyManifest {
  static constexpr int currentVersion = 1;
  std::filesystem::path folder;  // where study.json lives (set by readStudyManifest; used by resolve)
  std::string name, subject, space, description;
  StudyColumns columns;
  std::optional<StudyStimuli> stimuli;
  std::optional<StudyResponseSet> train, test;
  std::vector<StudyFileEntry> layers, roiSets;
  std::vector<StudyModelEntry> models;
  std::filesystem::path truth;
  // Content hash of the response files ("fnv1a64:" + 16 hex digits, hashResponseFiles), written once when the
  // study is made; empty for a study.json written before it existed (model caches then hash the files themselves).
  std::string responsesHash;

  std::filesystem::path resolve(const std::filesystem::path& relative) const;
};

std::filesystem::path studyManifestPath(const std::filesystem::path& folder);
bool isStudyFolder(const std::filesystem::path& folder);
// checkFiles = false skips the existence checks (for manifests written before their files).
StudyManifest readStudyManifest(const std::filesystem::path& folder, bool checkFiles = true);
void writeStudyManifest(const std::filesystem::path& folder, const StudyManifest& manifest);
// A fingerprint of every byte of the response files the manifest names (train and test betas and stimulus indices,
// in that order) and of the test repeats, with the files resolved in `folder`: the same shapes with other values give
// another hash. FNV-1a 64 (core/io/ContentHash.h): it detects changes, it does not authenticate. Empty when the
// manifest names no responses; throws std::runtime_error when a file cannot be read.
std::string hashResponseFiles(const std::filesystem::path& folder, const StudyManifest& manifest);

}  // namespace vl::core
