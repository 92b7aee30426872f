// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// FindInvalidUtf8's eight-bytes-at-a-time ASCII skip against decoding every
// byte, on random mixes of ASCII runs, valid sequences and broken ones placed
// at every offset of an eight-byte block.

#include "utf8.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>

namespace rewardkit::internal {
namespace {

size_t DecodeEveryByte(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (cp >= kInvalidUtf8Base) return i;
    i += len;
  }
  return std::string_view::npos;
}

TEST_CASE("FindInvalidUtf8 agrees with decoding every byte", "[utf8]") {
  std::mt19937 rng(7);
  const std::string_view pieces[] = {"a",      "hello, ", "\n",       "\xc3\xa9",  "\xe2\x82\xac",
                                     "\xf0\x9f\x98\x80", "\xff", "\xc3",   "\xe2\x82", "\xed\xa0\x80",
                                     "\xc0\xaf", "0123456789abcdef"};
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  size_t invalid = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const size_t parts = static_cast<size_t>(round % 12);
    for (size_t k = 0; k < parts; ++k) text += pieces[pick(rng)];
    INFO("round " << round);
    const size_t want = DecodeEveryByte(text);
    REQUIRE(FindInvalidUtf8(text) == want);
    invalid += want != std::string_view::npos;
  }
  CHECK(invalid > 1000);
  CHECK(invalid < 4900);
  // A bad byte right after long ASCII runs, at every offset of a block.
  for (size_t pad = 0; pad < 24; ++pad) {
    std::string text(pad, 'x');
    text += "\xff";
    CHECK(FindInvalidUtf8(text) == pad);
    CHECK(FindInvalidUtf8(std::string(pad, 'y')) == std::string_view::npos);
  }
}

}  // namespace
}  // namespace rewardkit::internal
