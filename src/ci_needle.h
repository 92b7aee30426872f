// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// CiNeedle: a fixed string searched for, ASCII case-insensitively, forwards
// and backwards. The extractors' markers, tags and think tags are CiNeedles,
// so this is the library's hottest loop.

#ifndef REWARDKIT_SRC_CI_NEEDLE_H_
#define REWARDKIT_SRC_CI_NEEDLE_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ascii.h"

namespace rewardkit::internal {

// How common a byte is in English prose and in model output: lower is rarer.
// Letters by their frequency in English text, digits and markup in between,
// bytes that are neither (control bytes, most punctuation) rarest. Only the
// order matters: it picks which byte of a needle to scan for.
inline int Commonness(char c) {
  static constexpr std::string_view kByFrequency = " etaoinsrhldcumfpgwybvkxjqz";
  const char lower = ToLower(c);
  size_t i = kByFrequency.find(lower);
  if (i != std::string_view::npos) return 100 - static_cast<int>(i);
  if (IsDigit(c)) return 60;
  if (c == '\n' || c == '.' || c == ',') return 65;
  // Markup is frequent in model output: GSM8K's calculator notes
  // ("<<48/2=24>>"), HTML, fractions. Scanning "</think>" for its '<' stopped
  // at every one of them; its 'k' is rarer there.
  if (c == '<' || c == '>' || c == '/') return 80;
  return 10;
}

// Eight copies of a byte.
constexpr uint64_t Broadcast(unsigned char b) { return 0x0101010101010101ULL * b; }

// Nonzero when some byte of `v` is zero; its lowest set bit marks the first.
constexpr uint64_t ZeroBytes(uint64_t v) {
  return (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL;
}

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// A case-insensitive (ASCII) needle. A search scans for the needle's rarest
// byte (both cases of a letter at once, sixteen bytes at a time with SSE2 and
// eight without; memchr for others) and compares the rest only where that byte is, which in practice
// reads each byte of the text once. The worst case, text made of the rare
// byte, is O(text x needle).
class CiNeedle {
 public:
  CiNeedle() = default;
  explicit CiNeedle(std::string_view needle) {
    lower_.reserve(needle.size());
    for (char c : needle) lower_.push_back(ToLower(c));
    for (size_t i = 1; i < lower_.size(); ++i) {
      if (Commonness(lower_[i]) < Commonness(lower_[key_])) key_ = i;
    }
  }

  size_t size() const { return lower_.size(); }
  const std::string& lower() const { return lower_; }

  // Returns the start of the first match at or after `from`, or std::string_view::npos.
  size_t Find(std::string_view text, size_t from) const {
    const size_t m = lower_.size();
    const size_t n = text.size();
    if (m == 0 || from >= n || n - from < m) return std::string_view::npos;
    // Candidates: where the key byte is, for a match starting in [from, n - m].
    const size_t last = n - m + key_;  // the key's last possible position
    for (size_t i = from + key_; i <= last; ++i) {
      i = ScanForward(text, i, last + 1);
      if (i == std::string_view::npos) return std::string_view::npos;
      if (Matches(text, i - key_)) return i - key_;
    }
    return std::string_view::npos;
  }

  // Returns the start of the last match that ends at or before `end` and
  // starts at or after `floor`, or std::string_view::npos.
  size_t RFind(std::string_view text, size_t end, size_t floor = 0) const {
    const size_t m = lower_.size();
    end = std::min(end, text.size());
    if (m == 0 || end < m || end - m < floor) return std::string_view::npos;
    // The key's positions for a match starting in [floor, end - m], backwards.
    const size_t lowest = floor + key_;
    for (size_t i = end - m + key_ + 1; i > lowest;) {
      i = ScanBackward(text, lowest, i);
      if (i == std::string_view::npos) return std::string_view::npos;
      if (Matches(text, i - key_)) return i - key_;
    }
    return std::string_view::npos;
  }

  bool MatchesAt(std::string_view text, size_t pos) const { return pos <= text.size() && text.size() - pos >= lower_.size() && Matches(text, pos); }

 private:
  bool Matches(std::string_view text, size_t start) const {
    for (size_t k = 0; k < lower_.size(); ++k) {
      if (ToLower(text[start + k]) != lower_[k]) return false;
    }
    return true;
  }

  // The first position in [i, end) holding the key byte (either case), or
  // std::string_view::npos.
  size_t ScanForward(std::string_view text, size_t i, size_t end) const {
    const char key = lower_[key_];
    if (!IsLower(key)) {
      if (i >= end) return std::string_view::npos;
      const void* r = std::memchr(text.data() + i, static_cast<unsigned char>(key), end - i);
      return r == nullptr ? std::string_view::npos
                          : static_cast<size_t>(static_cast<const char*>(r) - text.data());
    }
    // A letter: (byte | 0x20) equals the lower-case letter exactly for its
    // two cases.
    const char* p = text.data();
#if defined(__SSE2__)
    // Sixteen bytes at a time where SSE2 is (every x86-64).
    const __m128i want16 = _mm_set1_epi8(key);
    const __m128i case16 = _mm_set1_epi8(0x20);
    for (; i + 16 <= end; i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const auto hit = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(block, case16), want16)));
      if (hit != 0) return i + static_cast<size_t>(std::countr_zero(hit));
    }
#endif
    const uint64_t want = Broadcast(static_cast<unsigned char>(key));
    for (; i + 8 <= end; i += 8) {
      uint64_t hit = ZeroBytes((Load64(p + i) | Broadcast(0x20)) ^ want);
      if (hit != 0) return i + static_cast<size_t>(std::countr_zero(hit) / 8);
    }
    for (; i < end; ++i) {
      if ((p[i] | 0x20) == key) return i;
    }
    return std::string_view::npos;
  }

  // The last position in [lo, end) holding the key byte, or std::string_view::npos.
  size_t ScanBackward(std::string_view text, size_t lo, size_t end) const {
    const char key = lower_[key_];
    const char* p = text.data();
    if (!IsLower(key)) {
      if (end <= lo) return std::string_view::npos;
      const void* r = memrchr(p + lo, static_cast<unsigned char>(key), end - lo);
      return r == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(r) - p);
    }
#if defined(__SSE2__)
    const __m128i want16 = _mm_set1_epi8(key);
    const __m128i case16 = _mm_set1_epi8(0x20);
    for (; end >= lo + 16; end -= 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + end - 16));
      const auto hit = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(block, case16), want16)));
      if (hit != 0) return end - 16 + static_cast<size_t>(31 - std::countl_zero(hit));
    }
#endif
    const uint64_t want = Broadcast(static_cast<unsigned char>(key));
    for (; end >= lo + 8; end -= 8) {
      uint64_t hit = ZeroBytes((Load64(p + end - 8) | Broadcast(0x20)) ^ want);
      // The highest marked byte is the last; a borrow can only mark bytes
      // above a real zero, so check from the top down.
      while (hit != 0) {
        const size_t at = end - 8 + static_cast<size_t>((63 - std::countl_zero(hit)) / 8);
        if ((p[at] | 0x20) == key) return at;
        hit &= ~(uint64_t{0x80} << ((at - (end - 8)) * 8));
      }
    }
    while (end > lo) {
      --end;
      if ((p[end] | 0x20) == key) return end;
    }
    return std::string_view::npos;
  }

  std::string lower_;  // the needle, lower case
  size_t key_ = 0;     // the index of its rarest byte
};

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_CI_NEEDLE_H_
