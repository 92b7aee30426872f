// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Runs the golden cases of tests/golden/normalize.jsonl (ParseNumber,
// NormalizeText, NormalizeLatex) and tests/golden/compare.jsonl (every
// comparator kind, configured through ParseCompareOptions as a spec would).

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/compare.h"
#include "rewardkit/normalize.h"
#include "rewardkit/spec.h"
#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

// Sets `*out` from the boolean field `key` of `options`, when present.
void ReadBool(simdjson::dom::element options, const char* key, bool* out) {
  bool value = false;
  if (options[key].get(value) == simdjson::SUCCESS) *out = value;
}

std::vector<std::string> ReadStrings(simdjson::dom::element options, const char* key) {
  std::vector<std::string> out;
  simdjson::dom::array array;
  if (options[key].get(array) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element e : array) {
    std::string_view s;
    if (e.get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

TEST_CASE("golden normalizer cases", "[normalize][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/normalize.jsonl"));
  REQUIRE(lines.size() >= 60);
  simdjson::dom::parser parser;
  simdjson::dom::parser empty_parser;
  simdjson::dom::element no_options;
  REQUIRE(empty_parser.parse(std::string_view("{}")).get(no_options) == simdjson::SUCCESS);
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string kind = testing::GetString(doc, "normalizer");
    const std::string input = testing::GetString(doc, "input");
    INFO("normalize.jsonl line " << line.line << ": " << note);
    REQUIRE_FALSE(note.empty());

    std::optional<std::string> expected;
    simdjson::dom::element output;
    REQUIRE(doc["output"].get(output) == simdjson::SUCCESS);
    if (!output.is_null()) {
      std::string_view s;
      REQUIRE(output.get(s) == simdjson::SUCCESS);
      expected = std::string(s);
    }
    simdjson::dom::element options = no_options;
    if (doc["options"].get(options) != simdjson::SUCCESS) options = no_options;

    if (kind == "number") {
      NumberOptions o;
      o.units = ReadStrings(options, "units");
      ReadBool(options, "percent_is_fraction", &o.percent_is_fraction);
      ReadBool(options, "drop_any_trailing_word", &o.drop_any_trailing_word);
      const std::optional<Number> n = ParseNumber(input, o);
      const std::optional<std::string> got =
          n ? std::optional<std::string>(n->ToString()) : std::nullopt;
      CHECK(got == expected);
    } else if (kind == "text") {
      TextOptions o;
      ReadBool(options, "lowercase", &o.lowercase);
      ReadBool(options, "strip_punctuation", &o.strip_punctuation);
      ReadBool(options, "remove_articles", &o.remove_articles);
      ReadBool(options, "collapse_whitespace", &o.collapse_whitespace);
      REQUIRE(expected.has_value());
      CHECK(NormalizeText(input, o) == *expected);
    } else if (kind == "latex") {
      LatexOptions o;
      o.units = ReadStrings(options, "units");
      ReadBool(options, "strip_degrees", &o.strip_degrees);
      ReadBool(options, "strip_percent", &o.strip_percent);
      ReadBool(options, "strip_dollars", &o.strip_dollars);
      ReadBool(options, "drop_trailing_text_units", &o.drop_trailing_text_units);
      REQUIRE(expected.has_value());
      CHECK(NormalizeLatex(input, o) == *expected);
    } else {
      FAIL("unknown normalizer \"" << kind << "\"");
    }
  }
}

TEST_CASE("golden comparison cases", "[compare][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/compare.jsonl"));
  REQUIRE(lines.size() >= 90);
  simdjson::dom::parser parser;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string answer = testing::GetString(doc, "answer");
    const std::string reference = testing::GetString(doc, "reference");
    std::string compare = testing::GetRaw(doc, "compare");
    if (compare.empty()) compare = R"({"type":"math"})";
    bool expected = false;
    REQUIRE(doc["equal"].get(expected) == simdjson::SUCCESS);
    INFO("compare.jsonl line " << line.line << ": " << note << "\n  answer:    " << answer
                               << "\n  reference: " << reference);
    REQUIRE_FALSE(note.empty());

    absl::StatusOr<CompareOptions> options = ParseCompareOptions(compare);
    INFO("options: " << options.status().ToString());
    REQUIRE(options.ok());
    absl::StatusOr<std::unique_ptr<Comparator>> comparator = Comparator::Create(*options);
    INFO("create: " << comparator.status().ToString());
    REQUIRE(comparator.ok());

    const Comparison c = (*comparator)->Compare(answer, reference);
    INFO("method " << c.method << ", reason " << ReasonName(c.reason) << ", normalized \""
                   << c.normalized_answer << "\" vs \"" << c.normalized_reference << "\"");
    CHECK(c.equal == expected);
    CHECK((c.reason == Reason::kNone) == c.equal);
    CHECK_FALSE(c.method.empty());
  }
}

}  // namespace
}  // namespace rewardkit
