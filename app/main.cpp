// voxellens: one binary for the viewer and the headless commands (../shared/DESIGN.md section 5).
#include <QApplication>

#include <string>
#include <vector>

#include "app/MainWindow.h"
#include "app/cli/Commands.h"
#include "core/ml/TorchRuntime.h"
#include "widgets/BrainView.h"

int main(int argc, char** argv) {
  vl::core::configureTorchThreads();  // LibTorch starts with one thread here
  const std::vector<std::string> arguments(argv, argv + argc);
  if (vl::app::isCommandLineInvocation(arguments)) return vl::app::runCommandLine(arguments);

  vl::widgets::BrainView::setDefaultSurfaceFormat();  // before QApplication, as QOpenGLWidget requires
  QApplication application(argc, argv);
  QApplication::setApplicationName(QStringLiteral("VoxelLens"));
  QApplication::setOrganizationName(QStringLiteral("VoxelLens"));
  std::vector<std::filesystem::path> files(arguments.begin() + 1, arguments.end());
  vl::app::MainWindow window(files);
  window.show();
  return application.exec();
}
