#pragma once
// The colour bar of the top visible scalar layer: one vtkScalarBarActor whose lookup table is filled through
// the same value -> colour rules as the surface (render/VertexColours mapValue), so its map, range and
// thresholds always match the rendering. Values the display hides are transparent entries, drawn as gaps
// (a checkerboard) in the bar. SceneRenderer calls update() whenever the Study changes; the window and the
// offscreen renderer both draw it.
#include <vtkNew.h>

#include <optional>
#include <string>

#include "core/model/Study.h"
#include "render/ColourMap.h"

class vtkLookupTable;
class vtkRenderer;
class vtkScalarBarActor;

namespace vl::render {

// The layer name as the bar's title, broken into lines of at most `width` characters at spaces (a word longer than
// that keeps its own line): the bar sits at the view's right edge, where one long line would be cut off.
std::string wrapColourBarTitle(const std::string& name, std::size_t width = 15);

class ColourBarManager {
public:
  explicit ColourBarManager(vtkRenderer* renderer);
  ~ColourBarManager();
  ColourBarManager(const ColourBarManager&) = delete;
  ColourBarManager& operator=(const ColourBarManager&) = delete;

  // Shows the bar for the top visible scalar layer, or hides it when there is none.
  void update(const core::Study& study);
  void hide();
  // Labels and title in black on light backgrounds, white on dark ones.
  void setBackground(const Rgb& background);

  bool isVisible() const;
  std::optional<core::LayerId> shownLayer() const { return shown_; }
  vtkScalarBarActor* actor() const { return actor_; }
  vtkLookupTable* lookupTable() const { return table_; }

  static constexpr int kTableSize = 256;

private:
  vtkRenderer* renderer_;
  vtkNew<vtkScalarBarActor> actor_;
  vtkNew<vtkLookupTable> table_;
  std::optional<core::LayerId> shown_;
};

// The layer a colour bar describes: the topmost visible scalar layer with values, or nullptr.
const core::LayerEntry* topVisibleScalarLayer(const core::Study& study);

}  // namespace vl::render
