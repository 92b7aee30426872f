// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// What the C interface costs per sample, against calling the C++ library
// directly, on the same 1,024 GSM8K samples (the first GPT-3 solutions of
// ../shared/data/gsm8k_model_samples.jsonl) in one run:
//   CppScore        Evaluator::Score, one sample at a time
//   CApiScore       rk_score, one sample at a time (the shared library)
//   CApiArrays      rk_score_arrays, 64 samples a call
//   CppBatchJson    Evaluator::ScoreBatch + AppendResultsJson, 64-sample arrays
//   CApiBatchJson   rk_score_batch_json, the same 64-sample arrays
// Items are samples, so items_per_second compares directly. The Python
// binding's figures come from bench/python_boundary.py.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "bench_util.h"
#include "rewardkit/evaluator.h"
#include "rewardkit/rk.h"

namespace {

namespace rb = rewardkit::bench;

constexpr size_t kBatch = 64;
constexpr size_t kSamples = 1024;

struct Data {
  std::string spec;
  std::vector<std::string> responses;
  std::vector<std::string> references;
  rb::Batches batches;  // JSON arrays of kBatch flat samples
  size_t samples_per_batch_pass = 0;
};

const Data& GetData() {
  static const Data* data = [] {
    auto* d = new Data;  // never freed: shared by every benchmark
    d->spec = rb::ReadFile(rb::SourcePath("examples/specs/gsm8k.json"));
    const std::vector<rb::Row>& rows = rb::Gsm8kSamples();
    for (size_t i = 0; i < rows.size() && i < kSamples; ++i) {
      d->responses.push_back(rows[i].response);
      d->references.push_back(rows[i].reference);
    }
    d->batches = rb::MakeBatches(rows, kSamples, kBatch, rb::Shape::kFlat);
    d->samples_per_batch_pass = d->batches.samples;
    return d;
  }();
  return *data;
}

void CppScore(benchmark::State& state) {
  const Data& d = GetData();
  auto evaluator = *rewardkit::Evaluator::Create(d.spec);
  rewardkit::Context context;
  rewardkit::Result result;
  for (auto _ : state) {
    for (size_t i = 0; i < d.responses.size(); ++i) {
      rewardkit::Sample s;
      s.response = d.responses[i];
      s.reference = d.references[i];
      evaluator->Score(s, context, &result);
      benchmark::DoNotOptimize(result.aggregate);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.responses.size()));
}
BENCHMARK(CppScore);

// The C objects of one benchmark.
struct C {
  rk_evaluator* ev = nullptr;
  rk_context* ctx = nullptr;
  rk_result* res = nullptr;
  rk_buffer* buf = nullptr;
  explicit C(const std::string& spec) {
    if (rk_evaluator_create(spec.data(), spec.size(), &ev, nullptr) != RK_OK ||
        rk_context_create(&ctx, nullptr) != RK_OK || rk_result_create(&res, nullptr) != RK_OK ||
        rk_buffer_create(&buf, nullptr) != RK_OK) {
      std::abort();
    }
  }
  ~C() {
    rk_buffer_free(buf);
    rk_result_free(res);
    rk_context_free(ctx);
    rk_evaluator_free(ev);
  }
};

void CApiScore(benchmark::State& state) {
  const Data& d = GetData();
  C c(d.spec);
  for (auto _ : state) {
    for (size_t i = 0; i < d.responses.size(); ++i) {
      rk_sample s = RK_SAMPLE_INIT;
      s.response = d.responses[i].data();
      s.response_len = d.responses[i].size();
      s.reference = d.references[i].data();
      s.reference_len = d.references[i].size();
      if (rk_score(c.ev, c.ctx, &s, c.res, nullptr) != RK_OK) state.SkipWithError("rk_score");
      benchmark::DoNotOptimize(rk_result_score(c.res));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.responses.size()));
}
BENCHMARK(CApiScore);

void CApiArrays(benchmark::State& state) {
  const Data& d = GetData();
  C c(d.spec);
  std::vector<const char*> responses;
  std::vector<const char*> references;
  std::vector<size_t> response_lens;
  std::vector<size_t> reference_lens;
  for (size_t i = 0; i < d.responses.size(); ++i) {
    responses.push_back(d.responses[i].data());
    response_lens.push_back(d.responses[i].size());
    references.push_back(d.references[i].data());
    reference_lens.push_back(d.references[i].size());
  }
  const size_t n = d.samples_per_batch_pass;
  std::vector<double> scores(kBatch);
  std::vector<rk_status> statuses(kBatch);
  for (auto _ : state) {
    for (size_t first = 0; first < n; first += kBatch) {
      if (rk_score_arrays(c.ev, c.ctx, kBatch, &responses[first], &response_lens[first],
                          &references[first], &reference_lens[first], nullptr, nullptr,
                          scores.data(), statuses.data(), nullptr) != RK_OK) {
        state.SkipWithError("rk_score_arrays");
      }
      benchmark::DoNotOptimize(scores.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(CApiArrays);

void CppBatchJson(benchmark::State& state) {
  const Data& d = GetData();
  auto evaluator = *rewardkit::Evaluator::Create(d.spec);
  rewardkit::Context context;
  std::vector<rewardkit::Result> results;
  std::string out;
  for (auto _ : state) {
    for (const std::string& batch : d.batches.texts) {
      if (!evaluator->ScoreBatch(batch, false, context, &results).ok()) {
        state.SkipWithError("ScoreBatch");
      }
      out.clear();
      rewardkit::AppendResultsJson(results, rewardkit::OutputOptions(), &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.samples_per_batch_pass));
}
BENCHMARK(CppBatchJson);

void CApiBatchJson(benchmark::State& state) {
  const Data& d = GetData();
  C c(d.spec);
  for (auto _ : state) {
    for (const std::string& batch : d.batches.texts) {
      if (rk_score_batch_json(c.ev, c.ctx, batch.data(), batch.size(), 0, c.buf, nullptr) !=
          RK_OK) {
        state.SkipWithError("rk_score_batch_json");
      }
      benchmark::DoNotOptimize(rk_buffer_data(c.buf, nullptr));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.samples_per_batch_pass));
}
BENCHMARK(CApiBatchJson);

}  // namespace
