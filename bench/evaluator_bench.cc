// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// End-to-end scoring of real samples from ../shared/data, next to the floor of
// parsing the same JSON with simdjson and nothing else.
//
//   build/bench/evaluator_bench --benchmark_filter=Gsm8k

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"
#include "rewardkit/evaluator.h"
#include "simdjson.h"

namespace {

using rewardkit::bench::LoadSpec;
using rewardkit::bench::ReadFile;

struct Data {
  std::string text;
  std::vector<rewardkit::BatchItem> items;
  size_t bytes = 0;
};

Data Make(const std::string& file) {
  Data d;
  d.text = ReadFile(rewardkit::bench::DataPath(file));
  d.items = rewardkit::SplitBatch(d.text);
  for (const auto& item : d.items) d.bytes += item.json.size();
  return d;
}

// Loaded once, thread-safely (function-local statics), and never changed.
const Data& Load(const std::string& name) {
  static const Data gsm8k = Make("gsm8k_model_samples.jsonl");
  static const Data math = Make("math_qwen25_samples.jsonl");
  return name == "gsm8k" ? gsm8k : math;
}

std::unique_ptr<rewardkit::Evaluator> Spec(const std::string& name) {
  return LoadSpec("examples/specs/" + name + ".json");
}

// The data files' rows have no "id": each takes a default one, as
// `rewardkit score --id-from-line` gives it. (Without it every sample would be
// an error result, never scored: what this benchmark measured before.)
void ScoreOne(const rewardkit::Evaluator& evaluator, std::string_view json,
              rewardkit::Context& context, rewardkit::Result* result, std::string* out) {
  evaluator.ScoreSample(json, "1", context, result);
  rewardkit::AppendResultJson(*result, rewardkit::OutputOptions(), out);
}

void ScoreAll(benchmark::State& state, const std::string& name) {
  const Data& data = Load(name);
  auto evaluator = Spec(name);
  rewardkit::Context context;
  std::string out;
  rewardkit::Result result;
  for (auto _ : state) {
    for (const auto& item : data.items) {
      out.clear();
      ScoreOne(*evaluator, item.json, context, &result, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  if (!result.error.empty()) state.SkipWithError(result.error.c_str());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(data.items.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.bytes));
}

void ParseFloor(benchmark::State& state, const std::string& name) {
  const Data& data = Load(name);
  simdjson::dom::parser parser;
  std::string padded;
  for (auto _ : state) {
    for (const auto& item : data.items) {
      padded.assign(item.json);
      padded.resize(item.json.size() + simdjson::SIMDJSON_PADDING);
      simdjson::dom::element e;
      auto error = parser.parse(padded.data(), item.json.size(), false).get(e);
      benchmark::DoNotOptimize(error);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(data.items.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.bytes));
}

void BM_Evaluator_Gsm8k(benchmark::State& state) { ScoreAll(state, "gsm8k"); }
void BM_Evaluator_Math(benchmark::State& state) { ScoreAll(state, "math"); }
void BM_ParseFloor_Gsm8k(benchmark::State& state) { ParseFloor(state, "gsm8k"); }
void BM_ParseFloor_Math(benchmark::State& state) { ParseFloor(state, "math"); }

BENCHMARK(BM_Evaluator_Gsm8k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFloor_Gsm8k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Evaluator_Math)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFloor_Math)->Unit(benchmark::kMillisecond);

// One evaluator shared by 1 and 2 threads, each with its own Context.
void BM_Evaluator_Gsm8kThreads(benchmark::State& state) {
  static const std::unique_ptr<rewardkit::Evaluator> shared = Spec("gsm8k");
  const Data& data = Load("gsm8k");
  rewardkit::Context context;
  rewardkit::Result result;
  std::string out;
  for (auto _ : state) {
    for (const auto& item : data.items) {
      out.clear();
      ScoreOne(*shared, item.json, context, &result, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  if (!result.error.empty()) state.SkipWithError(result.error.c_str());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(data.items.size()));
}
BENCHMARK(BM_Evaluator_Gsm8kThreads)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
