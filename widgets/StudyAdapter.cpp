#include "widgets/StudyAdapter.h"

namespace vl::widgets {

StudyAdapter::~StudyAdapter() {
  if (study_) study_->removeListener(token_);
}

void StudyAdapter::setStudy(std::shared_ptr<core::Study> study) {
  if (study_) study_->removeListener(token_);
  study_ = std::move(study);
  if (study_) {
    token_ = study_->addListener([this](const core::StudyChange& change) {
      Q_EMIT studyChanged(static_cast<int>(change.kind), static_cast<qulonglong>(change.layer));
    });
  }
  Q_EMIT studyReplaced();
}

}  // namespace vl::widgets
