#include "render/FigureGalleryContent.h"

#include "core/study/Experiment.h"

namespace vl::render {

RenderedImage renderedImageOf(const core::StimulusImage& image) {
  RenderedImage out;
  out.width = image.width;
  out.height = image.height;
  out.rgb = image.rgb;
  return out;
}

std::optional<FigureGalleryContent> galleryContent(const core::Study& study, const core::SceneGallery& gallery,
                                                   std::vector<std::string>& notes) {
  const std::string what = "selectivity panel (" + gallery.target + ")";
  const auto& experiment = study.experiment();
  if (!experiment || !experiment->stimuli) {
    notes.push_back(what + ": the study has no stimulus bank to take its images from (not drawn)");
    return std::nullopt;
  }
  const auto& bank = *experiment->stimuli;
  FigureGalleryContent content;
  content.title = "Preferred images: " + gallery.target;
  content.caption = gallery.caption;
  content.captionSource = gallery.captionSource;
  for (std::size_t index : gallery.images) {
    if (index >= bank.count()) {
      notes.push_back(what + ": image " + std::to_string(index) + " is not in the bank of " +
                      std::to_string(bank.count()) + " images (left out)");
      continue;
    }
    try {
      const core::StimulusImage image = bank.image(index);
      if (image.width <= 0 || image.height <= 0 ||
          image.rgb.size() != std::size_t(image.width) * std::size_t(image.height) * 3)
        throw std::invalid_argument("it has no pixels");
      content.images.push_back(renderedImageOf(image));
    } catch (const std::exception& e) {
      notes.push_back(what + ": image " + std::to_string(index) + " could not be read: " + e.what() + " (left out)");
    }
  }
  if (content.images.empty()) {
    notes.push_back(what + ": no image to draw (not drawn)");
    return std::nullopt;
  }
  return content;
}

}  // namespace vl::render
