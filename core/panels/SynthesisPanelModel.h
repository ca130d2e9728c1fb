#pragma once
// The state and rules of the synthesis panel, without Qt or LibTorch (DESIGN.md section 8): the target and the
// settings of the next run, the run's state, the score trace of every start (for the plot of predicted response
// against step), the latest preview of every start, the bank's reference lines, and the finished images ranked.
// The panel's job (widgets/SynthesisPanel) runs core/fitting/StimulusSynthesis and feeds this model its frames and
// results; each change bumps a version number so the widget redraws only what changed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Stimulus.h"
#include "core/selectivity/SelectionTarget.h"

namespace vl::core {

struct SynthesisPanelImage {
  std::size_t start = 0;  // 0-based start index
  StimulusImage image;
  double score = 0, percentile = 0;
  std::string judge;  // the classifier's category ("" without a judge)
  double judgeProbability = 0;
  std::string zeroShot;
  std::vector<std::size_t> nearest;  // bank image indices, most similar first
  std::string nearestCaption;        // the nearest bank image's caption
};

struct SynthesisReferences {
  double p50 = 0, p99 = 0, best = 0;  // the bank's 50th and 99th percentiles and its best image's score
};

class SynthesisPanelModel {
public:
  enum class State { Idle, Running, Finished, Cancelled, Failed };
  static constexpr int kMaxStarts = 64, kMaxSteps = 5000;

  const std::optional<SelectionTarget>& target() const { return target_; }
  void setTarget(SelectionTarget target);  // ignored while running
  void clearTarget();

  int starts() const { return starts_; }
  void setStarts(int n);  // clamped to 1..kMaxStarts
  int maxSteps() const { return maxSteps_; }
  void setMaxSteps(int n);  // clamped to 1..kMaxSteps
  bool pixelSpace() const { return pixels_; }
  void setPixelSpace(bool pixels);
  std::uint64_t seed() const { return seed_; }
  void setSeed(std::uint64_t seed);
  // Off: the run goes on to maxSteps (or Stop) even when the scores no longer improve.
  bool stopOnPlateau() const { return stopOnPlateau_; }
  void setStopOnPlateau(bool on);

  State state() const { return state_; }
  bool running() const { return state_ == State::Running; }
  // Why Start is disabled, or "" when it is enabled.
  std::string whyNotStartable() const;
  // Clears the traces, previews and results and enters Running; false (and no change) when not startable.
  bool start();
  void setReferences(const SynthesisReferences& references);
  // One step's scores (NaN for a failed start) and, on some steps, a preview per start.
  void addFrame(int step, const std::vector<double>& scores, std::vector<StimulusImage> previews);
  void finish(std::vector<SynthesisPanelImage> ranked, std::vector<std::string> failures);
  void cancelled();
  void failed(std::string message);

  // Per start, the (step, score) points received so far.
  const std::vector<std::vector<std::pair<int, double>>>& traces() const { return traces_; }
  const std::vector<StimulusImage>& previews() const { return previews_; }
  const std::optional<SynthesisReferences>& references() const { return references_; }
  const std::vector<SynthesisPanelImage>& ranked() const { return ranked_; }
  const std::vector<std::string>& failures() const { return failures_; }
  int lastStep() const { return lastStep_; }
  // The plot's value range: every trace point and reference line, widened by 5 %; {0, 1} when empty.
  std::pair<double, double> scoreRange() const;
  std::string status() const;

  std::uint64_t version() const { return version_; }                 // any change
  std::uint64_t previewVersion() const { return previewVersion_; }   // previews changed

private:
  std::optional<SelectionTarget> target_;
  int starts_ = 8, maxSteps_ = 150;
  bool pixels_ = false;
  bool stopOnPlateau_ = true;
  std::uint64_t seed_ = 1;
  State state_ = State::Idle;
  std::vector<std::vector<std::pair<int, double>>> traces_;
  std::vector<StimulusImage> previews_;
  std::optional<SynthesisReferences> references_;
  std::vector<SynthesisPanelImage> ranked_;
  std::vector<std::string> failures_;
  std::string message_;
  int lastStep_ = -1;
  std::uint64_t version_ = 0, previewVersion_ = 0;
};

}  // namespace vl::core
