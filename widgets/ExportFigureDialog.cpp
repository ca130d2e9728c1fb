#include "widgets/ExportFigureDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "render/ViewPreset.h"

namespace vl::widgets {
namespace {
constexpr const char* kCurrentView = "current view";
constexpr const char* kCustomGrid = "grid";  // the views box's data for "custom grid": rows x columns of named views
const char* extensionOf(int formatIndex) { return formatIndex == 1 ? "svg" : formatIndex == 2 ? "pdf" : "png"; }
}  // namespace

ExportFigureDialog::ExportFigureDialog(const QString& suggestedFile, QWidget* parent, bool hasSelectivityTarget)
    : QDialog(parent) {
  setWindowTitle(tr("Export Figure"));
  file_ = new QLineEdit(suggestedFile, this);
  auto* browse = new QPushButton(tr("Browse..."), this);
  connect(browse, &QPushButton::clicked, this, &ExportFigureDialog::browse);
  auto* fileRow = new QHBoxLayout;
  fileRow->addWidget(file_, 1);
  fileRow->addWidget(browse);
  format_ = new QComboBox(this);
  format_->addItems({tr("PNG (raster)"), tr("SVG (vector items, brains embedded)"), tr("PDF (vector items, brains embedded)")});
  const QString suffix = QFileInfo(suggestedFile).suffix().toLower();
  format_->setCurrentIndex(suffix == QLatin1String("svg") ? 1 : suffix == QLatin1String("pdf") ? 2 : 0);
  connect(format_, &QComboBox::currentIndexChanged, this, &ExportFigureDialog::followFormat);

  const render::FigureOptions defaults;
  auto spin = [this](int low, int high, int value, const QString& suffix) {
    auto* box = new QSpinBox(this);
    box->setRange(low, high);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
  };
  width_ = spin(64, 20000, defaults.width, tr(" px"));
  height_ = spin(64, 20000, defaults.height, tr(" px"));
  dpi_ = spin(36, 2400, defaults.dpi, tr(" dpi"));
  auto* sizeRow = new QHBoxLayout;
  sizeRow->addWidget(width_);
  sizeRow->addWidget(height_);
  transparent_ = new QCheckBox(tr("Transparent background"), this);

  views_ = new QComboBox(this);
  views_->addItem(tr(kCurrentView), QString());
  for (const auto& name : render::figureMontageNames())
    views_->addItem(tr("montage: %1").arg(QString::fromStdString(name)), QString::fromStdString(name));
  views_->addItem(tr("custom grid"), QString::fromLatin1(kCustomGrid));
  rows_ = spin(1, 8, 2, tr(" rows"));
  columns_ = spin(1, 8, 2, tr(" columns"));
  gridViews_ = new QLineEdit(QStringLiteral("lateral-left,lateral-right,medial-left,medial-right"), this);
  gridViews_->setToolTip(tr("View names filled row by row, comma separated (as voxellens render --views)"));
  auto* gridRow = new QHBoxLayout;
  gridRow->addWidget(rows_);
  gridRow->addWidget(columns_);
  gridRow->addWidget(gridViews_, 1);
  problem_ = new QLabel(this);
  problem_->setStyleSheet(QStringLiteral("color: #b00020"));
  problem_->setWordWrap(true);
  problem_->hide();
  const auto followViews = [this] {
    const bool grid = views_->currentData().toString() == QLatin1String(kCustomGrid);
    rows_->setEnabled(grid);
    columns_->setEnabled(grid);
    gridViews_->setEnabled(grid);
  };
  connect(views_, &QComboBox::currentIndexChanged, this, followViews);
  followViews();
  letters_ = new QCheckBox(tr("Panel letters (A, B, C...)"), this);
  roiNames_ = new QCheckBox(tr("Names of the selected ROIs"), this);
  colourBar_ = new QCheckBox(tr("Colour bar of the top layer"), this);
  colourBar_->setChecked(defaults.colourBar);
  scaleBar_ = new QCheckBox(tr("Scale bar (orthographic views of white, pial or midthickness surfaces)"), this);
  scaleBar_->setChecked(defaults.scaleBar);
  scaleBar_->setToolTip(tr("Left off on inflated, sphere and flat surfaces and on perspective views, where a length "
                           "in mm is not the same across the view"));
  orthographic_ = new QCheckBox(tr("Orthographic views"), this);
  orthographic_->setChecked(defaults.orthographic);
  orthographic_->setToolTip(tr("The montage's views without perspective (the current view keeps the window's "
                               "projection)"));
  selectivityPanel_ = new QCheckBox(tr("Include the selectivity panel (preferred images and caption)"), this);
  selectivityPanel_->setEnabled(hasSelectivityTarget);
  selectivityPanel_->setChecked(hasSelectivityTarget && defaults.selectivityPanel);
  if (!hasSelectivityTarget)
    selectivityPanel_->setToolTip(tr("Select a target (an ROI or a point) in the Selectivity panel first"));

  auto* form = new QFormLayout;
  form->addRow(tr("File:"), fileRow);
  form->addRow(tr("Format:"), format_);
  form->addRow(tr("Size:"), sizeRow);
  form->addRow(tr("Resolution:"), dpi_);
  form->addRow(QString(), transparent_);
  form->addRow(tr("Views:"), views_);
  form->addRow(tr("Grid:"), gridRow);
  form->addRow(QString(), letters_);
  form->addRow(QString(), roiNames_);
  form->addRow(QString(), colourBar_);
  form->addRow(QString(), scaleBar_);
  form->addRow(QString(), orthographic_);
  form->addRow(QString(), selectivityPanel_);
  form->addRow(QString(), problem_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    const QString problem = gridProblem();
    problem_->setText(problem);
    problem_->setVisible(!problem.isEmpty());
    if (problem.isEmpty()) accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

void ExportFigureDialog::followFormat() {
  QFileInfo info(file_->text());
  if (file_->text().isEmpty()) return;
  file_->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + QLatin1String(extensionOf(format_->currentIndex()))));
}

void ExportFigureDialog::browse() {
  const auto name = QFileDialog::getSaveFileName(this, tr("Export Figure"), file_->text(),
                                                 tr("Figures (*.png *.svg *.pdf)"));
  if (name.isEmpty()) return;
  file_->setText(name);
  const QString suffix = QFileInfo(name).suffix().toLower();
  const QSignalBlocker block(format_);
  format_->setCurrentIndex(suffix == QLatin1String("svg") ? 1 : suffix == QLatin1String("pdf") ? 2 : 0);
}

QString ExportFigureDialog::gridProblem() const {
  if (views_->currentData().toString() != QLatin1String(kCustomGrid)) return {};
  const auto names = gridViews_->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (const auto& name : names)
    if (!render::parseViewPreset(name.trimmed().toStdString()))
      return tr("Unknown view \"%1\" (e.g. lateral-left, medial-right, ventral, posterior).").arg(name.trimmed());
  const int cells = rows_->value() * columns_->value();
  if (names.size() != cells)
    return tr("The grid has %1 cells but %2 views are named.").arg(cells).arg(names.size());
  return {};
}

std::filesystem::path ExportFigureDialog::file() const { return file_->text().toStdString(); }

render::FigureOptions ExportFigureDialog::options() const {
  render::FigureOptions options;
  options.format = format_->currentIndex() == 1 ? render::FigureFormat::Svg
                   : format_->currentIndex() == 2 ? render::FigureFormat::Pdf
                                                  : render::FigureFormat::Png;
  options.width = width_->value();
  options.height = height_->value();
  options.dpi = dpi_->value();
  options.transparent = transparent_->isChecked();
  const QString views = views_->currentData().toString();
  if (views == QLatin1String(kCustomGrid)) {
    options.rows = rows_->value();
    options.columns = columns_->value();
    for (const auto& name : gridViews_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
      options.views.push_back(name.trimmed().toStdString());
  } else {
    options.montage = views.toStdString();  // empty: the window's current view
  }
  options.panelLetters = letters_->isChecked();
  options.roiNames = roiNames_->isChecked();
  options.colourBar = colourBar_->isChecked();
  options.scaleBar = scaleBar_->isChecked();
  options.orthographic = orthographic_->isChecked();
  options.selectivityPanel = selectivityPanel_->isEnabled() && selectivityPanel_->isChecked();
  return options;
}

}  // namespace vl::widgets
