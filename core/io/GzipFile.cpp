#include "core/io/GzipFile.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/Gzip.h"

namespace vl::core {
namespace {
constexpr std::size_t kChunk = 1 << 16;
constexpr int kGzipOnly = 16 + MAX_WBITS;  // windowBits that make zlib expect (and write) the gzip wrapper
}  // namespace

bool looksGzipped(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::uint8_t magic[2] = {0, 0};
  return in.read(reinterpret_cast<char*>(magic), 2) && startsLikeGzip(magic);
}

struct GzipReader::Stream {
  z_stream z{};
  std::vector<unsigned char> input;
  std::uint64_t consumed = 0;  // compressed bytes consumed, for error messages
};

GzipReader::GzipReader(std::filesystem::path file, std::size_t inputBufferBytes)
    : file_(std::move(file)), stream_(std::make_unique<Stream>()) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file_, error)) throw FormatError(file_, "", "no such file");
  in_.open(file_, std::ios::binary);
  if (!in_) throw FormatError(file_, "", "cannot open the file for reading");
  stream_->input.resize(std::max<std::size_t>(inputBufferBytes, 16));
  if (inflateInit2(&stream_->z, kGzipOnly) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
}

GzipReader::~GzipReader() { inflateEnd(&stream_->z); }

std::uint64_t GzipReader::consumed() const { return stream_->consumed; }

// Tops up the input buffer, keeping the bytes zlib has not taken yet (at most a few: refill is called when fewer
// than two are left), so that a member magic split across two reads is still seen whole.
bool GzipReader::refill() {
  auto& z = stream_->z;
  auto& input = stream_->input;
  const std::size_t keep = z.avail_in;
  if (keep > 0 && z.next_in != input.data()) std::memmove(input.data(), z.next_in, keep);
  in_.read(reinterpret_cast<char*>(input.data() + keep), static_cast<std::streamsize>(input.size() - keep));
  const auto got = static_cast<std::size_t>(in_.gcount());
  z.next_in = input.data();
  z.avail_in = static_cast<uInt>(keep + got);
  return got > 0;
}

std::size_t GzipReader::inflateStep(unsigned char* out, std::size_t size) {
  auto& z = stream_->z;
  const bool endOfFile = z.avail_in == 0 && !refill();
  const auto want = static_cast<uInt>(std::min<std::size_t>(size, std::numeric_limits<uInt>::max()));
  z.next_out = out;
  z.avail_out = want;
  const auto before = z.avail_in;
  const int status = inflate(&z, Z_NO_FLUSH);
  stream_->consumed += before - z.avail_in;
  const std::size_t made = want - z.avail_out;
  if (made > 0) memberEnded_ = false;
  if (status == Z_STREAM_END) {
    memberEnded_ = true;
    // Another gzip member may follow (gzip allows concatenation); anything else after the end is ignored.
    if (z.avail_in < 2) refill();
    if (startsLikeGzip({z.next_in, z.avail_in})) inflateReset(&z);
    else finished_ = true;
    return made;
  }
  if (status == Z_OK) return made;  // zlib returns Z_OK only when it made progress
  if (status == Z_BUF_ERROR && endOfFile) {
    // With room for output and nothing more to read, zlib is stuck inside a member: the file is cut short.
    truncated_ = true;
    throw FormatError(file_, "compressed byte " + std::to_string(stream_->consumed),
                      "the compressed data ends inside a gzip member (the file is truncated)");
  }
  throw FormatError(file_, "compressed byte " + std::to_string(stream_->consumed),
                    std::string("corrupt gzip data (zlib: ") +
                        (z.msg ? z.msg : "error " + std::to_string(status)) + ")");
}

std::size_t GzipReader::read(void* out, std::size_t size) {
  auto* next = static_cast<unsigned char*>(out);
  std::size_t done = 0;
  while (done < size && !finished_) {
    const std::size_t made = inflateStep(next + done, size - done);
    done += made;
    produced_ += made;  // counted as it comes, so that after an error produced() says how far the data went
  }
  return done;
}

void GzipReader::finishMember(std::uint64_t limit) {
  std::vector<unsigned char> scratch(std::size_t(1) << 16);
  std::uint64_t checked = 0;
  // inflate stops at the end of a member, so these steps never make a byte of the next one.
  while (!memberEnded_ && !finished_ && checked < limit)
    checked += inflateStep(scratch.data(), static_cast<std::size_t>(std::min<std::uint64_t>(scratch.size(),
                                                                                           limit - checked)));
}

struct GzipWriter::Stream {
  z_stream z{};
  std::vector<unsigned char> output = std::vector<unsigned char>(kChunk);
};

GzipWriter::GzipWriter(AtomicFileWriter& sink, int level) : sink_(sink), stream_(std::make_unique<Stream>()) {
  if (deflateInit2(&stream_->z, level, Z_DEFLATED, kGzipOnly, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
}

GzipWriter::~GzipWriter() { deflateEnd(&stream_->z); }

void GzipWriter::pump(int flush) {
  auto& z = stream_->z;
  int status = Z_OK;
  do {
    z.next_out = stream_->output.data();
    z.avail_out = static_cast<uInt>(stream_->output.size());
    status = deflate(&z, flush);
    if (status == Z_STREAM_ERROR) throw std::runtime_error("zlib: deflate failed");
    sink_.write(stream_->output.data(), stream_->output.size() - z.avail_out);
  } while (z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
}

void GzipWriter::write(const void* data, std::size_t size) {
  if (finished_) throw std::logic_error("GzipWriter::write after finish");
  const auto* bytes = static_cast<const unsigned char*>(data);
  while (size > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    stream_->z.next_in = const_cast<unsigned char*>(bytes);
    stream_->z.avail_in = piece;
    pump(Z_NO_FLUSH);
    bytes += piece;
    size -= piece;
  }
}

void GzipWriter::finish() {
  if (finished_) return;
  stream_->z.next_in = nullptr;
  stream_->z.avail_in = 0;
  pump(Z_FINISH);
  finished_ = true;
}

}  // namespace vl::core
