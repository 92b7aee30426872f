// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: src/ascii.h
// -----------------------------------------------------------------------------
//
// ASCII character classes and small string helpers shared by the extractors,
// normalizers and comparators. They classify ASCII only: a byte >= 0x80 is
// never a letter, digit, word character or space, and case mapping leaves it
// alone, so invalid UTF-8 is just more bytes.

#ifndef REWARDKIT_SRC_ASCII_H_
#define REWARDKIT_SRC_ASCII_H_

#include <cstddef>
#include <string_view>

namespace rewardkit::internal {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsLetter(char c) { return IsUpper(c) || IsLower(c); }

// A letter, digit or '_', as in \w of an ASCII regex.
constexpr bool IsWordChar(char c) { return IsDigit(c) || IsLetter(c) || c == '_'; }

// A space or a tab: the white space inside a line.
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The white space of C's isspace: space, \t, \n, \r, \f and \v.
constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

// Whether `a` and `b` are equal but for the case of ASCII letters.
constexpr bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

// `s` without IsSpace characters at either end; a view into `s`.
constexpr std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_ASCII_H_
