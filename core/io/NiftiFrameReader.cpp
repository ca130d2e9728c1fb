#include "core/io/NiftiFrameReader.h"

#include <algorithm>
#include <fstream>
#include <memory>

#include "core/base/FormatError.h"
#include "core/io/GzipFile.h"
#include "core/io/NiftiLayout.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

// zlib reads the compressed file through this much memory; large enough that each read is one big sequential read.
constexpr std::size_t kInputBufferBytes = std::size_t(1) << 20;

std::size_t readUpTo(std::ifstream& in, std::uint8_t* out, std::size_t size) {
  in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(size));
  return static_cast<std::size_t>(in.gcount());
}

std::ifstream openPlain(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FormatError(file, "", "cannot open the file for reading");
  return in;
}
}  // namespace

struct NiftiFrameReader::State {
  NiftiHeader header;
  Volume image;
  fs::path dataFile;
  NiftiVoxelExtent extent;
  bool compressed = false;
  std::unique_ptr<GzipReader> gzip;
  std::ifstream plain;
  // Inflated bytes of the data file read together with its header: the first voxels of a small .nii.gz.
  std::vector<std::uint8_t> pending;
  std::size_t pendingAt = 0;
  std::uint64_t position = 0;  // bytes of the data file (inflated) taken so far, pending ones included
  std::uint64_t finishLimit = 0;  // how far past the last voxel the CRC check of its gzip member may inflate
  std::vector<std::uint8_t> stored;  // one frame as stored
  std::int64_t framesRead = 0;

  // Up to `size` bytes of the data file from `position` on; fewer only where the (inflated) file ends.
  // Gzip errors come back naming the frame they stopped: what a reader of a long series needs to know.
  std::size_t take(std::uint8_t* out, std::size_t size) {
    std::size_t done = 0;
    if (pendingAt < pending.size()) {
      done = std::min(size, pending.size() - pendingAt);
      std::copy_n(pending.data() + pendingAt, done, out);
      pendingAt += done;
      if (pendingAt == pending.size()) std::vector<std::uint8_t>().swap(pending);
    }
    if (done < size) {
      if (!compressed) {
        done += readUpTo(plain, out + done, size - done);
      } else {
        try {
          done += gzip->read(out + done, size - done);
        } catch (const FormatError& e) {
          // The gzip stream holds the whole data file from its first byte, so what it inflated is where it stopped.
          const std::uint64_t reached = gzip->produced();
          if (gzip->truncated())
            throwNiftiVoxelsMissing(header, extent, reached, true, dataFile,
                                    "where the compressed data ends inside a gzip member at " + e.where() +
                                        ": the file is truncated");
          throw FormatError(dataFile, "data" + frameText(reached) + ", " + e.where(), e.problem());
        }
      }
    }
    position += done;
    return done;
  }

  std::string frameText(std::uint64_t reached) const {
    if (reached < extent.offset || extent.frameBytes == 0) return "";
    const auto frame = std::min<std::int64_t>(
        static_cast<std::int64_t>((reached - extent.offset) / extent.frameBytes) + 1, extent.frames);
    return " (frame " + std::to_string(frame) + " of " + std::to_string(extent.frames) + ")";
  }

  // After the last frame: read on to the end of the gzip member holding it, so its CRC is checked.
  void finish() {
    if (!compressed) return;
    try {
      gzip->finishMember(finishLimit);
    } catch (const FormatError& e) {
      throw FormatError(dataFile, "gzip data after the last voxel, " + e.where(), e.problem());
    }
  }
};

NiftiFrameReader::NiftiFrameReader(const fs::path& file) : state_(std::make_unique<State>()) {
  State& s = *state_;
  const fs::path headerFile = niftiHeaderFile(file);

  // The header: the first bytes of its file, inflated when it is gzip.
  const bool headerCompressed = looksGzipped(headerFile);
  std::unique_ptr<GzipReader> headerGzip;
  std::ifstream headerPlain;
  std::vector<std::uint8_t> leading(kNiftiBinaryHeaderBytes);
  if (headerCompressed) {
    headerGzip = std::make_unique<GzipReader>(headerFile, kInputBufferBytes);
    leading.resize(headerGzip->read(leading.data(), leading.size()));
  } else {
    headerPlain = openPlain(headerFile);
    leading.resize(readUpTo(headerPlain, leading.data(), leading.size()));
    if (isAsciiNiftiHeader(leading)) {  // a .nia header is text of any length up to nifti_clib's limit
      const std::size_t have = leading.size();
      leading.resize(kMaxAsciiNiftiHeader);
      leading.resize(have + readUpTo(headerPlain, leading.data() + have, leading.size() - have));
    }
  }
  s.header = parseNiftiHeaderFile(leading, headerCompressed, headerFile);
  s.dataFile = niftiDataFile(s.header, headerFile);

  if (s.header.layout == NiftiHeader::Layout::SeparateImage) {
    // readNifti checks the CRC of the gzip member holding the header, as far as it inflated it; so do we.
    if (headerGzip) headerGzip->finishMember(kNiftiBinaryHeaderBytes);
    headerGzip.reset();
    s.compressed = looksGzipped(s.dataFile);
    if (s.compressed) s.gzip = std::make_unique<GzipReader>(s.dataFile, kInputBufferBytes);
    else s.plain = openPlain(s.dataFile);
  } else {  // the header and the voxels share one stream, already read as far as `leading` goes
    s.compressed = headerCompressed;
    if (s.compressed) {
      s.gzip = std::move(headerGzip);
      s.pending = std::move(leading);
      s.position = 0;
    } else {
      s.plain = std::move(headerPlain);
    }
  }

  std::error_code error;
  const std::uint64_t storedBytes = fs::file_size(s.dataFile, error);
  if (error) throw FormatError(s.dataFile, "", "cannot read the file's size (" + error.message() + ")");
  s.extent = locateNiftiVoxels(s.header, s.dataFile, storedBytes, s.compressed);
  if (!s.compressed) {
    // A plain file's length says at once whether every frame is there.
    if (storedBytes < s.extent.end()) throwNiftiVoxelsMissing(s.header, s.extent, storedBytes, false, s.dataFile);
    s.plain.clear();
    s.plain.seekg(static_cast<std::streamoff>(s.extent.offset));
    if (!s.plain) throw FormatError(s.dataFile, "", "cannot seek to the first voxel");
    s.position = s.extent.offset;
  } else {
    // Inflate up to the first voxel (past the extension blocks), a frame's buffer at a time.
    s.finishLimit = std::max<std::uint64_t>(s.extent.end(),
                                            s.header.layout == NiftiHeader::Layout::SeparateImage
                                                ? 0
                                                : kNiftiBinaryHeaderBytes);
    std::vector<std::uint8_t> skipped(std::size_t(1) << 16);
    while (s.position < s.extent.offset) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(skipped.size(), s.extent.offset - s.position));
      if (s.take(skipped.data(), want) < want)
        throwNiftiVoxelsMissing(s.header, s.extent, s.position, true, s.dataFile);
    }
  }
  s.image = describeNiftiVolume(s.header);
}

NiftiFrameReader::~NiftiFrameReader() = default;

const Volume& NiftiFrameReader::image() const { return state_->image; }
int NiftiFrameReader::datatype() const { return state_->header.image->datatype; }
double NiftiFrameReader::sclSlope() const { return state_->header.image->scl_slope; }
double NiftiFrameReader::sclInter() const { return state_->header.image->scl_inter; }
std::int64_t NiftiFrameReader::framesRead() const { return state_->framesRead; }

bool NiftiFrameReader::nextFrame(std::vector<float>& out) {
  State& s = *state_;
  if (s.framesRead >= s.extent.frames) return false;
  s.stored.resize(static_cast<std::size_t>(s.extent.frameBytes));  // only now: the sizes have been checked
  if (s.take(s.stored.data(), s.stored.size()) < s.stored.size())
    throwNiftiVoxelsMissing(s.header, s.extent, s.position, s.compressed, s.dataFile);
  out.resize(s.image.voxelsPerFrame());
  convertScaledNiftiVoxels(s.header, s.stored.data(), out);
  if (++s.framesRead == s.extent.frames) s.finish();
  return true;
}

}  // namespace vl::core
