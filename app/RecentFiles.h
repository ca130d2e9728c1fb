#pragma once
// File > Open Recent: the files and sessions opened last, newest first, at most kMax, kept in the user's
// settings. Opening one again moves it to the top; entries whose file is gone are dropped when the menu is shown
// (the window says which).
#include <QString>
#include <QStringList>

namespace vl::app {

class RecentFiles {
public:
  static constexpr int kMax = 10;
  explicit RecentFiles(QString settingsKey = QStringLiteral("files/recent"));

  QStringList entries() const;  // newest first
  void add(const QString& path);  // absolute path; moves an existing entry to the top
  // Removes the entries whose file or folder no longer exists; returns them (in list order).
  QStringList pruneMissing();
  void clear();

private:
  void store(const QStringList& entries);
  QString key_;
};

}  // namespace vl::app
