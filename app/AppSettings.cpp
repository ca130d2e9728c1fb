#include "app/AppSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <cstdlib>

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

}  // namespace vl::app
