#include "app/cli/InfoCommand.h"

#include <cstdio>

#include "app/cli/CommandLine.h"
#include "core/io/DataFile.h"
#include "core/io/DataFileConversion.h"
#include "core/io/DataFileInfo.h"

namespace vl::app {

const char* const kInfoHelp =
    "usage: voxellens info FILE... [--json]\n"
    "Prints format, kind, dimensions, data type, value range, label count and affine of each file.\n"
    "Formats are recognised by content: FreeSurfer surfaces, curv, annot, label, MGH/MGZ; GIfTI; NIfTI-1/2;\n"
    "CIFTI-2 dscalar/dlabel; NumPy .npy. With --json, one JSON array of objects.\n";

const char* const kConvertHelp =
    "usage: voxellens convert IN OUT\n"
    "Writes what IN holds in the format OUT's name asks for (atomically):\n"
    "  surfaces      .surf.gii, or a FreeSurfer name without extension (lh.white)\n"
    "  scalar maps   .func.gii/.shape.gii, .mgh/.mgz, .nii/.nii.gz, .npy, or a curv name (lh.thickness)\n"
    "  label maps    .label.gii, .annot\n"
    "  volumes       .nii/.nii.gz, .mgh/.mgz\n"
    "  FreeSurfer labels (lh.V1.label): .label\n"
    "e.g. voxellens convert lh.white lh.white.surf.gii; voxellens convert lh.aparc.annot lh.aparc.label.gii\n";

int runInfoCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {"--json"}, {});
  if (args.positional.empty()) throw UsageError("name at least one file");
  // Read everything first: a bad file is one error line and status 2, with no partial output before it.
  std::vector<core::DataFile> files;
  for (const auto& name : args.positional) files.push_back(core::readDataFile(name));
  if (args.has("--json")) {
    std::printf("[");
    for (std::size_t i = 0; i < files.size(); ++i)
      std::printf("%s%s", i ? ",\n " : "", core::describeAsJson(files[i]).c_str());
    std::printf("]\n");
  } else {
    for (const auto& file : files) std::printf("%s\n%s", file.path.c_str(), core::describeAsText(file).c_str());
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
