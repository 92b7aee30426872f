// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The token estimate and length rewards of length.h.

#include "rewardkit/length.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <string_view>
#include <utility>

#include "ascii.h"

namespace rewardkit {
namespace {

using internal::IsDigit;
using internal::IsLetter;
using internal::IsLower;
using internal::IsUpper;

// ---------------------------------------------------------------------------
// EstimateTokens

// The constants of the rule in length.h, fitted against cl100k_base.
constexpr double kLowerBase = 1.07, kLowerSlope = 0.06, kLowerKnee = 6;
constexpr double kCapBase = 0.86, kCapSlope = 0.3, kCapKnee = 8;
constexpr double kLongSlope = 0.2, kLongKnee = 12;  // lower and Capitalized
constexpr double kUpperBase = 0.84, kUpperSlope = 0.24, kUpperKnee = 4;
constexpr double kNoSpace = 0.08, kPunctLead = 0.65, kPunctLeadOnly = 0.5;
constexpr double kAccentedCost = 1.0, kOtherAlphabetCost = 0.45, kCjkCost = 1.05;
constexpr double kPunctA = 3.72, kPunctB = 3.91;
constexpr size_t kRepeatFree = 3;
constexpr double kRepeatCost = 1.0 / 32;
constexpr double kSymbol3 = 0.5, kSymbol4 = 1.5, kInvalidByte = 0.75;
constexpr double kNewlineCost = 0.46, kIndentCost = 0.78;
constexpr size_t kIndentChunk = 64;

enum class Cls : uint8_t {
  kAsciiLetter,
  kAccented,       // U+00C0-U+024F but × and ÷
  kOtherAlphabet,  // U+0370-U+06FF
  kCjk,
  kDigit,
  kNewline,  // \r \n
  kSpace,
  kPunct,  // everything else, invalid bytes included
};

struct CodePoint {
  Cls cls;
  uint8_t bytes;  // its UTF-8 length; 1 for an invalid byte
  bool invalid;
};

// The class of each ASCII byte, so that ASCII text is classified without
// decoding.
constexpr std::array<Cls, 128> kAsciiClass = [] {
  std::array<Cls, 128> table{};
  for (size_t b = 0; b < table.size(); ++b) {
    const char c = static_cast<char>(b);
    if (IsLetter(c)) {
      table[b] = Cls::kAsciiLetter;
    } else if (IsDigit(c)) {
      table[b] = Cls::kDigit;
    } else if (c == '\n' || c == '\r') {
      table[b] = Cls::kNewline;
    } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      table[b] = Cls::kSpace;
    } else {
      table[b] = Cls::kPunct;
    }
  }
  return table;
}();

// Classifies the multi-byte code point (or invalid byte) at t[i], a byte
// >= 0x80.
CodePoint DecodeMultibyte(std::string_view t, size_t i) {
  const auto b0 = static_cast<unsigned char>(t[i]);
  size_t len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return {Cls::kPunct, 1, true};
  }
  if (t.size() - i < len) return {Cls::kPunct, 1, true};
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(t[i + k]);
    if ((b & 0xC0u) != 0x80u) return {Cls::kPunct, 1, true};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {Cls::kPunct, 1, true};
  const auto bytes = static_cast<uint8_t>(len);
  if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
      (cp >= 0xF900 && cp <= 0xFAFF)) {
    return {Cls::kCjk, bytes, false};
  }
  if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) return {Cls::kAccented, bytes, false};
  if (cp >= 0x370 && cp <= 0x6FF) return {Cls::kOtherAlphabet, bytes, false};
  if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
      cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000) {
    return {Cls::kSpace, bytes, false};
  }
  return {Cls::kPunct, bytes, false};
}

// Classifies the code point (or invalid byte) at t[i], i < t.size().
inline CodePoint Decode(std::string_view t, size_t i) {
  const auto b0 = static_cast<unsigned char>(t[i]);
  if (b0 < 0x80) return {kAsciiClass[b0], 1, false};
  return DecodeMultibyte(t, i);
}

// The letter classes come first in Cls.
bool IsLetterClass(Cls c) { return c <= Cls::kCjk; }

// The extra cost of a punctuation code point for its UTF-8 length.
double SymbolCost(const CodePoint& cp) {
  if (cp.invalid) return kInvalidByte;
  if (cp.bytes == 3) return kSymbol3;
  if (cp.bytes == 4) return kSymbol4;
  return 0;
}

double Excess(double n, double knee) { return n > knee ? n - knee : 0.0; }

enum class Lead { kSpace, kNone, kPunct };

// Prices the ASCII letters of one word, split into camelCase parts, given as
// a stream of letters. A part is all lower case, Capitalized (or one upper
// case letter) or UPPER CASE; a new part starts at an upper case letter
// after a lower case one ("camel|Case") and at the last upper case letter of
// a run that goes on in lower case ("HTTP|Server").
class WordPricer {
 public:
  explicit WordPricer(Lead lead) : lead_(lead) {}

  void Add(char c) {
    if (pending_ != '\0') Place(pending_, c);
    pending_ = c;
  }

  // Prices `word`, ASCII letters only, as Add of each letter then Finish
  // would, on a pricer that has seen no letter; returns the cost.
  double PriceAscii(std::string_view word) {
    const size_t m = word.size();
    size_t k = 0;
    while (k < m) {
      const size_t start = k;
      first_upper_ = IsUpper(word[k]);
      all_upper_ = first_upper_;
      for (++k; k < m; ++k) {
        if (!IsUpper(word[k])) {
          all_upper_ = false;
          continue;
        }
        // Place's split, where the previous letter is word[k - 1].
        if (IsLower(word[k - 1]) || (k + 1 < m && IsLower(word[k + 1]))) break;
      }
      length_ = k - start;
      ClosePart();
    }
    return cost_;
  }

  // Returns the cost of every part.
  double Finish() {
    if (pending_ != '\0') Place(pending_, '\0');
    pending_ = '\0';
    if (length_ > 0) ClosePart();
    return cost_;
  }

 private:
  // Adds `c` to the parts, given the letter after it ('\0' at the end).
  void Place(char c, char next) {
    const bool split =
        length_ > 0 && IsUpper(c) && (IsLower(previous_) || (IsUpper(previous_) && IsLower(next)));
    if (split) ClosePart();
    if (length_ == 0) {
      first_upper_ = IsUpper(c);
      all_upper_ = true;
    }
    all_upper_ = all_upper_ && IsUpper(c);
    ++length_;
    previous_ = c;
  }

  void ClosePart() {
    const auto n = static_cast<double>(length_);
    double cost = 0;
    if (all_upper_ && length_ > 1) {
      cost = kUpperBase + kUpperSlope * Excess(n, kUpperKnee);
    } else if (first_upper_) {
      cost = kCapBase + kCapSlope * Excess(n, kCapKnee) + kLongSlope * Excess(n, kLongKnee);
    } else {
      cost = kLowerBase + kLowerSlope * Excess(n, kLowerKnee) + kLongSlope * Excess(n, kLongKnee);
    }
    if (lead_ != Lead::kSpace) cost += kNoSpace;
    if (lead_ == Lead::kPunct) cost += kPunctLead;
    cost_ += cost;
    lead_ = Lead::kNone;  // later parts follow a letter
    length_ = 0;
  }

  Lead lead_;
  char pending_ = '\0';
  char previous_ = '\0';
  size_t length_ = 0;
  bool first_upper_ = false;
  bool all_upper_ = false;
  double cost_ = 0;
};

// The length of a contraction ('s 't 're 've 'm 'll 'd, any case) at t[i],
// or 0.
size_t ContractionAt(std::string_view t, size_t i) {
  if (t[i] != '\'' || i + 1 >= t.size()) return 0;
  const char a = internal::ToLower(t[i + 1]);
  const char b = i + 2 < t.size() ? internal::ToLower(t[i + 2]) : '\0';
  if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  return 0;
}

// ---------------------------------------------------------------------------
// Length rewards

bool AnyNan(std::initializer_list<double> values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

}  // namespace

size_t EstimateTokens(std::string_view t) {
  if (t.empty()) return 0;
  double total = 0;
  size_t i = 0;
  const size_t n = t.size();
  while (i < n) {
    if (const size_t c = ContractionAt(t, i); c > 0) {
      total += 1;
      i += c;
      continue;
    }
    CodePoint cp = Decode(t, i);
    Lead lead = Lead::kNone;
    double lead_cost = 0;
    if ((cp.cls == Cls::kSpace || cp.cls == Cls::kPunct) && i + cp.bytes < n &&
        IsLetterClass(Decode(t, i + cp.bytes).cls)) {
      lead = cp.cls == Cls::kSpace && t[i] == ' ' ? Lead::kSpace : Lead::kPunct;
      if (cp.cls == Cls::kPunct) lead_cost = SymbolCost(cp);
      i += cp.bytes;
      cp = Decode(t, i);
    }
    if (IsLetterClass(cp.cls)) {
      // Most words are ASCII letters alone: find where one ends without
      // decoding, and price it in one go.
      size_t j = i;
      while (j < n && IsLetter(t[j])) ++j;
      if (j > i && (j == n || static_cast<unsigned char>(t[j]) < 0x80 ||
                    !IsLetterClass(DecodeMultibyte(t, j).cls))) {
        WordPricer ascii(lead);
        total += ascii.PriceAscii(t.substr(i, j - i)) + lead_cost;
        i = j;
        continue;
      }
      WordPricer ascii(lead);
      bool any_ascii = false;
      double extra = lead_cost;
      while (i < n) {
        cp = Decode(t, i);
        if (!IsLetterClass(cp.cls)) break;
        if (cp.cls == Cls::kAsciiLetter) {
          ascii.Add(t[i]);
          any_ascii = true;
        } else if (cp.cls == Cls::kAccented) {
          extra += kAccentedCost;
        } else if (cp.cls == Cls::kOtherAlphabet) {
          extra += kOtherAlphabetCost;
        } else {
          extra += kCjkCost;
        }
        i += cp.bytes;
      }
      total += ascii.Finish() + extra;
      if (!any_ascii && lead == Lead::kPunct) total += kPunctLeadOnly;
      continue;
    }
    if (cp.cls == Cls::kDigit) {
      size_t j = i;
      while (j < n && IsDigit(t[j])) ++j;
      total += static_cast<double>((j - i + 2) / 3);
      i = j;
      continue;
    }
    if (cp.cls == Cls::kSpace || cp.cls == Cls::kNewline) {
      bool newline = false;
      size_t trailing = 0;  // code points after the last newline
      while (i < n) {
        cp = Decode(t, i);
        if (cp.cls == Cls::kNewline) {
          newline = true;
          trailing = 0;
        } else if (cp.cls == Cls::kSpace) {
          ++trailing;
        } else {
          break;
        }
        i += cp.bytes;
      }
      if (newline) total += kNewlineCost;
      if (i < n && trailing > 0 && (IsLetterClass(cp.cls) || cp.cls == Cls::kPunct)) --trailing;
      total += kIndentCost * static_cast<double>((trailing + kIndentChunk - 1) / kIndentChunk);
      continue;
    }
    // A run of punctuation, with the newlines right after it. Past its third
    // repeat, an ASCII character counts 1/32 ("-----" rules are one token).
    double run = 0;
    size_t repeats = 0;
    char previous = '\0';
    while (i < n) {
      cp = Decode(t, i);
      if (cp.cls != Cls::kPunct) break;
      if (cp.bytes > 1 || cp.invalid) total += SymbolCost(cp);  // 0 for ASCII
      const char c = cp.bytes == 1 && !cp.invalid ? t[i] : '\0';
      repeats = c != '\0' && c == previous ? repeats + 1 : 1;
      run += repeats <= kRepeatFree ? 1.0 : kRepeatCost;
      previous = c;
      i += cp.bytes;
    }
    total += run <= 2 ? 1.0 : (run + kPunctA) / kPunctB;
    while (i < n && (t[i] == '\n' || t[i] == '\r')) ++i;
  }
  return std::max<size_t>(1, static_cast<size_t>(std::llround(total)));
}

double BandScore(double length, double low, double high, double width, Falloff falloff) {
  if (AnyNan({length, low, high})) return 0.0;
  if (low > high) std::swap(low, high);
  if (length >= low && length <= high) return 1.0;
  if (std::isnan(width) || width <= 0) return 0.0;
  const double d = length < low ? low - length : length - high;  // > 0, maybe inf
  if (std::isinf(width)) return std::isinf(d) ? 0.0 : 1.0;
  if (!(d < width)) return 0.0;
  const double x = d / width;  // in (0, 1)
  const double score =
      falloff == Falloff::kCosine ? (1.0 + std::cos(std::numbers::pi * x)) / 2.0 : 1.0 - x;
  return std::clamp(score, 0.0, 1.0);
}

double DapoOverlongPenalty(double length, double max_length, double cache) {
  if (AnyNan({length, max_length, cache})) return -1.0;
  if (length > max_length) return -1.0;
  if (!(cache > 0)) return 0.0;
  const double start = max_length - cache;
  if (length <= start) return 0.0;
  if (std::isinf(cache)) return 0.0;  // an infinitely long ramp is flat
  return std::clamp((start - length) / cache, -1.0, 0.0);
}

double CosineLengthReward(double length, bool correct, const CosineLengthParams& p) {
  if (AnyNan({p.correct_at_zero, p.correct_at_max_length, p.wrong_at_zero, p.wrong_at_max_length,
              p.exceed_penalty, p.max_length})) {
    return 0.0;
  }
  const double lo_all = std::min({p.correct_at_zero, p.correct_at_max_length, p.wrong_at_zero,
                                  p.wrong_at_max_length, p.exceed_penalty});
  const double hi_all = std::max({p.correct_at_zero, p.correct_at_max_length, p.wrong_at_zero,
                                  p.wrong_at_max_length, p.exceed_penalty});
  double r = 0;
  if (std::isnan(length) || !(p.max_length > 0) || length >= p.max_length) {
    r = p.exceed_penalty;
  } else {
    const double lo = correct ? p.correct_at_max_length : p.wrong_at_max_length;
    const double hi = correct ? p.correct_at_zero : p.wrong_at_zero;
    const double x = std::max(length, 0.0) / p.max_length;  // [0, 1); 0 when max_length is inf
    r = lo + (hi - lo) * (1.0 + std::cos(std::numbers::pi * x)) / 2.0;
  }
  // Infinite parameters can make r NaN (inf - inf); keep the result finite.
  if (std::isnan(r)) r = 0.0;
  r = std::clamp(r, lo_all, hi_all);
  if (!std::isfinite(r))
    r = std::clamp(r, -std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
  return r;
}

}  // namespace rewardkit
