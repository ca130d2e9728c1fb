#pragma once
// Renders a Study without a window (offscreen OpenGL on the X display, Xvfb when headless) and writes PNGs.
// `voxellens render` and the window's File > Export Screenshot both come through here.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/Study.h"
#include "render/CameraState.h"
#include "render/ColourMap.h"
#include "render/RoiHighlight.h"
#include "render/ViewPreset.h"

namespace vl::render {

struct RenderedImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // top row first, 3 bytes per pixel
  std::vector<std::uint8_t> alpha;  // empty: opaque; else one byte per pixel, top row first (0 = background)
};

struct OffscreenRequest {
  int width = 1600, height = 1200;
  std::optional<ViewPreset> preset;   // used when no camera is given
  std::optional<CameraState> camera;  // an exact camera, e.g. copied from the window
  Rgb background{1.0f, 1.0f, 1.0f};
  bool colourBar = true;     // the in-view colour bar (figures draw their own, shared by every view)
  bool transparent = false;  // alpha 0 where only background shows (costs a second render)
  // The selected ROI, drawn as the window draws it (SceneRenderer::setRoiHighlight: outline and brighter fill).
  std::optional<RoiHighlight> highlight{};
  bool parallelProjection = false;  // an orthographic camera for a preset view (an exact camera says its own)
};

inline constexpr int kMaxImageSide = 16384;

// VTK's X11 render window aborts the process without an X display; this says so in an exception instead.
void requireDisplayForRendering();

// Throws std::invalid_argument for a size outside 16..kMaxImageSide, std::runtime_error when OpenGL fails.
// `cameraUsed`: when given, receives the camera the image was rendered with (e.g. the parallel scale of a preset
// view, for a scale bar).
RenderedImage renderOffscreen(std::shared_ptr<core::Study> study, const OffscreenRequest& request,
                              CameraState* cameraUsed = nullptr);
// Atomic: the PNG appears complete or not at all. `text`: key/value pairs stored as PNG tEXt chunks.
void writePng(const RenderedImage& image, const std::filesystem::path& file,
              const std::vector<std::pair<std::string, std::string>>& text = {});

}  // namespace vl::render
