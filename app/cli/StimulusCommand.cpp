#include "app/cli/StimulusCommand.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/cli/CommandLine.h"
#include "app/cli/TerminalProgress.h"
#include "core/demo/StimulusBank.h"
#include "core/demo/StimulusFolder.h"

namespace vl::app {

const char* const kStimuliHelp =
    "usage: voxellens stimuli --out DIR [--count N] [--seed S] [--size PX]\n"
    "Draws the demo stimulus bank: captioned synthetic images of faces, places, bodies and hands, words and letter\n"
    "strings, objects, food and low-level patterns (gratings, checkerboards), balanced over the seven categories,\n"
    "and writes DIR/stimuli/images.npy (uint8, N x PX x PX x 3), captions.txt and tags.tsv (docs/study-format.md).\n"
    "The same seed gives byte-identical files.\n"
    "  --count N   images (default 10000)\n"
    "  --seed S    random seed (default 2026)\n"
    "  --size PX   image side in pixels, 64..1024 (default 64)\n";

namespace {
std::uint64_t parseNumber(const Arguments& args, const std::string& name, std::uint64_t fallback, std::uint64_t low,
                          std::uint64_t high) {
  return wholeNumberOption(args, name, fallback, low, high);
}
}  // namespace

int runStimuliCommand(const std::vector<std::string>& arguments) {
  const auto args = parseArguments(arguments, {}, {"--out", "--count", "--seed", "--size"});
  if (!args.positional.empty()) throw UsageError("unexpected argument '" + args.positional.front() + "'");
  const auto out = args.value("--out");
  if (!out) throw UsageError("missing --out DIR");
  core::StimulusBankOptions options;
  options.count = parseNumber(args, "--count", options.count, 1, 10'000'000);
  options.seed = parseNumber(args, "--seed", options.seed, 0, UINT64_MAX);
  options.imageSize = static_cast<int>(parseNumber(args, "--size", 64, 64, 1024));
  const auto start = std::chrono::steady_clock::now();
  core::StimulusBank bank;
  {
    TerminalProgress progress;
    bank = core::generateStimulusBank(options, progress.context());
  }
  const double drawn = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  core::writeStimulusFolder(*out, bank);
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("drew %zu images of %dx%d (seed %llu) in %.2f s, wrote %s in %.2f s in all\n", options.count,
              options.imageSize, options.imageSize, static_cast<unsigned long long>(options.seed), drawn,
              (std::filesystem::path(*out) / "stimuli").c_str(), total);
  return 0;
}

}  // namespace vl::app
