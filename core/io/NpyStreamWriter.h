#pragma once
// Writes a C-order .npy matrix (rows x columns) or vector (rows) whose row count is not known up front and whose
// rows may be filled in pieces: an NSD import writes 30000 x 327684 float32 (39 GB) session by session and
// hemisphere by hemisphere, never holding more than one session. The header goes first with a row count of zero
// and is rewritten on commit(); numpy leaves room in the header for the first axis to reach 21 digits, so its
// length never changes. The file appears atomically on commit() (temporary + fsync + rename); destroying the
// writer without commit() leaves no file behind.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/io/AtomicFileWriter.h"
#include "core/io/NpyArray.h"

namespace vl::core {

class NpyStreamWriter {
public:
  // columns: the second dimension of a matrix, or std::nullopt for a 1-D array of `rows` elements.
  NpyStreamWriter(std::filesystem::path file, NpyArray::DType dtype, std::optional<std::int64_t> columns);

  std::int64_t rows() const { return rows_; }
  std::int64_t columns() const { return columns_.value_or(1); }

  // Grows (new rows read as zero) or shrinks the array to `rows` rows.
  void resizeRows(std::int64_t rows);
  // Appends `rows` full rows (rows * columns() elements of the writer's dtype).
  void appendRows(const void* data, std::int64_t rows);
  // Writes or reads `count` consecutive elements of one row, starting at column `column`. The row must exist
  // (resizeRows); std::out_of_range otherwise.
  void writeBlock(std::int64_t row, std::int64_t column, const void* data, std::size_t count);
  void readBlock(std::int64_t row, std::int64_t column, void* data, std::size_t count) const;

  void commit();  // writes the final header, then fsync + rename

private:
  std::uint64_t offsetOf(std::int64_t row, std::int64_t column, std::size_t count) const;
  std::filesystem::path file_;
  NpyArray::DType dtype_;
  std::optional<std::int64_t> columns_;
  std::size_t elementSize_;
  std::size_t headerSize_;
  std::int64_t rows_ = 0;
  AtomicFileWriter writer_;
};

}  // namespace vl::core
