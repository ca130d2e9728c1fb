#pragma once
// The 3D brain view: a QOpenGLWidget that owns a vtkGenericOpenGLRenderWindow (our own Qt 6 <-> VTK bridge,
// ../shared/DESIGN.md section 3; Debian's VTK Qt module links Qt 5). Mouse input goes to a VTK trackball
// interactor; VTK asks for frames through the interactor's RenderEvent and Qt paints them in paintGL.
// While the user drags, the scene draws level-of-detail proxies.
#include <QElapsedTimer>
#include <QColor>
#include <QOpenGLWidget>
#include <QPointF>
#include <QTimer>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include <memory>

#include "render/SceneRenderer.h"

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkInteractorStyleTrackballCamera;
class QLabel;

namespace vl::widgets {

class BrainView : public QOpenGLWidget {
  Q_OBJECT
public:
  explicit BrainView(QWidget* parent = nullptr);
  ~BrainView() override;

  render::SceneRenderer& scene() { return *scene_; }
  void setStudy(std::shared_ptr<core::Study> study);
  void applyViewPreset(const render::ViewPreset& preset);
  void resetView();
  void setParallelProjection(bool on);
  bool isInteracting() const { return interacting_; }
  // Drawing mode (ROI brush): a left drag without modifiers picks vertices along its path (strokeStarted,
  // strokePicked at most every kStrokePickIntervalMs, strokeFinished) instead of rotating; the other buttons and
  // Shift+left still move the camera.
  void setDrawingMode(bool on);
  bool drawingMode() const { return drawingMode_; }
  static constexpr int kStrokePickIntervalMs = 30;
  // The scene's background (and the colour bar's ink, black or white to match).
  void setBackgroundColour(const QColor& colour);
  QColor backgroundColour() const;
  // Hover: the ROI names under the mouse (visible ROI sets), shown in a small overlay; empty when none.
  QString hoverText() const { return hoverText_; }
  QLabel* hoverOverlay() const { return hoverOverlay_; }
  // Picks at a widget position now, as the hover timer does (tests, and the timer itself).
  void hoverAt(QPointF position);
  static constexpr int kHoverDelayMs = 40;  // at most 25 picks per second, none while dragging

  static void setDefaultSurfaceFormat();  // call before QApplication exists

Q_SIGNALS:
  void frameRendered(double milliseconds, qulonglong triangles, bool interacting);
  // A click (press and release within a few pixels, no drag) on a surface: hemisphere 0 left, 1 right.
  void vertexPicked(int hemisphere, int vertex);
  // The same click with Alt held (the selectivity explorer's disc target); vertexPicked is not emitted for it.
  void vertexAltPicked(int hemisphere, int vertex);
  void strokeStarted();
  void strokePicked(int hemisphere, int vertex);
  void strokeFinished();
  // A click that hit no surface, or Esc: whatever was selected should be let go.
  void selectionCleared();
  // The hover text changed (empty: the mouse is over no ROI, or left the view).
  void hoverTextChanged(const QString& text);

protected:
  void initializeGL() override;
  void resizeGL(int width, int height) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void enterEvent(QEnterEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

private:
  void forwardMouse(QMouseEvent* event, unsigned long vtkEvent);
  void pickAt(QPointF position, bool alt = false);
  void pickStrokeAt(QPointF position);
  void setInteracting(bool interacting);
  void setHoverText(const QString& text, QPointF position);

  vtkNew<vtkGenericOpenGLRenderWindow> window_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  vtkNew<vtkInteractorStyleTrackballCamera> style_;
  std::unique_ptr<render::SceneRenderer> scene_;
  bool interacting_ = false;
  QPointF pressPosition_;
  bool drawingMode_ = false;
  bool stroking_ = false;
  QPointF lastStrokePosition_;
  QElapsedTimer strokeClock_;
  bool strokeHasPending_ = false;
  qint64 lastStrokePickMs_ = 0;
  QTimer hoverTimer_;
  QPointF hoverPosition_;
  QString hoverText_;
  QLabel* hoverOverlay_ = nullptr;
};

}  // namespace vl::widgets
