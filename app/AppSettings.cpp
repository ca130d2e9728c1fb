#include "app/AppSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "core/io/CachePaths.h"

namespace vl::app {

void useSettingsFolder(const QString& folder) {
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

void useSettingsFolderFromEnvironment() {
  if (const char* folder = std::getenv("VOXELLENS_SETTINGS"); folder && *folder)
    useSettingsFolder(QString::fromLocal8Bit(folder));
}

QString defaultColourMap() {
  return QSettings().value(QLatin1String(settings::kDefaultColourMap), QStringLiteral("viridis")).toString();
}

void setDefaultColourMap(const QString& name) { QSettings().setValue(QLatin1String(settings::kDefaultColourMap), name); }

QColor defaultBackground() {
  const QColor colour(QSettings().value(QLatin1String(settings::kBackground), QStringLiteral("#ffffff")).toString());
  return colour.isValid() ? colour : QColor(Qt::white);
}

void setDefaultBackground(const QColor& colour) {
  QSettings().setValue(QLatin1String(settings::kBackground), colour.name());
}

QString lastFolder() { return QSettings().value(QLatin1String(settings::kLastFolder), QDir::homePath()).toString(); }

void rememberFolderOf(const QString& file) {
  QSettings().setValue(QLatin1String(settings::kLastFolder), QFileInfo(file).absolutePath());
}

QString chosenCacheFolder() { return QSettings().value(QLatin1String(settings::kCacheFolder)).toString(); }

void setChosenCacheFolder(const QString& folder) {
  if (folder.isEmpty()) QSettings().remove(QLatin1String(settings::kCacheFolder));
  else QSettings().setValue(QLatin1String(settings::kCacheFolder), folder);
}

void useChosenCacheFolder() {
  const QString folder = chosenCacheFolder();
  if (folder.isEmpty()) return;
  try {
    core::useCacheDirectory(folder.toStdString());
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "voxellens: settings: %s; using the default cache folder\n", e.what());
  }
}

}  // namespace vl::app
