// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Composite specs: each component's golden cases (tests/golden/components.jsonl)
// and the properties every composite reward must keep: scores in their
// declared ranges, monotone length bands, gates that always force their value,
// and batch normalization that permuting a batch only permutes.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "rewardkit/evaluator.h"
#include "test_util.h"

namespace rewardkit {
namespace {

using testing::GetRaw;
using testing::GetString;
using testing::ReadFile;
using testing::ReadJsonLines;
using testing::SourcePath;

std::unique_ptr<Evaluator> Compile(const std::string& spec) {
  auto e = Evaluator::Create(spec);
  INFO(spec << "\n" << e.status().ToString());
  REQUIRE(e.ok());
  return *std::move(e);
}

const Metric* FindMetric(const Result& r, std::string_view name) {
  for (const Metric& m : r.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

// tests/golden/components.jsonl: one component (plus any it depends on) and
// the value it must give.
TEST_CASE("every component gives its golden values", "[components][golden]") {
  auto cases = ReadJsonLines(SourcePath("tests/golden/components.jsonl"));
  REQUIRE(cases.size() >= 60);
  simdjson::dom::parser parser;
  Context context;
  for (const auto& c : cases) {
    simdjson::dom::element e = parser.parse(c.text);
    INFO("line " << c.line << ": " << GetString(e, "note"));
    std::string components = GetRaw(e, "components");
    if (components.empty()) components = "[" + GetRaw(e, "component") + "]";
    auto evaluator = Compile(R"({"version":"rewardkit/v1","components":)" + components + "}");
    std::string response = GetString(e, "response");
    std::string reference = GetString(e, "reference", "unused");
    std::string prompt = GetString(e, "prompt");
    Sample s;
    s.response = response;
    s.reference = reference;
    s.prompt = prompt;
    double tokens = -1.0;
    if (e["response_tokens"].get_double().get(tokens) == simdjson::SUCCESS)
      s.response_tokens = tokens;
    Result r;
    evaluator->Score(s, context, &r);
    REQUIRE(r.error.empty());
    std::string metric = GetString(e, "metric");
    if (metric.empty()) metric = evaluator->components().back().name;
    const Metric* m = FindMetric(r, metric);
    REQUIRE(m != nullptr);
    double want = double(e["value"]);
    double tolerance = 1e-9;
    if (e["tolerance"].get_double().get(tolerance) != simdjson::SUCCESS) tolerance = 1e-9;
    CHECK(m->value == Approx(want).margin(tolerance));
    double aggregate = 0.0;
    if (e["aggregate"].get_double().get(aggregate) == simdjson::SUCCESS) {
      CHECK(r.aggregate == Approx(aggregate).margin(1e-9));
    }
  }
}

// A spec with every component type, used by the property tests.
constexpr const char* kEverything = R"({
  "version": "rewardkit/v1",
  "name": "everything",
  "components": [
    {"type": "correctness", "extract": {"extractors": [{"type": "boxed"}, {"type": "last_number"}]},
     "scores": {"correct": 1, "wrong": 0.1, "no_answer": 0, "fallback_correct": 0.5}},
    {"type": "format", "checks": [{"check": "tag", "tag": "think"},
                                  {"check": "regex", "pattern": "\\\\boxed\\{", "weight": 2},
                                  {"check": "json", "schema": {"type": "object", "required": ["a"]}},
                                  {"check": "code_fence"}]},
    {"type": "length", "name": "band", "unit": "words", "shape": "band", "low": 5, "high": 20,
     "width": 10, "falloff": "cosine"},
    {"type": "length", "name": "dapo", "shape": "dapo", "max_length": 40, "cache": 10},
    {"type": "length", "name": "cosine", "shape": "cosine", "max_length": 50},
    {"type": "language", "expect": "en"},
    {"type": "safety", "pii": ["all"], "blocklist": ["forbidden", "secret\\w*"],
     "gate": {"min": 1, "value": -1}},
    {"type": "repetition", "n": 2, "max_penalty": 0.5},
    {"type": "similarity", "name": "f1", "metric": "token_f1"},
    {"type": "similarity", "name": "rouge", "metric": "rougeL", "reward": false}
  ],
  "aggregate": {"method": "weighted_mean", "range": [-1, 1]}
})";

std::string RandomResponse(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {"the",
                                                   "answer",
                                                   "is",
                                                   "\\boxed{42}",
                                                   "\\boxed{7}",
                                                   "<think>",
                                                   "</think>",
                                                   "42",
                                                   "7",
                                                   "forbidden",
                                                   "secrets",
                                                   "mail me at a.b@example.com",
                                                   "call +1 415 555 0132",
                                                   "```python\nprint(1)\n```",
                                                   "{\"a\": 1}",
                                                   "{\"b\": 2}",
                                                   "la",
                                                   "respuesta",
                                                   "es",
                                                   "\n",
                                                   "4111 1111 1111 1111",
                                                   "again again again",
                                                   "é",
                                                   "\xff",
                                                   "\\frac{1}{2}",
                                                   "12.5",
                                                   "-3"};
  std::uniform_int_distribution<size_t> count(0, 60);
  std::uniform_int_distribution<size_t> pick(0, kPieces.size() - 1);
  std::string out;
  size_t n = count(rng);
  for (size_t i = 0; i < n; ++i) {
    out += kPieces[pick(rng)];
    out += ' ';
  }
  return out;
}

TEST_CASE("every component and the aggregate stay in their declared ranges",
          "[components][property]") {
  auto evaluator = Compile(kEverything);
  std::vector<ComponentInfo> components = evaluator->components();
  Context context;
  std::mt19937 rng(20261122);
  for (int i = 0; i < 3000; ++i) {
    std::string response = RandomResponse(rng);
    Sample s;
    s.response = response;
    s.reference = i % 2 ? "42" : "the answer is 42";
    s.prompt = "What is the answer?";
    if (i % 3 == 0) s.response_tokens = static_cast<double>(i % 97);
    Result r;
    evaluator->Score(s, context, &r);
    if (!r.error.empty()) {
      CHECK(r.error.find("UTF-8") != std::string::npos);  // the \xff piece
      continue;
    }
    INFO(response);
    CHECK(std::isfinite(r.aggregate));
    CHECK(r.aggregate >= -1.0);
    CHECK(r.aggregate <= 1.0);
    for (const ComponentInfo& c : components) {
      const Metric* m = FindMetric(r, c.name);
      REQUIRE(m != nullptr);
      CHECK(m->value >= c.min_value);
      CHECK(m->value <= c.max_value);
      CHECK(m->reward == c.reward);
    }
  }
}

TEST_CASE("a failed gate always yields the gate's value", "[components][property]") {
  auto evaluator = Compile(kEverything);
  Context context;
  std::mt19937 rng(7);
  int gated = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string response = RandomResponse(rng);
    Sample s;
    s.response = response;
    s.reference = "42";
    Result r;
    evaluator->Score(s, context, &r);
    if (!r.error.empty()) continue;
    const Metric* safety = FindMetric(r, "safety");
    const Metric* gate = FindMetric(r, "gated");
    REQUIRE(safety != nullptr);
    REQUIRE(gate != nullptr);
    if (safety->value < 1.0) {
      ++gated;
      CHECK(r.aggregate == -1.0);
      CHECK(gate->value == 1.0);
    } else {
      CHECK(gate->value == 0.0);
    }
  }
  CHECK(gated > 100);  // the property was exercised
}

TEST_CASE("a length band is monotone on either side", "[components][property]") {
  for (const char* falloff : {"linear", "cosine"}) {
    auto evaluator = Compile(std::string(R"({"version":"rewardkit/v1","components":[
        {"type":"length","unit":"characters","shape":"band","low":40,"high":60,"width":25,
         "falloff":")") + falloff +
                             R"("}]})");
    Context context;
    double previous = -1.0;
    for (int n = 0; n <= 100; ++n) {
      std::string response(static_cast<size_t>(n), 'x');
      Sample s;
      s.response = response;
      s.reference = "x";
      Result r;
      evaluator->Score(s, context, &r);
      INFO(falloff << " length " << n);
      if (n <= 40) {
        CHECK(r.aggregate >= previous);
      } else if (n > 60) {
        CHECK(r.aggregate <= previous);
      }
      if (n >= 40 && n <= 60) CHECK(r.aggregate == 1.0);
      if (n < 15 || n > 85) CHECK(r.aggregate == 0.0);
      previous = r.aggregate;
    }
  }
}

TEST_CASE("permuting a batch permutes its normalized results and nothing else",
          "[components][property]") {
  for (const char* method : {"batch", "group"}) {
    auto evaluator = Compile(std::string(R"({"version":"rewardkit/v1","components":[
        {"type":"correctness","extract":{"type":"boxed"},"scores":{"wrong":0.2}},
        {"type":"length","unit":"words","shape":"band","low":3,"high":6,"width":4,"weight":0.3}],
        "normalize":{"method":")") +
                             method + R"(","clip":2.5}})");
    std::mt19937 rng(11);
    std::vector<std::string> samples;
    for (int i = 0; i < 120; ++i) {
      std::string response = "so \\boxed{" + std::to_string(rng() % 3) + "}" +
                             std::string(rng() % 5, ' ') + std::string(rng() % 9, 'w');
      std::string json = R"({"id":)" + std::to_string(i) + R"(,"group_id":")" +
                         std::to_string(i % 7) + R"(","response":")";
      for (char ch : response) {
        if (ch == '\\') json += '\\';
        json += ch;
      }
      json += R"(","reference_answer":"1"})";
      samples.push_back(json);
    }
    if (std::string(method) == "group") samples[5] = R"({"id":5,"response":"bad"})";  // an error
    auto score_all = [&](const std::vector<size_t>& order) {
      Context context;
      std::vector<Result> results(order.size());
      for (size_t k = 0; k < order.size(); ++k) {
        evaluator->ScoreSample(samples[order[k]], context, &results[k]);
      }
      evaluator->NormalizeBatch(&results);
      return results;
    };
    std::vector<size_t> identity(samples.size());
    for (size_t k = 0; k < identity.size(); ++k) identity[k] = k;
    std::vector<Result> base = score_all(identity);
    std::vector<size_t> order = identity;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<Result> shuffled = score_all(order);
    for (size_t k = 0; k < order.size(); ++k) {
      const Result& a = base[order[k]];
      const Result& b = shuffled[k];
      INFO(method << " sample " << order[k]);
      CHECK(a.id == b.id);
      CHECK(a.aggregate == b.aggregate);  // bit for bit
      CHECK(std::abs(b.aggregate) <= 2.5);
      REQUIRE(a.metrics.size() == b.metrics.size());
      for (size_t m = 0; m < a.metrics.size(); ++m) CHECK(a.metrics[m].value == b.metrics[m].value);
    }
    // Each group's (or the batch's) normalized scores have mean 0.
    std::map<std::string, double> sums;
    for (const Result& r : base) {
      if (r.error.empty()) sums[std::string(method) == "group" ? r.group : ""] += r.aggregate;
    }
    for (const auto& [group, sum] : sums) CHECK(std::abs(sum) < 1e-6);
  }
}

TEST_CASE("aggregation methods", "[components]") {
  const char* kTemplate = R"({"version":"rewardkit/v1","components":[
      {"type":"similarity","name":"a","metric":"equals","weight":2},
      {"type":"similarity","name":"b","metric":"contains","weight":1},
      {"type":"similarity","name":"c","metric":"fuzzy","weight":1,"reward":false}],
      "aggregate":{"method":"METHOD"}})";
  auto score = [&](std::string method) {
    std::string spec = kTemplate;
    spec.replace(spec.find("METHOD"), 6, method);
    auto evaluator = Compile(spec);
    Context context;
    Sample s;
    s.response = "xx yes";
    s.reference = "yes";
    Result r;
    evaluator->Score(s, context, &r);
    return r.aggregate;
  };
  // a = 0 (not equal), b = 1 (contains); c is only reported.
  CHECK(score("weighted_sum") == 1.0);
  CHECK(score("weighted_mean") == Approx(1.0 / 3.0));
  CHECK(score("min") == 0.0);
  CHECK(score("product") == 0.0);
}

TEST_CASE("check-spec's plan names every component", "[components]") {
  auto evaluator = Compile(kEverything);
  const std::string& plan = evaluator->plan();
  for (const ComponentInfo& c : evaluator->components()) {
    CHECK(plan.find(c.name + " [" + c.type + "]") != std::string::npos);
  }
  CHECK(plan.find("gate: below 1 forces the aggregate to -1") != std::string::npos);
  CHECK(plan.find("weighted mean") != std::string::npos);
}

}  // namespace
}  // namespace rewardkit
