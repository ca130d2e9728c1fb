#include "core/fitting/StimulusSynthesisReport.h"

#include <algorithm>
#include <cmath>

namespace vl::core {
namespace {
using nlohmann::json;

json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json verdictJson(const std::optional<CategoryVerdict>& verdict, const char* scoreName) {
  if (!verdict) return nullptr;
  return {{"category", verdict->category}, {scoreName, verdict->score}};
}
}  // namespace

std::vector<SynthesisImageReport> reportSynthesis(const SynthesisResult& result, const BankReference& bank,
                                                  const Matrix& bankEmbedding, const std::vector<std::string>& captions,
                                                  const SynthesisJudges& judges, std::size_t nearestCount) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < result.starts.size(); ++i)
    if (!result.starts[i].failed && !result.starts[i].embedding.empty()) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return result.starts[a].objective > result.starts[b].objective;
  });
  std::vector<StimulusImage> images;
  Matrix embeddings(order.size(), bankEmbedding.cols);
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto& start = result.starts[order[r]];
    images.push_back(start.image);
    if (start.embedding.size() != bankEmbedding.cols)
      throw std::invalid_argument("synthesis embeddings have " + std::to_string(start.embedding.size()) +
                                  " dimensions, the bank's " + std::to_string(bankEmbedding.cols));
    std::copy(start.embedding.begin(), start.embedding.end(), embeddings.data.begin() + std::ptrdiff_t(r * embeddings.cols));
  }
  std::vector<CategoryVerdict> judged, zeroShot;
  if (judges.classifier && !images.empty()) judged = judgeCategories(*judges.classifier, images);
  if (judges.zeroShot && !images.empty()) zeroShot = judges.zeroShot->classify(embeddings);

  std::vector<double> bankNorms(bankEmbedding.rows);
  for (std::size_t b = 0; b < bankEmbedding.rows; ++b) {
    double sum = 0;
    for (std::size_t d = 0; d < bankEmbedding.cols; ++d) sum += double(bankEmbedding(b, d)) * bankEmbedding(b, d);
    bankNorms[b] = std::sqrt(std::max(sum, 1e-12));
  }
  std::vector<SynthesisImageReport> reports;
  for (std::size_t r = 0; r < order.size(); ++r) {
    SynthesisImageReport report;
    report.start = order[r];
    report.percentile = percentileRank(bank.scores, result.starts[order[r]].objective);
    double norm = 0;
    for (std::size_t d = 0; d < embeddings.cols; ++d) norm += double(embeddings(r, d)) * embeddings(r, d);
    norm = std::sqrt(std::max(norm, 1e-12));
    std::vector<std::pair<double, std::size_t>> similarity(bankEmbedding.rows);
    for (std::size_t b = 0; b < bankEmbedding.rows; ++b) {
      double dot = 0;
      for (std::size_t d = 0; d < embeddings.cols; ++d) dot += double(embeddings(r, d)) * bankEmbedding(b, d);
      similarity[b] = {dot / (norm * bankNorms[b]), b};
    }
    const std::size_t k = std::min(nearestCount, similarity.size());
    std::partial_sort(similarity.begin(), similarity.begin() + std::ptrdiff_t(k), similarity.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    for (std::size_t i = 0; i < k; ++i)
      report.nearest.push_back({similarity[i].second, similarity[i].first,
                                similarity[i].second < captions.size() ? captions[similarity[i].second] : ""});
    if (!judged.empty()) report.judge = judged[r];
    if (!zeroShot.empty()) report.zeroShot = zeroShot[r];
    reports.push_back(std::move(report));
  }
  return reports;
}

json synthesisJson(const SynthesisResult& result, const std::vector<SynthesisImageReport>& reports,
                   const BankReference& bank, const std::vector<std::string>& captions,
                   const SynthesisSettings& settings, const std::vector<std::string>& imageFiles,
                   const json& provenance) {
  const auto& o = settings.options;
  json document;
  document["settings"] = {{"target", settings.target},
                          {"minus", settings.minus.empty() ? json(nullptr) : json(settings.minus)},
                          {"lambda", settings.lambda},
                          {"diversity", settings.diversity},
                          {"space", synthesisSpaceName(o.space)},
                          {"pixels_from_latent", o.pixelsFromLatent},
                          {"starts", o.starts},
                          {"max_steps", o.maxSteps},
                          {"seed", o.seed},
                          {"threads", o.threads},
                          {"objective", settings.minus.empty() ? "mean predicted response of the target's columns"
                                                               : "target's mean predicted response - lambda x minus's"}};
  document["bank"] = {{"images", bank.scores.size()},
                      {"p50", number(bank.p50)},
                      {"p95", number(bank.p95)},
                      {"p99", number(bank.p99)},
                      {"best", number(bank.best)},
                      {"best_index", bank.bestIndex},
                      {"best_caption", bank.bestIndex < captions.size() ? captions[bank.bestIndex] : ""}};
  document["run"] = {{"steps", result.steps},
                     {"stop", result.stopReason},
                     {"seconds", result.seconds},
                     {"first_preview_seconds", result.firstFrameSeconds}};
  json images = json::array();
  for (std::size_t rank = 0; rank < reports.size(); ++rank) {
    const auto& report = reports[rank];
    const auto& start = result.starts[report.start];
    json nearest = json::array();
    for (const auto& n : report.nearest)
      nearest.push_back({{"index", n.index}, {"similarity", n.similarity}, {"caption", n.caption}});
    images.push_back({{"rank", rank + 1},
                      {"start", report.start + 1},
                      {"file", report.start < imageFiles.size() ? json(imageFiles[report.start]) : json(nullptr)},
                      {"objective", number(start.objective)},
                      {"target_response", number(start.targetResponse)},
                      {"minus_response", settings.minus.empty() ? json(nullptr) : number(start.minusResponse)},
                      {"bank_percentile", number(report.percentile)},
                      {"steps", start.steps},
                      {"judge", verdictJson(report.judge, "probability")},
                      {"zero_shot", verdictJson(report.zeroShot, "similarity")},
                      {"nearest_bank_images", nearest}});
  }
  document["images"] = images;
  json failures = json::array();
  for (const auto& start : result.starts)
    if (start.failed) failures.push_back(start.failure);
  document["failed_starts"] = failures;
  document["provenance"] = provenance;
  return document;
}

StimulusImage contactSheet(const std::vector<StimulusImage>& images, const std::vector<std::size_t>& order, int cell) {
  constexpr int kPerRow = 4, kGap = 4;
  const int count = int(order.size());
  const int columns = std::max(1, std::min(kPerRow, count)), rows = std::max(1, (count + kPerRow - 1) / kPerRow);
  StimulusImage sheet;
  sheet.width = columns * (cell + kGap) + kGap;
  sheet.height = rows * (cell + kGap) + kGap;
  sheet.rgb.assign(std::size_t(sheet.width) * std::size_t(sheet.height) * 3, 255);
  for (int n = 0; n < count; ++n) {
    const auto& image = images.at(order[std::size_t(n)]);
    if (image.width <= 0 || image.height <= 0) continue;
    const int left = kGap + (n % kPerRow) * (cell + kGap), top = kGap + (n / kPerRow) * (cell + kGap);
    for (int y = 0; y < cell; ++y)
      for (int x = 0; x < cell; ++x) {
        const int sx = x * image.width / cell, sy = y * image.height / cell;
        const auto* source = &image.rgb[(std::size_t(sy) * std::size_t(image.width) + std::size_t(sx)) * 3];
        std::copy(source, source + 3, &sheet.rgb[(std::size_t(top + y) * std::size_t(sheet.width) + std::size_t(left + x)) * 3]);
      }
  }
  return sheet;
}

}  // namespace vl::core
