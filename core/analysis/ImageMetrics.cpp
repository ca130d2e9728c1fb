#include "core/analysis/ImageMetrics.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/analysis/Correlation.h"

namespace vl::core {
namespace {

constexpr double kSigma = 1.5, kTruncate = 3.5;
constexpr int kRadius = static_cast<int>(kTruncate * kSigma + 0.5);  // 5, as scipy.ndimage

std::vector<double> gaussianKernel() {
  std::vector<double> k(2 * kRadius + 1);
  double sum = 0;
  for (int i = -kRadius; i <= kRadius; ++i) sum += k[i + kRadius] = std::exp(-0.5 * i * i / (kSigma * kSigma));
  for (auto& w : k) w /= sum;
  return k;
}

// scipy.ndimage "reflect": (d c b a | a b c d | d c b a), also for offsets beyond one image length.
std::ptrdiff_t reflect(std::ptrdiff_t i, std::ptrdiff_t n) {
  const std::ptrdiff_t period = 2 * n;
  i %= period;
  if (i < 0) i += period;
  return i < n ? i : period - 1 - i;
}

// Separable Gaussian filter of a height x width image.
MatrixD gaussianFilter(const MatrixD& in) {
  static const std::vector<double> k = gaussianKernel();
  const auto h = static_cast<std::ptrdiff_t>(in.rows), w = static_cast<std::ptrdiff_t>(in.cols);
  MatrixD tmp(in.rows, in.cols), out(in.rows, in.cols);
  for (std::ptrdiff_t y = 0; y < h; ++y)
    for (std::ptrdiff_t x = 0; x < w; ++x) {
      double s = 0;
      for (int d = -kRadius; d <= kRadius; ++d) s += k[d + kRadius] * in(y, reflect(x + d, w));
      tmp(y, x) = s;
    }
  for (std::ptrdiff_t y = 0; y < h; ++y)
    for (std::ptrdiff_t x = 0; x < w; ++x) {
      double s = 0;
      for (int d = -kRadius; d <= kRadius; ++d) s += k[d + kRadius] * tmp(reflect(y + d, h), x);
      out(y, x) = s;
    }
  return out;
}

}  // namespace

MatrixD toGrey(const FloatImage& image) {
  if (image.channels != 1 && image.channels != 3)
    throw std::invalid_argument("image: " + std::to_string(image.channels) + " channels, expected 1 or 3");
  if (image.pixels.size() != image.width * image.height * image.channels)
    throw std::invalid_argument("image: " + std::to_string(image.pixels.size()) + " values for " +
                                std::to_string(image.width) + " x " + std::to_string(image.height) + " x " +
                                std::to_string(image.channels));
  MatrixD grey(image.height, image.width);
  for (std::size_t i = 0; i < grey.data.size(); ++i) {
    const float* p = image.pixels.data() + i * image.channels;
    grey.data[i] = image.channels == 1 ? p[0] : 0.2125 * p[0] + 0.7154 * p[1] + 0.0721 * p[2];
  }
  return grey;
}

double pixCorr(const FloatImage& a, const FloatImage& b) {
  const MatrixD ga = toGrey(a), gb = toGrey(b);
  if (ga.rows != gb.rows || ga.cols != gb.cols) throw std::invalid_argument("pixCorr: images differ in size");
  if (ga.data.size() < 2) return std::numeric_limits<double>::quiet_NaN();  // one pixel is constant
  return pearson(ga.data, gb.data);
}

double ssim(const MatrixD& a, const MatrixD& b, double dataRange) {
  const std::size_t window = 2 * kRadius + 1;
  if (a.rows != b.rows || a.cols != b.cols) throw std::invalid_argument("ssim: images differ in size");
  if (a.rows < window || a.cols < window)
    throw std::invalid_argument("ssim: images must be at least 11 x 11, got " + std::to_string(a.cols) + " x " +
                                std::to_string(a.rows));
  if (!(dataRange > 0)) throw std::invalid_argument("ssim: data range must be > 0");
  MatrixD aa(a.rows, a.cols), bb(a.rows, a.cols), ab(a.rows, a.cols);
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    aa.data[i] = a.data[i] * a.data[i];
    bb.data[i] = b.data[i] * b.data[i];
    ab.data[i] = a.data[i] * b.data[i];
  }
  const MatrixD ux = gaussianFilter(a), uy = gaussianFilter(b), uxx = gaussianFilter(aa), uyy = gaussianFilter(bb),
                uxy = gaussianFilter(ab);
  const double c1 = std::pow(0.01 * dataRange, 2), c2 = std::pow(0.03 * dataRange, 2);
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t y = kRadius; y + kRadius < a.rows; ++y)
    for (std::size_t x = kRadius; x + kRadius < a.cols; ++x) {
      const double mx = ux(y, x), my = uy(y, x);
      const double vx = uxx(y, x) - mx * mx, vy = uyy(y, x) - my * my, vxy = uxy(y, x) - mx * my;
      sum += (2 * mx * my + c1) * (2 * vxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      ++count;
    }
  return sum / count;
}

double ssim(const FloatImage& a, const FloatImage& b, double dataRange) { return ssim(toGrey(a), toGrey(b), dataRange); }

}  // namespace vl::core
