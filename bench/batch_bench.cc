// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// End to end, as a reward service runs: a JSON array of samples in, the
// response array out (Evaluator::ScoreBatchPadded on batches read into
// buffers with room to spare, then AppendResultsJson; the Context, without
// verdict texts, the results and the output string reused: what the Lambda
// runtime does), for batches of 1 to 512
// samples, next to the floor: simdjson's DOM parser parsing the same batches
// and doing nothing else.
//
//   BM_Batch_Gsm8k/N           gsm8k spec, GSM8K GPT-3 solutions, flat shape
//   BM_Batch_Gsm8kChat/N       the same samples in Bedrock's chat shape
//   BM_Batch_Math/N            math spec, MATH Qwen2.5-Math responses, flat
//   BM_Batch_AllComponents/N   tests/data/all_components.json (every component
//                              type), the same MATH batches
//   BM_BatchCopy_<Data>/64     as BM_Batch_, through ScoreBatch, which copies
//                              each batch into a padded buffer first
//   BM_BatchJson_<Data>/N      as BM_Batch_, through ScoreBatchJsonPadded: the
//                              response written without the results (what
//                              RK_BATCH_NO_RESULTS gives the C interface)
//   BM_ParseFloor_<Data>/N     simdjson parses each batch once, nothing else
//   BM_BatchThreads_<Spec>/64  one shared Evaluator, a Context per thread, each
//                              thread scoring every batch; 1 and 2 threads
//   BM_Ratio_<Data>/64         end to end and the floor in turn, a pass over
//                              the batches each, in one benchmark: the ratio
//                              of the two, each pass timed on its own
//   BM_RatioJson_<Data>/64     as BM_Ratio_, end to end through
//                              ScoreBatchJsonPadded: the response written
//                              without the results
//
// Every batch size scores the same samples: the first 5,120 of the 5,276 GSM8K
// solutions and the first 512 of the 800 MATH responses (whole batches of 512),
// with ids 0, 1, ..., in the flat shape {"id","response","reference_answer"}
// or the chat shape {"id","messages":[user, assistant],"metadata":
// {"reference_answer"}}. An iteration is one pass over them. Items are
// samples; "per_sample" is the time per sample, and "mean" the mean score (a
// check that the samples were scored, not rejected).
// bench/compare_python.py runs BM_Batch_*/64 and builds the same bytes.
//
//   build/bench/batch_bench --benchmark_filter='BM_Batch_Math/'

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "rewardkit/evaluator.h"
#include "simdjson.h"

namespace {

namespace rb = rewardkit::bench;

constexpr size_t kMaxBatch = 512;

enum class Data { kGsm8k, kGsm8kChat, kMath };

const std::vector<rb::Row>& Rows(Data data) {
  return data == Data::kMath ? rb::MathSamples() : rb::Gsm8kSamples();
}

// The batches of `batch_size` samples of `data`, built once and shared by
// every benchmark and thread that asks for them.
const rb::Batches& GetBatches(Data data, size_t batch_size) {
  static std::mutex mu;
  static std::map<std::pair<Data, size_t>, std::unique_ptr<rb::Batches>> cache;
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<rb::Batches>& slot = cache[{data, batch_size}];
  if (slot == nullptr) {
    const std::vector<rb::Row>& rows = Rows(data);
    const rb::Shape shape = data == Data::kGsm8kChat ? rb::Shape::kChat : rb::Shape::kFlat;
    slot = std::make_unique<rb::Batches>(
        rb::MakeBatches(rows, rb::RoundDown(rows.size(), kMaxBatch), batch_size, shape));
  }
  return *slot;
}

enum class Spec { kGsm8k, kMath, kAllComponents };

// One evaluator per spec for the whole process, as a service shares it.
const rewardkit::Evaluator& GetEvaluator(Spec spec) {
  static const std::unique_ptr<rewardkit::Evaluator> gsm8k =
      rb::LoadSpec("examples/specs/gsm8k.json");
  static const std::unique_ptr<rewardkit::Evaluator> math =
      rb::LoadSpec("examples/specs/math.json");
  static const std::unique_ptr<rewardkit::Evaluator> all =
      rb::LoadSpec("tests/data/all_components.json");
  switch (spec) {
    case Spec::kGsm8k:
      return *gsm8k;
    case Spec::kMath:
      return *math;
    case Spec::kAllComponents:
      return *all;
  }
  return *all;
}

// With several threads, items and bytes add up every thread's and "per_sample"
// is the wall-clock time per sample of them all together.
void SetSampleCounters(benchmark::State& state, const rb::Batches& b) {
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(b.samples));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(b.bytes));
  state.counters["per_sample"] =
      benchmark::Counter(static_cast<double>(b.samples),
                         benchmark::Counter::kIsIterationInvariantRate |
                             benchmark::Counter::kAvgThreads | benchmark::Counter::kInvert);
  state.SetLabel(std::to_string(b.samples) + " samples");
}

// Scores every batch once, untimed: fails the benchmark when a sample could not
// be scored, and returns the mean score.
bool Check(benchmark::State& state, const rewardkit::Evaluator& evaluator, const rb::Batches& b,
           rewardkit::Context& context, double* mean) {
  std::vector<rewardkit::Result> results;
  double total = 0.0;
  for (const std::string& batch : b.texts) {
    if (!evaluator.ScoreBatch(batch, false, context, &results).ok()) {
      state.SkipWithError("ScoreBatch refused a batch");
      return false;
    }
    for (const rewardkit::Result& r : results) {
      if (!r.error.empty()) {
        state.SkipWithError(r.error.c_str());
        return false;
      }
      total += r.aggregate;
    }
  }
  *mean = total / static_cast<double>(b.samples);
  return true;
}

// How a pass scores a batch and writes its response array.
enum class Path {
  kResults,        // ScoreBatchPadded, then AppendResultsJson
  kResultsCopied,  // ScoreBatch (which copies the batch), then AppendResultsJson
  kJson,           // ScoreBatchJsonPadded: the response without the results
};

// One pass over the batches end to end: each scored and its response array
// written, by `path`. False, with the benchmark failed, when a batch is
// refused.
bool ScorePass(benchmark::State& state, const rewardkit::Evaluator& evaluator,
               const rb::Batches& b, Path path, rewardkit::Context& context,
               std::vector<rewardkit::Result>* results, std::string* out) {
  const rewardkit::OutputOptions options;
  for (const std::string& batch : b.texts) {
    out->clear();
    absl::Status status;
    switch (path) {
      case Path::kResults:
        status = evaluator.ScoreBatchPadded(batch, false, context, results);
        break;
      case Path::kResultsCopied:
        status = evaluator.ScoreBatch(batch, false, context, results);
        break;
      case Path::kJson:
        status = evaluator.ScoreBatchJsonPadded(batch, false, options, context, out);
        break;
    }
    if (!status.ok()) {
      state.SkipWithError("a batch was refused");
      return false;
    }
    if (path != Path::kJson) rewardkit::AppendResultsJson(*results, options, out);
    benchmark::DoNotOptimize(out->data());
    benchmark::ClobberMemory();
  }
  return true;
}

// One pass parsing every batch (the floor). False, with the benchmark
// failed, when simdjson refuses one.
bool ParsePass(benchmark::State& state, const std::vector<simdjson::padded_string>& padded,
               simdjson::dom::parser& parser) {
  for (const simdjson::padded_string& text : padded) {
    simdjson::dom::array array;
    if (parser.parse(text).get(array) != simdjson::SUCCESS) {
      state.SkipWithError("simdjson refused a batch");
      return false;
    }
    benchmark::DoNotOptimize(array);
  }
  return true;
}

// The batches of `b` in simdjson's padded strings, as the floor parses them.
std::vector<simdjson::padded_string> PaddedTexts(const rb::Batches& b) {
  std::vector<simdjson::padded_string> padded;
  for (const std::string& text : b.texts) padded.emplace_back(text);
  return padded;
}

void ScoreBatches(benchmark::State& state, Spec spec, Data data, size_t batch_size,
                  Path path = Path::kResults) {
  const rewardkit::Evaluator& evaluator = GetEvaluator(spec);
  const rb::Batches& b = GetBatches(data, batch_size);
  rewardkit::Context context;
  // As a reward service does (the Lambda runtime's RK_BATCH_SCORES_ONLY):
  // it writes scores, not explanations.
  context.set_verdict_texts(false);
  double mean = 0.0;
  if (!Check(state, evaluator, b, context, &mean)) return;
  std::vector<rewardkit::Result> results;
  std::string out;
  for (auto _ : state) {
    if (!ScorePass(state, evaluator, b, path, context, &results, &out)) break;
  }
  SetSampleCounters(state, b);
  state.counters["mean"] = benchmark::Counter(mean, benchmark::Counter::kAvgThreads);
}

size_t BatchSize(const benchmark::State& state) { return static_cast<size_t>(state.range(0)); }

void BM_Batch_Gsm8k(benchmark::State& state) {
  ScoreBatches(state, Spec::kGsm8k, Data::kGsm8k, BatchSize(state));
}
void BM_Batch_Gsm8kChat(benchmark::State& state) {
  ScoreBatches(state, Spec::kGsm8k, Data::kGsm8kChat, BatchSize(state));
}
void BM_Batch_Math(benchmark::State& state) {
  ScoreBatches(state, Spec::kMath, Data::kMath, BatchSize(state));
}
void BM_Batch_AllComponents(benchmark::State& state) {
  ScoreBatches(state, Spec::kAllComponents, Data::kMath, BatchSize(state));
}

BENCHMARK(BM_Batch_Gsm8k)->RangeMultiplier(2)->Range(1, kMaxBatch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch_Gsm8kChat)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch_Math)->RangeMultiplier(2)->Range(1, kMaxBatch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch_AllComponents)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);

void BM_BatchCopy_Gsm8k(benchmark::State& state) {
  ScoreBatches(state, Spec::kGsm8k, Data::kGsm8k, BatchSize(state), Path::kResultsCopied);
}
void BM_BatchCopy_Math(benchmark::State& state) {
  ScoreBatches(state, Spec::kMath, Data::kMath, BatchSize(state), Path::kResultsCopied);
}
BENCHMARK(BM_BatchCopy_Gsm8k)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BatchCopy_Math)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_BatchJson_Gsm8k(benchmark::State& state) {
  ScoreBatches(state, Spec::kGsm8k, Data::kGsm8k, BatchSize(state), Path::kJson);
}
void BM_BatchJson_Gsm8kChat(benchmark::State& state) {
  ScoreBatches(state, Spec::kGsm8k, Data::kGsm8kChat, BatchSize(state), Path::kJson);
}
void BM_BatchJson_Math(benchmark::State& state) {
  ScoreBatches(state, Spec::kMath, Data::kMath, BatchSize(state), Path::kJson);
}
BENCHMARK(BM_BatchJson_Gsm8k)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BatchJson_Gsm8kChat)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BatchJson_Math)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);

// The floor: what parsing the service's JSON costs before any scoring. One
// parse of the whole array per batch, as a service handler does.
void ParseFloor(benchmark::State& state, Data data, size_t batch_size) {
  const rb::Batches& b = GetBatches(data, batch_size);
  const std::vector<simdjson::padded_string> padded = PaddedTexts(b);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    if (!ParsePass(state, padded, parser)) break;
  }
  SetSampleCounters(state, b);
}

void BM_ParseFloor_Gsm8k(benchmark::State& state) {
  ParseFloor(state, Data::kGsm8k, BatchSize(state));
}
void BM_ParseFloor_Gsm8kChat(benchmark::State& state) {
  ParseFloor(state, Data::kGsm8kChat, BatchSize(state));
}
void BM_ParseFloor_Math(benchmark::State& state) {
  ParseFloor(state, Data::kMath, BatchSize(state));
}

BENCHMARK(BM_ParseFloor_Gsm8k)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFloor_Gsm8kChat)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFloor_Math)
    ->RangeMultiplier(2)
    ->Range(1, kMaxBatch)
    ->Unit(benchmark::kMillisecond);

// The ratio of end to end to the floor, measured in turn: every iteration
// times one pass over the batches end to end (as ScoreBatches) and one pass
// parsing them (as ParseFloor), each with the clock around the pass. On a
// shared machine whose speed drifts by tens of percent over seconds, two
// benchmarks run one after the other can see different machines; passes a
// few milliseconds apart see the same one, so their ratio is steadier than
// the ratio of two separate runs. "ratio" is the end-to-end time a sample
// over the floor's, "per_sample" the end-to-end time and "floor" the
// parse's, both in seconds a sample.
void Ratio(benchmark::State& state, Spec spec, Data data, size_t batch_size,
           Path path = Path::kResults) {
  using Clock = std::chrono::steady_clock;
  const rewardkit::Evaluator& evaluator = GetEvaluator(spec);
  const rb::Batches& b = GetBatches(data, batch_size);
  rewardkit::Context context;
  context.set_verdict_texts(false);
  double mean = 0.0;
  if (!Check(state, evaluator, b, context, &mean)) return;
  const std::vector<simdjson::padded_string> padded = PaddedTexts(b);
  simdjson::dom::parser parser;
  std::vector<rewardkit::Result> results;
  std::string out;
  Clock::duration scoring{};
  Clock::duration parsing{};
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    if (!ScorePass(state, evaluator, b, path, context, &results, &out)) break;
    const Clock::time_point middle = Clock::now();
    if (!ParsePass(state, padded, parser)) break;
    scoring += middle - start;
    parsing += Clock::now() - middle;
  }
  const double samples = static_cast<double>(state.iterations()) * static_cast<double>(b.samples);
  const double scored = std::chrono::duration<double>(scoring).count() / samples;
  const double parsed = std::chrono::duration<double>(parsing).count() / samples;
  state.counters["per_sample"] = scored;
  state.counters["floor"] = parsed;
  state.counters["ratio"] = parsed > 0.0 ? scored / parsed : 0.0;
  state.counters["mean"] = mean;
  state.SetLabel(std::to_string(b.samples) + " samples");
}

void BM_Ratio_Gsm8k(benchmark::State& state) {
  Ratio(state, Spec::kGsm8k, Data::kGsm8k, BatchSize(state));
}
void BM_Ratio_Gsm8kChat(benchmark::State& state) {
  Ratio(state, Spec::kGsm8k, Data::kGsm8kChat, BatchSize(state));
}
void BM_Ratio_Math(benchmark::State& state) {
  Ratio(state, Spec::kMath, Data::kMath, BatchSize(state));
}
BENCHMARK(BM_Ratio_Gsm8k)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ratio_Gsm8kChat)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ratio_Math)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_RatioJson_Gsm8k(benchmark::State& state) {
  Ratio(state, Spec::kGsm8k, Data::kGsm8k, BatchSize(state), Path::kJson);
}
void BM_RatioJson_Gsm8kChat(benchmark::State& state) {
  Ratio(state, Spec::kGsm8k, Data::kGsm8kChat, BatchSize(state), Path::kJson);
}
void BM_RatioJson_Math(benchmark::State& state) {
  Ratio(state, Spec::kMath, Data::kMath, BatchSize(state), Path::kJson);
}
BENCHMARK(BM_RatioJson_Gsm8k)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RatioJson_Gsm8kChat)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RatioJson_Math)->Arg(64)->Unit(benchmark::kMillisecond);

// Thread scaling: the same batches, one shared Evaluator, a Context per thread.
// items_per_second adds up every thread's samples over the wall-clock time.
void BM_BatchThreads_Gsm8k(benchmark::State& state) {
  ScoreBatches(state, Spec::kGsm8k, Data::kGsm8k, BatchSize(state));
}
void BM_BatchThreads_Math(benchmark::State& state) {
  ScoreBatches(state, Spec::kMath, Data::kMath, BatchSize(state));
}
void BM_BatchThreads_AllComponents(benchmark::State& state) {
  ScoreBatches(state, Spec::kAllComponents, Data::kMath, BatchSize(state));
}

BENCHMARK(BM_BatchThreads_Gsm8k)
    ->Arg(64)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BatchThreads_Math)
    ->Arg(64)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BatchThreads_AllComponents)
    ->Arg(64)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
