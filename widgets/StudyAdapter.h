#pragma once
// The thin Qt face of the document: forwards Study changes as a Qt signal so that panels can connect to them.
// It holds a pointer to the Study, never a copy of its data. Like the Study, it is for the GUI thread only: a job
// started from a panel captures study()->snapshot() (core/model/StudySnapshot.h), never study().
#include <QObject>

#include <memory>

#include "core/model/Study.h"

namespace vl::widgets {

class StudyAdapter : public QObject {
  Q_OBJECT
public:
  explicit StudyAdapter(QObject* parent = nullptr) : QObject(parent) {}
  ~StudyAdapter() override;

  void setStudy(std::shared_ptr<core::Study> study);
  const std::shared_ptr<core::Study>& study() const { return study_; }

Q_SIGNALS:
  void studyReplaced();
  void studyChanged(int kind, qulonglong layer);  // kind: core::StudyChange::Kind

private:
  std::shared_ptr<core::Study> study_;
  int token_ = 0;
};

}  // namespace vl::widgets
