#pragma once
// Streaming gzip for whole files (.mgz): a reader that inflates a bounded amount at a time, so a caller can read a
// header, learn how many bytes the file promises, and stop a gzip bomb at that size instead of inflating it all;
// and a writer that deflates into an AtomicFileWriter chunk by chunk (a 1 GB beta series never exists twice).
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include "core/io/AtomicFileWriter.h"

namespace vl::core {

bool looksGzipped(const std::filesystem::path& file);  // first two bytes are 1f 8b

class GzipReader {
public:
  // Reads the compressed file through a fixed input buffer of inputBufferBytes (memory stays that plus zlib's 32 KiB
  // window whatever the file's size). Throws FormatError when the file is missing or unreadable.
  explicit GzipReader(std::filesystem::path file, std::size_t inputBufferBytes = std::size_t(1) << 16);
  ~GzipReader();
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  // Inflates up to size bytes into out; returns how many were produced (fewer only at the end of the stream).
  // Concatenated gzip members are read as one stream, as gunzip does; bytes after a member that do not start
  // another are ignored, as gunzip ignores trailing zeros. Throws FormatError on corrupt data and when the file ends
  // inside a member (then truncated() is true).
  std::size_t read(void* out, std::size_t size);

  // Inflates (and discards) the rest of the member that the last read ended in, so that its CRC and length are
  // checked, unless that would take more than `limit` bytes (then the rest is left unchecked, as gzread would). Never
  // starts the next member. Throws like read().
  void finishMember(std::uint64_t limit);

  std::uint64_t produced() const { return produced_; }  // decompressed bytes read so far (after an error: up to it)
  std::uint64_t consumed() const;                      // compressed bytes inflate has taken so far
  bool atEnd() const { return finished_; }
  bool truncated() const { return truncated_; }  // the last error was the file ending inside a member

private:
  bool refill();
  // One inflate call into out[0..size); returns the bytes made and sets finished_/memberEnded_ or throws.
  std::size_t inflateStep(unsigned char* out, std::size_t size);

  std::filesystem::path file_;
  std::ifstream in_;
  struct Stream;
  std::unique_ptr<Stream> stream_;
  std::uint64_t produced_ = 0;
  bool finished_ = false;
  bool memberEnded_ = false;  // the last inflate call ended a member (no byte of the next has been inflated)
  bool truncated_ = false;
};

class GzipWriter {
public:
  explicit GzipWriter(AtomicFileWriter& sink, int level = 6);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  void finish();  // flushes the gzip trailer; call before sink.commit()

private:
  void pump(int flush);

  AtomicFileWriter& sink_;
  struct Stream;
  std::unique_ptr<Stream> stream_;
  bool finished_ = false;
};

}  // namespace vl::core
