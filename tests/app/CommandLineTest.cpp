// The voxellens binary as a user runs it: exit status, one clear line on stderr for bad input, and a PNG of the
// requested size from `render --demo`.
#include <gtest/gtest.h>

#include <QImage>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>
#include <sys/wait.h>

#include "tests/support/SmallStudyFolder.h"
#include "tests/support/TempDir.h"
#include "tests/support/TestBundles.h"
#include "tests/support/Peers.h"

namespace {
struct Result {
  int status = -1;
  std::string out, err;
};

// Runs `binary` (the front end unless said otherwise) with `arguments`, `prefix` before it (e.g. environment).
Result run(const std::string& arguments, const std::string& prefix = "",
           const std::filesystem::path& binary = VOXELLENS_BINARY) {
  const auto errFile = std::filesystem::temp_directory_path() / ("vl-cli-err-" + std::to_string(::getpid()));
  const std::string command = prefix + binary.string() + " " + arguments + " 2>" + errFile.string();
  Result result;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.out.append(buffer.data(), n);
  const int raw = ::pclose(pipe);
  if (raw == -1) throw std::runtime_error(std::string("pclose failed: ") + std::strerror(errno));
  // A signal (crash) shows as 128 + signal number, as a shell would report it.
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  FILE* err = std::fopen(errFile.c_str(), "r");
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), err)) result.err.append(buffer.data(), n);
  std::fclose(err);
  std::filesystem::remove(errFile);
  return result;
}

int lineCount(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }
}  // namespace

TEST(CommandLine, VersionNamesEveryLibraryWithoutADisplay) {
  const auto r = run("--version");
  EXPECT_EQ(r.status, 0);
  for (const char* name : {"VoxelLens", "Qt", "VTK", "ITK", "LibTorch", "BLAS"})
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  EXPECT_NE(r.out.find("OpenBLAS"), std::string::npos) << "LibTorch must run on OpenBLAS: " << r.out;
}

// LibTorch's OpenMP threads wait passively unless the user chose otherwise: the front end sets it for voxellens-full
// (app/cli/Executables.cpp; libgomp reads it before main).
TEST(CommandLine, OpenMpThreadsWaitPassivelyUnlessTheUserChose) {
  const auto unset = run("--version", "env -u OMP_WAIT_POLICY ");
  EXPECT_EQ(unset.status, 0);
  EXPECT_NE(unset.out.find("OpenMP    wait policy PASSIVE"), std::string::npos) << unset.out;
  const auto chosen = run("--version", "OMP_WAIT_POLICY=active ");
  EXPECT_NE(chosen.out.find("OpenMP    wait policy active"), std::string::npos) << chosen.out;
}

// The front end must not load LibTorch (its static initialisation slows every process start); voxellens-full must.
// LD_TRACE_LOADED_OBJECTS makes the dynamic loader list the libraries it would load, as ldd does, and exit.
TEST(CommandLine, FrontEndLoadsNoLibTorchAndTheFullBinaryDoes) {
  const auto front = run("", "LD_TRACE_LOADED_OBJECTS=1 ");
  EXPECT_NE(front.out.find("libvtkRenderingOpenGL2"), std::string::npos) << front.out;
  EXPECT_EQ(front.out.find("libtorch"), std::string::npos) << front.out;
  EXPECT_EQ(front.out.find("libc10"), std::string::npos) << front.out;
  const auto full = run("", "LD_TRACE_LOADED_OBJECTS=1 ",
                        std::filesystem::path(VOXELLENS_BINARY).parent_path() / "voxellens-full");
  EXPECT_NE(full.out.find("libtorch_cpu"), std::string::npos) << full.out;
}

// Model commands run in voxellens-full, reached by exec with the same arguments: their help and their errors
// look as if the front end had answered.
TEST(CommandLine, ModelCommandsRunThroughTheFullBinary) {
  const auto help = run("decode --help");
  EXPECT_EQ(help.status, 0) << help.err;
  EXPECT_NE(help.out.find("usage: voxellens decode"), std::string::npos) << help.out;
  const auto study = run("fit-study --help");
  EXPECT_EQ(study.status, 0) << study.err;
  EXPECT_NE(study.out.find("usage: voxellens fit-study STUDY"), std::string::npos) << study.out;
  const auto bad = run("decode --responses /nonexistent/Y.npy --embeddings /nonexistent/E.npy --test-responses "
                       "/nonexistent/Yt.npy --test-embeddings /nonexistent/Et.npy");
  EXPECT_EQ(bad.status, 2) << bad.err;
  EXPECT_EQ(lineCount(bad.err), 1) << bad.err;
  EXPECT_EQ(bad.err.rfind("voxellens decode: ", 0), 0u) << bad.err;
}

// A front end copied without voxellens-full still runs the file commands and says clearly what is missing.
TEST(CommandLine, FrontEndWithoutTheFullBinaryNamesIt) {
  vl::fixtures::TempDir folder;
  const auto lone = folder.path / "voxellens";
  std::filesystem::copy_file(VOXELLENS_BINARY, lone);
  std::filesystem::permissions(lone, std::filesystem::perms::owner_all);
  const auto info = run("info " + std::string(VOXELLENS_TEST_DATA) + "/gifti/tetra.gzip.surf.gii", "", lone);
  EXPECT_EQ(info.status, 0) << info.err;
  const auto decode = run("decode --help", "", lone);  // a model command: handed to voxellens-full
  EXPECT_EQ(decode.status, 127);
  EXPECT_EQ(lineCount(decode.err), 1) << decode.err;
  EXPECT_NE(decode.err.find((folder.path / "voxellens-full").string()), std::string::npos) << decode.err;
}

TEST(CommandLine, HelpListsRender) {
  const auto r = run("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("render"), std::string::npos);
  EXPECT_EQ(run("render --help").status, 0);
}

TEST(CommandLine, MissingFileIsOneLineAndStatusTwo) {
  const auto r = run("render /nonexistent/lh.white -o /tmp/x.png");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(lineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/lh.white"), std::string::npos) << r.err;
  const auto gui = run("/nonexistent/brain.nii");
  EXPECT_EQ(gui.status, 2);
  EXPECT_EQ(lineCount(gui.err), 1) << gui.err;
}

TEST(CommandLine, RenderWithoutADisplayIsOneClearLine) {
  const auto r = run("render --demo -o /tmp/never.png", "env -u DISPLAY ");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("DISPLAY"), std::string::npos) << r.err;
}

TEST(CommandLine, BadSizeIsOneLineAndStatusTwo) {
  for (const char* size : {"12x", "0x100", "axb", "100x99999"}) {
    const auto r = run(std::string("render --demo --size ") + size + " -o /tmp/x.png");
    EXPECT_EQ(r.status, 2) << size;
    EXPECT_EQ(lineCount(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("size"), std::string::npos) << r.err;
  }
}

TEST(CommandLine, UnknownCommandAndOptionsAreStatusTwo) {
  EXPECT_EQ(run("frobnicate-now --x").status, 2);
  EXPECT_EQ(run("--frobnicate").status, 2);
  const auto r = run("render --demo --view sideways -o /tmp/x.png");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("sideways"), std::string::npos);
  EXPECT_EQ(run("render --demo").status, 2);  // no output
}

TEST(CommandLine, RenderDemoWritesAPngOfTheRequestedSize) {
  const auto file = std::filesystem::temp_directory_path() / "voxellens-cli-brain.png";
  std::filesystem::remove(file);
  const auto r = run("render --demo --view lateral-left --size 800x600 -o " + file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  QImage image(QString::fromStdString(file.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.width(), 800);
  EXPECT_EQ(image.height(), 600);
  std::size_t brain = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) brain += qGray(image.pixel(x, y)) < 235;
  const double fraction = double(brain) / (800.0 * 600.0);
  EXPECT_GT(fraction, 0.25);
  EXPECT_LT(fraction, 0.75);
  std::filesystem::remove(file);
}

TEST(CommandLine, RenderBackgroundTakesAHexColourAndRefusesOthers) {
  const auto file = std::filesystem::temp_directory_path() / "voxellens-cli-background.png";
  const auto r = run("render --demo --size 64x48 --background '#336699' -o " + file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  QImage image(QString::fromStdString(file.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.pixelColor(0, 0), QColor(0x33, 0x66, 0x99));
  std::filesystem::remove(file);
  const auto bad = run("render --demo --background '#12345' -o " + file.string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(lineCount(bad.err), 1);
  EXPECT_NE(bad.err.find("#rrggbb"), std::string::npos) << bad.err;
}

TEST(CommandLine, InfoDescribesFilesAndJsonIsOneArray) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto text = run("info " + data + "/freesurfer/lh.tiny.annot " + data + "/freesurfer/vol.short3.mgh");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("FreeSurfer annotation"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("labels            3"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("[3, 2, 2, 3]"), std::string::npos) << text.out;
  const auto json = run("info --json " + data + "/gifti/tetra.gzip.surf.gii");
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(json.out.front(), '[');
  EXPECT_NE(json.out.find("\"kind\": \"surface\""), std::string::npos) << json.out;
  const auto bad = run("info " + data + "/malformed/" + "gifti-ascii-not-number.gii");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(lineCount(bad.err), 1) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << "no partial output before the error";
}

// Every sample of the malformed-input corpus, through the command line as a user would meet it: status 2, one
// line on stderr naming the file, nothing on stdout, no crash.
TEST(CommandLine, EveryMalformedSampleGivesStatusTwoAndOneLineNamingTheFile) {
  const auto folder = std::filesystem::path(VOXELLENS_TEST_DATA) / "malformed";
  int samples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".py") continue;  // the script that made some of them
    ++samples;
    const auto name = entry.path().filename().string();
    SCOPED_TRACE(name);
    const auto result = run("info '" + entry.path().string() + "'");
    EXPECT_EQ(result.status, 2) << result.err;
    EXPECT_EQ(lineCount(result.err), 1) << result.err;
    EXPECT_NE(result.err.find(name), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
  EXPECT_GE(samples, 60);
}

// A corpus of malformed manifests (tests/data/<folder>/<case>/<manifest>, made by the make_samples.py beside them):
// `command '<case folder>'` refuses each with status 2 and one line naming the manifest and the phrase written in
// the case's expected.txt (the field or the problem).
namespace {
void expectEveryCaseRefused(const std::string& folderName, const std::string& command, const std::string& manifest) {
  const auto folder = std::filesystem::path(VOXELLENS_TEST_DATA) / folderName;
  int samples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_directory()) continue;
    ++samples;
    SCOPED_TRACE(entry.path().filename().string());
    std::ifstream expectedFile(entry.path() / "expected.txt");
    std::string expected;
    std::getline(expectedFile, expected);
    ASSERT_FALSE(expected.empty());
    const auto result = run(command + " '" + entry.path().string() + "'");
    EXPECT_EQ(result.status, 2) << result.err;
    EXPECT_EQ(lineCount(result.err), 1) << result.err;
    EXPECT_NE(result.err.find(manifest), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
  }
  EXPECT_GE(samples, 20);
}
}  // namespace

// study.json: `info` checks a study folder as opening it would.
TEST(CommandLine, EveryMalformedStudyManifestNamesItsField) {
  expectEveryCaseRefused("malformed-study", "info", "study.json");
}

// model.json: `models --check` validates one bundle folder.
TEST(CommandLine, EveryMalformedModelManifestNamesItsField) {
  expectEveryCaseRefused("malformed-model", "models --check", "model.json");
}

// --max-memory is accepted by every command and refuses, before allocating, a read larger than the limit.
TEST(CommandLine, MaxMemoryRefusesALargerReadWithStatusTwo) {
  const std::string file = std::string(VOXELLENS_TEST_DATA) + "/freesurfer/vol.short3.mgh";
  EXPECT_EQ(run("info --max-memory 1G " + file).status, 0);
  const auto refused = run("info --max-memory=100 " + file);
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_EQ(lineCount(refused.err), 1) << refused.err;
  EXPECT_NE(refused.err.find("more than the memory limit of 100 bytes"), std::string::npos) << refused.err;
  const auto bad = run("info --max-memory lots " + file);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("bad --max-memory 'lots'"), std::string::npos) << bad.err;
}

// A folder nobody may write into (/proc refuses new files even to root) is bad input: status 2, one line naming
// the file, nothing left behind.
TEST(CommandLine, AnUnwritableOutputIsStatusTwoWithTheReason) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto result = run("convert " + data + "/freesurfer/lh.footer.white /proc/voxellens-test.surf.gii");
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_EQ(lineCount(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("/proc/voxellens-test.surf.gii"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists("/proc/voxellens-test.surf.gii"));
}

TEST(CommandLine, ConvertWritesTheFormatTheNameAsksFor) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto folder = std::filesystem::temp_directory_path() / ("vl-convert-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto gii = (folder / "lh.white.surf.gii").string();
  ASSERT_EQ(run("convert " + data + "/freesurfer/lh.footer.white " + gii).status, 0);
  const auto info = run("info --json " + gii);
  EXPECT_NE(info.out.find("\"format\": \"GIfTI\""), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("\"vertices\": 5"), std::string::npos) << info.out;
  const auto refused = run("convert " + data + "/freesurfer/lh.footer.white " + (folder / "x.annot").string());
  EXPECT_EQ(refused.status, 2);
  EXPECT_EQ(lineCount(refused.err), 1) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(folder / "x.annot"));
  std::filesystem::remove_all(folder);
}

TEST(CommandLine, FitInChunksAndMergeEqualsOneFit) {
  const auto folder = std::filesystem::temp_directory_path() / ("vl-fit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  // X: 60 samples x 3 features with y_v = (v+1) * x_0 - x_2 + small noise, written as .npy by our own writer
  // through `convert` would need a source file; write the bytes of a float32 C-order .npy directly instead.
  auto writeNpy = [](const std::filesystem::path& file, const std::vector<float>& values, int rows, int cols) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
                         std::to_string(cols) + "), }";
    header.append(64 - (10 + header.size() + 1) % 64, ' ');
    header += '\n';
    std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
    bytes += static_cast<char>(header.size() & 0xff);
    bytes += static_cast<char>(header.size() >> 8);
    bytes += header;
    bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    FILE* out = std::fopen(file.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
  };
  std::vector<float> x(60 * 3), y(60 * 5);
  for (int s = 0; s < 60; ++s) {
    for (int f = 0; f < 3; ++f) x[s * 3 + f] = std::sin(0.37f * s * (f + 1)) + 0.1f * f;
    for (int v = 0; v < 5; ++v)
      y[s * 5 + v] = (v + 1) * x[s * 3] - x[s * 3 + 2] + 0.01f * std::cos(1.3f * s + v);
  }
  writeNpy(folder / "X.npy", x, 60, 3);
  writeNpy(folder / "Y.npy", y, 60, 5);
  const std::string common = " --features " + (folder / "X.npy").string() + " --responses " +
                             (folder / "Y.npy").string() + " --alphas 0.001,0.1,10 ";
  ASSERT_EQ(run("fit" + common + "--out " + (folder / "all").string()).status, 0);
  ASSERT_EQ(run("fit" + common + "--voxels 2:5 --out " + (folder / "b").string()).status, 0);
  ASSERT_EQ(run("fit" + common + "--voxels 0:2 --out " + (folder / "a").string()).status, 0);
  ASSERT_EQ(run("merge " + (folder / "b").string() + " " + (folder / "a").string() + " --out " +
                (folder / "merged").string()).status, 0);
  // weights.npy (128-byte header, then float32): the single fit and the merged chunks agree to float rounding (GEMM
  // shapes differ per chunk, so the last bits may).
  auto readAll = [](const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto whole = readAll(folder / "all/weights.npy"), merged = readAll(folder / "merged/weights.npy");
  ASSERT_EQ(whole.size(), merged.size());
  EXPECT_EQ(whole.substr(0, 128), merged.substr(0, 128));
  std::vector<float> w((whole.size() - 128) / 4), m(w.size());
  std::memcpy(w.data(), whole.data() + 128, whole.size() - 128);
  std::memcpy(m.data(), merged.data() + 128, merged.size() - 128);
  ASSERT_EQ(w.size(), 15u);
  for (std::size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(w[i], m[i], 1e-5f * (1.0f + std::abs(w[i])));
  // The true weights: voxel v has (v+1, 0, -1); the smallest alpha fits them closely.
  for (int v = 0; v < 5; ++v) {
    EXPECT_NEAR(w[0 * 5 + v], v + 1.0f, 0.05f);
    EXPECT_NEAR(w[2 * 5 + v], -1.0f, 0.05f);
  }
  const auto overlap = run("merge " + (folder / "a").string() + " " + (folder / "a").string() + " --out " +
                           (folder / "bad").string());
  EXPECT_EQ(overlap.status, 2);
  EXPECT_EQ(lineCount(overlap.err), 1) << overlap.err;
  EXPECT_EQ(run("fit" + common + "--voxels 4:9 --out " + (folder / "c").string()).status, 2);
  // A damaged summary.json is named, with what is wrong in it.
  for (const char* damaged : {"{\"first_voxel\": 0, \"voxels\": ", "{\"first_voxel\": -3, \"voxels\": 4, \"samples\": 9}"}) {
    std::ofstream(folder / "b" / "summary.json") << damaged;
    const auto bad = run("merge " + (folder / "a").string() + " " + (folder / "b").string() + " --out " +
                         (folder / "worse").string());
    EXPECT_EQ(bad.status, 2) << damaged;
    EXPECT_EQ(lineCount(bad.err), 1) << bad.err;
    EXPECT_NE(bad.err.find("summary.json"), std::string::npos) << bad.err;
    EXPECT_FALSE(std::filesystem::exists(folder / "worse"));
  }
  std::filesystem::remove_all(folder);
}

TEST(CommandLine, CurvatureWritesOneValuePerVertex) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto out = std::filesystem::temp_directory_path() / ("vl-curv-" + std::to_string(::getpid()) + ".shape.gii");
  const auto r = run("curvature " + data + "/gifti/tetra.gzip.surf.gii " + out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto info = run("info --json " + out.string());
  EXPECT_NE(info.out.find("\"kind\": \"scalar maps\""), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("\"vertices\": 4"), std::string::npos) << info.out;
  EXPECT_EQ(run("curvature " + data + "/freesurfer/lh.tiny.thickness " + out.string()).status, 2);
  std::filesystem::remove(out);
}

TEST(CommandLine, Vol2SurfGivesWorkbenchsValues) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto out = std::filesystem::temp_directory_path() / ("vl-v2s-" + std::to_string(::getpid()) + ".func.gii");
  const auto r = run("vol2surf " + data + "/vol2surf/oblique.nii " + data + "/vol2surf/oblique.surf.gii " +
                     out.string() + " --method enclosing");
  ASSERT_EQ(r.status, 0) << r.err;
  // Same vertices and value range as the metric wb_command wrote for the same inputs.
  const auto ours = run("info --json " + out.string());
  const auto workbench = run("info --json " + data + "/vol2surf/oblique.enclosing.func.gii");
  auto field = [](const std::string& json, const std::string& key) {
    const auto at = json.find("\"" + key + "\"");
    return json.substr(at, json.find(']', at) - at);
  };
  EXPECT_EQ(field(ours.out, "value_range"), field(workbench.out, "value_range")) << ours.out << workbench.out;
  EXPECT_EQ(run("vol2surf " + data + "/vol2surf/oblique.nii " + data + "/vol2surf/oblique.surf.gii " + out.string() +
                " --method cubic").status, 2);
  std::filesystem::remove(out);
}

// The benchmarks run end to end through the front end: the whole vol2surf command as a user starts it (the front
// end, without LibTorch) against wb_command, with values checked equal; render with every measured row.
TEST(CommandLine, BenchVol2SurfRunsTheFrontEndAndAgreesWithWorkbench) {
  const auto r = run("bench vol2surf --repeat 1");
  ASSERT_EQ(r.status, 0) << r.err;
  if (r.out.find("wb_command is not installed") != std::string::npos) VL_PEER_MISSING("no wb_command (Debian: connectome-workbench)");
  // Every vertex of the demo surface compared, none different.
  std::smatch vertices;
  ASSERT_TRUE(std::regex_search(r.out, vertices, std::regex(R"(at (\d+) vertices of the demo left white surface)")))
      << r.out;
  EXPECT_GT(std::stoi(vertices[1]), 100000) << r.out;
  for (const std::string method : {"trilinear", "enclosing"})
    EXPECT_NE(r.out.find(method + " agreement: 0 of " + vertices[1].str() + " values differ"), std::string::npos)
        << r.out;
  EXPECT_NE(r.out.find("enclosing command, process start included:"), std::string::npos) << r.out;
}

TEST(CommandLine, BenchRenderReportsEveryRowWithItsPeer) {
  const auto r = run("bench render --size 320x200 --frames 2");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* row : {"at rest, full meshes with all layers:", "rotating, level-of-detail proxies:",
                          "at rest, with ROI outlines:", "rotating, with ROI outlines:", "framed by VTK's ResetCamera"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row << "\n" << r.out;
  EXPECT_EQ(r.out.find(" 0.0 fps"), std::string::npos) << r.out;
}

// The viewer through the front end (exec of voxellens-full) with --screenshot, as the README's screenshots are
// made: --brain-only first must open the bare demo brain, not be taken for an unknown command-line option.
TEST(CommandLine, ViewerScreenshotOfTheBareBrainThroughTheFrontEnd) {
  vl::fixtures::TempDir folder;
  const auto png = folder.path / "window.png";
  const auto r = run("--brain-only --view lateral-left --screenshot " + png.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("first brain frame"), std::string::npos) << r.out;
  QImage image(QString::fromStdString(png.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_GE(image.width(), 640);
  EXPECT_EQ(run("--view lateral-left --no-such-option").status, 2);
  const auto unknownSet = run("--brain-only --roi-outline --roi-set Nowhere --screenshot " + png.string());
  EXPECT_EQ(unknownSet.status, 2);
  EXPECT_NE(unknownSet.err.find("no ROI set of that name (it has 'Harvard-Oxford cortical', 'Brodmann areas')"),
            std::string::npos) << unknownSet.err;
}

// A screenshot that cannot be written (/proc takes no new files, even from root): why on stderr, exit 2, no file.
TEST(CommandLine, ScreenshotThatCannotBeWrittenSaysWhyAndExits2) {
  const auto r = run("--brain-only --view lateral-left --screenshot /proc/vl-window.png");
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("cannot write /proc/vl-window.png"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists("/proc/vl-window.png"));
}

// --select-roi on the demo study (the default start): an unknown name is refused at once, with the ROIs to choose
// from; a known one is answered in the Selectivity dock before the window is saved.
TEST(CommandLine, ScreenshotSelectsAnRoiAsTheSelectivityTarget) {
  vl::fixtures::TempDir folder;
  const auto png = folder.path / "explorer.png";
  const auto unknown = run("--select-roi NoSuchArea --screenshot " + png.string());
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("no ROI of that name"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("FFA"), std::string::npos) << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(png));
  EXPECT_EQ(run("--window-size 12x --screenshot " + png.string()).status, 2);
  const auto r = run("--select-roi PPA --view ventral --window-size 1400x900 --screenshot " + png.string());
  ASSERT_EQ(r.status, 0) << r.err;
  QImage image(QString::fromStdString(png.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.size(), QSize(1400, 900));
}

// A study that cannot open, in --screenshot mode: the reason on stderr and exit status 2, no PNG (it printed nothing
// and exited 1 before).
TEST(CommandLine, ScreenshotOfAStudyThatCannotOpenSaysWhyAndExits2) {
  vl::fixtures::TempDir folder;
  std::ofstream(folder.path / "study.json")
      << R"({"format": "voxellens-study", "version": 1, "name": "broken", "columns": {"kind": "surface",
           "hemispheres": [{"name": "lh", "vertices": 10, "surfaces": {"white": "surf/lh.white.gii"}}]}})";
  const auto png = folder.path / "window.png";
  const auto r = run(folder.path.string() + " --screenshot " + png.string());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("lh.white.gii"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(png));
}

TEST(CommandLine, StimuliWritesTheBankAndTheSameSeedGivesTheSameFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("vl-cli-stimuli-" + std::to_string(::getpid()));
  auto read = [](const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto r = run("stimuli --out " + (dir / "a").string() + " --count 50 --seed 3 --size 64");
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(run("stimuli --out " + (dir / "b").string() + " --count 50 --seed 3").status, 0);
  for (const char* name : {"images.npy", "captions.txt", "tags.tsv"})
    EXPECT_EQ(read(dir / "a" / "stimuli" / name), read(dir / "b" / "stimuli" / name)) << name;
  const auto captions = read(dir / "a" / "stimuli" / "captions.txt");
  EXPECT_EQ(lineCount(captions), 50);
  EXPECT_EQ(read(dir / "a" / "stimuli" / "images.npy").size(), 128u + 50u * 64 * 64 * 3);
  for (const char* bad : {"--count 0", "--count -3", "--size 32", "--seed x", "--count 5"}) {
    const auto b = run(std::string("stimuli ") + bad + (std::string(bad) == "--count 5" ? "" : " --out " + dir.string()));
    EXPECT_EQ(b.status, 2) << bad;
    EXPECT_EQ(lineCount(b.err), 1) << bad << ": " << b.err;
  }
  std::filesystem::remove_all(dir);
}

TEST(CommandLine, RoiDiscWritesFreeSurferAndGiftiLabels) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto folder = std::filesystem::temp_directory_path() / ("vl-roi-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string surface = data + "/freesurfer/lh.footer.white";  // 5 vertices, one connected mesh
  // A tiny radius holds the centre alone; a huge one every vertex.
  auto r = run("roi disc " + surface + " --vertex 2 --radius 0.001 --name centre --out " + (folder / "c.label").string());
  ASSERT_EQ(r.status, 0) << r.err;
  std::ifstream centre(folder / "c.label");
  std::string comment, count, row;
  std::getline(centre, comment);
  std::getline(centre, count);
  std::getline(centre, row);
  EXPECT_NE(comment.find("centre"), std::string::npos) << comment;
  EXPECT_EQ(count, "1");
  EXPECT_EQ(row.substr(0, 2), "2 ");
  r = run("roi disc " + surface + " --vertex 2 --radius 1000 --out " + (folder / "lh.all.label.gii").string());
  ASSERT_EQ(r.status, 0) << r.err;
  // The fixture's fifth vertex is in no triangle: no path along the surface reaches it.
  EXPECT_NE(r.out.find("(4 vertices within 1000 mm"), std::string::npos) << r.out;
  const auto info = run("info --json " + (folder / "lh.all.label.gii").string());
  EXPECT_NE(info.out.find("\"kind\": \"label map\""), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("\"labels\": 2"), std::string::npos) << info.out;  // ??? and the disc
  EXPECT_NE(info.out.find("\"vertices\": 5"), std::string::npos) << info.out;
  // Bad input: one line, status 2, no file.
  for (const std::string& bad : {"--vertex 5 --radius 3 --out " + (folder / "x.label").string(),
                                "--vertex 1 --radius -3 --out " + (folder / "x.label").string(),
                                "--vertex 1 --radius 3 --out " + (folder / "x.nii").string(),
                                "--vertex one --radius 3 --out " + (folder / "x.label").string()}) {
    const auto refused = run("roi disc " + surface + " " + bad);
    EXPECT_EQ(refused.status, 2) << bad;
    EXPECT_EQ(lineCount(refused.err), 1) << refused.err;
  }
  EXPECT_FALSE(std::filesystem::exists(folder / "x.label"));
  std::filesystem::remove_all(folder);
}

TEST(CommandLine, DemoRefusesBadOptionsAndForeignFoldersAtOnce) {
  const auto folder = std::filesystem::temp_directory_path() / ("vl-cli-demo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "notes.txt") << "mine";
  for (const std::string& arguments : std::vector<std::string>{"demo", "demo --out " + folder.string() + " --spacing 1",
                                      "demo --out " + folder.string() + " --seed -3", "demo --out a b",
                                      "demo --out " + folder.string(), "demo --out " + folder.string() + " --force"}) {
    const auto r = run(arguments);
    EXPECT_EQ(r.status, 2) << arguments;
    EXPECT_EQ(lineCount(r.err), 1) << arguments << ": " << r.err;
  }
  EXPECT_NE(run("demo --out " + folder.string() + " --force").err.find("not a study folder"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(folder / "notes.txt"));
  std::filesystem::remove_all(folder);
  EXPECT_EQ(run("demo --help").status, 0);
}

TEST(CommandLine, ModelsListsBundlesAndChecksOne) {
  vl::fixtures::TempDir dir;
  vl::fixtures::writeImageEmbedder(dir.path / "image");
  vl::fixtures::writeTextEmbedder(dir.path / "text");
  vl::fixtures::writeImageEmbedder(dir.path / "nan", vl::fixtures::imageEmbedderManifest(), "return y * float('nan')");
  vl::fixtures::writeManifest(dir.path / "broken", {{"format", "voxellens-model"}, {"version", 1}});

  const auto list = run("models " + dir.path.string());
  ASSERT_EQ(list.status, 0) << list.err;
  for (const char* expected : {"test-image", "test-text", "image_embedder", "[-1, 3, 8, 8] float32", "[-1, 6] int64",
                               "1.13.1", "(name): missing"})
    EXPECT_NE(list.out.find(expected), std::string::npos) << expected << "\n" << list.out;

  const auto check = run("models --check " + (dir.path / "text").string());
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("validation:  ok: dummy batch gave [2, 3]"), std::string::npos) << check.out;

  // The NaN bundle lists as usable (listing reads model.json only) but fails its check: one line, status 2.
  const auto bad = run("models --check " + (dir.path / "nan").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(lineCount(bad.err), 1) << bad.err;
  EXPECT_NE(bad.err.find("nan/model.pt (validation)"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("NaN"), std::string::npos) << bad.err;

  const auto byName = run("models --check test-image", "VOXELLENS_PLUGINS=" + dir.path.string() + " ");
  EXPECT_EQ(byName.status, 0) << byName.err;
  EXPECT_EQ(run("models --check no-such-model").status, 2);
}

// Figures: an unknown extension, a folder nobody may write in, a montage of a hemisphere that is not loaded and a bad
// grid are bad input: exit 2, one line naming the problem, and no file.
TEST(CommandLine, RenderFigureBadInputsExit2WithoutAFile) {
  const std::string data = VOXELLENS_TEST_DATA;
  const auto folder = std::filesystem::temp_directory_path() / ("voxellens-cli-figure-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto expectRefused = [&](const std::string& arguments, const std::string& says) {
    const auto r = run(arguments);
    EXPECT_EQ(r.status, 2) << arguments << "\n" << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << arguments << "\n" << r.err;
  };
  expectRefused("render --demo -o " + (folder / "fig.tiff").string(), "expected .png, .svg or .pdf");
  expectRefused("render --demo --montage everything -o " + (folder / "fig.png").string(), "unknown montage");
  expectRefused("render --demo --grid 2x2 --views lateral-left -o " + (folder / "fig.png").string(), "needs 4 views");
  expectRefused("render " + data + "/freesurfer/lh.footer.white --montage lateral-medial -o " +
                    (folder / "fig.png").string(),
                "right hemisphere, which is not loaded");
  // /proc takes no new files, even from root.
  expectRefused("render " + data + "/freesurfer/lh.footer.white --view lateral-left --size 64x48 -o /proc/vl-fig.pdf",
                "cannot write");
  EXPECT_FALSE(std::filesystem::exists("/proc/vl-fig.pdf"));
  EXPECT_TRUE(std::filesystem::is_empty(folder));
  std::filesystem::remove_all(folder);
}

// A figure, the scene it was made from, and the figure made again from that scene: the same image, provenance beside
// both.
TEST(CommandLine, RenderSceneSavedAndRenderedAgainGivesTheSameFigure) {
  const auto folder = std::filesystem::temp_directory_path() / ("voxellens-cli-scene-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto first = run("render --demo --montage ventral --letters --size 400x200 --save-scene " +
                         (folder / "fig.scene.json").string() + " -o " + (folder / "a.png").string());
  ASSERT_EQ(first.status, 0) << first.err;
  const auto second = run("render " + (folder / "fig.scene.json").string() +
                          " --montage ventral --letters --size 400x200 -o " + (folder / "b.png").string());
  ASSERT_EQ(second.status, 0) << second.err;
  QImage a(QString::fromStdString((folder / "a.png").string())), b(QString::fromStdString((folder / "b.png").string()));
  ASSERT_EQ(a.size(), QSize(400, 200));
  ASSERT_EQ(b.size(), a.size());
  double difference = 0;
  std::size_t brain = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x) {
      difference += std::abs(qGray(a.pixel(x, y)) - qGray(b.pixel(x, y)));
      brain += qGray(a.pixel(x, y)) < 235;
    }
  EXPECT_LT(difference / (400.0 * 200.0), 1.0);
  EXPECT_GT(brain, 400u * 200u / 10);  // two brains, not an empty figure
  EXPECT_TRUE(std::filesystem::exists(folder / "a.provenance.json"));
  EXPECT_TRUE(std::filesystem::exists(folder / "b.provenance.json"));
  std::filesystem::remove_all(folder);
}

// A scene the window saved with a selectivity gallery: `voxellens render` (the thin front end, no models) draws the
// gallery's bank images and caption from the study folder, highlights the selected ROI, and leaves the gallery out on
// --no-gallery.
TEST(CommandLine, RenderDrawsTheScenesGalleryAndSelectedRoiWithoutModels) {
  vl::fixtures::SmallStudyFolder study;
  const auto scene = study.dir.path / "scene.json";
  {
    std::ofstream out(scene);
    out << R"json({"voxellens_scene": 1, "study_folder": ".", "selected_rois": ["FFA"],
      "panels": [{"name": "selectivityDock", "settings": {"gallery": {"version": 1, "target": "ROI planted ROIs:FFA (lh)",
        "images": [2, 0, 4], "caption": "tiny squares", "caption_source": "nearest bank captions"}}}]})json";
  }
  const auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  const auto svg = study.dir.path / "fig.svg";
  auto r = run("render " + scene.string() + " --orthographic --size 600x300 -o " + svg.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("not restored: selected ROI"), std::string::npos) << r.err;
  std::ifstream in(svg);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(count(text, "<image "), 1u + 3u) << "the view and the gallery's three bank images";
  EXPECT_EQ(count(text, "&quot;tiny squares&quot;</text>"), 1u);
  EXPECT_EQ(count(text, " mm</text>"), 1u) << "orthographic white spheres: one scale bar";

  r = run("render " + scene.string() + " --no-gallery --no-scale-bar --select-roi nowhere --size 600x300 -o " +
          svg.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("not restored: selected ROI \"nowhere\""), std::string::npos) << r.err;
  std::ifstream again(svg);
  text.assign((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
  EXPECT_EQ(count(text, "<image "), 1u);
  EXPECT_EQ(count(text, "tiny squares"), 0u);
  EXPECT_EQ(count(text, " mm</text>"), 0u);
}
