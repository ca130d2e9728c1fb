#pragma once
// Sessions as the window saves and opens them: a scene file (core/scene, the same JSON `voxellens render` reads)
// plus, beside it, the layers that came from no file (model maps, selectivity maps), written as one .npy per
// hemisphere in SCENE-layers/ so that the folder holds everything the scene needs. Capturing copies what must be
// written on the GUI thread; writing and loading run on a worker.
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Study.h"
#include "core/scene/SceneDocument.h"

namespace vl::app {

// Where the window's study and layers came from: what a scene names instead of data.
struct SessionSources {
  std::filesystem::path studyFolder;
  std::vector<std::filesystem::path> surfaceFiles;
  bool demoBrain = false;
  std::map<core::LayerId, std::filesystem::path> layerFiles;  // layers opened from a file
  std::set<core::LayerId> studyLayers;                         // layers the study brought itself (found by name)
};

struct LayerValuesFile {
  std::filesystem::path file;
  std::vector<float> values;
};

// A drawn ROI set's hemisphere, written as a GIfTI label file beside the scene.
struct RoiSetFile {
  std::filesystem::path file;
  std::shared_ptr<const core::Parcellation> set;
  core::Hemisphere hemisphere = core::Hemisphere::Left;
  std::shared_ptr<const core::Surface> coordinates;
};

struct CapturedSession {
  core::SceneDocument scene;            // layers, paths absolute; camera and the rest filled in by the caller
  std::vector<LayerValuesFile> values;  // the computed layers' files to write with the scene
  std::vector<RoiSetFile> rois;         // the drawn ROIs, per hemisphere
};

// The layers part of the scene for the study as it is now (bottom layer first); computed layers get a scene layer
// per hemisphere (hemisphere "lh"/"rh", file in SCENE-layers/), and so do the drawn ROIs (GIfTI label files).
CapturedSession captureSession(const core::Study& study, const SessionSources& sources,
                               const std::filesystem::path& sceneFile);
// Writes the computed layers' files, then the scene; every file atomically. Throws std::runtime_error naming the
// file that could not be written.
void writeSession(const CapturedSession& session, const std::filesystem::path& sceneFile);

struct OpenedSession {
  core::SceneDocument scene;
  std::shared_ptr<core::Study> study;
  std::vector<std::string> notRestored;
};
// Reads the scene, loads its study and layers (the computed ones from their per-hemisphere files, joined into one
// layer again) in the scene's order. Throws core::FormatError / std::invalid_argument when the scene or its study
// cannot be read at all; anything less is listed in notRestored.
OpenedSession openSession(const std::filesystem::path& sceneFile, const core::JobContext& context = {});

}  // namespace vl::app
