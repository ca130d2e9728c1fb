// Runs a libFuzzer target without libFuzzer: every file named on the command line (or every file in the folders
// named) is fed to LLVMFuzzerTestOneInput once. With GCC this is how the fuzz targets are built and exercised on
// the malformed corpus in every test run; with clang and -DVOXELLENS_FUZZ=ON the same sources become real fuzzers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
void replay(const std::filesystem::path& file, int& count) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  ++count;
}
}  // namespace

int main(int argc, char** argv) {
  int count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path(argv[i]);
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
        if (entry.is_regular_file()) replay(entry.path(), count);
    } else {
      replay(path, count);
    }
  }
  std::printf("replayed %d inputs without a crash\n", count);
  return 0;
}
