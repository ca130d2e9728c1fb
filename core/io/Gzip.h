#pragma once
// zlib inflate/deflate of memory buffers for formats that embed compressed blocks (GIfTI GZipBase64Binary, MGZ,
// compressed NumPy archives) and of whole .gz files read into memory (.nii.gz). Inflation never produces more than the caller allows, so a small "zip bomb" that
// claims to expand to gigabytes stops with FormatError at the promised size instead of exhausting memory.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/io/ByteBuffer.h"

namespace vl::core {

// zlib streams (RFC 1950: what GIfTI writers such as nibabel, gifticlib and Workbench produce) or gzip streams
// (RFC 1952: .gz, .mgz). Inflation accepts either and tells them apart by their header.
enum class CompressedFormat { Zlib, Gzip };

// Inflates `in` into exactly out.size() bytes. Throws FormatError(file, where, ...) when the stream is corrupt,
// ends before filling `out`, or would produce more bytes than out.size().
void inflateExactly(std::span<const std::uint8_t> in, std::span<std::uint8_t> out, const std::filesystem::path& file,
                    const std::string& where);

// Inflates `in` when the size is not known in advance; throws FormatError as soon as the output would exceed
// maxBytes, and when the stream is corrupt or truncated. Memory grows with the output actually produced.
std::vector<std::uint8_t> inflateLimited(std::span<const std::uint8_t> in, std::size_t maxBytes,
                                         const std::filesystem::path& file, const std::string& where);

// The largest expansion deflate can achieve is about 1032:1; a header promising more than this bound for the
// compressed bytes it has is lying, and can be rejected before anything is allocated.
constexpr std::uint64_t maxInflatedSize(std::uint64_t compressedBytes) { return compressedBytes * 1032 + 1024; }

// Inflates a whole gzip file held in memory (RFC 1952: .nii.gz and the like) and returns its first `wanted` bytes,
// or all of them when it holds fewer. Concatenated members are one stream, as gunzip reads them; bytes after the
// last member that do not start another are ignored, as gunzip ignores trailing zeros. The usual file, one member
// whose ISIZE trailer says it holds at least `wanted` bytes and at most twice that, is inflated by libdeflate in one
// call with its CRC checked. Anything else streams through zlib up to `wanted` bytes: several members, an output of
// 4 GiB or more (ISIZE holds the size mod 2^32), a prefix such as a header, a lying trailer, damage (then zlib says
// what is wrong). zlib then still reads on to the end of the member that completes `wanted`, to check its CRC, unless
// that would mean inflating more than `wanted` further bytes. Throws FormatError(file, where, ...) when `in` is not
// gzip, when the compressed data is damaged, and when it ends before the end of that member (a truncated file).
ByteBuffer inflateGzip(std::span<const std::uint8_t> in, std::uint64_t wanted, const std::filesystem::path& file,
                       const std::string& where);

// True when `bytes` start like a gzip member (RFC 1952 magic 1F 8B); zlib streams never do.
bool startsLikeGzip(std::span<const std::uint8_t> bytes);

// Compresses with zlib's deflate at `level` (0..9). Throws std::runtime_error only when zlib runs out of memory.
std::vector<std::uint8_t> deflateBuffer(std::span<const std::uint8_t> in, int level = 6,
                                        CompressedFormat format = CompressedFormat::Zlib);

}  // namespace vl::core
