// voxellens-full: the viewer and every command (../shared/DESIGN.md section 5). The `voxellens` front end
// (app/main.cpp) execs it for the viewer and the commands that need LibTorch.
#include <QApplication>
#include <QIcon>
#include <QTimer>

#include <algorithm>
#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <filesystem>
#include <string>
#include <vector>

#include "app/AppLog.h"
#include "app/AppSettings.h"
#include "app/MainWindow.h"
#include "app/ScreenshotScript.h"
#include "core/study/StudyManifest.h"
#include "app/cli/Commands.h"
#include "app/cli/ModelCommands.h"
#include "core/ml/TorchRuntime.h"
#include "widgets/BrainView.h"

int main(int argc, char** argv) {
  const auto processStart = std::chrono::steady_clock::now();
  vl::core::configureTorchThreads();  // LibTorch starts with one thread here
  std::vector<std::string> arguments(argv, argv + argc);
  // --screenshot FILE (as Freeview's -ss): show the window, save it as a PNG once the brain is drawn, and quit;
  // --view, --inflate, --roi-outline, --click-centre, --select-roi and --window-size set up what it shows
  // (app/ScreenshotScript.h).
  std::optional<vl::app::ScreenshotScript> screenshot;
  try {
    screenshot = vl::app::takeScreenshotScript(arguments);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "voxellens: %s\n", e.what());
    return 2;
  }
  // --brain-only: the bare demo brain instead of the demo study (no simulated subject, no models). Taken out before
  // the command-line check, which reads any other leading option as a command-line one.
  bool brainOnly = false;
  if (auto it = std::find(arguments.begin(), arguments.end(), std::string("--brain-only")); it != arguments.end()) {
    brainOnly = true;
    arguments.erase(it);
  }
  // --session FILE: open a saved session (scene file) instead of the demo study, e.g. to take a screenshot of it.
  std::optional<std::string> session;
  if (auto it = std::find(arguments.begin(), arguments.end(), std::string("--session")); it != arguments.end()) {
    if (it + 1 == arguments.end()) {
      std::fprintf(stderr, "voxellens: --session needs a scene file (a session saved with File > Save Session)\n");
      return 2;
    }
    session = *(it + 1);
    arguments.erase(it, it + 2);
  }
  if (vl::app::isCommandLineInvocation(arguments)) return vl::app::runCommandLine(arguments, &vl::app::fullCommandLine());

  std::vector<std::filesystem::path> files(arguments.begin() + 1, arguments.end());
  if (session) {
    if (!files.empty()) {
      std::fprintf(stderr, "voxellens: --session opens a whole session; open other files from the window after it\n");
      return 2;
    }
    files.push_back(*session);  // MainWindow::openFiles opens a scene file as a session
  }
  for (const auto& file : files) {
    std::error_code error;
    if (std::filesystem::is_directory(file, error)) {
      if (!vl::core::isStudyFolder(file)) {
        std::fprintf(stderr, "voxellens: %s: a folder without study.json (expected a study folder, see "
                             "docs/study-format.md)\n", file.c_str());
        return 2;
      }
    } else if (!std::filesystem::is_regular_file(file, error)) {
      std::fprintf(stderr, "voxellens: %s: no such file\n", file.c_str());
      return 2;
    }
  }
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const char* platform = std::getenv("QT_QPA_PLATFORM");
  if ((!display || !*display) && (!wayland || !*wayland) && (!platform || !*platform)) {
    std::fprintf(stderr,
                 "voxellens: no display to open the window on (DISPLAY is not set); run a command such as "
                 "'voxellens render --demo -o brain.png', or start the viewer under xvfb-run\n");
    return 2;
  }
  vl::widgets::BrainView::setDefaultSurfaceFormat();  // before QApplication, as QOpenGLWidget requires
  QApplication application(argc, argv);
  QApplication::setApplicationName(QStringLiteral("VoxelLens"));
  QApplication::setOrganizationName(QStringLiteral("VoxelLens"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/voxellens/256x256/apps/voxellens.png")));
  vl::app::useSettingsFolderFromEnvironment();  // VOXELLENS_SETTINGS: scripted runs leave the user's settings alone
  vl::app::useChosenCacheFolder();              // before the log and the demo study ask for the cache folder
  vl::app::installLogMessageHandler();          // Qt's warnings go to voxellens.log in the cache folder as well
  vl::app::MainWindow window(files, !brainOnly);
  window.show();
  if (!screenshot) QTimer::singleShot(0, &window, [&window] { window.offerRecovery(); });  // after a crash
  if (screenshot) {
    // The failure is on stderr already (MainWindow::showWarning); bad input exits 2, as every headless mode does.
    QObject::connect(&window, &vl::app::MainWindow::loadFailed, &application, [] { QApplication::exit(2); });
    QObject::connect(&window, &vl::app::MainWindow::studyShown, &application, [&] {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - processStart).count();
      vl::app::runScreenshotScript(window, *screenshot, [&, seconds](vl::app::ScreenshotOutcome outcome) {
        if (outcome == vl::app::ScreenshotOutcome::BadInput) return QApplication::exit(2);  // said on stderr
        const bool saved = outcome == vl::app::ScreenshotOutcome::Saved;
        std::printf("first brain frame %.2f s after start; %s %s\n", seconds, saved ? "saved" : "could not save",
                    screenshot->file.c_str());
        if (!saved) std::fprintf(stderr, "voxellens: could not write %s\n", screenshot->file.c_str());
        QApplication::exit(static_cast<int>(outcome));
      });
    }, Qt::SingleShotConnection);  // the first study shown (on a first start the bare brain comes before the demo study)
  }
  return application.exec();
}
