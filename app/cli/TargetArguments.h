#pragma once
// The command-line forms of a selectivity target, shared by every command that takes one (select, and the
// synthesis and decoding commands): --roi [SET:]NAME[,NAME...][@lh|rh] (several names: the union of those ROIs, e.g.
// V1,V2,V3), --vertex HEMI:ID with a disc radius, --label FILE.
// Each throws UsageError (exit status 2) naming what is wrong and what was expected: an unknown or ambiguous ROI
// lists the candidates, a vertex id out of range names the hemisphere's vertex count.
#include <filesystem>
#include <string>

#include "app/cli/CommandLine.h"
#include "core/jobs/JobContext.h"
#include "core/model/Study.h"
#include "core/study/StudyFolderLoader.h"
#include "core/selectivity/SelectionTarget.h"
#include "core/study/Experiment.h"

namespace vl::app {

// The study folder, loaded with progress, refused with UsageError (exit 2) unless it has stimuli and train and
// test responses; `purpose` ends the message ("to select from").
core::LoadedStudy loadStudyWithResponses(const std::string& folder, const std::string& purpose,
                                         const core::JobContext& context);

// An ROI set named by its full name or a unique prefix of it, case-insensitively ("planted" for "planted ROIs").
const core::Parcellation* findRoiSet(const core::Study& study, const std::string& name);

core::SelectionTarget parseRoiTarget(const core::Study& study, const core::ColumnMap& columns, std::string text);
core::SelectionTarget parseVertexTarget(const core::Study& study, const core::ColumnMap& columns,
                                        const std::string& text, float radiusMm);
core::SelectionTarget parseLabelTarget(const core::ColumnMap& columns, const std::filesystem::path& file);

// --radius MM (default 6, in (0, 100]); refused without --vertex, which it goes with.
float parseRadiusOption(const Arguments& args);

// One target written as a single argument: roi:[SET:]NAME[@lh|rh], vertex:HEMI:ID[/MM] or label:FILE (for options
// such as a contrast's second target). `option` names the option in messages.
core::SelectionTarget parseTargetSpec(const core::Study& study, const core::ColumnMap& columns,
                                      const std::string& option, const std::string& spec,
                                      float defaultRadiusMm = 6.0f);

}  // namespace vl::app
