#pragma once
// The state and rules of the Reconstruction panel, without Qt or LibTorch (DESIGN.md section 8): where the
// responses come from (the whole cortex, the selectivity explorer's current target, a drawn ROI), how trials are
// identified (forward model, ridge or contrastive decoder, or the user's brain_decoder bundle), which test trials to show, the run's state, and what the last run
// found: per trial the seen image, the 5 most likely test images with the rank of the true one, and the low-level,
// high-level and combined reconstructions; the scores beside them with their data, chance level and ceiling. The
// widget (widgets/ReconstructionPanel) binds to it; app/ReconstructionController runs core::reconstructStudy.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/Stimulus.h"
#include "core/selectivity/SelectionTarget.h"

namespace vl::core {

enum class ReconstructionSource { WholeCortex, SelectivityTarget, DrawnRoi };
// DecoderBundle: the user's own brain_decoder bundle (one that reads every response column of the study).
enum class ReconstructionMethod { Forward, Ridge, Contrastive, DecoderBundle };
// "forward model", "ridge decoder", "contrastive decoder", "decoder bundle"
std::string methodName(ReconstructionMethod method);

struct ReconstructionPanelRow {
  std::size_t testRow = 0;
  StimulusImage seen;
  std::vector<StimulusImage> identified;  // the 5 most likely test images, best first
  std::size_t trueRank = 0;               // 1-based rank of the seen image among the test images
  StimulusImage lowLevel, highLevel, combined;
};

struct ReconstructionImageScores {
  double pixCorr = 0, ssim = 0, twoWayEmbedding = 0, twoWayGabor = 0;  // twoWayGabor may be NaN
};

struct ReconstructionPanelScores {
  double brainToImage = 0, imageToBrain = 0, chance = 0;
  std::size_t ways = 0, columns = 0;
  std::optional<std::pair<double, double>> ceiling;  // brain -> image, image -> brain with the planted truth
  ReconstructionImageScores lowLevel, highLevel, combined, fromTruth;
  std::size_t reconstructed = 0;  // trials the image scores average over
  std::string data;               // e.g. "repeat means (3 trials each)"
  double embeddingWeight = 0;     // the combined weight chosen on validation images
};

class ReconstructionPanelModel {
public:
  enum class State { Idle, Running, Finished, Cancelled, Failed };
  static constexpr std::size_t kDefaultTrials = 8;

  ReconstructionSource source() const { return source_; }
  void setSource(ReconstructionSource source);
  ReconstructionMethod method() const { return method_; }
  void setMethod(ReconstructionMethod method);

  // The study's test rows: choosing resets to the first kDefaultTrials of them.
  std::size_t testTrials() const { return testTrials_; }
  void setTestTrials(std::size_t count);
  const std::vector<std::size_t>& chosenTrials() const { return chosen_; }
  // Sorted, without repeats; indices past the test rows are dropped.
  void setChosenTrials(std::vector<std::size_t> trials);
  // "0-7, 12, 40": ranges and single indices. False (the choice unchanged, the reason in `error`) for text that is
  // not such a list or names a trial past the test rows.
  bool setChosenTrials(const std::string& text, std::string& error);
  std::string chosenTrialsText() const;  // the same format

  void setSelectivityTarget(std::optional<SelectionTarget> target);
  void setDrawnTarget(std::optional<SelectionTarget> target);
  const std::optional<SelectionTarget>& selectivityTarget() const { return selectivityTarget_; }
  const std::optional<SelectionTarget>& drawnTarget() const { return drawnTarget_; }
  // The columns of the chosen source (empty for the whole cortex) and its name for the scores.
  std::vector<std::int32_t> columns() const;
  std::string sourceDescription() const;

  // The brain_decoder bundle the DecoderBundle method runs: its name, or empty when none fits the study (then
  // `whyNoDecoderBundle` says why, e.g. "no brain_decoder bundle reads this study's 5871 response columns").
  void setDecoderBundle(std::string name, std::string whyNone = {});
  const std::string& decoderBundle() const { return decoderBundle_; }

  void setInputsReady(bool ready);
  bool inputsReady() const { return inputsReady_; }

  State state() const { return state_; }
  bool running() const { return state_ == State::Running; }
  std::string whyNotRunnable() const;  // "" when Run is enabled
  bool start();                        // false (and no change) when not runnable
  void finish(std::vector<ReconstructionPanelRow> rows, ReconstructionPanelScores scores);
  void cancelled();
  void failed(std::string message);
  void setProgress(double fraction, std::string message);

  const std::vector<ReconstructionPanelRow>& rows() const { return rows_; }
  const std::optional<ReconstructionPanelScores>& scores() const { return scores_; }
  std::string status() const;
  // The scores as lines of text, each saying its data, chance level and ceiling.
  std::vector<std::string> scoreLines() const;
  std::uint64_t version() const { return version_; }

private:
  const std::optional<SelectionTarget>& sourceTarget() const;

  ReconstructionSource source_ = ReconstructionSource::WholeCortex;
  ReconstructionMethod method_ = ReconstructionMethod::Forward;
  std::string decoderBundle_, whyNoDecoderBundle_ = "No brain_decoder bundle is installed";
  std::string runMethod_;  // the method of the running or last run, as its scores name it
  std::size_t testTrials_ = 0;
  std::vector<std::size_t> chosen_;
  std::optional<SelectionTarget> selectivityTarget_, drawnTarget_;
  bool inputsReady_ = false;
  State state_ = State::Idle;
  std::vector<ReconstructionPanelRow> rows_;
  std::optional<ReconstructionPanelScores> scores_;
  std::string message_, progressMessage_;
  double progress_ = 0;
  std::uint64_t version_ = 0;
};

}  // namespace vl::core
