#pragma once
// The names and one-line summaries of the model commands: the front end lists them in --help and hands them to
// voxellens-full, which runs them (app/cli/ModelCommands.cpp). Both compile from this one table; the front end
// cannot link the commands themselves (they need LibTorch).

namespace vl::app {

struct CommandName {
  const char* name;
  const char* summary;
};

namespace model_command {
inline constexpr CommandName kDecode{"decode", "fit a decoder (voxels -> embedding) and print retrieval metrics"};
inline constexpr CommandName kFitStudy{"fit-study",
                                       "fit a study's encoder and decoder on an image embedding, as the window does"};
inline constexpr CommandName kRsa{"rsa",
                                  "per-ROI RSA between response patterns and a model embedding, as a per-vertex map"};
inline constexpr CommandName kSelect{"select",
                                     "what a patch of cortex prefers: top images, caption, keywords, receptive field"};
inline constexpr CommandName kSynth{"synth", "optimal stimuli: synthesise the images a target is predicted to prefer"};
inline constexpr CommandName kModels{"models",
                                     "list model bundles (TorchScript + model.json) or load and validate one"};
inline constexpr CommandName kBench{"bench",
                                    "measure speed against a peer in the same run (decode, io, render, ridge, select, synth,"
                                    " vol2surf)"};
}  // namespace model_command

inline constexpr CommandName kModelCommandNames[] = {model_command::kDecode, model_command::kFitStudy,
                                                     model_command::kRsa,    model_command::kSelect,
                                                     model_command::kSynth,
                                                     model_command::kModels,
                                                     model_command::kBench};

}  // namespace vl::app
