#pragma once
// Big-endian values for the FreeSurfer and MGH formats: conversion from/to native order and appending to a
// byte buffer being assembled for an atomic write.
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace vl::core {

template <typename T>
T reverseBytes(T value) {
  char b[sizeof(T)];
  std::memcpy(b, &value, sizeof(T));
  for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
  std::memcpy(&value, b, sizeof(T));
  return value;
}

// Native <-> big-endian (an involution: the same call converts both ways).
template <typename T>
T bigEndianSwap(T value) {
  if constexpr (sizeof(T) == 1 || std::endian::native == std::endian::big) return value;
  else return reverseBytes(value);
}

template <typename T>
void appendBig(std::string& out, T value) {
  value = bigEndianSwap(value);
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace vl::core
