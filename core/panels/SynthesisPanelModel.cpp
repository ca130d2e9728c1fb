#include "core/panels/SynthesisPanelModel.h"

#include <algorithm>
#include <cmath>

namespace vl::core {

void SynthesisPanelModel::setTarget(SelectionTarget target) {
  if (running()) return;
  target_ = std::move(target);
  ++version_;
}

void SynthesisPanelModel::clearTarget() {
  if (running()) return;
  target_.reset();
  ++version_;
}

void SynthesisPanelModel::setStarts(int n) {
  starts_ = std::clamp(n, 1, kMaxStarts);
  ++version_;
}

void SynthesisPanelModel::setMaxSteps(int n) {
  maxSteps_ = std::clamp(n, 1, kMaxSteps);
  ++version_;
}

void SynthesisPanelModel::setPixelSpace(bool pixels) {
  pixels_ = pixels;
  ++version_;
}

void SynthesisPanelModel::setSeed(std::uint64_t seed) {
  seed_ = seed;
  ++version_;
}

void SynthesisPanelModel::setStopOnPlateau(bool on) {
  stopOnPlateau_ = on;
  ++version_;
}

std::string SynthesisPanelModel::whyNotStartable() const {
  if (running()) return "a synthesis is running";
  if (!target_) return "no target: pick an ROI or click the brain";
  if (target_->columns.empty()) return "the target " + target_->describe() + " has no fitted columns";
  return "";
}

bool SynthesisPanelModel::start() {
  if (!whyNotStartable().empty()) return false;
  state_ = State::Running;
  traces_.assign(std::size_t(starts_), {});
  previews_.clear();
  references_.reset();
  ranked_.clear();
  failures_.clear();
  message_.clear();
  lastStep_ = -1;
  ++version_;
  ++previewVersion_;
  return true;
}

void SynthesisPanelModel::setReferences(const SynthesisReferences& references) {
  references_ = references;
  ++version_;
}

void SynthesisPanelModel::addFrame(int step, const std::vector<double>& scores, std::vector<StimulusImage> previews) {
  if (!running()) return;
  if (traces_.size() < scores.size()) traces_.resize(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (std::isfinite(scores[i])) traces_[i].emplace_back(step, scores[i]);
  lastStep_ = std::max(lastStep_, step);
  if (!previews.empty()) {
    previews_ = std::move(previews);
    ++previewVersion_;
  }
  ++version_;
}

void SynthesisPanelModel::finish(std::vector<SynthesisPanelImage> ranked, std::vector<std::string> failures) {
  state_ = State::Finished;
  ranked_ = std::move(ranked);
  failures_ = std::move(failures);
  ++version_;
}

void SynthesisPanelModel::cancelled() {
  state_ = State::Cancelled;
  ++version_;
}

void SynthesisPanelModel::failed(std::string message) {
  state_ = State::Failed;
  message_ = std::move(message);
  ++version_;
}

std::pair<double, double> SynthesisPanelModel::scoreRange() const {
  double low = INFINITY, high = -INFINITY;
  for (const auto& trace : traces_)
    for (const auto& [step, score] : trace) low = std::min(low, score), high = std::max(high, score);
  if (references_)
    for (const double v : {references_->p50, references_->p99, references_->best})
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  if (!(low <= high)) return {0.0, 1.0};
  const double margin = std::max(1e-6, 0.05 * (high - low));
  return {low - margin, high + margin};
}

std::string SynthesisPanelModel::status() const {
  switch (state_) {
    case State::Idle: {
      const auto why = whyNotStartable();
      return why.empty() ? "ready: " + target_->describe() : why;
    }
    case State::Running: return "step " + std::to_string(std::max(0, lastStep_)) + " of at most " + std::to_string(maxSteps_);
    case State::Finished: {
      std::string text = "finished: " + std::to_string(ranked_.size()) + " images";
      if (!failures_.empty()) text += ", " + std::to_string(failures_.size()) + " failed (" + failures_.front() + ")";
      return text;
    }
    case State::Cancelled: return "cancelled at step " + std::to_string(std::max(0, lastStep_));
    case State::Failed: return "failed: " + message_;
  }
  return "";
}

}  // namespace vl::core
