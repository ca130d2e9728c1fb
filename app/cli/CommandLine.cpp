#include "app/cli/CommandLine.h"

#include <algorithm>
#include <stdexcept>

#include <cstdio>

#include <cmath>

#include <charconv>

namespace vl::app {

std::optional<std::string> Arguments::value(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::nullopt : std::optional(it->second);
}

Arguments parseArguments(const std::vector<std::string>& arguments, const std::set<std::string>& flagNames,
                         const std::set<std::string>& valueNames) {
  Arguments parsed;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& a = arguments[i];
    if (a.size() < 2 || a[0] != '-') {
      parsed.positional.push_back(a);
      continue;
    }
    std::string name = a, inlineValue;
    bool hasInline = false;
    if (const auto eq = a.find('='); eq != std::string::npos) {
      name = a.substr(0, eq);
      inlineValue = a.substr(eq + 1);
      hasInline = true;
    }
    if (flagNames.count(name)) {
      if (hasInline) throw UsageError("option " + name + " takes no value");
      parsed.flags.insert(name);
    } else if (valueNames.count(name)) {
      if (hasInline) parsed.values[name] = inlineValue;
      else if (i + 1 < arguments.size()) parsed.values[name] = arguments[++i];
      else throw UsageError("option " + name + " needs a value");
    } else {
      throw UsageError("unknown option " + name);
    }
  }
  return parsed;
}

std::uint64_t wholeNumberOption(const Arguments& args, const std::string& name, std::uint64_t fallback,
                                std::uint64_t low, std::uint64_t high) {
  const auto text = args.value(name);
  if (!text) return fallback;
  const bool digits = !text->empty() &&
                      std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) try {
      const std::uint64_t value = std::stoull(*text);
      if (value >= low && value <= high) return value;
    } catch (const std::out_of_range&) {  // more than 64 bits
    }
  throw UsageError("bad " + name + " '" + *text + "': expected a whole number in " + std::to_string(low) + ".." +
                   std::to_string(high));
}

std::pair<int, int> parseImageSize(const std::string& text) {
  const auto x = text.find('x');
  int width = 0, height = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (x == std::string::npos || x == 0 || x + 1 >= text.size() ||
      std::from_chars(begin, begin + x, width).ptr != begin + x ||
      std::from_chars(begin + x + 1, end, height).ptr != end || width <= 0 || height <= 0) {
    throw UsageError("bad size '" + text + "': expected WIDTHxHEIGHT in pixels, e.g. 1600x1200");
  }
  return {width, height};
}

std::string formatFixed(double value, int digits, const char* notFinite) {
  if (!std::isfinite(value)) return notFinite;
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

}  // namespace vl::app
