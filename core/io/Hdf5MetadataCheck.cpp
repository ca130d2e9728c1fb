#include "core/io/Hdf5MetadataCheck.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/base/FormatError.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

constexpr std::array<std::uint8_t, 8> kSignature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};
constexpr std::uint16_t kSymbolTableMessage = 0x0011;
constexpr std::uint16_t kContinuationMessage = 0x0010;
constexpr int kMaxContinuations = 64;    // header blocks followed per object header
constexpr int kMaxTreeNodes = 1 << 16;   // B-tree nodes and symbol-table nodes visited per symbol table

// Reads little-endian fields of the sizes the superblock declares, at absolute byte offsets of the file.
class MetadataReader {
public:
  explicit MetadataReader(const fs::path& file) : file_(file), in_(file, std::ios::binary) {
    std::error_code error;
    size_ = fs::file_size(file, error);
    if (error || !in_) throw FormatError(file, "", "cannot be read");
  }

  std::uint64_t size() const { return size_; }
  const fs::path& file() const { return file_; }

  // `count` bytes at `offset`; the structure `what` must lie wholly inside the file.
  std::vector<std::uint8_t> bytes(std::uint64_t offset, std::uint64_t count, const std::string& what) {
    if (offset > size_ || count > size_ - offset)
      throw FormatError(file_, what,
                        "lies at bytes " + std::to_string(offset) + " .. " + std::to_string(offset + count) +
                            ", beyond the end of the file (" + std::to_string(size_) + " bytes)");
    std::vector<std::uint8_t> out(static_cast<std::size_t>(count));
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(count));
    if (!in_) throw FormatError(file_, what, "could not be read at byte " + std::to_string(offset));
    return out;
  }

private:
  fs::path file_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

std::uint64_t little(const std::uint8_t* p, int width) {
  std::uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = (value << 8) | p[i];
  return value;
}

class RootGroupCheck {
public:
  RootGroupCheck(MetadataReader& reader, std::uint64_t base, int offsetSize, int lengthSize, unsigned leafK,
                 unsigned internalK)
      : in_(reader), base_(base), o_(offsetSize), l_(lengthSize), leafK_(leafK), internalK_(internalK) {}

  // An address field of the file: relative to the base address; all bits set means "undefined".
  std::uint64_t located(const std::uint8_t* field, const std::string& what) const {
    const std::uint64_t address = little(field, o_);
    const std::uint64_t undefined = o_ == 8 ? ~0ull : (1ull << (8 * o_)) - 1;
    if (address == undefined) throw FormatError(in_.file(), what, "has an undefined address");
    if (address > in_.size() || base_ > in_.size() - address)
      throw FormatError(in_.file(), what,
                        "points to byte " + std::to_string(base_ + address) + ", beyond the end of the file (" +
                            std::to_string(in_.size()) + " bytes)");
    return base_ + address;
  }

  void symbolTable(std::uint64_t btree, std::uint64_t heap) {
    const auto prefix = in_.bytes(heap, 8 + 2 * l_ + o_, "the root group's local heap");
    if (std::memcmp(prefix.data(), "HEAP", 4) != 0)
      throw FormatError(in_.file(), "the root group's local heap",
                        "has no HEAP signature at byte " + std::to_string(heap));
    heapDataSize_ = little(prefix.data() + 8, l_);
    const std::uint64_t data = located(prefix.data() + 8 + 2 * l_, "the root group's local heap data");
    in_.bytes(data, heapDataSize_, "the root group's local heap data");
    nodes_ = 0;
    treeNode(btree, -1);
  }

  void objectHeader(std::uint64_t address) {
    const auto prefix = in_.bytes(address, 16, "the root group's object header");
    if (std::memcmp(prefix.data(), "OHDR", 4) == 0) return;  // a version 2 header: left to libhdf5
    if (prefix[0] != 1)
      throw FormatError(in_.file(), "the root group's object header",
                        "has version " + std::to_string(prefix[0]) + " at byte " + std::to_string(address) +
                            " (expected 1)");
    std::vector<std::pair<std::uint64_t, std::uint64_t>> blocks = {{address + 16, little(prefix.data() + 8, 4)}};
    for (std::size_t b = 0; b < blocks.size() && b <= kMaxContinuations; ++b) {
      const auto block = in_.bytes(blocks[b].first, blocks[b].second, "the root group's object header");
      for (std::size_t at = 0; at + 8 <= block.size();) {
        const auto type = static_cast<std::uint16_t>(little(block.data() + at, 2));
        const auto size = static_cast<std::size_t>(little(block.data() + at + 2, 2));
        const std::uint8_t* data = block.data() + at + 8;
        if (size > block.size() - at - 8) break;  // a damaged message list: libhdf5 reports it
        if (type == kSymbolTableMessage && size >= static_cast<std::size_t>(2 * o_))
          symbolTable(located(data, "the root group's symbol-table B-tree"),
                      located(data + o_, "the root group's local heap"));
        if (type == kContinuationMessage && size >= static_cast<std::size_t>(o_ + l_))
          blocks.emplace_back(located(data, "an object-header continuation"), little(data + o_, l_));
        at += 8 + size;
      }
    }
  }

private:
  // A version 1 B-tree node of a group (type 0): its children are nodes one level down, or symbol-table nodes at
  // level 0. `parentLevel` -1 for the root node; a child must be one level below its parent.
  void treeNode(std::uint64_t address, int parentLevel) {
    const std::string what = "the root group's B-tree node at byte " + std::to_string(address);
    if (++nodes_ > kMaxTreeNodes) throw FormatError(in_.file(), what, "is one of too many B-tree nodes (a cycle?)");
    const auto head = in_.bytes(address, 8 + 2 * o_, what);
    if (std::memcmp(head.data(), "TREE", 4) != 0) throw FormatError(in_.file(), what, "has no TREE signature");
    if (head[4] != 0) throw FormatError(in_.file(), what, "is not a group node (type " + std::to_string(head[4]) + ")");
    const int level = head[5];
    if (parentLevel >= 0 && level != parentLevel - 1)
      throw FormatError(in_.file(), what,
                        "has level " + std::to_string(level) + " below a node of level " + std::to_string(parentLevel));
    const auto entries = static_cast<unsigned>(little(head.data() + 6, 2));
    if (entries > 2 * internalK_)
      throw FormatError(in_.file(), what,
                        "has " + std::to_string(entries) + " entries (at most " + std::to_string(2 * internalK_) +
                            ")");
    const auto body = in_.bytes(address + head.size(), entries * (l_ + o_) + l_, what);
    for (unsigned e = 0; e < entries; ++e) {
      const std::uint64_t child = located(body.data() + e * (l_ + o_) + l_, what + ": child " + std::to_string(e));
      if (level > 0)
        treeNode(child, level);
      else
        symbolNode(child);
    }
  }

  void symbolNode(std::uint64_t address) {
    const std::string what = "the root group's symbol-table node at byte " + std::to_string(address);
    if (++nodes_ > kMaxTreeNodes) throw FormatError(in_.file(), what, "is one of too many nodes");
    const auto head = in_.bytes(address, 8, what);
    if (std::memcmp(head.data(), "SNOD", 4) != 0) throw FormatError(in_.file(), what, "has no SNOD signature");
    const auto symbols = static_cast<unsigned>(little(head.data() + 6, 2));
    if (symbols > 2 * leafK_)
      throw FormatError(in_.file(), what,
                        "has " + std::to_string(symbols) + " symbols (at most " + std::to_string(2 * leafK_) + ")");
    const std::size_t entrySize = 2 * o_ + 24;
    const auto entries = in_.bytes(address + 8, symbols * entrySize, what);
    for (unsigned s = 0; s < symbols; ++s) {
      const std::uint8_t* entry = entries.data() + s * entrySize;
      const std::uint64_t name = little(entry, o_);
      if (name >= heapDataSize_)
        throw FormatError(in_.file(), what,
                          "names symbol " + std::to_string(s) + " at heap offset " + std::to_string(name) +
                              ", beyond the heap's " + std::to_string(heapDataSize_) + " bytes");
      located(entry + o_, what + ": the object header of symbol " + std::to_string(s));
    }
  }

  MetadataReader& in_;
  std::uint64_t base_;
  int o_;
  int l_;
  unsigned leafK_;
  unsigned internalK_;
  std::uint64_t heapDataSize_ = 0;
  int nodes_ = 0;
};
}  // namespace

void checkHdf5RootGroup(const fs::path& file) {
  MetadataReader in(file);
  // The superblock is at byte 0 or after a user block of 512, 1024, 2048, ... bytes (MATLAB v7.3 uses 512).
  std::uint64_t superblock = 0;
  for (;; superblock = superblock == 0 ? 512 : superblock * 2) {
    if (superblock + kSignature.size() > in.size()) return;  // not HDF5: the caller says so
    const auto signature = in.bytes(superblock, kSignature.size(), "the HDF5 signature");
    if (std::memcmp(signature.data(), kSignature.data(), kSignature.size()) == 0) break;
  }
  const auto fixed = in.bytes(superblock, 28, "the HDF5 superblock");
  const int version = fixed[8];
  if (version > 1) return;  // superblocks 2 and 3 (libver "latest"): left to libhdf5
  const int offsetSize = fixed[13];
  const int lengthSize = fixed[14];
  for (const int size : {offsetSize, lengthSize})
    if (size != 2 && size != 4 && size != 8)
      throw FormatError(file, "the HDF5 superblock",
                        "declares fields of " + std::to_string(size) + " bytes (expected 2, 4 or 8)");
  const unsigned leafK = static_cast<unsigned>(little(fixed.data() + 16, 2));
  const unsigned internalK = static_cast<unsigned>(little(fixed.data() + 18, 2));
  if (leafK == 0 || internalK == 0)
    throw FormatError(file, "the HDF5 superblock", "declares a group node size of 0");
  const std::uint64_t addresses = superblock + (version == 0 ? 24 : 28);
  const auto fields = in.bytes(addresses, 4 * offsetSize + 2 * offsetSize + 24, "the HDF5 superblock");
  const std::uint64_t base = little(fields.data(), offsetSize);
  if (base > in.size()) throw FormatError(file, "the HDF5 superblock", "has a base address beyond the end of the file");
  RootGroupCheck check(in, base, offsetSize, lengthSize, leafK, internalK);
  const std::uint8_t* root = fields.data() + 4 * offsetSize;  // the root group's symbol-table entry
  const std::uint32_t cacheType = static_cast<std::uint32_t>(little(root + 2 * offsetSize, 4));
  if (cacheType == 1) {  // the superblock caches the root's B-tree and heap addresses ("scratch-pad")
    const std::uint8_t* scratch = root + 2 * offsetSize + 8;
    check.symbolTable(check.located(scratch, "the root group's cached B-tree address"),
                      check.located(scratch + offsetSize, "the root group's cached local heap address"));
  }
  check.objectHeader(check.located(root + offsetSize, "the root group's object header address"));
}

}  // namespace vl::core
