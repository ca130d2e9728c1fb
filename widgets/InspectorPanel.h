#pragma once
// The Inspector dock: for the vertex last clicked, its id and hemisphere, its coordinates on every surface, the
// value of every layer and its ROI in every ROI set.
#include <QWidget>

#include <optional>

#include "core/model/VertexInspection.h"

class QTreeWidget;
class QLabel;

namespace vl::widgets {

class InspectorPanel : public QWidget {
  Q_OBJECT
public:
  explicit InspectorPanel(QWidget* parent = nullptr);
  void show(const std::optional<core::VertexReport>& report);
  QTreeWidget* tree() const { return tree_; }

private:
  QLabel* hint_;
  QTreeWidget* tree_;
};

}  // namespace vl::widgets
