#pragma once
// Writes a file so that readers see either the old file or the complete new one, never a half-written one:
// data goes to `name.tmp-XXXXXX` in the same folder, is fsync'ed, then renamed over the target, and the folder is
// fsync'ed so the rename itself survives a power cut.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vl::core {

// A file could not be written (read-only folder, full disk, missing folder): the path and the system's reason.
// Command-line front ends report it as bad input (status 2): the user chose where to write.
class WriteError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class AtomicFileWriter {
public:
  explicit AtomicFileWriter(std::filesystem::path target);  // throws WriteError if the folder is not writable
  ~AtomicFileWriter();                                       // removes the temporary file unless commit() succeeded
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  template <typename T>
  void writeValue(const T& value) { write(&value, sizeof(T)); }
  void commit();  // fsync, close, rename, fsync the folder; throws WriteError

  // Random access into the temporary file, for writers that fill a file out of order or patch a header at the end
  // (the streaming .npy writer). They do not move the position write() appends at.
  void writeAt(std::uint64_t offset, const void* data, std::size_t size);
  void readAt(std::uint64_t offset, void* data, std::size_t size) const;  // throws when the bytes are not there
  void resize(std::uint64_t size);  // grows with zero bytes (sparse where the file system allows) or truncates

  const std::filesystem::path& temporaryPath() const { return temporary_; }

private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
  bool committed_ = false;
};

// Convenience for writers that already hold the whole content in memory.
void writeFileAtomically(const std::filesystem::path& target, std::string_view content);

}  // namespace vl::core
