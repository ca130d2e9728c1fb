#pragma once
// One thing on a figure (a brain view, a colour bar, a letter, a title): it knows its place and draws itself on any
// canvas. A new kind of panel (a gallery, a synthesis strip) is one more FigureItem.
#include "render/FigureCanvas.h"

namespace vl::render {

class FigureItem {
public:
  virtual ~FigureItem() = default;
  virtual void draw(FigureCanvas& canvas) const = 0;
};

}  // namespace vl::render
