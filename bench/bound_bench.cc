// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A bound on what restructuring the library could gain for the gsm8k spec on
// flat GSM8K batches: a scorer written for that one spec and that one shape,
// with nothing general left in it, timed against the library and against the
// parse floor in the same iterations.
//
// The bound does the work no scorer of the spec can skip, with the library's
// own parts for it: simdjson parses the batch (the floor's work); each
// sample's three members are found in one pass over its object; the answer
// region is the chain's (the think scan); each extractor of the chain is
// called in turn on it; the spec's comparator compares the answer; and the
// result is written from a fixed template with its id and three 0/1 digits
// put in. What it leaves out is everything that makes the library general:
// the sample reader's other shapes and fields, the Result and its metrics,
// the verdict, the component and its plan, the writer's layout checks.
// Its output, and ScoreBatchJson's, are checked byte for byte against the
// library's before timing.
//
//   BM_Bound_Gsm8k      each iteration: a pass of the library (ScoreBatchPadded
//                       and AppendResultsJson), a pass of ScoreBatchJsonPadded,
//                       a pass of the bound and a pass of the floor, batches of
//                       64; counters "library", "direct", "bound" and "floor"
//                       (seconds a sample), "ratio" (library / floor),
//                       "direct_ratio" (direct / floor) and "bound_ratio"
//                       (bound / floor)
//
//   taskset -c 1 build/bench/bound_bench --benchmark_repetitions=10

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_util.h"
#include "fmt/format.h"
#include "rewardkit/compare.h"
#include "rewardkit/evaluator.h"
#include "rewardkit/extract.h"
#include "rewardkit/spec.h"
#include "simdjson.h"

namespace {

namespace rb = rewardkit::bench;

constexpr size_t kBatch = 64;

// The gsm8k spec's chain and comparator, read from the spec file's one
// component.
struct Gsm8kParts {
  std::unique_ptr<rewardkit::ExtractorChain> chain;
  std::unique_ptr<rewardkit::Comparator> comparator;
};

Gsm8kParts LoadParts() {
  const std::string text = rb::ReadFile(rb::SourcePath("examples/specs/gsm8k.json"));
  simdjson::dom::parser parser;
  simdjson::dom::element component = parser.parse(text)["components"].at(0);
  const std::string extract = simdjson::minify(component["extract"]);
  const std::string compare = simdjson::minify(component["compare"]);
  Gsm8kParts parts;
  parts.chain = std::move(
      *rewardkit::ExtractorChain::Create(*rewardkit::ParseExtractorChainOptions(extract)));
  parts.comparator =
      std::move(*rewardkit::Comparator::Create(*rewardkit::ParseCompareOptions(compare)));
  return parts;
}

// The result text around the values: the id, then the aggregate, the
// correctness value and whether an answer was found, each one digit.
constexpr std::string_view kHead = "{\"id\":";
constexpr std::string_view kTail =
    ",\"aggregate_reward_score\":0,\"metrics_list\":[{\"name\":\"correctness\",\"value\":0,"
    "\"type\":\"Reward\"},{\"name\":\"correctness_answer_found\",\"value\":0,\"type\":\"Metric\"},"
    "{\"name\":\"error\",\"value\":0,\"type\":\"Metric\"}]}";
constexpr size_t kAggregateDigit = kTail.find(':') + 1;
constexpr size_t kCorrectDigit = kTail.find("\"value\":") + 8;
constexpr size_t kFoundDigit = kTail.find("\"value\":", kCorrectDigit) + 8;

// Scores one flat batch with the gsm8k spec and writes the response array to
// `*out`. False when the batch is not what the bound handles (it has no
// error path: the library's output check catches any difference).
bool BoundBatch(const Gsm8kParts& parts, const simdjson::padded_string& batch,
                simdjson::dom::parser& parser, std::string* out) {
  simdjson::dom::array samples;
  if (parser.parse(batch).get(samples) != simdjson::SUCCESS) return false;
  out->resize(2 + samples.size() * (kHead.size() + 21 + kTail.size()));
  char* p = out->data();
  *p++ = '[';
  bool first = true;
  for (simdjson::dom::element sample : samples) {
    int64_t id = 0;
    std::string_view response;
    std::string_view reference;
    simdjson::dom::object members;
    if (sample.get_object().get(members) != simdjson::SUCCESS) return false;
    for (auto [key, value] : members) {
      if (key.size() == 2) {
        id = value.get_int64().value_unsafe();
      } else if (key.size() == 8) {
        response = value.get_string().value_unsafe();
      } else if (key.size() == 16) {
        reference = value.get_string().value_unsafe();
      }
    }
    const rewardkit::AnswerRegion region = parts.chain->Region(response);
    std::optional<rewardkit::Extraction> answer;
    for (size_t i = 0; i < parts.chain->size() && !answer; ++i) {
      answer = parts.chain->at(i).Extract(region.text);
    }
    const bool correct =
        answer && parts.comparator->CompareInto(answer->text, reference, nullptr, nullptr).equal;
    if (!first) *p++ = ',';
    first = false;
    std::memcpy(p, kHead.data(), kHead.size());
    p += kHead.size();
    const fmt::format_int digits(id);
    std::memcpy(p, digits.data(), digits.size());
    p += digits.size();
    std::memcpy(p, kTail.data(), kTail.size());
    p[kAggregateDigit] = static_cast<char>('0' + correct);
    p[kCorrectDigit] = static_cast<char>('0' + correct);
    p[kFoundDigit] = static_cast<char>('0' + answer.has_value());
    p += kTail.size();
  }
  *p++ = ']';
  out->resize(static_cast<size_t>(p - out->data()));
  return true;
}

void BM_Bound_Gsm8k(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const rb::Batches b = rb::MakeBatches(
      rb::Gsm8kSamples(), rb::RoundDown(rb::Gsm8kSamples().size(), 512), kBatch, rb::Shape::kFlat);
  const std::unique_ptr<rewardkit::Evaluator> evaluator = rb::LoadSpec("examples/specs/gsm8k.json");
  const Gsm8kParts parts = LoadParts();
  std::vector<simdjson::padded_string> padded;
  for (const std::string& text : b.texts) padded.emplace_back(text);
  rewardkit::Context context;
  context.set_verdict_texts(false);
  simdjson::dom::parser bound_parser;
  simdjson::dom::parser floor_parser;
  std::vector<rewardkit::Result> results;
  std::string library_out;
  std::string bound_out;

  // The bound must write what the library writes, batch by batch.
  for (size_t k = 0; k < padded.size(); ++k) {
    if (!evaluator->ScoreBatchPadded(b.texts[k], false, context, &results).ok()) {
      state.SkipWithError("the library refused a batch");
      return;
    }
    library_out.clear();
    rewardkit::AppendResultsJson(results, rewardkit::OutputOptions(), &library_out);
    std::string json_out;
    if (!evaluator
             ->ScoreBatchJsonPadded(b.texts[k], false, rewardkit::OutputOptions(), context,
                                    &json_out)
             .ok() ||
        json_out != library_out) {
      state.SkipWithError(
          ("ScoreBatchJson's output differs in batch " + std::to_string(k)).c_str());
      return;
    }
    if (!BoundBatch(parts, padded[k], bound_parser, &bound_out) || bound_out != library_out) {
      state.SkipWithError(
          ("the bound's output differs from the library's in batch " + std::to_string(k)).c_str());
      return;
    }
  }

  Clock::duration library{};
  Clock::duration direct{};
  Clock::duration bound{};
  Clock::duration floor{};
  for (auto _ : state) {
    const Clock::time_point t0 = Clock::now();
    for (const std::string& text : b.texts) {
      (void)evaluator->ScoreBatchPadded(text, false, context, &results);
      library_out.clear();
      rewardkit::AppendResultsJson(results, rewardkit::OutputOptions(), &library_out);
      benchmark::DoNotOptimize(library_out.data());
      benchmark::ClobberMemory();
    }
    const Clock::time_point t1a = Clock::now();
    for (const std::string& text : b.texts) {
      library_out.clear();
      (void)evaluator->ScoreBatchJsonPadded(text, false, rewardkit::OutputOptions(), context,
                                            &library_out);
      benchmark::DoNotOptimize(library_out.data());
      benchmark::ClobberMemory();
    }
    const Clock::time_point t1 = Clock::now();
    for (const simdjson::padded_string& text : padded) {
      (void)BoundBatch(parts, text, bound_parser, &bound_out);
      benchmark::DoNotOptimize(bound_out.data());
      benchmark::ClobberMemory();
    }
    const Clock::time_point t2 = Clock::now();
    for (const simdjson::padded_string& text : padded) {
      simdjson::dom::array array;
      if (floor_parser.parse(text).get(array) != simdjson::SUCCESS) state.SkipWithError("parse");
      benchmark::DoNotOptimize(array);
    }
    const Clock::time_point t3 = Clock::now();
    library += t1a - t0;
    direct += t1 - t1a;
    bound += t2 - t1;
    floor += t3 - t2;
  }
  const double samples = static_cast<double>(state.iterations()) * static_cast<double>(b.samples);
  auto per_sample = [&](Clock::duration d) {
    return std::chrono::duration<double>(d).count() / samples;
  };
  state.counters["library"] = per_sample(library);
  state.counters["bound"] = per_sample(bound);
  state.counters["direct"] = per_sample(direct);
  state.counters["direct_ratio"] = per_sample(direct) / per_sample(floor);
  state.counters["floor"] = per_sample(floor);
  state.counters["ratio"] = per_sample(library) / per_sample(floor);
  state.counters["bound_ratio"] = per_sample(bound) / per_sample(floor);
  state.SetLabel(std::to_string(b.samples) + " samples");
}

BENCHMARK(BM_Bound_Gsm8k)->Unit(benchmark::kMillisecond);

}  // namespace
