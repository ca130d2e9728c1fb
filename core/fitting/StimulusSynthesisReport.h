#pragma once
// What is said about each synthesised image, by the CLI (synthesis.json) and the panel alike: its rank, its
// percentile among the bank's predicted responses, the nearest bank images (cosine similarity of embeddings) with
// their captions, and the two judges' categories (the classifier bundle and the text encoder's zero-shot).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fitting/StimulusSynthesis.h"
#include "core/fitting/StimulusSynthesisJudges.h"

namespace vl::core {

struct NearestBankImage {
  std::size_t index = 0;
  double similarity = 0;
  std::string caption;
};

struct SynthesisImageReport {
  std::size_t start = 0;   // index into SynthesisResult::starts
  double percentile = 0;   // of its objective among the bank's
  std::vector<NearestBankImage> nearest;
  std::optional<CategoryVerdict> judge, zeroShot;
};

struct SynthesisJudges {
  const ImageClassifier* classifier = nullptr;  // optional
  const ZeroShotCategories* zeroShot = nullptr;  // optional
};

// One report per start that did not fail, best objective first. `captions`: the bank's (may be empty).
std::vector<SynthesisImageReport> reportSynthesis(const SynthesisResult& result, const BankReference& bank,
                                                  const Matrix& bankEmbedding, const std::vector<std::string>& captions,
                                                  const SynthesisJudges& judges, std::size_t nearestCount = 3);

struct SynthesisSettings {
  SynthesisOptions options;
  std::string target, minus;  // described targets; minus empty without a contrast
  double lambda = 1.0, diversity = 0.0;
};

// synthesis.json. `imageFiles`: the PNG file name of each start (same order as result.starts), may be empty.
nlohmann::json synthesisJson(const SynthesisResult& result, const std::vector<SynthesisImageReport>& reports,
                             const BankReference& bank, const std::vector<std::string>& captions,
                             const SynthesisSettings& settings, const std::vector<std::string>& imageFiles,
                             const nlohmann::json& provenance);

// A grid of the images in `order` (4 per row, each scaled to `cell` pixels), RGB, top row first.
StimulusImage contactSheet(const std::vector<StimulusImage>& images, const std::vector<std::size_t>& order,
                           int cell = 128);

}  // namespace vl::core
