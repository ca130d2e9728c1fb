// `voxellens fit` runs in the front end: the ridge is plain BLAS and LAPACK, so the fit needs no LibTorch and no
// hand-over to voxellens-full. A copy of the front end alone in a folder (no voxellens-full beside it, so a hand-over
// would fail with status 127) fits, and the loader lists BLAS but no LibTorch library for it.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <sys/wait.h>

#include "tests/support/TempDir.h"

namespace {
struct Output {
  int status = -1;
  std::string text;  // stdout and stderr
};

Output runShell(const std::string& command) {
  Output result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.text.append(buffer.data(), n);
  const int raw = ::pclose(pipe);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  return result;
}

void writeNpy(const std::filesystem::path& file, const std::vector<float>& values, int rows, int cols) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
                       std::to_string(cols) + "), }";
  header.append(128 - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  std::ofstream(file, std::ios::binary) << bytes;
}
}  // namespace

TEST(FrontEndFit, FitsWithoutVoxellensFullOrLibTorch) {
  vl::fixtures::TempDir folder;
  const auto alone = folder.path / "voxellens";
  std::filesystem::copy_file(VOXELLENS_BINARY, alone);
  ASSERT_FALSE(std::filesystem::exists(folder.path / "voxellens-full"));

  const auto libraries = runShell("LD_TRACE_LOADED_OBJECTS=1 '" + alone.string() + "'");
  EXPECT_NE(libraries.text.find("libblas.so.3"), std::string::npos) << libraries.text;
  EXPECT_NE(libraries.text.find("liblapack.so.3"), std::string::npos) << libraries.text;
  EXPECT_EQ(libraries.text.find("libtorch"), std::string::npos) << libraries.text;
  EXPECT_EQ(libraries.text.find("libc10"), std::string::npos) << libraries.text;

  // Voxel v has weights (v + 1, 0, -1) on three features, little noise: the smallest alpha recovers them.
  std::vector<float> x(80 * 3), y(80 * 4);
  for (int s = 0; s < 80; ++s) {
    for (int f = 0; f < 3; ++f) x[s * 3 + f] = std::sin(0.37f * s * (f + 1)) + 0.1f * f;
    for (int v = 0; v < 4; ++v) y[s * 4 + v] = (v + 1) * x[s * 3] - x[s * 3 + 2] + 0.01f * std::cos(1.3f * s + v);
  }
  writeNpy(folder.path / "X.npy", x, 80, 3);
  writeNpy(folder.path / "Y.npy", y, 80, 4);
  const auto fit = runShell("'" + alone.string() + "' fit --features '" + (folder.path / "X.npy").string() +
                            "' --responses '" + (folder.path / "Y.npy").string() +
                            "' --alphas 0.001,0.1,10 --threads 1 --out '" + (folder.path / "fit").string() + "'");
  ASSERT_EQ(fit.status, 0) << fit.text;
  EXPECT_NE(fit.text.find("fitted voxels 0..3 (80 samples, 3 features, leave-one-out)"), std::string::npos) << fit.text;
  EXPECT_NE(fit.text.find("time: reading"), std::string::npos) << fit.text;
  EXPECT_NE(fit.text.find("BLAS: "), std::string::npos) << fit.text;
  EXPECT_NE(fit.text.find(", 1 threads"), std::string::npos) << "--threads 1 reaches the BLAS: " << fit.text;

  std::ifstream in(folder.path / "fit" / "weights.npy", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(bytes.size(), 128u + 12u * sizeof(float));
  std::vector<float> w(12);
  std::memcpy(w.data(), bytes.data() + 128, 12 * sizeof(float));
  for (int v = 0; v < 4; ++v) {
    EXPECT_NEAR(w[0 * 4 + v], v + 1.0f, 0.05f) << v;
    EXPECT_NEAR(w[1 * 4 + v], 0.0f, 0.05f) << v;
    EXPECT_NEAR(w[2 * 4 + v], -1.0f, 0.05f) << v;
  }

  const auto bad = runShell("'" + alone.string() + "' fit --features '" + (folder.path / "X.npy").string() +
                            "' --responses '" + (folder.path / "Y.npy").string() + "' --threads 0 --out '" +
                            (folder.path / "bad").string() + "'");
  EXPECT_EQ(bad.status, 2) << bad.text;
  EXPECT_NE(bad.text.find("--threads"), std::string::npos) << bad.text;
}
