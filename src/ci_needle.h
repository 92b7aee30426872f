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

// ForEachPair's scans, one per instruction set (each in the tests).
namespace pair_scan {

// Whether c is `lower`, a letter in either case, or else exactly `lower`.
inline bool Same(char c, char lower) { return IsLower(lower) ? (c | 0x20) == lower : c == lower; }

// A byte at a time, from `i`.
template <typename Visit>
void Portable(std::string_view text, size_t i, char first, char second, Visit& visit) {
  const char* p = text.data();
  for (const size_t n = text.size(); i + 1 < n; ++i) {
    if (Same(p[i], first) && Same(p[i + 1], second)) visit(i);
  }
}

#if defined(RK_CI_NEEDLE_SSE2)
// Where `first` is followed by `second`, both compared in SIMD, sixty-four
// positions to a test. The pair a caller looks for is rare in text (the
// think tags' "k>"), so the test almost always fails and its one branch is
// always predicted: the loop's cost is its loads and compares, about half
// of those of a scan for a common first byte ('<', frequent in markup and in
// GSM8K's "<<48/2=24>>" notes) that must then check the next.
template <bool kFoldSecond, typename Visit>
void Sse2(std::string_view text, char first, char second, Visit& visit) {
  const char* p = text.data();
  const size_t n = text.size();
  const __m128i want1 = _mm_set1_epi8(first);
  const __m128i want2 = _mm_set1_epi8(second);
  const __m128i fold1 = _mm_set1_epi8(IsLower(first) ? 0x20 : 0);
  // Byte k is 0xff when p[s + k + 1] is `second`; reads p[s + 1, s + 17).
  auto seconds16 = [&](size_t s) {
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + s + 1));
    if constexpr (kFoldSecond) b = _mm_or_si128(b, _mm_set1_epi8(0x20));
    return _mm_cmpeq_epi8(b, want2);
  };
  // Byte k is 0xff when p[s + k] is `first`; reads p[s, s + 16).
  auto firsts16 = [&](size_t s) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + s));
    return _mm_cmpeq_epi8(_mm_or_si128(a, fold1), want1);
  };
  // Byte k is 0xff when p[s + k] starts the pair; reads p[s, s + 17).
  auto pairs16 = [&](size_t s) { return _mm_and_si128(firsts16(s), seconds16(s)); };
  auto mask = [](__m128i v) { return static_cast<uint64_t>(_mm_movemask_epi8(v)); };
  auto visit_all = [&](size_t s, uint64_t m) {
    for (; m != 0; m &= m - 1) visit(s + static_cast<size_t>(std::countr_zero(m)));
  };
  size_t i = 0;
  // In a long text, a window without `second` is skipped after testing for
  // it alone. Not in a short one, as most answers are: in one with many of
  // that byte (GSM8K's ">>"), that test's outcome is one no predictor
  // guesses, so the pairs are tested at once, their rarity making the one
  // branch a predictable one.
  const bool skim = n >= 512;
  // Visits the pairs that start in p[s, s + 64), from s + lowest on.
  // Inlined by force: GCC 12 calls it otherwise, at 30 instructions a call.
  auto block64 = [&](size_t s, size_t lowest) __attribute__((always_inline)) {
    const __m128i b0 = seconds16(s);
    const __m128i b1 = seconds16(s + 16);
    const __m128i b2 = seconds16(s + 32);
    const __m128i b3 = seconds16(s + 48);
    if (skim &&
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(b0, b1), _mm_or_si128(b2, b3))) == 0) {
      return;
    }
    const __m128i m0 = _mm_and_si128(firsts16(s), b0);
    const __m128i m1 = _mm_and_si128(firsts16(s + 16), b1);
    const __m128i m2 = _mm_and_si128(firsts16(s + 32), b2);
    const __m128i m3 = _mm_and_si128(firsts16(s + 48), b3);
    if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(m0, m1), _mm_or_si128(m2, m3))) == 0) {
      return;
    }
    const uint64_t m = mask(m0) | mask(m1) << 16 | mask(m2) << 32 | mask(m3) << 48;
    visit_all(s, m & (~uint64_t{0} << lowest));
  };
  if (n >= 65) {
    // Blocks of sixty-four, then the rest as one more block that ends one
    // byte before the text's end, overlapping positions already visited:
    // one loop, so one exit for the branch predictor to miss, where a
    // second loop for the rest would add another.
    for (; i + 65 <= n; i += 64) block64(i, 0);
    if (i + 1 < n) block64(n - 65, i + 65 - n);
    return;
  }
  for (; i + 17 <= n; i += 16) visit_all(i, mask(pairs16(i)));
  // The rest as one more block that ends one byte before the text's end,
  // overlapping positions already visited, which are masked off.
  if (n >= 17 && i + 1 < n) {
    const size_t s = n - 17;
    visit_all(s, mask(pairs16(s)) & (~uint64_t{0} << (i - s)));
    return;
  }
  Portable(text, i, first, second, visit);
}

// Sse2 with the second byte's fold, for a letter, compiled in or out.
template <typename Visit>
void Sse2(std::string_view text, char first, char second, Visit& visit) {
  if (IsLower(second)) {
    Sse2<true>(text, first, second, visit);
  } else {
    Sse2<false>(text, first, second, visit);
  }
}
#endif

}  // namespace pair_scan

// Calls visit(i), in increasing order, for every i where text[i] is `first`
// and text[i + 1] is `second` (each given in lower case, and matching a
// letter in either case). Finds where two tags with the same last two bytes
// ("<think>", "</think>") may end, in one pass over the text: with SSE2,
// else a byte at a time.
//
// An AVX2 version of the scan this one replaced (for a first byte '<'
// followed by either tag's second), chosen at run time, ran fewer
// instructions but 60 to 100 ns a GSM8K response slower on the benchmark
// machine (AMD EPYC under KVM), and no faster on MATH (docs/performance.md,
// third round).
template <typename Visit>
void ForEachPair(std::string_view text, char first, char second, Visit visit) {
#if defined(RK_CI_NEEDLE_SSE2)
  pair_scan::Sse2(text, first, second, visit);
#else
  pair_scan::Portable(text, 0, first, second, visit);
#endif
}

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_CI_NEEDLE_H_
