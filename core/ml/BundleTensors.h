#pragma once
// For core/ml .cpp files only (includes LibTorch): the conversions between the plain types of the public API and
// the tensors a bundle's module takes and returns, shared by validation (ModelBundle.cpp) and the runners.
#include <ATen/ATen.h>
#include <torch/script.h>

#include <cstddef>
#include <string>
#include <vector>

#include "core/base/Matrix.h"
#include "core/model/Stimulus.h"
#include "core/ml/ModelManifest.h"

namespace vl::core {

class WordTokenizer;

// Images [begin, end) as float32 NCHW: resized (shorter side to fit, bilinear with antialiasing, then centre crop)
// to the input's H x W when their size differs, uint8 mapped linearly onto value_range, then (x - mean) / std.
at::Tensor imageBatch(const TensorSpec& input, const std::vector<StimulusImage>& images, std::size_t begin,
                      std::size_t end);
// float [B, 3, H, W] in output.value_range -> 8-bit RGB, clamped. Throws std::runtime_error on NaN/Inf.
std::vector<StimulusImage> imagesFromBatch(const TensorSpec& output, const at::Tensor& batch);
// Rows [begin, end) of a matrix as float32 [rows, cols].
at::Tensor rowBatch(const Matrix& matrix, std::size_t begin, std::size_t end);
// Captions [begin, end) as int64 [rows, max_tokens].
at::Tensor tokenBatch(const WordTokenizer& tokenizer, const std::vector<std::string>& captions, std::size_t begin,
                      std::size_t end);
// Appends a float [rows, D] tensor to a row-major matrix with D columns.
void appendRows(Matrix& matrix, const at::Tensor& rows);

// module.forward(input) under no-grad; the result must be one tensor. LibTorch errors become std::runtime_error
// carrying torchErrorSummary.
at::Tensor runForward(torch::jit::Module& module, const at::Tensor& input);
std::string shapeText(at::IntArrayRef shape);  // "[2, 3, 64, 64]"
// The informative line of a LibTorch error: the exception line of a TorchScript traceback, else the first line.
std::string torchErrorSummary(const std::exception& error);

}  // namespace vl::core
