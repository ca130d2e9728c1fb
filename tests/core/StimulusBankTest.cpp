// The demo stimulus bank: determinism across runs and thread counts, category balance, captions from the bounded
// vocabulary, and pixel measurements that fail if the drawing ignored its parameters (item position and size,
// face pose, grating orientation and spatial frequency). Then the stimuli folder round trip and its errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "core/base/FormatError.h"
#include "core/demo/StimulusBank.h"
#include "core/demo/StimulusFolder.h"
#include "core/io/NpyWriter.h"
#include "tests/support/TempDir.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {
core::StimulusBank makeBank(std::uint64_t seed, std::size_t count, int size = 64, unsigned threads = 0) {
  core::StimulusBankOptions options;
  options.seed = seed;
  options.count = count;
  options.imageSize = size;
  options.threads = threads;
  return core::generateStimulusBank(options);
}

float lum(const core::StimulusImage& image, int x, int y) {
  const auto* p = &image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3];
  return (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) / 255.0f;
}

bool hasTag(const core::Stimulus& s, const std::string& tag) {
  return std::find(s.tags.begin(), s.tags.end(), tag) != s.tags.end();
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

void writeText(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST(StimulusBank, SameSeedGivesIdenticalBankWhateverTheThreadCount) {
  const auto a = makeBank(7, 300, 64, 1);
  const auto b = makeBank(7, 300, 64, 3);
  ASSERT_EQ(a.images.size(), 300u);
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    ASSERT_EQ(a.images[i].rgb, b.images[i].rgb) << "image " << i;
    EXPECT_EQ(a.stimuli[i].caption, b.stimuli[i].caption);
    EXPECT_EQ(a.stimuli[i].tags, b.stimuli[i].tags);
    EXPECT_EQ(a.stimuli[i].category, b.stimuli[i].category);
    EXPECT_EQ(a.stimuli[i].centreX, b.stimuli[i].centreX);
    EXPECT_EQ(a.stimuli[i].size, b.stimuli[i].size);
    EXPECT_EQ(a.stimuli[i].index, i);
  }
  // One image on its own is the same as in the bank.
  core::Stimulus alone;
  const auto image = core::paintStimulus(7, 123, a.stimuli[123].category, 64, alone);
  EXPECT_EQ(image.rgb, a.images[123].rgb);
  EXPECT_EQ(alone.caption, a.stimuli[123].caption);
}

TEST(StimulusBank, DifferentSeedsGiveDifferentImagesAndOrders) {
  const auto a = makeBank(7, 200), b = makeBank(8, 200);
  std::size_t differentImages = 0, differentCategories = 0;
  for (std::size_t i = 0; i < 200; ++i) {
    differentImages += a.images[i].rgb != b.images[i].rgb;
    differentCategories += a.stimuli[i].category != b.stimuli[i].category;
  }
  EXPECT_EQ(differentImages, 200u);
  EXPECT_GT(differentCategories, 120u);  // independent shuffles agree on ~1/7 of the positions
}

TEST(StimulusBank, CategoriesAreBalancedAndShuffled) {
  for (std::size_t count : {700u, 703u, 13u}) {
    const auto order = core::stimulusCategoryOrder(2026, count);
    std::map<core::StimulusCategory, std::size_t> counts;
    for (auto c : order) ++counts[c];
    for (auto c : core::allStimulusCategories) {
      EXPECT_GE(counts[c], count / 7) << count;
      EXPECT_LE(counts[c], count / 7 + 1) << count;
    }
  }
  const auto order = core::stimulusCategoryOrder(2026, 700);
  std::size_t inCycle = 0;
  for (std::size_t i = 0; i < order.size(); ++i) inCycle += order[i] == core::allStimulusCategories[i % 7];
  EXPECT_LT(inCycle, 200u);  // not the unshuffled 0..6 cycle
  const auto bank = makeBank(2026, 70);
  const auto order70 = core::stimulusCategoryOrder(2026, 70);
  for (std::size_t i = 0; i < 70; ++i) EXPECT_EQ(bank.stimuli[i].category, order70[i]) << "the bank uses the order";
}

TEST(StimulusBank, CaptionsUseTheBoundedVocabularyAndTagsStartWithTheCategory) {
  const auto bank = makeBank(11, 1400);
  const auto& vocabulary = core::stimulusCaptionVocabulary();
  ASSERT_TRUE(std::is_sorted(vocabulary.begin(), vocabulary.end()));
  std::set<std::string> seen, captions;
  for (const auto& s : bank.stimuli) {
    ASSERT_FALSE(s.caption.empty());
    EXPECT_EQ(s.caption.find_first_of("\t\r\n"), std::string::npos);
    ASSERT_GE(s.tags.size(), 3u);
    EXPECT_EQ(s.tags.front(), core::stimulusCategoryName(s.category));
    for (const auto& tag : s.tags) EXPECT_EQ(tag.find_first_of(",\t\r\n"), std::string::npos) << tag;
    const auto words = core::captionWords(s.caption);
    EXPECT_LE(words.size(), 16u) << s.caption;  // fits the text encoder's max_tokens
    for (const auto& w : words) {
      EXPECT_TRUE(std::binary_search(vocabulary.begin(), vocabulary.end(), w)) << "'" << w << "' in " << s.caption;
      seen.insert(w);
    }
    captions.insert(s.caption);
  }
  EXPECT_GT(seen.size(), 150u) << "captions use most of the vocabulary";
  EXPECT_GT(captions.size(), 700u) << "captions are varied";
  EXPECT_EQ(core::captionWords("The word 'House', 2x!"), (std::vector<std::string>{"the", "word", "house", "2x"}));
}

TEST(StimulusBank, CaptionsAgreeWithTagsAndFields) {
  const auto bank = makeBank(12, 1400);
  for (const auto& s : bank.stimuli) {
    const bool isPattern = s.category == core::StimulusCategory::Pattern;
    if (!isPattern) {
      EXPECT_TRUE(std::isnan(s.orientation));
      EXPECT_TRUE(std::isnan(s.spatialFrequency));
    }
    EXPECT_GE(s.centreX, -1.0f);
    EXPECT_LE(s.centreX, 1.0f);
    EXPECT_GT(s.size, 0.05f);
    EXPECT_LE(s.size, 1.0f + 1e-6f);
    if (s.category == core::StimulusCategory::Place) {
      EXPECT_EQ(s.size, 1.0f);
    }
    if (s.category == core::StimulusCategory::Face) {
      const bool left = hasTag(s, "turned left"), right = hasTag(s, "turned right");
      EXPECT_NE(left || right, hasTag(s, "frontal"));
      if (s.caption.find("turned left") != std::string::npos || s.caption.find("looking left") != std::string::npos) {
        EXPECT_TRUE(left) << s.caption;
      }
      for (const char* e : {"smiling", "neutral", "frowning"}) {
        if (s.caption.find(e) != std::string::npos) {
          EXPECT_TRUE(hasTag(s, e)) << s.caption;
        }
      }
    }
    // Position words in captions match the centre: "left" items sit left of centre, "top" ones above.
    if (!isPattern && s.category != core::StimulusCategory::Place) {
      if (hasTag(s, "upper left") || hasTag(s, "left") || hasTag(s, "lower left")) {
        EXPECT_LT(s.centreX, -0.02f) << s.caption;
      }
      if (hasTag(s, "upper right") || hasTag(s, "right") || hasTag(s, "lower right")) {
        EXPECT_GT(s.centreX, 0.02f) << s.caption;
      }
      if (hasTag(s, "top") || hasTag(s, "upper left") || hasTag(s, "upper right")) {
        EXPECT_GT(s.centreY, 0.02f) << s.caption;
      }
      if (hasTag(s, "bottom") || hasTag(s, "lower left") || hasTag(s, "lower right")) {
        EXPECT_LT(s.centreY, -0.02f) << s.caption;
      }
    }
  }
}

TEST(StimulusBank, ImageSizeAndOptionsAreChecked) {
  const auto bank = makeBank(3, 14, 96);
  for (const auto& image : bank.images) {
    EXPECT_EQ(image.width, 96);
    EXPECT_EQ(image.height, 96);
    EXPECT_EQ(image.rgb.size(), 96u * 96u * 3u);
  }
  EXPECT_THROW(makeBank(3, 14, 32), std::invalid_argument);
  EXPECT_THROW(makeBank(3, 0, 64), std::invalid_argument);
}

TEST(StimulusBank, CancelledGenerationThrows) {
  std::stop_source stop;
  stop.request_stop();
  core::StimulusBankOptions options;
  options.count = 500;
  EXPECT_THROW(core::generateStimulusBank(options, core::JobContext(stop.get_token(), {})), core::JobCancelled);
}

// The bounding box of what differs from the background (the border's median luminance) is where the stimulus
// says the item is and as large as it says.
TEST(StimulusBank, ItemsAreDrawnWhereAndAsLargeAsTheFieldsSay) {
  const auto bank = makeBank(21, 700, 128);
  std::vector<double> centreErrors, sizeErrors;
  for (std::size_t i = 0; i < bank.images.size(); ++i) {
    const auto& s = bank.stimuli[i];
    if (s.category == core::StimulusCategory::Place || s.category == core::StimulusCategory::Pattern) continue;
    const auto& image = bank.images[i];
    const int n = image.width;
    std::vector<float> border;
    for (int k = 0; k < n; ++k)
      for (float v : {lum(image, k, 0), lum(image, k, n - 1), lum(image, 0, k), lum(image, n - 1, k)}) border.push_back(v);
    std::nth_element(border.begin(), border.begin() + border.size() / 2, border.end());
    const float background = border[border.size() / 2];
    int x0 = n, y0 = n, x1 = -1, y1 = -1;
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x)
        if (std::abs(lum(image, x, y) - background) > 0.2f) {
          x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
        }
    ASSERT_GE(x1, 0) << "nothing drawn for " << s.caption;
    const double cx = (x0 + x1 + 1) / double(n) - 1, cy = 1 - (y0 + y1 + 1) / double(n);
    centreErrors.push_back(std::hypot(cx - s.centreX, cy - s.centreY));
    sizeErrors.push_back(std::abs(std::max(x1 - x0 + 1, y1 - y0 + 1) / double(n) - s.size) / s.size);
  }
  ASSERT_GT(centreErrors.size(), 450u);
  EXPECT_LT(percentile(centreErrors, 0.5), 0.03);
  EXPECT_LT(percentile(centreErrors, 0.9), 0.1);
  EXPECT_LT(percentile(sizeErrors, 0.5), 0.06);
  EXPECT_LT(percentile(sizeErrors, 0.9), 0.2);
}

// A face turned left has its pupils (the darkest pixels) left of the face's centre, turned right right of it.
TEST(StimulusBank, FacePoseMovesTheFeatures) {
  int correct = 0, turned = 0;
  double frontalShift = 0;
  int frontal = 0;
  for (std::uint32_t index = 0; index < 240; ++index) {
    core::Stimulus s;
    const auto image = core::paintStimulus(5, index, core::StimulusCategory::Face, 192, s);
    if (hasTag(s, "small")) continue;  // pupils of a few pixels: too small to threshold reliably
    const int n = image.width;
    const float cx = (s.centreX + 1) / 2 * n, cy = (1 - s.centreY) / 2 * n, half = s.size / 2 * n;
    double sum = 0;
    int count = 0;
    for (int y = std::max(0, int(cy - half)); y < std::min(n, int(cy + 0.2f * half)); ++y)
      for (int x = std::max(0, int(cx - half)); x < std::min(n, int(cx + half)); ++x)
        if (lum(image, x, y) < 0.08f) {
          sum += x + 0.5 - cx;
          ++count;
        }
    ASSERT_GT(count, 0) << "no pupils in " << s.caption;
    const double shift = sum / count / half;
    if (hasTag(s, "frontal")) {
      frontalShift += std::abs(shift);
      ++frontal;
    } else {
      ++turned;
      correct += hasTag(s, "turned left") ? shift < -0.05 : shift > 0.05;
    }
  }
  ASSERT_GT(turned, 70);
  ASSERT_GT(frontal, 35);
  EXPECT_GE(correct, turned * 97 / 100);
  EXPECT_LT(frontalShift / frontal, 0.05);
}

// The structure tensor of a grating's luminance gives its orientation; the ratio of gradient energy to variance
// its spatial frequency.
TEST(StimulusBank, GratingOrientationAndFrequencyMatchThePixels) {
  int gratings = 0, fullFields = 0;
  for (std::uint32_t index = 0; index < 120; ++index) {
    core::Stimulus s;
    const auto image = core::paintStimulus(9, index, core::StimulusCategory::Pattern, 128, s);
    if (std::isnan(s.orientation)) {
      EXPECT_FALSE(std::isnan(s.spatialFrequency)) << "checkerboards have a check density";
      continue;
    }
    ++gratings;
    const int n = image.width;
    const double cx = (s.centreX + 1) / 2 * n, cy = (1 - s.centreY) / 2 * n, radius = 0.6 * s.size / 2 * n;
    const bool full = s.size >= 1.0f;
    double jxx = 0, jyy = 0, jxy = 0, energy = 0, sum = 0, sum2 = 0;
    int count = 0;
    for (int y = 1; y < n - 1; ++y)
      for (int x = 1; x < n - 1; ++x) {
        if (!full && std::hypot(x + 0.5 - cx, y + 0.5 - cy) > radius) continue;
        const double gx = (lum(image, x + 1, y) - lum(image, x - 1, y)) / 2;
        const double gy = (lum(image, x, y + 1) - lum(image, x, y - 1)) / 2;
        jxx += gx * gx, jyy += gy * gy, jxy += gx * gy;
        const double fx = lum(image, x + 1, y) - lum(image, x, y), fy = lum(image, x, y + 1) - lum(image, x, y);
        energy += fx * fx + fy * fy;
        const double v = lum(image, x, y);
        sum += v, sum2 += v * v;
        ++count;
      }
    ASSERT_GT(count, 100);
    // Dominant gradient direction in image coordinates (y down); flip y to measure counter-clockwise.
    const double gradientAngle = -0.5 * std::atan2(2 * jxy, jxx - jyy) * 180 / M_PI;
    const double measured = std::fmod(gradientAngle + 360, 180);
    double difference = std::abs(measured - s.orientation);
    difference = std::min(difference, 180 - difference);
    EXPECT_LT(difference, 3.0) << s.caption << ": stored " << s.orientation << ", measured " << measured;
    const double variance = sum2 / count - (sum / count) * (sum / count);
    const double omega = std::sqrt(energy / count / variance);       // 2 sin(w/2) for forward differences
    const double cyclesPerWidth = 2 * std::asin(std::min(1.0, omega / 2)) * n / (2 * M_PI);
    // Only over a full field: a patch holds too few cycles for the variance to be that of a whole sinusoid.
    if (full) {
      EXPECT_NEAR(cyclesPerWidth, s.spatialFrequency, 0.1 * s.spatialFrequency) << s.caption;
    }
    fullFields += full;
  }
  EXPECT_GT(gratings, 40);
  EXPECT_GT(fullFields, 15);
}

TEST(StimulusFolder, RoundTrip) {
  fixtures::TempDir dir;
  const auto bank = makeBank(4, 60);
  core::writeStimulusFolder(dir.path, bank);
  for (const char* name : {"images.npy", "captions.txt", "tags.tsv"}) EXPECT_TRUE(fs::exists(dir.path / "stimuli" / name));
  const auto back = core::readStimulusFolder(dir.path);
  ASSERT_EQ(back.images.size(), 60u);
  for (std::size_t i = 0; i < 60; ++i) {
    EXPECT_EQ(back.images[i].width, 64);
    EXPECT_EQ(back.images[i].rgb, bank.images[i].rgb);
    EXPECT_EQ(back.stimuli[i].caption, bank.stimuli[i].caption);
    EXPECT_EQ(back.stimuli[i].category, bank.stimuli[i].category);
    EXPECT_EQ(back.stimuli[i].tags, bank.stimuli[i].tags);
    EXPECT_EQ(back.stimuli[i].index, i);
  }
  // "index<TAB>category<TAB>tags": the category has its own column and is not repeated in the list.
  const auto tags = readText(dir.path / "stimuli" / "tags.tsv");
  std::string expected = "0\t" + std::string(core::stimulusCategoryName(bank.stimuli[0].category)) + "\t";
  for (std::size_t t = 1; t < bank.stimuli[0].tags.size(); ++t) expected += (t > 1 ? "," : "") + bank.stimuli[0].tags[t];
  EXPECT_EQ(tags.substr(0, tags.find('\n')), expected);
  // The images file is what numpy.save writes for a uint8 (60, 64, 64, 3) array.
  const auto npy = readText(dir.path / "stimuli" / "images.npy");
  EXPECT_NE(npy.find("'descr': '|u1', 'fortran_order': False, 'shape': (60, 64, 64, 3), }"), std::string::npos);
  EXPECT_EQ(npy.size(), 128u + 60u * 64 * 64 * 3);
}

TEST(StimulusFolder, MalformedFoldersGiveFormatErrors) {
  const auto bank = makeBank(4, 20);
  auto expectError = [&](const std::function<void(const fs::path&)>& damage, const std::string& file,
                         const std::string& fragment) {
    fixtures::TempDir dir;
    core::writeStimulusFolder(dir.path, bank);
    damage(dir.path / "stimuli");
    try {
      core::readStimulusFolder(dir.path);
      ADD_FAILURE() << "no error for damaged " << file;
    } catch (const core::FormatError& e) {
      EXPECT_EQ(e.file().filename(), file);
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expectError([](const fs::path& d) { fs::remove(d / "images.npy"); }, "images.npy", "no such file");
  expectError([](const fs::path& d) { core::writeNpy(d / "images.npy", std::vector<float>(20 * 4 * 4 * 3), {20, 4, 4, 3}); },
              "images.npy", "uint8");
  expectError([](const fs::path& d) {
                core::NpyArray a;
                a.dtype = core::NpyArray::DType::UInt8;
                a.shape = {20, 64, 64};
                a.data.resize(20 * 64 * 64);
                core::writeNpy(d / "images.npy", a);
              },
              "images.npy", "(count, height, width, 3)");
  expectError([](const fs::path& d) {
                auto text = readText(d / "captions.txt");
                writeText(d / "captions.txt", text.substr(0, text.rfind('\n', text.size() - 2) + 1));
              },
              "captions.txt", "19 captions for 20");
  expectError([](const fs::path& d) {
                auto text = readText(d / "tags.tsv");
                const auto at = text.find("\n3\t") + 3;
                writeText(d / "tags.tsv", text.substr(0, at) + "animal" + text.substr(text.find('\t', at)));
              },
              "tags.tsv", "stimulus 3): unknown category 'animal'");
  expectError([](const fs::path& d) {
                auto text = readText(d / "tags.tsv");
                writeText(d / "tags.tsv", "7" + text.substr(1));
              },
              "tags.tsv", "stimulus 0): no line for this stimulus");
  expectError([](const fs::path& d) {
                auto text = readText(d / "tags.tsv");
                const auto tab = text.find('\t');
                writeText(d / "tags.tsv", text.substr(0, tab) + text.substr(tab + 1));
              },
              "tags.tsv", "index<TAB>category<TAB>tags");
  expectError([](const fs::path& d) { fs::remove(d / "tags.tsv"); }, "tags.tsv", "no such file");
}
