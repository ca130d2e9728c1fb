#include "widgets/ExportFigureDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace vl::widgets {
namespace {
constexpr const char* kCurrentView = "current view";
const char* extensionOf(int formatIndex) { return formatIndex == 1 ? "svg" : formatIndex == 2 ? "pdf" : "png"; }
}  // namespace

ExportFigureDialog::ExportFigureDialog(const QString& suggestedFile, QWidget* parent) : QDialog(parent) {
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
  letters_ = new QCheckBox(tr("Panel letters (A, B, C...)"), this);
  colourBar_ = new QCheckBox(tr("Colour bar of the top layer"), this);
  colourBar_->setChecked(defaults.colourBar);

  auto* form = new QFormLayout;
  form->addRow(tr("File:"), fileRow);
  form->addRow(tr("Format:"), format_);
  form->addRow(tr("Size:"), sizeRow);
  form->addRow(tr("Resolution:"), dpi_);
  form->addRow(QString(), transparent_);
  form->addRow(tr("Views:"), views_);
  form->addRow(QString(), letters_);
  form->addRow(QString(), colourBar_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
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
  options.montage = views_->currentData().toString().toStdString();  // empty: the window's current view
  options.panelLetters = letters_->isChecked();
  options.colourBar = colourBar_->isChecked();
  return options;
}

}  // namespace vl::widgets
