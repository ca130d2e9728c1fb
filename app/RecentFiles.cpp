#include "app/RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace vl::app {

RecentFiles::RecentFiles(QString settingsKey) : key_(std::move(settingsKey)) {}

QStringList RecentFiles::entries() const { return QSettings().value(key_).toStringList(); }

void RecentFiles::store(const QStringList& entries) { QSettings().setValue(key_, entries); }

void RecentFiles::add(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QStringList list = entries();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kMax) list.removeLast();
  store(list);
}

QStringList RecentFiles::pruneMissing() {
  QStringList kept, missing;
  for (const auto& entry : entries()) (QFileInfo::exists(entry) ? kept : missing) << entry;
  if (!missing.isEmpty()) store(kept);
  return missing;
}

void RecentFiles::clear() { store({}); }

}  // namespace vl::app
