#pragma once
// What `voxellens info` prints about a file: format, kind, dimensions, stored type, value range, label count,
// affine. As aligned text for people and as JSON for scripts.
#include <string>

#include "core/io/DataFile.h"

namespace vl::core {

std::string describeAsText(const DataFile& file);
std::string describeAsJson(const DataFile& file);  // one JSON object, no trailing newline

}  // namespace vl::core
