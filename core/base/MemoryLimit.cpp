#include "core/base/MemoryLimit.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/base/FormatError.h"

namespace vl::core {

namespace {
std::atomic<std::uint64_t> explicitLimit{0};

std::uint64_t physicalMemory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || pageSize <= 0) return std::uint64_t(1) << 34;  // unknown: assume 16 GiB
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize);
}

std::uint64_t environmentLimit() {
  const char* text = std::getenv("VOXELLENS_MAX_MEMORY");
  if (!text || !*text) return 0;
  return parseMemorySize(text).value_or(0);  // an unreadable value leaves the default (the CLI option checks)
}
}  // namespace

std::uint64_t maxReadMemory() {
  if (const auto set = explicitLimit.load()) return set;
  const auto fromEnvironment = environmentLimit();
  return fromEnvironment ? fromEnvironment : physicalMemory();
}

void setMaxReadMemory(std::uint64_t bytes) { explicitLimit.store(bytes); }

std::optional<std::uint64_t> parseMemorySize(const std::string& text) {
  std::size_t end = 0;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
  if (end == 0) return std::nullopt;
  double number = 0;
  try {
    number = std::stod(text.substr(0, end));
  } catch (...) {
    return std::nullopt;
  }
  std::string unit;
  for (std::size_t i = end; i < text.size(); ++i) unit += static_cast<char>(std::toupper(text[i]));
  double scale = 1;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "K" || unit == "KB" || unit == "KIB") scale = 1024.0;
  else if (unit == "M" || unit == "MB" || unit == "MIB") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TB" || unit == "TIB") scale = 1024.0 * 1024 * 1024 * 1024;
  else return std::nullopt;
  const double bytes = number * scale;
  if (!(bytes >= 1) || bytes > 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(std::floor(bytes)));
}

std::string formatMemorySize(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[48];
  if (unit == 0) std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  else std::snprintf(text, sizeof text, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  return text;
}

void requireMemory(std::uint64_t bytes, const std::filesystem::path& file, const std::string& field) {
  const auto limit = maxReadMemory();
  if (bytes <= limit) return;
  throw FormatError(file, field,
                    "reading it needs " + formatMemorySize(bytes) + ", more than the memory limit of " +
                        formatMemorySize(limit) +
                        " (the machine's memory unless --max-memory or VOXELLENS_MAX_MEMORY sets it; a damaged "
                        "header can also state sizes like this)");
}

}  // namespace vl::core
