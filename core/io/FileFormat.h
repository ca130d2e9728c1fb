#pragma once
// Recognises a neuroimaging file by its content (magic numbers, XML root, NIfTI header size and extensions), with
// the file name as a hint only where the content is ambiguous (an annotation has no magic number), so that
// `lh.white` without an extension or a `.gii` named `.xml` are still recognised.
#include <filesystem>
#include <string>

namespace vl::core {

enum class FileFormat {
  Unknown,
  FreeSurferSurface,  // lh.white, lh.pial, ... (magic FF FF FE)
  FreeSurferCurv,     // lh.curv, lh.thickness (magic FF FF FF)
  FreeSurferAnnot,    // lh.aparc.annot (no magic: recognised by name and a consistent header)
  FreeSurferLabel,    // lh.V1.label (ASCII, "#!ascii label")
  Mgh,                // .mgh (version 1 header)
  Mgz,                // .mgz (gzip of .mgh)
  Gifti,              // .gii (XML with a GIFTI root)
  Nifti1,             // .nii, .nii.gz, .hdr
  Nifti2,
  Cifti2,             // NIfTI-2 with a CIFTI extension (.dscalar.nii, .dlabel.nii)
  Npy,                // NumPy array
};

std::string toString(FileFormat format);
// Reads at most the first few kilobytes (decompressing gzip where needed). Never throws for unknown content;
// throws FormatError when the file cannot be opened.
FileFormat detectFileFormat(const std::filesystem::path& file);

}  // namespace vl::core
