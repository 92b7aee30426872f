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

// SSE2 is on every x86-64. RK_DISABLE_SIMD builds the portable scans instead,
// so that the tests can check them on x86-64 too.
#if defined(__SSE2__) && !defined(RK_DISABLE_SIMD)
#define RK_CI_NEEDLE_SSE2 1
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

// A case-insensitive (ASCII) needle. A search looks, sixteen positions at a
// time with SSE2, for where the needle's two rarest bytes both are at their
// distance apart (both cases of a letter at once), and compares the whole
// needle only there: with two bytes to agree, a false candidate is rare even
// in text full of either byte ('<' in markup, 'k' in prose), so in practice
// each byte of the text is read about twice and compared once. Without SSE2,
// eight bytes at a time for the rarest byte. The worst case, text made of
// the two bytes, is O(text x needle).
class CiNeedle {
 public:
  CiNeedle() = default;
  explicit CiNeedle(std::string_view needle) {
    lower_.reserve(needle.size());
    for (char c : needle) lower_.push_back(ToLower(c));
    for (size_t i = 1; i < lower_.size(); ++i) {
      if (Commonness(lower_[i]) < Commonness(lower_[key_])) key_ = i;
    }
    key2_ = key_;
    for (size_t i = 0; i < lower_.size(); ++i) {
      if (i != key_ && (key2_ == key_ || Commonness(lower_[i]) < Commonness(lower_[key2_]))) {
        key2_ = i;
      }
    }
  }

  size_t size() const { return lower_.size(); }
  const std::string& lower() const { return lower_; }

  // Returns the start of the first match at or after `from`, or std::string_view::npos.
  size_t Find(std::string_view text, size_t from) const {
    const size_t m = lower_.size();
    const size_t n = text.size();
    if (m == 0 || from >= n || n - from < m) return std::string_view::npos;
    // Candidates: the starts in [from, n - m].
    const char* p = text.data();
    size_t s = from;
    const size_t last = n - m;
#if defined(RK_CI_NEEDLE_SSE2)
    const Pair pair = MakePair();
    for (; s + 16 <= last + 1; s += 16) {
      for (unsigned hits = pair.Hits(p + s); hits != 0; hits &= hits - 1) {
        const size_t at = s + static_cast<size_t>(std::countr_zero(hits));
        if (Matches(p + at)) return at;
      }
    }
#else
    const char key = lower_[key_];
    const uint64_t want = Broadcast(static_cast<unsigned char>(key));
    const uint64_t fold = IsLower(key) ? Broadcast(0x20) : 0;
    while (s + 8 <= last + 1) {
      const uint64_t hits = ZeroBytes((Load64(p + s + key_) | fold) ^ want);
      if (hits == 0) {
        s += 8;
        continue;
      }
      // Only the lowest marked byte is sure: check it, then go on after it.
      const size_t at = s + static_cast<size_t>(std::countr_zero(hits) / 8);
      if (Matches(p + at)) return at;
      s = at + 1;
    }
#endif
    for (; s <= last; ++s) {
      if (Matches(p + s)) return s;
    }
    return std::string_view::npos;
  }

  // Returns the start of the last match that ends at or before `end` and
  // starts at or after `floor`, or std::string_view::npos.
  size_t RFind(std::string_view text, size_t end, size_t floor = 0) const {
    const size_t m = lower_.size();
    end = std::min(end, text.size());
    if (m == 0 || end < m || end - m < floor) return std::string_view::npos;
    // Candidates: the starts in [floor, end - m], from the top; `top` is one
    // past the highest not yet looked at.
    const char* p = text.data();
    size_t top = end - m + 1;
#if defined(RK_CI_NEEDLE_SSE2)
    const Pair pair = MakePair();
    for (; top >= floor + 16; top -= 16) {
      for (unsigned hits = pair.Hits(p + top - 16); hits != 0;) {
        const int bit = 31 - std::countl_zero(hits);
        const size_t at = top - 16 + static_cast<size_t>(bit);
        if (Matches(p + at)) return at;
        hits &= ~(1u << bit);
      }
    }
#else
    const char key = lower_[key_];
    const uint64_t want = Broadcast(static_cast<unsigned char>(key));
    const uint64_t fold = IsLower(key) ? Broadcast(0x20) : 0;
    for (; top >= floor + 8; top -= 8) {
      uint64_t hits = ZeroBytes((Load64(p + top - 8 + key_) | fold) ^ want);
      // A borrow can only mark bytes above a real zero: check each marked
      // byte from the top down.
      while (hits != 0) {
        const int bit = 63 - std::countl_zero(hits);
        const size_t at = top - 8 + static_cast<size_t>(bit / 8);
        if (Matches(p + at)) return at;
        hits &= ~(uint64_t{0x80} << (bit / 8 * 8));
      }
    }
#endif
    while (top > floor) {
      --top;
      if (Matches(p + top)) return top;
    }
    return std::string_view::npos;
  }

  bool MatchesAt(std::string_view text, size_t pos) const {
    return pos <= text.size() && text.size() - pos >= lower_.size() && Matches(text.data() + pos);
  }

 private:
  // Whether the needle is at `s`, which has at least size() bytes.
  bool Matches(const char* s) const {
    for (size_t k = 0; k < lower_.size(); ++k) {
      if (ToLower(s[k]) != lower_[k]) return false;
    }
    return true;
  }

#if defined(RK_CI_NEEDLE_SSE2)
  // The two key bytes, and which of sixteen consecutive starts have both.
  struct Pair {
    __m128i want1, fold1, want2, fold2;
    size_t key1, key2;
    // Bit i set when the start s + i has both key bytes in place. Reads the
    // sixteen bytes from s + key1 and from s + key2.
    unsigned Hits(const char* s) const {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + key1));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + key2));
      const __m128i both = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(a, fold1), want1),
                                         _mm_cmpeq_epi8(_mm_or_si128(b, fold2), want2));
      return static_cast<unsigned>(_mm_movemask_epi8(both));
    }
  };
  Pair MakePair() const {
    // (byte | 0x20) equals a lower-case letter exactly for its two cases;
    // any other byte is compared as it is.
    auto fold = [](char c) { return _mm_set1_epi8(IsLower(c) ? 0x20 : 0); };
    const char k1 = lower_[key_];
    const char k2 = lower_[key2_];
    return {_mm_set1_epi8(k1), fold(k1), _mm_set1_epi8(k2), fold(k2), key_, key2_};
  }
#endif

  std::string lower_;  // the needle, lower case
  size_t key_ = 0;     // the index of its rarest byte
  size_t key2_ = 0;    // of the next rarest (key_ for a one-byte needle)
};

// ForEachTagStart's scans, one per instruction set (each in the tests).
namespace tag_scan {

// Whether c is `lower`, a letter in either case.
inline bool Same(char c, char lower) { return IsLower(lower) ? (c | 0x20) == lower : c == lower; }

// Whether p[i], where `first` is, starts either tag; i + 1 < n.
inline bool Second(const char* p, size_t i, char second_a, char second_b) {
  return Same(p[i + 1], second_a) || Same(p[i + 1], second_b);
}

// A byte at a time, from `i`.
template <typename Visit>
void Portable(std::string_view text, size_t i, char first, char second_a, char second_b,
              Visit& visit) {
  const char* p = text.data();
  for (const size_t n = text.size(); i + 1 < n; ++i) {
    if (p[i] == first && Second(p, i, second_a, second_b)) visit(i);
  }
}

#if defined(RK_CI_NEEDLE_SSE2)
// Where `first` is followed by either second byte, sixteen positions at a
// time, both bytes compared in SIMD, so that only real candidates reach a
// branch: text with many `first` bytes that start no tag (GSM8K's "<<"
// notes) costs no mispredicted branch for each.
template <typename Visit>
void Sse2(std::string_view text, char first, char second_a, char second_b, Visit& visit) {
  const char* p = text.data();
  const size_t n = text.size();
  const __m128i want = _mm_set1_epi8(first);
  const __m128i want_a = _mm_set1_epi8(second_a);
  const __m128i want_b = _mm_set1_epi8(second_b);
  const __m128i fold_a = _mm_set1_epi8(IsLower(second_a) ? 0x20 : 0);
  const __m128i fold_b = _mm_set1_epi8(IsLower(second_b) ? 0x20 : 0);
  // Bit k set when p[s + k] starts a candidate, given `firsts`, the
  // comparison of p[s, s + 16) with `first`; reads p[s + 1, s + 17).
  auto starts16 = [&](size_t s, __m128i firsts) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + s + 1));
    const __m128i second = _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(b, fold_a), want_a),
                                        _mm_cmpeq_epi8(_mm_or_si128(b, fold_b), want_b));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(firsts, second)));
  };
  auto firsts16 = [&](size_t s) {
    return _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + s)), want);
  };
  auto visit_all = [&](size_t s, unsigned m) {
    for (; m != 0; m &= m - 1) visit(s + static_cast<size_t>(std::countr_zero(m)));
  };
  size_t i = 0;
  // Windows of sixty-four bytes without `first` are skipped after one test,
  // but only in a long text: in a short one, as most answers are, in text
  // with many `first` bytes, that test's outcome is one no predictor guesses,
  // so the blocks below take it all, their loop's end the only branch.
  if (n >= 512) {
    for (; i + 65 <= n; i += 64) {
      const __m128i c0 = firsts16(i);
      const __m128i c1 = firsts16(i + 16);
      const __m128i c2 = firsts16(i + 32);
      const __m128i c3 = firsts16(i + 48);
      if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(c0, c1), _mm_or_si128(c2, c3))) == 0) {
        continue;
      }
      const unsigned m = starts16(i, c0) | starts16(i + 16, c1) << 16;
      const unsigned m2 = starts16(i + 32, c2) | starts16(i + 48, c3) << 16;
      if ((m | m2) == 0) continue;
      visit_all(i, m);
      visit_all(i + 32, m2);
    }
  }
  for (; i + 17 <= n; i += 16) {
    if (const unsigned m = starts16(i, firsts16(i)); m != 0) visit_all(i, m);
  }
  // The rest as one more block that ends one byte before the text's end,
  // overlapping positions already visited, which are masked off.
  if (n >= 17 && i + 1 < n) {
    const size_t s = n - 17;
    visit_all(s, starts16(s, firsts16(s)) & (~0u << (i - s)));
    return;
  }
  Portable(text, i, first, second_a, second_b, visit);
}
#endif

}  // namespace tag_scan

// Calls visit(i), in increasing order, for every i where text[i] is `first`
// and text[i + 1] is `second_a` or `second_b`, letters in either case (all
// three given in lower case; `first` is not a letter). Finds where either
// of two tags that share their first byte ("<think>", "</think>") may
// start, in one pass over the text: with SSE2, else a byte at a time.
//
// An AVX2 version, chosen at run time, was tried and measured: it ran 60 to
// 100 ns a GSM8K response slower than this one on the benchmark machine
// (AMD EPYC under KVM) though it ran fewer instructions, and no faster on
// MATH (docs/performance.md, third round).
template <typename Visit>
void ForEachTagStart(std::string_view text, char first, char second_a, char second_b,
                     Visit visit) {
#if defined(RK_CI_NEEDLE_SSE2)
  tag_scan::Sse2(text, first, second_a, second_b, visit);
#else
  tag_scan::Portable(text, 0, first, second_a, second_b, visit);
#endif
}

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_CI_NEEDLE_H_
