#include "core/io/TemplateFolder.h"

#include <stdexcept>

namespace vl::core {

const std::filesystem::path& templateFolder() {
  static const std::filesystem::path folder = "/usr/share/mricron/templates";
  return folder;
}

std::filesystem::path requireTemplateFile(const std::filesystem::path& file) {
  const std::filesystem::path path = templateFolder() / file;  // `file` itself when absolute
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw std::runtime_error(path.string() +
                             ": missing; the demo brain needs Debian's mricron-data package "
                             "(run packaging/dev.sh deps, or apt-get install mricron-data)");
  return path;
}

}  // namespace vl::core
