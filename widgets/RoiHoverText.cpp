#include "widgets/RoiHoverText.h"

#include "core/model/LabelNames.h"

#include <QStringList>

#include <algorithm>

namespace vl::widgets {
namespace {
const core::Label* labelAt(const core::Parcellation& set, core::Hemisphere hemisphere, std::int32_t vertex) {
  const auto& keys = set.keysFor(hemisphere);
  if (vertex < 0 || static_cast<std::size_t>(vertex) >= keys.size()) return nullptr;
  const auto key = keys[static_cast<std::size_t>(vertex)];
  const auto it = std::find_if(set.labels.begin(), set.labels.end(), [key](const core::Label& l) { return l.key == key; });
  return it == set.labels.end() ? nullptr : &*it;
}
}  // namespace

QString roiHoverText(const core::Study& study, core::Hemisphere hemisphere, std::int32_t vertex) {
  QStringList lines;
  for (const auto& entry : study.roiSets()) {
    if (!entry.display.visible) continue;
    const auto* label = labelAt(*entry.data, hemisphere, vertex);
    if (label && !core::isUnlabelled(*label))
      lines << QStringLiteral("%1: %2").arg(QString::fromStdString(entry.data->name), QString::fromStdString(label->name));
  }
  return lines.join(QLatin1Char('\n'));
}

std::optional<std::pair<std::size_t, std::int32_t>> roiAtVertex(const core::Study& study, core::Hemisphere hemisphere,
                                                                 std::int32_t vertex) {
  const auto& sets = study.roiSets();
  for (std::size_t i = sets.size(); i-- > 0;) {
    if (!sets[i].display.visible) continue;
    const auto* label = labelAt(*sets[i].data, hemisphere, vertex);
    if (!label || core::isUnlabelled(*label)) return std::nullopt;  // only the top visible set counts
    return std::make_pair(i, label->key);
  }
  return std::nullopt;
}

}  // namespace vl::widgets
