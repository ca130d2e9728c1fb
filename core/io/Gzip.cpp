#include "core/io/Gzip.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/base/FormatError.h"

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
  const bool gzip = startsLikeGzip(in);
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

namespace {
// One member whose ISIZE trailer gives its size: libdeflate inflates it in one call into a buffer of that size and
// checks CRC and ISIZE. Nothing when the data is anything else; the caller then streams through zlib.
std::optional<ByteBuffer> inflateGzipWithLibdeflate(std::span<const std::uint8_t> in, std::uint64_t wanted) {
  if (in.size() < 18) return std::nullopt;  // 10-byte header, empty deflate block, 8-byte trailer
  const std::uint8_t* trailer = in.data() + in.size() - 4;
  const std::uint64_t isize = std::uint64_t(trailer[0]) | std::uint64_t(trailer[1]) << 8 |
                              std::uint64_t(trailer[2]) << 16 | std::uint64_t(trailer[3]) << 24;
  // Inflating all of it is the point of the fast path, so most of it must be wanted; and a trailer promising more
  // than deflate can expand to is lying.
  if (isize < wanted || isize - wanted > wanted || isize > maxInflatedSize(in.size())) return std::nullopt;
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  const std::unique_ptr<libdeflate_decompressor, Free> decompressor(libdeflate_alloc_decompressor());
  if (!decompressor) return std::nullopt;
  ByteBuffer out;
  try {
    out = ByteBuffer(static_cast<std::size_t>(isize));
  } catch (const std::bad_alloc&) {
    return std::nullopt;  // zlib grows its output only as far as the data really goes
  }
  std::size_t usedIn = 0, madeOut = 0;
  // With madeOut requested, libdeflate stops after the first member and reports how much it read and wrote.
  if (libdeflate_gzip_decompress_ex(decompressor.get(), in.data(), in.size(), out.data(), out.size(), &usedIn,
                                    &madeOut) != LIBDEFLATE_SUCCESS ||
      madeOut < wanted)
    return std::nullopt;  // damaged, 4 GiB or more, or a first member of several that is too short
  out.resize(static_cast<std::size_t>(wanted));
  return out;
}

ByteBuffer inflateGzipWithZlib(std::span<const std::uint8_t> in, std::uint64_t wanted,
                               const std::filesystem::path& file, const std::string& where) {
  // Whatever `wanted` says, the data cannot expand to more than this: never allocate more.
  const auto capacity = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, maxInflatedSize(in.size())));
  ByteBuffer out(capacity);
  struct Stream {
    z_stream z{};
    ~Stream() { inflateEnd(&z); }
  } stream;
  z_stream& z = stream.z;
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw FormatError(file, where, "cannot start zlib inflation");
  std::size_t consumed = 0, produced = 0;
  std::uint64_t checked = 0;  // bytes inflated past `wanted` (and discarded) on the way to the member's trailer
  std::vector<std::uint8_t> scratch;
  while (true) {
    std::uint8_t* dest = nullptr;
    std::size_t room = 0;
    const bool intoOut = produced < capacity;
    if (intoOut) {
      dest = out.data() + produced;
      room = std::min(capacity - produced, kMaxChunk);
    } else {
      if (checked >= wanted) break;  // the member goes on much longer: accept without its CRC, as gzread would
      scratch.resize(std::size_t(1) << 16);
      dest = scratch.data();
      room = static_cast<std::size_t>(std::min<std::uint64_t>(scratch.size(), wanted - checked));
    }
    const std::size_t given = std::min(in.size() - consumed, kMaxChunk);
    z.next_in = const_cast<Bytef*>(in.data() + consumed);
    z.avail_in = static_cast<uInt>(given);
    z.next_out = dest;
    z.avail_out = static_cast<uInt>(room);
    const int status = inflate(&z, Z_NO_FLUSH);
    consumed += given - z.avail_in;
    if (intoOut) produced += room - z.avail_out;
    else checked += room - z.avail_out;
    if (status == Z_STREAM_END) {
      if (produced >= capacity) break;  // the member that completes `wanted` ended, its CRC and length checked
      if (!startsLikeGzip(in.subspan(consumed))) break;  // trailing bytes are ignored
      inflateReset(&z);
      continue;
    }
    if (status == Z_OK) continue;
    // With room for output, zlib stops making progress only when it has no input left: the file is cut short.
    if (status == Z_BUF_ERROR && consumed == in.size())
      throw FormatError(file, where,
                        "the compressed data ends early, after " + std::to_string(produced + checked) +
                            " bytes of output: the file is truncated");
    throw FormatError(file, where,
                      "the compressed data is damaged at compressed byte " + std::to_string(consumed) + " (zlib: " +
                          (z.msg ? z.msg : "error " + std::to_string(status)) + ")");
  }
  out.resize(produced);
  return out;
}
}  // namespace

ByteBuffer inflateGzip(std::span<const std::uint8_t> in, std::uint64_t wanted, const std::filesystem::path& file,
                       const std::string& where) {
  if (!startsLikeGzip(in))
    throw FormatError(file, where, "not gzip data (it does not start with the bytes 1F 8B)");
  if (wanted == 0) return {};
  if (auto whole = inflateGzipWithLibdeflate(in, wanted)) return std::move(*whole);
  return inflateGzipWithZlib(in, wanted, file, where);
}

bool startsLikeGzip(std::span<const std::uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;
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
