#include "widgets/BrainView.h"

#include "render/VertexPicker.h"
#include "widgets/RoiHoverText.h"

#include <QElapsedTimer>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <QWheelEvent>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace vl::widgets {
namespace {
// Runs a member function of BrainView when a VTK object fires an event.
template <typename Handler>
void observe(vtkObject* subject, unsigned long event, Handler handler) {
  auto command = vtkSmartPointer<vtkCallbackCommand>::New();
  auto* stored = new Handler(std::move(handler));
  command->SetClientData(stored);
  command->SetCallback([](vtkObject*, unsigned long, void* clientData, void* callData) {
    (*static_cast<Handler*>(clientData))(callData);
  });
  command->SetClientDataDeleteCallback([](void* clientData) { delete static_cast<Handler*>(clientData); });
  subject->AddObserver(event, command);
}
}  // namespace

void BrainView::setDefaultSurfaceFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(8);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  QSurfaceFormat::setDefaultFormat(format);
}

BrainView::BrainView(QWidget* parent) : QOpenGLWidget(parent), scene_(std::make_unique<render::SceneRenderer>()) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(320, 240);

  window_->SetOwnContext(false);
  window_->SetReadyForRendering(false);
  window_->SetFrameBlitModeToBlitToCurrent();
  window_->SetMultiSamples(0);  // FXAA instead: multisampled framebuffers are slow or incomplete on llvmpipe
  window_->AddRenderer(scene_->renderer());
  // VTK may need the context outside paintGL (e.g. to free buffers); hand it ours.
  // Only when our context is not current already: inside paintGL, makeCurrent() would rebind Qt's framebuffer
  // behind VTK's cached OpenGL state, and VTK would then attach its textures to Qt's framebuffer.
  observe(window_, vtkCommand::WindowMakeCurrentEvent, [this](void*) {
    if (context() && QOpenGLContext::currentContext() != context()) makeCurrent();
  });
  observe(window_, vtkCommand::WindowIsCurrentEvent, [this](void* callData) {
    *static_cast<bool*>(callData) = context() && QOpenGLContext::currentContext() == context();
  });

  interactor_->SetRenderWindow(window_);
  interactor_->SetInteractorStyle(style_);
  interactor_->EnableRenderOff();  // VTK asks for a frame, Qt decides when to paint it
  observe(interactor_, vtkCommand::RenderEvent, [this](void*) { update(); });
  observe(style_, vtkCommand::StartInteractionEvent, [this](void*) { setInteracting(true); });
  observe(style_, vtkCommand::EndInteractionEvent, [this](void*) { setInteracting(false); });
  interactor_->Initialize();

  // Hover picks wait until the mouse has been still for a moment, so that sweeping across the view costs at most
  // one pick per kHoverDelayMs; a pick through the cell locators takes well under a millisecond.
  hoverTimer_.setSingleShot(true);
  hoverTimer_.setInterval(kHoverDelayMs);
  connect(&hoverTimer_, &QTimer::timeout, this, [this] { hoverAt(hoverPosition_); });
  hoverOverlay_ = new QLabel(this);
  hoverOverlay_->setObjectName(QStringLiteral("hoverOverlay"));
  hoverOverlay_->setAttribute(Qt::WA_TransparentForMouseEvents);
  hoverOverlay_->setStyleSheet(QStringLiteral(
      "QLabel { background: rgba(20, 20, 20, 200); color: white; border-radius: 3px; padding: 3px 6px; }"));
  hoverOverlay_->hide();
}

void BrainView::setBackgroundColour(const QColor& colour) {
  scene_->setBackground({float(colour.redF()), float(colour.greenF()), float(colour.blueF())});
  update();
}

QColor BrainView::backgroundColour() const {
  const auto c = scene_->background();
  return QColor::fromRgbF(c[0], c[1], c[2]);
}

void BrainView::hoverAt(QPointF position) {
  const auto& study = scene_->study();
  if (interacting_ || !study || !rect().contains(position.toPoint())) return setHoverText({}, position);
  const qreal ratio = devicePixelRatioF();
  const auto picked = render::pickVertex(*scene_, static_cast<int>(position.x() * ratio),
                                         static_cast<int>((height() - position.y()) * ratio));
  setHoverText(picked ? roiHoverText(*study, picked->hemisphere, picked->vertex) : QString(), position);
}

void BrainView::setHoverText(const QString& text, QPointF position) {
  if (text.isEmpty()) {
    hoverOverlay_->hide();
  } else {
    hoverOverlay_->setText(text);
    hoverOverlay_->adjustSize();
    // Below right of the cursor, kept inside the view.
    QPoint at = position.toPoint() + QPoint(16, 18);
    at.setX(std::min(at.x(), width() - hoverOverlay_->width() - 2));
    at.setY(std::min(at.y(), height() - hoverOverlay_->height() - 2));
    hoverOverlay_->move(std::max(0, at.x()), std::max(0, at.y()));
    hoverOverlay_->show();
    hoverOverlay_->raise();
  }
  if (text == hoverText_) return;
  hoverText_ = text;
  Q_EMIT hoverTextChanged(text);
}

BrainView::~BrainView() {
  makeCurrent();
  scene_.reset();
  window_->ReleaseGraphicsResources(window_);
  doneCurrent();
}

void BrainView::setStudy(std::shared_ptr<core::Study> study) {
  scene_->setStudy(std::move(study));
  resetView();
}

void BrainView::applyViewPreset(const render::ViewPreset& preset) {
  scene_->applyViewPreset(preset);
  update();
}

void BrainView::resetView() {
  scene_->resetCamera();
  update();
}

void BrainView::setParallelProjection(bool on) {
  scene_->setParallelProjection(on);
  update();
}

void BrainView::setInteracting(bool interacting) {
  interacting_ = interacting;
  if (interacting) {
    hoverTimer_.stop();
    setHoverText({}, {});
  }
  scene_->setInteracting(interacting);
  update();  // the full mesh returns as soon as the mouse is released
}

void BrainView::initializeGL() {
  window_->SetReadyForRendering(true);
  window_->SetMapped(true);
  window_->SetIsCurrent(true);
  window_->OpenGLInitContext();
}

void BrainView::resizeGL(int width, int height) {
  const qreal ratio = devicePixelRatioF();
  window_->SetSize(static_cast<int>(width * ratio), static_cast<int>(height * ratio));
  interactor_->SetSize(static_cast<int>(width * ratio), static_cast<int>(height * ratio));
  interactor_->InvokeEvent(vtkCommand::ConfigureEvent);
}

void BrainView::paintGL() {
  QElapsedTimer timer;
  timer.start();
  window_->GetState()->Reset();
  window_->GetState()->Push();
  window_->Render();
  window_->GetState()->Pop();
  // Software OpenGL renders lazily; finishing here makes the measured time the real frame time.
  context()->functions()->glFinish();
  Q_EMIT frameRendered(static_cast<double>(timer.nsecsElapsed()) / 1e6,
                       static_cast<qulonglong>(scene_->drawnTriangles()), interacting_);
}

void BrainView::forwardMouse(QMouseEvent* event, unsigned long vtkEvent) {
  const qreal ratio = devicePixelRatioF();
  const QPointF p = event->position() * ratio;
  const bool repeat = event->type() == QEvent::MouseButtonDblClick;
  interactor_->SetEventInformationFlipY(static_cast<int>(p.x()), static_cast<int>(p.y()),
                                        (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (event->modifiers() & Qt::ShiftModifier) ? 1 : 0, 0, repeat ? 1 : 0);
  interactor_->SetAltKey((event->modifiers() & Qt::AltModifier) ? 1 : 0);
  interactor_->InvokeEvent(vtkEvent, event);
}

void BrainView::setDrawingMode(bool on) {
  if (!on && stroking_) {
    stroking_ = false;
    Q_EMIT strokeFinished();
  }
  drawingMode_ = on;
  setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

// Picking runs a ray through the surfaces; during a fast drag it is throttled to one pick per interval, and the
// last skipped position is picked when the button is released, so a stroke always ends where the mouse did.
void BrainView::pickStrokeAt(QPointF position) {
  const qreal ratio = devicePixelRatioF();
  makeCurrent();
  const auto picked = render::pickVertex(*scene_, static_cast<int>(position.x() * ratio),
                                         static_cast<int>((height() - position.y()) * ratio));
  doneCurrent();
  lastStrokePosition_ = position;
  strokeHasPending_ = false;
  lastStrokePickMs_ = strokeClock_.elapsed();
  if (picked) Q_EMIT strokePicked(core::hemisphereIndex(picked->hemisphere), picked->vertex);
}

void BrainView::mousePressEvent(QMouseEvent* event) {
  pressPosition_ = event->position();
  if (drawingMode_ && event->button() == Qt::LeftButton && event->modifiers() == Qt::NoModifier) {
    stroking_ = true;
    strokeClock_.start();
    Q_EMIT strokeStarted();
    pickStrokeAt(event->position());
    return;
  }
  switch (event->button()) {
    case Qt::LeftButton: forwardMouse(event, vtkCommand::LeftButtonPressEvent); break;
    case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonPressEvent); break;
    case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonPressEvent); break;
    default: break;
  }
}

void BrainView::mouseReleaseEvent(QMouseEvent* event) {
  if (stroking_ && event->button() == Qt::LeftButton) {
    if (strokeHasPending_ || (event->position() - lastStrokePosition_).manhattanLength() >= 2)
      pickStrokeAt(event->position());
    stroking_ = false;
    Q_EMIT strokeFinished();
    return;
  }
  switch (event->button()) {
    case Qt::LeftButton:
      forwardMouse(event, vtkCommand::LeftButtonReleaseEvent);
      if ((event->position() - pressPosition_).manhattanLength() < 4)
        pickAt(event->position(), event->modifiers().testFlag(Qt::AltModifier));
      break;
    case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonReleaseEvent); break;
    case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonReleaseEvent); break;
    default: break;
  }
}

void BrainView::pickAt(QPointF position, bool alt) {
  const qreal ratio = devicePixelRatioF();
  makeCurrent();  // the picker reads the scene, not pixels, but VTK may touch the context
  const auto picked = render::pickVertex(*scene_, static_cast<int>(position.x() * ratio),
                                         static_cast<int>((height() - position.y()) * ratio));
  doneCurrent();
  if (picked && alt) Q_EMIT vertexAltPicked(core::hemisphereIndex(picked->hemisphere), picked->vertex);
  else if (picked) Q_EMIT vertexPicked(core::hemisphereIndex(picked->hemisphere), picked->vertex);
  else if (!alt) Q_EMIT selectionCleared();
}

void BrainView::mouseMoveEvent(QMouseEvent* event) {
  if (stroking_) {
    if ((event->position() - lastStrokePosition_).manhattanLength() < 2) return;
    strokeHasPending_ = true;
    if (strokeClock_.elapsed() - lastStrokePickMs_ >= kStrokePickIntervalMs) pickStrokeAt(event->position());
    return;
  }
  forwardMouse(event, vtkCommand::MouseMoveEvent);
  if (event->buttons() != Qt::NoButton || interacting_) return;  // dragging: the camera moves, no picks
  hoverPosition_ = event->position();
  if (!hoverTimer_.isActive()) hoverTimer_.start();
}

void BrainView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape) {
    Q_EMIT selectionCleared();
    event->accept();
    return;
  }
  QOpenGLWidget::keyPressEvent(event);
}

void BrainView::wheelEvent(QWheelEvent* event) {
  const qreal ratio = devicePixelRatioF();
  const QPointF p = event->position() * ratio;
  interactor_->SetEventInformationFlipY(static_cast<int>(p.x()), static_cast<int>(p.y()),
                                        (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (event->modifiers() & Qt::ShiftModifier) ? 1 : 0);
  const int delta = event->angleDelta().y();
  if (delta > 0) interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent, event);
  else if (delta < 0) interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent, event);
  event->accept();
}

void BrainView::enterEvent(QEnterEvent* event) {
  interactor_->InvokeEvent(vtkCommand::EnterEvent, event);
  QOpenGLWidget::enterEvent(event);
}

void BrainView::leaveEvent(QEvent* event) {
  hoverTimer_.stop();
  setHoverText({}, {});
  interactor_->InvokeEvent(vtkCommand::LeaveEvent, event);
  QOpenGLWidget::leaveEvent(event);
}

}  // namespace vl::widgets
