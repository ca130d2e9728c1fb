#pragma once
// Drives the Selectivity dock: once the study's models are ready it prepares the explorer's per-study inputs
// (core::makeSelectionContext: caption embedding, contrast-energy grid) in a background job; then every target
// (an ROI selected on the brain or in the ROIs dock, a geodesic disc from an Alt+click, a drawn ROI) is answered
// by core::selectTarget on a worker, never on the GUI thread, and a newer request supersedes an older one. A
// thumbnail click paints that image's predicted response on the cortex as a layer.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "core/jobs/JobQueue.h"
#include "core/model/Study.h"
#include "core/selectivity/SelectionTarget.h"

namespace vl::core {
struct SelectionContext;
}
namespace vl::widgets {
class JobRunner;
class SelectivityPanel;
class StudyAdapter;
}  // namespace vl::widgets

namespace vl::app {

class StudyModelsController;

class SelectivityController : public QObject {
  Q_OBJECT
public:
  SelectivityController(widgets::JobRunner* jobs, widgets::StudyAdapter* adapter, StudyModelsController* models,
                        widgets::SelectivityPanel* panel, QObject* parent = nullptr);
  ~SelectivityController() override;

  // A new study: the inputs of the previous one are dropped; they are made again when its models are ready.
  void studyOpened();
  void modelsReady();
  bool isReady() const { return context_ != nullptr; }

  // The ROI `key` of ROI set `roiSet` (both hemispheres; a drawn ROI when the set is the Draw ROI dock's).
  void selectRoi(int roiSet, int key);
  // A geodesic disc of the panel's radius around a vertex of the reference surface.
  void selectDisc(int hemisphere, int vertex);
  // Shows stimulus `index` large and adds (replacing the previous one) its predicted-response layer.
  void showImage(int index);
  // The caption map (k clusters) as an ROI set and each category's selectivity maps as layers, computed by a
  // background job (core::computeSelectivityMapLayers); a second run replaces the first one's layers. False (with a
  // message in the panel) when the explorer's inputs are not ready yet.
  bool computeMaps(int clusters);

  // From the click (or other request) to the gallery bound in the panel, in ms, of the last target shown.
  double lastClickToGalleryMs() const { return lastClickToGalleryMs_; }
  // Of that, binding the result in the panel on the GUI thread.
  double lastBindMs() const { return lastBindMs_; }

  struct ThumbnailCache;

Q_SIGNALS:
  void ready();
  void resultShown(double clickToGalleryMs);
  void predictedResponseShown(qulonglong layerId);
  void mapsShown(int layers);

private:
  // Builds the target on a worker (from data captured on the GUI thread) and computes its result there.
  void request(const QString& description, std::function<core::SelectionTarget()> makeTarget);
  void recomputeCurrent();

  widgets::JobRunner* jobs_;
  widgets::StudyAdapter* adapter_;
  StudyModelsController* models_;
  widgets::SelectivityPanel* panel_;
  std::shared_ptr<const core::SelectionContext> context_;
  std::shared_ptr<ThumbnailCache> thumbnails_;
  double fieldWidth_ = 0;
  core::JobId contextJob_ = 0, selectJob_ = 0, imageJob_ = 0, mapsJob_ = 0;
  std::vector<core::LayerId> mapLayers_;
  std::string mapRoiSetName_;
  std::uint64_t generation_ = 0;  // of the latest request: older results are dropped
  std::function<void()> pending_;  // a request made before the inputs were ready
  std::optional<core::SelectionTarget> lastTarget_;
  core::LayerId predictedLayer_ = 0;
  double lastClickToGalleryMs_ = -1, lastBindMs_ = -1;
};

}  // namespace vl::app
