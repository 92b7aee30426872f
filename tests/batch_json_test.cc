// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Evaluator::ScoreBatchJson against ScoreBatch then AppendResultsJson: the
// same bytes, for every spec, every sample shape and fault, every output
// option, and the real data sets. For specs of one correctness component it
// writes most results from its own path, so any difference in what that
// path reads, scores or writes shows here.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "rewardkit/evaluator.h"
#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

using testing::ReadFile;
using testing::ReadJsonLines;
using testing::SharedDataPath;
using testing::SourcePath;

// The specs: every shipped and test spec, and specs of one correctness
// component with each aggregate method, weights and scores that are not 0
// and 1 (-0 among them), one with a small max_response_bytes, and one that
// normalizes (which ScoreBatchJson leaves to the general path).
std::vector<std::pair<std::string, std::string>> Specs() {
  std::vector<std::pair<std::string, std::string>> specs;
  for (const char* path :
       {"examples/specs/gsm8k.json", "examples/specs/math.json", "examples/specs/sentiment.json",
        "examples/specs/structured_json.json", "examples/specs/support_reply.json",
        "tests/data/all_components.json", "tests/data/text_and_format.json"}) {
    specs.emplace_back(path, ReadFile(SourcePath(path)));
  }
  const std::string correctness = R"({"type":"correctness","name":"NAME","weight":WEIGHT,
      "extract":{"think":"strip","extractors":[{"type":"marker","markers":["####"]},
      {"type":"boxed"}]},"compare":{"type":"numeric"},
      "scores":{"correct":1,"wrong":-0.0,"no_answer":-1,"fallback_correct":0.5}})";
  for (const std::string method : {"weighted_sum", "weighted_mean"}) {
    for (const std::string weight : {"1", "0.3", "0"}) {
      for (const std::string name : {"correctness", "a \\\"quoted\\\" name"}) {
        std::string c = correctness;
        c.replace(c.find("WEIGHT"), 6, weight);
        c.replace(c.find("NAME"), 4, name);
        specs.emplace_back(method + ", weight " + weight + ", name " + name,
                           R"({"version":"rewardkit/v1","error_score":-2,"aggregate":{"method":")" +
                               method + R"("},"components":[)" + c + "]}");
      }
    }
  }
  std::string normalized = correctness;
  normalized.replace(normalized.find("WEIGHT"), 6, "1");
  normalized.replace(normalized.find("NAME"), 4, "correctness");
  // Responses over max_response_bytes: an error on either path.
  std::string capped = correctness;
  capped.replace(capped.find("WEIGHT"), 6, "1");
  capped.replace(capped.find("NAME"), 4, "correctness");
  specs.emplace_back("max_response_bytes 24",
                     R"({"version":"rewardkit/v1","input":{"max_response_bytes":24},"components":[)" +
                         capped + "]}");
  specs.emplace_back("batch normalization",
                     R"({"version":"rewardkit/v1","normalize":{"method":"batch"},"components":[)" +
                         normalized + "]}");
  return specs;
}

// Scores `batch` both ways, with each output option, in place and copied,
// and checks the two agree: the status, and the bytes appended after what
// `out` held.
void CheckSame(const Evaluator& evaluator, const std::string& batch, bool json_lines,
               Context& context) {
  std::string padded = batch;
  padded.reserve(batch.size() + Evaluator::kBatchPadding);
  for (int option = 0; option < 3; ++option) {
    OutputOptions options;
    if (option == 1) options.explain = true;
    if (option == 2) options.spec_hash = evaluator.spec_hash();
    INFO("output option " << option);
    std::vector<Result> results;
    const absl::Status want_status = evaluator.ScoreBatch(batch, json_lines, context, &results);
    std::string want = "prefix";
    if (want_status.ok()) AppendResultsJson(results, options, &want);
    for (bool in_place : {false, true}) {
      INFO((in_place ? "ScoreBatchJsonPadded" : "ScoreBatchJson"));
      std::string got = "prefix";
      const absl::Status status =
          in_place ? evaluator.ScoreBatchJsonPadded(padded, json_lines, options, context, &got)
                   : evaluator.ScoreBatchJson(batch, json_lines, options, context, &got);
      CHECK(status == want_status);
      CHECK(got == want);
    }
  }
}

// The lines of a JSON Lines file that are samples (not comments or blank).
std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines;
  for (const auto& line : ReadJsonLines(path)) lines.push_back(line.text);
  return lines;
}

std::string Array(const std::vector<std::string>& samples) {
  std::string array = "[";
  for (size_t i = 0; i < samples.size(); ++i) array += (i ? "," : "") + samples[i];
  return array + "]";
}

TEST_CASE("ScoreBatchJson writes what ScoreBatch and AppendResultsJson write",
          "[evaluator][batch_json]") {
  // Every kind of sample: well formed and faulty ones from
  // tests/data/batch_json_edges.jsonl, tests/golden/samples.jsonl's samples
  // and tests/data/malformed.jsonl's lines.
  std::vector<std::string> good;  // samples that parse on their own
  std::vector<std::string> all;
  simdjson::dom::parser parser;
  for (const std::string& line : Lines(SourcePath("tests/data/batch_json_edges.jsonl"))) {
    all.push_back(line);
    simdjson::dom::element e;
    if (parser.parse(line).get(e) == simdjson::SUCCESS) good.push_back(line);
  }
  for (const auto& c : ReadJsonLines(SourcePath("tests/golden/samples.jsonl"))) {
    simdjson::dom::element e = parser.parse(c.text);
    const std::string sample = testing::GetRaw(e, "sample");
    if (!sample.empty()) good.push_back(sample);
  }
  for (const std::string& line : Lines(SourcePath("tests/data/malformed.jsonl"))) {
    all.push_back(line);
  }
  // An id longer than the writer's buffer, and a response that is not.
  good.push_back(R"({"id":")" + std::string(9000, 'i') +
                 R"(","response":"#### 18","reference_answer":"18"})");
  good.push_back(R"({"id":"long","response":")" + testing::Repeat("so on ", 20000) +
                 R"(#### 18","reference_answer":"18"})");
  REQUIRE(good.size() >= 60);

  size_t checked = 0;
  for (const auto& [name, text] : Specs()) {
    INFO("spec " << name);
    auto evaluator = Evaluator::Create(text);
    INFO(evaluator.status());
    REQUIRE(evaluator.ok());
    Context context;
    // Samples that parse, as one array: the whole batch parsed at once.
    CheckSame(**evaluator, Array(good), false, context);
    // The same many times over: results across many writer buffers.
    std::vector<std::string> many;
    for (int k = 0; k < 40; ++k) many.insert(many.end(), good.begin(), good.end());
    CheckSame(**evaluator, Array(many), false, context);
    // Each sample alone, and wrapped as {"trajectories": [...]}.
    for (const std::string& sample : good) {
      INFO(sample.substr(0, 200));
      CheckSame(**evaluator, "[" + sample + "]", false, context);
    }
    CheckSame(**evaluator, R"({"trajectories":)" + Array(good) + "}", false, context);
    // With malformed samples: each parsed on its own, as an array and as
    // JSON Lines.
    CheckSame(**evaluator, Array(all), false, context);
    std::string lines;
    for (const std::string& sample : all) lines += sample + "\n";
    CheckSame(**evaluator, lines, true, context);
    // Not batches: the same error, nothing written.
    CheckSame(**evaluator, lines, false, context);
    CheckSame(**evaluator, "  ", false, context);
    CheckSame(**evaluator, "[]", false, context);
    ++checked;
  }
  CHECK(checked == Specs().size());
}

// Flat and chat batches of real model outputs, as batch_bench builds them.
std::string RealBatch(const std::string& file, size_t first, size_t count, bool chat) {
  const std::string text = ReadFile(SharedDataPath(file));
  simdjson::dom::parser parser;
  std::vector<std::string> samples;
  size_t line = 0;
  for (const BatchItem& item : SplitBatch(text)) {
    if (line++ < first) continue;
    if (samples.size() == count) break;
    simdjson::dom::element row = parser.parse(item.json);
    const std::string response = simdjson::minify(row["response"]);
    const std::string reference = simdjson::minify(row["reference_answer"]);
    const std::string id = std::to_string(line);
    samples.push_back(chat ? R"({"id":")" + id + R"(","messages":[{"role":"user","content":"q"},)" +
                                 R"({"role":"assistant","content":)" + response +
                                 R"(}],"metadata":{"reference_answer":)" + reference + "}}"
                           : R"({"id":)" + id + R"(,"response":)" + response +
                                 R"(,"reference_answer":)" + reference + "}");
  }
  return Array(samples);
}

TEST_CASE("ScoreBatchJson writes what ScoreBatch does on the real data sets",
          "[evaluator][batch_json][data]") {
  auto gsm8k = Evaluator::Create(ReadFile(SourcePath("examples/specs/gsm8k.json")));
  auto math = Evaluator::Create(ReadFile(SourcePath("examples/specs/math.json")));
  REQUIRE(gsm8k.ok());
  REQUIRE(math.ok());
  Context context;
  context.set_verdict_texts(false);  // as a reward service scores
  for (size_t first = 0; first < 5276; first += 1024) {
    INFO("GSM8K from line " << first);
    CheckSame(**gsm8k, RealBatch("gsm8k_model_samples.jsonl", first, 1024, false), false, context);
    CheckSame(**gsm8k, RealBatch("gsm8k_model_samples.jsonl", first, 1024, true), false, context);
  }
  for (size_t first = 0; first < 800; first += 400) {
    INFO("MATH from line " << first);
    CheckSame(**math, RealBatch("math_qwen25_samples.jsonl", first, 400, false), false, context);
  }
}

}  // namespace
}  // namespace rewardkit
