#include "core/ml/BundleTensors.h"

#include <ATen/ops/_upsample_bilinear2d_aa.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/ml/WordTokenizer.h"

namespace vl::core {
namespace {
// One image as float [1, 3, h, w] with values 0..255.
at::Tensor imageTensor(const StimulusImage& image, std::size_t index) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != std::size_t(image.width) * std::size_t(image.height) * 3)
    throw std::invalid_argument("image " + std::to_string(index) + ": " + std::to_string(image.rgb.size()) +
                                " bytes for " + std::to_string(image.width) + " x " + std::to_string(image.height) +
                                " RGB");
  // from_blob does not copy; the permute + to(float) below does.
  auto* data = const_cast<std::uint8_t*>(image.rgb.data());
  return at::from_blob(data, {1, image.height, image.width, 3}, at::kByte).permute({0, 3, 1, 2}).to(at::kFloat);
}

// Scale so the image covers h x w, then cut the centre: no distortion of non-square images.
at::Tensor resizeAndCrop(const at::Tensor& image, std::int64_t height, std::int64_t width) {
  const auto h = image.size(2), w = image.size(3);
  if (h == height && w == width) return image;
  const double scale = std::max(double(height) / double(h), double(width) / double(w));
  const auto scaledH = std::max<std::int64_t>(height, std::llround(double(h) * scale));
  const auto scaledW = std::max<std::int64_t>(width, std::llround(double(w) * scale));
  const auto scaled = at::_upsample_bilinear2d_aa(image, {scaledH, scaledW}, /*align_corners=*/false);
  const auto top = (scaledH - height) / 2, left = (scaledW - width) / 2;
  return scaled.slice(2, top, top + height).slice(3, left, left + width).clamp(0, 255);
}
}  // namespace

at::Tensor imageBatch(const TensorSpec& input, const std::vector<StimulusImage>& images, std::size_t begin,
                      std::size_t end) {
  const auto height = input.shape[2], width = input.shape[3];
  std::vector<at::Tensor> parts;
  for (std::size_t i = begin; i < end; ++i) parts.push_back(resizeAndCrop(imageTensor(images[i], i), height, width));
  auto batch = at::cat(parts, 0);
  const auto [low, high] = input.valueRange.value_or(std::array<double, 2>{0.0, 1.0});
  batch = batch.mul((high - low) / 255.0).add(low);
  if (!input.mean.empty()) {
    const auto mean = at::tensor(std::vector<float>(input.mean.begin(), input.mean.end())).view({1, 3, 1, 1});
    const auto std = at::tensor(std::vector<float>(input.std.begin(), input.std.end())).view({1, 3, 1, 1});
    batch = batch.sub(mean).div(std);
  }
  return batch.contiguous();
}

std::vector<StimulusImage> imagesFromBatch(const TensorSpec& output, const at::Tensor& batch) {
  if (!at::isfinite(batch).all().item<bool>())
    throw std::runtime_error("the generator produced NaN or infinite pixel values");
  const auto [low, high] = output.valueRange.value_or(std::array<double, 2>{0.0, 1.0});
  const auto bytes = batch.to(at::kFloat)
                         .sub(low)
                         .mul(255.0 / (high - low))
                         .round()
                         .clamp(0, 255)
                         .to(at::kByte)
                         .permute({0, 2, 3, 1})
                         .contiguous();
  std::vector<StimulusImage> images;
  const auto height = int(bytes.size(1)), width = int(bytes.size(2));
  const std::size_t count = std::size_t(height) * std::size_t(width) * 3;
  for (std::int64_t b = 0; b < bytes.size(0); ++b) {
    const auto* data = bytes[b].data_ptr<std::uint8_t>();
    images.push_back({width, height, std::vector<std::uint8_t>(data, data + count)});
  }
  return images;
}

std::string shapeText(at::IntArrayRef shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

at::Tensor rowBatch(const Matrix& matrix, std::size_t begin, std::size_t end) {
  auto* data = const_cast<float*>(matrix.data.data()) + begin * matrix.cols;
  return at::from_blob(data, {std::int64_t(end - begin), std::int64_t(matrix.cols)}, at::kFloat).clone();
}

at::Tensor tokenBatch(const WordTokenizer& tokenizer, const std::vector<std::string>& captions, std::size_t begin,
                      std::size_t end) {
  const auto tokens = tokenizer.spec().maxTokens;
  auto batch = at::empty({std::int64_t(end - begin), tokens}, at::kLong);
  auto* data = batch.data_ptr<std::int64_t>();
  for (std::size_t i = begin; i < end; ++i) {
    const auto ids = tokenizer.encode(captions[i]);
    std::copy(ids.begin(), ids.end(), data + (i - begin) * std::size_t(tokens));
  }
  return batch;
}

void appendRows(Matrix& matrix, const at::Tensor& rows) {
  const auto values = rows.to(at::kFloat).contiguous();
  const auto* data = values.data_ptr<float>();
  matrix.data.insert(matrix.data.end(), data, data + values.numel());
  matrix.rows += std::size_t(values.size(0));
}

std::string torchErrorSummary(const std::exception& error) {
  const auto* torchError = dynamic_cast<const c10::Error*>(&error);
  const std::string text = torchError ? torchError->what_without_backtrace() : error.what();
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  if (lines.empty()) return "unknown LibTorch error";
  // A TorchScript interpreter error is a Python-like traceback whose last line says what went wrong.
  if (text.find("Traceback of TorchScript") != std::string::npos) {
    for (auto line = lines.rbegin(); line != lines.rend(); ++line)
      if (line->find("Error: ") != std::string::npos && line->find("File \"") == std::string::npos) return *line;
  }
  return lines.front();
}

at::Tensor runForward(torch::jit::Module& module, const at::Tensor& input) {
  at::NoGradGuard noGradients;
  c10::IValue result;
  try {
    result = module.forward({input});
  } catch (const std::exception& error) {
    throw std::runtime_error(torchErrorSummary(error));
  }
  if (!result.isTensor())
    throw std::runtime_error("forward returned " + result.tagKind() + ", expected one tensor");
  return result.toTensor();
}

}  // namespace vl::core
