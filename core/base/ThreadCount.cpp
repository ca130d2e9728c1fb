#include "core/base/ThreadCount.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace vl::core {

int coresOrEnvironment(const char* variable, int largest) {
  int count = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (const char* text = std::getenv(variable)) {
    char* end = nullptr;
    const long requested = std::strtol(text, &end, 10);
    if (end != text && *end == '\0' && requested >= 1 && requested <= largest) count = static_cast<int>(requested);
  }
  return count;
}

}  // namespace vl::core
