// BrainView under Xvfb: the Qt 6 <-> VTK bridge must put VTK's pixels into the widget.
#include <gtest/gtest.h>

#include <QApplication>
#include <QImage>
#include <QTest>

#include "render/ViewPreset.h"
#include "tests/support/TestSurfaces.h"
#include "widgets/BrainView.h"

namespace {

// Fraction of pixels that differ clearly from the corner pixel (the background).
double foregroundFraction(const QImage& image) {
  const QColor background = image.pixelColor(0, 0);
  std::size_t different = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - background.red()) + std::abs(c.green() - background.green()) +
              std::abs(c.blue() - background.blue()) > 30)
        ++different;
    }
  return double(different) / double(image.width() * image.height());
}

TEST(BrainView, RendersTheStudyIntoTheWidget) {
  vl::widgets::BrainView view;
  view.resize(400, 300);
  view.setStudy(vl::fixtures::makeSphereStudy());
  view.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
  const QImage image = view.grabFramebuffer();
  ASSERT_EQ(image.width(), 400 * view.devicePixelRatio());
  // The background must be the scene's (white), not an untouched black framebuffer.
  const QColor corner = image.pixelColor(0, 0);
  EXPECT_GT(corner.red(), 240);
  EXPECT_GT(corner.green(), 240);
  const double fraction = foregroundFraction(image);
  EXPECT_GT(fraction, 0.05) << "spheres should cover part of the view";
  EXPECT_LT(fraction, 0.95);
}

TEST(BrainView, PerHemispherePresetShowsOneSphere) {
  vl::widgets::BrainView view;
  view.resize(400, 300);
  view.setStudy(vl::fixtures::makeSphereStudy());
  view.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
  // Spheres at x = -60 and +60 with radius 50 leave a 20 mm gap on the midline: seen from above with both shown,
  // the image centre is background; with only the left one shown and framed, the centre is on the sphere.
  view.applyViewPreset({vl::render::View::Dorsal, std::nullopt});
  const QImage both = view.grabFramebuffer();
  view.applyViewPreset({vl::render::View::Dorsal, vl::core::Hemisphere::Left});
  const QImage left = view.grabFramebuffer();
  const QPoint centre(both.width() / 2, both.height() / 2);
  EXPECT_GT(both.pixelColor(centre).lightness(), 240) << "midline gap should show the white background";
  EXPECT_LT(left.pixelColor(centre).lightness(), 230) << "the framed left sphere should cover the centre";
  EXPECT_GT(foregroundFraction(both), 0.05);
}

}  // namespace

int main(int argc, char** argv) {
  vl::widgets::BrainView::setDefaultSurfaceFormat();
  QApplication application(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
