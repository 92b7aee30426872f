// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Small JSON helpers shared by the spec reader and the result writer.

#ifndef REWARDKIT_SRC_JSON_UTIL_H_
#define REWARDKIT_SRC_JSON_UTIL_H_

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "simdjson.h"

namespace rewardkit::internal {

// White space as JSON defines it (RFC 8259): no \f or \v.
constexpr bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends `text` to `*out` as a JSON string literal, quotes included. Control
// characters are escaped; bytes that are not valid UTF-8 become U+FFFD so the
// output is always valid JSON.
void AppendJsonString(std::string_view text, std::string* out);

// Appends a finite double in its shortest round-trip form; NaN and infinities
// (which JSON cannot hold) are written as 0.
void AppendJsonNumber(double value, std::string* out);

// The most bytes WriteJsonNumber writes.
inline constexpr size_t kMaxJsonNumberSize = 32;

// WriteJsonNumber for what is not 0 or 1.
char* WriteOtherJsonNumber(double value, char* p);

// The bits of 1.0.
inline constexpr uint64_t kOneBits = 0x3ff0000000000000;

// Zero exactly when `bits` are those of 1.0, 0.0 or -0.0, the scores
// written as one byte (JSON has no -0): -0.0's sign bit shifted out, its
// bits are 0.0's, zero. Branch-free, so that a writer can test several
// values with one branch.
inline uint64_t NotZeroOrOne(uint64_t bits) { return std::min(bits ^ kOneBits, bits << 1); }

// Writes `value` as AppendJsonNumber appends it, at `p`, which has room for
// kMaxJsonNumberSize bytes; returns the end of what it wrote. Scores are
// mostly 0 and 1, and which of the two a sample gets is as unpredictable as
// its correctness: both take one branch, always taken for them, on the
// value's bits. Compared as doubles, GCC tests 0 and 1 with a branch each,
// and the first is then a coin flip for the branch predictor.
inline char* WriteJsonNumber(double value, char* p) {
  const auto bits = std::bit_cast<uint64_t>(value);
  if (NotZeroOrOne(bits) == 0) {
    *p = static_cast<char>('0' + (bits == kOneBits));
    return p + 1;
  }
  return WriteOtherJsonNumber(value, p);
}

// Whether `text` is its own JSON string body: printable ASCII without a quote
// or a backslash, as most names and ids are. Eight bytes at a time.
inline bool IsPlainJsonText(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  // High bit set in each byte of `v` that is below 0x20, 0x7f or above,
  // '"' or '\\'. Exact for "is there any", which is all that is asked.
  auto bad = [](uint64_t v) {
    auto zero = [](uint64_t x) { return (x - kOnes) & ~x; };
    return (((v - kOnes * 0x20) & ~v) | v | zero(v ^ (kOnes * '"')) | zero(v ^ (kOnes * '\\')) |
            zero(v ^ (kOnes * 0x7f))) &
           kHigh;
  };
  const char* p = text.data();
  size_t n = text.size();
  if (n >= 8) {
    uint64_t acc = 0;
    for (; n > 8; p += 8, n -= 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      acc |= bad(v);
    }
    uint64_t v;  // the last eight bytes, overlapping what was read
    std::memcpy(&v, p + n - 8, 8);
    return (acc | bad(v)) == 0;
  }
  for (; n > 0; ++p, --n) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

// Returns `token` escaped as one JSON Pointer reference token (RFC 6901).
std::string JsonPointerToken(std::string_view token);

// Returns a short human name for a simdjson type: "object", "string", ...
std::string_view JsonTypeName(simdjson::dom::element_type type);

// Returns the text of `element` in canonical form: minified, with object keys
// sorted, so two specs that differ only in layout or key order match.
std::string CanonicalJson(simdjson::dom::element element);

// Returns the 64-bit FNV-1a hash of `text` as 16 lower-case hex digits.
std::string Fnv1a64Hex(std::string_view text);
// Appends them to `*out` (no string of its own: sixteen digits do not fit in
// a std::string's inline bytes).
void AppendFnv1a64Hex(std::string_view text, std::string* out);

}  // namespace rewardkit::internal

namespace rewardkit::internal {

// Tolerant scans of JSON text that may be malformed or truncated, used only to
// make error messages precise. Both run in linear time and never fail.

// Returns the JSON Pointer of the value that contains byte `offset` of
// `json` ("/messages/1/content"), as far as the text can be followed.
std::string JsonPointerAt(std::string_view json, size_t offset);

// Returns the raw text of a top-level "id" whose value is a string or an
// integer, or "" when none can be found.
std::string RecoverId(std::string_view json);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_JSON_UTIL_H_
