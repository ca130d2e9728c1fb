#include "core/io/AtomicFileWriter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace vl::core {
namespace {
WriteError systemError(const std::filesystem::path& path, const char* what) {
  return WriteError(path.string() + ": " + what + ": " + std::strerror(errno));
}

// After a rename the new directory entry is only durable once the folder is synced. Some file systems refuse
// fsync on a directory (EINVAL): the data itself is already synced, so that is not an error.
void syncFolder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}
}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target)) {
  const auto folder = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  std::string pattern = (folder / (target_.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) throw systemError(target_, "cannot create a temporary file beside it");
  temporary_ = name.data();
  ::fchmod(fd_, 0644);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temporary_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void AtomicFileWriter::write(const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd_, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw systemError(temporary_, "write failed");
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
}

void AtomicFileWriter::writeAt(std::uint64_t offset, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::pwrite(fd_, bytes, size, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      throw systemError(temporary_, "write failed");
    }
    bytes += written;
    offset += static_cast<std::uint64_t>(written);
    size -= static_cast<std::size_t>(written);
  }
}

void AtomicFileWriter::readAt(std::uint64_t offset, void* data, std::size_t size) const {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = ::pread(fd_, bytes, size, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw systemError(temporary_, "read failed");
    }
    if (got == 0) throw std::runtime_error(temporary_.string() + ": read past the end of the file");
    bytes += got;
    offset += static_cast<std::uint64_t>(got);
    size -= static_cast<std::size_t>(got);
  }
}

void AtomicFileWriter::resize(std::uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) throw systemError(temporary_, "cannot resize");
}

void AtomicFileWriter::commit() {
  if (::fsync(fd_) != 0) throw systemError(temporary_, "fsync failed");
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw systemError(temporary_, "close failed");
  }
  fd_ = -1;
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) throw systemError(target_, "rename failed");
  committed_ = true;
  syncFolder(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view content) {
  AtomicFileWriter writer(target);
  writer.write(content);
  writer.commit();
}

}  // namespace vl::core
