#pragma once
// Builds a Study from surface files the user opens (FreeSurfer or GIfTI): each file is a hemisphere's surface; when only lh.X (or rh.X)
// is given and its partner rh.X (lh.X) lies beside it, both hemispheres are loaded, as Freeview users expect.
// Curvature and sulcal depth shading are computed for each hemisphere.
#include <filesystem>
#include <memory>
#include <vector>

#include "core/jobs/JobContext.h"
#include "core/model/Study.h"

namespace vl::core {

// Throws FormatError for unreadable files, std::invalid_argument when two files claim one hemisphere.
std::shared_ptr<Study> loadSurfaceFiles(std::vector<std::filesystem::path> files, const JobContext& context = {});

}  // namespace vl::core
