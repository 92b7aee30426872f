// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of the evaluator: specs, the service sample shapes, bad input, batch
// splitting, the result JSON, and sharing one evaluator across threads.

#include "rewardkit/evaluator.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "json_util.h"
#include "test_util.h"

namespace rewardkit {
namespace {

using testing::GetRaw;
using testing::GetString;
using testing::ReadFile;
using testing::ReadJsonLines;
using testing::SourcePath;

std::unique_ptr<Evaluator> LoadSpec(const std::string& relative) {
  auto e = Evaluator::Create(ReadFile(SourcePath(relative)));
  INFO(relative << ": " << e.status().ToString());
  REQUIRE(e.ok());
  return *std::move(e);
}

// Splits a multi-line status message into its lines.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

TEST_CASE("the shipped specs compile", "[evaluator]") {
  for (const char* spec : {"examples/specs/gsm8k.json", "examples/specs/math.json"}) {
    auto e = LoadSpec(spec);
    CHECK_FALSE(e->name().empty());
    CHECK(e->spec_hash().size() == 16);
  }
}

TEST_CASE("the spec hash ignores layout and key order, not content", "[evaluator]") {
  const char* a =
      R"({"version":"rewardkit/v1","name":"x","components":[{"type":"correctness","extract":{"type":"boxed"}}]})";
  const char* b =
      R"({ "name" : "x", "components" : [ { "extract" : { "type" : "boxed" }, "type" : "correctness" } ], "version" : "rewardkit/v1" })";
  const char* c =
      R"({"version":"rewardkit/v1","name":"y","components":[{"type":"correctness","extract":{"type":"boxed"}}]})";
  auto ea = Evaluator::Create(a);
  auto eb = Evaluator::Create(b);
  auto ec = Evaluator::Create(c);
  REQUIRE(ea.ok());
  REQUIRE(eb.ok());
  REQUIRE(ec.ok());
  CHECK((*ea)->spec_hash() == (*eb)->spec_hash());
  CHECK((*ea)->spec_hash() != (*ec)->spec_hash());
}

// tests/golden/spec_errors.jsonl: each invalid spec must fail with exactly the
// listed errors, each naming its field by JSON Pointer.
TEST_CASE("invalid specs name every bad field", "[evaluator][golden]") {
  auto cases = ReadJsonLines(SourcePath("tests/golden/spec_errors.jsonl"));
  REQUIRE(cases.size() >= 10);
  simdjson::dom::parser parser;
  for (const auto& c : cases) {
    simdjson::dom::element e = parser.parse(c.text);
    std::string spec = GetRaw(e, "spec");
    if (spec.empty()) spec = GetString(e, "spec_text");
    INFO("line " << c.line << ": " << GetString(e, "note"));
    auto evaluator = Evaluator::Create(spec);
    REQUIRE_FALSE(evaluator.ok());
    CHECK(evaluator.status().code() == absl::StatusCode::kInvalidArgument);
    std::vector<std::string> got = Lines(std::string(evaluator.status().message()));
    std::vector<std::string> want;
    for (auto w : e["errors"].get_array()) want.emplace_back(std::string_view(w.get_string()));
    INFO("got:\n" << std::string(evaluator.status().message()));
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      CHECK(got[i].rfind(want[i], 0) == 0);
    }
  }
}

// tests/golden/samples.jsonl: service-shaped samples and what they score.
TEST_CASE("samples in every service shape score as expected", "[evaluator][golden]") {
  auto cases = ReadJsonLines(SourcePath("tests/golden/samples.jsonl"));
  REQUIRE(cases.size() >= 10);
  simdjson::dom::parser parser;
  Context context;
  std::map<std::string, std::unique_ptr<Evaluator>> specs;
  for (const auto& c : cases) {
    simdjson::dom::element e = parser.parse(c.text);
    std::string spec = GetString(e, "spec");
    if (!specs.count(spec)) specs[spec] = LoadSpec(spec);
    std::string sample = GetRaw(e, "sample");
    if (sample.empty()) sample = GetString(e, "sample_text");
    INFO("line " << c.line << ": " << GetString(e, "note"));
    Result r;
    std::string json;
    specs[spec]->ScoreJson(sample, context, &json, &r);
    CHECK(r.aggregate == Approx(double(e["score"])));
    std::string want_error = GetString(e, "error");
    if (want_error.empty()) {
      CHECK(r.error.empty());
    } else {
      CHECK_THAT(r.error, Catch::Contains(want_error));
    }
    std::string answer = GetString(e, "answer", "\x01");
    if (answer != "\x01") CHECK(r.verdict.answer == answer);
    std::string extractor = GetString(e, "extractor");
    if (!extractor.empty()) CHECK(r.verdict.extractor == extractor);
    std::string id = GetString(e, "id");  // the raw JSON text the result must carry
    if (!id.empty()) CHECK(r.id == id);
    // The result is always one valid JSON object of the service's shape.
    simdjson::dom::parser out_parser;
    simdjson::dom::element out;
    REQUIRE(out_parser.parse(json).get(out) == simdjson::SUCCESS);
    CHECK((out["aggregate_reward_score"].is_double() || out["aggregate_reward_score"].is_int64()));
    CHECK(out["metrics_list"].is_array());
  }
}

// The malformed-input file gets exactly one result per line, in order, each
// with its id and an error naming the field.
TEST_CASE("malformed input: one result per line, errors name the field", "[evaluator]") {
  std::string text = ReadFile(SourcePath("tests/data/malformed.jsonl"));
  auto expected = ReadJsonLines(SourcePath("tests/data/malformed.expected.jsonl"));
  auto items = SplitBatch(text);
  REQUIRE(items.size() == expected.size());
  auto evaluator = LoadSpec("examples/specs/gsm8k.json");
  Context context;
  simdjson::dom::parser parser;
  for (size_t i = 0; i < items.size(); ++i) {
    simdjson::dom::element want = parser.parse(expected[i].text);
    INFO("line " << items[i].line);
    CHECK(items[i].line == i + 1);
    Result r;
    std::string json;
    evaluator->ScoreJson(items[i].json, context, &json, &r);
    CHECK(r.id == GetRaw(want, "id"));
    CHECK(r.aggregate == Approx(double(want["score"])));
    std::string error = GetString(want, "error");
    if (error.empty()) {
      CHECK(r.error.empty());
    } else {
      CHECK_THAT(r.error, Catch::Contains(error));
      CHECK(r.metrics.size() == 1);
      CHECK(r.metrics[0].name == "error");
    }
    simdjson::dom::parser out_parser;
    simdjson::dom::element out;
    CHECK(out_parser.parse(json).get(out) == simdjson::SUCCESS);
  }
}

// tests/golden/batches.jsonl: how batch text splits into samples.
TEST_CASE("batches split into samples without losing any", "[evaluator][golden]") {
  auto cases = ReadJsonLines(SourcePath("tests/golden/batches.jsonl"));
  REQUIRE(cases.size() >= 6);
  simdjson::dom::parser parser;
  for (const auto& c : cases) {
    simdjson::dom::element e = parser.parse(c.text);
    INFO("line " << c.line << ": " << GetString(e, "note"));
    std::string text = GetString(e, "text");
    auto items = SplitBatch(text);
    simdjson::dom::array want = e["items"].get_array();
    REQUIRE(items.size() == want.size());
    size_t i = 0;
    for (simdjson::dom::element w : want) {
      CHECK(items[i].json == std::string_view(w["json"].get_string()));
      CHECK(items[i].line == uint64_t(w["line"]));
      CHECK(items[i].error.empty() == !bool(w["error"]));
      ++i;
    }
  }
}

TEST_CASE("a 10 MB response is scored, not a crash", "[evaluator]") {
  auto evaluator = LoadSpec("examples/specs/math.json");
  Context context;
  std::string response(10u << 20, 'x');
  for (size_t i = 0; i + 7 < response.size(); i += 4096) response.replace(i, 7, "\\boxed{");
  response += " so \\boxed{42}";
  Sample s;
  s.response = response;
  s.reference = "42";
  Result r;
  evaluator->Score(s, context, &r);
  CHECK(r.error.empty());
  CHECK(r.verdict.answer == "42");
  CHECK(r.aggregate == 1.0);
}

TEST_CASE("a response over max_response_bytes is an error for that sample", "[evaluator]") {
  auto e = Evaluator::Create(R"({"version":"rewardkit/v1","input":{"max_response_bytes":10},
      "components":[{"type":"correctness","extract":{"type":"boxed"}}]})");
  REQUIRE(e.ok());
  Context context;
  Result r;
  std::string json;
  (*e)->ScoreJson(
      R"({"id":"a","response":"\\boxed{1} is more than ten bytes","reference_answer":"1"})",
      context, &json, &r);
  CHECK_THAT(r.error, Catch::Contains("max_response_bytes"));
}

// One evaluator shared by 8 threads, each with its own Context, gives exactly
// the results of one thread.
TEST_CASE("one evaluator shared by 8 threads gives the single-thread results",
          "[evaluator][threads]") {
  auto evaluator = LoadSpec("examples/specs/gsm8k.json");
  std::string text = ReadFile(SourcePath("examples/data/gsm8k_bedrock.jsonl"));
  text += ReadFile(SourcePath("tests/data/malformed.jsonl"));
  auto items = SplitBatch(text);
  std::vector<std::string> expected(items.size());
  {
    Context context;
    for (size_t i = 0; i < items.size(); ++i)
      evaluator->ScoreJson(items[i].json, context, &expected[i]);
  }
  std::vector<std::vector<std::string>> got(8, std::vector<std::string>(items.size()));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Context context;
      for (int round = 0; round < 4; ++round) {
        for (size_t i = 0; i < items.size(); ++i) {
          size_t k = (i + t * 13) % items.size();  // a different order per thread
          got[t][k].clear();
          evaluator->ScoreJson(items[k].json, context, &got[t][k]);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < 8; ++t) CHECK(got[t] == expected);
}

}  // namespace
}  // namespace rewardkit

namespace rewardkit {
namespace {

TEST_CASE("a sample that cannot be scored gets the spec's error_score", "[evaluator]") {
  auto e = Evaluator::Create(R"({"version":"rewardkit/v1","error_score":0.5,
      "components":[{"type":"correctness","extract":{"type":"boxed"}}]})");
  REQUIRE(e.ok());
  Context context;
  Result r;
  (*e)->ScoreSample(R"({"id":"a","response":"\\boxed{1}"})", context, &r);
  CHECK(r.aggregate == 0.5);
  CHECK(r.id == "\"a\"");
  // SetError keeps the id and gives the same score.
  (*e)->ScoreSample(R"({"id":"b","response":"\\boxed{1}","reference_answer":"1"})", context, &r);
  CHECK(r.aggregate == 1.0);
  (*e)->SetError("found bad by the caller", &r);
  CHECK(r.aggregate == 0.5);
  CHECK(r.id == "\"b\"");
  CHECK(r.error == "found bad by the caller");
  REQUIRE(r.metrics.size() == 1);
  CHECK(r.metrics[0].name == "error");
  CHECK_FALSE(r.verdict.answer_found);
}

}  // namespace
}  // namespace rewardkit

namespace rewardkit {
namespace {

TEST_CASE("partial credit: wrong, no answer, and a fallback extractor's answer", "[evaluator]") {
  auto e = Evaluator::Create(R"({"version":"rewardkit/v1","components":[{"type":"correctness",
      "extract":{"extractors":[{"type":"marker","markers":["####"]},{"type":"last_number"}]},
      "compare":{"type":"numeric"},
      "scores":{"correct":1,"wrong":0.1,"no_answer":-1,"fallback_correct":0.5}}]})");
  REQUIRE(e.ok());
  Context context;
  Result r;
  auto score = [&](std::string_view response) {
    Sample s;
    s.response = response;
    s.reference = "18";
    (*e)->Score(s, context, &r);
    return r.aggregate;
  };
  CHECK(score("so #### 18") == 1.0);
  CHECK_FALSE(r.verdict.fallback);
  CHECK(score("so #### 17") == 0.1);
  CHECK(r.verdict.reason == "mismatch");
  CHECK(score("she makes 18 a day") == 0.5);
  CHECK(r.verdict.fallback);
  CHECK(r.verdict.extractor == "last_number");
  CHECK(r.verdict.extractor_index == 1);
  CHECK(score("no digits at all") == -1.0);
  CHECK(r.verdict.reason == "no_answer");

  // Without verdict texts the decision is the same; only the texts are gone.
  CHECK(score("so #### 17.0") == 0.1);
  CHECK(r.verdict.answer == "17.0");
  CHECK(r.verdict.normalized_answer == "17");
  CHECK(r.verdict.normalized_reference == "18");
  context.set_verdict_texts(false);
  CHECK_FALSE(context.verdict_texts());
  CHECK(score("so #### 17.0") == 0.1);
  CHECK(r.verdict.answer_found);
  CHECK(r.verdict.reason == "mismatch");
  CHECK(r.verdict.extractor == "marker");
  CHECK(r.verdict.answer.empty());
  CHECK(r.verdict.normalized_answer.empty());
  CHECK(r.verdict.normalized_reference.empty());
  CHECK(score("she makes 18 a day") == 0.5);
  CHECK(r.verdict.correct);
}

TEST_CASE("the aggregate is the weighted sum of the components", "[evaluator]") {
  auto e = Evaluator::Create(R"({"version":"rewardkit/v1","components":[
      {"type":"correctness","name":"boxed","weight":0.75,"extract":{"type":"boxed"}},
      {"type":"correctness","name":"tagged","weight":0.25,"extract":{"type":"tag"}}]})");
  REQUIRE(e.ok());
  Context context;
  Result r;
  Sample s;
  s.response = "<answer>3</answer> and \\boxed{4}";
  s.reference = "4";
  (*e)->Score(s, context, &r);
  CHECK(r.aggregate == 0.75);
  REQUIRE(r.metrics.size() == 5);
  CHECK(r.metrics[0].name == "boxed");
  CHECK(r.metrics[0].reward);
  CHECK(r.metrics[1].name == "boxed_answer_found");
  CHECK_FALSE(r.metrics[1].reward);
  CHECK(r.metrics[2].name == "tagged");
  CHECK(r.metrics[2].value == 0.0);
  CHECK(r.metrics[4].name == "error");
}

TEST_CASE("a lone correctness component scores as the general plan does", "[evaluator]") {
  // Specs of one correctness component take a shorter path through
  // ScoreText; a second component that is not a reward (so changes no
  // score) sends the same spec down the general one.
  const std::string correctness = R"({"type":"correctness","weight":WEIGHT,
      "extract":{"think":"strip","extractors":[{"type":"marker","markers":["####"]},
      {"type":"last_number"}]},"compare":{"type":"numeric"},
      "scores":{"correct":1,"wrong":-0.0,"no_answer":-1,"fallback_correct":0.5}})";
  const std::string extra = R"({"type":"similarity","metric":"token_f1","reward":false})";
  const std::vector<std::string> responses = {"so #### 18", "so #### 17", "she makes 18 a day",
                                              "no digits", "<think>18", "x</think>#### 18"};
  size_t compared = 0;
  for (const std::string method : {"weighted_sum", "weighted_mean"}) {
    for (const std::string weight : {"1", "0.3", "2.5", "0"}) {
      std::string c = correctness;
      c.replace(c.find("WEIGHT"), 6, weight);
      auto spec = [&](const std::string& components) {
        return R"({"version":"rewardkit/v1","aggregate":{"method":")" + method +
               R"("},"components":[)" + components + "]}";
      };
      auto lone = Evaluator::Create(spec(c));
      auto general = Evaluator::Create(spec(c + "," + extra));
      INFO(method << " weight " << weight << ": " << lone.status() << general.status());
      REQUIRE(lone.ok());
      REQUIRE(general.ok());
      Context context;
      Result a;
      Result b;
      for (const std::string& response : responses) {
        Sample s;
        s.response = response;
        s.reference = "18";
        (*lone)->Score(s, context, &a);
        (*general)->Score(s, context, &b);
        INFO(response);
        CHECK(a.aggregate == b.aggregate);
        CHECK(std::signbit(a.aggregate) == std::signbit(b.aggregate));
        REQUIRE(a.metrics.size() == 3);
        REQUIRE(b.metrics.size() == 4);
        for (size_t i = 0; i < 2; ++i) {
          CHECK(a.metrics[i].name == b.metrics[i].name);
          CHECK(a.metrics[i].value == b.metrics[i].value);
          CHECK(a.metrics[i].reward == b.metrics[i].reward);
        }
        CHECK(a.metrics[2].name == "error");
        CHECK(a.metrics[2].value == 0.0);
        CHECK(a.verdict.reason == b.verdict.reason);
        CHECK(a.verdict.unclosed_think == b.verdict.unclosed_think);
        ++compared;
      }
    }
  }
  CHECK(compared == 48);
}

// tests/golden/batch_events.jsonl: where the array of samples is in an event.
TEST_CASE("the array of samples is found in an event, or the error says why",
          "[evaluator][golden]") {
  auto cases = ReadJsonLines(SourcePath("tests/golden/batch_events.jsonl"));
  REQUIRE(cases.size() >= 12);
  simdjson::dom::parser parser;
  for (const auto& c : cases) {
    simdjson::dom::element e = parser.parse(c.text);
    INFO("line " << c.line << ": " << GetString(e, "note"));
    std::string event = GetString(e, "event");
    std::string error;
    std::string_view array = FindBatchArray(event, &error);
    if (e["array"].is_null()) {
      CHECK(array.empty());
      CHECK_THAT(error, Catch::Matchers::Contains(GetString(e, "error")));
    } else {
      CHECK(array == GetString(e, "array"));
    }
  }
}

TEST_CASE("a batch gets one result per sample, in order, and fails only when not a batch",
          "[evaluator]") {
  auto evaluator = LoadSpec("examples/specs/gsm8k.json");
  Context context;
  std::vector<Result> results;
  const std::string good = R"({"id":"a","response":"#### 18","reference_answer":"18"})";
  const std::string bad_utf8 = "{\"id\":\"b\",\"response\":\"\xff\",\"reference_answer\":\"1\"}";
  const std::string wrong = R"({"id":7,"response":"#### 3","reference_answer":"18"})";
  const std::string malformed = R"({"id":"c","response":})";
  std::string array = "[" + good + "," + bad_utf8 + "," + malformed + "," + wrong + "]";

  for (const std::string& batch :
       {array, "{\"trajectories\":" + array + "}",
        good + "\n" + bad_utf8 + "\n" + malformed + "\n" + wrong + "\n"}) {
    INFO(batch);
    // In place, from a buffer with room to spare, the results are the same.
    std::string padded = batch;
    padded.reserve(batch.size() + Evaluator::kBatchPadding);
    std::vector<Result> in_place;
    REQUIRE(evaluator->ScoreBatchPadded(padded, true, context, &in_place).ok());
    REQUIRE(evaluator->ScoreBatch(batch, true, context, &results).ok());
    REQUIRE(results.size() == 4);
    REQUIRE(in_place.size() == 4);
    for (size_t i = 0; i < 4; ++i) {
      CHECK(in_place[i].id == results[i].id);
      CHECK(in_place[i].aggregate == results[i].aggregate);
      CHECK(in_place[i].error == results[i].error);
    }
    CHECK(results[0].id == "\"a\"");
    CHECK(results[0].aggregate == 1.0);
    CHECK(results[1].id == "\"b\"");
    CHECK_THAT(results[1].error, Catch::Matchers::Contains("invalid UTF-8"));
    CHECK(results[2].id == "\"c\"");
    CHECK_FALSE(results[2].error.empty());
    CHECK(results[3].id == "7");
    CHECK(results[3].aggregate == 0.0);
    CHECK(results[3].error.empty());
  }

  // JSON Lines only when allowed; not a batch at all leaves the results alone.
  absl::Status status = evaluator->ScoreBatch(good + "\n" + wrong, false, context, &results);
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK(results.size() == 4);
  CHECK(evaluator->ScoreBatch("  ", false, context, &results).code() ==
        absl::StatusCode::kInvalidArgument);
  REQUIRE(evaluator->ScoreBatch(" \n ", true, context, &results).ok());  // no lines, no samples
  CHECK(results.empty());
  // JSON Lines whose first line is a wrapper: every line is still a sample.
  REQUIRE(evaluator->ScoreBatch("{\"trajectories\":[" + good + "]}\n" + wrong, true, context,
                                &results)
              .ok());
  REQUIRE(results.size() == 2);
  CHECK_FALSE(results[0].error.empty());
  CHECK(results[1].id == "7");
  CHECK(evaluator->ScoreBatch("[]", false, context, &results).ok());
  CHECK(results.empty());
}

// The result object written piece by piece, the plainest way, to check the
// writer's fast path against.
std::string ReferenceResultJson(const Result& r) {
  auto number = [](double v) {
    std::string s;
    internal::AppendJsonNumber(v, &s);
    return s;
  };
  std::string out = "{\"id\":" + r.id + ",\"aggregate_reward_score\":" + number(r.aggregate) +
                    ",\"metrics_list\":[";
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    out += i ? ",{\"name\":" : "{\"name\":";
    internal::AppendJsonString(r.metrics[i].name, &out);
    out += ",\"value\":" + number(r.metrics[i].value) + ",\"type\":\"";
    out += r.metrics[i].reward ? "Reward\"}" : "Metric\"}";
  }
  return out + "]}";
}

TEST_CASE("results are written the same whatever their names and size", "[evaluator]") {
  // Names that need escaping, a result too large for the writer's stack
  // buffer, a result without metrics, and fractional and negative values.
  static const std::string kLong(300, 'n');
  std::vector<Result> results(4);
  results[0].id = "\"a\"";
  results[0].aggregate = 0.75;
  results[0].metrics = {{"correctness", 1.0, true}, {"len", -0.125, true}, {"error", 0.0, false}};
  results[1].id = "17";
  results[1].aggregate = -1.0;
  results[1].metrics = {{"plain", 1.0, true}, {"caf\xC3\xA9 \"q\"\n", 0.5, false}};
  results[2].id = "\"big\"";
  for (int i = 0; i < 8; ++i) results[2].metrics.push_back({kLong, 1e-7 * i, i % 2 == 0});
  results[3].id = "null";
  results[3].aggregate = 123456789.0;

  std::string expected = "[";
  for (size_t i = 0; i < results.size(); ++i) {
    if (i) expected += ",";
    expected += ReferenceResultJson(results[i]);
  }
  expected += "]";
  std::string out = "prefix";
  AppendResultsJson(results, OutputOptions(), &out);
  CHECK(out == "prefix" + expected);

  // A batch of one layout (the writer's shared pieces), long enough to
  // fill its buffer many times over, with results of other layouts among
  // them, and ids and values of every length. Most results have only
  // values 0, -0 and 1 (the writer's copy of the whole result), the others
  // a value of another kind in any one place.
  std::vector<Result> batch(2000);
  for (size_t i = 0; i < batch.size(); ++i) {
    Result& r = batch[i];
    r.id = i % 7 == 0 ? "\"" + std::string(i % 40, 'x') + "\"" : std::to_string(i);
    const double fraction = 1.0 / static_cast<double>(i + 2);
    r.aggregate = i % 11 == 3 ? -0.5 * static_cast<double>(i) : i % 3 == 0 ? 1.0 : -0.0;
    r.metrics = {{"correctness", i % 13 == 4 ? fraction : i % 2 ? 1.0 : 0.0, true},
                 {"correctness_answer_found", i % 5 == 2 ? fraction : 1.0, false},
                 {"error", i % 17 == 6 ? 2.0 : 0.0, false}};
    if (i % 97 == 5) r = results[i % results.size()];  // another layout
  }
  expected = "[";
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i) expected += ",";
    expected += ReferenceResultJson(batch[i]);
  }
  expected += "]";
  out = "x";
  AppendResultsJson(batch, OutputOptions(), &out);
  CHECK(out == "x" + expected);

  // A layout whose pieces are longer than the writer's fixed-size copy of a
  // short piece (names of 40 to 120 bytes), and one of exactly its size.
  for (size_t name_size : {size_t{27}, size_t{40}, size_t{120}}) {
    const std::string long_name(name_size, 'm');
    std::vector<Result> wide(300);
    expected = "[";
    for (size_t i = 0; i < wide.size(); ++i) {
      Result& r = wide[i];
      r.id = std::to_string(i * 37);
      r.aggregate = i % 2 ? 1.0 : 0.25;
      r.metrics = {{long_name, i % 3 ? 1.0 : 0.0, true}, {"error", 0.0, false}};
      if (i) expected += ",";
      expected += ReferenceResultJson(r);
    }
    expected += "]";
    out.clear();
    AppendResultsJson(wide, OutputOptions(), &out);
    INFO("names of " << name_size << " bytes");
    CHECK(out == expected);
  }

  for (const Result& r : results) {
    out.clear();
    AppendResultJson(r, OutputOptions(), &out);
    CHECK(out == ReferenceResultJson(r));
  }
}

}  // namespace
}  // namespace rewardkit
