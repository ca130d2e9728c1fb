// warm_test_cache: the setup step of CTest's demo_cache fixture (tests/CMakeLists.txt). It fills the suite's own
// cache folder the way the window's first start fills a user's: the demo brain's mesh cache, then the default demo
// study, with the same functions (loadDemoBrain, makeDemoStudy, defaultDemoStudyFolder), so that every test that
// opens the demo brain or study reads one copy instead of making its own. Older demo studies left in the test cache by a
// previous recipe are removed; nothing outside that folder is touched.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>

#include "core/study/StudyManifest.h"
#include "core/anatomy/DemoBrainLoader.h"
#include "core/demo/DemoStudyMaker.h"

namespace fs = std::filesystem;

namespace {
// Removes demo-study-* folders of the test cache other than `current` (a changed recipe names a new folder).
int removeStaleDemoStudies(const fs::path& current) {
  int removed = 0;
  for (const auto& entry : fs::directory_iterator(current.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind("demo-study-", 0) == 0 && entry.path() != current) {
      fs::remove_all(entry.path());
      ++removed;
    }
  }
  return removed;
}
}  // namespace

int main(int argc, char** argv) {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (argc != 2 || !cache || fs::path(cache) != fs::path(argv[1])) {
    std::fprintf(stderr,
                 "usage: XDG_CACHE_HOME=DIR warm_test_cache DIR\n"
                 "warm_test_cache: refusing to run: it fills the test suite's cache folder, so XDG_CACHE_HOME must "
                 "be set to the folder given (CTest sets both, tests/CMakeLists.txt); got XDG_CACHE_HOME=%s\n",
                 cache ? cache : "(unset)");
    return 2;
  }
  try {
    const auto brain = vl::core::loadDemoBrain({});
    if (!brain.cacheWarning.empty()) {
      std::fprintf(stderr, "warm_test_cache: the demo brain's mesh cache was not written: %s\n",
                   brain.cacheWarning.c_str());
      return 1;
    }
    const fs::path study = vl::core::defaultDemoStudyFolder();
    const int stale = removeStaleDemoStudies(study);
    const bool made = !vl::core::isStudyFolder(study);
    if (made) vl::core::makeDemoStudy(study, {});
    std::printf("test cache %s: demo brain %s, demo study %s %s, %d stale demo studies removed\n", cache,
                brain.fromCache ? "from the cache" : "extracted", study.c_str(), made ? "written" : "present", stale);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warm_test_cache: %s\n", e.what());
    return 1;
  }
}
