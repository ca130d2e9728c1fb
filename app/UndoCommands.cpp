#include "app/UndoCommands.h"

#include "widgets/RoiDrawPanel.h"

namespace vl::app {

LayerDisplayCommand::LayerDisplayCommand(std::weak_ptr<core::Study> study, core::LayerId layer,
                                         core::LayerDisplay before, core::LayerDisplay after, const QString& what)
    : study_(std::move(study)), layer_(layer), before_(std::move(before)), after_(std::move(after)), what_(what) {
  setText(what);
}

void LayerDisplayCommand::apply(const core::LayerDisplay& display) {
  const auto study = study_.lock();
  if (study && study->findLayer(layer_)) study->setLayerDisplay(layer_, display);  // the layer may be gone
}

void LayerDisplayCommand::undo() { apply(before_); }

void LayerDisplayCommand::redo() {
  if (applied_) {
    applied_ = false;
    return;
  }
  apply(after_);
}

bool LayerDisplayCommand::mergeWith(const QUndoCommand* other) {
  const auto* next = static_cast<const LayerDisplayCommand*>(other);
  // Toggles and choices stay one step each; only settings edited by stepping or dragging merge.
  const bool discrete = before_.visible != after_.visible || before_.colourMap != after_.colourMap;
  if (discrete || next->layer_ != layer_ || next->what_ != what_ || next->study_.lock() != study_.lock()) return false;
  after_ = next->after_;
  return true;
}

RoiStrokeCommand::RoiStrokeCommand(widgets::RoiDrawPanel* panel, const QString& what) : panel_(panel) {
  setText(what);
}

void RoiStrokeCommand::undo() {
  panel_->model().undo();
  Q_EMIT panel_->roiChanged();
}

void RoiStrokeCommand::redo() {
  if (applied_) {
    applied_ = false;
    return;
  }
  panel_->model().redo();
  Q_EMIT panel_->roiChanged();
}

}  // namespace vl::app
