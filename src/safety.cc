// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The blocklist and the PII detector of safety.h.
//
// The blocklist is one RE2::Set. The PII detector is a set of hand-written
// scanners, one per kind: each tries a match at candidate positions (a '@', a
// digit or '+' that starts a word, ...) and looks at a bounded window there,
// so every scan is linear in the text, whatever the text holds.

#include "rewardkit/safety.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ascii.h"
#include "fmt/format.h"
#include "re2/re2.h"
#include "re2/set.h"
#include "utf8.h"

namespace rewardkit {

// ---------------------------------------------------------------------------
// Blocklist

namespace {

constexpr size_t kNpos = std::string_view::npos;

// The word characters of BlocklistOptions::whole_words, as an RE2 class body.
#define RK_WORD_CLASS \
  "0-9A-Z_a-z\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{6FF}\\x{900}-\\x{97F}\\x{1E00}-\\x{1EFF}"
constexpr std::string_view kWholeWordBefore = "(?:\\A|[^" RK_WORD_CLASS "])(?:";
constexpr std::string_view kWholeWordAfter = ")(?:[^" RK_WORD_CLASS "]|\\z)";
#undef RK_WORD_CLASS

absl::Status BadPattern(size_t index, std::string_view message) {
  return absl::InvalidArgumentError(fmt::format("patterns/{}: {}", index, message));
}

// Returns true when RE2 parses `pattern` (parsing only: nothing is compiled).
bool Parses(const RE2::Options& options, const std::string& pattern) {
  RE2::Set probe(options, RE2::UNANCHORED);
  return probe.Add(re2::StringPiece(pattern.data(), pattern.size()), nullptr) >= 0;
}

// Lists of at most this many patterns also keep each pattern compiled alone.
constexpr size_t kMaxSingles = 16;

}  // namespace

struct Blocklist::Impl {
  RE2::Options options;
  // The patterns as added to the set (wrapped for whole words), kept so that
  // Match can fall back to one RE2 at a time if the set's automaton fails.
  std::vector<std::string> patterns;
  std::unique_ptr<RE2::Set> set;  // null for an empty list
  // Each pattern alone (short lists only; else empty). Once the set says
  // that a text matches, asking each of these whether it matches allocates
  // nothing, where asking the set which patterns match allocates a set of
  // indices every time.
  std::vector<std::unique_ptr<RE2>> singles;
};

Blocklist::Blocklist(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Blocklist::~Blocklist() = default;

absl::StatusOr<std::unique_ptr<Blocklist>> Blocklist::Create(
    const std::vector<std::string>& patterns, bool case_insensitive, bool whole_words) {
  BlocklistOptions options;
  options.case_insensitive = case_insensitive;
  options.whole_words = whole_words;
  return Create(patterns, options);
}

absl::StatusOr<std::unique_ptr<Blocklist>> Blocklist::Create(
    const std::vector<std::string>& patterns, const BlocklistOptions& options) {
  if (options.max_mem <= 0) {
    return absl::InvalidArgumentError(
        fmt::format("max_mem must be positive, not {}", options.max_mem));
  }
  if (patterns.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("too many patterns");
  }
  auto impl = std::make_unique<Impl>();
  impl->options.set_log_errors(false);
  impl->options.set_case_sensitive(!options.case_insensitive);
  impl->options.set_max_mem(options.max_mem);
  if (patterns.empty()) return std::unique_ptr<Blocklist>(new Blocklist(std::move(impl)));

  auto set = std::make_unique<RE2::Set>(impl->options, RE2::UNANCHORED);
  impl->patterns.reserve(patterns.size());
  std::string error;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string& pattern = patterns[i];
    if (internal::FindInvalidUtf8(pattern) != kNpos) return BadPattern(i, "not valid UTF-8");
    std::string compiled = pattern;
    if (options.whole_words) {
      // The pattern must parse alone, or "a)|(b" would escape the wrapper.
      RE2::Set alone(impl->options, RE2::UNANCHORED);
      error.clear();
      if (alone.Add(re2::StringPiece(pattern.data(), pattern.size()), &error) < 0) {
        return BadPattern(i, error);
      }
      // An unterminated \Q quote would swallow the wrapper: close it. A
      // pattern that is not inside a quote at its end cannot take a "\E".
      std::string body = pattern;
      if (pattern.find("\\Q") != std::string::npos) {
        if (Parses(impl->options, body + "\\E")) body += "\\E";
        if (Parses(impl->options, body + "\\E")) return BadPattern(i, "unterminated \\Q quote");
      }
      compiled = fmt::format("{}{}{}", kWholeWordBefore, body, kWholeWordAfter);
    }
    error.clear();
    if (set->Add(re2::StringPiece(compiled.data(), compiled.size()), &error) < 0) {
      return BadPattern(i, error);
    }
    impl->patterns.push_back(std::move(compiled));
  }
  if (!set->Compile()) {
    return absl::InvalidArgumentError(
        fmt::format("the {} patterns do not fit in the memory budget of {} bytes (max_mem)",
                    patterns.size(), options.max_mem));
  }
  // A pattern that matches the empty text matches every text.
  std::vector<int> empty_matches;
  if (set->Match(re2::StringPiece(), &empty_matches) && !empty_matches.empty()) {
    const int first = *std::min_element(empty_matches.begin(), empty_matches.end());
    return BadPattern(static_cast<size_t>(first),
                      "matches the empty text, so it would match every response");
  }
  impl->set = std::move(set);
  if (impl->patterns.size() > 1 && impl->patterns.size() <= kMaxSingles) {
    // Within the same budget, split among them; a pattern that does not fit
    // leaves the list to the set alone.
    RE2::Options single = impl->options;
    single.set_max_mem(options.max_mem / static_cast<int64_t>(impl->patterns.size()));
    for (const std::string& pattern : impl->patterns) {
      auto re = std::make_unique<RE2>(pattern, single);
      if (!re->ok()) {
        impl->singles.clear();
        break;
      }
      impl->singles.push_back(std::move(re));
    }
  }
  return std::unique_ptr<Blocklist>(new Blocklist(std::move(impl)));
}

void Blocklist::Match(std::string_view text, std::vector<int>* out) const {
  out->clear();
  if (impl_->set == nullptr) return;
  const re2::StringPiece input(text.data(), text.size());
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  // Most texts match nothing. Asked only whether any pattern matches, the
  // set stops at the first match and allocates nothing; asked which, it
  // allocates a set of indices. So find which only after a match: the one
  // pattern of a list of one, each pattern alone for a short list (an RE2
  // without submatches allocates nothing once its automaton has grown),
  // else the set.
  bool failed = false;
  if (impl_->set->Match(input, nullptr, &info)) {
    if (impl_->patterns.size() == 1) {
      out->push_back(0);
    } else if (!impl_->singles.empty()) {
      for (size_t i = 0; i < impl_->singles.size(); ++i) {
        if (RE2::PartialMatch(input, *impl_->singles[i])) out->push_back(static_cast<int>(i));
      }
    } else {
      failed = !impl_->set->Match(input, out, &info) && info.kind != RE2::Set::kNoError;
    }
  } else {
    failed = info.kind != RE2::Set::kNoError;
  }
  if (failed) {
    // The set's DFA has no fallback; it fails only when one automaton state
    // outgrows the budget. Then match pattern by pattern, each RE2 falling
    // back to its NFA: slow, but the answer is the same.
    out->clear();
    for (size_t i = 0; i < impl_->patterns.size(); ++i) {
      const RE2 re(impl_->patterns[i], impl_->options);
      if (re.ok() && RE2::PartialMatch(input, re)) out->push_back(static_cast<int>(i));
    }
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

bool Blocklist::MatchesAny(std::string_view text) const {
  if (impl_->set == nullptr) return false;
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  if (impl_->set->Match(re2::StringPiece(text.data(), text.size()), nullptr, &info)) return true;
  if (info.kind == RE2::Set::kNoError) return false;
  std::vector<int> matched;  // the set failed: Match falls back
  Match(text, &matched);
  return !matched.empty();
}

size_t Blocklist::size() const { return impl_->patterns.size(); }

// ---------------------------------------------------------------------------
// PII

namespace {

using internal::IsDigit;
using internal::IsLetter;
using internal::IsUpper;
using internal::IsWordChar;

constexpr bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr int DigitValue(char c) { return c - '0'; }

// The byte at `i`, or '\0' past the end.
char At(std::string_view t, size_t i) { return i < t.size() ? t[i] : '\0'; }

// Whether the byte before `i` is a word character.
bool WordBefore(std::string_view t, size_t i) { return i > 0 && IsWordChar(t[i - 1]); }

// Whether the byte at `i` is a word character.
bool WordAt(std::string_view t, size_t i) { return i < t.size() && IsWordChar(t[i]); }

// Whether a candidate at `i` would continue a dashed or dotted number
// ("12-" or "3." right before it).
bool ContinuesNumber(std::string_view t, size_t i) {
  return i >= 2 && (t[i - 1] == '-' || t[i - 1] == '.') && IsDigit(t[i - 2]);
}

// Whether a candidate ending at `end` is followed by more of a dashed or
// dotted number ("-7", ".5").
bool NumberGoesOn(std::string_view t, size_t end) {
  const char c = At(t, end);
  return (c == '-' || c == '.') && IsDigit(At(t, end + 1));
}

// The number of digits at t[i...], counting at most `max` + 1 of them, so that
// a result above `max` means "too many".
size_t CountDigits(std::string_view t, size_t i, size_t max) {
  size_t n = 0;
  while (i + n < t.size() && n <= max && IsDigit(t[i + n])) ++n;
  return n;
}

// The value of the `n` digits at t[i...].
int DigitsValue(std::string_view t, size_t i, size_t n) {
  int v = 0;
  for (size_t k = 0; k < n; ++k) v = v * 10 + DigitValue(t[i + k]);
  return v;
}

// ---- e-mail

constexpr bool IsLocalChar(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Returns the end of a valid domain starting at `p`, or kNpos.
size_t MatchDomain(std::string_view t, size_t p) {
  size_t i = p;
  size_t labels = 0;
  size_t first_end = p;
  size_t last_start = p;
  while (true) {
    const size_t start = i;
    while (i < t.size() && (IsAlnum(t[i]) || t[i] == '-') && i - start <= 63) ++i;
    if (i == start || i - start > 63) return kNpos;
    if (t[start] == '-' || t[i - 1] == '-') return kNpos;
    if (i - p > 253) return kNpos;
    if (labels++ == 0) first_end = i;
    last_start = start;
    if (At(t, i) == '.' && IsAlnum(At(t, i + 1))) {
      ++i;
      continue;
    }
    break;
  }
  if (labels < 2 || i - last_start < 2) return kNpos;
  for (size_t k = last_start; k < i; ++k) {
    if (!IsLetter(t[k])) return kNpos;
  }
  if (WordAt(t, i) || At(t, i) == '@') return kNpos;
  // "icon@2x.png" names an image, not a mailbox.
  if (labels == 2 && first_end - p >= 2 && t[first_end - 1] == 'x') {
    bool digits = true;
    for (size_t k = p; k + 1 < first_end; ++k) digits = digits && IsDigit(t[k]);
    if (digits) return kNpos;
  }
  return i;
}

void ScanEmails(std::string_view t, PiiKind kind, std::vector<PiiHit>* out) {
  size_t from = 0;
  while (from < t.size()) {
    const void* p = std::memchr(t.data() + from, '@', t.size() - from);
    if (p == nullptr) return;
    const size_t at = static_cast<size_t>(static_cast<const char*>(p) - t.data());
    from = at + 1;
    size_t l = at;
    while (l > 0 && at - l < 65 && IsLocalChar(t[l - 1])) --l;
    if (at - l > 64) continue;
    while (l < at && t[l] == '.') ++l;
    for (size_t k = at; k > l + 1; --k) {  // after the last "..", if any
      if (t[k - 1] == '.' && t[k - 2] == '.') {
        l = k;
        break;
      }
    }
    if (l == at || t[at - 1] == '.') continue;
    if (l > 0 && t[l - 1] == '@') continue;  // "a@b.com@c.com" is no address
    const size_t end = MatchDomain(t, at + 1);
    if (end == kNpos) continue;
    out->push_back({kind, l, end - l});
    from = end;
  }
}

// ---- phone

constexpr bool IsPhoneSeparator(char c) { return c == ' ' || c == '-' || c == '.'; }

// Whether t[q...] is a NANP area code or exchange: [2-9] then two digits.
bool IsNxx(std::string_view t, size_t q) {
  return q + 3 <= t.size() && t[q] >= '2' && t[q] <= '9' && IsDigit(t[q + 1]) && IsDigit(t[q + 2]);
}

// Matches a NANP number without its "1"/"+1" prefix at `p`: "(415) 555-0132",
// "415-555-0132", "415.555.0132", and "415 555 0132" when `spaced`. Returns
// its end, or kNpos.
size_t MatchNanp(std::string_view t, size_t p, bool spaced) {
  size_t q = p;
  char sep = '\0';
  if (At(t, q) == '(') {
    if (!IsNxx(t, q + 1) || At(t, q + 4) != ')') return kNpos;
    q += 5;
    if (At(t, q) == ' ' || At(t, q) == '-') ++q;
    if (!IsNxx(t, q)) return kNpos;
    q += 3;
    sep = At(t, q);
    if (!IsPhoneSeparator(sep)) return kNpos;
  } else {
    if (!IsNxx(t, q)) return kNpos;
    q += 3;
    const char first = At(t, q);
    if (!(first == '-' || first == '.' || (first == ' ' && spaced))) return kNpos;
    ++q;
    if (!IsNxx(t, q)) return kNpos;
    q += 3;
    sep = At(t, q);
    if (sep != first) return kNpos;
  }
  ++q;
  if (CountDigits(t, q, 4) != 4) return kNpos;
  q += 4;
  if (WordAt(t, q) || NumberGoesOn(t, q)) return kNpos;
  return q;
}

// Matches an international number at the '+' at `i`: compact E.164 or groups.
// Returns its end, or kNpos.
size_t MatchInternational(std::string_view t, size_t i) {
  size_t q = i + 1;
  const size_t country = CountDigits(t, q, 15);
  if (country == 0 || country > 15 || t[q] == '0') return kNpos;
  q += country;
  if (country > 3) {  // compact: "+14155550132"
    if (country < 9 || WordAt(t, q) || NumberGoesOn(t, q)) return kNpos;
    return q;
  }
  size_t digits = country;
  size_t groups = 0;  // after the country code, not counting a "(0)"
  bool paren_used = false;
  bool after_paren = false;
  while (true) {
    size_t r = q;
    const bool has_sep = IsPhoneSeparator(At(t, r));
    if (has_sep) ++r;
    const bool open = !paren_used && At(t, r) == '(';
    if (open) ++r;
    const size_t n = CountDigits(t, r, 8);
    if (n == 0 || n > 8) break;
    if (open && At(t, r + n) != ')') break;
    if (!has_sep && !open && !after_paren) break;
    const bool trunk = open && n == 1 && t[r] == '0';  // "+44 (0)20 ..."
    if (!trunk) {
      if (n == 1 && groups > 0) break;
      if (digits + n > 15) break;
      digits += n;
      ++groups;
    }
    q = r + n;
    after_paren = open;
    if (open) {
      ++q;
      paren_used = true;
    }
  }
  if (groups == 0 || digits < 9 || after_paren || WordAt(t, q)) return kNpos;
  return q;
}

// Returns the end of a phone number starting at `i`, or kNpos.
size_t MatchPhone(std::string_view t, size_t i) {
  const char c = t[i];
  if (WordBefore(t, i) || ContinuesNumber(t, i)) return kNpos;
  if (c == '+') {
    if (i > 0 && t[i - 1] == '+') return kNpos;
    if (At(t, i + 1) == '1') {
      const char s = At(t, i + 2);
      size_t end = kNpos;
      if (IsPhoneSeparator(s)) {
        end = MatchNanp(t, i + 3, /*spaced=*/true);
      } else if (s == '(') {
        end = MatchNanp(t, i + 2, /*spaced=*/true);
      }
      if (end != kNpos) return end;
    }
    return MatchInternational(t, i);
  }
  if (c == '(') return MatchNanp(t, i, /*spaced=*/false);
  if (c == '1' && IsPhoneSeparator(At(t, i + 1))) {
    const size_t end = MatchNanp(t, i + 2, /*spaced=*/true);
    if (end != kNpos) return end;
  }
  return MatchNanp(t, i, /*spaced=*/false);
}

// ---- payment cards

// Whether `d` (13-19 digits) has a known issuer prefix and length and a valid
// Luhn check digit.
bool IsCardNumber(std::string_view d) {
  const size_t n = d.size();
  const int p2 = DigitValue(d[0]) * 10 + DigitValue(d[1]);
  const int p3 = p2 * 10 + DigitValue(d[2]);
  const int p4 = p3 * 10 + DigitValue(d[3]);
  const bool visa = d[0] == '4' && (n == 13 || n == 16 || n == 19);
  const bool mastercard = n == 16 && ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720));
  const bool amex = n == 15 && (p2 == 34 || p2 == 37);
  const bool discover = n >= 16 && n <= 19 && (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649));
  return (visa || mastercard || amex || discover) && LuhnValid(d);
}

// Returns the end of a payment card number starting at `i`, or kNpos.
size_t MatchCard(std::string_view t, size_t i) {
  if (WordBefore(t, i) || ContinuesNumber(t, i)) return kNpos;
  const size_t first = CountDigits(t, i, 19);
  if (first > 19) return kNpos;
  if (first >= 13) {
    if (WordAt(t, i + first) || !IsCardNumber(t.substr(i, first))) return kNpos;
    return i + first;
  }
  if (first < 4 || first > 6) return kNpos;
  const char sep = At(t, i + first);
  if (sep != ' ' && sep != '-') return kNpos;
  std::array<char, 19> digits{};
  std::array<size_t, 19> group_end{};    // the text position after each group
  std::array<size_t, 19> group_count{};  // the digits up to the end of each group
  size_t ndigits = 0;
  size_t ngroups = 0;
  size_t q = i;
  size_t n = first;
  while (true) {
    for (size_t k = 0; k < n; ++k) digits[ndigits++] = t[q + k];
    q += n;
    group_end[ngroups] = q;
    group_count[ngroups] = ndigits;
    ++ngroups;
    if (At(t, q) != sep) break;
    n = CountDigits(t, q + 1, 6);
    if (n < 3 || n > 6 || ndigits + n > 19) break;
    ++q;
  }
  for (size_t g = ngroups; g-- > 1;) {  // the longest grouping that is a card
    if (group_count[g] < 13) break;
    if (WordAt(t, group_end[g])) continue;
    if (IsCardNumber(std::string_view(digits.data(), group_count[g]))) return group_end[g];
  }
  return kNpos;
}

// ---- US SSN

size_t MatchSsn(std::string_view t, size_t i) {
  if (WordBefore(t, i) || ContinuesNumber(t, i)) return kNpos;
  if (CountDigits(t, i, 3) != 3 || At(t, i + 3) != '-' || CountDigits(t, i + 4, 2) != 2 ||
      At(t, i + 6) != '-' || CountDigits(t, i + 7, 4) != 4) {
    return kNpos;
  }
  const size_t end = i + 11;
  if (WordAt(t, end) || NumberGoesOn(t, end)) return kNpos;
  const int area = DigitsValue(t, i, 3);
  if (area == 0 || area == 666 || area >= 900) return kNpos;
  if (DigitsValue(t, i + 4, 2) == 0 || DigitsValue(t, i + 7, 4) == 0) return kNpos;
  return end;
}

// ---- IPv4 and IPv6

// Returns the end of a dotted quad at `i` (no boundary checks), or kNpos.
size_t DottedQuadAt(std::string_view t, size_t i) {
  size_t q = i;
  for (int k = 0; k < 4; ++k) {
    if (k > 0) {
      if (At(t, q) != '.') return kNpos;
      ++q;
    }
    const size_t n = CountDigits(t, q, 3);
    if (n == 0 || n > 3 || (n > 1 && t[q] == '0') || DigitsValue(t, q, n) > 255) return kNpos;
    q += n;
  }
  return q;
}

size_t MatchIpv4(std::string_view t, size_t i) {
  if (WordBefore(t, i) || ContinuesNumber(t, i)) return kNpos;
  if (i >= 2 && t[i - 1] == '.' && IsAlnum(t[i - 2])) return kNpos;
  const size_t end = DottedQuadAt(t, i);
  if (end == kNpos || WordAt(t, end) || NumberGoesOn(t, end)) return kNpos;
  return end;
}

size_t MatchIpv6(std::string_view t, size_t i) {
  if (WordBefore(t, i) || (i > 0 && (t[i - 1] == ':' || t[i - 1] == '.'))) return kNpos;
  size_t q = i;
  size_t groups = 0;
  size_t longest_group = 0;
  bool compressed = false;
  bool ipv4_tail = false;
  bool decimal = false;
  if (t[q] == ':') {
    if (At(t, q + 1) != ':') return kNpos;
    compressed = true;
    q += 2;
  }
  while (true) {
    size_t n = 0;
    while (q + n < t.size() && n <= 4 && IsHex(t[q + n])) ++n;
    if (n == 0) break;
    const size_t dec = CountDigits(t, q, 3);
    if (dec >= 1 && dec <= 3 && At(t, q + dec) == '.') {  // "::ffff:192.0.2.1"
      const size_t end = DottedQuadAt(t, q);
      if (end == kNpos) return kNpos;
      groups += 2;
      ipv4_tail = decimal = true;
      q = end;
      break;
    }
    if (n > 4) return kNpos;
    for (size_t k = 0; k < n; ++k) decimal = decimal || IsDigit(t[q + k]);
    longest_group = std::max(longest_group, n);
    ++groups;
    q += n;
    if (groups > 8) return kNpos;
    if (At(t, q) == ':' && At(t, q + 1) == ':') {
      if (compressed) break;  // a second "::" fails the boundary check below
      compressed = true;
      q += 2;
      continue;
    }
    if (At(t, q) == ':' && IsHex(At(t, q + 1))) {
      ++q;
      continue;
    }
    break;
  }
  if (compressed ? groups > 7 : groups != 8) return kNpos;
  if (!decimal) return kNpos;
  if (compressed && !ipv4_tail && longest_group < 3 && t.substr(i, q - i) != "::1") return kNpos;
  if (At(t, q) == '%' && IsAlnum(At(t, q + 1))) {  // a zone: "fe80::1%eth0"
    size_t z = q + 1;
    while (z < t.size() && z - q <= 64 && (IsWordChar(t[z]) || t[z] == '-')) ++z;
    if (z - q > 64) return kNpos;
    q = z;
  }
  if (WordAt(t, q) || NumberGoesOn(t, q)) return kNpos;
  if (At(t, q) == ':' && (IsHex(At(t, q + 1)) || At(t, q + 1) == ':')) return kNpos;
  return q;
}

// ---- AWS access key ids

size_t MatchAwsKeyId(std::string_view t, size_t i) {
  static constexpr std::array<std::string_view, 9> kPrefixes = {
      "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"};
  if (WordBefore(t, i) || t.size() - i < 20) return kNpos;
  const std::string_view prefix = t.substr(i, 4);
  if (std::find(kPrefixes.begin(), kPrefixes.end(), prefix) == kPrefixes.end()) return kNpos;
  for (size_t k = i + 4; k < i + 20; ++k) {
    if (!IsUpper(t[k]) && !(t[k] >= '2' && t[k] <= '7')) return kNpos;
  }
  if (WordAt(t, i + 20)) return kNpos;
  return i + 20;
}

// Runs `match` at every position whose byte passes `candidate`, appending the
// hits; a hit resumes the scan after it.
template <typename Candidate, typename Matcher>
void ScanWith(std::string_view t, PiiKind kind, Candidate candidate, Matcher match,
              std::vector<PiiHit>* out) {
  size_t i = 0;
  while (i < t.size()) {
    if (candidate(t[i])) {
      const size_t end = match(t, i);
      if (end != kNpos) {
        out->push_back({kind, i, end - i});
        i = end;
        continue;
      }
    }
    ++i;
  }
}

void Scan(std::string_view t, PiiKind kind, std::vector<PiiHit>* out) {
  switch (kind) {
    case PiiKind::kEmail:
      ScanEmails(t, kind, out);
      return;
    case PiiKind::kPhone:
      ScanWith(
          t, kind, [](char c) { return IsDigit(c) || c == '+' || c == '('; }, MatchPhone, out);
      return;
    case PiiKind::kPaymentCard:
      ScanWith(t, kind, IsDigit, MatchCard, out);
      return;
    case PiiKind::kUsSsn:
      ScanWith(t, kind, IsDigit, MatchSsn, out);
      return;
    case PiiKind::kIpv4:
      ScanWith(t, kind, IsDigit, MatchIpv4, out);
      return;
    case PiiKind::kIpv6:
      ScanWith(
          t, kind, [](char c) { return IsHex(c) || c == ':'; }, MatchIpv6, out);
      return;
    case PiiKind::kAwsAccessKeyId:
      ScanWith(
          t, kind, [](char c) { return c == 'A'; }, MatchAwsKeyId, out);
      return;
  }
}

bool IsPiiKind(PiiKind kind) {
  return static_cast<int>(kind) >= static_cast<int>(PiiKind::kEmail) &&
         static_cast<int>(kind) <= static_cast<int>(PiiKind::kAwsAccessKeyId);
}

}  // namespace

std::string_view PiiKindName(PiiKind kind) {
  switch (kind) {
    case PiiKind::kEmail:
      return "email";
    case PiiKind::kPhone:
      return "phone";
    case PiiKind::kPaymentCard:
      return "payment_card";
    case PiiKind::kUsSsn:
      return "us_ssn";
    case PiiKind::kIpv4:
      return "ipv4";
    case PiiKind::kIpv6:
      return "ipv6";
    case PiiKind::kAwsAccessKeyId:
      return "aws_access_key_id";
  }
  return "unknown";
}

std::vector<PiiKind> AllPiiKinds() {
  return {PiiKind::kEmail, PiiKind::kPhone, PiiKind::kPaymentCard,   PiiKind::kUsSsn,
          PiiKind::kIpv4,  PiiKind::kIpv6,  PiiKind::kAwsAccessKeyId};
}

absl::StatusOr<std::unique_ptr<PiiDetector>> PiiDetector::Create(std::vector<PiiKind> kinds) {
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (!IsPiiKind(kinds[i])) {
      return absl::InvalidArgumentError(
          fmt::format("kinds/{}: {} is not a PiiKind", i, static_cast<int>(kinds[i])));
    }
  }
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  return std::unique_ptr<PiiDetector>(new PiiDetector(std::move(kinds)));
}

void PiiDetector::Find(std::string_view text, std::vector<PiiHit>* out) const {
  out->clear();
  for (PiiKind kind : kinds_) Scan(text, kind, out);
  if (kinds_.size() < 2) return;  // one scanner's hits are ordered and disjoint
  std::sort(out->begin(), out->end(), [](const PiiHit& a, const PiiHit& b) {
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.length != b.length) return a.length > b.length;
    return a.kind < b.kind;
  });
  size_t kept = 0;
  size_t end = 0;
  for (const PiiHit& hit : *out) {
    if (kept > 0 && hit.offset < end) continue;
    (*out)[kept++] = hit;
    end = hit.offset + hit.length;
  }
  out->resize(kept);
}

bool PiiDetector::Contains(std::string_view text) const {
  std::vector<PiiHit> hits;
  for (PiiKind kind : kinds_) {
    Scan(text, kind, &hits);
    if (!hits.empty()) return true;
  }
  return false;
}

bool LuhnValid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (size_t k = digits.size(); k-- > 0;) {
    const char c = digits[k];
    if (!IsDigit(c)) return false;
    int d = DigitValue(c);
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum = (sum + d) % 10;
    twice = !twice;
  }
  return sum == 0;
}

}  // namespace rewardkit
