#pragma once
// The user's settings (QSettings): window geometry and dock layout, the last folder, the default colour map, the
// background. They belong to the user, not to a study (DESIGN.md section 8: the Study owns no preferences).
// VOXELLENS_SETTINGS=FOLDER keeps them in FOLDER/VoxelLens/VoxelLens.ini instead of the user's config folder:
// tests and scripted screenshots set it so that they never read or change the user's own settings.
#include <QColor>
#include <QString>

namespace vl::app {

// Call after the QApplication exists and before the first QSettings: honours VOXELLENS_SETTINGS.
void useSettingsFolderFromEnvironment();
// Points every later QSettings at FOLDER (an INI file there).
void useSettingsFolder(const QString& folder);

namespace settings {
inline constexpr const char* kBackground = "view/background";
inline constexpr const char* kDefaultColourMap = "layers/defaultColourMap";
inline constexpr const char* kLastFolder = "files/lastFolder";
inline constexpr const char* kCacheFolder = "files/cacheFolder";
inline constexpr const char* kGeometry = "window/geometry";
inline constexpr const char* kState = "window/state";
}  // namespace settings

// The colour map given to a layer of positive values when it is opened (signed values keep a two-sided map).
QString defaultColourMap();
void setDefaultColourMap(const QString& name);
QColor defaultBackground();
void setDefaultBackground(const QColor& colour);
// Where the file dialogs start: the folder of the last file opened or saved (the home folder at first).
QString lastFolder();
void rememberFolderOf(const QString& file);
// The cache folder chosen in Preferences (empty: the XDG rule of core/io/CachePaths.h). It takes effect at start:
// useChosenCacheFolder() hands it to the core before anything asks for the cache; a folder that is not an absolute
// path (a hand-edited settings file) is ignored with a warning on stderr.
QString chosenCacheFolder();
void setChosenCacheFolder(const QString& folder);
void useChosenCacheFolder();

}  // namespace vl::app
