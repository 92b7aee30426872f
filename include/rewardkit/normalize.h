// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/normalize.h
// -----------------------------------------------------------------------------
//
// Normalizers turn an extracted answer into the canonical form that a
// comparator looks at. There are three, one per kind of answer:
//
//   * ParseNumber: "$1,000.50", "18.", "−3", "１２", "25%", "3 apples",
//     "1.5e3", "3/4" and "10{,}000" become a Number, an exact rational
//     where the text is one and a double otherwise.
//   * NormalizeText: SQuAD-style folding of case, punctuation, articles and
//     white space, each step configurable.
//   * NormalizeLatex: strips presentation from LaTeX (`\left`, `\dfrac`,
//     `\text{}`, `^\circ`, spacing, `$` delimiters) and canonicalises the
//     shorthand forms (`\frac12` becomes `\frac{1}{2}`, `\sqrt3` becomes
//     `\sqrt{3}`), so that two renderings of one answer compare equal.
//
// Example:
//
//   rewardkit::NumberOptions options;
//   std::optional<rewardkit::Number> n = rewardkit::ParseNumber("$1,250.", options);
//   // n->ToString() == "1250", n->is_exact()
//
// All functions here are pure: they are safe for concurrent use by multiple
// threads and keep no state between calls.

#ifndef REWARDKIT_NORMALIZE_H_
#define REWARDKIT_NORMALIZE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rewardkit {

// -----------------------------------------------------------------------------
// Numbers
// -----------------------------------------------------------------------------

// A number as rewardkit compares it. Integers, terminating decimals and
// fractions a/b whose parts fit in 64 bits are held as an exact, reduced
// rational (so 1/4, 0.25 and 25% compare exactly); anything else is a double.
class Number {
 public:
  // Returns num/den reduced to lowest terms with a positive denominator, or a
  // double when the rational cannot be held exactly. `den` must not be 0.
  static Number Rational(int64_t num, int64_t den);
  // Returns an inexact number holding `value` (which may be NaN or infinite).
  static Number Real(double value);

  // True when the number is an exact rational.
  bool is_exact() const { return exact_; }
  // The reduced numerator and denominator; meaningful only when is_exact().
  int64_t numerator() const { return num_; }
  int64_t denominator() const { return den_; }
  // The value as a double (exact numbers are converted).
  double value() const { return value_; }

  // Returns the canonical text: "3", "-1/4", or the shortest round-trip
  // decimal of an inexact value ("0.3333333333333333", "nan", "inf").
  std::string ToString() const;
  // Appends ToString()'s text to `*out`, for callers that reuse a buffer.
  void AppendTo(std::string* out) const;

 private:
  Number() = default;
  bool exact_ = false;
  int64_t num_ = 0;
  int64_t den_ = 1;
  double value_ = 0.0;
};

// How far two numbers may be apart and still count as equal. When at least
// one side is inexact: equal when |a-b| <= max(abs, rel * max(|a|, |b|)).
// Two exact rationals are equal when they are the same rational, or when
// |a-b| <= abs: the relative tolerance never loosens them (with the default
// 1e-9, 1000000000 would otherwise equal 1000000001), so a spec that wants
// 3.14 to match 3.14159 says "absolute_tolerance": 0.01.
struct Tolerance {
  double relative = 1e-9;
  double absolute = 0.0;
};

// Returns true when `a` and `b` are equal under `tolerance`. NaN equals nothing.
bool NumbersEqual(const Number& a, const Number& b, const Tolerance& tolerance);

// What ParseNumber accepts around the digits.
struct NumberOptions {
  // Words that may follow the number and are dropped ("3 apples" -> 3).
  // Compared case-insensitively as whole words; plural "s" is not implied.
  std::vector<std::string> units;
  // When true, any single trailing word is dropped as a unit, which is what
  // "The answer is 12 dollars" needs when the unit list is not known.
  bool drop_any_trailing_word = false;
  // When true, "25%" is 1/4; when false, "25%" is 25 (GSM8K references write
  // percentages without the sign, so false is the default).
  bool percent_is_fraction = false;
};

// Parses a number written the way models and references write numbers, and
// returns nothing when `text` is not one number:
//   * white space, a leading "+", a trailing "." or "," are ignored;
//   * currency signs $ \$ € £ ¥ (and the codes USD EUR GBP) before or after;
//   * thousands separators only where they group thousands: "1,000",
//     "12,345.5" and LaTeX "10{,}000" are numbers, "1,2" and "1,00" are not;
//   * "%" and "\%" (see NumberOptions::percent_is_fraction);
//   * unicode minus (U+2212) and full-width digits (U+FF10..U+FF19);
//   * scientific notation "1.5e3", "1.5E-3", "1.5\times10^{3}";
//   * fractions "a/b" of integers, and a LaTeX "\frac{a}{b}" of integers;
//   * a unit word after the number (NumberOptions::units).
// A number too large for a double parses as NaN, so that "1e400" never
// equals "1e500".
std::optional<Number> ParseNumber(std::string_view text, const NumberOptions& options = {});

// -----------------------------------------------------------------------------
// Text
// -----------------------------------------------------------------------------

// Which foldings NormalizeText applies, in this order. The defaults are those
// of the SQuAD evaluation script.
//
// Two deliberate differences from the SQuAD script, each a false positive
// there: a "." between two digits is kept ("3.5" must not become "35"), and
// a text that is nothing but articles keeps them ("A" must not become "" and
// so equal "The"). Articles are matched in any case.
struct TextOptions {
  bool lowercase = true;            // ASCII and Latin-1 letters
  bool strip_punctuation = true;    // ASCII punctuation becomes nothing
  bool remove_articles = true;      // the words "a", "an", "the"
  bool collapse_whitespace = true;  // runs of white space become one space; ends trimmed
};

// Returns `text` folded as `options` says.
std::string NormalizeText(std::string_view text, const TextOptions& options = {});

// -----------------------------------------------------------------------------
// LaTeX
// -----------------------------------------------------------------------------

struct LatexOptions {
  // Words dropped when they follow a number inside \text{} or \mbox{}, such
  // as "\text{ cm}" in "5\text{ cm}". Compared case-insensitively.
  std::vector<std::string> units;
  // Remove `^\circ` and `^{\circ}` (degrees).
  bool strip_degrees = true;
  // Remove "\%" and "%".
  bool strip_percent = true;
  // Remove "\$" and a leading "$" used as a currency sign.
  bool strip_dollars = true;
  // Also drop a \text{} or \mbox{} of letters that ends the answer after a
  // number when its word is not in `units` ("5.4 \text{ cents}",
  // "15\mbox{ cm}^2"), with a ^2 or ^3 after it. "am" and "pm" are kept.
  bool drop_trailing_text_units = true;
};

// Returns `latex` with its presentation removed and its shorthand
// canonicalised. The result is meant to be compared, not displayed:
//   * math delimiters `$..$`, `\(..\)`, `\[..\]` and an outer `\boxed{}` go;
//   * `\left` `\right` `\big` ... go; `\dfrac` `\tfrac` become `\frac`;
//   * `\frac12` -> `\frac{1}{2}`, `\frac1b` -> `\frac{1}{b}`, `\sqrt3` -> `\sqrt{3}`;
//   * `\text{..}`, `\textbf{..}`, `\mathrm{..}`, `\mbox{..}` are unwrapped;
//   * spacing `\,` `\;` `\:` `\!` `\quad` `\qquad` `~` and all white space go,
//     except one space that ends a control word before a letter (`\cot x`);
//   * `^\circ`, `\%`, `\$` go (see LatexOptions); a trailing "." goes;
//   * short scripts get braces: `10^3` -> `10^{3}`, `x_1` -> `x_{1}`;
//   * `10{,}000`, `10,\!080` and a bare `70,000` outside brackets become
//     `10000`, `10080`, `70000` (a comma followed by a space is not a
//     thousands separator, and in `(1,000)` the comma separates);
//   * `\le` `\ge` `\ne` become `\leq` `\geq` `\neq`, and the unicode signs
//     − × ÷ · ± π ∞ √ ≤ ≥ ≠ ∪ ∈ their commands.
std::string NormalizeLatex(std::string_view latex, const LatexOptions& options = {});

}  // namespace rewardkit

#endif  // REWARDKIT_NORMALIZE_H_
