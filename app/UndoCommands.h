#pragma once
// The window's one undo stack holds these: a layer display change (colour map, range, threshold, opacity,
// visibility) and a drawn ROI stroke (a disc, a brush or erase stroke). Both are pushed after the change was made
// (the panels apply it at once), so the first redo() does nothing.
#include <QUndoCommand>

#include <memory>

#include "core/model/LayerDisplay.h"
#include "core/model/Study.h"

namespace vl::widgets {
class RoiDrawPanel;
}

namespace vl::app {

class LayerDisplayCommand : public QUndoCommand {
public:
  static constexpr int kId = 1501;
  LayerDisplayCommand(std::weak_ptr<core::Study> study, core::LayerId layer, core::LayerDisplay before,
                      core::LayerDisplay after, const QString& what);
  void undo() override;
  void redo() override;
  int id() const override { return kId; }
  // Consecutive edits of the same layer and the same setting (a spin box stepped, a handle dragged) are one
  // command: Undo goes back to where the edit started.
  bool mergeWith(const QUndoCommand* other) override;

private:
  void apply(const core::LayerDisplay& display);
  std::weak_ptr<core::Study> study_;
  core::LayerId layer_;
  core::LayerDisplay before_, after_;
  QString what_;
  bool applied_ = true;
};

class RoiStrokeCommand : public QUndoCommand {
public:
  RoiStrokeCommand(widgets::RoiDrawPanel* panel, const QString& what);
  void undo() override;
  void redo() override;

private:
  widgets::RoiDrawPanel* panel_;
  bool applied_ = true;
};

}  // namespace vl::app
