#include "core/panels/ReconstructionPanelModel.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace vl::core {
namespace {

std::string fixed(double value, int digits) {
  if (!std::isfinite(value)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string imageLine(const char* name, const ReconstructionImageScores& s) {
  return std::string(name) + ": PixCorr " + fixed(s.pixCorr, 3) + ", SSIM " + fixed(s.ssim, 3) + ", 2-way embedding " +
         fixed(s.twoWayEmbedding, 3) + ", 2-way Gabor " + fixed(s.twoWayGabor, 3);
}

}  // namespace

void ReconstructionPanelModel::setSource(ReconstructionSource source) {
  if (running() || source == source_) return;
  source_ = source;
  ++version_;
}

std::string methodName(ReconstructionMethod method) {
  switch (method) {
    case ReconstructionMethod::Forward: return "forward model";
    case ReconstructionMethod::Ridge: return "ridge decoder";
    case ReconstructionMethod::Contrastive: return "contrastive decoder";
    case ReconstructionMethod::DecoderBundle: return "decoder bundle";
  }
  return "unknown method";
}

void ReconstructionPanelModel::setMethod(ReconstructionMethod method) {
  if (running() || method == method_) return;
  method_ = method;
  ++version_;
}

void ReconstructionPanelModel::setDecoderBundle(std::string name, std::string whyNone) {
  if (name == decoderBundle_ && whyNone == whyNoDecoderBundle_) return;
  decoderBundle_ = std::move(name);
  whyNoDecoderBundle_ = decoderBundle_.empty() ? std::move(whyNone) : std::string();
  ++version_;
}

void ReconstructionPanelModel::setTestTrials(std::size_t count) {
  testTrials_ = count;
  chosen_.clear();
  for (std::size_t i = 0; i < std::min(count, kDefaultTrials); ++i) chosen_.push_back(i);
  rows_.clear();
  scores_.reset();
  ++version_;
}

void ReconstructionPanelModel::setChosenTrials(std::vector<std::size_t> trials) {
  std::sort(trials.begin(), trials.end());
  trials.erase(std::unique(trials.begin(), trials.end()), trials.end());
  trials.erase(std::remove_if(trials.begin(), trials.end(), [this](std::size_t t) { return t >= testTrials_; }),
               trials.end());
  if (trials == chosen_) return;
  chosen_ = std::move(trials);
  ++version_;
}

bool ReconstructionPanelModel::setChosenTrials(const std::string& text, std::string& error) {
  std::vector<std::size_t> trials;
  std::size_t i = 0;
  auto skipSpaces = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  auto number = [&](std::size_t& value) {
    skipSpaces();
    const std::size_t begin = i;
    value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - begin < 9)
      value = value * 10 + std::size_t(text[i++] - '0');
    return i > begin;
  };
  skipSpaces();
  while (i < text.size()) {
    std::size_t first = 0, last = 0;
    if (!number(first)) {
      error = "'" + text + "': expected test trial indices such as 0-7, 12";
      return false;
    }
    last = first;
    skipSpaces();
    if (i < text.size() && text[i] == '-') {
      ++i;
      if (!number(last) || last < first) {
        error = "'" + text + "': a range is written first-last with first <= last";
        return false;
      }
    }
    if (last >= testTrials_) {
      error = "test trial " + std::to_string(last) + " does not exist: the study has " + std::to_string(testTrials_) +
              " test trials (0-" + std::to_string(testTrials_ ? testTrials_ - 1 : 0) + ")";
      return false;
    }
    for (std::size_t t = first; t <= last; ++t) trials.push_back(t);
    skipSpaces();
    if (i < text.size() && text[i] == ',') ++i;
    else if (i < text.size()) {
      error = "'" + text + "': indices are separated by commas";
      return false;
    }
    skipSpaces();
  }
  setChosenTrials(std::move(trials));
  return true;
}

std::string ReconstructionPanelModel::chosenTrialsText() const {
  std::string text;
  for (std::size_t k = 0; k < chosen_.size();) {
    std::size_t end = k;
    while (end + 1 < chosen_.size() && chosen_[end + 1] == chosen_[end] + 1) ++end;
    if (!text.empty()) text += ", ";
    text += std::to_string(chosen_[k]);
    if (end > k) text += "-" + std::to_string(chosen_[end]);
    k = end + 1;
  }
  return text;
}

void ReconstructionPanelModel::setSelectivityTarget(std::optional<SelectionTarget> target) {
  selectivityTarget_ = std::move(target);
  ++version_;
}

void ReconstructionPanelModel::setDrawnTarget(std::optional<SelectionTarget> target) {
  drawnTarget_ = std::move(target);
  ++version_;
}

const std::optional<SelectionTarget>& ReconstructionPanelModel::sourceTarget() const {
  static const std::optional<SelectionTarget> none;
  if (source_ == ReconstructionSource::SelectivityTarget) return selectivityTarget_;
  if (source_ == ReconstructionSource::DrawnRoi) return drawnTarget_;
  return none;
}

std::vector<std::int32_t> ReconstructionPanelModel::columns() const {
  std::vector<std::int32_t> out;
  if (const auto& target = sourceTarget())
    for (auto c : target->columns) out.push_back(static_cast<std::int32_t>(c));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string ReconstructionPanelModel::sourceDescription() const {
  if (source_ == ReconstructionSource::WholeCortex) return "the whole cortex";
  const auto& target = sourceTarget();
  return target ? target->describe() + " (" + std::to_string(target->columns.size()) + " columns)" : "no target";
}

void ReconstructionPanelModel::setInputsReady(bool ready) {
  if (ready == inputsReady_) return;
  inputsReady_ = ready;
  ++version_;
}

std::string ReconstructionPanelModel::whyNotRunnable() const {
  if (running()) return "A reconstruction is running";
  if (!inputsReady_) return "Waiting for the study's models and a generator";
  if (testTrials_ < 2) return "The study has fewer than 2 test trials";
  if (chosen_.size() < 2) return "Choose at least 2 test trials";
  if (source_ == ReconstructionSource::SelectivityTarget && !selectivityTarget_)
    return "No selectivity target: select an ROI or Alt+click the brain";
  if (source_ == ReconstructionSource::DrawnRoi && !drawnTarget_) return "No drawn ROI: draw one in the Draw ROI dock";
  if (method_ == ReconstructionMethod::DecoderBundle) {
    if (decoderBundle_.empty())
      return whyNoDecoderBundle_.empty() ? "No brain_decoder bundle fits this study" : whyNoDecoderBundle_;
    if (source_ != ReconstructionSource::WholeCortex)
      return "The decoder bundle " + decoderBundle_ + " reads the whole cortex: choose Whole cortex as the source";
  }
  if (source_ != ReconstructionSource::WholeCortex && columns().size() < 10)
    return "The target has " + std::to_string(columns().size()) + " response columns; at least 10 are needed";
  return {};
}

bool ReconstructionPanelModel::start() {
  if (!whyNotRunnable().empty()) return false;
  state_ = State::Running;
  // The scores name the method that made them, whatever the method box shows later.
  runMethod_ = methodName(method_) + (method_ == ReconstructionMethod::DecoderBundle ? " " + decoderBundle_ : "");
  rows_.clear();
  scores_.reset();
  message_.clear();
  progress_ = 0;
  progressMessage_.clear();
  ++version_;
  return true;
}

void ReconstructionPanelModel::finish(std::vector<ReconstructionPanelRow> rows, ReconstructionPanelScores scores) {
  state_ = State::Finished;
  rows_ = std::move(rows);
  scores_ = std::move(scores);
  ++version_;
}

void ReconstructionPanelModel::cancelled() {
  state_ = State::Cancelled;
  ++version_;
}

void ReconstructionPanelModel::failed(std::string message) {
  state_ = State::Failed;
  message_ = std::move(message);
  ++version_;
}

void ReconstructionPanelModel::setProgress(double fraction, std::string message) {
  progress_ = fraction;
  progressMessage_ = std::move(message);
  ++version_;
}

std::string ReconstructionPanelModel::status() const {
  switch (state_) {
    case State::Running:
      return "Running: " + std::to_string(int(std::lround(100 * progress_))) + "% " + progressMessage_;
    case State::Finished:
      return std::to_string(rows_.size()) + " test trials reconstructed from " + sourceDescription();
    case State::Cancelled: return "Cancelled";
    case State::Failed: return "Failed: " + message_;
    case State::Idle: break;
  }
  const auto why = whyNotRunnable();
  return why.empty() ? "Ready: " + std::to_string(chosen_.size()) + " test trials from " + sourceDescription() : why;
}

std::vector<std::string> ReconstructionPanelModel::scoreLines() const {
  if (!scores_) return {};
  const auto& s = *scores_;
  std::vector<std::string> lines;
  lines.push_back("Data: " + s.data + ", " + std::to_string(s.columns) + " columns");
  lines.push_back(std::to_string(s.ways) + "-way top-1 (" +
                  runMethod_ +
                  "): brain -> image " + fixed(s.brainToImage, 3) + ", image -> brain " + fixed(s.imageToBrain, 3) +
                  " (chance " + fixed(s.chance, 4) + ")");
  if (s.ceiling)
    lines.push_back("Planted ceiling: brain -> image " + fixed(s.ceiling->first, 3) + ", image -> brain " +
                    fixed(s.ceiling->second, 3));
  lines.push_back("Images (MindEye's metrics on the " + std::to_string(s.reconstructed) +
                  " trials shown; 2-way chance 0.5):");
  lines.push_back(imageLine("Low level", s.lowLevel));
  lines.push_back(imageLine("High level", s.highLevel));
  lines.push_back(imageLine("Combined", s.combined) + " (embedding weight " + fixed(s.embeddingWeight, 2) + ")");
  lines.push_back(imageLine("Generator on the true embeddings", s.fromTruth));
  return lines;
}

}  // namespace vl::core
