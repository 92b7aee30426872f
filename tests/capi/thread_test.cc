// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// One evaluator shared by 8 threads gives, through the C interface alone,
// exactly the results one thread gives: every score, metric and answer of the
// real GSM8K and MATH samples, by rk_score, rk_score_arrays and
// rk_score_batch_json, for three specs (one with every component type). Built
// with ThreadSanitizer in CI, where it must also run clean.
//
//   thread_test SOURCE_DIR SHARED_DATA_DIR [THREADS]

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rewardkit/rk.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "thread_test: cannot open %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The samples of a JSON Lines data file, scored three ways. The data files'
// rows have no ids, so each batch line gets one, spliced in after its '{'.
struct Data {
  std::vector<std::string> lines;  // with "id" added
  std::string jsonl;               // the lines joined
};

Data Load(const std::string& path, size_t limit) {
  Data d;
  std::istringstream in(ReadFile(path));
  std::string line;
  while (d.lines.size() < limit && std::getline(in, line)) {
    if (line.empty() || line[0] != '{') continue;
    line = "{\"id\":" + std::to_string(d.lines.size()) + "," + line.substr(1);
    d.jsonl += line + "\n";
    d.lines.push_back(std::move(line));
  }
  return d;
}

// Everything one pass produces, as text, so that passes compare exactly.
std::string Pass(const rk_evaluator* ev, const Data& data) {
  rk_context* ctx = nullptr;
  rk_buffer* buf = nullptr;
  if (rk_context_create(&ctx, nullptr) != RK_OK || rk_buffer_create(&buf, nullptr) != RK_OK) {
    std::abort();
  }
  std::string out;

  // Batches of 64 samples, as the service sends them.
  const size_t kBatch = 64;
  for (size_t first = 0; first < data.lines.size(); first += kBatch) {
    std::string batch = "[";
    for (size_t i = first; i < data.lines.size() && i < first + kBatch; ++i) {
      if (i > first) batch += ",";
      batch += data.lines[i];
    }
    batch += "]";
    if (rk_score_batch_json(ev, ctx, batch.data(), batch.size(), RK_BATCH_EXPLAIN, buf,
                            nullptr) != RK_OK) {
      return "rk_score_batch_json failed";
    }
    size_t len = 0;
    const char* p = rk_buffer_data(buf, &len);
    out.append(p, len);
    out += "\n";
  }

  // Each sample again, alone, as a one-line JSON Lines batch.
  for (const std::string& line : data.lines) {
    if (rk_score_batch_json(ev, ctx, line.data(), line.size(), RK_BATCH_JSON_LINES, buf,
                            nullptr) != RK_OK) {
      return "rk_score_batch_json (one line) failed";
    }
    size_t len = 0;
    const char* p = rk_buffer_data(buf, &len);
    out.append(p, len);
  }
  rk_context_free(ctx);
  rk_buffer_free(buf);
  return out;
}

// rk_score and rk_score_arrays over responses and references given directly.
struct Pairs {
  std::vector<std::string> responses;
  std::vector<std::string> references;
};

std::string PassPairs(const rk_evaluator* ev, const Pairs& pairs) {
  rk_context* ctx = nullptr;
  rk_result* res = nullptr;
  if (rk_context_create(&ctx, nullptr) != RK_OK || rk_result_create(&res, nullptr) != RK_OK) {
    std::abort();
  }
  std::string out;
  char number[64];
  for (size_t i = 0; i < pairs.responses.size(); ++i) {
    rk_sample s = RK_SAMPLE_INIT;
    s.response = pairs.responses[i].data();
    s.response_len = pairs.responses[i].size();
    s.reference = pairs.references[i].data();
    s.reference_len = pairs.references[i].size();
    if (rk_score(ev, ctx, &s, res, nullptr) != RK_OK) return "rk_score failed";
    std::snprintf(number, sizeof number, "%.17g", rk_result_score(res));
    out += number;
    for (size_t m = 0; m < rk_result_metric_count(res); ++m) {
      size_t len = 0;
      const char* name = rk_result_metric_name(res, m, &len);
      std::snprintf(number, sizeof number, "=%.17g/%d ", rk_result_metric_value(res, m),
                    rk_result_metric_type(res, m));
      out.append(name, len);
      out += number;
    }
    size_t len = 0;
    const char* answer = rk_result_answer(res, &len);
    out.append(answer, len);
    out += rk_result_correct(res) ? " correct\n" : " wrong\n";
  }
  std::vector<const char*> responses;
  std::vector<const char*> references;
  std::vector<size_t> response_lens;
  std::vector<size_t> reference_lens;
  for (size_t i = 0; i < pairs.responses.size(); ++i) {
    responses.push_back(pairs.responses[i].data());
    response_lens.push_back(pairs.responses[i].size());
    references.push_back(pairs.references[i].data());
    reference_lens.push_back(pairs.references[i].size());
  }
  std::vector<double> scores(responses.size());
  std::vector<rk_status> statuses(responses.size());
  if (rk_score_arrays(ev, ctx, responses.size(), responses.data(), response_lens.data(),
                      references.data(), reference_lens.data(), nullptr, nullptr, scores.data(),
                      statuses.data(), nullptr) != RK_OK) {
    return "rk_score_arrays failed";
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    std::snprintf(number, sizeof number, "%.17g:%d\n", scores[i], statuses[i]);
    out += number;
  }
  rk_context_free(ctx);
  rk_result_free(res);
  return out;
}

// Responses and references for rk_score: synthetic variations on real
// answers (boxed, marked, wrong, empty, hostile), the same for every spec.
Pairs MakePairs() {
  Pairs p;
  const char* answers[] = {"18", "3", "\\frac{1}{2}", "10{,}000", "(1, 2)", "x^2+1", "42"};
  // Each form is the text before and after the answer.
  const char* forms[][2] = {{"The answer is \\boxed{", "}."},
                            {"Work.\n#### ", ""},
                            {"", ""},
                            {"no answer here", nullptr},
                            {"<think>\\boxed{0}</think> so \\boxed{", "}"},
                            {"\\boxed{\\boxed{", "}"}};
  for (const char* a : answers) {
    for (const auto& f : forms) {
      std::string response = f[1] == nullptr ? f[0] : std::string(f[0]) + a + f[1];
      for (const char* r : answers) {
        p.responses.push_back(response);
        p.references.emplace_back(r);
      }
    }
  }
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: thread_test SOURCE_DIR SHARED_DATA_DIR [THREADS]\n");
    return 2;
  }
  const std::string source = argv[1];
  const std::string shared = argv[2];
  const int threads = argc > 3 ? std::atoi(argv[3]) : 8;
  // Enough samples to interleave well, few enough for a ThreadSanitizer build.
  const size_t limit = std::getenv("RK_THREAD_TEST_LIMIT")
                           ? std::strtoul(std::getenv("RK_THREAD_TEST_LIMIT"), nullptr, 10)
                           : 2000;
  const Data gsm8k = Load(shared + "/gsm8k_model_samples.jsonl", limit);
  const Data math = Load(shared + "/math_qwen25_samples.jsonl", limit);
  const Pairs pairs = MakePairs();
  struct Case {
    const char* spec;
    const Data* data;
  };
  const Case cases[] = {{"examples/specs/gsm8k.json", &gsm8k},
                        {"examples/specs/math.json", &math},
                        {"tests/data/all_components.json", &math},
                        {"tests/data/all_components.json", &gsm8k}};
  int failures = 0;
  for (const Case& c : cases) {
    std::string spec = ReadFile(source + "/" + c.spec);
    rk_evaluator* ev = nullptr;
    rk_error* err = nullptr;
    if (rk_evaluator_create(spec.data(), spec.size(), &ev, &err) != RK_OK) {
      std::fprintf(stderr, "thread_test: %s: %s\n", c.spec, rk_error_message(err, nullptr));
      return 2;
    }
    const std::string want = Pass(ev, *c.data) + PassPairs(ev, pairs);
    std::vector<std::string> got(static_cast<size_t>(threads));
    std::atomic<int> ready{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        // Start together, so that the threads really overlap.
        ready.fetch_add(1);
        while (ready.load() < threads) std::this_thread::yield();
        got[static_cast<size_t>(t)] = Pass(ev, *c.data) + PassPairs(ev, pairs);
      });
    }
    for (auto& th : pool) th.join();
    for (int t = 0; t < threads; ++t) {
      if (got[static_cast<size_t>(t)] != want) {
        std::fprintf(stderr, "thread_test: %s: thread %d differs from one thread\n", c.spec, t);
        ++failures;
      }
    }
    std::printf("%s on %zu samples + %zu pairs: %d threads agree with one (%zu bytes of results)\n",
                c.spec, c.data->lines.size(), pairs.responses.size(), threads, want.size());
    rk_evaluator_free(ev);
  }
  return failures == 0 ? 0 : 1;
}
