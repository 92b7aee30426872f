// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The C interface (rewardkit/rk.h) over the C++ library. Every entry point
// catches whatever the C++ side throws (in practice only std::bad_alloc) and
// turns it into a status: no exception crosses the boundary. Arguments are
// all checked before anything is written, so a call that fails leaves its
// outputs as they were.

#include "rewardkit/rk.h"

#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "fmt/format.h"
#include "rewardkit/evaluator.h"
#include "rewardkit/version.h"
#include "simdjson.h"
#include "utf8.h"

static_assert(RK_VERSION_NUMBER == (RK_VERSION_MAJOR * 10000 + RK_VERSION_MINOR * 100 +
                                    RK_VERSION_PATCH));

struct rk_error {
  rk_status code = RK_UNKNOWN;
  std::string message;
};

struct rk_evaluator {
  std::unique_ptr<rewardkit::Evaluator> evaluator;
  std::vector<rewardkit::ComponentInfo> components;  // cached: components() copies
};

struct rk_result {
  rewardkit::Result result;
};

struct rk_context {
  rewardkit::Context context;
  simdjson::dom::parser parser;  // metadata objects
  std::string padded;            // metadata copied with simdjson's padding
  std::string id;
  std::string group;
  std::vector<rewardkit::Result> results;  // a batch's, reused
  std::vector<rk_status> statuses;         // rk_score_arrays' items, reused
  // The last batch's results, for rk_context_batch_result. They are swapped
  // in from `results`, which costs no allocation: the two vectors trade
  // buffers.
  std::vector<rk_result> batch;
  // rk_score_batch_json's response with RK_BATCH_NO_RESULTS, swapped into
  // the caller's buffer once complete.
  std::string json;

  void KeepBatch() {
    batch.resize(results.size());
    for (size_t i = 0; i < results.size(); ++i) std::swap(batch[i].result, results[i]);
  }
};

struct rk_buffer {
  std::string data;
};

namespace {

using rewardkit::internal::FindInvalidUtf8;

// The error rk_error_* report when there was no memory for a real one. It is
// never written, and rk_error_free knows not to free it.
const rk_error kOutOfMemory{RK_RESOURCE_EXHAUSTED, "out of memory"};

rk_status Fail(rk_error** error, rk_status code, std::string message) {
  if (error != nullptr) {
    try {
      *error = new rk_error{code, std::move(message)};
    } catch (...) {
      *error = const_cast<rk_error*>(&kOutOfMemory);
    }
  }
  return code;
}

// Runs `body`, turning any exception into a status.
template <typename Body>
rk_status Guard(rk_error** error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(error, RK_RESOURCE_EXHAUSTED, "out of memory");
  } catch (const std::exception& e) {
    return Fail(error, RK_INTERNAL, fmt::format("internal error: {}", e.what()));
  } catch (...) {
    return Fail(error, RK_INTERNAL, "internal error: unknown exception");
  }
}

rk_status FromAbsl(absl::StatusCode code) { return static_cast<rk_status>(code); }

// Writes `text` to (`*data`, `*len`) for the accessors; `len` may be null.
const char* Out(const std::string& text, size_t* len) {
  if (len != nullptr) *len = text.size();
  return text.c_str();
}

// The same for a view of a whole NUL-terminated string (a metric's name).
const char* Out(std::string_view text, size_t* len) {
  if (len != nullptr) *len = text.size();
  return text.data();
}

// Makes the view of an argument given as pointer + length, or fails naming
// it: a null pointer is the empty string only when the length is 0.
rk_status View(const char* data, size_t len, const char* name, std::string_view* out,
               rk_error** error) {
  if (data == nullptr) {
    if (len != 0) {
      return Fail(error, RK_INVALID_ARGUMENT, fmt::format("{} is NULL with length {}", name, len));
    }
    *out = std::string_view();
    return RK_OK;
  }
  *out = std::string_view(data, len);
  return RK_OK;
}

rk_status CheckUtf8(std::string_view text, const char* name, rk_error** error) {
  size_t bad = FindInvalidUtf8(text);
  if (bad == std::string_view::npos) return RK_OK;
  return Fail(error, RK_INVALID_UTF8, fmt::format("{}: invalid UTF-8 at byte {}", name, bad));
}

// Reads the metadata object: its id and group as JSON text, and its
// response_tokens.
rk_status ReadMetadata(std::string_view json, rk_context* ctx, double* response_tokens,
                       rk_error** error) {
  ctx->padded.assign(json);
  ctx->padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
  simdjson::dom::element root;
  auto parsed = ctx->parser.parse(ctx->padded.data(), json.size(), false).get(root);
  if (parsed != simdjson::SUCCESS) {
    return Fail(error, RK_INVALID_JSON,
                fmt::format("metadata: not valid JSON: {}", simdjson::error_message(parsed)));
  }
  simdjson::dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    return Fail(error, RK_INVALID_JSON, "metadata: not a JSON object");
  }
  simdjson::dom::element value;
  if (object["response_tokens"].get(value) == simdjson::SUCCESS) {
    double tokens = 0.0;
    if (value.get(tokens) != simdjson::SUCCESS || !(tokens >= 0.0)) {
      return Fail(error, RK_INVALID_JSON,
                  "metadata/response_tokens: not a number of tokens (a number >= 0)");
    }
    *response_tokens = tokens;
  }
  ctx->id.clear();
  ctx->group.clear();
  if (object["id"].get(value) == simdjson::SUCCESS) ctx->id = simdjson::minify(value);
  if (object["group_id"].get(value) == simdjson::SUCCESS) ctx->group = simdjson::minify(value);
  return RK_OK;
}

// The arrays of rk_score_arrays: item `i` of `strings`, with the length from
// `lens` or, when `lens` is null, up to its NUL.
std::string_view Item(const char* const* strings, const size_t* lens, size_t i) {
  return lens != nullptr ? std::string_view(strings[i], lens[i]) : std::string_view(strings[i]);
}

}  // namespace

extern "C" {

const char* rk_status_name(rk_status status) {
  switch (status) {
    case RK_OK: return "OK";
    case RK_CANCELLED: return "CANCELLED";
    case RK_UNKNOWN: return "UNKNOWN";
    case RK_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case RK_DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case RK_NOT_FOUND: return "NOT_FOUND";
    case RK_ALREADY_EXISTS: return "ALREADY_EXISTS";
    case RK_PERMISSION_DENIED: return "PERMISSION_DENIED";
    case RK_RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case RK_FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case RK_ABORTED: return "ABORTED";
    case RK_OUT_OF_RANGE: return "OUT_OF_RANGE";
    case RK_UNIMPLEMENTED: return "UNIMPLEMENTED";
    case RK_INTERNAL: return "INTERNAL";
    case RK_UNAVAILABLE: return "UNAVAILABLE";
    case RK_DATA_LOSS: return "DATA_LOSS";
    case RK_UNAUTHENTICATED: return "UNAUTHENTICATED";
    case RK_INVALID_UTF8: return "INVALID_UTF8";
    case RK_INVALID_SPEC: return "INVALID_SPEC";
    case RK_INVALID_JSON: return "INVALID_JSON";
    case RK_SAMPLE_ERROR: return "SAMPLE_ERROR";
    default: return "UNKNOWN";
  }
}

int rk_version_number(void) { return rewardkit::VersionNumber(); }
const char* rk_version_string(void) { return rewardkit::VersionString(); }
int rk_abi_version(void) { return RK_ABI_VERSION; }

// ---------------------------------------------------------------------------
// Errors

rk_status rk_error_code(const rk_error* error) {
  return error != nullptr ? error->code : RK_INVALID_ARGUMENT;
}

const char* rk_error_message(const rk_error* error, size_t* len) {
  static constexpr char kNull[] = "rk_error_message: the error is NULL";
  if (error == nullptr) {
    if (len != nullptr) *len = sizeof(kNull) - 1;
    return kNull;
  }
  return Out(error->message, len);
}

void rk_error_free(rk_error* error) {
  if (error != &kOutOfMemory) delete error;
}

// ---------------------------------------------------------------------------
// Evaluators

rk_status rk_evaluator_create(const char* spec, size_t spec_len, rk_evaluator** out,
                              rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (out == nullptr) return Fail(error, RK_INVALID_ARGUMENT, "rk_evaluator_create: out is NULL");
    std::string_view text;
    if (rk_status s = View(spec, spec_len, "spec", &text, error)) return s;
    if (rk_status s = CheckUtf8(text, "spec", error)) return s;
    auto compiled = rewardkit::Evaluator::Create(text);
    if (!compiled.ok()) {
      const absl::Status& status = compiled.status();
      rk_status code = status.code() == absl::StatusCode::kInvalidArgument
                           ? RK_INVALID_SPEC
                           : FromAbsl(status.code());
      return Fail(error, code, std::string(status.message()));
    }
    auto evaluator = std::make_unique<rk_evaluator>();
    evaluator->evaluator = *std::move(compiled);
    evaluator->components = evaluator->evaluator->components();
    *out = evaluator.release();
    return RK_OK;
  });
}

void rk_evaluator_free(rk_evaluator* evaluator) { delete evaluator; }

const char* rk_evaluator_name(const rk_evaluator* evaluator, size_t* len) {
  return Out(evaluator->evaluator->name(), len);
}

const char* rk_evaluator_spec_hash(const rk_evaluator* evaluator, size_t* len) {
  return Out(evaluator->evaluator->spec_hash(), len);
}

size_t rk_evaluator_component_count(const rk_evaluator* evaluator) {
  return evaluator->components.size();
}

rk_status rk_evaluator_component(const rk_evaluator* evaluator, size_t index, const char** name,
                                 size_t* name_len, const char** type, size_t* type_len,
                                 double* weight, bool* reward) {
  if (evaluator == nullptr || index >= evaluator->components.size()) {
    return evaluator == nullptr ? RK_INVALID_ARGUMENT : RK_OUT_OF_RANGE;
  }
  const rewardkit::ComponentInfo& c = evaluator->components[index];
  if (name != nullptr) *name = Out(c.name, name_len);
  if (type != nullptr) *type = Out(c.type, type_len);
  if (weight != nullptr) *weight = c.weight;
  if (reward != nullptr) *reward = c.reward;
  return RK_OK;
}

namespace {

rk_status OutputFlags(uint32_t flags, const char* function, rewardkit::OutputOptions* options,
                      rk_error** error) {
  if ((flags & ~uint32_t{RK_BATCH_EXPLAIN}) != 0) {
    return Fail(error, RK_INVALID_ARGUMENT,
                fmt::format("{}: flags 0x{:x} other than RK_BATCH_EXPLAIN", function, flags));
  }
  options->explain = (flags & RK_BATCH_EXPLAIN) != 0;
  return RK_OK;
}

}  // namespace

rk_status rk_result_json(const rk_result* result, uint32_t flags, rk_buffer* out,
                         rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (result == nullptr || out == nullptr) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  fmt::format("rk_result_json: {} is NULL", result == nullptr ? "result" : "out"));
    }
    rewardkit::OutputOptions options;
    if (rk_status s = OutputFlags(flags, "rk_result_json", &options, error)) return s;
    out->data.clear();
    rewardkit::AppendResultJson(result->result, options, &out->data);
    return RK_OK;
  });
}

rk_status rk_context_batch_json(const rk_context* context, uint32_t flags, rk_buffer* out,
                                rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (context == nullptr || out == nullptr) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  fmt::format("rk_context_batch_json: {} is NULL",
                              context == nullptr ? "context" : "out"));
    }
    rewardkit::OutputOptions options;
    if (rk_status s = OutputFlags(flags, "rk_context_batch_json", &options, error)) return s;
    out->data.clear();
    out->data.push_back('[');
    for (size_t i = 0; i < context->batch.size(); ++i) {
      if (i > 0) out->data.push_back(',');
      rewardkit::AppendResultJson(context->batch[i].result, options, &out->data);
    }
    out->data.push_back(']');
    return RK_OK;
  });
}

size_t rk_context_batch_count(const rk_context* context) { return context->batch.size(); }

const rk_result* rk_context_batch_result(const rk_context* context, size_t index) {
  return index < context->batch.size() ? &context->batch[index] : nullptr;
}

int rk_evaluator_normalization(const rk_evaluator* evaluator) {
  switch (evaluator->evaluator->normalize_options().method) {
    case rewardkit::NormalizeMethod::kNone: return RK_NORMALIZE_NONE;
    case rewardkit::NormalizeMethod::kBatch: return RK_NORMALIZE_BATCH;
    case rewardkit::NormalizeMethod::kGroup: return RK_NORMALIZE_GROUP;
  }
  return RK_NORMALIZE_NONE;
}

// ---------------------------------------------------------------------------
// Contexts, results and buffers

rk_status rk_context_create(rk_context** out, rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (out == nullptr) return Fail(error, RK_INVALID_ARGUMENT, "rk_context_create: out is NULL");
    *out = new rk_context();
    return RK_OK;
  });
}

void rk_context_free(rk_context* context) { delete context; }

rk_status rk_result_create(rk_result** out, rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (out == nullptr) return Fail(error, RK_INVALID_ARGUMENT, "rk_result_create: out is NULL");
    *out = new rk_result();
    return RK_OK;
  });
}

void rk_result_free(rk_result* result) { delete result; }

rk_status rk_buffer_create(rk_buffer** out, rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (out == nullptr) return Fail(error, RK_INVALID_ARGUMENT, "rk_buffer_create: out is NULL");
    *out = new rk_buffer();
    return RK_OK;
  });
}

void rk_buffer_free(rk_buffer* buffer) { delete buffer; }

const char* rk_buffer_data(const rk_buffer* buffer, size_t* len) { return Out(buffer->data, len); }

// ---------------------------------------------------------------------------
// Scoring one response

rk_status rk_score(const rk_evaluator* evaluator, rk_context* context, const rk_sample* sample,
                   rk_result* result, rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (evaluator == nullptr || context == nullptr || sample == nullptr || result == nullptr) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  fmt::format("rk_score: {} is NULL", evaluator == nullptr ? "evaluator"
                                                      : context == nullptr ? "context"
                                                      : sample == nullptr  ? "sample"
                                                                           : "result"));
    }
    if (sample->version == 0 || sample->version > RK_SAMPLE_VERSION) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  fmt::format("rk_score: rk_sample.version is {}; initialize the sample with "
                              "RK_SAMPLE_INIT (version {})",
                              sample->version, RK_SAMPLE_VERSION));
    }
    rewardkit::Sample s;
    std::string_view metadata;
    if (rk_status st = View(sample->response, sample->response_len, "response", &s.response, error))
      return st;
    if (rk_status st =
            View(sample->reference, sample->reference_len, "reference", &s.reference, error))
      return st;
    if (rk_status st = View(sample->prompt, sample->prompt_len, "prompt", &s.prompt, error))
      return st;
    if (rk_status st = View(sample->metadata, sample->metadata_len, "metadata", &metadata, error))
      return st;
    if (rk_status st = CheckUtf8(s.response, "response", error)) return st;
    if (rk_status st = CheckUtf8(s.reference, "reference", error)) return st;
    if (rk_status st = CheckUtf8(s.prompt, "prompt", error)) return st;
    context->id.clear();
    context->group.clear();
    if (!metadata.empty()) {
      if (rk_status st = ReadMetadata(metadata, context, &s.response_tokens, error)) return st;
    }
    s.group = context->group;
    const rewardkit::Evaluator& ev = *evaluator->evaluator;
    rewardkit::Result& r = result->result;
    context->context.set_verdict_texts(true);  // rk_result_answer reads them
    ev.Score(s, context->context, &r);
    if (context->id.empty()) {
      r.id = "null";
    } else {
      r.id.swap(context->id);
    }
    return RK_OK;
  });
}

double rk_result_score(const rk_result* result) { return result->result.aggregate; }
const char* rk_result_id(const rk_result* result, size_t* len) {
  return Out(result->result.id, len);
}
const char* rk_result_error(const rk_result* result, size_t* len) {
  return Out(result->result.error, len);
}

size_t rk_result_metric_count(const rk_result* result) { return result->result.metrics.size(); }

const char* rk_result_metric_name(const rk_result* result, size_t index, size_t* len) {
  if (index >= result->result.metrics.size()) {
    if (len != nullptr) *len = 0;
    return nullptr;
  }
  return Out(result->result.metrics[index].name, len);
}

double rk_result_metric_value(const rk_result* result, size_t index) {
  if (index >= result->result.metrics.size()) return std::numeric_limits<double>::quiet_NaN();
  return result->result.metrics[index].value;
}

int rk_result_metric_type(const rk_result* result, size_t index) {
  if (index >= result->result.metrics.size()) return 0;
  return result->result.metrics[index].reward ? RK_METRIC_REWARD : RK_METRIC_METRIC;
}

bool rk_result_answer_found(const rk_result* result) {
  return result->result.verdict.answer_found;
}
const char* rk_result_answer(const rk_result* result, size_t* len) {
  return Out(result->result.verdict.answer, len);
}
bool rk_result_correct(const rk_result* result) { return result->result.verdict.correct; }

// ---------------------------------------------------------------------------
// Scoring batches

static_assert(RK_BATCH_PADDING == rewardkit::Evaluator::kBatchPadding);

rk_status rk_score_batch_json(const rk_evaluator* evaluator, rk_context* context,
                              const char* batch, size_t batch_len, uint32_t flags, rk_buffer* out,
                              rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    if (evaluator == nullptr || context == nullptr || out == nullptr) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  fmt::format("rk_score_batch_json: {} is NULL",
                              evaluator == nullptr ? "evaluator"
                              : context == nullptr ? "context"
                                                   : "out"));
    }
    constexpr uint32_t kKnown = RK_BATCH_JSON_LINES | RK_BATCH_EXPLAIN | RK_BATCH_SPEC_HASH |
                                RK_BATCH_PADDED | RK_BATCH_SCORES_ONLY | RK_BATCH_NO_RESULTS;
    if ((flags & ~kKnown) != 0) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  fmt::format("rk_score_batch_json: unknown flags 0x{:x}", flags & ~kKnown));
    }
    std::string_view text;
    if (rk_status s = View(batch, batch_len, "batch", &text, error)) return s;
    const rewardkit::Evaluator& ev = *evaluator->evaluator;
    const bool json_lines = (flags & RK_BATCH_JSON_LINES) != 0;
    context->context.set_verdict_texts((flags & RK_BATCH_SCORES_ONLY) == 0 ||
                                       (flags & RK_BATCH_EXPLAIN) != 0);
    const bool padded = (flags & RK_BATCH_PADDED) != 0;
    rewardkit::OutputOptions options;
    options.explain = (flags & RK_BATCH_EXPLAIN) != 0;
    if ((flags & RK_BATCH_SPEC_HASH) != 0) options.spec_hash = ev.spec_hash();
    if ((flags & RK_BATCH_NO_RESULTS) != 0) {
      // Into the context's scratch, so that `out` is untouched on failure.
      std::string& json = context->json;
      json.clear();
      absl::Status status =
          padded ? ev.ScoreBatchJsonPadded(text, json_lines, options, context->context, &json)
                 : ev.ScoreBatchJson(text, json_lines, options, context->context, &json);
      if (!status.ok()) return Fail(error, RK_INVALID_JSON, std::string(status.message()));
      out->data.swap(json);
      context->batch.clear();
      return RK_OK;
    }
    absl::Status status =
        padded ? ev.ScoreBatchPadded(text, json_lines, context->context, &context->results)
               : ev.ScoreBatch(text, json_lines, context->context, &context->results);
    if (!status.ok()) return Fail(error, RK_INVALID_JSON, std::string(status.message()));
    out->data.clear();
    rewardkit::AppendResultsJson(context->results, options, &out->data);
    context->KeepBatch();
    return RK_OK;
  });
}

rk_status rk_score_arrays(const rk_evaluator* evaluator, rk_context* context, size_t count,
                          const char* const* responses, const size_t* response_lens,
                          const char* const* references, const size_t* reference_lens,
                          const char* const* prompts, const size_t* prompt_lens, double* scores,
                          rk_status* statuses, rk_error** error) {
  return Guard(error, [&]() -> rk_status {
    const char* missing = evaluator == nullptr ? "evaluator"
                          : context == nullptr ? "context"
                          : count == 0         ? nullptr
                          : responses == nullptr  ? "responses"
                          : references == nullptr ? "references"
                          : scores == nullptr     ? "scores"
                                                  : nullptr;
    if (missing != nullptr) {
      return Fail(error, RK_INVALID_ARGUMENT, fmt::format("rk_score_arrays: {} is NULL", missing));
    }
    if (prompts == nullptr && prompt_lens != nullptr) {
      return Fail(error, RK_INVALID_ARGUMENT,
                  "rk_score_arrays: prompt_lens is given without prompts");
    }
    for (size_t i = 0; i < count; ++i) {
      const char* bad = responses[i] == nullptr                        ? "responses"
                        : references[i] == nullptr                     ? "references"
                        : prompts != nullptr && prompts[i] == nullptr ? "prompts"
                                                                       : nullptr;
      if (bad != nullptr) {
        return Fail(error, RK_INVALID_ARGUMENT,
                    fmt::format("rk_score_arrays: {}[{}] is NULL", bad, i));
      }
    }
    const rewardkit::Evaluator& ev = *evaluator->evaluator;
    std::vector<rewardkit::Result>& results = context->results;
    results.resize(count);
    context->statuses.assign(count, RK_OK);
    context->context.set_verdict_texts(true);  // rk_result_answer reads them
    for (size_t i = 0; i < count; ++i) {
      rewardkit::Sample s;
      s.response = Item(responses, response_lens, i);
      s.reference = Item(references, reference_lens, i);
      if (prompts != nullptr) s.prompt = Item(prompts, prompt_lens, i);
      rewardkit::Result& r = results[i];
      r.id = "null";
      const char* bad = FindInvalidUtf8(s.response) != std::string_view::npos    ? "response"
                        : FindInvalidUtf8(s.reference) != std::string_view::npos ? "reference"
                        : FindInvalidUtf8(s.prompt) != std::string_view::npos    ? "prompt"
                                                                                 : nullptr;
      if (bad != nullptr) {
        ev.SetError(fmt::format("{}: invalid UTF-8", bad), &r);
        context->statuses[i] = RK_INVALID_UTF8;
        continue;
      }
      ev.Score(s, context->context, &r);
    }
    ev.NormalizeBatch(&results, context->context);
    for (size_t i = 0; i < count; ++i) {
      const rewardkit::Result& r = results[i];
      scores[i] = r.aggregate;
      if (statuses != nullptr) {
        statuses[i] = context->statuses[i] != RK_OK ? context->statuses[i]
                      : r.error.empty()             ? RK_OK
                                                    : RK_SAMPLE_ERROR;
      }
    }
    context->KeepBatch();
    return RK_OK;
  });
}

}  // extern "C"
