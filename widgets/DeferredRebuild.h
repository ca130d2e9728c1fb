#pragma once
// Rebuilding a QTreeWidget deletes its items. A checkbox click in a panel's tree changes the document from inside
// the item's itemChanged signal, and the document's change notice asks the panel to rebuild: rebuilding there
// deletes the item while Qt is still inside its setData (a use-after-free that crashed now and then). A panel
// requests its rebuilds through this: at once normally, and once from the event loop when an item change is being
// handled.
#include <QObject>
#include <QScopedValueRollback>
#include <QTimer>

#include <functional>
#include <utility>

namespace vl::widgets {

class DeferredRebuild {
public:
  DeferredRebuild(QObject* owner, std::function<void()> rebuild) : owner_(owner), rebuild_(std::move(rebuild)) {}

  void request() {
    if (!handlingItemChange_) return rebuild_();
    if (pending_) return;
    pending_ = true;
    QTimer::singleShot(0, owner_, [this] {
      pending_ = false;
      rebuild_();
    });
  }
  // Hold the returned guard for the whole itemChanged handler.
  [[nodiscard]] QScopedValueRollback<bool> handlingItemChange() { return QScopedValueRollback<bool>(handlingItemChange_, true); }
  bool pending() const { return pending_; }

private:
  QObject* owner_;
  std::function<void()> rebuild_;
  bool handlingItemChange_ = false;
  bool pending_ = false;
};

}  // namespace vl::widgets
