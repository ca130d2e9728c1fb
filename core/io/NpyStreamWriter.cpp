#include "core/io/NpyStreamWriter.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "core/io/NpyWriter.h"

namespace vl::core {
namespace {
std::vector<std::int64_t> shapeFor(std::int64_t rows, const std::optional<std::int64_t>& columns) {
  if (columns) return {rows, *columns};
  return {rows};
}
}  // namespace

NpyStreamWriter::NpyStreamWriter(std::filesystem::path file, NpyArray::DType dtype,
                                 std::optional<std::int64_t> columns)
    : file_(std::move(file)),
      dtype_(dtype),
      columns_(columns),
      elementSize_(NpyArray::bytesPerElement(dtype)),
      writer_(file_) {
  if (columns_ && *columns_ < 0) throw std::invalid_argument("NpyStreamWriter: negative column count");
  const std::string header = npyPreamble(dtype_, shapeFor(0, columns_));
  headerSize_ = header.size();
  writer_.writeAt(0, header.data(), header.size());
}

std::uint64_t NpyStreamWriter::offsetOf(std::int64_t row, std::int64_t column, std::size_t count) const {
  if (row < 0 || row >= rows_ || column < 0 || column + static_cast<std::int64_t>(count) > columns())
    throw std::out_of_range(file_.string() + ": block at row " + std::to_string(row) + ", column " +
                            std::to_string(column) + " (+" + std::to_string(count) + ") lies outside " +
                            std::to_string(rows_) + " x " + std::to_string(columns()));
  return headerSize_ + (static_cast<std::uint64_t>(row) * static_cast<std::uint64_t>(columns()) +
                        static_cast<std::uint64_t>(column)) * elementSize_;
}

void NpyStreamWriter::resizeRows(std::int64_t rows) {
  if (rows < 0) throw std::invalid_argument("NpyStreamWriter: negative row count");
  writer_.resize(headerSize_ + static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(columns()) *
                                   elementSize_);
  rows_ = rows;
}

void NpyStreamWriter::appendRows(const void* data, std::int64_t rows) {
  const std::int64_t first = rows_;
  resizeRows(rows_ + rows);
  if (rows > 0 && columns() > 0)
    writer_.writeAt(offsetOf(first, 0, 0), data,
                    static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns()) * elementSize_);
}

void NpyStreamWriter::writeBlock(std::int64_t row, std::int64_t column, const void* data, std::size_t count) {
  writer_.writeAt(offsetOf(row, column, count), data, count * elementSize_);
}

void NpyStreamWriter::readBlock(std::int64_t row, std::int64_t column, void* data, std::size_t count) const {
  writer_.readAt(offsetOf(row, column, count), data, count * elementSize_);
}

void NpyStreamWriter::commit() {
  const std::string header = npyPreamble(dtype_, shapeFor(rows_, columns_));
  if (header.size() != headerSize_)  // cannot happen below 10^21 rows; guard rather than corrupt the data
    throw std::logic_error("NpyStreamWriter: the .npy header changed length");
  writer_.writeAt(0, header.data(), header.size());
  writer_.commit();
}

}  // namespace vl::core
