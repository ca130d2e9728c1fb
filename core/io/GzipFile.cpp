#include "core/io/GzipFile.h"

#include <zlib.h>

#include <limits>
#include <stdexcept>
#include <vector>

#include "core/FormatError.h"

namespace vl::core {
namespace {
constexpr std::size_t kChunk = 1 << 16;
constexpr int kGzipOnly = 16 + MAX_WBITS;  // windowBits that make zlib expect (and write) the gzip wrapper
}  // namespace

bool looksGzipped(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  return in.read(reinterpret_cast<char*>(magic), 2) && magic[0] == 0x1F && magic[1] == 0x8B;
}

struct GzipReader::Stream {
  z_stream z{};
  std::vector<unsigned char> input = std::vector<unsigned char>(kChunk);
  std::uint64_t consumed = 0;  // compressed bytes consumed, for error messages
};

GzipReader::GzipReader(std::filesystem::path file) : file_(std::move(file)), stream_(std::make_unique<Stream>()) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file_, error)) throw FormatError(file_, "", "no such file");
  in_.open(file_, std::ios::binary);
  if (!in_) throw FormatError(file_, "", "cannot open the file for reading");
  if (inflateInit2(&stream_->z, kGzipOnly) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
}

GzipReader::~GzipReader() { inflateEnd(&stream_->z); }

bool GzipReader::refill() {
  in_.read(reinterpret_cast<char*>(stream_->input.data()), static_cast<std::streamsize>(stream_->input.size()));
  const auto got = in_.gcount();
  stream_->z.next_in = stream_->input.data();
  stream_->z.avail_in = static_cast<uInt>(got);
  return got > 0;
}

std::size_t GzipReader::read(void* out, std::size_t size) {
  auto& z = stream_->z;
  auto* next = static_cast<unsigned char*>(out);
  std::size_t done = 0;
  while (done < size && !finished_) {
    // At the end of the compressed file zlib may still hold output, so inflate once more before calling it short.
    const bool endOfFile = z.avail_in == 0 && !refill();
    const auto want = static_cast<uInt>(std::min<std::size_t>(size - done, std::numeric_limits<uInt>::max()));
    z.next_out = next + done;
    z.avail_out = want;
    const auto before = z.avail_in;
    const int status = inflate(&z, Z_NO_FLUSH);
    stream_->consumed += before - z.avail_in;
    done += want - z.avail_out;
    if (status == Z_STREAM_END) {
      // Another gzip member may follow (gzip allows concatenation); anything else after the end is ignored,
      // as gunzip does with trailing zeros.
      if (z.avail_in == 0) refill();
      if (z.avail_in >= 2 && z.next_in[0] == 0x1F && z.next_in[1] == 0x8B) {
        inflateReset(&z);
      } else {
        finished_ = true;
      }
    } else if (status == Z_BUF_ERROR || (status == Z_OK && endOfFile && z.avail_out == want)) {
      if (endOfFile)
        throw FormatError(file_, "compressed byte " + std::to_string(stream_->consumed),
                          "the gzip stream ends early (truncated .mgz/.gz file)");
    } else if (status != Z_OK) {
      throw FormatError(file_, "compressed byte " + std::to_string(stream_->consumed),
                        std::string("corrupt gzip data (") + (z.msg ? z.msg : "zlib error") + ")");
    }
  }
  produced_ += done;
  return done;
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
