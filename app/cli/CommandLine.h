#pragma once
// Small argument parser for the subcommands: "--name value", "--name=value", boolean flags and positionals.
// Mistakes become UsageError, which the dispatcher prints as one line and turns into exit status 2.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace vl::app {

class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> value(const std::string& name) const;
};

// `flagNames` take no value, `valueNames` take one; anything else starting with '-' is a UsageError.
Arguments parseArguments(const std::vector<std::string>& arguments, const std::set<std::string>& flagNames,
                         const std::set<std::string>& valueNames);

// The whole number given to option `name` (decimal digits only: no sign, space or trailing text) in low..high;
// `fallback` when the option is absent. Throws UsageError "bad NAME 'TEXT': expected a whole number in LOW..HIGH".
// Every command's count, size and seed options go through it, so they accept and refuse the same things.
std::uint64_t wholeNumberOption(const Arguments& args, const std::string& name, std::uint64_t fallback,
                                std::uint64_t low, std::uint64_t high);

// "1600x1200" -> {1600, 1200}; throws UsageError naming the expected form.
std::pair<int, int> parseImageSize(const std::string& text);

// A number with `digits` decimals for tables and terminal lines; `notFinite` for NaN and infinities.
std::string formatFixed(double value, int digits = 3, const char* notFinite = "n/a");

}  // namespace vl::app
