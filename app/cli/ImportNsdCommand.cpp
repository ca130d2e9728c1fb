#include "app/cli/ImportNsdCommand.h"

#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/nsd/NsdImporter.h"

namespace vl::app {

const char* const kImportNsdHelp =
    "usage: voxellens import-nsd NSD_ROOT --subject subj01 --space fsaverage|func1pt8mm --out STUDY [options]\n"
    "Turns one subject of a Natural Scenes Dataset download into a study folder: betas z-scored per session and\n"
    "per vertex/voxel; shared images (sharedix) become the test set with their repeats averaged, all other trials\n"
    "single training trials; stimuli are NSD's nsd_stimuli.hdf5, referenced (not copied) and read lazily; ROI\n"
    "sets, ncsnr and (fsaverage) surfaces that exist are imported. Sessions not on disk are skipped and listed.\n"
    "Responses are streamed session by session: a full fsaverage import writes ~39 GB with ~1 GB of RAM.\n"
    "  --sessions LIST     sessions to import, e.g. 1-40 (default) or 1-10,12\n"
    "  --betas NAME        beta version folder (default betas_fithrf_GLMdenoise_RR)\n"
    "  --captions FILE     captions, one per line: 0-based 73k index (nsdId), a tab, the caption; first one per\n"
    "                      image kept (see docs/nsd-import.md)\n"
    "  --stimuli FILE      nsd_stimuli.hdf5 elsewhere than NSD_ROOT/nsddata_stimuli/stimuli/nsd/\n"
    "  --overwrite         replace a study already in STUDY\n";

int runImportNsdCommand(const std::vector<std::string>& arguments) {
  const Arguments args = parseArguments(arguments, {"--overwrite"},
                                        {"--subject", "--space", "--out", "--sessions", "--betas", "--captions",
                                         "--stimuli"});
  if (args.positional.size() != 1) throw UsageError("expected one NSD_ROOT folder (see --help)");
  const auto subject = args.value("--subject");
  const auto space = args.value("--space");
  const auto out = args.value("--out");
  if (!subject || !space || !out) throw UsageError("--subject, --space and --out are required (see --help)");

  core::NsdImportOptions options;
  options.root = args.positional[0];
  options.subject = *subject;
  options.space = core::nsdSpaceFromString(*space);
  options.out = *out;
  options.sessions = core::parseSessionList(args.value("--sessions").value_or("1-40"));
  if (const auto betas = args.value("--betas")) options.betasVersion = *betas;
  if (const auto captions = args.value("--captions")) options.captions = *captions;
  if (const auto stimuli = args.value("--stimuli")) options.stimuliFile = *stimuli;
  options.overwrite = args.has("--overwrite");

  core::NsdImportReport report;
  {
    TerminalProgress progress;
    report = core::importNsd(options, progress.context());
  }
  if (!report.sessionsMissing.empty())
    std::fprintf(stderr, "voxellens import-nsd: sessions %s are missing in %s and were skipped\n",
                 core::formatSessionList(report.sessionsMissing).c_str(),
                 core::NsdLayout{options.root, options.subject, options.space, options.betasVersion}
                     .betasFolder()
                     .string()
                     .c_str());
  std::printf("wrote %s\n%s", options.out.string().c_str(), report.summary().c_str());
  return 0;
}

}  // namespace vl::app
