#pragma once
// `voxellens --screenshot FILE [--view NAME] [--inflate] [--roi-outline [--roi-set NAME]] [--click-centre]
// [--wait-models] [--select-roi NAME] [--window-size WxH]`: what the window should
// show before it is saved (for documentation images and bug reports), applied once the study is drawn.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "render/ViewPreset.h"

namespace vl::app {

class MainWindow;

struct ScreenshotScript {
  std::string file;
  std::optional<render::ViewPreset> view;
  bool inflate = false;
  bool roiOutline = false;  // the first ROI set shown as outlines in its label colours
  bool clickCentre = false; // a click at the view's centre (Inspector, ROI selection)
  std::string roiSet;       // --roi-set NAME: outline this ROI set instead of the first
  bool waitForModels = false;  // --wait-models: shoot once the study's encoder layer is there
  // --select-roi NAME: make the ROI of that name (any ROI set, both hemispheres) the selectivity target, as a click
  // on it would, and shoot once the Selectivity dock shows its gallery (waits for the models).
  std::string selectRoi;
  int width = 0, height = 0;  // --window-size WxH: the window's size before the shot (0: as it opened)
};

// Takes the screenshot options out of `arguments`; nullopt when there is no --screenshot. Throws
// std::invalid_argument (one line) for a missing file name or an unknown view.
std::optional<ScreenshotScript> takeScreenshotScript(std::vector<std::string>& arguments);
// How a screenshot run ended: the process's exit status. A file that cannot be written (no such folder, read-only,
// full disk) is the user's to fix, as bad input is: 2.
enum class ScreenshotOutcome { Saved = 0, NotWritten = 2, BadInput = 2 };
// Runs the script on the window (after studyShown) and calls done once the PNG is written (atomically), could not be
// written, or the script asked for something the study does not have (each failure said on stderr).
void runScreenshotScript(MainWindow& window, const ScreenshotScript& script,
                         std::function<void(ScreenshotOutcome)> done);

}  // namespace vl::app
