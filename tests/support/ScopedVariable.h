#pragma once
// Sets or unsets one environment variable for a scope and restores what was there when the scope ends, also when an
// assertion ends the test early: the other tests of the process (one executable runs many) see the environment CTest
// set, e.g. XDG_CACHE_HOME pointing at the test cache.
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace vl::fixtures {

class ScopedVariable {
public:
  // A null value unsets the variable.
  ScopedVariable(std::string name, const char* value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = std::string(old);
    if (value) ::setenv(name_.c_str(), value, 1);
    else ::unsetenv(name_.c_str());
  }
  ScopedVariable(std::string name, const std::string& value) : ScopedVariable(std::move(name), value.c_str()) {}
  ~ScopedVariable() {
    if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
    else ::unsetenv(name_.c_str());
  }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;

private:
  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace vl::fixtures
