// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The C interface (rewardkit/rk.h): what each call returns, how it fails, and
// that a failed call leaves its outputs alone.

#include "rewardkit/rk.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/evaluator.h"
#include "rewardkit/version.h"
#include "test_util.h"

namespace {

using rewardkit::testing::ReadFile;
using rewardkit::testing::SourcePath;

// Owners that free the C objects at the end of a test.
struct Free {
  void operator()(rk_evaluator* p) const { rk_evaluator_free(p); }
  void operator()(rk_context* p) const { rk_context_free(p); }
  void operator()(rk_result* p) const { rk_result_free(p); }
  void operator()(rk_buffer* p) const { rk_buffer_free(p); }
  void operator()(rk_error* p) const { rk_error_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

// The code and message of a failed call; frees the error.
struct Failure {
  rk_status code = RK_OK;
  std::string message;
};
Failure Take(rk_error* error) {
  Owned<rk_error> owned(error);
  Failure f;
  if (error == nullptr) return f;
  f.code = rk_error_code(error);
  size_t len = 0;
  const char* m = rk_error_message(error, &len);
  f.message.assign(m, len);
  CHECK(std::strlen(m) == len);  // NUL-terminated too
  return f;
}

Owned<rk_evaluator> Compile(const std::string& relative) {
  std::string spec = ReadFile(SourcePath(relative));
  rk_evaluator* ev = nullptr;
  rk_error* error = nullptr;
  rk_status s = rk_evaluator_create(spec.data(), spec.size(), &ev, &error);
  INFO(Take(error).message);
  REQUIRE(s == RK_OK);
  return Owned<rk_evaluator>(ev);
}

struct Scratch {
  Owned<rk_context> context;
  Owned<rk_result> result;
  Owned<rk_buffer> buffer;
  Scratch() {
    rk_context* c = nullptr;
    rk_result* r = nullptr;
    rk_buffer* b = nullptr;
    REQUIRE(rk_context_create(&c, nullptr) == RK_OK);
    REQUIRE(rk_result_create(&r, nullptr) == RK_OK);
    REQUIRE(rk_buffer_create(&b, nullptr) == RK_OK);
    context.reset(c);
    result.reset(r);
    buffer.reset(b);
  }
};

rk_sample MakeSample(std::string_view response, std::string_view reference,
                     std::string_view metadata = {}) {
  rk_sample s = RK_SAMPLE_INIT;
  s.response = response.data();
  s.response_len = response.size();
  s.reference = reference.data();
  s.reference_len = reference.size();
  if (!metadata.empty()) {
    s.metadata = metadata.data();
    s.metadata_len = metadata.size();
  }
  return s;
}

std::string Str(const char* data, size_t len) { return std::string(data, len); }

// Calls an accessor that returns a string as pointer + length; the two are
// read after the call (argument order would not guarantee that).
template <typename Accessor>
std::string Text(Accessor accessor) {
  size_t len = 0;
  const char* p = accessor(&len);
  REQUIRE(p != nullptr);
  CHECK(std::strlen(p) == len);
  return std::string(p, len);
}

std::string ResultId(const rk_result* r) {
  return Text([&](size_t* n) { return rk_result_id(r, n); });
}

std::string Buffer(const rk_buffer* b) {
  return Text([&](size_t* n) { return rk_buffer_data(b, n); });
}

}  // namespace

TEST_CASE("versions: the header, the C++ library and the loaded library agree", "[capi]") {
  CHECK(rk_version_number() == RK_VERSION_NUMBER);
  CHECK(std::string(rk_version_string()) == RK_VERSION_STRING);
  CHECK(rk_version_number() == rewardkit::VersionNumber());
  CHECK(rk_abi_version() == RK_ABI_VERSION);
}

TEST_CASE("status names cover absl's codes and ours", "[capi]") {
  CHECK(std::string(rk_status_name(RK_OK)) == "OK");
  CHECK(std::string(rk_status_name(RK_INVALID_ARGUMENT)) == "INVALID_ARGUMENT");
  CHECK(std::string(rk_status_name(RK_UNAUTHENTICATED)) == "UNAUTHENTICATED");
  CHECK(std::string(rk_status_name(RK_INVALID_UTF8)) == "INVALID_UTF8");
  CHECK(std::string(rk_status_name(RK_INVALID_SPEC)) == "INVALID_SPEC");
  CHECK(std::string(rk_status_name(RK_INVALID_JSON)) == "INVALID_JSON");
  CHECK(std::string(rk_status_name(RK_SAMPLE_ERROR)) == "SAMPLE_ERROR");
  CHECK(std::string(rk_status_name(17)) == "UNKNOWN");
  CHECK(std::string(rk_status_name(-1)) == "UNKNOWN");
  // The first 17 are absl::StatusCode's numbers.
  CHECK(RK_INVALID_ARGUMENT == static_cast<int>(absl::StatusCode::kInvalidArgument));
  CHECK(RK_RESOURCE_EXHAUSTED == static_cast<int>(absl::StatusCode::kResourceExhausted));
  CHECK(RK_INTERNAL == static_cast<int>(absl::StatusCode::kInternal));
  CHECK(RK_UNAUTHENTICATED == static_cast<int>(absl::StatusCode::kUnauthenticated));
}

TEST_CASE("a bad spec fails with every field named and the output untouched", "[capi]") {
  const std::string spec =
      R"({"version":"rewardkit/v1","components":[{"type":"correctness","weight":"x"},)"
      R"({"type":"nonsense"}]})";
  static char marker;
  rk_evaluator* sentinel = reinterpret_cast<rk_evaluator*>(&marker);
  rk_evaluator* ev = sentinel;
  rk_error* error = nullptr;
  CHECK(rk_evaluator_create(spec.data(), spec.size(), &ev, &error) == RK_INVALID_SPEC);
  CHECK(ev == sentinel);
  Failure f = Take(error);
  CHECK(f.code == RK_INVALID_SPEC);
  CHECK_THAT(f.message, Catch::Matchers::Contains("/components/0/weight"));
  CHECK_THAT(f.message, Catch::Matchers::Contains("/components/1/type"));

  // Not JSON; not UTF-8; NULL with a length; NULL out; and a NULL error is allowed.
  CHECK(rk_evaluator_create("{", 1, &ev, &error) == RK_INVALID_SPEC);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("JSON"));
  CHECK(rk_evaluator_create("{\"name\":\"\xc3\"}", 11, &ev, &error) == RK_INVALID_UTF8);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("spec: invalid UTF-8 at byte 9"));
  CHECK(rk_evaluator_create(nullptr, 3, &ev, &error) == RK_INVALID_ARGUMENT);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("spec is NULL"));
  CHECK(rk_evaluator_create(spec.data(), spec.size(), nullptr, &error) == RK_INVALID_ARGUMENT);
  Take(error);
  CHECK(rk_evaluator_create(spec.data(), spec.size(), &ev, nullptr) == RK_INVALID_SPEC);
  CHECK(ev == sentinel);
}

TEST_CASE("an evaluator describes its spec", "[capi]") {
  auto ev = Compile("tests/data/all_components.json");
  CHECK(Text([&](size_t* n) { return rk_evaluator_name(ev.get(), n); }) == "all_components");
  CHECK(Text([&](size_t* n) { return rk_evaluator_spec_hash(ev.get(), n); }).size() == 16);
  REQUIRE(rk_evaluator_component_count(ev.get()) == 7);
  const char* name = nullptr;
  const char* type = nullptr;
  size_t name_len = 0;
  size_t type_len = 0;
  double weight = 0;
  bool reward = true;
  REQUIRE(rk_evaluator_component(ev.get(), 4, &name, &name_len, &type, &type_len, &weight,
                                 &reward) == RK_OK);
  CHECK(Str(name, name_len) == "safety");
  CHECK(Str(type, type_len) == "safety");
  CHECK_FALSE(reward);
  REQUIRE(rk_evaluator_component(ev.get(), 0, nullptr, nullptr, nullptr, nullptr, &weight,
                                 nullptr) == RK_OK);
  CHECK(weight == 0.6);
  CHECK(rk_evaluator_component(ev.get(), 7, &name, nullptr, nullptr, nullptr, nullptr,
                               nullptr) == RK_OUT_OF_RANGE);
  CHECK(rk_evaluator_normalization(ev.get()) == RK_NORMALIZE_NONE);
  CHECK(rk_evaluator_normalization(Compile("examples/specs/sentiment.json").get()) ==
        RK_NORMALIZE_GROUP);
}

TEST_CASE("one response: score, metrics, answer, id", "[capi]") {
  auto ev = Compile("examples/specs/gsm8k.json");
  Scratch s;
  rk_sample right = MakeSample("9 * 2 = 18 dollars.\n#### 18", "18");
  REQUIRE(rk_score(ev.get(), s.context.get(), &right, s.result.get(), nullptr) == RK_OK);
  const rk_result* r = s.result.get();
  CHECK(rk_result_score(r) == 1.0);
  CHECK(ResultId(r) == "null");
  size_t len = 0;
  CHECK(Text([&](size_t* n) { return rk_result_error(r, n); }).empty());
  CHECK(rk_result_answer_found(r));
  CHECK(rk_result_correct(r));
  CHECK(Text([&](size_t* n) { return rk_result_answer(r, n); }) == "18");
  REQUIRE(rk_result_metric_count(r) == 3);
  CHECK(Text([&](size_t* n) { return rk_result_metric_name(r, 0, n); }) == "correctness");
  CHECK(rk_result_metric_value(r, 0) == 1.0);
  CHECK(rk_result_metric_type(r, 0) == RK_METRIC_REWARD);
  CHECK(Text([&](size_t* n) { return rk_result_metric_name(r, 2, n); }) == "error");
  CHECK(rk_result_metric_type(r, 2) == RK_METRIC_METRIC);
  CHECK(rk_result_metric_name(r, 3, &len) == nullptr);
  CHECK(std::isnan(rk_result_metric_value(r, 3)));
  CHECK(rk_result_metric_type(r, 3) == 0);

  // The same result object, reused: everything is replaced.
  rk_sample wrong = MakeSample("so she has 20.", "18", R"({"id":"q-7","extra":[1,2]})");
  REQUIRE(rk_score(ev.get(), s.context.get(), &wrong, s.result.get(), nullptr) == RK_OK);
  CHECK(rk_result_score(r) == 0.0);
  CHECK(ResultId(r) == "\"q-7\"");
  CHECK_FALSE(rk_result_correct(r));

  // A sample the spec cannot score is a result, not a failure.
  rk_sample empty_reference = MakeSample("#### 18", "  ");
  REQUIRE(rk_score(ev.get(), s.context.get(), &empty_reference, s.result.get(), nullptr) ==
          RK_OK);
  CHECK_THAT(Text([&](size_t* n) { return rk_result_error(r, n); }), Catch::Matchers::Contains("reference"));
  CHECK(ResultId(r) == "null");
}

TEST_CASE("a failed rk_score names the argument and leaves the result alone", "[capi]") {
  auto ev = Compile("examples/specs/gsm8k.json");
  Scratch s;
  rk_sample right = MakeSample("#### 18", "18", R"({"id":1})");
  REQUIRE(rk_score(ev.get(), s.context.get(), &right, s.result.get(), nullptr) == RK_OK);

  struct Case {
    rk_sample sample;
    rk_status code;
    const char* message;
  };
  rk_sample version0 = right;
  version0.version = 0;
  rk_sample future = right;
  future.version = RK_SAMPLE_VERSION + 1;
  rk_sample null_response = right;
  null_response.response = nullptr;
  std::vector<Case> cases = {
      {MakeSample("#### 1\xe2\x82", "18"), RK_INVALID_UTF8, "response: invalid UTF-8 at byte 6"},
      {MakeSample("#### 18", "1\xff"), RK_INVALID_UTF8, "reference: invalid UTF-8 at byte 1"},
      {MakeSample("#### 18", "18", "{\"id\":"), RK_INVALID_JSON, "metadata: not valid JSON"},
      {MakeSample("#### 18", "18", "[1]"), RK_INVALID_JSON, "metadata: not a JSON object"},
      {MakeSample("#### 18", "18", R"({"response_tokens":"many"})"), RK_INVALID_JSON,
       "metadata/response_tokens"},
      {version0, RK_INVALID_ARGUMENT, "RK_SAMPLE_INIT"},
      {future, RK_INVALID_ARGUMENT, "RK_SAMPLE_INIT"},
      {null_response, RK_INVALID_ARGUMENT, "response is NULL"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    rk_error* error = nullptr;
    CHECK(rk_score(ev.get(), s.context.get(), &c.sample, s.result.get(), &error) == c.code);
    Failure f = Take(error);
    CHECK(f.code == c.code);
    CHECK_THAT(f.message, Catch::Matchers::Contains(c.message));
    CHECK(rk_result_score(s.result.get()) == 1.0);
    CHECK(ResultId(s.result.get()) == "1");
  }
  rk_error* error = nullptr;
  CHECK(rk_score(ev.get(), nullptr, &right, s.result.get(), &error) == RK_INVALID_ARGUMENT);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("context is NULL"));
  CHECK(rk_score(ev.get(), s.context.get(), nullptr, s.result.get(), nullptr) ==
        RK_INVALID_ARGUMENT);
}

TEST_CASE("metadata: group and response_tokens reach the components", "[capi]") {
  auto ev = Compile("tests/data/all_components.json");
  Scratch s;
  std::string response = "The sum is \\boxed{4}.";
  rk_sample estimated = MakeSample(response, "4");
  REQUIRE(rk_score(ev.get(), s.context.get(), &estimated, s.result.get(), nullptr) == RK_OK);
  const double short_score = rk_result_score(s.result.get());
  // Said to be 300 tokens long: inside the length band, so a higher score.
  rk_sample told = MakeSample(response, "4", R"({"response_tokens":300,"group_id":"g"})");
  REQUIRE(rk_score(ev.get(), s.context.get(), &told, s.result.get(), nullptr) == RK_OK);
  CHECK(rk_result_score(s.result.get()) > short_score);
}

TEST_CASE("a batch in the service's JSON gives the service's response", "[capi]") {
  auto ev = Compile("examples/specs/gsm8k.json");
  auto cpp = rewardkit::Evaluator::Create(ReadFile(SourcePath("examples/specs/gsm8k.json")));
  REQUIRE(cpp.ok());
  Scratch s;
  const std::string lines = ReadFile(SourcePath("examples/data/gsm8k_bedrock.jsonl"));

  // What the C++ library writes for the same samples, one by one.
  rewardkit::Context context;
  std::string want = "[";
  size_t count = 0;
  for (const rewardkit::BatchItem& item : rewardkit::SplitBatch(lines)) {
    if (count++) want += ",";
    (*cpp)->ScoreJson(item.json, context, &want);
  }
  want += "]";
  REQUIRE(count > 10);

  REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), lines.data(), lines.size(),
                              RK_BATCH_JSON_LINES, s.buffer.get(), nullptr) == RK_OK);
  CHECK(Buffer(s.buffer.get()) == want);

  // The same samples as an array and wrapped; JSON Lines only with the flag.
  std::string array = "[";
  for (const rewardkit::BatchItem& item : rewardkit::SplitBatch(lines)) {
    if (array.size() > 1) array += ",";
    array += item.json;
  }
  array += "]";
  std::string wrapped = "{\"trajectories\":" + array + "}";
  for (const std::string& batch : {array, wrapped}) {
    REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), batch.data(), batch.size(), 0,
                                s.buffer.get(), nullptr) == RK_OK);
    CHECK(Buffer(s.buffer.get()) == want);
    // In place, from a buffer with RK_BATCH_PADDING bytes to spare.
    std::vector<char> padded(batch.begin(), batch.end());
    padded.resize(batch.size() + RK_BATCH_PADDING, 'x');
    REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), padded.data(), batch.size(),
                                RK_BATCH_PADDED, s.buffer.get(), nullptr) == RK_OK);
    CHECK(Buffer(s.buffer.get()) == want);
    // Scores only: the same response; the results keep no answers.
    REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), batch.data(), batch.size(),
                                RK_BATCH_SCORES_ONLY, s.buffer.get(), nullptr) == RK_OK);
    CHECK(Buffer(s.buffer.get()) == want);
    size_t answer_len = 1;
    for (size_t i = 0; i < rk_context_batch_count(s.context.get()); ++i) {
      rk_result_answer(rk_context_batch_result(s.context.get(), i), &answer_len);
      CHECK(answer_len == 0);
    }
    // No results: the same response, and none kept; in place too.
    for (uint32_t flags : {RK_BATCH_NO_RESULTS, RK_BATCH_NO_RESULTS | RK_BATCH_SCORES_ONLY}) {
      REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), batch.data(), batch.size(), flags,
                                  s.buffer.get(), nullptr) == RK_OK);
      CHECK(Buffer(s.buffer.get()) == want);
      CHECK(rk_context_batch_count(s.context.get()) == 0);
      REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), padded.data(), batch.size(),
                                  flags | RK_BATCH_PADDED, s.buffer.get(), nullptr) == RK_OK);
      CHECK(Buffer(s.buffer.get()) == want);
    }
  }
  rk_error* error = nullptr;
  CHECK(rk_score_batch_json(ev.get(), s.context.get(), lines.data(), lines.size(), 0,
                            s.buffer.get(), &error) == RK_INVALID_JSON);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("not a JSON array of samples"));
  CHECK(Buffer(s.buffer.get()) == want);  // untouched
  CHECK(rk_score_batch_json(ev.get(), s.context.get(), lines.data(), lines.size(),
                            RK_BATCH_NO_RESULTS, s.buffer.get(), &error) == RK_INVALID_JSON);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("not a JSON array of samples"));
  CHECK(Buffer(s.buffer.get()) == want);  // untouched with no results kept too

  CHECK(rk_score_batch_json(ev.get(), s.context.get(), "42", 2, RK_BATCH_JSON_LINES,
                            s.buffer.get(), &error) == RK_OK);
  CHECK_THAT(Buffer(s.buffer.get()), Catch::Matchers::Contains("\"name\":\"error\",\"value\":1"));
  CHECK(rk_score_batch_json(ev.get(), s.context.get(), "", 0, 0, s.buffer.get(), &error) ==
        RK_INVALID_JSON);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("empty"));
  CHECK(rk_score_batch_json(ev.get(), s.context.get(), "[]", 2, 0x80, s.buffer.get(), &error) ==
        RK_INVALID_ARGUMENT);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("unknown flags 0x80"));

  // The last batch's results, one by one.
  REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), array.data(), array.size(), 0,
                              s.buffer.get(), nullptr) == RK_OK);
  REQUIRE(rk_context_batch_count(s.context.get()) == count);
  const rk_result* first = rk_context_batch_result(s.context.get(), 0);
  REQUIRE(first != nullptr);
  CHECK(ResultId(first) == "\"gsm8k-0000-6b_finetuning\"");
  CHECK_THAT(want, Catch::Matchers::StartsWith("[{\"id\":\"gsm8k-0000-6b_finetuning\""));
  CHECK(rk_context_batch_result(s.context.get(), count) == nullptr);
  // ... and as JSON, the same as the batch's response.
  REQUIRE(rk_context_batch_json(s.context.get(), 0, s.buffer.get(), nullptr) == RK_OK);
  CHECK(Buffer(s.buffer.get()) == want);
  REQUIRE(rk_result_json(first, RK_BATCH_EXPLAIN, s.buffer.get(), nullptr) == RK_OK);
  CHECK_THAT(Buffer(s.buffer.get()),
             Catch::Matchers::StartsWith("{\"id\":\"gsm8k-0000-6b_finetuning\"") &&
                 Catch::Matchers::Contains("\"details\":{\"answer_found\":true"));
  rk_error* flag_error = nullptr;
  CHECK(rk_result_json(first, RK_BATCH_SPEC_HASH, s.buffer.get(), &flag_error) ==
        RK_INVALID_ARGUMENT);
  CHECK_THAT(Take(flag_error).message, Catch::Matchers::Contains("RK_BATCH_EXPLAIN"));

    // Explain and spec hash.
  REQUIRE(rk_score_batch_json(ev.get(), s.context.get(), array.data(), array.size(),
                              RK_BATCH_EXPLAIN | RK_BATCH_SPEC_HASH, s.buffer.get(),
                              nullptr) == RK_OK);
  std::string hash = Text([&](size_t* n) { return rk_evaluator_spec_hash(ev.get(), n); });
  CHECK_THAT(Buffer(s.buffer.get()), Catch::Matchers::Contains("\"spec_hash\":\"" + hash + "\""));
  CHECK_THAT(Buffer(s.buffer.get()), Catch::Matchers::Contains("\"details\":{"));
}

TEST_CASE("parallel arrays: a score and a status per item", "[capi]") {
  auto ev = Compile("examples/specs/gsm8k.json");
  Scratch s;
  const char* responses[] = {"#### 18", "#### 3", "#### 1\xff", "#### 5", "#### 5"};
  const char* references[] = {"18", "18", "1", "", "5"};
  double scores[5] = {-9, -9, -9, -9, -9};
  rk_status statuses[5] = {-9, -9, -9, -9, -9};
  REQUIRE(rk_score_arrays(ev.get(), s.context.get(), 5, responses, nullptr, references, nullptr,
                          nullptr, nullptr, scores, statuses, nullptr) == RK_OK);
  CHECK(scores[0] == 1.0);
  CHECK(statuses[0] == RK_OK);
  CHECK(scores[1] == 0.0);
  CHECK(statuses[1] == RK_OK);
  CHECK(statuses[2] == RK_INVALID_UTF8);
  CHECK(statuses[3] == RK_SAMPLE_ERROR);
  CHECK(scores[4] == 1.0);
  REQUIRE(rk_context_batch_count(s.context.get()) == 5);
  CHECK(rk_result_score(rk_context_batch_result(s.context.get(), 0)) == 1.0);
  CHECK_THAT(Text([&](size_t* n) {
               return rk_result_error(rk_context_batch_result(s.context.get(), 3), n);
             }),
             Catch::Matchers::Contains("reference"));

  // With lengths: only the first 6 bytes of "#### 18" count.
  const size_t response_lens[] = {6};
  const size_t reference_lens[] = {1};
  REQUIRE(rk_score_arrays(ev.get(), s.context.get(), 1, responses, response_lens, references,
                          reference_lens, nullptr, nullptr, scores, nullptr, nullptr) == RK_OK);
  CHECK(scores[0] == 1.0);  // "#### 1" against "1"

  // Bad arguments: nothing written.
  double untouched[5] = {7, 7, 7, 7, 7};
  const char* with_null[] = {"#### 18", nullptr};
  rk_error* error = nullptr;
  CHECK(rk_score_arrays(ev.get(), s.context.get(), 2, with_null, nullptr, references, nullptr,
                        nullptr, nullptr, untouched, nullptr, &error) == RK_INVALID_ARGUMENT);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("responses[1] is NULL"));
  CHECK(rk_score_arrays(ev.get(), s.context.get(), 2, responses, nullptr, nullptr, nullptr,
                        nullptr, nullptr, untouched, nullptr, &error) == RK_INVALID_ARGUMENT);
  CHECK_THAT(Take(error).message, Catch::Matchers::Contains("references is NULL"));
  CHECK(untouched[0] == 7);
  CHECK(untouched[1] == 7);
  CHECK(rk_score_arrays(ev.get(), s.context.get(), 0, nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr) == RK_OK);
}

TEST_CASE("parallel arrays with prompts: group normalization groups by prompt", "[capi]") {
  auto ev = Compile("examples/specs/sentiment.json");
  Scratch s;
  // Two prompts, two responses each: within each group the normalized scores
  // sum to zero, whatever the raw scores were.
  const char* prompts[] = {"Review A", "Review B", "Review A", "Review B"};
  const char* responses[] = {"Sentiment: positive", "Sentiment: negative", "Sentiment: negative",
                             "Sentiment: negative"};
  const char* references[] = {"positive", "positive", "positive", "positive"};
  double scores[4] = {};
  rk_status statuses[4] = {};
  REQUIRE(rk_score_arrays(ev.get(), s.context.get(), 4, responses, nullptr, references, nullptr,
                          prompts, nullptr, scores, statuses, nullptr) == RK_OK);
  for (rk_status st : statuses) CHECK(st == RK_OK);
  CHECK(scores[0] + scores[2] == Approx(0.0).margin(1e-9));
  CHECK(scores[1] + scores[3] == Approx(0.0).margin(1e-9));
  CHECK(scores[0] > 0.5);   // the right answer of group A stands out
  CHECK(scores[1] == Approx(0.0).margin(1e-9));  // group B: all the same
}

TEST_CASE("every free function takes NULL", "[capi]") {
  rk_evaluator_free(nullptr);
  rk_context_free(nullptr);
  rk_result_free(nullptr);
  rk_buffer_free(nullptr);
  rk_error_free(nullptr);
  CHECK(rk_error_code(nullptr) == RK_INVALID_ARGUMENT);
  CHECK(std::string(rk_error_message(nullptr, nullptr)).find("NULL") != std::string::npos);
}
