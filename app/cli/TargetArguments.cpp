#include "app/cli/TargetArguments.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "app/cli/CommandLine.h"
#include "core/io/FreeSurferLabel.h"

namespace vl::app {
namespace {
namespace fs = std::filesystem;
using core::Hemisphere;

std::string lower(std::string text) {
  for (auto& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

}  // namespace

const core::Parcellation* findRoiSet(const core::Study& study, const std::string& name) {
  std::vector<const core::Parcellation*> prefix;
  for (const auto& entry : study.roiSets()) {
    if (lower(entry.data->name) == lower(name)) return entry.data.get();
    if (lower(entry.data->name).rfind(lower(name), 0) == 0) prefix.push_back(entry.data.get());
  }
  if (prefix.size() == 1) return prefix.front();
  std::string known;
  for (const auto& entry : study.roiSets()) known += (known.empty() ? "" : ", ") + entry.data->name;
  throw UsageError("no single ROI set named " + name + " (the study has: " + known + ")");
}

bool hasLabel(const core::Parcellation& set, const std::string& name) {
  return std::any_of(set.labels.begin(), set.labels.end(), [&](const core::Label& l) { return l.name == name; });
}

namespace {

// The ROI set holding `name`: `set` when one was named (which must have the label), else the only set that has it.
const core::Parcellation* setOfRoi(const core::Study& study, const core::Parcellation* set, const std::string& name) {
  if (set) {
    if (!hasLabel(*set, name)) {
      std::string known;
      for (const auto& l : set->labels)
        if (l.key != 0) known += (known.empty() ? "" : ", ") + l.name;
      throw UsageError("ROI set " + set->name + " has no ROI " + name + " (it has: " + known + ")");
    }
    return set;
  }
  std::vector<const core::Parcellation*> matches;
  for (const auto& entry : study.roiSets())
    if (hasLabel(*entry.data, name)) matches.push_back(entry.data.get());
  if (matches.size() > 1) {
    std::string list;
    for (auto* m : matches) list += (list.empty() ? "" : ", ") + m->name + ":" + name;
    throw UsageError("ROI name " + name + " is in several ROI sets; name one: " + list);
  }
  if (matches.empty()) {
    std::string similar;
    for (const auto& entry : study.roiSets())
      for (const auto& l : entry.data->labels)
        if (l.key != 0 && lower(l.name).find(lower(name)) != std::string::npos)
          similar += (similar.empty() ? "" : ", ") + entry.data->name + ":" + l.name;
    std::string sets;
    for (const auto& entry : study.roiSets()) sets += (sets.empty() ? "" : ", ") + entry.data->name;
    throw UsageError("no ROI named " + name + " in any ROI set" +
                     (similar.empty() ? " (sets: " + sets + ")" : " (similar: " + similar + ")"));
  }
  return matches.front();
}

// "V1,V2,V3" -> {"V1", "V2", "V3"}; a name that is itself a label (commas and all) stays whole.
std::vector<std::string> roiNames(const core::Study& study, const core::Parcellation* set, const std::string& text) {
  const bool whole = set ? hasLabel(*set, text)
                         : std::any_of(study.roiSets().begin(), study.roiSets().end(),
                                       [&](const auto& entry) { return hasLabel(*entry.data, text); });
  if (whole || text.find(',') == std::string::npos) return {text};
  std::vector<std::string> names;
  std::size_t from = 0;
  for (;;) {
    const auto comma = text.find(',', from);
    names.push_back(text.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (names.back().empty()) throw UsageError("--roi " + text + ": an empty ROI name between commas");
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return names;
}

}  // namespace

core::SelectionTarget parseRoiTarget(const core::Study& study, const core::ColumnMap& columns, std::string text) {
  std::vector<Hemisphere> hemispheres = {Hemisphere::Left, Hemisphere::Right};
  if (const auto at = text.rfind('@'); at != std::string::npos) {
    const std::string hemi = text.substr(at + 1);
    if (hemi == "lh") hemispheres = {Hemisphere::Left};
    else if (hemi == "rh") hemispheres = {Hemisphere::Right};
    else throw UsageError("--roi " + text + ": expected @lh or @rh after the name");
    text.resize(at);
  }
  const core::Parcellation* named = nullptr;
  std::string list = text;
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    named = findRoiSet(study, text.substr(0, colon));
    list = text.substr(colon + 1);
  }
  const auto names = roiNames(study, named, list);
  if (names.size() == 1) return core::roiTarget(*setOfRoi(study, named, names[0]), names[0], hemispheres, columns);
  // A union of ROIs (e.g. V1,V2,V3 for early visual cortex): their columns, named "V1+V2+V3".
  core::SelectionTarget target;
  target.hemispheres = hemispheres;
  std::vector<std::string> sets;
  for (const auto& name : names) {
    const auto* set = setOfRoi(study, named, name);
    const auto part = core::roiTarget(*set, name, hemispheres, columns);
    target.columns.insert(target.columns.end(), part.columns.begin(), part.columns.end());
    if (std::find(sets.begin(), sets.end(), set->name) == sets.end()) sets.push_back(set->name);
    target.roiName += (target.roiName.empty() ? "" : "+") + name;
  }
  for (const auto& set : sets) target.roiSet += (target.roiSet.empty() ? "" : ",") + set;
  std::sort(target.columns.begin(), target.columns.end());
  target.columns.erase(std::unique(target.columns.begin(), target.columns.end()), target.columns.end());
  return target;
}

core::SelectionTarget parseVertexTarget(const core::Study& study, const core::ColumnMap& columns, const std::string& text,
                                        float radiusMm) {
  const auto colon = text.find(':');
  const std::string hemi = colon == std::string::npos ? "" : text.substr(0, colon);
  if (hemi != "lh" && hemi != "rh") throw UsageError("--vertex " + text + ": expected lh:ID or rh:ID");
  long long id = -1;
  try {
    std::size_t used = 0;
    id = std::stoll(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw UsageError("--vertex " + text + ": the vertex id must be a whole number");
  }
  const Hemisphere hemisphere = hemi == "lh" ? Hemisphere::Left : Hemisphere::Right;
  const auto surface = study.referenceSurface(hemisphere);
  if (!surface) throw UsageError("the study has no surface for " + hemi);
  if (id < 0 || static_cast<std::size_t>(id) >= surface->vertexCount())
    throw UsageError("--vertex " + text + ": hemisphere " + hemi + " has " + std::to_string(surface->vertexCount()) +
                     " vertices (ids 0.." + std::to_string(surface->vertexCount() - 1) + ")");
  return core::discTarget(*surface, hemisphere, static_cast<std::int32_t>(id), radiusMm, columns);
}

core::SelectionTarget parseLabelTarget(const core::ColumnMap& columns, const fs::path& file) {
  const auto label = core::readFreeSurferLabel(file);
  if (!label.hemisphere)
    throw UsageError(file.string() + ": the label file's name must start with lh. or rh. (its hemisphere)");
  return core::drawnTarget(file.filename().string(), *label.hemisphere, label.vertices, columns);
}

core::LoadedStudy loadStudyWithResponses(const std::string& folder, const std::string& purpose,
                                         const core::JobContext& context) {
  auto loaded = core::loadStudyFolder(folder, context);
  const auto& experiment = loaded.study->experiment();
  if (!experiment || !experiment->stimuli || !experiment->train || !experiment->test)
    throw UsageError(folder + ": the study has no stimuli and responses " + purpose);
  return loaded;
}

float parseRadiusOption(const Arguments& args) {
  const auto text = args.value("--radius");
  if (!text) return 6.0f;
  if (!args.value("--vertex")) throw UsageError("--radius goes with --vertex");
  float radius = -1;
  try {
    std::size_t used = 0;
    radius = std::stof(*text, &used);
    if (used != text->size()) radius = -1;
  } catch (const std::exception&) {
  }
  if (!(radius > 0) || radius > 100) throw UsageError("--radius " + *text + ": expected millimetres in (0, 100]");
  return radius;
}

core::SelectionTarget parseTargetSpec(const core::Study& study, const core::ColumnMap& columns,
                                      const std::string& option, const std::string& spec, float defaultRadiusMm) {
  const auto colon = spec.find(':');
  const std::string kind = colon == std::string::npos ? "" : spec.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (kind == "roi") return parseRoiTarget(study, columns, rest);
  if (kind == "label") return parseLabelTarget(columns, rest);
  if (kind == "vertex") {
    float radius = defaultRadiusMm;
    std::string vertex = rest;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
      vertex = rest.substr(0, slash);
      try {
        radius = std::stof(rest.substr(slash + 1));
      } catch (const std::exception&) {
        radius = -1;
      }
      if (!(radius > 0) || radius > 100)
        throw UsageError(option + " " + spec + ": expected a radius in millimetres in (0, 100] after /");
    }
    return parseVertexTarget(study, columns, vertex, radius);
  }
  throw UsageError(option + " " + spec + ": expected roi:[SET:]NAME[@lh|rh], vertex:HEMI:ID[/MM] or label:FILE");
}

}  // namespace vl::app
