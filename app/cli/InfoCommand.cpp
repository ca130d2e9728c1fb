#include "app/cli/InfoCommand.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/CommandLine.h"
#include "core/study/StudyManifest.h"
#include "core/io/DataFile.h"
#include "core/io/DataFileConversion.h"
#include "core/io/DataFileInfo.h"

namespace vl::app {

const char* const kInfoHelp =
    "usage: voxellens info FILE|STUDY_DIR... [--json]\n"
    "Prints format, kind, dimensions, data type, value range, label count and affine of each file.\n"
    "Formats are recognised by content: FreeSurfer surfaces, curv, annot, label, MGH/MGZ; GIfTI; NIfTI-1/2;\n"
    "CIFTI-2 dscalar/dlabel; NumPy .npy. A study folder (study.json) is checked as a study opens (every field,\n"
    "every file it names) and summarised. With --json, one JSON array of objects.\n";

const char* const kConvertHelp =
    "usage: voxellens convert IN OUT\n"
    "Writes what IN holds in the format OUT's name asks for (atomically):\n"
    "  surfaces      .surf.gii, or a FreeSurfer name without extension (lh.white)\n"
    "  scalar maps   .func.gii/.shape.gii, .mgh/.mgz, .nii/.nii.gz, .npy, or a curv name (lh.thickness)\n"
    "  label maps    .label.gii, .annot\n"
    "  volumes       .nii/.nii.gz, .mgh/.mgz\n"
    "  FreeSurfer labels (lh.V1.label): .label\n"
    "e.g. voxellens convert lh.white lh.white.surf.gii; voxellens convert lh.aparc.annot lh.aparc.label.gii\n";

namespace {
// What a study folder holds, as `info` prints it: the manifest's own counts (the files it names are checked to
// exist by readStudyManifest, not read).
nlohmann::ordered_json describeStudy(const core::StudyManifest& study) {
  nlohmann::ordered_json out{{"path", study.folder.string()}, {"format", "VoxelLens study"}, {"name", study.name},
                             {"subject", study.subject}, {"space", study.space}, {"column_kind", study.columns.kind},
                             {"columns", study.columns.count()}};
  for (const auto& hemisphere : study.columns.hemispheres)
    out["vertices"][hemisphere.name] = hemisphere.vertices;
  out["stimuli"] = study.stimuli ? study.stimuli->count : 0;
  if (study.train) out["train_responses"] = study.train->betas.string();
  if (study.test) out["test_responses"] = study.test->betas.string();
  out["layers"] = study.layers.size();
  out["roi_sets"] = study.roiSets.size();
  out["models"] = study.models.size();
  return out;
}

std::string studyAsText(const nlohmann::ordered_json& study) {
  std::string text;
  for (const auto& [key, value] : study.items()) {
    if (key == "path") continue;
    std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
    text += "  " + key + std::string(key.size() < 16 ? 16 - key.size() : 1, ' ') + shown + "\n";
  }
  return text;
}
}  // namespace

int runInfoCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--json"}, {});
  if (args.positional.empty()) throw UsageError("name at least one file");
  // Read everything first: a bad file is one error line and status 2, with no partial output before it.
  std::vector<std::string> texts, jsons;
  for (const auto& name : args.positional) {
    std::error_code error;
    if (std::filesystem::is_directory(name, error)) {
      const auto study = describeStudy(core::readStudyManifest(name));
      texts.push_back(name + "\n" + studyAsText(study));
      jsons.push_back(study.dump(2));
    } else {
      const auto file = core::readDataFile(name);
      texts.push_back(file.path.string() + "\n" + core::describeAsText(file));
      jsons.push_back(core::describeAsJson(file));
    }
  }
  if (args.has("--json")) {
    std::printf("[");
    for (std::size_t i = 0; i < jsons.size(); ++i) std::printf("%s%s", i ? ",\n " : "", jsons[i].c_str());
    std::printf("]\n");
  } else {
    for (const auto& text : texts) std::printf("%s", text.c_str());
  }
  return 0;
}

int runConvertCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {});
  if (args.positional.size() != 2) throw UsageError("expected IN and OUT (see voxellens convert --help)");
  const std::filesystem::path output(args.positional[1]);
  const auto folder = output.has_parent_path() ? output.parent_path() : std::filesystem::path(".");
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw UsageError("cannot write " + output.string() + ": folder " + folder.string() + " does not exist");
  const auto input = core::readDataFile(args.positional[0]);
  core::convertDataFile(input, output);
  std::printf("wrote %s (%s, from %s)\n", output.c_str(), core::contentKind(input.content).c_str(),
              core::toString(input.format).c_str());
  return 0;
}

}  // namespace vl::app
