#pragma once
// The gallery a scene stores (core/scene/SceneGallery: target, bank image indices, caption), made ready to draw: the
// images read from the study's own bank, no models needed.
#include <optional>
#include <string>
#include <vector>

#include "core/model/Study.h"
#include "core/scene/SceneGallery.h"
#include "render/FigureGalleryPanel.h"

namespace vl::render {

// nullopt (with a line in `notes` saying why) when the study has no stimulus bank or none of the images can be read;
// images outside the bank are left out and listed.
std::optional<FigureGalleryContent> galleryContent(const core::Study& study, const core::SceneGallery& gallery,
                                                   std::vector<std::string>& notes);

RenderedImage renderedImageOf(const core::StimulusImage& image);

}  // namespace vl::render
