// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "json_util.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "utf8.h"

namespace rewardkit::internal {
namespace {

std::string Str(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string Num(double d) {
  std::string out;
  AppendJsonNumber(d, &out);
  return out;
}

TEST_CASE("AppendJsonString escapes and always writes valid UTF-8", "[json]") {
  CHECK(Str("plain") == "\"plain\"");
  CHECK(Str("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(Str("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
  CHECK(Str(std::string_view("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  CHECK(Str("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
  // A lone continuation byte and a truncated sequence become U+FFFD.
  CHECK(Str("a\x80z") == "\"a\xEF\xBF\xBDz\"");
  CHECK(Str("a\xE2\x82") == "\"a\xEF\xBF\xBD\xEF\xBF\xBD\"");
  std::string out = Str("\xff\xfe ok");
  CHECK(FindInvalidUtf8(out) == std::string_view::npos);
}

TEST_CASE("AppendJsonNumber never writes NaN, infinity or -0", "[json]") {
  CHECK(Num(1.0) == "1");
  CHECK(Num(0.25) == "0.25");
  CHECK(Num(-0.0) == "0");
  CHECK(Num(std::nan("")) == "0");
  CHECK(Num(std::numeric_limits<double>::infinity()) == "0");
  CHECK(Num(0.1) == "0.1");
}

TEST_CASE("WriteJsonNumber's one-byte path takes 0, -0 and 1 and none of their neighbours",
          "[json]") {
  // The path tests the value's bits: a bit off either way must take the
  // general path and print the whole number.
  CHECK(Num(std::nextafter(1.0, 2.0)) == "1.0000000000000002");
  CHECK(Num(std::nextafter(1.0, 0.0)) == "0.9999999999999999");
  CHECK(Num(std::nextafter(0.0, 1.0)) == "5e-324");
  CHECK(Num(std::nextafter(-0.0, -1.0)) == "-5e-324");
  CHECK(Num(-1.0) == "-1");
  CHECK(Num(2.0) == "2");
  CHECK(Num(0.0) == "0");
  CHECK(Num(-0.0) == "0");
  CHECK(Num(1.0) == "1");
}

TEST_CASE("WriteJsonNumber writes what AppendJsonNumber appends", "[json]") {
  for (double d : {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e15, -9007199254740992.0, 9007199254740993.0,
                   1e300, 0.1, -0.30000000000000004, 5e-324, std::nan(""), -HUGE_VAL}) {
    char buf[kMaxJsonNumberSize];
    const std::string written(buf, WriteJsonNumber(d, buf));
    CHECK(written == Num(d));
    CHECK(written.size() <= kMaxJsonNumberSize);
  }
  CHECK(Num(-1.0) == "-1");
  CHECK(Num(1e15) == "1000000000000000");
  CHECK(Num(-2.2250738585072014e-308) == "-2.2250738585072014e-308");
}

TEST_CASE("IsPlainJsonText agrees with a byte-by-byte check at every length and position",
          "[json]") {
  auto reference = [](std::string_view s) {
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
    }
    return true;
  };
  // Every byte value at every position of strings of 0 to 24 bytes: the
  // eight-byte steps and the overlapping last load must see each one.
  for (size_t n = 0; n <= 24; ++n) {
    std::string s(n, 'a');
    CHECK(IsPlainJsonText(s));
    for (size_t at = 0; at < n; ++at) {
      for (int b = 0; b < 256; ++b) {
        s[at] = static_cast<char>(b);
        if (IsPlainJsonText(s) != reference(s)) {
          FAIL("length " << n << ", byte " << b << " at " << at);
        }
      }
      s[at] = 'a';
    }
  }
  CHECK_FALSE(IsPlainJsonText("correctness_answer_found\n"));
  CHECK(IsPlainJsonText("correctness_answer_found"));
}

TEST_CASE("FindInvalidUtf8 rejects overlong forms, surrogates and out-of-range code points",
          "[json]") {
  CHECK(FindInvalidUtf8("hello") == std::string_view::npos);
  CHECK(FindInvalidUtf8("\xF0\x9F\x98\x80") == std::string_view::npos);  // U+1F600
  CHECK(FindInvalidUtf8("ab\xC0\xAF") == 2);                             // overlong '/'
  CHECK(FindInvalidUtf8("\xED\xA0\x80") == 0);                           // U+D800
  CHECK(FindInvalidUtf8("x\xF4\x90\x80\x80") == 1);                      // > U+10FFFF
  CHECK(FindInvalidUtf8("\xE2\x82") == 0);                               // truncated
}

TEST_CASE("JsonPointerToken escapes ~ and /", "[json]") {
  CHECK(JsonPointerToken("a/b~c") == "a~1b~0c");
}

TEST_CASE("JsonPointerAt names the field holding a byte, even in broken JSON", "[json]") {
  std::string json =
      R"({"id": "x", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "BAD"}]})";
  CHECK(JsonPointerAt(json, json.find("BAD")) == "/messages/1/content");
  CHECK(JsonPointerAt(json, json.find("\"x\"")) == "/id");
  std::string broken = R"({"a": {"b": [1, 2, "BAD)";
  CHECK(JsonPointerAt(broken, broken.find("BAD")) == "/a/b/2");
}

TEST_CASE("RecoverId finds a top-level id in text that is not valid JSON", "[json]") {
  CHECK(RecoverId(R"({"id": "abc", "messages": [)") == "\"abc\"");
  CHECK(RecoverId(R"({"x": {"id": "inner"}, "id": 42, )") == "42");
  CHECK(RecoverId(R"({"messages": [], "response": "no id)") == "");
  CHECK(RecoverId(R"({"id": {"nested": 1}})") == "");
  // Invalid UTF-8 in the id is replaced, so the id written back is valid JSON.
  CHECK(RecoverId("{\"id\": \"a\xff\"") == "\"a\xEF\xBF\xBD\"");
}

TEST_CASE("CanonicalJson sorts keys and ignores layout and number spelling", "[json]") {
  simdjson::dom::parser p1;
  simdjson::dom::parser p2;
  simdjson::dom::element a =
      p1.parse(std::string(R"({"b": [1, 2.0, {"y": 1, "x": true}], "a": "s"})"));
  simdjson::dom::element b = p2.parse(std::string(R"({"a":"s","b":[1.0,2,{"x":true,"y":1e0}]})"));
  CHECK(CanonicalJson(a) == CanonicalJson(b));
  CHECK(CanonicalJson(a) == R"({"a":"s","b":[1,2,{"x":true,"y":1}]})");
  CHECK(Fnv1a64Hex("") == "cbf29ce484222325");
  CHECK(Fnv1a64Hex("a") == "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace rewardkit::internal
