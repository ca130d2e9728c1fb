#pragma once
// The MNI templates and atlases the demo brain and its ROI sets are made from (Colin27 ch2better.nii.gz, AAL,
// Harvard-Oxford, Brodmann) come from Debian's mricron-data package, which installs them in one folder. Every
// reader of them takes the folder from here.
#include <filesystem>

namespace vl::core {

// /usr/share/mricron/templates
const std::filesystem::path& templateFolder();

// A file of that folder (an absolute path, e.g. a template given by an environment variable, is taken as it is).
// Throws std::runtime_error naming the file and the package when it is missing.
std::filesystem::path requireTemplateFile(const std::filesystem::path& file);

}  // namespace vl::core
