// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/safety.h
// -----------------------------------------------------------------------------
//
// Safety detectors for reward shaping: a blocklist of RE2 patterns and a
// detector of personally identifying information (PII) such as e-mail
// addresses, phone numbers and payment card numbers. Both are compiled once,
// then scan any number of responses in time linear in their length.
//
// Example:
//
//   auto blocklist = rewardkit::Blocklist::Create(
//       {"rm -rf /", "drop\\s+table", "bomb"}, /*case_insensitive=*/true,
//       /*whole_words=*/true);
//   std::vector<int> matched;
//   (*blocklist)->Match("Never DROP  TABLE users; bombastic is fine", &matched);
//   // matched == {1}: "bomb" is not a whole word in "bombastic".
//
//   auto pii = rewardkit::PiiDetector::Create(rewardkit::AllPiiKinds());
//   std::vector<rewardkit::PiiHit> hits;
//   (*pii)->Find("mail bob@example.com or call (415) 555-0132", &hits);
//   // hits: {kEmail, 5, 15}, {kPhone, 29, 14}
//
// Blocklists and PII detectors are immutable once created and safe for
// concurrent use by multiple threads; share one across a process.

#ifndef REWARDKIT_SAFETY_H_
#define REWARDKIT_SAFETY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace rewardkit {

// ---------------------------------------------------------------------------
// Blocklist

// How a Blocklist compiles its patterns.
struct BlocklistOptions {
  // Case folding (Unicode simple folding, as RE2's (?i)) for every pattern.
  bool case_insensitive = false;
  // Each pattern matches only where it is not adjacent to a word character on
  // either side. A word character is an ASCII letter, digit or '_', or a code
  // point of U+00C0-U+06FF other than U+00D7 and U+00F7 (Latin-1 letters,
  // Latin Extended, IPA, combining marks, Greek, Cyrillic, Armenian, Hebrew,
  // Arabic), U+0900-U+097F (Devanagari) or U+1E00-U+1EFF (Latin Extended
  // Additional). Everything else is a boundary: spaces, punctuation (curly
  // quotes and dashes included), symbols, and scripts written without spaces
  // (CJK, Thai), where "whole word" has no meaning. An invalid UTF-8 byte next
  // to a match is neither, so it blocks the match. Unlike `\b`, this works for
  // patterns that begin or end with punctuation ("c++", "$100").
  bool whole_words = false;
  // The memory budget of the compiled set, in bytes: about two thirds for the
  // program, the rest for the matching automaton's cache. A list that does not
  // fit is an error at Create. A list of 2 to 16 patterns also compiles each
  // pattern alone (see Match), within the same budget split among them.
  int64_t max_mem = int64_t{64} << 20;
};

// A blocklist of RE2 patterns (https://github.com/google/re2/wiki/Syntax)
// compiled once into one RE2::Set, so that one pass over a text finds every
// pattern that matches, however many there are, in time linear in the text.
// Immutable once created and safe for concurrent use by multiple threads.
class Blocklist {
 public:
  // Returns a blocklist of `patterns` (indices 0..n-1), or InvalidArgument
  // naming the index of a bad pattern ("patterns/3: missing ): (ab"): the
  // first that is not valid UTF-8 or that RE2 rejects, else the first that
  // matches the empty text (it would flag every response). Also
  // InvalidArgument when the compiled set exceeds `options.max_mem` or
  // max_mem is not positive. An empty list is valid and matches nothing.
  // Patterns use RE2's default options: `.` does not match "\n".
  static absl::StatusOr<std::unique_ptr<Blocklist>> Create(const std::vector<std::string>& patterns,
                                                           const BlocklistOptions& options);
  // As above with the default memory budget (64 MB).
  static absl::StatusOr<std::unique_ptr<Blocklist>> Create(const std::vector<std::string>& patterns,
                                                           bool case_insensitive, bool whole_words);

  ~Blocklist();
  Blocklist(const Blocklist&) = delete;
  Blocklist& operator=(const Blocklist&) = delete;

  // Sets `*out` to the indices of the patterns that match somewhere in
  // `text`, ascending and without repeats. `*out` is cleared first, and its
  // capacity is reused. `text` may hold invalid UTF-8 (such bytes match no
  // pattern character). Allocates nothing once `*out` and the automata have
  // grown, except when a list of more than 16 patterns matches: RE2::Set
  // then builds the set of indices afresh.
  void Match(std::string_view text, std::vector<int>* out) const;

  // Returns true when any pattern matches somewhere in `text`: one pass that
  // stops at the first match, and allocates nothing once the automaton has
  // grown.
  bool MatchesAny(std::string_view text) const;

  // Returns the number of patterns.
  size_t size() const;

  struct Impl;

 private:
  explicit Blocklist(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------
// PII

enum class PiiKind { kEmail, kPhone, kPaymentCard, kUsSsn, kIpv4, kIpv6, kAwsAccessKeyId };

// Returns the stable snake_case name of `kind`: "email", "phone",
// "payment_card", "us_ssn", "ipv4", "ipv6" or "aws_access_key_id"; "unknown"
// for a value outside the enum.
std::string_view PiiKindName(PiiKind kind);

// Returns every PiiKind, in declaration order.
std::vector<PiiKind> AllPiiKinds();

// One piece of PII: its kind and where it is, as a byte range of the text.
struct PiiHit {
  PiiKind kind;
  size_t offset;
  size_t length;
  friend bool operator==(const PiiHit&, const PiiHit&) = default;
};

// Finds PII of chosen kinds with hand-written scanners: each looks at a
// bounded window around each candidate position, so a scan is linear in the
// length of the text (10 MB of digits, '@' or ':' included). Matching is on
// ASCII; a byte >= 0x80 is never part of a match and never a word character.
// What each kind accepts:
//
//   kEmail    local@domain.tld: the local part is 1-64 of [A-Za-z0-9._%+-]
//             without a leading, trailing or doubled '.'; the domain is at
//             least two labels of [A-Za-z0-9-] (1-63 long, no '-' at either
//             end), at most 253 bytes, and the last label (the TLD) is 2-63
//             letters. A trailing '.' is sentence punctuation, not part of it.
//             A doubled '.' ends the local part ("x..y@a.com" gives
//             "y@a.com"); an address next to another '@' is none. Quoted local
//             parts, IP-literal domains and non-ASCII (EAI) addresses are not
//             found; nor are image names like "icon@2x.png".
//   kPhone    E.164 "+14155550132" ('+' then 9-15 digits, the first not 0);
//             international groups "+44 20 7946 0958", "+81 3-1234-5678",
//             "+44 (0)20 7946 0958" ('+', a 1-3 digit country code, then
//             groups of 1-8 digits split by one ' ', '-' or '.', 9-15 digits
//             in all, only the first group after the country code may be a
//             single digit, one "(digits)" group allowed); NANP
//             "(415) 555-0132", "415-555-0132", "415.555.0132",
//             "+1 415 555 0132", "1-800-555-0199" (area code and exchange
//             start with 2-9; the two separators agree; space separators only
//             after a "1" or "+1" prefix or a parenthesised area code). Not
//             found: bare digit runs without '+', dates ("2024-01-15"), times,
//             versions ("1.2.3"), 7-digit local numbers ("555-0132"), and
//             national formats other than NANP ("020 7946 0958").
//   kPaymentCard  13-19 digits, contiguous or in groups of 3-6 digits (the
//             first 4-6) split by single spaces or single dashes (one kind
//             throughout), with a valid Luhn check digit and a known issuer
//             prefix and length: Visa 4 (13, 16 or 19 digits), Mastercard
//             51-55 and 2221-2720 (16), American Express 34 and 37 (15),
//             Discover 6011, 644-649 and 65 (16-19).
//   kUsSsn    AAA-GG-SSSS with the ranges the SSA never issues excluded: area
//             000, 666 and 900-999, group 00, serial 0000.
//   kIpv4     a dotted quad of decimal octets 0-255 without leading zeros
//             ("10.0.0.1", not "010.0.0.1", "999.1.1.1" or "1.2.3.4.5"). A
//             quad preceded by a letter ("v1.2.3.4") is a version, not an
//             address; a bare four-part version ("1.2.3.4") cannot be told
//             from an address and is reported.
//   kIpv6     full (eight groups) and "::"-compressed forms of 1-4 hex digit
//             groups, an embedded IPv4 tail ("::ffff:192.0.2.1") and a zone
//             ("fe80::1%eth0"). To keep code like `a[1::2]` or `std::` out,
//             an address must hold a decimal digit, and a compressed one must
//             be "::1", have an IPv4 tail, or have a group of 3-4 hex digits.
//   kAwsAccessKeyId  AKIA, ASIA, AGPA, AIDA, AROA, AIPA, ANPA, ANVA or APKA
//             then 16 of [A-Z2-7] (20 characters, upper case only).
//
// Every kind must stand alone: a match is never preceded or followed by an
// ASCII letter, digit or '_', and number-like kinds (phone, card, SSN, IPv4)
// never continue a dashed or dotted number ("12-415-555-0132").
//
// Immutable once created and safe for concurrent use by multiple threads.
class PiiDetector {
 public:
  // Returns a detector of `kinds` (repeats are ignored; an empty list finds
  // nothing), or InvalidArgument for a value outside the PiiKind enum.
  static absl::StatusOr<std::unique_ptr<PiiDetector>> Create(std::vector<PiiKind> kinds);

  // Sets `*out` to the PII in `text`, in text order (ascending offset). Hits
  // never overlap: where two candidates overlap, the one that starts first
  // wins, then the longer, then the kind declared first. `*out` is cleared
  // first and its capacity reused.
  void Find(std::string_view text, std::vector<PiiHit>* out) const;

  // Returns true when `text` holds any PII of the detector's kinds.
  bool Contains(std::string_view text) const;

  // Returns the kinds the detector finds, in declaration order.
  const std::vector<PiiKind>& kinds() const { return kinds_; }

 private:
  explicit PiiDetector(std::vector<PiiKind> kinds) : kinds_(std::move(kinds)) {}
  std::vector<PiiKind> kinds_;
};

// Returns true when `digits` is one or more ASCII digits, and nothing else,
// whose Luhn (mod 10) checksum is valid ("79927398713"). Returns false for
// anything else: empty, spaces, dashes, signs.
bool LuhnValid(std::string_view digits);

}  // namespace rewardkit

#endif  // REWARDKIT_SAFETY_H_
