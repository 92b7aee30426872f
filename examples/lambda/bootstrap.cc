// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// bootstrap: rewardkit as an AWS Lambda function, for the provided.al2023
// runtime: the reward function that Amazon Bedrock and SageMaker
// reinforcement fine-tuning call with a JSON array of samples.
//
// At start-up it compiles the spec once: $RK_SPEC, else the function's
// handler when it names a .json file, else spec.json, relative to
// $LAMBDA_TASK_ROOT. A missing or invalid spec is reported to
// /runtime/init/error and the process exits. Then, for every invocation, it
// scores the event (a JSON array of samples, or {"trajectories": [...]}) with
// the batch contract of the library (one result per sample, in order, with its
// id; a bad sample gets the spec's error score and an "error" metric), posts
// the response array, and prints one CloudWatch Embedded Metric Format line.
// An event that is not a batch, or a response over Lambda's 6 MiB limit, is a
// Function.* error for that invocation; the runtime never exits on an event.
//
// It uses only the C interface (rewardkit/rk.h).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/rk.h"
#include "runtime_api.h"

namespace {

using rewardkit::lambda::AppendJsonString;
using rewardkit::lambda::Invocation;
using rewardkit::lambda::RuntimeApi;

// Lambda's limit on a synchronous invocation's response.
constexpr size_t kMaxResponseBytes = size_t{6} << 20;
// CloudWatch's limit on metrics in one EMF directive.
constexpr size_t kMaxEmfMetrics = 100;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The spec's path: RK_SPEC, or the handler when it is a .json file, or
// spec.json; relative paths are under LAMBDA_TASK_ROOT.
std::string SpecPath() {
  std::string path = Env("RK_SPEC");
  if (path.empty() && EndsWith(Env("_HANDLER"), ".json")) path = Env("_HANDLER");
  if (path.empty()) path = "spec.json";
  std::string root = Env("LAMBDA_TASK_ROOT");
  if (path[0] != '/' && !root.empty()) path = root + "/" + path;
  return path;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

std::string ErrorMessage(const rk_error* error) {
  size_t len = 0;
  const char* m = rk_error_message(error, &len);
  return std::string(m, len);
}

void AppendNumber(double v, std::string* out) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", std::isfinite(v) ? v : 0.0);
  out->append(buf);
}

// The per-invocation metrics line: what a reward function's operators watch
// (volume, failures, the reward's level, latency), in CloudWatch's Embedded
// Metric Format, so that the line in the log becomes metrics.
class Emf {
 public:
  Emf(const rk_evaluator* evaluator, std::string function_name) {
    size_t len = 0;
    const char* name = rk_evaluator_name(evaluator, &len);
    spec_.assign(name, len);
    function_ = std::move(function_name);
    for (size_t i = 0; i < rk_evaluator_component_count(evaluator); ++i) {
      const char* c = nullptr;
      size_t c_len = 0;
      rk_evaluator_component(evaluator, i, &c, &c_len, nullptr, nullptr, nullptr, nullptr);
      components_.emplace_back(c, c_len);
    }
    sums_.resize(components_.size());
  }

  // Writes the line for an invocation. `delivered` is true when the service
  // got the batch's results (which are in `context`); a failed invocation
  // (an event that was not a batch, a response over the limit) reports only
  // FailedInvocations and its latency, so that it does not pull the means
  // down.
  void Print(const rk_context* context, bool delivered, double latency_ms) {
    const size_t n = delivered ? rk_context_batch_count(context) : 0;
    size_t errors = 0;
    double total = 0.0;
    std::fill(sums_.begin(), sums_.end(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      const rk_result* r = rk_context_batch_result(context, i);
      size_t len = 0;
      rk_result_error(r, &len);
      total += rk_result_score(r);
      if (len > 0) {
        ++errors;
        continue;
      }
      // A result's metrics start with one per component, in spec order, each
      // followed by what it reports besides: match them by name.
      size_t next = 0;
      for (size_t m = 0; m < rk_result_metric_count(r) && next < components_.size(); ++m) {
        size_t name_len = 0;
        const char* name = rk_result_metric_name(r, m, &name_len);
        if (std::string_view(name, name_len) == components_[next]) {
          sums_[next++] += rk_result_metric_value(r, m);
        }
      }
    }
    const size_t scored = n - errors;
    const bool means = delivered && n > 0;
    const size_t components = means && scored > 0 ? std::min(components_.size(), kMaxEmfMetrics - 5)
                                                  : 0;

    line_.assign("{\"_aws\":{\"Timestamp\":");
    line_.append(std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count()));
    line_.append(
        ",\"CloudWatchMetrics\":[{\"Namespace\":\"rewardkit\",\"Dimensions\":[[\"FunctionName\","
        "\"Spec\"]],\"Metrics\":[{\"Name\":\"Samples\",\"Unit\":\"Count\"},{\"Name\":\"Errors\","
        "\"Unit\":\"Count\"},{\"Name\":\"FailedInvocations\",\"Unit\":\"Count\"},{\"Name\":"
        "\"HandlerLatency\",\"Unit\":\"Milliseconds\"}");
    if (means) line_.append(",{\"Name\":\"MeanReward\",\"Unit\":\"None\"}");
    for (size_t k = 0; k < components; ++k) {
      line_.append(",{\"Name\":");
      AppendJsonString("Mean." + components_[k], &line_);
      line_.append(",\"Unit\":\"None\"}");
    }
    line_.append("]}]},\"FunctionName\":");
    AppendJsonString(function_, &line_);
    line_.append(",\"Spec\":");
    AppendJsonString(spec_, &line_);
    line_.append(",\"Samples\":").append(std::to_string(n));
    line_.append(",\"Errors\":").append(std::to_string(errors));
    line_.append(",\"FailedInvocations\":").append(delivered ? "0" : "1");
    line_.append(",\"HandlerLatency\":");
    AppendNumber(latency_ms, &line_);
    if (means) {
      line_.append(",\"MeanReward\":");
      AppendNumber(total / static_cast<double>(n), &line_);
    }
    for (size_t k = 0; k < components; ++k) {
      line_.push_back(',');
      AppendJsonString("Mean." + components_[k], &line_);
      line_.push_back(':');
      AppendNumber(sums_[k] / static_cast<double>(scored), &line_);
    }
    line_.append("}\n");
    std::fwrite(line_.data(), 1, line_.size(), stdout);
    std::fflush(stdout);
  }

 private:
  std::string spec_;
  std::string function_;
  std::vector<std::string> components_;
  std::vector<double> sums_;
  std::string line_;
};

// The Runtime API failed a call (it answers 500 when the runtime should
// exit, and an error it cannot be told about leaves nothing to do): say why
// on standard error, which goes to the function's log, and exit. Lambda
// starts a new runtime for the next invocation.
int Lost(const std::string& error) {
  std::fprintf(stderr, "rewardkit bootstrap: %s; exiting\n", error.c_str());
  return 1;
}

}  // namespace

int main() {
  const std::string endpoint = Env("AWS_LAMBDA_RUNTIME_API");
  RuntimeApi api;
  std::string error;
  if (!api.Open(endpoint, &error)) {
    std::fprintf(stderr, "rewardkit bootstrap: %s\n", error.c_str());
    return 1;
  }

  // Start-up: compile the spec once, for every invocation of this container.
  const std::string spec_path = SpecPath();
  std::string spec;
  rk_evaluator* evaluator = nullptr;
  rk_error* rk_err = nullptr;
  std::string init_type;
  std::string init_message;
  if (!ReadFile(spec_path, &spec)) {
    init_type = "Runtime.SpecNotFound";
    init_message = "cannot read the spec " + spec_path +
                   " (set RK_SPEC, or the handler, to a .json file in the deployment package)";
  } else if (rk_evaluator_create(spec.data(), spec.size(), &evaluator, &rk_err) != RK_OK) {
    init_type = "Runtime.InvalidSpec";
    init_message = "invalid spec " + spec_path + ":\n" + ErrorMessage(rk_err);
    rk_error_free(rk_err);
  }
  rk_context* context = nullptr;
  rk_buffer* buffer = nullptr;
  if (init_type.empty() &&
      (rk_context_create(&context, nullptr) != RK_OK || rk_buffer_create(&buffer, nullptr) != RK_OK)) {
    init_type = "Runtime.OutOfMemory";
    init_message = "out of memory at start-up";
  }
  if (!init_type.empty()) {
    std::fprintf(stderr, "rewardkit bootstrap: %s\n", init_message.c_str());
    if (!api.FailInit(init_type, init_message, &error)) {
      std::fprintf(stderr, "rewardkit bootstrap: %s\n", error.c_str());
    }
    return 1;
  }
  Emf emf(evaluator, Env("AWS_LAMBDA_FUNCTION_NAME"));
  std::fprintf(stderr, "rewardkit bootstrap: rewardkit %s, spec %s\n", rk_version_string(),
               spec_path.c_str());

  Invocation invocation;
  for (;;) {
    if (!api.Next(&invocation, &error)) return Lost(error);
    const auto start = std::chrono::steady_clock::now();
    const std::string& event = invocation.event;
    // The HTTP reader leaves room after a body of known length: then the
    // event is parsed where it is, not copied.
    static_assert(rewardkit::lambda::HttpConnection::kBodySlack >= RK_BATCH_PADDING);
    // The runtime writes scores only: no verdict texts to build.
    const uint32_t flags =
        RK_BATCH_SCORES_ONLY |
        (event.capacity() - event.size() >= RK_BATCH_PADDING ? RK_BATCH_PADDED : 0u);
    rk_status status = rk_score_batch_json(evaluator, context, event.data(), event.size(), flags,
                                           buffer, &rk_err);
    bool delivered = false;
    if (status != RK_OK) {
      const std::string type =
          status == RK_INVALID_JSON ? "Function.InvalidEvent" : "Function.ScoringFailed";
      std::string message = ErrorMessage(rk_err);
      rk_error_free(rk_err);
      rk_err = nullptr;
      if (!api.Fail(invocation.request_id, type, message, &error)) return Lost(error);
    } else {
      size_t len = 0;
      const char* response = rk_buffer_data(buffer, &len);
      if (len > kMaxResponseBytes) {
        const std::string message =
            "the response is " + std::to_string(len) +
            " bytes, more than Lambda's limit of 6 MiB (6291456 bytes); send smaller batches (" +
            std::to_string(rk_context_batch_count(context)) + " samples in this one)";
        if (!api.Fail(invocation.request_id, "Function.ResponseSizeTooLarge", message, &error)) {
          return Lost(error);
        }
      } else if (!api.Respond(invocation.request_id, std::string_view(response, len), &error)) {
        return Lost(error);
      } else {
        delivered = true;
      }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    emf.Print(context, delivered, ms);
  }
}
