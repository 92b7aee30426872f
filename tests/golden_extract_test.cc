// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Runs the golden extraction cases of tests/golden/extract.jsonl. Each line
// holds an "extract" object (a chain, or a lone extractor as a chain of one),
// a "response", the expected "answer" (null for none), optionally the
// "extractor" expected to match, and a "note" saying what the case is about.

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "extract_internal.h"
#include "rewardkit/extract.h"
#include "rewardkit/spec.h"
#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

TEST_CASE("golden extraction cases", "[extract][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/extract.jsonl"));
  REQUIRE(lines.size() >= 80);
  simdjson::dom::parser parser;
  // For internal::FindAnswer, as the components call it: one parser reused
  // across all the cases.
  simdjson::dom::parser reused_parser;
  size_t ran = 0;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string response = testing::GetString(doc, "response");
    const std::string extract = testing::GetRaw(doc, "extract");
    INFO("extract.jsonl line " << line.line << ": " << note);
    REQUIRE_FALSE(note.empty());
    REQUIRE_FALSE(extract.empty());

    std::optional<std::string> expected;
    simdjson::dom::element answer;
    REQUIRE(doc["answer"].get(answer) == simdjson::SUCCESS);
    if (!answer.is_null()) {
      std::string_view a;
      REQUIRE(answer.get(a) == simdjson::SUCCESS);
      expected = std::string(a);
    }

    absl::StatusOr<ExtractorChainOptions> options = ParseExtractorChainOptions(extract);
    INFO("parse: " << options.status().ToString());
    REQUIRE(options.ok());
    absl::StatusOr<std::unique_ptr<ExtractorChain>> chain =
        ExtractorChain::Create(*std::move(options));
    INFO("create: " << chain.status().ToString());
    REQUIRE(chain.ok());

    const std::optional<Extraction> got = (*chain)->Extract(response);
    std::string_view found;
    int found_index = -1;
    const bool any = internal::FindAnswer(**chain, response, reused_parser, &found, &found_index);
    REQUIRE(any == got.has_value());
    if (got) {
      CHECK(found.data() == got->text.data());
      CHECK(found.size() == got->text.size());
      CHECK(found_index == got->index);
    } else {
      CHECK(found_index == -1);
    }
    const std::optional<std::string> got_text =
        got ? std::optional<std::string>(std::string(got->text)) : std::nullopt;
    CHECK(got_text == expected);
    if (got) {
      CHECK(response.substr(got->offset, got->text.size()) == got->text);
      const std::string want_extractor = testing::GetString(doc, "extractor");
      if (!want_extractor.empty()) CHECK(got->extractor == want_extractor);
    }
    ++ran;
  }
  CHECK(ran == lines.size());
}

}  // namespace
}  // namespace rewardkit
