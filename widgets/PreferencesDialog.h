#pragma once
// Edit > Preferences: the default colour map of newly opened layers, the background colour, and the cache folder
// with its size and a Clear button (which asks first and deletes off the GUI thread: the cache can hold
// gigabytes of imported studies). Another cache folder can be chosen (a bigger disk); it is used from the next
// start, since fitted models and open studies of this run live in the current one. The dialog edits values only;
// the window stores them in the user's settings.
#include <QColor>
#include <QDialog>

#include <cstdint>
#include <filesystem>
#include <functional>

class QComboBox;
class QLabel;
class QPushButton;

namespace vl::widgets {

class JobRunner;

struct Preferences {
  QString defaultColourMap;
  QColor background;
  QString cacheFolder;  // chosen for the next start; empty: $XDG_CACHE_HOME/voxellens (or ~/.cache/voxellens)
};

// Size in bytes of every regular file under `folder` (0 when it does not exist); skips what it cannot read.
std::uintmax_t folderSize(const std::filesystem::path& folder);
// Removes everything in `folder` except the files named in `keep` (the log); returns how many bytes went.
std::uintmax_t clearFolder(const std::filesystem::path& folder, const std::vector<std::string>& keep);

class PreferencesDialog : public QDialog {
  Q_OBJECT
public:
  PreferencesDialog(const Preferences& current, std::filesystem::path cacheFolder, JobRunner* jobs,
                    QWidget* parent = nullptr);

  Preferences preferences() const;
  QComboBox* colourMapBox() const { return colourMap_; }
  QPushButton* clearButton() const { return clear_; }
  QLabel* cacheSizeLabel() const { return cacheSize_; }
  QLabel* nextCacheFolderLabel() const { return nextFolder_; }
  // What Change... does after its folder dialog (tests call it directly: a file dialog would wait for a click).
  // An empty folder means the default.
  void chooseCacheFolder(const QString& folder);
  // Asks before Clear deletes anything; tests replace the question (a modal box would wait for a click).
  void setClearConfirmation(std::function<bool()> confirm) { confirm_ = std::move(confirm); }

Q_SIGNALS:
  void cacheSizeMeasured(qulonglong bytes);
  void cacheCleared(qulonglong bytesFreed);

private:
  void measureCache();
  void clearCache();
  void showBackground();
  void showNextCacheFolder();

  std::filesystem::path cacheFolder_;
  JobRunner* jobs_;
  QComboBox* colourMap_;
  QPushButton* background_;
  QColor backgroundColour_;
  QLabel* cacheSize_;
  QPushButton* clear_;
  QString chosenCacheFolder_;
  QLabel* nextFolder_;
  std::function<bool()> confirm_;
};

}  // namespace vl::widgets
