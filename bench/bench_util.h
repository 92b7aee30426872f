// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: bench/bench_util.h
// -----------------------------------------------------------------------------
//
// What every benchmark shares: reading files, the real data sets of
// ../shared/data (RK_SHARED_DATA_DIR), service batches built from them, and
// specs compiled from the source tree (RK_SOURCE_DIR).
//
//   const std::vector<rewardkit::bench::Row>& rows = rewardkit::bench::Gsm8kSamples();
//   rewardkit::bench::Batches b = rewardkit::bench::MakeBatches(
//       rows, 5120, 64, rewardkit::bench::Shape::kFlat);
//   auto evaluator = rewardkit::bench::LoadSpec("examples/specs/gsm8k.json");
//
// Data sets are loaded once per process (function-local statics, so
// thread-safely) and never changed. Anything missing aborts the program with
// a message naming it: a benchmark over no data would measure nothing.

#ifndef REWARDKIT_BENCH_BENCH_UTIL_H_
#define REWARDKIT_BENCH_BENCH_UTIL_H_

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_util.h"
#include "rewardkit/evaluator.h"
#include "simdjson.h"

namespace rewardkit::bench {

// Prints `message` and aborts.
[[noreturn]] inline void Die(const std::string& message) {
  std::fprintf(stderr, "benchmark setup: %s\n", message.c_str());
  std::abort();
}

// Returns the bytes of the file at `path`; dies when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `relative` (such as "examples/specs/gsm8k.json") inside the source tree.
inline std::string SourcePath(std::string_view relative) {
  return std::string(RK_SOURCE_DIR) + "/" + std::string(relative);
}

// `file` (such as "gsm8k_model_samples.jsonl") inside ../shared/data.
inline std::string DataPath(std::string_view file) {
  return std::string(RK_SHARED_DATA_DIR) + "/" + std::string(file);
}

// -----------------------------------------------------------------------------
// Data sets
// -----------------------------------------------------------------------------

// One row of a data set.
struct Row {
  std::string problem;
  std::string response;   // a model's response, or a test set's reference solution
  std::string reference;  // the reference answer
  bool label = false;     // the data set's correctness label (false when it has none)
};

// The names of a JSON Lines file's fields; an empty name is a field the file
// does not have.
struct Fields {
  std::string_view problem;
  std::string_view response;
  std::string_view reference;
  std::string_view label;
};

// Returns the string field `name` of `row` (a number is taken as its JSON
// text); dies when it is missing.
inline std::string StringField(simdjson::dom::object row, std::string_view name,
                               std::string_view file) {
  simdjson::dom::element e;
  if (row[name].get(e) != simdjson::SUCCESS) {
    Die(std::string(file) + ": a row has no \"" + std::string(name) + "\"");
  }
  std::string_view s;
  if (e.get(s) == simdjson::SUCCESS) return std::string(s);
  return simdjson::minify(e);
}

// Reads the JSON Lines file `file` of ../shared/data.
inline std::vector<Row> LoadRows(std::string_view file, const Fields& fields) {
  const std::string text = ReadFile(DataPath(file));
  simdjson::dom::parser parser;
  std::vector<Row> rows;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    simdjson::dom::object object;
    if (parser.parse(line.data(), line.size()).get(object) != simdjson::SUCCESS) {
      Die(std::string(file) + ": a line is not a JSON object");
    }
    Row row;
    if (!fields.problem.empty()) row.problem = StringField(object, fields.problem, file);
    if (!fields.response.empty()) row.response = StringField(object, fields.response, file);
    if (!fields.reference.empty()) row.reference = StringField(object, fields.reference, file);
    if (!fields.label.empty() && object[fields.label].get(row.label) != simdjson::SUCCESS) {
      Die(std::string(file) + ": a row has no boolean \"" + std::string(fields.label) + "\"");
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) Die(std::string(file) + ": no rows");
  return rows;
}

// gsm8k_model_samples.jsonl: 5,276 GPT-3 solutions of the GSM8K test set
// (most end "A: <number>"), with OpenAI's correctness labels.
inline const std::vector<Row>& Gsm8kSamples() {
  static const std::vector<Row> rows =
      LoadRows("gsm8k_model_samples.jsonl", {"problem", "response", "reference_answer", "label"});
  return rows;
}

// math_qwen25_samples.jsonl: 800 Qwen2.5-Math responses (100 MATH problems x
// 8), answers in \boxed{}, with the labels of Qwen's own grader.
inline const std::vector<Row>& MathSamples() {
  static const std::vector<Row> rows =
      LoadRows("math_qwen25_samples.jsonl", {"problem", "response", "reference_answer", "label"});
  return rows;
}

// gsm8k_test.jsonl: 1,319 questions; `response` is the reference solution
// (ending "#### <number>") and `reference` the number after "####".
inline const std::vector<Row>& Gsm8kTest() {
  static const std::vector<Row> rows = [] {
    std::vector<Row> out = LoadRows("gsm8k_test.jsonl", {"question", "answer", "", ""});
    for (Row& row : out) {
      const size_t marker = row.response.rfind("####");
      if (marker == std::string::npos) Die("gsm8k_test.jsonl: a solution without ####");
      std::string_view rest = std::string_view(row.response).substr(marker + 4);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\n')) rest.remove_suffix(1);
      row.reference = std::string(rest);
    }
    return out;
  }();
  return rows;
}

// math500_test.jsonl: the 500 MATH-500 problems; `response` is the reference
// solution and `reference` its answer (LaTeX).
inline const std::vector<Row>& Math500Test() {
  static const std::vector<Row> rows =
      LoadRows("math500_test.jsonl", {"problem", "solution", "answer", ""});
  return rows;
}

// The sum of the sizes of the rows' responses.
inline size_t ResponseBytes(const std::vector<Row>& rows) {
  size_t bytes = 0;
  for (const Row& row : rows) bytes += row.response.size();
  return bytes;
}

// -----------------------------------------------------------------------------
// Service batches
// -----------------------------------------------------------------------------

// Appends `s` as a JSON string: the library's own writer, which escapes
// exactly what Python's json.dumps(..., ensure_ascii=False) escapes, so that
// bench/compare_python.py builds the same bytes.
using rewardkit::internal::AppendJsonString;

// The shapes of docs/input.md that batches are built in.
enum class Shape {
  kFlat,  // {"id":N,"response":..,"reference_answer":..}
  kChat,  // {"id":N,"messages":[user problem, assistant response],
          //  "metadata":{"reference_answer":..}}: Amazon Bedrock's shape
};

// Appends `row` as one service sample with the integer id `id`.
inline void AppendSampleJson(const Row& row, size_t id, Shape shape, std::string* out) {
  out->append("{\"id\":");
  out->append(std::to_string(id));
  if (shape == Shape::kFlat) {
    out->append(",\"response\":");
    AppendJsonString(row.response, out);
    out->append(",\"reference_answer\":");
    AppendJsonString(row.reference, out);
  } else {
    out->append(",\"messages\":[{\"role\":\"user\",\"content\":");
    AppendJsonString(row.problem, out);
    out->append("},{\"role\":\"assistant\",\"content\":");
    AppendJsonString(row.response, out);
    out->append("}],\"metadata\":{\"reference_answer\":");
    AppendJsonString(row.reference, out);
    out->append("}");
  }
  out->push_back('}');
}

// Service batches: JSON arrays of samples, as Bedrock and SageMaker send them.
struct Batches {
  std::vector<std::string> texts;  // one JSON array per batch
  size_t batch_size = 0;
  size_t samples = 0;  // in all batches
  size_t bytes = 0;    // of all batches
};

// The largest multiple of `multiple` that is at most `n`.
inline size_t RoundDown(size_t n, size_t multiple) { return n / multiple * multiple; }

// The first `count` rows (rounded down to whole batches) as batches of
// `batch_size` samples; sample i has the id i. Each text has
// Evaluator::kBatchPadding bytes of capacity to spare. The bytes are those of
// json.dumps(samples, ensure_ascii=False, separators=(",", ":")) in Python.
inline Batches MakeBatches(const std::vector<Row>& rows, size_t count, size_t batch_size,
                           Shape shape) {
  if (batch_size == 0) Die("a batch of 0 samples");
  Batches b;
  b.batch_size = batch_size;
  const size_t n = RoundDown(std::min(count, rows.size()), batch_size);
  if (n == 0) Die("fewer rows than one batch of " + std::to_string(batch_size));
  for (size_t first = 0; first < n; first += batch_size) {
    std::string text = "[";
    for (size_t i = first; i < first + batch_size; ++i) {
      if (i > first) text.push_back(',');
      AppendSampleJson(rows[i], i, shape, &text);
    }
    text.push_back(']');
    b.bytes += text.size();
    // Room to spare for ScoreBatchPadded, as a service that reads requests
    // into a buffer of its own can leave it.
    text.reserve(text.size() + Evaluator::kBatchPadding);
    b.texts.push_back(std::move(text));
  }
  b.samples = n;
  return b;
}

// -----------------------------------------------------------------------------
// Specs
// -----------------------------------------------------------------------------

// Compiles `spec_json`; dies with the evaluator's message, naming `what`, when
// it does not compile.
inline std::unique_ptr<Evaluator> CompileSpec(std::string_view spec_json, std::string_view what) {
  absl::StatusOr<std::unique_ptr<Evaluator>> e = Evaluator::Create(spec_json);
  if (!e.ok()) Die(std::string(what) + ": " + std::string(e.status().message()));
  return *std::move(e);
}

// Compiles the spec file at `relative` in the source tree
// ("examples/specs/math.json", "tests/data/all_components.json").
inline std::unique_ptr<Evaluator> LoadSpec(std::string_view relative) {
  return CompileSpec(ReadFile(SourcePath(relative)), relative);
}

// A spec of the single component `component_json` (a JSON object).
inline std::unique_ptr<Evaluator> OneComponentSpec(std::string_view component_json) {
  const std::string spec = "{\"version\":\"rewardkit/v1\",\"name\":\"bench\",\"components\":[" +
                           std::string(component_json) + "]}";
  return CompileSpec(spec, component_json);
}

}  // namespace rewardkit::bench

#endif  // REWARDKIT_BENCH_BENCH_UTIL_H_
