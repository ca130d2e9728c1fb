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
  explicit GzipReader(std::filesystem::path file);  // throws FormatError when unreadable or not gzip
  ~GzipReader();
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  // Inflates up to size bytes into out; returns how many were produced (fewer only at the end of the stream).
  // Concatenated gzip members are read as one stream, as gunzip does. Throws FormatError on corrupt data.
  std::size_t read(void* out, std::size_t size);
  std::uint64_t produced() const { return produced_; }  // decompressed bytes handed out so far
  bool atEnd() const { return finished_; }

private:
  bool refill();

  std::filesystem::path file_;
  std::ifstream in_;
  struct Stream;
  std::unique_ptr<Stream> stream_;
  std::uint64_t produced_ = 0;
  bool finished_ = false;
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
