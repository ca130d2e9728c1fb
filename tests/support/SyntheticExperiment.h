#pragma once
// A study's experiment made in memory for model-fitting tests: 400 stimuli with a 6-d embedding; 300 training
// trials (stimuli 0..299, each once) and 60 test images (stimuli 300..359); columns 0..19 are a linear function of
// the embedding plus noise, columns 20..39 pure noise. Columns differ in scale (0.1 to 10 times), as betas of
// different vertices do, so that fitting with and without standardised columns gives different weights.
#include <cmath>
#include <cstdint>
#include <random>

#include "core/study/Experiment.h"

namespace vl::fixtures {

struct SyntheticExperiment {
  core::Matrix embedding{400, 6};
  core::Experiment experiment;

  SyntheticExperiment() {
    std::mt19937 random(7);
    std::normal_distribution<float> normal;
    for (auto& value : embedding.data) value = normal(random);
    core::Matrix weights(6, 20);
    for (auto& value : weights.data) value = normal(random);
    experiment.manifest.stimuli = core::StudyStimuli{400, "images.npy", {}, {}, {}, {}};
    auto makeSet = [&](std::size_t rows, std::size_t firstStimulus, float noise) {
      core::ResponseSet set;
      set.rows = rows;
      set.columns = 40;
      for (std::size_t r = 0; r < rows; ++r) {
        const auto stimulus = static_cast<std::int32_t>(firstStimulus + r);
        set.stimulus.push_back(stimulus);
        for (std::size_t c = 0; c < 40; ++c) {
          float signal = 0;
          if (c < 20)
            for (std::size_t k = 0; k < 6; ++k) signal += embedding(std::size_t(stimulus), k) * weights(k, c);
          const float scale = std::pow(10.0f, (static_cast<float>(c % 5) - 2.0f) / 2.0f);
          set.betas.push_back(scale * (signal + noise * normal(random)));
        }
      }
      return set;
    };
    experiment.train = makeSet(300, 0, 1.0f);
    experiment.test = makeSet(60, 300, 0.5f);
  }
};

}  // namespace vl::fixtures
