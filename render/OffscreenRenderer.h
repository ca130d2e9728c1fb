#pragma once
// Renders a Study without a window (offscreen OpenGL on the X display, Xvfb when headless) and writes PNGs.
// `voxellens render` and the window's File > Export Screenshot both come through here.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/model/Study.h"
#include "render/CameraState.h"
#include "render/ColourMap.h"
#include "render/ViewPreset.h"

namespace vl::render {

struct RenderedImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // top row first, 3 bytes per pixel
};

struct OffscreenRequest {
  int width = 1600, height = 1200;
  std::optional<ViewPreset> preset;   // used when no camera is given
  std::optional<CameraState> camera;  // an exact camera, e.g. copied from the window
  Rgb background{1.0f, 1.0f, 1.0f};
};

inline constexpr int kMaxImageSide = 16384;

// VTK's X11 render window aborts the process without an X display; this says so in an exception instead.
void requireDisplayForRendering();

// Throws std::invalid_argument for a size outside 16..kMaxImageSide, std::runtime_error when OpenGL fails.
RenderedImage renderOffscreen(std::shared_ptr<core::Study> study, const OffscreenRequest& request);
// Atomic: the PNG appears complete or not at all.
void writePng(const RenderedImage& image, const std::filesystem::path& file);

}  // namespace vl::render
