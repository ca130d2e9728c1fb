#pragma once
// Writes a file so that readers see either the old file or the complete new one, never a half-written one:
// data goes to `name.tmp-XXXXXX` in the same folder, is fsync'ed, then renamed over the target.
#include <filesystem>
#include <string_view>

namespace vl::core {

class AtomicFileWriter {
public:
  explicit AtomicFileWriter(std::filesystem::path target);  // throws std::runtime_error if the folder is not writable
  ~AtomicFileWriter();                                       // removes the temporary file unless commit() succeeded
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  template <typename T>
  void writeValue(const T& value) { write(&value, sizeof(T)); }
  void commit();  // fsync, close, rename

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
