#pragma once
// A loaded and validated model bundle: model.json + its TorchScript module (plugins/README.md is the contract).
// Loading checks the manifest, the file's SHA-256 (when given), the exporter's torch version, loads the module in
// eval mode and runs a dummy batch of two through it; a bundle that fails any check is refused with a FormatError
// and is never half-loaded. The typed front ends (ImageEmbedder, TextEmbedder, ...) are in BundleRunners.h.
//
// Threads: a ModelBundle may be shared between threads; every forward pass through the runners takes the bundle's
// own mutex, so calls from several workers are serialized (LibTorch parallelises each call internally).
// Code that drives the TorchScript module directly (TorchModuleAccess.h, e.g. synthesis with gradients) must
// hold that mutex itself.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/ml/ModelManifest.h"

namespace vl::core {

class WordTokenizer;

// What validation saw on the dummy batch of two.
struct BundleValidation {
  std::vector<std::int64_t> outputShape;  // e.g. {2, 128}
  double maxNormError = 0;                // max | ||row|| - 1 | over the dummy rows (embedders and decoders)
  double loadSeconds = 0;                 // checksum + torch::jit::load
  double validateSeconds = 0;             // the dummy forward pass and its checks
  std::string summary() const;            // one line for `voxellens models --check`
};

class ModelBundle {
public:
  // Tolerance on | ||row|| - 1 | for outputs declared "normalized": true.
  static constexpr double kNormTolerance = 1e-3;

  // Throws FormatError (naming model.json and the field, or the TorchScript file) when the bundle is not usable.
  static std::shared_ptr<const ModelBundle> load(const std::filesystem::path& folder);

  ~ModelBundle();
  ModelBundle(const ModelBundle&) = delete;
  ModelBundle& operator=(const ModelBundle&) = delete;

  const ModelManifest& manifest() const;
  const std::string& name() const { return manifest().name; }
  ModelKind kind() const { return manifest().kind; }
  const BundleValidation& validation() const;
  // The vocabulary of text embedders (input) and captioners (output); nullptr for other kinds.
  const WordTokenizer* tokenizer() const;

  struct Impl;  // LibTorch state, defined in ModelBundle.cpp; reached through TorchModuleAccess.h

private:
  explicit ModelBundle(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend const Impl& bundleImpl(const ModelBundle& bundle);
};

// The running LibTorch's version refuses bundles exported by a newer torch (major.minor); exposed for messages.
bool torchVersionSupported(const ModelManifest& manifest);

}  // namespace vl::core
