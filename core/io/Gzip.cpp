#include "core/io/Gzip.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>

#include "core/FormatError.h"

namespace vl::core {
namespace {
// zlib counts in uInt; feed and drain at most this much per call so that buffers past 4 GiB still work.
constexpr std::size_t kMaxChunk = std::size_t(1) << 30;

// Owns a z_stream set up for inflation with automatic zlib/gzip header detection (windowBits 15 + 32).
class Inflater {
 public:
  Inflater(const std::filesystem::path& file, const std::string& where) : file_(file), where_(where) {
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) throw FormatError(file_, where_, "cannot start zlib inflation");
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Runs inflate until the input is used up, the output is full or the stream ends. Returns true at stream end.
  bool step(const std::uint8_t*& in, std::size_t& inLeft, std::uint8_t*& out, std::size_t& outLeft) {
    stream_.next_in = const_cast<Bytef*>(in);
    stream_.avail_in = static_cast<uInt>(std::min(inLeft, kMaxChunk));
    stream_.next_out = out;
    stream_.avail_out = static_cast<uInt>(std::min(outLeft, kMaxChunk));
    const uInt inGiven = stream_.avail_in, outGiven = stream_.avail_out;
    const int result = inflate(&stream_, Z_NO_FLUSH);
    const std::size_t used = inGiven - stream_.avail_in, made = outGiven - stream_.avail_out;
    in += used;
    inLeft -= used;
    out += made;
    outLeft -= made;
    if (result == Z_STREAM_END) return true;
    if (result == Z_OK) return false;
    if (result == Z_BUF_ERROR && (used > 0 || made > 0)) return false;
    if (result == Z_BUF_ERROR && inLeft == 0) fail("compressed data ends before the end of the zlib stream");
    if (result == Z_BUF_ERROR) return false;  // no room for output: the caller decides
    fail(std::string("corrupt compressed data (zlib: ") +
         (stream_.msg ? stream_.msg : "error " + std::to_string(result)) + ")");
  }
  std::size_t produced() const { return static_cast<std::size_t>(stream_.total_out); }
  [[noreturn]] void fail(const std::string& problem) const { throw FormatError(file_, where_, problem); }

 private:
  z_stream stream_{};
  const std::filesystem::path& file_;
  const std::string& where_;
};
}  // namespace

namespace {
// libdeflate's whole-buffer decompressor is 2-3x faster than zlib's streaming inflate and fits the case where the
// size is known. It answers only "worked" or "failed", so any failure is left to zlib, which then throws the same
// precise message as before (or, should libdeflate reject something zlib accepts, simply does the work).
bool inflateWithLibdeflate(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  const std::unique_ptr<libdeflate_decompressor, Free> decompressor(libdeflate_alloc_decompressor());
  if (!decompressor) return false;
  // Like zlib's automatic header detection (windowBits 15 + 32): gzip streams start with 1F 8B, zlib streams never do.
  const bool gzip = in.size() >= 2 && in[0] == 0x1F && in[1] == 0x8B;
  // A null actual_out_nbytes_ret demands exactly out.size() bytes: more or fewer is a failure (bomb-safe).
  const auto result = gzip ? libdeflate_gzip_decompress(decompressor.get(), in.data(), in.size(), out.data(), out.size(),
                                                        nullptr)
                           : libdeflate_zlib_decompress(decompressor.get(), in.data(), in.size(), out.data(), out.size(),
                                                        nullptr);
  return result == LIBDEFLATE_SUCCESS;
}

void inflateExactlyWithZlib(std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
                            const std::filesystem::path& file, const std::string& where) {
  Inflater inflater(file, where);
  const std::uint8_t* next = in.data();
  std::size_t inLeft = in.size();
  std::uint8_t* dest = out.data();
  std::size_t outLeft = out.size();
  std::size_t stalls = 0;
  while (true) {
    if (inflater.step(next, inLeft, dest, outLeft)) break;
    if (outLeft == 0) {
      // Full: one more byte of room tells whether the stream really ends here or holds more than promised.
      std::uint8_t extra = 0;
      std::uint8_t* probe = &extra;
      std::size_t probeLeft = 1;
      const bool ended = inflater.step(next, inLeft, probe, probeLeft);
      if (probeLeft == 0)
        inflater.fail("compressed data holds more than the expected " + std::to_string(out.size()) + " bytes");
      if (ended) break;
      if (inLeft == 0) inflater.fail("compressed data ends before the end of the zlib stream");
      if (++stalls > 4) inflater.fail("compressed data makes no progress");
      continue;
    }
    if (inLeft == 0) {
      // Everything fed and room left: zlib either finishes now or the stream is cut short.
      if (inflater.step(next, inLeft, dest, outLeft)) break;
      if (outLeft == 0) continue;
      inflater.fail("compressed data ends after " + std::to_string(inflater.produced()) + " of the expected " +
                    std::to_string(out.size()) + " bytes");
    }
  }
  if (outLeft != 0)
    inflater.fail("compressed data expands to " + std::to_string(inflater.produced()) + " bytes, expected " +
                  std::to_string(out.size()));
}
}  // namespace

void inflateExactly(std::span<const std::uint8_t> in, std::span<std::uint8_t> out, const std::filesystem::path& file,
                    const std::string& where) {
  if (inflateWithLibdeflate(in, out)) return;
  inflateExactlyWithZlib(in, out, file, where);
}

std::vector<std::uint8_t> inflateLimited(std::span<const std::uint8_t> in, std::size_t maxBytes,
                                         const std::filesystem::path& file, const std::string& where) {
  Inflater inflater(file, where);
  std::vector<std::uint8_t> out;
  // Start from a guess of 4:1, bounded by the limit, and grow as output actually appears.
  std::size_t capacity = std::min<std::size_t>(maxBytes, std::max<std::size_t>(in.size() * 4, 4096));
  out.resize(capacity);
  const std::uint8_t* next = in.data();
  std::size_t inLeft = in.size();
  std::size_t produced = 0;
  while (true) {
    std::uint8_t* dest = out.data() + produced;
    std::size_t outLeft = out.size() - produced;
    const bool ended = inflater.step(next, inLeft, dest, outLeft);
    produced = out.size() - outLeft;
    if (ended) break;
    if (outLeft == 0) {
      if (out.size() >= maxBytes) {
        // Full at the limit: the stream may still end exactly here; probe with one byte.
        std::uint8_t extra = 0;
        std::uint8_t* probe = &extra;
        std::size_t probeLeft = 1;
        const bool done = inflater.step(next, inLeft, probe, probeLeft);
        if (probeLeft == 0)
          inflater.fail("compressed data expands past the limit of " + std::to_string(maxBytes) + " bytes");
        if (done) break;
        if (inLeft == 0) inflater.fail("compressed data ends before the end of the zlib stream");
        continue;
      }
      out.resize(std::min<std::size_t>(maxBytes, out.size() * 2));
      continue;
    }
    if (inLeft == 0) {
      std::uint8_t* again = out.data() + produced;
      std::size_t againLeft = out.size() - produced;
      const bool done = inflater.step(next, inLeft, again, againLeft);
      produced = out.size() - againLeft;
      if (done) break;
      if (againLeft == 0) continue;
      inflater.fail("compressed data ends before the end of the zlib stream");
    }
  }
  out.resize(produced);
  return out;
}

std::vector<std::uint8_t> deflateBuffer(std::span<const std::uint8_t> in, int level, CompressedFormat format) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, format == CompressedFormat::Gzip ? 15 + 16 : 15, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: cannot start deflation");
  std::vector<std::uint8_t> out(deflateBound(&stream, static_cast<uLong>(in.size())));
  const std::uint8_t* next = in.data();
  std::size_t inLeft = in.size();
  std::size_t produced = 0;
  int result = Z_OK;
  while (result != Z_STREAM_END) {
    if (produced == out.size()) out.resize(out.size() * 2 + 64);
    stream.next_in = const_cast<Bytef*>(next);
    stream.avail_in = static_cast<uInt>(std::min(inLeft, kMaxChunk));
    stream.next_out = out.data() + produced;
    stream.avail_out = static_cast<uInt>(std::min(out.size() - produced, kMaxChunk));
    const uInt inGiven = stream.avail_in, outGiven = stream.avail_out;
    result = deflate(&stream, inLeft <= kMaxChunk ? Z_FINISH : Z_NO_FLUSH);
    next += inGiven - stream.avail_in;
    inLeft -= inGiven - stream.avail_in;
    produced += outGiven - stream.avail_out;
    if (result == Z_STREAM_ERROR) {
      deflateEnd(&stream);
      throw std::runtime_error("zlib: deflate failed");
    }
  }
  deflateEnd(&stream);
  out.resize(produced);
  return out;
}

}  // namespace vl::core
