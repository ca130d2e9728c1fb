#pragma once
// File > Export Figure...: the output file and its format (PNG, SVG, PDF), size in pixels, DPI, transparent
// background, the views (the current one, a montage preset or a custom grid of named views), panel letters and ROI
// names, the scale bar, orthographic views and, when the window has a selectivity target, its gallery. It fills
// render::FigureOptions, the struct `voxellens render` fills from its flags, so both make the same figure.
#include <QDialog>

#include <filesystem>

#include "render/FigureOptions.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace vl::widgets {

class ExportFigureDialog : public QDialog {
  Q_OBJECT
public:
  // hasSelectivityTarget: the Selectivity dock shows a target, so its gallery can go beside the views.
  explicit ExportFigureDialog(const QString& suggestedFile, QWidget* parent = nullptr,
                              bool hasSelectivityTarget = false);

  render::FigureOptions options() const;
  std::filesystem::path file() const;  // with the extension of the chosen format

  QLineEdit* fileEdit() const { return file_; }
  QComboBox* formatBox() const { return format_; }
  QComboBox* viewsBox() const { return views_; }
  QSpinBox* widthBox() const { return width_; }
  QSpinBox* heightBox() const { return height_; }
  QSpinBox* dpiBox() const { return dpi_; }
  QCheckBox* transparentBox() const { return transparent_; }
  QCheckBox* lettersBox() const { return letters_; }
  QCheckBox* roiNamesBox() const { return roiNames_; }
  QCheckBox* scaleBarBox() const { return scaleBar_; }
  QCheckBox* orthographicBox() const { return orthographic_; }
  QCheckBox* selectivityPanelBox() const { return selectivityPanel_; }
  QSpinBox* rowsBox() const { return rows_; }
  QSpinBox* columnsBox() const { return columns_; }
  QLineEdit* gridViewsEdit() const { return gridViews_; }
  // Empty when the choice can be exported; else what is wrong with the custom grid (shown in the dialog on Export).
  QString gridProblem() const;

private:
  void followFormat();  // the file's extension follows the format box
  void browse();

  QLineEdit* file_;
  QComboBox* format_;
  QSpinBox* width_;
  QSpinBox* height_;
  QSpinBox* dpi_;
  QCheckBox* transparent_;
  QComboBox* views_;
  QCheckBox* letters_;
  QCheckBox* roiNames_;
  QCheckBox* colourBar_;
  QCheckBox* scaleBar_;
  QCheckBox* orthographic_;
  QCheckBox* selectivityPanel_;
  QSpinBox* rows_;
  QSpinBox* columns_;
  QLineEdit* gridViews_;
  QLabel* problem_;
};

}  // namespace vl::widgets
