#include "app/ScreenshotScript.h"

#include <QApplication>
#include <QBuffer>
#include <QByteArray>
#include <QMouseEvent>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "app/MainWindow.h"
#include "app/SelectivityController.h"
#include "app/StudyModelsController.h"
#include "core/io/AtomicFileWriter.h"
#include "widgets/SelectivityPanel.h"
#include "widgets/RoiPanel.h"
#include "widgets/BrainView.h"

namespace vl::app {

std::optional<ScreenshotScript> takeScreenshotScript(std::vector<std::string>& arguments) {
  auto it = std::find(arguments.begin(), arguments.end(), "--screenshot");
  if (it == arguments.end()) return std::nullopt;
  if (it + 1 == arguments.end()) throw std::invalid_argument("--screenshot needs a PNG file name");
  ScreenshotScript script;
  script.file = *(it + 1);
  arguments.erase(it, it + 2);
  auto flag = [&](const char* name) {
    auto at = std::find(arguments.begin(), arguments.end(), name);
    if (at == arguments.end()) return false;
    arguments.erase(at);
    return true;
  };
  script.inflate = flag("--inflate");
  script.roiOutline = flag("--roi-outline");
  script.clickCentre = flag("--click-centre");
  script.waitForModels = flag("--wait-models");
  if (auto at = std::find(arguments.begin(), arguments.end(), "--roi-set"); at != arguments.end()) {
    if (at + 1 == arguments.end()) throw std::invalid_argument("--roi-set needs the name of an ROI set");
    script.roiSet = *(at + 1);
    arguments.erase(at, at + 2);
  }
  if (auto at = std::find(arguments.begin(), arguments.end(), "--select-roi"); at != arguments.end()) {
    if (at + 1 == arguments.end()) throw std::invalid_argument("--select-roi needs the name of an ROI, such as FFA");
    script.selectRoi = *(at + 1);
    arguments.erase(at, at + 2);
  }
  if (auto at = std::find(arguments.begin(), arguments.end(), "--window-size"); at != arguments.end()) {
    const std::string text = at + 1 == arguments.end() ? std::string() : *(at + 1);
    char x = 0;
    std::istringstream in(text);
    if (!(in >> script.width >> x >> script.height) || x != 'x' || script.width < 320 || script.height < 240 ||
        script.width > 8192 || script.height > 8192)
      throw std::invalid_argument("--window-size needs WIDTHxHEIGHT in pixels, such as 1600x1000 (got '" + text + "')");
    arguments.erase(at, at + 2);
  }
  if (auto at = std::find(arguments.begin(), arguments.end(), "--view"); at != arguments.end()) {
    if (at + 1 == arguments.end()) throw std::invalid_argument("--view needs a name such as lateral-left");
    script.view = render::parseViewPreset(*(at + 1));
    if (!script.view) throw std::invalid_argument("unknown view '" + *(at + 1) + "'");
    arguments.erase(at, at + 2);
  }
  return script;
}

namespace {
void clickAt(QWidget* widget, QPointF position) {
  for (auto type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
    QMouseEvent event(type, position, widget->mapToGlobal(position), Qt::LeftButton,
                      type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
  }
}
// Polls `ready` every 100 ms on the window's event loop (background jobs finish there) and runs `then` once it holds.
void whenTrue(MainWindow& window, std::function<bool()> ready, std::function<void()> then) {
  auto* poll = new QTimer(&window);
  QObject::connect(poll, &QTimer::timeout, &window, [poll, ready = std::move(ready), then = std::move(then)] {
    if (!ready()) return;
    poll->stop();
    poll->deleteLater();
    then();
  });
  poll->start(100);
}
// The (set, key) of the first ROI called `name`, searching the ROI sets in order; says on stderr which names exist
// when none is.
std::optional<std::pair<int, int>> findRoiByName(MainWindow& window, const std::string& name) {
  std::string known;
  const auto& sets = window.study() ? window.study()->roiSets() : std::vector<core::RoiSetEntry>{};
  for (std::size_t s = 0; s < sets.size(); ++s)
    for (const auto& label : sets[s].data->labels) {
      if (label.name == name && label.key != 0) return std::make_pair(int(s), label.key);
      // Atlases with dozens of labels would drown the message: only the smaller sets are listed.
      if (label.key != 0 && sets[s].data->labels.size() < 40) known += (known.empty() ? "" : ", ") + label.name;
    }
  std::fprintf(stderr, "voxellens: --select-roi '%s': the study has no ROI of that name (%s)\n", name.c_str(),
               known.empty() ? "nor a small ROI set to list" : ("its sets of fewer than 40 ROIs have " + known).c_str());
  return std::nullopt;
}
// Through the atomic writer: a failed save leaves no half-written PNG and the old file, if any, untouched. Says why
// on stderr when it cannot write.
bool saveScreenshot(const QPixmap& pixmap, const std::string& file) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!pixmap.save(&buffer, "PNG")) {
    std::fprintf(stderr, "voxellens: cannot write %s: PNG encoding failed\n", file.c_str());
    return false;
  }
  try {
    core::writeFileAtomically(file, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "voxellens: cannot write %s: %s\n", file.c_str(), e.what());
    return false;
  }
}
}  // namespace

void runScreenshotScript(MainWindow& window, const ScreenshotScript& script,
                         std::function<void(ScreenshotOutcome)> done) {
  auto finish = [&window, script, done] {
    auto* view = window.brainView();
    if (script.roiOutline && window.study() && !window.study()->roiSets().empty()) {
      const auto& sets = window.study()->roiSets();
      std::size_t chosen = 0;
      if (!script.roiSet.empty()) {
        chosen = sets.size();
        std::string names;
        for (std::size_t i = 0; i < sets.size(); ++i) {
          if (sets[i].data->name == script.roiSet) chosen = i;
          names += (i ? ", '" : "'") + sets[i].data->name + "'";
        }
        if (chosen == sets.size()) {
          std::fprintf(stderr, "voxellens: --roi-set '%s': the study has no ROI set of that name (it has %s)\n",
                       script.roiSet.c_str(), names.c_str());
          return done(ScreenshotOutcome::BadInput);
        }
      }
      for (std::size_t i = 0; i < sets.size(); ++i) {
        auto display = sets[i].display;
        display.visible = i == chosen;
        if (i == chosen) {
          display.mode = core::RoiDrawMode::Outline;
          display.outlineInLabelColours = true;
          display.outlineWidth = 3.0f;
        }
        window.study()->setRoiDisplay(i, display);
      }
      // The ROIs dock shows the outlined set, as a user who picked it there would see.
      if (auto* item = window.roiPanel()->tree()->topLevelItem(static_cast<int>(chosen)))
        window.roiPanel()->tree()->setCurrentItem(item);
    }
    if (script.view) view->applyViewPreset(*script.view);
    view->repaint();
    if (script.clickCentre) clickAt(view, QPointF(view->rect().center()));
    auto shoot = [&window, script, done] {
      // Let pending paints (docks, status bar) finish before grabbing the whole window.
      QTimer::singleShot(500, &window, [&window, script, done] {
        window.brainView()->repaint();
        done(saveScreenshot(window.grab(), script.file) ? ScreenshotOutcome::Saved : ScreenshotOutcome::NotWritten);
      });
    };
    if (script.selectRoi.empty()) return shoot();
    const auto roi = findRoiByName(window, script.selectRoi);
    if (!roi) return done(ScreenshotOutcome::BadInput);
    // As a click on it: selected in the ROIs dock (highlighted in the view), which makes it the target.
    window.roiPanel()->selectRoi(roi->first, roi->second);
    const std::string name = script.selectRoi;
    whenTrue(window,
             [&window, name] {
               const auto& current = window.selectivityPanel()->current();
               return current && current->result.target.roiName == name;
             },
             shoot);
  };
  if (window.isLoading()) {
    // Files given with the screenshot are added in a job after the brain first shows: shoot what they add.
    return whenTrue(window, [&window] { return !window.isLoading(); },
                    [&window, script, done] { runScreenshotScript(window, script, done); });
  }
  if (script.width > 0 && window.width() != script.width) window.resize(script.width, script.height);
  if (!script.selectRoi.empty() && !window.selectivity()->isReady()) {
    // A wrong name or a study without responses is said at once, before waiting for the models.
    if (!window.study() || !window.study()->experiment()) {
      std::fprintf(stderr, "voxellens: --select-roi: the study has no responses to select from\n");
      return done(ScreenshotOutcome::BadInput);
    }
    if (!findRoiByName(window, script.selectRoi)) return done(ScreenshotOutcome::BadInput);
    // The target is answered once the models and the explorer's inputs are ready (background jobs).
    return whenTrue(window, [&window] { return window.selectivity()->isReady(); },
                    [&window, script, done] { runScreenshotScript(window, script, done); });
  }
  if (script.waitForModels) {
    // The encoder and decoder are a background job (or a cache read) after the study opens.
    return whenTrue(window, [&window] { return window.studyModels()->models() != nullptr; },
                    [&window, script, done] {
                      ScreenshotScript rest = script;
                      rest.waitForModels = false;
                      runScreenshotScript(window, rest, done);
                    });
  }
  if (!script.inflate) return finish();
  window.inflateSurfaces();
  // Inflation is a background job: wait until both hemispheres show their inflated surface.
  whenTrue(window,
           [&window] {
             const auto& study = window.study();
             for (auto side : {core::Hemisphere::Left, core::Hemisphere::Right}) {
               const auto surface = study ? study->shownSurface(side) : nullptr;
               if (surface && surface->kind != core::SurfaceKind::Inflated) return false;
             }
             return true;
           },
           finish);
}

}  // namespace vl::app
