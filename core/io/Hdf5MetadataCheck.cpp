#include "core/io/Hdf5MetadataCheck.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/FormatError.h"
#include "core/io/ByteReader.h"

namespace vl::core {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kSignature("\x89HDF\r\n\x1A\n", 8);
constexpr std::uint16_t kSymbolTableMessage = 0x0011;
constexpr std::uint16_t kContinuationMessage = 0x0010;
constexpr std::uint16_t kAttributeMessage = 0x000C;
constexpr int kMaxContinuations = 64;    // header blocks followed per object header
constexpr int kMaxTreeNodes = 1 << 16;   // B-tree nodes and symbol-table nodes visited per symbol table
// Bytes of one object-header block read. A root group's header holds a few short messages (24 bytes in the NSD
// stimulus file of tests/data/nsd); its stated size can be anything up to the file's size, and the check must not
// read a large brick to find out. Messages beyond this are left to libhdf5, which checks them when it reads them.
constexpr std::uint64_t kMaxHeaderBlockBytes = 1 << 20;

// Reads the pieces of the file the check needs (a brick may be tens of gigabytes: never the whole file), each as a
// bounds-checked ByteReader whose offsets stay those of the file.
class MetadataReader {
public:
  explicit MetadataReader(const fs::path& file) : file_(file), in_(file, std::ios::binary) {
    std::error_code error;
    size_ = fs::file_size(file, error);
    if (error || !in_) throw FormatError(file, "", "cannot be read");
  }

  std::uint64_t size() const { return size_; }
  const fs::path& file() const { return file_; }

  // The structure `what`, `count` bytes at `offset`, must lie wholly inside the file (checked, not read).
  void requireInside(std::uint64_t offset, std::uint64_t count, const std::string& what) const {
    if (offset > size_ || count > size_ - offset)
      throw FormatError(file_, what,
                        "lies at bytes " + std::to_string(offset) + " .. " + std::to_string(offset + count) +
                            ", beyond the end of the file (" + std::to_string(size_) + " bytes)");
  }

  // `count` bytes at `offset`, read.
  ByteReader piece(std::uint64_t offset, std::uint64_t count, const std::string& what) {
    requireInside(offset, count, what);
    std::vector<char> out(static_cast<std::size_t>(count));
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(out.data(), static_cast<std::streamsize>(count));
    if (!in_) throw FormatError(file_, what, "could not be read at byte " + std::to_string(offset));
    return ByteReader(file_, std::move(out), static_cast<std::size_t>(offset));
  }

private:
  fs::path file_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

// A little-endian field of 2, 4 or 8 bytes (the superblock's sizes of offsets and lengths).
std::uint64_t readField(ByteReader& in, int width, const char* what) {
  if (width == 2) return in.readLittle<std::uint16_t>(what);
  if (width == 4) return in.readLittle<std::uint32_t>(what);
  return in.readLittle<std::uint64_t>(what);
}

bool hasSignature(ByteReader& in, const char* signature, const char* what) {
  return in.readString(4, what) == signature;
}

class RootGroupCheck {
public:
  RootGroupCheck(MetadataReader& reader, std::uint64_t base, int offsetSize, int lengthSize, unsigned leafK,
                 unsigned internalK)
      : in_(reader), base_(base), o_(offsetSize), l_(lengthSize), leafK_(leafK), internalK_(internalK) {}

  // Reads an address field of the file: relative to the base address; all bits set means "undefined".
  std::uint64_t located(ByteReader& field, const std::string& what) const {
    const std::uint64_t address = readField(field, o_, what.c_str());
    const std::uint64_t undefined = o_ == 8 ? ~0ull : (1ull << (8 * o_)) - 1;
    if (address == undefined) throw FormatError(in_.file(), what, "has an undefined address");
    if (address > in_.size() || base_ > in_.size() - address)
      throw FormatError(in_.file(), what,
                        "points to byte " + std::to_string(base_ + address) + ", beyond the end of the file (" +
                            std::to_string(in_.size()) + " bytes)");
    return base_ + address;
  }

  void symbolTable(std::uint64_t btree, std::uint64_t heap) {
    const std::string what = "the root group's local heap";
    auto prefix = in_.piece(heap, 8 + 2 * l_ + o_, what);
    if (!hasSignature(prefix, "HEAP", what.c_str()))
      throw FormatError(in_.file(), what, "has no HEAP signature at byte " + std::to_string(heap));
    prefix.readString(4, "the local heap's version");
    heapDataSize_ = readField(prefix, l_, "the local heap's data size");
    readField(prefix, l_, "the local heap's free list");
    in_.requireInside(located(prefix, what + " data"), heapDataSize_, what + " data");
    nodes_ = 0;
    treeNode(btree, -1);
  }

  // A version 1 object header: its message list, continuation blocks, and in every attribute message the lengths
  // libhdf5 copies without checking them against the message (a damaged attribute made it read past its buffer,
  // found by fuzz_nsd_design). The root group's symbol-table message leads to its members, whose headers are checked
  // the same way (a MATLAB v7.3 variable is a member; libmatio reads its MATLAB_class attribute).
  void objectHeader(std::uint64_t address, const std::string& what, bool root) {
    auto prefix = in_.piece(address, 16, what);
    const std::string start = prefix.readString(4, "the object header's version and message count");
    if (start == "OHDR") return;  // a version 2 header: left to libhdf5
    const int version = static_cast<std::uint8_t>(start[0]);
    if (version != 1)
      throw FormatError(in_.file(), what,
                        "has version " + std::to_string(version) + " at byte " + std::to_string(address) +
                            " (expected 1)");
    prefix.readString(4, "the object header's reference count");
    std::vector<std::pair<std::uint64_t, std::uint64_t>> blocks = {
        {address + 16, prefix.readLittle<std::uint32_t>("the object header's size")}};
    for (std::size_t b = 0; b < blocks.size() && b <= kMaxContinuations; ++b) {
      auto block = in_.piece(blocks[b].first, std::min(blocks[b].second, kMaxHeaderBlockBytes), what);
      while (block.remaining() >= 8) {
        const auto type = block.readLittle<std::uint16_t>("a message type");
        const auto size = block.readLittle<std::uint16_t>("a message size");
        block.readString(4, "a message's flags");
        if (size > block.remaining()) break;  // a damaged message list: libhdf5 reports it
        const auto at = block.offset();
        const std::string message = block.readString(size, "a message");
        ByteReader data(in_.file(), std::vector<char>(message.begin(), message.end()), at);
        if (root && type == kSymbolTableMessage && size >= 2 * o_) {
          const auto btree = located(data, "the root group's symbol-table B-tree");
          symbolTable(btree, located(data, "the root group's local heap"));
        }
        if (type == kAttributeMessage) attribute(data, what + ": the attribute message at byte " + std::to_string(at));
        if (type == kContinuationMessage && size >= o_ + l_) {
          const auto next = located(data, "an object-header continuation");
          blocks.emplace_back(next, readField(data, l_, "an object-header continuation's length"));
        }
      }
    }
  }

private:
  // An attribute message: versions 1-3 give the sizes of its name, datatype and dataspace, then those fields (each
  // padded to 8 bytes in version 1), then the data, whose size follows from the datatype and dataspace. Each must
  // fit in the message.
  void attribute(ByteReader& message, const std::string& what) {
    const std::size_t total = message.remaining();
    if (total < 8) throw FormatError(in_.file(), what, "is " + std::to_string(total) + " bytes (at least 8 expected)");
    const int version = message.readLittle<std::uint8_t>("the attribute's version");
    if (version < 1 || version > 3) return;  // an unknown version: libhdf5 refuses it itself
    message.readString(1, "the attribute's flags");
    const std::uint64_t name = message.readLittle<std::uint16_t>("the attribute's name size");
    const std::uint64_t type = message.readLittle<std::uint16_t>("the attribute's datatype size");
    const std::uint64_t space = message.readLittle<std::uint16_t>("the attribute's dataspace size");
    if (version == 3) message.readString(1, "the attribute's name encoding");
    const auto padded = [&](std::uint64_t n) { return version == 1 ? (n + 7) / 8 * 8 : n; };
    const std::uint64_t fields = padded(name) + padded(type) + padded(space);
    if (fields > message.remaining())
      throw FormatError(in_.file(), what,
                        "declares a name, datatype and dataspace of " + std::to_string(fields) + " bytes in a " +
                            std::to_string(total) + "-byte message");
    if (type < 8 || space < 8) return;  // too short to describe data: libhdf5 refuses it itself
    message.readString(padded(name), "the attribute's name");
    // The datatype: class and bit fields, the element size, then properties.
    message.readString(4, "the attribute's datatype class");
    const std::uint64_t elementSize = message.readLittle<std::uint32_t>("the attribute's element size");
    message.readString(padded(type) - 8, "the attribute's datatype properties");
    // The dataspace: version, rank, flags, then (version 1) five reserved bytes or (version 2) its type; then the
    // dimensions, one length field each.
    const int spaceVersion = message.readLittle<std::uint8_t>("the attribute's dataspace version");
    const int rank = message.readLittle<std::uint8_t>("the attribute's dataspace rank");
    message.readString(1, "the attribute's dataspace flags");
    const int spaceType = message.readLittle<std::uint8_t>("the attribute's dataspace type");
    if (spaceVersion == 2 && spaceType == 2) return;  // a null dataspace: no data
    const std::uint64_t dimsAt = spaceVersion == 1 ? 8 : 4;
    if (spaceVersion == 1) message.readString(4, "the attribute's dataspace reserved bytes");
    if (dimsAt + std::uint64_t(rank) * l_ > padded(space))
      throw FormatError(in_.file(), what, "has a dataspace of rank " + std::to_string(rank) + " in " +
                                              std::to_string(padded(space)) + " bytes");
    std::uint64_t bytes = elementSize;
    for (int d = 0; d < rank; ++d) {
      const std::uint64_t extent = readField(message, l_, "an attribute dimension");
      bytes = extent != 0 && bytes > message.remaining() / extent ? message.remaining() + 1 : bytes * extent;
    }
    message.readString(padded(space) - dimsAt - std::uint64_t(rank) * l_, "the rest of the attribute's dataspace");
    if (bytes > message.remaining())
      throw FormatError(in_.file(), what,
                        "declares more data than the " + std::to_string(message.remaining()) +
                            " bytes left in its message");
  }

  // A version 1 B-tree node of a group (type 0): its children are nodes one level down, or symbol-table nodes at
  // level 0. `parentLevel` -1 for the root node; a child must be one level below its parent.
  void treeNode(std::uint64_t address, int parentLevel) {
    const std::string what = "the root group's B-tree node at byte " + std::to_string(address);
    if (++nodes_ > kMaxTreeNodes) throw FormatError(in_.file(), what, "is one of too many B-tree nodes (a cycle?)");
    auto node = in_.piece(address, 8 + 2 * o_, what);
    if (!hasSignature(node, "TREE", what.c_str())) throw FormatError(in_.file(), what, "has no TREE signature");
    const int type = node.readLittle<std::uint8_t>("the node type");
    if (type != 0) throw FormatError(in_.file(), what, "is not a group node (type " + std::to_string(type) + ")");
    const int level = node.readLittle<std::uint8_t>("the node level");
    if (parentLevel >= 0 && level != parentLevel - 1)
      throw FormatError(in_.file(), what,
                        "has level " + std::to_string(level) + " below a node of level " + std::to_string(parentLevel));
    const unsigned entries = node.readLittle<std::uint16_t>("the node's entry count");
    if (entries > 2 * internalK_)
      throw FormatError(in_.file(), what,
                        "has " + std::to_string(entries) + " entries (at most " + std::to_string(2 * internalK_) +
                            ")");
    // Keys (heap offsets) and child addresses alternate: key 0, child 0, ..., child n-1, key n.
    auto body = in_.piece(address + 8 + 2 * o_, entries * (l_ + o_) + l_, what);
    for (unsigned e = 0; e < entries; ++e) {
      readField(body, l_, "a B-tree key");
      const std::uint64_t child = located(body, what + ": child " + std::to_string(e));
      if (level > 0)
        treeNode(child, level);
      else
        symbolNode(child);
    }
  }

  void symbolNode(std::uint64_t address) {
    const std::string what = "the root group's symbol-table node at byte " + std::to_string(address);
    if (++nodes_ > kMaxTreeNodes) throw FormatError(in_.file(), what, "is one of too many nodes");
    auto head = in_.piece(address, 8, what);
    if (!hasSignature(head, "SNOD", what.c_str())) throw FormatError(in_.file(), what, "has no SNOD signature");
    head.readString(2, "the node's version");
    const unsigned symbols = head.readLittle<std::uint16_t>("the node's symbol count");
    if (symbols > 2 * leafK_)
      throw FormatError(in_.file(), what,
                        "has " + std::to_string(symbols) + " symbols (at most " + std::to_string(2 * leafK_) + ")");
    auto entries = in_.piece(address + 8, symbols * (2 * o_ + 24), what);
    for (unsigned s = 0; s < symbols; ++s) {
      const std::uint64_t name = readField(entries, o_, "a symbol's name offset");
      if (name >= heapDataSize_)
        throw FormatError(in_.file(), what,
                          "names symbol " + std::to_string(s) + " at heap offset " + std::to_string(name) +
                              ", beyond the heap's " + std::to_string(heapDataSize_) + " bytes");
      const std::string member = what + ": the object header of symbol " + std::to_string(s);
      objectHeader(located(entries, member), member, false);
      entries.readString(24, "a symbol's cache type and scratch-pad");
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
    if (in.piece(superblock, kSignature.size(), "the HDF5 signature").readString(kSignature.size(), "the signature") ==
        kSignature)
      break;
  }
  const std::string what = "the HDF5 superblock";
  auto fixed = in.piece(superblock + 8, 20, what);
  const int version = fixed.readLittle<std::uint8_t>("the superblock version");
  if (version > 1) return;  // superblocks 2 and 3 (libver "latest"): left to libhdf5
  fixed.readString(4, "the superblock's format versions");
  const int offsetSize = fixed.readLittle<std::uint8_t>("the size of offsets");
  const int lengthSize = fixed.readLittle<std::uint8_t>("the size of lengths");
  for (const int size : {offsetSize, lengthSize})
    if (size != 2 && size != 4 && size != 8)
      throw FormatError(file, what, "declares fields of " + std::to_string(size) + " bytes (expected 2, 4 or 8)");
  fixed.readString(1, "a reserved byte");
  const unsigned leafK = fixed.readLittle<std::uint16_t>("the group leaf node K");
  const unsigned internalK = fixed.readLittle<std::uint16_t>("the group internal node K");
  if (leafK == 0 || internalK == 0) throw FormatError(file, what, "declares a group node size of 0");
  // Base, free-space, end-of-file and driver addresses, then the root group's symbol-table entry.
  auto fields = in.piece(superblock + (version == 0 ? 24 : 28), 6 * offsetSize + 24, what);
  const std::uint64_t base = readField(fields, offsetSize, "the base address");
  if (base > in.size()) throw FormatError(file, what, "has a base address beyond the end of the file");
  fields.readString(3 * offsetSize, "the free-space, end-of-file and driver addresses");
  RootGroupCheck check(in, base, offsetSize, lengthSize, leafK, internalK);
  readField(fields, offsetSize, "the root's link name offset");
  const std::uint64_t rootHeader = check.located(fields, "the root group's object header address");
  const auto cacheType = fields.readLittle<std::uint32_t>("the root's cache type");
  fields.readString(4, "a reserved field");
  if (cacheType == 1) {  // the superblock caches the root's B-tree and heap addresses ("scratch-pad")
    const auto btree = check.located(fields, "the root group's cached B-tree address");
    check.symbolTable(btree, check.located(fields, "the root group's cached local heap address"));
  }
  check.objectHeader(rootHeader, "the root group's object header", true);
}

}  // namespace vl::core
