/* Copyright 2026 The rewardkit Authors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * File: rewardkit/rk.h
 * -----------------------------------------------------------------------------
 *
 * rewardkit's C interface: a stable ABI over the C++ library, for Python
 * (ctypes), Rust, Go, custom AWS Lambda runtimes and anything else that can
 * call C. It compiles as C99 and as C++, and includes only <stdbool.h>,
 * <stddef.h> and <stdint.h>.
 *
 * Example:
 *
 *   rk_evaluator* ev = NULL;
 *   rk_context* ctx = NULL;
 *   rk_result* res = NULL;
 *   rk_error* err = NULL;
 *   if (rk_evaluator_create(spec, spec_len, &ev, &err) != RK_OK) {
 *     fprintf(stderr, "%s\n", rk_error_message(err, NULL));
 *     rk_error_free(err);
 *     return 1;
 *   }
 *   rk_context_create(&ctx, NULL);
 *   rk_result_create(&res, NULL);
 *   rk_sample s = RK_SAMPLE_INIT;
 *   s.response = "9 * 2 = 18\n#### 18";
 *   s.response_len = strlen(s.response);
 *   s.reference = "18";
 *   s.reference_len = 2;
 *   if (rk_score(ev, ctx, &s, res, &err) == RK_OK) {
 *     printf("%g\n", rk_result_score(res));  // 1
 *   }
 *   rk_result_free(res);
 *   rk_context_free(ctx);
 *   rk_evaluator_free(ev);
 *
 * Objects and threads:
 *   - An rk_evaluator is a reward function compiled from a JSON spec. It is
 *     immutable and safe to use from any number of threads at once: compile
 *     it once per process and share it.
 *   - An rk_context holds one thread's scratch state (parsers, buffers). Use
 *     each from one thread at a time; keep one per thread and reuse it, so
 *     that scoring does not allocate once the buffers have grown.
 *   - An rk_result and an rk_buffer receive output and are reused the same
 *     way.
 *
 * Conventions:
 *   - Strings go in and out as UTF-8 pointer + length; they need not be
 *     NUL-terminated on the way in, and are always NUL-terminated on the way
 *     out. NULL with length 0 is the empty string. Invalid UTF-8 in an
 *     argument is an error (RK_INVALID_UTF8).
 *   - A function that can fail returns an rk_status. On failure it leaves its
 *     outputs untouched and, when `error` is not NULL, sets `*error` to an
 *     error object the caller frees with rk_error_free. On success `*error` is
 *     not touched. No C++ exception ever crosses this interface.
 *   - Every *_free function accepts NULL. The accessors (rk_result_score,
 *     rk_buffer_data, ...) take objects that must not be NULL; they do not
 *     check, as a C library's accessors do not.
 *   - Functions are added, never changed or removed, while RK_ABI_VERSION
 *     stays the same. Status codes are never renumbered.
 */

#ifndef REWARDKIT_RK_H_
#define REWARDKIT_RK_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The version of this header, as in rewardkit/version.h. */
#define RK_VERSION_MAJOR 0
#define RK_VERSION_MINOR 1
#define RK_VERSION_PATCH 0
#define RK_VERSION_NUMBER (RK_VERSION_MAJOR * 10000 + RK_VERSION_MINOR * 100 + RK_VERSION_PATCH)
#define RK_VERSION_STRING "0.1.0"

/* The ABI's number: the shared library's SOVERSION. It changes only when a
 * function or type of this header changes incompatibly. */
#define RK_ABI_VERSION 1

#if defined(_WIN32) && defined(RK_SHARED)
#if defined(RK_BUILDING_LIBRARY)
#define RK_API __declspec(dllexport)
#else
#define RK_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && defined(RK_BUILDING_LIBRARY)
#define RK_API __attribute__((visibility("default")))
#else
#define RK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* -------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------- */

/* 0 to 16 are absl::StatusCode's (and gRPC's); rewardkit's own start at 100. */
typedef int32_t rk_status;

enum {
  RK_OK = 0,
  RK_CANCELLED = 1,
  RK_UNKNOWN = 2,
  RK_INVALID_ARGUMENT = 3, /* a NULL pointer, a negative count, ... */
  RK_DEADLINE_EXCEEDED = 4,
  RK_NOT_FOUND = 5,
  RK_ALREADY_EXISTS = 6,
  RK_PERMISSION_DENIED = 7,
  RK_RESOURCE_EXHAUSTED = 8, /* out of memory */
  RK_FAILED_PRECONDITION = 9,
  RK_ABORTED = 10,
  RK_OUT_OF_RANGE = 11, /* an index past the end */
  RK_UNIMPLEMENTED = 12,
  RK_INTERNAL = 13, /* a bug in rewardkit: please report it */
  RK_UNAVAILABLE = 14,
  RK_DATA_LOSS = 15,
  RK_UNAUTHENTICATED = 16,

  RK_INVALID_UTF8 = 100,  /* a string is not valid UTF-8 */
  RK_INVALID_SPEC = 101,  /* the spec does not compile; the message names every bad field */
  RK_INVALID_JSON = 102,  /* a JSON argument is malformed, or not the JSON expected */
  RK_SAMPLE_ERROR = 103   /* per item: the sample could not be scored (an empty
                             reference, a response over the size limit); it has
                             the spec's error score */
};

/* The code's name: "OK", "INVALID_ARGUMENT", "INVALID_UTF8", ...; "UNKNOWN"
 * for a code this library does not know. A static string: never NULL, never
 * freed. */
RK_API const char* rk_status_name(rk_status status);

/* -------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------- */

/* RK_VERSION_NUMBER, RK_VERSION_STRING (a static string) and RK_ABI_VERSION
 * of the library actually loaded, which may be newer than the header
 * compiled against. */
RK_API int rk_version_number(void);
RK_API const char* rk_version_string(void);
RK_API int rk_abi_version(void);

/* -------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------- */

typedef struct rk_error rk_error;

/* The error's status code (never RK_OK). */
RK_API rk_status rk_error_code(const rk_error* error);
/* The error's message in UTF-8, NUL-terminated; `*len` (when `len` is not
 * NULL) receives its length. Valid until the error is freed. */
RK_API const char* rk_error_message(const rk_error* error, size_t* len);
RK_API void rk_error_free(rk_error* error);

/* -------------------------------------------------------------------------
 * Evaluators
 * ------------------------------------------------------------------------- */

typedef struct rk_evaluator rk_evaluator;

/* Compiles a spec (JSON, docs/spec.md) into `*out`. RK_INVALID_SPEC names
 * every bad field as a JSON Pointer, one per line. */
RK_API rk_status rk_evaluator_create(const char* spec, size_t spec_len, rk_evaluator** out,
                                     rk_error** error);
RK_API void rk_evaluator_free(rk_evaluator* evaluator);

/* The spec's "name", and its canonical hash (16 hex digits). */
RK_API const char* rk_evaluator_name(const rk_evaluator* evaluator, size_t* len);
RK_API const char* rk_evaluator_spec_hash(const rk_evaluator* evaluator, size_t* len);

/* The spec's components, in spec order. For index < count, sets the
 * component's name and type ("correctness", "format", ...), its weight, and
 * whether it counts toward the aggregate; any output pointer may be NULL.
 * RK_OUT_OF_RANGE past the end. */
RK_API size_t rk_evaluator_component_count(const rk_evaluator* evaluator);
RK_API rk_status rk_evaluator_component(const rk_evaluator* evaluator, size_t index,
                                        const char** name, size_t* name_len, const char** type,
                                        size_t* type_len, double* weight, bool* reward);

/* The spec's "normalize": how the batch calls rescale scores across the batch
 * they are given. With anything but RK_NORMALIZE_NONE a score depends on the
 * rest of its batch, so a data set scored in chunks scores differently from
 * the same data set scored whole. */
enum { RK_NORMALIZE_NONE = 0, RK_NORMALIZE_BATCH = 1, RK_NORMALIZE_GROUP = 2 };
RK_API int rk_evaluator_normalization(const rk_evaluator* evaluator);

/* -------------------------------------------------------------------------
 * Contexts, results and buffers (per thread, reused)
 * ------------------------------------------------------------------------- */

typedef struct rk_context rk_context;
typedef struct rk_result rk_result;
typedef struct rk_buffer rk_buffer;

RK_API rk_status rk_context_create(rk_context** out, rk_error** error);
RK_API void rk_context_free(rk_context* context);

RK_API rk_status rk_result_create(rk_result** out, rk_error** error);
RK_API void rk_result_free(rk_result* result);

RK_API rk_status rk_buffer_create(rk_buffer** out, rk_error** error);
RK_API void rk_buffer_free(rk_buffer* buffer);
/* The buffer's bytes, NUL-terminated; valid until the buffer is next written
 * or freed. */
RK_API const char* rk_buffer_data(const rk_buffer* buffer, size_t* len);

/* -------------------------------------------------------------------------
 * Scoring one response
 * ------------------------------------------------------------------------- */

/* One response to score. Initialize with RK_SAMPLE_INIT, so that a newer
 * library knows which fields this caller set. `prompt` and `metadata` are
 * optional (NULL). `metadata` is a JSON object; rewardkit reads its "id"
 * (any JSON value: the result's id), "group_id" (the sample's group for
 * group normalization) and "response_tokens" (a number: the response's length
 * in tokens, when the caller knows it), and ignores other members. */
typedef struct rk_sample {
  uint32_t version; /* RK_SAMPLE_VERSION */
  const char* response;
  size_t response_len;
  const char* reference;
  size_t reference_len;
  const char* prompt;
  size_t prompt_len;
  const char* metadata;
  size_t metadata_len;
} rk_sample;

#define RK_SAMPLE_VERSION 1
#define RK_SAMPLE_INIT {RK_SAMPLE_VERSION, NULL, 0, NULL, 0, NULL, 0, NULL, 0}

/* Scores `sample` into `result`. Fails (RK_INVALID_ARGUMENT, RK_INVALID_UTF8,
 * RK_INVALID_JSON for bad metadata) only when an argument is bad. A sample
 * the spec cannot score, such as one with an empty reference, is still a
 * result: the spec's error score and an "error" metric, with rk_result_error
 * saying why, exactly as in a batch. */
RK_API rk_status rk_score(const rk_evaluator* evaluator, rk_context* context,
                          const rk_sample* sample, rk_result* result, rk_error** error);

/* What a result holds. Strings stay valid until the result is next written
 * or freed. */

/* The reward: the spec's aggregate of its components. */
RK_API double rk_result_score(const rk_result* result);
/* The id as JSON text ("\"a\"", "17"), "null" when the sample had none. */
RK_API const char* rk_result_id(const rk_result* result, size_t* len);
/* Empty when the sample was scored; else why it could not be. */
RK_API const char* rk_result_error(const rk_result* result, size_t* len);

/* The metrics: one per component (its value), then what the components
 * report besides ("correctness_answer_found", ...), "error" and, for specs
 * with gates, "gated". A metric of type RK_METRIC_REWARD counts toward the
 * score; RK_METRIC_METRIC is only reported (the service's "Reward" and
 * "Metric"). Out of range: NULL, NaN, 0. */
enum { RK_METRIC_REWARD = 1, RK_METRIC_METRIC = 2 };
RK_API size_t rk_result_metric_count(const rk_result* result);
RK_API const char* rk_result_metric_name(const rk_result* result, size_t index, size_t* len);
RK_API double rk_result_metric_value(const rk_result* result, size_t index);
RK_API int rk_result_metric_type(const rk_result* result, size_t index);

/* What the spec's first correctness component saw: whether it found an
 * answer, the answer as extracted, and whether it was correct. */
RK_API bool rk_result_answer_found(const rk_result* result);
RK_API const char* rk_result_answer(const rk_result* result, size_t* len);
RK_API bool rk_result_correct(const rk_result* result);

/* -------------------------------------------------------------------------
 * Scoring batches
 * ------------------------------------------------------------------------- */

/* Flags for rk_score_batch_json. */
#define RK_BATCH_JSON_LINES 1u /* also accept JSON Lines */
#define RK_BATCH_EXPLAIN 2u    /* add each result's "details" */
#define RK_BATCH_SPEC_HASH 4u  /* add each result's "spec_hash" */
/* `batch` is followed by RK_BATCH_PADDING bytes the library may read (what
 * they hold does not matter), so it is parsed where it is instead of being
 * copied first. For services that read requests into buffers of their own. */
#define RK_BATCH_PADDED 8u
#define RK_BATCH_PADDING 64
/* Keep no verdict texts in the results (the extracted answers and the
 * normalized forms), which a caller that reads only scores never needs:
 * rk_result_answer then gives empty text. Ignored with RK_BATCH_EXPLAIN. */
#define RK_BATCH_SCORES_ONLY 16u
/* Keep no results of the batch in the context (rk_context_batch_count is 0
 * afterwards), for a caller that uses only `out`, as a reward service does.
 * For a spec of one correctness component and no normalization, each result
 * is then written as it is scored, with no result kept to read back:
 * faster. `out` is the same either way. */
#define RK_BATCH_NO_RESULTS 32u

/* Scores a batch given as the service sends it, a JSON array of samples (or
 * {"trajectories": [...]}; docs/input.md), and writes the service's response,
 * a JSON array with one result object per sample, in order, with its id, into
 * `out`. A sample that cannot be read still gets its result, with the spec's
 * error score and an "error" metric. The spec's "normalize" applies across
 * the batch. Fails only when `batch` is not a batch at all (RK_INVALID_JSON:
 * not an array, a wrapper with nothing after it, or, with
 * RK_BATCH_JSON_LINES, JSON Lines; blank JSON Lines are an empty batch) or
 * `flags` has a bit this library does not know (RK_INVALID_ARGUMENT). */
RK_API rk_status rk_score_batch_json(const rk_evaluator* evaluator, rk_context* context,
                                     const char* batch, size_t batch_len, uint32_t flags,
                                     rk_buffer* out, rk_error** error);

/* Scores `count` responses against their references, given as parallel
 * arrays, into the caller's `scores[count]` and, when not NULL,
 * `statuses[count]`: RK_OK, RK_INVALID_UTF8 when the response, reference or
 * prompt is not UTF-8, or RK_SAMPLE_ERROR; an item that fails has the spec's
 * error score. A lengths array may be NULL, its strings then being
 * NUL-terminated. `prompts` may be NULL; with it, the spec's group
 * normalization groups responses by prompt. The spec's "normalize" applies
 * across the arrays. Fails (leaving the outputs untouched) only when an
 * argument is bad, such as a NULL array with a non-zero count. */
RK_API rk_status rk_score_arrays(const rk_evaluator* evaluator, rk_context* context, size_t count,
                                 const char* const* responses, const size_t* response_lens,
                                 const char* const* references, const size_t* reference_lens,
                                 const char* const* prompts, const size_t* prompt_lens,
                                 double* scores, rk_status* statuses, rk_error** error);

/* Writes `result` into `out` as the service's result object, {"id",
 * "aggregate_reward_score", "metrics_list"}, with RK_BATCH_EXPLAIN its
 * "details" too (the answer, whether it was correct, the extractor, the
 * normalized forms, why it was wrong, or the error): everything a result holds,
 * in one call, for bindings where a call costs more than parsing JSON.
 * `flags` may hold only RK_BATCH_EXPLAIN (a result does not know its spec's
 * hash: RK_BATCH_SPEC_HASH is RK_INVALID_ARGUMENT). */
RK_API rk_status rk_result_json(const rk_result* result, uint32_t flags, rk_buffer* out,
                                rk_error** error);

/* The results of the context's last successful batch call
 * (rk_score_batch_json or rk_score_arrays; rk_score and failed calls leave
 * them), in order, for callers that want more than the JSON or the scores:
 * each component's value, the error of a failed sample. Valid until the next
 * batch call on the context; NULL past the end. */
RK_API size_t rk_context_batch_count(const rk_context* context);
RK_API const rk_result* rk_context_batch_result(const rk_context* context, size_t index);
/* The same results as one JSON array of result objects (see rk_result_json),
 * for instance after rk_score_arrays. */
RK_API rk_status rk_context_batch_json(const rk_context* context, uint32_t flags, rk_buffer* out,
                                       rk_error** error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* REWARDKIT_RK_H_ */
