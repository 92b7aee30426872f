// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Number, its exact arithmetic, and ParseNumber: a hand-written linear
// scanner for numbers as models and references write them.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "ascii.h"
#include "math_expr.h"
#include "rewardkit/normalize.h"

namespace rewardkit {
namespace {

// 128-bit integers hold the products of two 64-bit parts; `__extension__`
// keeps -Wpedantic quiet about the GNU type.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

UInt128 AbsU(Int128 v) {
  return v < 0 ? static_cast<UInt128>(-(v + 1)) + 1 : static_cast<UInt128>(v);
}

UInt128 Gcd(UInt128 a, UInt128 b) {
  if ((a >> 64) == 0 && (b >> 64) == 0) {
    // Most numbers fit 64 bits, where division is a single instruction and
    // not a call into libgcc's 128-bit routines.
    return std::gcd(static_cast<uint64_t>(a), static_cast<uint64_t>(b));
  }
  while (b != 0) {
    UInt128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

double ToDouble(Int128 v) { return static_cast<double>(v); }

// Reduces num/den (den != 0, |den| <= 2^126 so that negation cannot
// overflow) to lowest terms with a positive denominator.
void Reduce(Int128* num, Int128* den) {
  if (*den < 0) {
    *num = -*num;
    *den = -*den;
  }
  UInt128 g = Gcd(AbsU(*num), static_cast<UInt128>(*den));
  if (g > 1) {
    *num /= static_cast<Int128>(g);
    *den /= static_cast<Int128>(g);
  }
}

// Whether reduced parts fit an exact Number (the numerator is kept away from
// INT64_MIN so that negation is always safe).
bool FitsInt64(Int128 num, Int128 den) {
  return num >= -kInt64Max && num <= kInt64Max && den <= kInt64Max;
}

// Returns num/den reduced, exact when both parts fit in int64.
Number FromInt128(Int128 num, Int128 den) {
  if (den == 0) {
    return Number::Real(num == 0 ? kNaN : (num > 0 ? kInf : -kInf));
  }
  Reduce(&num, &den);
  if (FitsInt64(num, den)) {
    return Number::Rational(static_cast<int64_t>(num), static_cast<int64_t>(den));
  }
  return Number::Real(ToDouble(num) / ToDouble(den));
}

// An inexact result that overflowed from finite operands is not a value.
Number Inexact(double result, double x, double y) {
  if (std::isinf(result) && std::isfinite(x) && std::isfinite(y)) return Number::Real(kNaN);
  return Number::Real(result);
}

// base^exp for exp >= 0 when the result fits in 63 bits.
std::optional<UInt128> CheckedPow(UInt128 base, uint64_t exp) {
  UInt128 result = 1;
  const UInt128 limit = static_cast<UInt128>(kInt64Max);
  for (uint64_t i = 0; i < exp; ++i) {
    result *= base;
    if (result > limit) return std::nullopt;
  }
  return result;
}

// The exact k-th root of x, when x is a perfect k-th power.
std::optional<uint64_t> ExactRoot(uint64_t x, uint64_t k) {
  if (x <= 1 || k == 1) return x;
  double guess = std::pow(static_cast<double>(x), 1.0 / static_cast<double>(k));
  if (!std::isfinite(guess) || guess > 4e9) return std::nullopt;
  int64_t r = std::llround(guess);
  for (int64_t c = std::max<int64_t>(r - 1, 1); c <= r + 1; ++c) {
    std::optional<UInt128> p = CheckedPow(static_cast<UInt128>(c), k);
    if (p && *p == x) return static_cast<uint64_t>(c);
  }
  return std::nullopt;
}

}  // namespace

// -----------------------------------------------------------------------------
// Number
// -----------------------------------------------------------------------------

Number Number::Rational(int64_t num, int64_t den) {
  if (den == 0) return FromInt128(num, 0);
  if (den == 1 && num != std::numeric_limits<int64_t>::min()) {
    // A whole number, most answers: already in lowest terms.
    Number out;
    out.exact_ = true;
    out.num_ = num;
    out.den_ = 1;
    out.value_ = static_cast<double>(num);
    return out;
  }
  Int128 n = num;
  Int128 d = den;
  Reduce(&n, &d);
  if (!FitsInt64(n, d)) return Real(ToDouble(n) / ToDouble(d));
  Number out;
  out.exact_ = true;
  out.num_ = static_cast<int64_t>(n);
  out.den_ = static_cast<int64_t>(d);
  out.value_ = static_cast<double>(out.num_) / static_cast<double>(out.den_);
  return out;
}

Number Number::Real(double value) {
  Number out;
  out.exact_ = false;
  out.value_ = value;
  return out;
}

std::string Number::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

void Number::AppendTo(std::string* out) const {
  // "-9223372036854775808/9223372036854775807" at most, or the shortest
  // round-trip form of a double: written into a buffer, appended once.
  char buf[64];
  char* end = buf;
  if (exact_) {
    end = std::to_chars(buf, buf + 20, num_).ptr;  // 20: an int64's digits and sign
    if (den_ != 1) {
      *end++ = '/';
      end = std::to_chars(end, buf + sizeof buf, den_).ptr;
    }
  } else if (std::isnan(value_)) {
    end = std::copy_n("nan", 3, buf);
  } else if (std::isinf(value_)) {
    end = value_ > 0 ? std::copy_n("inf", 3, buf) : std::copy_n("-inf", 4, buf);
  } else {
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value_);
    end = ec == std::errc() ? p : std::copy_n("nan", 3, buf);
  }
  out->append(buf, static_cast<size_t>(end - buf));
}

bool NumbersEqual(const Number& a, const Number& b, const Tolerance& tolerance) {
  if (a.is_exact() && b.is_exact()) {
    if (a.numerator() == b.numerator() && a.denominator() == b.denominator()) return true;
    // Only an explicit absolute tolerance loosens exact numbers: the default
    // relative one would make 1000000000 equal 1000000001.
    if (tolerance.absolute <= 0.0) return false;
    double d = std::fabs(internal::Subtract(a, b).value());
    return d <= tolerance.absolute;
  }
  double x = a.value();
  double y = b.value();
  if (std::isnan(x) || std::isnan(y)) return false;
  if (x == y) return true;  // also equal infinities
  if (std::isinf(x) || std::isinf(y)) return false;
  double diff = std::fabs(x - y);
  double scale = std::max(std::fabs(x), std::fabs(y));
  return diff <= std::max(tolerance.absolute, tolerance.relative * scale);
}

// -----------------------------------------------------------------------------
// Arithmetic
// -----------------------------------------------------------------------------

namespace internal {

Number Add(const Number& a, const Number& b) {
  if (a.is_exact() && b.is_exact()) {
    return FromInt128(static_cast<Int128>(a.numerator()) * b.denominator() +
                          static_cast<Int128>(b.numerator()) * a.denominator(),
                      static_cast<Int128>(a.denominator()) * b.denominator());
  }
  return Inexact(a.value() + b.value(), a.value(), b.value());
}

Number Negate(const Number& a) {
  if (a.is_exact()) return Number::Rational(-a.numerator(), a.denominator());
  return Number::Real(-a.value());
}

Number Subtract(const Number& a, const Number& b) { return Add(a, Negate(b)); }

Number Multiply(const Number& a, const Number& b) {
  if (a.is_exact() && b.is_exact()) {
    return FromInt128(static_cast<Int128>(a.numerator()) * b.numerator(),
                      static_cast<Int128>(a.denominator()) * b.denominator());
  }
  return Inexact(a.value() * b.value(), a.value(), b.value());
}

Number Divide(const Number& a, const Number& b) {
  if (IsZero(b)) return Number::Real(kNaN);
  if (a.is_exact() && b.is_exact()) {
    return FromInt128(static_cast<Int128>(a.numerator()) * b.denominator(),
                      static_cast<Int128>(a.denominator()) * b.numerator());
  }
  return Inexact(a.value() / b.value(), a.value(), b.value());
}

bool IsZero(const Number& a) { return a.is_exact() ? a.numerator() == 0 : a.value() == 0.0; }

bool IsFinite(const Number& a) { return a.is_exact() || std::isfinite(a.value()); }

namespace {

// a^e for an exact a and an integer e, exact when it fits.
Number IntegerPower(const Number& a, int64_t e) {
  if (a.numerator() == 0) {
    if (e == 0) return Number::Rational(1, 1);
    return e > 0 ? Number::Rational(0, 1) : Number::Real(kNaN);
  }
  if (a.denominator() == 1 && (a.numerator() == 1 || a.numerator() == -1)) {
    return Number::Rational((a.numerator() == -1 && (e % 2 != 0)) ? -1 : 1, 1);
  }
  // Beyond 2^63 the result of any other base is not exact anyway.
  if (e >= -64 && e <= 64) {
    uint64_t k = static_cast<uint64_t>(e < 0 ? -e : e);
    std::optional<UInt128> n = CheckedPow(AbsU(a.numerator()), k);
    std::optional<UInt128> d = CheckedPow(static_cast<UInt128>(a.denominator()), k);
    if (n && d) {
      Int128 sn = static_cast<Int128>(*n);
      if (a.numerator() < 0 && (k % 2 == 1)) sn = -sn;
      Int128 sd = static_cast<Int128>(*d);
      return e < 0 ? FromInt128(sd * (sn < 0 ? -1 : 1), sn < 0 ? -sn : sn) : FromInt128(sn, sd);
    }
  }
  double x = a.value();
  return Inexact(std::pow(x, static_cast<double>(e)), x, 1.0);
}

}  // namespace

Number Power(const Number& a, const Number& b) {
  if (a.is_exact() && b.is_exact()) {
    if (b.denominator() == 1) return IntegerPower(a, b.numerator());
    // A rational exponent p/q: exact when the base is a perfect q-th power.
    int64_t q = b.denominator();
    if (q <= 64 && (a.numerator() >= 0 || q % 2 == 1)) {
      std::optional<uint64_t> rn =
          ExactRoot(static_cast<uint64_t>(AbsU(a.numerator())), static_cast<uint64_t>(q));
      std::optional<uint64_t> rd =
          ExactRoot(static_cast<uint64_t>(a.denominator()), static_cast<uint64_t>(q));
      if (rn && rd) {
        int64_t n = static_cast<int64_t>(*rn);
        Number root = Number::Rational(a.numerator() < 0 ? -n : n, static_cast<int64_t>(*rd));
        return IntegerPower(root, b.numerator());
      }
    }
    // An odd root of a negative number is real: (-x)^{p/q} = (-1)^p x^{p/q}.
    if (a.numerator() < 0 && q % 2 == 1) {
      double r = std::pow(-a.value(), b.value());
      return Inexact(b.numerator() % 2 != 0 ? -r : r, a.value(), b.value());
    }
  }
  double x = a.value();
  double y = b.value();
  return Inexact(std::pow(x, y), x, y);
}

Number Factorial(const Number& n) {
  if (!n.is_exact() || n.denominator() != 1 || n.numerator() < 0) return Number::Real(kNaN);
  int64_t k = n.numerator();
  if (k <= 20) {
    int64_t result = 1;
    for (int64_t i = 2; i <= k; ++i) result *= i;
    return Number::Rational(result, 1);
  }
  if (k <= 170) return Number::Real(std::tgamma(static_cast<double>(k) + 1.0));
  return Number::Real(kNaN);
}

Number Binomial(const Number& n, const Number& k) {
  if (!n.is_exact() || !k.is_exact() || n.denominator() != 1 || k.denominator() != 1 ||
      n.numerator() < 0) {
    return Number::Real(kNaN);
  }
  int64_t nn = n.numerator();
  int64_t kk = k.numerator();
  if (kk < 0 || kk > nn) return Number::Rational(0, 1);
  kk = std::min(kk, nn - kk);
  if (kk <= 1000) {
    // C(n, i+1) = C(n, i) * (n - i) / (i + 1) stays an integer at every step.
    Int128 result = 1;
    bool fits = true;
    for (int64_t i = 0; i < kk; ++i) {
      result = result * (nn - i) / (i + 1);
      if (result > kInt64Max) {
        fits = false;
        break;
      }
    }
    if (fits) return Number::Rational(static_cast<int64_t>(result), 1);
  }
  double x = static_cast<double>(nn);
  double y = static_cast<double>(kk);
  double r = std::exp(std::lgamma(x + 1) - std::lgamma(y + 1) - std::lgamma(x - y + 1));
  return Inexact(r, 0.0, 0.0);
}

Number Floor(const Number& a) {
  if (a.is_exact()) {
    int64_t q = a.numerator() / a.denominator();
    if (a.numerator() % a.denominator() != 0 && a.numerator() < 0) --q;
    return Number::Rational(q, 1);
  }
  return Number::Real(std::floor(a.value()));
}

Number Ceil(const Number& a) { return Negate(Floor(Negate(a))); }

Number Abs(const Number& a) {
  if (a.is_exact()) return a.numerator() < 0 ? Negate(a) : a;
  return Number::Real(std::fabs(a.value()));
}

Number NumberFromDecimal(std::string_view int_digits, std::string_view frac_digits, int64_t exp10) {
  while (!int_digits.empty() && int_digits.front() == '0') int_digits.remove_prefix(1);
  while (!frac_digits.empty() && frac_digits.back() == '0') frac_digits.remove_suffix(1);
  if (int_digits.empty() && frac_digits.empty()) return Number::Rational(0, 1);
  // Keep the exponent far from overflow; beyond +-10^6 the value is 0 or inf.
  constexpr int64_t kExpLimit = 1000000;
  exp10 = std::clamp<int64_t>(exp10, -kExpLimit, kExpLimit);
  if (int_digits.size() + frac_digits.size() <= 18) {
    int64_t v = 0;
    for (char c : int_digits) v = v * 10 + (c - '0');
    for (char c : frac_digits) v = v * 10 + (c - '0');
    int64_t scale = exp10 - static_cast<int64_t>(frac_digits.size());
    if (scale >= 0 && scale <= 18) {
      Int128 p = v;
      for (int64_t i = 0; i < scale && p <= kInt64Max; ++i) p *= 10;
      if (p <= kInt64Max) return Number::Rational(static_cast<int64_t>(p), 1);
    } else if (scale < 0 && scale >= -18) {
      int64_t d = 1;
      for (int64_t i = 0; i < -scale; ++i) d *= 10;
      return Number::Rational(v, d);
    }
  }
  // Inexact: at most 800 significant digits go to the double conversion,
  // which is far more than correct rounding needs in practice and keeps a
  // 10 MB run of digits linear.
  constexpr size_t kMaxDigits = 800;
  std::string buf;
  int64_t dropped = 0;
  if (int_digits.size() > kMaxDigits) {
    dropped = static_cast<int64_t>(int_digits.size() - kMaxDigits);
    buf.assign(int_digits.substr(0, kMaxDigits));
    frac_digits = {};
  } else {
    buf.assign(int_digits);
    buf.push_back('.');
    size_t room = kMaxDigits - int_digits.size();
    buf.append(frac_digits.substr(0, std::min(room + 400, frac_digits.size())));
  }
  int64_t e = std::clamp<int64_t>(exp10 + dropped, -kExpLimit, kExpLimit);
  buf.push_back('e');
  buf.append(std::to_string(e));
  double value = 0;
  auto [ptr, ec] = std::from_chars(buf.data(), buf.data() + buf.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Too large is not a value (see Inexact); too small is zero.
    int64_t magnitude = static_cast<int64_t>(int_digits.size()) + exp10;
    value = magnitude > 0 ? kNaN : 0.0;
  } else if (ec != std::errc()) {
    value = kNaN;
  }
  return Number::Real(value);
}

}  // namespace internal

// -----------------------------------------------------------------------------
// ParseNumber
// -----------------------------------------------------------------------------

namespace {

// Stands for any currency sign after ToAsciiForm.
constexpr char kCurrency = '\x01';

using internal::EqualsIgnoreCase;
using internal::IsDigit;
using internal::IsLetter;
using internal::IsSpace;

// Maps the non-ASCII characters ParseNumber understands to ASCII: unicode
// and full-width minus, full-width digits and punctuation, currency signs
// (to kCurrency) and non-breaking spaces. Other bytes are kept.
std::string ToAsciiForm(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      if (c == '\\' && i + 1 < text.size() && text[i + 1] == '$') ++i;  // \$
      s.push_back(text[i] == '$' ? kCurrency : static_cast<char>(c));
      continue;
    }
    size_t rest = text.size() - i;
    if (c == 0xC2 && rest >= 2) {
      unsigned char d = byte(i + 1);
      if (d == 0xA3 || d == 0xA5) {  // £ ¥
        s.push_back(kCurrency);
        ++i;
        continue;
      }
      if (d == 0xA0) {  // no-break space
        s.push_back(' ');
        ++i;
        continue;
      }
    }
    if (c == 0xE2 && rest >= 3) {
      unsigned char d = byte(i + 1);
      unsigned char e = byte(i + 2);
      if (d == 0x88 && e == 0x92) {  // U+2212 minus sign
        s.push_back('-');
        i += 2;
        continue;
      }
      if (d == 0x82 && e == 0xAC) {  // €
        s.push_back(kCurrency);
        i += 2;
        continue;
      }
      if (d == 0x80 && (e == 0x89 || e == 0xAF)) {  // thin and narrow no-break space
        s.push_back(' ');
        i += 2;
        continue;
      }
    }
    if (c == 0xEF && rest >= 3 && byte(i + 1) == 0xBC) {
      unsigned char e = byte(i + 2);
      char mapped = 0;
      if (e >= 0x90 && e <= 0x99) mapped = static_cast<char>('0' + (e - 0x90));
      if (e == 0x8E) mapped = '.';
      if (e == 0x8C) mapped = ',';
      if (e == 0x85) mapped = '%';
      if (e == 0x8B) mapped = '+';
      if (e == 0x8D) mapped = '-';
      if (e == 0x84) mapped = kCurrency;
      if (mapped != 0) {
        s.push_back(mapped);
        i += 2;
        continue;
      }
    }
    s.push_back(static_cast<char>(c));
  }
  return s;
}

// A cursor over the ASCII form.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  size_t pos() const { return pos_; }
  void set_pos(size_t pos) { pos_ = pos; }
  std::string_view rest() const { return s_.substr(pos_); }
  void Advance(size_t n = 1) { pos_ = std::min(s_.size(), pos_ + n); }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[pos_])) ++pos_;
  }
  bool Consume(std::string_view token) {
    if (s_.substr(pos_, token.size()) == token) {
      pos_ += token.size();
      return true;
    }
    return false;
  }
  std::string_view Digits() {
    size_t start = pos_;
    while (!AtEnd() && IsDigit(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  // A currency sign or code; the codes must not run into a letter.
  bool ConsumeCurrency() {
    const char c = Peek();
    if (c == kCurrency) {
      ++pos_;
      return true;
    }
    if (c != 'U' && c != 'E' && c != 'G') return false;  // most text: no code to compare
    for (std::string_view code : {"USD", "EUR", "GBP"}) {
      if (s_.substr(pos_, 3) == code && !IsLetter(Peek(3))) {
        pos_ += 3;
        return true;
      }
    }
    return false;
  }

  // The length of a thousands separator at the cursor: "," "{,}" ",\!" "\,"
  // (LaTeX spacing after a separator is allowed), or 0.
  size_t SeparatorLength() const {
    std::string_view r = rest();
    if (r.substr(0, 3) == "{,}") return 3;
    if (r.substr(0, 2) == "\\,") return 2;
    if (r.substr(0, 3) == ",\\!") {
      size_t n = 3;
      while (n < r.size() && r[n] == ' ') ++n;
      return n;
    }
    if (!r.empty() && r[0] == ',') return 1;
    return 0;
  }

  // Whether the cursor is at a separator followed by exactly three digits.
  bool AtThousandsGroup() const {
    size_t sep = SeparatorLength();
    if (sep == 0) return false;
    size_t p = pos_ + sep;
    for (size_t k = 0; k < 3; ++k) {
      if (p + k >= s_.size() || !IsDigit(s_[p + k])) return false;
    }
    return p + 3 >= s_.size() || !IsDigit(s_[p + 3]);
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// Reads an argument of \frac: an optionally signed integer in braces, or
// one bare digit as TeX reads it ("\frac12").
std::optional<std::string_view> FractionArgument(Scanner& sc, bool* negative) {
  *negative = false;
  sc.SkipSpace();
  if (!sc.Consume("{")) {
    if (!IsDigit(sc.Peek())) return std::nullopt;
    std::string_view digit = sc.rest().substr(0, 1);
    sc.Advance();
    return digit;
  }
  sc.SkipSpace();
  if (sc.Peek() == '-' || sc.Peek() == '+') {
    *negative = sc.Peek() == '-';
    sc.Advance();
  }
  std::string_view digits = sc.Digits();
  sc.SkipSpace();
  if (digits.empty() || !sc.Consume("}")) return std::nullopt;
  return digits;
}

// \frac{a}{b}, \dfrac and \tfrac of integers; the cursor stays put when
// there is none.
std::optional<Number> ParseLatexFraction(Scanner& sc) {
  size_t start = sc.pos();
  if (!(sc.Consume("\\frac") || sc.Consume("\\dfrac") || sc.Consume("\\tfrac"))) {
    return std::nullopt;
  }
  bool neg_num = false;
  bool neg_den = false;
  std::optional<std::string_view> num = FractionArgument(sc, &neg_num);
  std::optional<std::string_view> den = num ? FractionArgument(sc, &neg_den) : std::nullopt;
  if (!den) {
    sc.set_pos(start);
    return std::nullopt;
  }
  Number d = internal::NumberFromDecimal(*den, {}, 0);
  if (internal::IsZero(d)) {
    sc.set_pos(start);
    return std::nullopt;
  }
  Number q = internal::Divide(internal::NumberFromDecimal(*num, {}, 0), d);
  return neg_num != neg_den ? internal::Negate(q) : q;
}

// The exponent of "1.5e3", "1.5 \times 10^{3}", "2*10^-3".
std::optional<int64_t> ParseExponent(Scanner& sc) {
  size_t start = sc.pos();
  auto read_signed = [&]() -> std::optional<int64_t> {
    bool negative = false;
    if (sc.Peek() == '-' || sc.Peek() == '+') {
      negative = sc.Peek() == '-';
      sc.Advance();
    }
    std::string_view digits = sc.Digits();
    if (digits.empty()) return std::nullopt;
    int64_t e = 0;
    for (char c : digits) e = std::min<int64_t>(e * 10 + (c - '0'), 100000000);
    return negative ? -e : e;
  };
  if (sc.Peek() == 'e' || sc.Peek() == 'E') {
    sc.Advance();
    if (std::optional<int64_t> e = read_signed()) return e;
    sc.set_pos(start);
    return std::nullopt;
  }
  sc.SkipSpace();
  if (sc.Consume("\\times") || sc.Consume("\\cdot") || sc.Consume("*") || sc.Consume("\xC3\x97")) {
    sc.SkipSpace();
    if (sc.Consume("10^")) {
      sc.SkipSpace();
      bool braced = sc.Consume("{");
      std::optional<int64_t> e = read_signed();
      if (e && (!braced || sc.Consume("}"))) return e;
    }
  }
  sc.set_pos(start);
  return std::nullopt;
}

// Consumes a unit word (or with drop_any_trailing_word any one word) that
// makes up the rest of the input but for a final "." or ",".
bool ConsumeUnit(Scanner& sc, const NumberOptions& options) {
  size_t start = sc.pos();
  sc.SkipSpace();
  bool spaced = sc.pos() > start;
  std::string_view rest = sc.rest();
  while (!rest.empty() && IsSpace(rest.back())) rest.remove_suffix(1);
  if (!rest.empty() && (rest.back() == '.' || rest.back() == ',')) rest.remove_suffix(1);
  while (!rest.empty() && IsSpace(rest.back())) rest.remove_suffix(1);
  if (rest.empty()) {
    sc.set_pos(start);
    return false;
  }
  for (const std::string& unit : options.units) {
    if (!unit.empty() && EqualsIgnoreCase(rest, unit)) {
      sc.Advance(rest.size());
      return true;
    }
  }
  if (options.drop_any_trailing_word && spaced) {
    bool word = std::all_of(rest.begin(), rest.end(), [](char c) {
      return IsLetter(c) || static_cast<unsigned char>(c) >= 0x80;
    });
    if (word) {
      sc.Advance(rest.size());
      return true;
    }
  }
  sc.set_pos(start);
  return false;
}

}  // namespace

std::optional<Number> ParseNumber(std::string_view text, const NumberOptions& options) {
  // Most answers and references are plain whole numbers ("18"): for those
  // the general path below comes down to NumberFromDecimal, so go straight
  // there, without the scanner and its ASCII copy.
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return IsDigit(c); })) {
    if (text.size() <= 18) {  // fits an int64 as it is
      int64_t v = 0;
      for (char c : text) v = v * 10 + (c - '0');
      return Number::Rational(v, 1);
    }
    return internal::NumberFromDecimal(text, {}, 0);
  }
  // Next most common: a plain decimal, maybe negative ("-7.5"), which the
  // general path reads the same way, digits and all.
  {
    const bool negative = !text.empty() && text.front() == '-';
    const std::string_view body = text.substr(negative ? 1 : 0);
    const size_t point = body.find('.');
    const std::string_view whole = body.substr(0, point);
    const std::string_view frac =
        point == std::string_view::npos ? std::string_view() : body.substr(point + 1);
    auto digits = [](std::string_view d) {
      return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return IsDigit(c); });
    };
    if (digits(whole) && (point == std::string_view::npos || digits(frac))) {
      const Number value = internal::NumberFromDecimal(whole, frac, 0);
      return negative ? internal::Negate(value) : value;
    }
  }
  const std::string ascii = ToAsciiForm(text);
  Scanner sc(ascii);
  sc.SkipSpace();

  // A sign and a currency sign, in either order: "-$5", "$-5", "+5".
  bool negative = false;
  bool saw_sign = false;
  bool saw_currency = false;
  for (int k = 0; k < 2; ++k) {
    if (!saw_sign && (sc.Peek() == '-' || sc.Peek() == '+')) {
      negative = sc.Peek() == '-';
      saw_sign = true;
      sc.Advance();
      sc.SkipSpace();
    } else if (!saw_currency && sc.ConsumeCurrency()) {
      saw_currency = true;
      sc.SkipSpace();
    }
  }

  Number value = Number::Rational(0, 1);
  if (std::optional<Number> fraction = ParseLatexFraction(sc)) {
    value = *fraction;
  } else {
    // The mantissa, with thousands separators only where they group thousands.
    std::string int_buf;
    std::string_view first = sc.Digits();
    int_buf.assign(first);
    if (!first.empty() && sc.AtThousandsGroup()) {
      if (first.size() > 3 || first.front() == '0') return std::nullopt;
      while (sc.AtThousandsGroup()) {
        sc.Advance(sc.SeparatorLength());
        int_buf.append(sc.Digits());
      }
    }
    // A separator left before a digit does not group thousands: "1,2",
    // "1,00", "1,0000", "1,000,00".
    if (size_t sep = sc.SeparatorLength(); sep > 0 && !first.empty()) {
      std::string_view r = sc.rest();
      if (sep < r.size() && IsDigit(r[sep])) return std::nullopt;
    }
    std::string_view frac;
    bool has_point = false;
    if (sc.Peek() == '.' && (IsDigit(sc.Peek(1)) || !first.empty())) {
      has_point = true;
      sc.Advance();
      frac = sc.Digits();
    }
    if (first.empty() && frac.empty()) return std::nullopt;
    int64_t exp10 = 0;
    bool has_exponent = false;
    if (std::optional<int64_t> e = ParseExponent(sc)) {
      exp10 = *e;
      has_exponent = true;
    }
    value = internal::NumberFromDecimal(int_buf, frac, exp10);
    // A fraction a/b of integers.
    if (!has_point && !has_exponent) {
      size_t before = sc.pos();
      sc.SkipSpace();
      if (sc.Consume("/")) {
        sc.SkipSpace();
        std::string_view den = sc.Digits();
        if (den.empty()) return std::nullopt;
        Number d = internal::NumberFromDecimal(den, {}, 0);
        if (internal::IsZero(d)) return std::nullopt;
        value = internal::Divide(value, d);
      } else {
        sc.set_pos(before);
      }
    }
  }
  if (negative) value = internal::Negate(value);

  // Percent, a currency sign or code after the number, a unit word.
  size_t before = sc.pos();
  sc.SkipSpace();
  if (sc.Consume("\\%") || sc.Consume("%")) {
    if (options.percent_is_fraction) value = internal::Divide(value, Number::Rational(100, 1));
  } else {
    sc.set_pos(before);
  }
  before = sc.pos();
  sc.SkipSpace();
  if (saw_currency || !sc.ConsumeCurrency()) sc.set_pos(before);
  ConsumeUnit(sc, options);

  // A final "." or "," ends the sentence, not the number.
  sc.SkipSpace();
  if (sc.Peek() == '.' || sc.Peek() == ',') sc.Advance();
  sc.SkipSpace();
  if (!sc.AtEnd()) return std::nullopt;
  return value;
}

}  // namespace rewardkit
