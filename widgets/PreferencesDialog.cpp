#include "widgets/PreferencesDialog.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

#include "render/ColourMap.h"
#include "widgets/JobRunner.h"

namespace vl::widgets {

std::uintmax_t folderSize(const std::filesystem::path& folder) {
  std::uintmax_t total = 0;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(folder, std::filesystem::directory_options::skip_permission_denied,
                                                        error), end;
       !error && it != end; it.increment(error)) {
    std::error_code sizeError;
    if (it->is_regular_file(sizeError)) {
      const auto size = it->file_size(sizeError);
      if (!sizeError) total += size;
    }
  }
  return total;
}

std::uintmax_t clearFolder(const std::filesystem::path& folder, const std::vector<std::string>& keep) {
  std::uintmax_t freed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const auto name = entry.path().filename().string();
    if (std::find(keep.begin(), keep.end(), name) != keep.end()) continue;
    std::error_code itemError;
    const auto size = entry.is_directory(itemError) ? folderSize(entry.path()) : entry.file_size(itemError);
    std::filesystem::remove_all(entry.path(), itemError);
    if (!itemError) freed += size;
  }
  return freed;
}

PreferencesDialog::PreferencesDialog(const Preferences& current, std::filesystem::path cacheFolder, JobRunner* jobs,
                                     QWidget* parent)
    : QDialog(parent),
      cacheFolder_(std::move(cacheFolder)),
      jobs_(jobs),
      backgroundColour_(current.background),
      chosenCacheFolder_(current.cacheFolder) {
  setWindowTitle(tr("Preferences"));
  colourMap_ = new QComboBox(this);
  colourMap_->setObjectName(QStringLiteral("defaultColourMap"));
  for (const auto& name : render::colourMapNames()) colourMap_->addItem(QString::fromStdString(name));
  colourMap_->setCurrentText(current.defaultColourMap);
  background_ = new QPushButton(this);
  background_->setObjectName(QStringLiteral("background"));
  showBackground();
  connect(background_, &QPushButton::clicked, this, [this] {
    const QColor chosen = QColorDialog::getColor(backgroundColour_, this, tr("Background Colour"));
    if (!chosen.isValid()) return;
    backgroundColour_ = chosen;
    showBackground();
  });
  auto* folder = new QLabel(QString::fromStdString(cacheFolder_.string()), this);
  folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
  cacheSize_ = new QLabel(tr("measuring..."), this);
  clear_ = new QPushButton(tr("Clear..."), this);
  clear_->setObjectName(QStringLiteral("clearCache"));
  clear_->setToolTip(tr("Deletes the demo data, imported studies and fitted models kept in the cache; they are "
                        "made again when needed."));
  auto* sizeRow = new QHBoxLayout;
  sizeRow->addWidget(cacheSize_, 1);
  sizeRow->addWidget(clear_);
  connect(clear_, &QPushButton::clicked, this, &PreferencesDialog::clearCache);
  nextFolder_ = new QLabel(this);
  nextFolder_->setObjectName(QStringLiteral("nextCacheFolder"));
  nextFolder_->setWordWrap(true);
  auto* change = new QPushButton(tr("Change..."), this);
  change->setObjectName(QStringLiteral("changeCacheFolder"));
  auto* reset = new QPushButton(tr("Default"), this);
  reset->setObjectName(QStringLiteral("defaultCacheFolder"));
  connect(change, &QPushButton::clicked, this, [this] {
    const QString start = chosenCacheFolder_.isEmpty() ? QString::fromStdString(cacheFolder_.string()) : chosenCacheFolder_;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Cache Folder"), start);
    if (!folder.isEmpty()) chooseCacheFolder(folder);
  });
  connect(reset, &QPushButton::clicked, this, [this] { chooseCacheFolder({}); });
  auto* nextRow = new QHBoxLayout;
  nextRow->addWidget(nextFolder_, 1);
  nextRow->addWidget(change);
  nextRow->addWidget(reset);
  showNextCacheFolder();

  auto* form = new QFormLayout;
  form->addRow(tr("Default colour map of new layers:"), colourMap_);
  form->addRow(tr("Background:"), background_);
  form->addRow(tr("Cache folder:"), folder);
  form->addRow(tr("Cache size:"), sizeRow);
  form->addRow(tr("From the next start:"), nextRow);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  confirm_ = [this] {
    return QMessageBox::question(this, tr("Clear the cache"),
                                 tr("Delete everything in %1?\nIt is made again when needed (the demo study takes a "
                                    "minute or so).").arg(QString::fromStdString(cacheFolder_.string()))) ==
           QMessageBox::Yes;
  };
  measureCache();
}

Preferences PreferencesDialog::preferences() const {
  return {colourMap_->currentText(), backgroundColour_, chosenCacheFolder_};
}

void PreferencesDialog::chooseCacheFolder(const QString& folder) {
  chosenCacheFolder_ = folder;
  showNextCacheFolder();
}

void PreferencesDialog::showNextCacheFolder() {
  if (!chosenCacheFolder_.isEmpty() && std::filesystem::path(chosenCacheFolder_.toStdString()) == cacheFolder_) {
    nextFolder_->setText(tr("this folder"));
    return;
  }
  const QString next = chosenCacheFolder_.isEmpty() ? tr("the default ($XDG_CACHE_HOME/voxellens or ~/.cache/voxellens)")
                                                    : chosenCacheFolder_;
  nextFolder_->setText(tr("%1; what the current folder holds stays there until you clear it").arg(next));
}

void PreferencesDialog::showBackground() {
  background_->setText(backgroundColour_.name());
  background_->setStyleSheet(QStringLiteral("background-color: %1; color: %2")
                                 .arg(backgroundColour_.name(), backgroundColour_.lightness() > 128 ? "black" : "white"));
}

void PreferencesDialog::measureCache() {
  cacheSize_->setText(tr("measuring..."));
  jobs_->runForResult<std::uintmax_t>(
      tr("Cache size"), [folder = cacheFolder_](const core::JobContext&) { return folderSize(folder); },
      [this](std::uintmax_t bytes) {
        cacheSize_->setText(QLocale().formattedDataSize(static_cast<qint64>(bytes)));
        Q_EMIT cacheSizeMeasured(bytes);
      });
}

void PreferencesDialog::clearCache() {
  if (!confirm_()) return;
  clear_->setEnabled(false);
  cacheSize_->setText(tr("clearing..."));
  // The log stays: it may hold the very error the user is clearing the cache for.
  jobs_->runForResult<std::uintmax_t>(
      tr("Clear the cache"),
      [folder = cacheFolder_](const core::JobContext&) {
        return clearFolder(folder, {"voxellens.log", "voxellens.log.1"});
      },
      [this](std::uintmax_t freed) {
        clear_->setEnabled(true);
        Q_EMIT cacheCleared(freed);
        measureCache();
      });
}

}  // namespace vl::widgets
