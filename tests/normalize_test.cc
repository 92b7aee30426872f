// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Unit tests of Number and its exact arithmetic, ParseNumber, NormalizeText
// and NormalizeLatex, including hostile inputs. The bulk of the input/output
// cases live in tests/golden/normalize.jsonl.

#include "rewardkit/normalize.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>

#include "math_expr.h"
#include "test_util.h"

namespace rewardkit {
namespace {

using internal::Add;
using internal::Binomial;
using internal::Divide;
using internal::Factorial;
using internal::Multiply;
using internal::Power;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

using testing::Repeat;

std::string Parsed(std::string_view text, const NumberOptions& options = {}) {
  std::optional<Number> n = ParseNumber(text, options);
  return n ? n->ToString() : "null";
}

TEST_CASE("Number::Rational reduces and keeps the sign on the numerator", "[normalize]") {
  Number n = Number::Rational(6, -8);
  CHECK(n.is_exact());
  CHECK(n.numerator() == -3);
  CHECK(n.denominator() == 4);
  CHECK(n.value() == -0.75);
  CHECK(n.ToString() == "-3/4");
  CHECK(Number::Rational(0, -5).ToString() == "0");
  CHECK(Number::Rational(10, 5).ToString() == "2");
}

TEST_CASE("Number::Rational handles the edges of int64", "[normalize]") {
  // INT64_MIN cannot be negated, so it is held as a double.
  CHECK_FALSE(Number::Rational(kMin, 1).is_exact());
  CHECK(Number::Rational(kMin, 1).value() == -9223372036854775808.0);
  // Reducing first makes it fit.
  CHECK(Number::Rational(kMin, 2).ToString() == "-4611686018427387904");
  CHECK(Number::Rational(kMax, kMax).ToString() == "1");
  CHECK(Number::Rational(1, kMin).is_exact() == false);
  // A zero denominator is documented as a precondition; it still gives a value.
  CHECK(std::isinf(Number::Rational(1, 0).value()));
  CHECK(std::isnan(Number::Rational(0, 0).value()));
}

TEST_CASE("Number::ToString of inexact numbers is the shortest round trip", "[normalize]") {
  CHECK(Number::Real(0.1).ToString() == "0.1");
  CHECK(Number::Real(1.0 / 3.0).ToString() == "0.3333333333333333");
  CHECK(Number::Real(std::nan("")).ToString() == "nan");
  CHECK(Number::Real(std::numeric_limits<double>::infinity()).ToString() == "inf");
  CHECK(Number::Real(-std::numeric_limits<double>::infinity()).ToString() == "-inf");
}

TEST_CASE("NumbersEqual compares rationals exactly and doubles with tolerance", "[normalize]") {
  Tolerance loose{1e-2, 0.0};
  // Exact against exact ignores the tolerance.
  CHECK_FALSE(NumbersEqual(Number::Rational(100, 1), Number::Rational(1005, 10), loose));
  CHECK(NumbersEqual(Number::Rational(1, 4), Number::Rational(2, 8), Tolerance{0, 0}));
  // One inexact side: the tolerance applies.
  CHECK(NumbersEqual(Number::Rational(100, 1), Number::Real(100.5), loose));
  CHECK_FALSE(NumbersEqual(Number::Rational(100, 1), Number::Real(102.0), loose));
  CHECK(NumbersEqual(Number::Real(0.0), Number::Real(1e-10), Tolerance{0.0, 1e-9}));
  CHECK_FALSE(NumbersEqual(Number::Real(0.0), Number::Real(1e-10), Tolerance{1e-9, 0.0}));
  // NaN equals nothing, not even itself; infinities equal themselves.
  Number nan = Number::Real(std::nan(""));
  CHECK_FALSE(NumbersEqual(nan, nan, loose));
  Number inf = Number::Real(std::numeric_limits<double>::infinity());
  CHECK(NumbersEqual(inf, inf, Tolerance{}));
  CHECK_FALSE(NumbersEqual(inf, Number::Real(-inf.value()), loose));
  CHECK_FALSE(NumbersEqual(inf, Number::Real(1e308), loose));
}

TEST_CASE("arithmetic stays exact while it fits and falls back to double", "[normalize]") {
  Number third = Number::Rational(1, 3);
  CHECK(Add(third, Number::Rational(1, 6)).ToString() == "1/2");
  CHECK(Multiply(Number::Rational(kMax, 1), Number::Rational(1, kMax)).ToString() == "1");
  Number big = Multiply(Number::Rational(kMax, 1), Number::Rational(kMax, 1));
  CHECK_FALSE(big.is_exact());
  CHECK(big.value() == Approx(8.507059173023462e37));
  // Products of two 64-bit parts never overflow the 128-bit intermediates.
  Number sum = Add(Number::Rational(kMax, kMax - 1), Number::Rational(kMax - 2, kMax));
  CHECK_FALSE(sum.is_exact());
  CHECK(sum.value() == Approx(2.0));
  CHECK(std::isnan(Divide(Number::Rational(1, 1), Number::Rational(0, 1)).value()));
}

TEST_CASE("Power is exact for integer exponents and perfect roots", "[normalize]") {
  CHECK(Power(Number::Rational(2, 3), Number::Rational(3, 1)).ToString() == "8/27");
  CHECK(Power(Number::Rational(2, 1), Number::Rational(-2, 1)).ToString() == "1/4");
  CHECK(Power(Number::Rational(4, 9), Number::Rational(1, 2)).ToString() == "2/3");
  CHECK(Power(Number::Rational(-8, 1), Number::Rational(1, 3)).ToString() == "-2");
  CHECK(Power(Number::Rational(8, 1), Number::Rational(2, 3)).ToString() == "4");
  CHECK(Power(Number::Rational(0, 1), Number::Rational(0, 1)).ToString() == "1");
  CHECK(Power(Number::Rational(-1, 1), Number::Rational(kMax, 1)).ToString() == "-1");
  Number root2 = Power(Number::Rational(2, 1), Number::Rational(1, 2));
  CHECK_FALSE(root2.is_exact());
  CHECK(root2.value() == Approx(std::sqrt(2.0)));
  // A negative base with an even root is not real.
  CHECK(std::isnan(Power(Number::Rational(-2, 1), Number::Rational(1, 2)).value()));
}

TEST_CASE("huge powers, factorials and binomials never overflow to inf", "[normalize]") {
  [] {
    CHECK(std::isnan(Power(Number::Rational(10, 1), Number::Rational(100000, 1)).value()));
    CHECK(std::isnan(Power(Number::Rational(2, 1), Number::Rational(kMax, 1)).value()));
    CHECK(Power(Number::Rational(1, 2), Number::Rational(kMax, 1)).value() == 0.0);
    CHECK(std::isnan(Factorial(Number::Rational(1000000, 1)).value()));
    Number b = Binomial(Number::Rational(1000000000, 1), Number::Rational(500000000, 1));
    CHECK_FALSE(std::isfinite(b.value()));
  }();
  CHECK(Factorial(Number::Rational(20, 1)).ToString() == "2432902008176640000");
  CHECK_FALSE(Factorial(Number::Rational(21, 1)).is_exact());
  CHECK(std::isnan(Factorial(Number::Rational(1, 2)).value()));
  CHECK(Binomial(Number::Rational(52, 1), Number::Rational(5, 1)).ToString() == "2598960");
  CHECK(Binomial(Number::Rational(5, 1), Number::Rational(7, 1)).ToString() == "0");
}

TEST_CASE("ParseNumber reads numbers as people write them", "[normalize]") {
  CHECK(Parsed("$1,250.") == "1250");
  CHECK(Parsed("1,250") == "1250");
  CHECK(Parsed("1,25") == "null");
  CHECK(Parsed("10{,}000") == "10000");
  CHECK(Parsed("0.25") == "1/4");
  CHECK(Parsed("25%") == "25");
  NumberOptions fraction;
  fraction.percent_is_fraction = true;
  CHECK(Parsed("25%", fraction) == "1/4");
  CHECK(Parsed("\xE2\x88\x92"
               "7") == "-7");                         // U+2212
  CHECK(Parsed("\xEF\xBC\x97\xEF\xBC\x90") == "70");  // full-width 7 0
  CHECK(Parsed("1.5e3") == "1500");
  CHECK(Parsed("1e-18") == "1/1000000000000000000");
}

TEST_CASE("ParseNumber's fast paths read numbers as its general path does", "[normalize]") {
  // A leading space sends a text down the general path; plain digits and
  // plain decimals take the fast ones. Both must give the same Number.
  std::mt19937 rng(20261203);
  const std::string_view alphabet = "0123456789.-";
  size_t parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t n = 1 + static_cast<size_t>(round % 24);
    for (size_t i = 0; i < n; ++i) text.push_back(alphabet[rng() % alphabet.size()]);
    if (round % 3 == 0) text.erase(std::remove(text.begin(), text.end(), '-'), text.end());
    if (text.empty()) continue;
    const std::optional<Number> fast = ParseNumber(text);
    const std::optional<Number> general = ParseNumber(" " + text);
    INFO("\"" << text << "\"");
    REQUIRE(fast.has_value() == general.has_value());
    if (!fast) continue;
    ++parsed;
    REQUIRE(fast->is_exact() == general->is_exact());
    REQUIRE(fast->ToString() == general->ToString());
  }
  for (std::string_view text : {"-7.5", "7.50", "-0", "-0.0", "00012.500", "123456789012345678",
                                "1234567890123456789", "-99999999999999999.5", "0.000001"}) {
    INFO(text);
    REQUIRE(ParseNumber(text).has_value());
    CHECK(ParseNumber(text)->ToString() == ParseNumber(" " + std::string(text))->ToString());
  }
  CHECK(parsed > 2000);
}

TEST_CASE("ParseNumber keeps 20-digit exponents exact only while they fit", "[normalize]") {
  // 10^-20 does not fit a 64-bit denominator: it becomes a double.
  std::optional<Number> n = ParseNumber("1e-20");
  REQUIRE(n.has_value());
  CHECK(n->value() == 1e-20);
}

TEST_CASE("ParseNumber units are whole words from the list", "[normalize]") {
  NumberOptions units;
  units.units = {"cm", "km/h"};
  CHECK(Parsed("5 cm", units) == "5");
  CHECK(Parsed("5 CM.", units) == "5");
  CHECK(Parsed("60 km/h", units) == "60");
  CHECK(Parsed("5 cms", units) == "null");
  NumberOptions any;
  any.drop_any_trailing_word = true;
  CHECK(Parsed("12 dollars", any) == "12");
  CHECK(Parsed("12dollars", any) == "null");
}

TEST_CASE("ParseNumber handles 10 MB inputs", "[normalize]") {
  const size_t n = 10u << 20;
  [&] {
    CHECK(ParseNumber(std::string(n, '7')).has_value());
    CHECK_FALSE(ParseNumber(Repeat("1,", n / 2)).has_value());
    CHECK(ParseNumber("1" + Repeat(",000", n / 4)).has_value());
    CHECK_FALSE(ParseNumber("1" + Repeat(",000", n / 4) + ",00").has_value());
    CHECK(ParseNumber("0." + std::string(n, '3')).has_value());
  }();
  std::optional<Number> digits = ParseNumber(std::string(400, '9'));
  REQUIRE(digits.has_value());
  CHECK(std::isnan(digits->value()));  // 10^400 overflows a double
}

TEST_CASE("NormalizeText follows SQuAD with two fixes", "[normalize]") {
  CHECK(NormalizeText("The  Quick, brown FOX.") == "quick brown fox");
  CHECK(NormalizeText("a") == "a");
  CHECK(NormalizeText("3.5") != NormalizeText("35"));
  CHECK(NormalizeText("end.") == "end");
  TextOptions none{false, false, false, false};
  CHECK(NormalizeText(" The X. ", none) == " The X. ");
}

TEST_CASE("NormalizeLatex canonicalises presentation", "[normalize]") {
  CHECK(NormalizeLatex("\\dfrac{\\pi}{2}") == NormalizeLatex("\\frac\\pi2"));
  CHECK(NormalizeLatex("\\sqrt3") == "\\sqrt{3}");
  CHECK(NormalizeLatex("$\\boxed{\\text{(C)}}$.") == "(C)");
  CHECK(NormalizeLatex("\\left[ 1, 2 \\right)") == "[1,2)");
  CHECK(NormalizeLatex("\\$1{,}000") == "1000");
  LatexOptions keep;
  keep.strip_dollars = false;
  CHECK(NormalizeLatex("\\$5", keep) == "\\$5");
}

TEST_CASE("NormalizeLatex survives hostile input", "[normalize]") {
  const size_t n = 10u << 20;
  [&] {
    CHECK(NormalizeLatex(Repeat("{", n)).size() == n);
    CHECK(NormalizeLatex(Repeat("}", n)).size() == n);
    CHECK(NormalizeLatex(Repeat("\\frac", n / 5)).size() == n);
    CHECK(NormalizeLatex(Repeat("\\text{", n / 6)).empty());
    // The last one is taken for a unit after the others.
    CHECK(NormalizeLatex(Repeat("\\text{a}", n / 8)).size() == n / 8 - 1);
    CHECK(NormalizeLatex(Repeat("1,000", n / 5)).size() > 0);
    CHECK(NormalizeLatex(Repeat("\\sqrt", n / 5)).size() == n);
    CHECK(NormalizeLatex(Repeat("\\left", n / 5)).empty());
    CHECK(NormalizeLatex(std::string(n, '\\')).size() > 0);
    CHECK(NormalizeText(Repeat("a the ", n / 6)).empty() == false);
  }();
}

TEST_CASE("normalizers never read past the end of truncated input", "[normalize]") {
  // Every prefix of inputs that end in the middle of a construct.
  const std::string samples[] = {
      "\\frac{1}{2",  "\\sqrt[3", "10{,",     "10,\\!", "\\text{ cm", "^{\\circ",
      "\\left",       "\xE2\x88", "\xEF\xBC", "\xC2",   "$1,000.5e",  "\\begin{pmatrix}1\\\\",
      "1\\times10^{",
  };
  for (const std::string& s : samples) {
    for (size_t k = 0; k <= s.size(); ++k) {
      std::string prefix = s.substr(0, k);
      (void)NormalizeLatex(prefix);
      (void)NormalizeText(prefix);
      (void)ParseNumber(prefix);
      (void)internal::ParseMath(NormalizeLatex(prefix));
    }
  }
  SUCCEED();
}

}  // namespace
}  // namespace rewardkit
