// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A workload for instruction counting, which is repeatable on a shared
// machine where wall-clock times are not: scores the same batches as
// batch_bench (ScoreBatchPadded, then AppendResultsJson; or, for json_
// workloads, ScoreBatchJsonPadded) or only parses them (the floor), inside
// one function that callgrind can be told to count.
//
//   valgrind --tool=callgrind --toggle-collect='rewardkit::bench::Run*'
//       build/bench/profile_batch gsm8k        (one command line)
//   callgrind_annotate --inclusive=yes callgrind.out.*
//
// Usage: profile_batch WORKLOAD [PASSES]
//   WORKLOAD is gsm8k, gsm8k_chat, math, all (all_components on MATH), any of
//   these prefixed json_, or floor_gsm8k, floor_gsm8k_chat, floor_math. It prints the samples it
//   scored, so that a count can be divided into a per-sample figure.

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench_util.h"
#include "rewardkit/evaluator.h"
#include "simdjson.h"

namespace rewardkit::bench {

// Scores every batch `passes` times; returns the sum of the aggregates.
[[gnu::noinline]] double RunScore(const Evaluator& evaluator, const Batches& b, int passes) {
  Context context;
  context.set_verdict_texts(false);  // as batch_bench and a reward service
  std::vector<Result> results;
  std::string out;
  double total = 0.0;
  for (int p = 0; p < passes; ++p) {
    for (const std::string& batch : b.texts) {
      if (!evaluator.ScoreBatchPadded(batch, false, context, &results).ok()) Die("a batch was refused");
      out.clear();
      AppendResultsJson(results, OutputOptions(), &out);
      for (const Result& r : results) total += r.aggregate;
    }
  }
  return total;
}

// Scores every batch `passes` times into its response array; returns the
// bytes written.
[[gnu::noinline]] size_t RunJson(const Evaluator& evaluator, const Batches& b, int passes) {
  Context context;
  context.set_verdict_texts(false);
  std::string out;
  size_t bytes = 0;
  for (int p = 0; p < passes; ++p) {
    for (const std::string& batch : b.texts) {
      out.clear();
      if (!evaluator.ScoreBatchJsonPadded(batch, false, OutputOptions(), context, &out).ok()) {
        Die("a batch was refused");
      }
      bytes += out.size();
    }
  }
  return bytes;
}

// Parses every batch `passes` times with simdjson's DOM parser.
[[gnu::noinline]] size_t RunFloor(const std::vector<simdjson::padded_string>& texts, int passes) {
  simdjson::dom::parser parser;
  size_t elements = 0;
  for (int p = 0; p < passes; ++p) {
    for (const simdjson::padded_string& text : texts) {
      simdjson::dom::array array;
      if (parser.parse(text).get(array) != simdjson::SUCCESS) Die("simdjson refused a batch");
      elements += array.size();
    }
  }
  return elements;
}

int Main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr,
                 "usage: profile_batch WORKLOAD [PASSES]\n"
                 "  WORKLOAD: gsm8k gsm8k_chat math all, each also as json_gsm8k ...,\n"
                 "            floor_gsm8k floor_gsm8k_chat floor_math\n");
    return 2;
  }
  const std::string_view workload = argv[1];
  const int passes = argc == 3 ? std::atoi(argv[2]) : 2;
  if (passes < 1) Die("PASSES must be a positive number");
  const bool floor = workload.rfind("floor_", 0) == 0;
  const bool json = workload.rfind("json_", 0) == 0;
  const std::string_view data = floor ? workload.substr(6) : json ? workload.substr(5) : workload;
  const bool math = data == "math" || data == "all";
  const Shape shape = data == "gsm8k_chat" ? Shape::kChat : Shape::kFlat;
  if (!math && data != "gsm8k" && data != "gsm8k_chat") Die("unknown workload");
  const std::vector<Row>& rows = math ? MathSamples() : Gsm8kSamples();
  const Batches b = MakeBatches(rows, RoundDown(rows.size(), 512), 64, shape);
  if (floor) {
    std::vector<simdjson::padded_string> texts;
    for (const std::string& t : b.texts) texts.emplace_back(t);
    const size_t n = RunFloor(texts, passes);
    std::printf("%zu samples parsed\n", n);
    return 0;
  }
  const char* spec = data == "all"   ? "tests/data/all_components.json"
                     : math          ? "examples/specs/math.json"
                                     : "examples/specs/gsm8k.json";
  const std::unique_ptr<Evaluator> evaluator = LoadSpec(spec);
  if (json) {
    const size_t bytes = RunJson(*evaluator, b, passes);
    std::printf("%zu samples scored, %zu bytes written\n", b.samples * static_cast<size_t>(passes),
                bytes);
    return 0;
  }
  const double total = RunScore(*evaluator, b, passes);
  std::printf("%zu samples scored, mean %.6f\n", b.samples * static_cast<size_t>(passes),
              total / static_cast<double>(b.samples * static_cast<size_t>(passes)));
  return 0;
}

}  // namespace rewardkit::bench

int main(int argc, char** argv) { return rewardkit::bench::Main(argc, argv); }
