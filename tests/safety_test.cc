// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of the Blocklist and the PII detector (safety.h): the golden PII
// cases of tests/golden/pii.jsonl, errors, whole-word boundaries, hostile
// inputs, properties over random text, and concurrent use.

#include "rewardkit/safety.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

using testing::Repeat;

std::vector<int> Matches(const Blocklist& blocklist, std::string_view text) {
  std::vector<int> out;
  blocklist.Match(text, &out);
  return out;
}

std::unique_ptr<Blocklist> MakeBlocklist(const std::vector<std::string>& patterns,
                                         bool case_insensitive, bool whole_words) {
  absl::StatusOr<std::unique_ptr<Blocklist>> b =
      Blocklist::Create(patterns, case_insensitive, whole_words);
  INFO(b.status().ToString());
  REQUIRE(b.ok());
  return *std::move(b);
}

// ---------------------------------------------------------------------------
// Blocklist

TEST_CASE("Blocklist reports every matching pattern, ascending", "[safety]") {
  auto b = MakeBlocklist({"drop\\s+table", "rm -rf /", "bomb", "x{3}"}, false, false);
  CHECK(b->size() == 4);
  CHECK(Matches(*b, "bombs and drop  table and xxx") == std::vector<int>{0, 2, 3});
  CHECK(Matches(*b, "DROP TABLE") == std::vector<int>{});
  CHECK(Matches(*b, "sudo rm -rf / --no-preserve-root") == std::vector<int>{1});
  CHECK_FALSE(b->MatchesAny("nothing to see"));
  CHECK(b->MatchesAny("a bomb"));
}

TEST_CASE("Blocklist example from the header", "[safety]") {
  auto b = MakeBlocklist({"rm -rf /", "drop\\s+table", "bomb"}, true, true);
  CHECK(Matches(*b, "Never DROP  TABLE users; bombastic is fine") == std::vector<int>{1});
}

TEST_CASE("Blocklist clears and reuses its output vector", "[safety]") {
  auto b = MakeBlocklist({"a", "b"}, false, false);
  std::vector<int> out = {7, 8, 9, 10};
  b->Match("b", &out);
  CHECK(out == std::vector<int>{1});
  b->Match("zzz", &out);
  CHECK(out.empty());
}

TEST_CASE("Blocklist case folding applies to every pattern", "[safety]") {
  auto b = MakeBlocklist({"drop\\s+table", "straße", "Ωmega"}, true, false);
  CHECK(Matches(*b, "DROP\tTable") == std::vector<int>{0});
  CHECK(Matches(*b, "STRASSE STRAẞE") == std::vector<int>{1});  // simple folding: ẞ -> ß
  CHECK(Matches(*b, "ωMEGA") == std::vector<int>{2});
}

TEST_CASE("Blocklist whole words", "[safety]") {
  auto b = MakeBlocklist({"bomb", "c\\+\\+", "\\$100", "禁止", "naïve", "na"}, false, true);
  CHECK(Matches(*b, "a bomb.") == std::vector<int>{0});
  CHECK(Matches(*b, "bombastic") == std::vector<int>{});
  CHECK(Matches(*b, "abomb") == std::vector<int>{});
  CHECK(Matches(*b, "bomb_x") == std::vector<int>{});
  CHECK(Matches(*b, "bomb") == std::vector<int>{0});
  // Curly quotes and dashes are boundaries.
  CHECK(Matches(*b, "“bomb”—ok") == std::vector<int>{0});
  // Patterns that start or end with punctuation work, unlike with \b.
  CHECK(Matches(*b, "I like c++ a lot") == std::vector<int>{1});
  CHECK(Matches(*b, "c++x") == std::vector<int>{});
  CHECK(Matches(*b, "pay $100 now") == std::vector<int>{2});
  CHECK(Matches(*b, "pay $1000 now") == std::vector<int>{});
  // CJK is a boundary: "whole word" means nothing without spaces.
  CHECK(Matches(*b, "这里禁止吸烟") == std::vector<int>{3});
  // Accented letters are word characters: "na" is not a word in "naïve".
  CHECK(Matches(*b, "a naïve idea") == std::vector<int>{4});
  CHECK(Matches(*b, "na ïve") == std::vector<int>{5});
  CHECK(Matches(*b, "Ñandú na") == std::vector<int>{5});
  CHECK(Matches(*b, "ñna") == std::vector<int>{});
  // An invalid UTF-8 byte is neither a word character nor a boundary.
  CHECK(Matches(*b,
                "\xff"
                "bomb") == std::vector<int>{});
  CHECK(Matches(*b, "\xff bomb") == std::vector<int>{0});
}

TEST_CASE("Blocklist whole words cannot be escaped by the pattern", "[safety]") {
  // "a)|(b" would break out of the wrapper if it were pasted in unparsed.
  absl::StatusOr<std::unique_ptr<Blocklist>> b = Blocklist::Create({"a)|(b"}, false, true);
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(b.status().message().substr(0, 11) == "patterns/0:");
  // An unterminated \Q quote is closed, so it cannot swallow the wrapper.
  auto quoted = MakeBlocklist({"\\Qc++"}, false, true);
  CHECK(Matches(*quoted, "we use c++ here") == std::vector<int>{0});
  CHECK(Matches(*quoted, "we use c++x here") == std::vector<int>{});
  auto quoted_backslash = MakeBlocklist({"\\Qa\\"}, false, true);
  CHECK(Matches(*quoted_backslash, "x a\\ y") == std::vector<int>{0});
}

TEST_CASE("Blocklist errors name the bad pattern", "[safety]") {
  struct Case {
    std::vector<std::string> patterns;
    std::string prefix;
  };
  const std::vector<Case> cases = {
      {{"ok", "(unclosed"}, "patterns/1: missing )"},
      {{"ok", "fine", "a**"}, "patterns/2: bad repetition operator"},
      {{""}, "patterns/0: matches the empty text"},
      {{"ok", "a*"}, "patterns/1: matches the empty text"},
      {{"x|"}, "patterns/0: matches the empty text"},
      {{"ok", "\xff\xfe"}, "patterns/1: not valid UTF-8"},
      {{"\\1"}, "patterns/0: invalid escape sequence"},
  };
  for (const Case& c : cases) {
    for (bool whole_words : {false, true}) {
      absl::StatusOr<std::unique_ptr<Blocklist>> b =
          Blocklist::Create(c.patterns, false, whole_words);
      INFO(c.prefix << " whole_words=" << whole_words);
      REQUIRE_FALSE(b.ok());
      CHECK(b.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(std::string(b.status().message()).rfind(c.prefix, 0) == 0);
    }
  }
}

TEST_CASE("An empty blocklist matches nothing", "[safety]") {
  auto b = MakeBlocklist({}, true, true);
  CHECK(b->size() == 0);
  std::vector<int> out = {1};
  b->Match("anything at all", &out);
  CHECK(out.empty());
  CHECK_FALSE(b->MatchesAny(""));
}

TEST_CASE("Blocklist memory budget", "[safety]") {
  // Each pattern compiles to thousands of instructions, and no two share a
  // prefix that RE2 could factor out.
  std::vector<std::string> big;
  for (int i = 0; i < 1000; ++i) big.push_back(std::to_string(i) + ".{1000}x");
  absl::StatusOr<std::unique_ptr<Blocklist>> b = Blocklist::Create(big, false, false);
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(b.status().message()).find("memory budget") != std::string::npos);

  BlocklistOptions small;
  small.max_mem = 1 << 14;
  CHECK(Blocklist::Create({"[a-z]{20}"}, small).ok());
  CHECK_FALSE(Blocklist::Create({"[a-z]{1000}"}, small).ok());
  small.max_mem = 0;
  CHECK_FALSE(Blocklist::Create({"a"}, small).ok());
}

TEST_CASE("A large blocklist agrees with matching one pattern at a time", "[safety]") {
  std::mt19937 rng(42);
  const std::string letters = "abcdefghij";
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) {
    std::string w;
    const size_t len = 3 + rng() % 4;
    for (size_t k = 0; k < len; ++k) w += letters[rng() % letters.size()];
    words.push_back(w);
  }
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    const size_t len = 1 + rng() % 7;
    for (size_t k = 0; k < len; ++k) text += letters[rng() % letters.size()];
    text += " ,.-"[rng() % 4];
  }
  // The indices of `list` that occur in `within` (as whole words).
  auto expected_matches = [](const std::vector<std::string>& list, const std::string& within,
                             bool whole_words) {
    std::vector<int> expected;
    for (size_t i = 0; i < list.size(); ++i) {
      bool found = false;
      for (size_t pos = within.find(list[i]); pos != std::string::npos && !found;
           pos = within.find(list[i], pos + 1)) {
        const size_t end = pos + list[i].size();
        const bool alone = (pos == 0 || within[pos - 1] < 'a' || within[pos - 1] > 'z') &&
                           (end == within.size() || within[end] < 'a' || within[end] > 'z');
        found = !whole_words || alone;
      }
      if (found) expected.push_back(static_cast<int>(i));
    }
    return expected;
  };
  for (bool whole_words : {false, true}) {
    auto b = MakeBlocklist(words, false, whole_words);
    const std::vector<int> expected = expected_matches(words, text, whole_words);
    INFO("whole_words=" << whole_words);
    CHECK(Matches(*b, text) == expected);
    CHECK_FALSE(expected.empty());
  }
  // Short lists find which patterns match another way (one pattern: a hit
  // is that one; up to 16: each pattern alone), on shorter texts too.
  size_t hits = 0;
  for (size_t size : {size_t{1}, size_t{2}, size_t{5}, size_t{16}, size_t{17}}) {
    for (size_t first = 0; first + size <= 400; first += size) {
      const std::vector<std::string> list(
          words.begin() + static_cast<std::ptrdiff_t>(first),
          words.begin() + static_cast<std::ptrdiff_t>(first + size));
      const std::string part = text.substr(first * 10, 400);
      for (bool whole_words : {false, true}) {
        auto b = MakeBlocklist(list, false, whole_words);
        const std::vector<int> expected = expected_matches(list, part, whole_words);
        INFO("size=" << size << " first=" << first << " whole_words=" << whole_words);
        CHECK(Matches(*b, part) == expected);
        CHECK(b->MatchesAny(part) == !expected.empty());
        if (!expected.empty()) ++hits;
      }
    }
  }
  CHECK(hits > 50);
}

TEST_CASE("Blocklist handles hostile text", "[safety]") {
  auto b = MakeBlocklist({"(a|aa)*b", "x.*y.*z", "\\bword\\b"}, true, true);
  const std::string as = Repeat("a", 10 << 20);
  CHECK(Matches(*b, as).empty());
  CHECK(Matches(*b, as + "b") == std::vector<int>{0});
  CHECK(Matches(*b, Repeat("\xff\xc3", 1 << 20) + " word ") == std::vector<int>{2});
  CHECK(Matches(*b, std::string("x\0y\0z", 5)) == std::vector<int>{1});
}

TEST_CASE("Blocklist is safe for concurrent use", "[safety]") {
  auto b = MakeBlocklist({"alpha", "beta", "gam+a"}, true, true);
  const std::vector<std::string> texts = {"Alpha and BETA", "gammma", "nothing", "alphabet"};
  const std::vector<std::vector<int>> expected = {{0, 1}, {2}, {}, {}};
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<int> out;
      for (int i = 0; i < 2000; ++i) {
        const size_t k = (t + static_cast<size_t>(i)) % texts.size();
        b->Match(texts[k], &out);
        if (out != expected[k]) ++failures[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(failures == std::vector<int>(4, 0));
}

// ---------------------------------------------------------------------------
// PII

std::unique_ptr<PiiDetector> MakeDetector(std::vector<PiiKind> kinds = AllPiiKinds()) {
  absl::StatusOr<std::unique_ptr<PiiDetector>> d = PiiDetector::Create(std::move(kinds));
  REQUIRE(d.ok());
  return *std::move(d);
}

std::vector<std::pair<std::string, std::string>> Found(const PiiDetector& d,
                                                       std::string_view text) {
  std::vector<PiiHit> hits;
  d.Find(text, &hits);
  std::vector<std::pair<std::string, std::string>> out;
  for (const PiiHit& h : hits) {
    out.emplace_back(std::string(PiiKindName(h.kind)),
                     std::string(text.substr(h.offset, h.length)));
  }
  return out;
}

PiiKind KindNamed(std::string_view name) {
  for (PiiKind kind : AllPiiKinds()) {
    if (PiiKindName(kind) == name) return kind;
  }
  FAIL("unknown kind " << name);
  return PiiKind::kEmail;
}

TEST_CASE("golden PII cases", "[safety][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/pii.jsonl"));
  REQUIRE(lines.size() >= 100);
  simdjson::dom::parser parser;
  std::vector<size_t> positives(AllPiiKinds().size(), 0);
  std::vector<size_t> negatives(AllPiiKinds().size(), 0);
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string text = testing::GetString(doc, "text");
    INFO("pii.jsonl line " << line.line << ": " << note);
    REQUIRE_FALSE(note.empty());

    std::vector<PiiKind> kinds = AllPiiKinds();
    simdjson::dom::array kind_names;
    if (doc["kinds"].get(kind_names) == simdjson::SUCCESS) {
      kinds.clear();
      for (simdjson::dom::element k : kind_names)
        kinds.push_back(KindNamed(k.get_string().value()));
    }
    std::vector<std::pair<std::string, std::string>> expected;
    simdjson::dom::array hits;
    REQUIRE(doc["hits"].get(hits) == simdjson::SUCCESS);
    for (simdjson::dom::element h : hits) {
      simdjson::dom::array pair = h.get_array().value();
      REQUIRE(pair.size() == 2);
      expected.emplace_back(std::string(pair.at(0).get_string().value()),
                            std::string(pair.at(1).get_string().value()));
      ++positives[static_cast<size_t>(KindNamed(expected.back().first))];
    }
    const std::string near_miss = testing::GetString(doc, "near_miss");
    if (!near_miss.empty()) {
      CHECK(expected.empty());
      ++negatives[static_cast<size_t>(KindNamed(near_miss))];
    }
    auto detector = MakeDetector(kinds);
    CHECK(Found(*detector, text) == expected);
  }
  for (PiiKind kind : AllPiiKinds()) {
    INFO(PiiKindName(kind));
    CHECK(positives[static_cast<size_t>(kind)] >= 3);
    CHECK(negatives[static_cast<size_t>(kind)] >= 5);
  }
}

TEST_CASE("PiiDetector example from the header", "[safety]") {
  auto d = MakeDetector();
  std::vector<PiiHit> hits;
  d->Find("mail bob@example.com or call (415) 555-0132", &hits);
  CHECK(hits == std::vector<PiiHit>{{PiiKind::kEmail, 5, 15}, {PiiKind::kPhone, 29, 14}});
  CHECK(d->Contains("ip 10.0.0.1"));
  CHECK_FALSE(d->Contains("nothing here, 1.2.3"));
}

TEST_CASE("PiiDetector::Create validates kinds", "[safety]") {
  CHECK_FALSE(PiiDetector::Create({PiiKind::kEmail, static_cast<PiiKind>(42)}).ok());
  auto none = MakeDetector({});
  CHECK(Found(*none, "bob@example.com").empty());
  auto repeated = MakeDetector({PiiKind::kIpv4, PiiKind::kIpv4, PiiKind::kEmail});
  CHECK(repeated->kinds() == std::vector<PiiKind>{PiiKind::kEmail, PiiKind::kIpv4});
}

TEST_CASE("PiiKindName", "[safety]") {
  const std::vector<std::string> names = {"email", "phone", "payment_card",     "us_ssn",
                                          "ipv4",  "ipv6",  "aws_access_key_id"};
  std::vector<std::string> got;
  for (PiiKind kind : AllPiiKinds()) got.emplace_back(PiiKindName(kind));
  CHECK(got == names);
  CHECK(PiiKindName(static_cast<PiiKind>(99)) == "unknown");
}

TEST_CASE("LuhnValid", "[safety]") {
  CHECK(LuhnValid("79927398713"));
  CHECK(LuhnValid("4111111111111111"));
  CHECK(LuhnValid("0"));
  CHECK_FALSE(LuhnValid("79927398710"));
  CHECK_FALSE(LuhnValid("4111111111111112"));
  CHECK_FALSE(LuhnValid(""));
  CHECK_FALSE(LuhnValid("4111 1111 1111 1111"));
  CHECK_FALSE(LuhnValid("-79927398713"));
  CHECK_FALSE(LuhnValid("7992739871a"));
  CHECK(LuhnValid(Repeat("0", 1 << 20)));
}

TEST_CASE("PiiDetector survives hostile text", "[safety]") {
  auto d = MakeDetector();
  const size_t n = 10 << 20;
  for (std::string_view unit : {"0", "@", "a@", "a@a.", "1:", "::1 ", "+1 ", "4111 ", "1.", "1-",
                                "AKIA", "(415) ", "\xff", "x@example.com "}) {
    const std::string text = Repeat(unit, n / unit.size());
    std::vector<PiiHit> hits;
    d->Find(text, &hits);
    INFO("unit \"" << unit << "\", " << hits.size() << " hits");
    size_t end = 0;
    bool ordered = true;
    for (const PiiHit& h : hits) {
      ordered = ordered && h.offset >= end && h.length > 0 && h.offset + h.length <= text.size();
      end = h.offset + h.length;
    }
    CHECK(ordered);
  }
}

// Returns a random text dense in near misses: digits, separators, hex, '@'.
std::string RandomPiiText(std::mt19937& rng, size_t length) {
  static const std::vector<std::string> pieces = {
      "0",    "1",       "4",        "5",    "9",   "2",        "3",        "7",    "-",  ".",
      " ",    ":",       "::",       "+",    "+1 ", "(",        ")",        "@",    "a",  "b",
      "f",    "x",       "A",        "AKIA", "com", "e",        "\n",       "%",    "_",  "4111",
      "6011", "::ffff:", "192.168.", "555-", "bob", "example.", "\xc3\xa9", "\xff", "0x", "12:30"};
  std::string out;
  while (out.size() < length) out += pieces[rng() % pieces.size()];
  return out;
}

TEST_CASE("PII hits are ordered, disjoint, and found again alone", "[safety]") {
  std::mt19937 rng(2026);
  auto all = MakeDetector();
  std::vector<std::unique_ptr<PiiDetector>> single;
  for (PiiKind kind : AllPiiKinds()) single.push_back(MakeDetector({kind}));
  size_t total_hits = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string text = RandomPiiText(rng, 10 + rng() % 120);
    std::vector<PiiHit> hits;
    all->Find(text, &hits);
    INFO("text: " << text);
    size_t end = 0;
    for (const PiiHit& h : hits) {
      REQUIRE(h.offset >= end);
      REQUIRE(h.length > 0);
      REQUIRE(h.offset + h.length <= text.size());
      end = h.offset + h.length;
      // The hit, taken out of its context, is still exactly one hit.
      const std::string alone = text.substr(h.offset, h.length);
      std::vector<PiiHit> again;
      single[static_cast<size_t>(h.kind)]->Find(alone, &again);
      INFO("hit " << PiiKindName(h.kind) << " \"" << alone << "\"");
      CHECK(again == std::vector<PiiHit>{{h.kind, 0, alone.size()}});
    }
    // Each single-kind scan agrees with the combined one where they do not
    // overlap another kind's hit.
    for (const PiiHit& h : hits) {
      std::vector<PiiHit> own;
      single[static_cast<size_t>(h.kind)]->Find(text, &own);
      CHECK(std::find(own.begin(), own.end(), h) != own.end());
    }
    total_hits += hits.size();
  }
  CHECK(total_hits > 100);
}

TEST_CASE("PiiDetector is safe for concurrent use", "[safety]") {
  auto d = MakeDetector();
  const std::string text =
      "bob@example.com +1 415 555 0132 10.0.0.1 4111 1111 1111 1111 123-45-6789 "
      "2001:db8::1 AKIAIOSFODNN7EXAMPLE";
  std::vector<PiiHit> expected;
  d->Find(text, &expected);
  REQUIRE(expected.size() == 7);
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<PiiHit> hits;
      for (int i = 0; i < 2000; ++i) {
        d->Find(text, &hits);
        if (hits != expected) ++failures[t];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(failures == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace rewardkit
