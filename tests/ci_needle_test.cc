// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// CiNeedle against the obvious search, on random texts over a small alphabet
// (so that matches, near-matches and runs of the scanned byte are common),
// for every start and end position: the fast scans (eight bytes at a time,
// memchr, memrchr) must agree with it everywhere.

#include "ci_needle.h"

#include <catch2/catch.hpp>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace rewardkit::internal {
namespace {

constexpr size_t kNpos = std::string_view::npos;

bool NaiveMatch(std::string_view text, size_t at, std::string_view needle) {
  if (at > text.size() || text.size() - at < needle.size()) return false;
  for (size_t k = 0; k < needle.size(); ++k) {
    if (ToLower(text[at + k]) != ToLower(needle[k])) return false;
  }
  return true;
}

size_t NaiveFind(std::string_view text, std::string_view needle, size_t from) {
  for (size_t i = from; i < text.size(); ++i) {
    if (NaiveMatch(text, i, needle)) return i;
  }
  return kNpos;
}

size_t NaiveRFind(std::string_view text, std::string_view needle, size_t end, size_t floor) {
  end = std::min(end, text.size());
  if (end < needle.size()) return kNpos;
  for (size_t i = end - needle.size() + 1; i-- > floor;) {
    if (NaiveMatch(text, i, needle)) return i;
  }
  return kNpos;
}

std::string Random(std::mt19937& rng, std::string_view alphabet, size_t n) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

TEST_CASE("CiNeedle finds what a naive search finds, both ways", "[ci_needle]") {
  std::mt19937 rng(20261122);
  // Letters in both cases (the eight-byte scan), '#', ':' and '<' (memchr),
  // and bytes with the 0x20 bit that must not pass for letters ('@', '`').
  const std::string_view alphabet = "aAbBwW#:<@` \n";
  size_t matches = 0;
  for (int round = 0; round < 400; ++round) {
    const std::string needle = Random(rng, alphabet, 1 + static_cast<size_t>(round % 5));
    const std::string text = Random(rng, alphabet, static_cast<size_t>(round % 53) * 3);
    const CiNeedle n(needle);
    INFO("needle \"" << needle << "\" text \"" << text << "\"");
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      const size_t want = NaiveFind(text, needle, from);
      REQUIRE(n.Find(text, from) == want);
      matches += want != kNpos;
    }
    for (size_t end = 0; end <= text.size() + 1; ++end) {
      for (size_t floor = 0; floor <= end; floor += 3) {
        REQUIRE(n.RFind(text, end, floor) == NaiveRFind(text, needle, end, floor));
      }
    }
  }
  CHECK(matches > 1000);  // the texts really do hold matches
}

TEST_CASE("CiNeedle: long texts cross the eight-byte blocks", "[ci_needle]") {
  std::string text(1000, 'x');
  text.replace(3, 6, "ANSWER");
  text.replace(500, 6, "aNsWeR");
  text.replace(993, 6, "answer");
  const CiNeedle n("Answer");
  CHECK(n.Find(text, 0) == 3);
  CHECK(n.Find(text, 4) == 500);
  CHECK(n.Find(text, 501) == 993);
  CHECK(n.RFind(text, text.size()) == 993);
  CHECK(n.RFind(text, 998) == 500);
  CHECK(n.RFind(text, text.size(), 501) == 993);
  CHECK(n.RFind(text, 998, 501) == kNpos);
  CHECK(n.MatchesAt(text, 500));
  CHECK_FALSE(n.MatchesAt(text, 501));
  CHECK(CiNeedle("").Find(text, 0) == kNpos);
}

TEST_CASE("ForEachPair visits every start of the pair, in order", "[ci_needle]") {
  // Every scan this machine can run, and the dispatcher, against the naive
  // loop, on lengths that cross every block size and remainder, the long
  // ones (512 bytes and more) skimmed for the second byte first: for a
  // letter and a symbol (the think tags' "k>"), a symbol and a letter, two
  // letters, and two symbols.
  struct Pair {
    char first, second;
  };
  using Scan = std::function<void(std::string_view, Pair, std::function<void(size_t)>)>;
  std::vector<std::pair<std::string, Scan>> scans = {
      {"dispatched",
       [](std::string_view t, Pair g, std::function<void(size_t)> v) {
         ForEachPair(t, g.first, g.second, v);
       }},
      {"portable", [](std::string_view t, Pair g, std::function<void(size_t)> v) {
         pair_scan::Portable(t, 0, g.first, g.second, v);
       }}};
#if defined(RK_CI_NEEDLE_SSE2)
  scans.push_back({"sse2", [](std::string_view t, Pair g, std::function<void(size_t)> v) {
                     pair_scan::Sse2(t, g.first, g.second, v);
                   }});
#endif
  const Pair pairs[] = {{'k', '>'}, {'<', 't'}, {'a', 'b'}, {'[', '/'}};
  std::mt19937 rng(20261203);
  for (int round = 0; round < 4000; ++round) {
    const Pair g = pairs[round % 4];
    // Both cases of each letter, and bytes that fold onto the symbols
    // ('/' | 0x20 is '/', and so is 0x0f | 0x20).
    const std::string alphabet = {g.first,  ToUpper(g.first), g.second, ToUpper(g.second),
                                  g.second, '\x0f',           '\x01',   'x', ' '};
    const std::string sparse = std::string("cdefghijlmnopqrsuvwxyz ") + g.first + g.second;
    // Mostly short texts, one in ten from 500 to 1,200 bytes.
    const size_t length = round % 10 == 0 ? 500 + static_cast<size_t>(round % 701)
                                          : static_cast<size_t>(round % 201);
    const std::string text = Random(rng, (round / 4) % 2 ? alphabet : sparse, length);
    auto same = [](char c, char lower) { return IsLower(lower) ? ToLower(c) == lower : c == lower; };
    std::vector<size_t> want;
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      if (same(text[i], g.first) && same(text[i + 1], g.second)) want.push_back(i);
    }
    for (const auto& [name, scan] : scans) {
      std::vector<size_t> got;
      scan(text, g, [&](size_t i) { got.push_back(i); });
      INFO(name << " on \"" << text << "\"");
      REQUIRE(got == want);
    }
  }
}

}  // namespace
}  // namespace rewardkit::internal
