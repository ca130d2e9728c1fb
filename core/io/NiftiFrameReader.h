#pragma once
// A NIfTI-1/2 image read one 3-D frame at a time, for 4-D series too large to hold as float (an NSD session of betas:
// 81 x 104 x 83 voxels x 750 trials, 1 GB of int16 inflated, 2 GB as float). The header is parsed and checked as
// readNifti does it (the same code, NiftiLayout.h), so the same files are accepted, with the same dims, datatype,
// scaling and voxel-to-world transform; then each nextFrame hands out the voxels of the next time point as float,
// scl_slope/scl_inter applied and byte-swapped when needed, equal to readNifti's voxels of that frame bit for bit.
// A .nii.gz (or a .hdr/.img.gz pair) is inflated incrementally by zlib through a 1 MiB input buffer, concatenated
// gzip members included; a plain file is read with an ifstream. Memory: one frame of stored bytes, the caller's frame
// of floats and the buffers, whatever the number of frames. Long readers check their JobContext between frames.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/model/Volume.h"

namespace vl::core {

class NiftiFrameReader {
public:
  // Opens the file and reads its header. Throws FormatError for everything readNifti rejects before reading voxels,
  // and for a plain file too short for all its frames (naming the frame it ends in).
  explicit NiftiFrameReader(const std::filesystem::path& file);
  ~NiftiFrameReader();
  NiftiFrameReader(const NiftiFrameReader&) = delete;
  NiftiFrameReader& operator=(const NiftiFrameReader&) = delete;

  // The image as readNifti describes it (dims, spacing, voxelToWorld, sourceDatatype), without voxels.
  const Volume& image() const;
  const std::array<std::int64_t, 4>& dims() const { return image().dims; }
  std::int64_t frames() const { return image().dims[3]; }
  std::size_t voxelsPerFrame() const { return image().voxelsPerFrame(); }
  const std::string& sourceDatatype() const { return image().sourceDatatype; }  // e.g. "INT16"
  const Affine& voxelToWorld() const { return image().voxelToWorld; }
  int datatype() const;        // the NIfTI datatype code (DT_INT16 = 4, ...)
  double sclSlope() const;     // as stored; applied only when nonzero, finite and not the identity with sclInter
  double sclInter() const;
  std::int64_t framesRead() const;

  // The next frame's voxelsPerFrame() voxels (x fastest, then y, z) into out, resized to fit; false, leaving out
  // alone, once every frame has been read. After the last frame of a gzip file, the rest of its member is inflated
  // to check its CRC, as readNifti does. Throws FormatError naming the file and the frame when the data ends early
  // ("the file ends before all N voxels, in frame T of F") or the compressed data is damaged.
  bool nextFrame(std::vector<float>& out);

private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vl::core
