// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Scores the real model outputs in ../shared/data with the shipped specs and
// checks the verdicts against the data sets' own correctness labels:
//   * 5,276 GPT-3 GSM8K solutions, labelled by OpenAI: 100% agreement;
//   * 800 Qwen2.5-Math MATH responses, labelled by Qwen's grader: >= 99%.
// docs/agreement.md lists and judges every disagreement.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rewardkit/evaluator.h"
#include "test_util.h"

namespace rewardkit {
namespace {

struct Agreement {
  size_t samples = 0;
  size_t agree = 0;
  size_t errors = 0;
  std::vector<std::string> disagreements;
};

Agreement ScoreAgainstLabels(const std::string& spec, const std::string& data) {
  auto evaluator = Evaluator::Create(testing::ReadFile(testing::SourcePath(spec)));
  REQUIRE(evaluator.ok());
  std::string text = testing::ReadFile(testing::SharedDataPath(data));
  Context context;
  simdjson::dom::parser parser;
  Agreement a;
  for (const BatchItem& item : SplitBatch(text)) {
    // The shared files have no ids; each sample takes its line number.
    simdjson::dom::element row = parser.parse(item.json);
    Result r;
    evaluator.value()->ScoreSample(item.json, std::to_string(item.line), context, &r);
    ++a.samples;
    if (!r.error.empty()) ++a.errors;
    bool label = bool(row["label"]);
    if (label == r.verdict.correct) {
      ++a.agree;
    } else {
      a.disagreements.push_back("line " + std::to_string(item.line) + ": label " +
                                (label ? "true" : "false") + ", answer \"" + r.verdict.answer +
                                "\" vs \"" + r.verdict.normalized_reference + "\" (" +
                                std::string(r.verdict.reason) + ")");
    }
  }
  return a;
}

TEST_CASE("GSM8K: 100% agreement with OpenAI's labels on 5,276 GPT-3 solutions", "[data]") {
  Agreement a = ScoreAgainstLabels("examples/specs/gsm8k.json", "gsm8k_model_samples.jsonl");
  for (const std::string& d : a.disagreements) UNSCOPED_INFO(d);
  CHECK(a.samples == 5276);
  CHECK(a.errors == 0);
  CHECK(a.agree == a.samples);
}

TEST_CASE("MATH: at least 99% agreement with Qwen's grader on 800 Qwen2.5-Math responses",
          "[data]") {
  Agreement a = ScoreAgainstLabels("examples/specs/math.json", "math_qwen25_samples.jsonl");
  for (const std::string& d : a.disagreements) UNSCOPED_INFO(d);
  CHECK(a.samples == 800);
  CHECK(a.errors == 0);
  CHECK(a.agree * 100 >= a.samples * 99);
}

}  // namespace
}  // namespace rewardkit
