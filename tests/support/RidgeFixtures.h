#pragma once
// The ridge fixtures of tests/data/ridge (made by its make_*fixtures.py with scikit-learn): named blocks, each a line
// "name rows cols" followed by rows * cols values in row-major order. Needs VOXELLENS_TEST_DATA (core_tests sets it).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "core/base/Matrix.h"

namespace vl::fixtures {

inline std::map<std::string, core::MatrixD> readRidgeFixture(const std::string& name) {
  std::ifstream in(std::string(VOXELLENS_TEST_DATA) + "/ridge/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::map<std::string, core::MatrixD> blocks;
  std::string block;
  std::size_t rows, cols;
  while (in >> block >> rows >> cols) {
    core::MatrixD m(rows, cols);
    for (auto& x : m.data) in >> x;
    blocks[block] = std::move(m);
  }
  return blocks;
}

}  // namespace vl::fixtures
