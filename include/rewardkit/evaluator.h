// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/evaluator.h
// -----------------------------------------------------------------------------
//
// An Evaluator is a reward function compiled from a spec (spec.h). It scores a
// response against a reference answer and reports an aggregate reward plus one
// metric per component, in the shape that Amazon Bedrock and SageMaker reward
// functions return.
//
// Example:
//
//   auto evaluator = rewardkit::Evaluator::Create(spec_json);
//   if (!evaluator.ok()) { /* evaluator.status() names the bad field */ }
//   rewardkit::Context context;           // one per thread, reused
//   rewardkit::Sample sample;
//   sample.response = "... so the total is 18.\n#### 18";
//   sample.reference = "18";
//   rewardkit::Result result;
//   (*evaluator)->Score(sample, context, &result);
//   // result.aggregate == 1.0, result.verdict.correct
//
// Two tiers of objects, as in RE2 and zstd:
//   * An Evaluator is immutable once created and safe for concurrent use by
//     multiple threads; share one across a process.
//   * A Context holds per-call scratch (a JSON parser, buffers). It is not
//     thread-safe: use one per thread, and reuse it across calls.

#ifndef REWARDKIT_EVALUATOR_H_
#define REWARDKIT_EVALUATOR_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rewardkit/compare.h"
#include "rewardkit/extract.h"

namespace rewardkit {
namespace internal {
struct SampleFields;
struct NormalizeEntry;
}  // namespace internal

// Per-thread scratch state. Not thread-safe; reuse one per thread.
class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Whether scoring fills in each Verdict's texts: the extracted answer
  // and both sides' normalized forms. On by default. A service that only
  // writes scores (no explanations) can turn them off and save building
  // them for every sample; the decision, the extractor and the reason are
  // always kept.
  void set_verdict_texts(bool on);
  bool verdict_texts() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// One response to score. Every view must stay valid during the Score call.
struct Sample {
  std::string_view response;
  std::string_view reference;
  std::string_view prompt;  // optional
  // The response's length in tokens, when the caller knows it (the length
  // component estimates it otherwise); negative when unknown.
  double response_tokens = -1.0;
  // The group the sample belongs to for group normalization (its
  // "group_id"); empty means the group of its prompt.
  std::string_view group;
};

// One reported number. `reward` is true when it counts toward the aggregate
// (the service's type "Reward"), false when only reported ("Metric").
struct Metric {
  // Points into the Evaluator that produced the metric (a component's name)
  // or at a string literal ("error"), so valid while the Evaluator lives. The
  // text is always a whole NUL-terminated string. A view, so that scoring
  // does not allocate a copy of each name for every sample.
  std::string_view name;
  double value = 0.0;
  bool reward = false;
};

// What the correctness check saw and decided.
struct Verdict {
  bool answer_found = false;
  bool correct = false;
  std::string answer;  // the extracted text
  // The name of the extractor that found it. Points into the Evaluator, so
  // valid while the Evaluator lives (as Metric::name).
  std::string_view extractor;
  int extractor_index = -1;
  bool fallback = false;  // found by an extractor after the first in the chain
  bool unclosed_think = false;
  std::string normalized_answer;
  std::string normalized_reference;
  std::string_view method;  // how the comparison decided (Comparison::method)
  // Why the answer was not correct: "no_answer", "unclosed_think",
  // "empty_reference", or a ReasonName(). Empty when correct. Always a
  // string literal.
  std::string_view reason;

  // Makes this a default Verdict but keeps the strings' storage, so that a
  // Verdict reused for sample after sample does not allocate.
  void Reset() {
    answer_found = false;
    correct = false;
    answer.clear();
    extractor = {};
    extractor_index = -1;
    fallback = false;
    unclosed_think = false;
    normalized_answer.clear();
    normalized_reference.clear();
    method = {};
    reason = {};
  }
};

// The result of scoring one sample.
struct Result {
  // The sample's id as JSON text ("\"abc\"", "17"), or "null" when it had
  // none. Set by ScoreSample; Score leaves it alone.
  std::string id = "null";
  double aggregate = 0.0;
  std::vector<Metric> metrics;
  Verdict verdict;
  // Non-empty when the sample could not be scored (bad input); the aggregate
  // is then the spec's error score and `metrics` holds an "error" metric.
  std::string error;
  // The group the sample belongs to for group normalization: its
  // "group_id" (or "uid") when it has one, else a hash of its prompt. Set
  // when the spec normalizes by group; empty otherwise.
  std::string group;
};

// How component values combine into the aggregate. Only components with
// `reward` true take part; gates and clamping apply after.
enum class AggregateMethod {
  kWeightedSum,   // sum of weight * value
  kWeightedMean,  // sum of weight * value / sum of weights
  kMin,           // the smallest value (weights ignored)
  kProduct,       // the product of values (weights ignored)
};

struct AggregateOptions {
  AggregateMethod method = AggregateMethod::kWeightedSum;
  // When set, the aggregate is clamped to [low, high].
  bool clamp = false;
  double low = 0.0;
  double high = 1.0;
};

// Normalization of aggregates across a batch, for GRPO-style training.
enum class NormalizeMethod {
  kNone,
  kBatch,  // (x - batch mean) / (batch std + epsilon)
  kGroup,  // (x - group mean) / (group std + epsilon), a group being one prompt
};

struct NormalizeOptions {
  NormalizeMethod method = NormalizeMethod::kNone;
  bool scale = true;      // divide by the standard deviation (false: only center)
  double epsilon = 1e-6;  // added to the standard deviation
  double clip = 0.0;      // when > 0, normalized values are clipped to [-clip, clip]
};

// What a compiled spec's component is, for reports.
struct ComponentInfo {
  std::string name;
  std::string type;
  double weight = 1.0;
  bool reward = true;
  double min_value = 0.0;  // the range its value lies in
  double max_value = 1.0;
};

// Where a sample's reference answer and response live in the service JSON.
struct InputOptions {
  // When the reference is an object, the first of these keys it has is used.
  std::vector<std::string> reference_keys = {"answer", "final_answer", "text"};
  // Roles whose last turn is the response.
  std::vector<std::string> assistant_roles = {"assistant", "nova_assistant"};
  // Responses longer than this are an error for that sample (not a crash).
  size_t max_response_bytes = size_t{64} << 20;
};

struct OutputOptions;

class Evaluator {
 public:
  // Compiles a spec. Returns InvalidArgument with a JSON Pointer to the first
  // bad field when the spec is wrong.
  static absl::StatusOr<std::unique_ptr<Evaluator>> Create(std::string_view spec_json);

  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Scores `sample` into `*out` (overwriting it). Never fails: a response
  // that cannot be scored gets the spec's error score and an "error" metric.
  void Score(const Sample& sample, Context& context, Result* out) const;

  // Scores one sample given as service JSON (any of the shapes in
  // docs/input.md) into `*out`. A sample that cannot be read still gets its
  // result: the spec's error score, an "error" metric, and Result::error
  // naming every field that was wrong as a JSON Pointer.
  void ScoreSample(std::string_view sample_json, Context& context, Result* out) const;

  // As above, but a sample without an "id" takes `default_id` (JSON text,
  // such as "17" or "\"line-17\"") instead of being an error. For offline
  // files, such as evaluation sets, whose rows have no ids.
  void ScoreSample(std::string_view sample_json, std::string_view default_id, Context& context,
                   Result* out) const;

  // Scores the sample's own reference answer as its response, written the
  // way the spec's first correctness component expects an answer (inside
  // \boxed{}, after the first marker, between the tags, ...). A correct
  // reference should get full credit; `rewardkit validate-references` lists
  // the samples where it does not.
  void ScoreReference(std::string_view sample_json, std::string_view default_id, Context& context,
                      Result* out) const;

  // ScoreSample, then appends the service's result object to `*out`:
  //   {"id":..,"aggregate_reward_score":..,"metrics_list":[..]}
  // `*result` (may be null) receives the details.
  void ScoreJson(std::string_view sample_json, Context& context, std::string* out,
                 Result* result = nullptr) const;

  // Makes `*out` the result of a sample that cannot be scored: the spec's
  // error score, only an "error" metric, and `message` as Result::error. The
  // id is kept. For callers that find a sample bad before scoring it.
  void SetError(std::string message, Result* out) const;

  // Scores a batch: a JSON array of samples, the same array wrapped as
  // {"trajectories": [...]}, or (when `json_lines`) JSON Lines. Every sample
  // gets exactly one result, in order, whatever is wrong with it (see
  // ScoreSample); the spec's "normalize" is then applied. A wrapper must be
  // the whole text. Fails, leaving `*results` alone, only when `batch` is
  // not a batch at all: neither an array, a wrapper nor (when allowed) JSON
  // Lines, of which blank text is an empty batch.
  absl::Status ScoreBatch(std::string_view batch, bool json_lines, Context& context,
                          std::vector<Result>* results) const;

  // How many bytes past its end a batch's buffer must be readable for
  // ScoreBatchPadded (what they hold does not matter).
  static constexpr size_t kBatchPadding = 64;

  // ScoreBatch for a batch whose buffer can be read for kBatchPadding bytes
  // past the batch's end, such as a std::string with that much capacity to
  // spare: the batch is parsed where it is, where ScoreBatch first copies it
  // into a buffer of its own. Results are the same.
  absl::Status ScoreBatchPadded(std::string_view batch, bool json_lines, Context& context,
                                std::vector<Result>* results) const;

  // Scores a batch as ScoreBatch does and appends to `*out` what
  // AppendResultsJson(results, options, out) would: the service's response,
  // byte for byte, without keeping the results. For a spec of one
  // correctness component and no normalization, the usual reward function,
  // each sample's result object is written as it is scored, from its id and
  // text made once for each outcome; a sample that is not plainly good (an
  // error, a field to report) takes ScoreBatch's path on its own.
  absl::Status ScoreBatchJson(std::string_view batch, bool json_lines, const OutputOptions& options,
                              Context& context, std::string* out) const;
  // ScoreBatchJson for a batch padded as ScoreBatchPadded's.
  absl::Status ScoreBatchJsonPadded(std::string_view batch, bool json_lines,
                                    const OutputOptions& options, Context& context,
                                    std::string* out) const;

  // Applies the spec's "normalize" to a scored batch (a no-op for "none"):
  // each result's aggregate becomes its normalized value, and the value
  // before is reported as the metric "raw_reward". Results with an error keep
  // the error score and take no part in the statistics. Groups are
  // Result::group. Permuting the batch permutes the results and nothing else.
  void NormalizeBatch(std::vector<Result>* results) const;
  // As above, with the context's scratch: no allocation once it has grown.
  void NormalizeBatch(std::vector<Result>* results, Context& context) const;

  // The spec's name, and the canonical hash of the spec text.
  const std::string& name() const;
  const std::string& spec_hash() const;
  const InputOptions& input_options() const;
  const AggregateOptions& aggregate_options() const;
  const NormalizeOptions& normalize_options() const;
  // The components, in spec order.
  std::vector<ComponentInfo> components() const;
  // A human-readable account of what the spec computes, one line per part.
  const std::string& plan() const;

  struct Impl;

 private:
  explicit Evaluator(std::unique_ptr<Impl> impl);
  // Score, told whether the response is known to be valid UTF-8: text read
  // from JSON that simdjson parsed (which validates every string) need not
  // be scanned again.
  void ScoreText(const Sample& sample, bool utf8_checked, Context& context, Result* out) const;
  void ScoreFields(const internal::SampleFields& fields, Context& context, Result* out) const;
  void NormalizeBatch(std::vector<Result>* results,
                      std::vector<internal::NormalizeEntry>* entries) const;
  // ScoreBatch, and with `json` ScoreBatchJson: then `*results` is the
  // context's and the response is appended to `*out`.
  absl::Status ScoreBatchImpl(std::string_view batch, bool json_lines, bool padded,
                              Context& context, std::vector<Result>* results,
                              const OutputOptions* json = nullptr,
                              std::string* out = nullptr) const;
  bool ReadSampleJson(std::string_view sample_json, std::string_view default_id, Context& context,
                      internal::SampleFields* fields, Result* out) const;
  std::unique_ptr<Impl> impl_;
};

// How AppendResultJson writes a result.
struct OutputOptions {
  // Add a "details" object: extracted answer, extractor, normalized forms,
  // comparison method, reason, error. Services ignore unknown fields, but the
  // default keeps to the documented shape.
  bool explain = false;
  // When not empty, each result carries "spec_hash" (Evaluator::spec_hash()),
  // so a run's results say which reward produced them.
  std::string_view spec_hash;
};

// Appends `result` as the service's result object to `*out`.
void AppendResultJson(const Result& result, const OutputOptions& options, std::string* out);

// Appends `results` as the service's response, a JSON array of result
// objects, to `*out`.
void AppendResultsJson(const std::vector<Result>& results, const OutputOptions& options,
                       std::string* out);

// Splits a batch file into samples: a JSON array of samples, or JSON Lines
// (one sample a line; blank lines are not samples). The split does not parse
// the samples, so one malformed sample never hides its neighbours.
struct BatchItem {
  std::string_view json;  // the sample's JSON text
  size_t line = 0;        // 1-based line where the sample starts
  std::string error;      // non-empty when the item could not be delimited
};
std::vector<BatchItem> SplitBatch(std::string_view text);

// The array of samples in a batch event: `text` itself when it is a JSON
// array, the "trajectories" member when it is an object wrapping one (and
// nothing follows the object), and empty (with `*error` saying why)
// otherwise. Found by a scan, as
// SplitBatch does, without parsing the samples.
std::string_view FindBatchArray(std::string_view text, std::string* error);

}  // namespace rewardkit

#endif  // REWARDKIT_EVALUATOR_H_
