// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "rewardkit/evaluator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "ascii.h"
#include "components.h"
#include "fmt/format.h"
#include "json_util.h"
#include "rewardkit/spec.h"
#include "sample_io.h"
#include "simdjson.h"
#include "spec_internal.h"
#include "spec_reader.h"
#include "utf8.h"

namespace rewardkit {

// -----------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------

Context::Context() : impl_(std::make_unique<Impl>()) {}
Context::~Context() = default;
void Context::set_verdict_texts(bool on) { impl_->verdict_texts = on; }
bool Context::verdict_texts() const { return impl_->verdict_texts; }

// -----------------------------------------------------------------------------
// The compiled spec
// -----------------------------------------------------------------------------

namespace {

// Whose verdict a component decides into (Evaluator::Impl::verdict_kind).
constexpr uint8_t kNoVerdict = 0;       // not a correctness component
constexpr uint8_t kResultVerdict = 1;   // the first: the result's
constexpr uint8_t kContextVerdict = 2;  // any other: the context's

}  // namespace

struct Evaluator::Impl {
  std::string name;
  std::string spec_hash;
  InputOptions input;
  double error_score = 0.0;
  AggregateOptions aggregate;
  NormalizeOptions normalize;
  std::vector<std::unique_ptr<internal::Component>> components;
  std::vector<size_t> correctness_first;  // component indexes, correctness ones first
  size_t correctness_count = 0;           // how many are correctness components
  size_t metric_count = 0;                // the metrics of a scored sample
  // By component index: its number of extra metrics, and whose verdict it
  // decides into (kNoVerdict, kResultVerdict or kContextVerdict).
  std::vector<size_t> extra_metrics;
  std::vector<uint8_t> verdict_kind;
  bool any_gate = false;
  // One correctness component and nothing to gate or clamp, as most specs
  // are: ScoreText scores it without walking the general plan.
  bool lone_correctness = false;
  // A lone correctness component and no normalization: a scored sample's
  // result object is "{\"id\":", its id and one of these, by Outcome, and
  // ScoreBatchJson writes it so.
  const internal::OutcomeComponent* lone_json = nullptr;  // the component, then
  std::array<internal::ResultTail, internal::kOutcomes> lone_tails;
  std::string plan;  // for check-spec
};

Evaluator::Evaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Evaluator::~Evaluator() = default;

const std::string& Evaluator::name() const { return impl_->name; }
const std::string& Evaluator::spec_hash() const { return impl_->spec_hash; }
const InputOptions& Evaluator::input_options() const { return impl_->input; }
const AggregateOptions& Evaluator::aggregate_options() const { return impl_->aggregate; }
const NormalizeOptions& Evaluator::normalize_options() const { return impl_->normalize; }
const std::string& Evaluator::plan() const { return impl_->plan; }

std::vector<ComponentInfo> Evaluator::components() const {
  std::vector<ComponentInfo> out;
  for (const auto& c : impl_->components) {
    out.push_back({c->name, c->type, c->weight, c->reward, c->min_value(), c->max_value()});
  }
  return out;
}

namespace {

using internal::SpecErrors;
using internal::SpecReader;

void ReadInput(SpecReader& r, InputOptions* out) {
  r.StringList("reference_keys", &out->reference_keys, false);
  r.StringList("assistant_roles", &out->assistant_roles, false);
  r.Size("max_response_bytes", &out->max_response_bytes, 1, size_t{1} << 32);
  r.Finish();
}

void ReadAggregate(SpecReader& r, AggregateOptions* out) {
  r.Enum<AggregateMethod>("method", &out->method,
                          {{"weighted_sum", AggregateMethod::kWeightedSum},
                           {"weighted_mean", AggregateMethod::kWeightedMean},
                           {"min", AggregateMethod::kMin},
                           {"product", AggregateMethod::kProduct}});
  if (auto range = r.Get("range")) {
    simdjson::dom::array array;
    double lo = 0.0;
    double hi = 0.0;
    if (range->get_array().get(array) != simdjson::SUCCESS || array.size() != 2 ||
        array.at(0).get_double().get(lo) != simdjson::SUCCESS ||
        array.at(1).get_double().get(hi) != simdjson::SUCCESS || !(lo < hi)) {
      r.Error("range", "expected [low, high] with low < high, such as [0, 1] or [-1, 1]");
    } else {
      out->clamp = true;
      out->low = lo;
      out->high = hi;
    }
  }
  r.Finish();
}

void ReadNormalize(SpecReader& r, NormalizeOptions* out) {
  r.Enum<NormalizeMethod>("method", &out->method,
                          {{"none", NormalizeMethod::kNone},
                           {"batch", NormalizeMethod::kBatch},
                           {"group", NormalizeMethod::kGroup}});
  r.Bool("scale", &out->scale);
  r.Double("epsilon", &out->epsilon, 0.0, 1.0);
  r.Double("clip", &out->clip, 0.0, 1e6);
  r.Finish();
}

std::string DescribePlan(const Evaluator::Impl& impl) {
  static constexpr const char* kMethods[] = {"weighted sum", "weighted mean", "minimum", "product"};
  static constexpr const char* kNormalize[] = {"none", "batch z-score", "per-group z-score"};
  std::string out =
      fmt::format("spec {} (hash {})\n", impl.name.empty() ? "-" : impl.name, impl.spec_hash);
  for (size_t k = 0; k < impl.components.size(); ++k) {
    const internal::Component& c = *impl.components[k];
    out += fmt::format("  {}. {} [{}] {}, weight {}, range [{}, {}]\n", k + 1, c.name, c.type,
                       c.reward ? "Reward" : "Metric", c.weight, c.min_value(), c.max_value());
    out += fmt::format("     {}\n", c.Describe());
    if (c.gate.enabled) {
      out +=
          fmt::format("     gate: below {} forces the aggregate to {}\n", c.gate.min, c.gate.value);
    }
  }
  const AggregateOptions& ag = impl.aggregate;
  out += fmt::format("  aggregate: {} of the Reward components",
                     kMethods[static_cast<int>(ag.method)]);
  if (ag.clamp) out += fmt::format(", clamped to [{}, {}]", ag.low, ag.high);
  out += fmt::format("\n  error score: {}\n", impl.error_score);
  const NormalizeOptions& n = impl.normalize;
  out += fmt::format("  normalize: {}", kNormalize[static_cast<int>(n.method)]);
  if (n.method != NormalizeMethod::kNone) {
    out += fmt::format(" ({}epsilon {}{})", n.scale ? "" : "centered only, ", n.epsilon,
                       n.clip > 0 ? fmt::format(", clipped to +-{}", n.clip) : "");
  }
  out += "\n";
  return out;
}

// A value as it is reported: adding +0.0 turns -0.0 (a penalty of nothing)
// into 0.0, so that it reads the same through every binding (JSON has no -0).
double Reported(double v) { return std::isfinite(v) ? v + 0.0 : 0.0; }

// The aggregate as it is reported: the spec's error score when it is not
// finite, and never -0.
double ReportedAggregate(double aggregate, double error_score) {
  return std::isfinite(aggregate) ? aggregate + 0.0 : error_score;
}

// Makes `*out` the result of a lone correctness component's sample, given
// the value the component returned and the verdict it left in out->verdict:
// the component's value and metrics, "error", and the weighted value.
// Inlined, as it was written in ScoreText before MakeLoneTails shared it: a
// call of its own cost ScoreText 16 instructions a sample.
[[gnu::always_inline]] inline void FinishLone(const Evaluator::Impl& impl, double value,
                                              Result* out) {
  const internal::Component& c = *impl.components[0];
  const double v = Reported(value);
  if (out->metrics.size() != impl.metric_count) out->metrics.resize(impl.metric_count);
  Metric* metric = out->metrics.data();
  *metric++ = {c.name, v, c.reward};
  c.ExtraMetrics(out->verdict, metric);
  metric[impl.extra_metrics[0]] = {"error", 0.0, false};
  double aggregate = c.weight * v;
  if (impl.aggregate.method == AggregateMethod::kWeightedMean) {
    aggregate = c.weight > 0.0 ? aggregate / c.weight : 0.0;
  }
  out->aggregate = ReportedAggregate(aggregate, impl.error_score);
}

// Sets impl->lone_json and impl->lone_tails: each outcome's result object
// after its id, as AppendResultJson writes it (ScoreText's for a sample
// with that outcome: the verdict's answer_found is all its metrics read).
void MakeLoneTails(Evaluator::Impl* impl) {
  if (!impl->lone_correctness || impl->normalize.method != NormalizeMethod::kNone) return;
  const internal::OutcomeComponent* component = impl->components[0]->as_outcome();
  if (component == nullptr) return;
  const std::array<double, internal::kOutcomes> values = component->outcome_values();
  constexpr std::string_view kIdKey = internal::ResultTail::kIdKey;
  for (size_t o = 0; o < internal::kOutcomes; ++o) {
    Result r;
    r.id.clear();
    r.verdict.answer_found = static_cast<internal::Outcome>(o) != internal::Outcome::kNoAnswer;
    FinishLone(*impl, values[o], &r);
    std::string text;
    AppendResultJson(r, OutputOptions(), &text);
    if (text.compare(0, kIdKey.size(), kIdKey) != 0) return;
    impl->lone_tails[o] = internal::ResultTail(std::string_view(text).substr(kIdKey.size()));
  }
  impl->lone_json = component;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Evaluator>> Evaluator::Create(std::string_view spec_json) {
  SpecErrors errors;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (!internal::ParseSpecJson(spec_json, "", &parser, &root, &errors)) return errors.ToStatus();

  auto impl = std::make_unique<Impl>();
  impl->spec_hash = internal::Fnv1a64Hex(internal::CanonicalJson(root));
  SpecReader r(root, "", &errors);
  if (!r.ok_object()) return errors.ToStatus();

  std::string version;
  if (!r.Has("version")) {
    errors.Add("/version",
               fmt::format("missing: a spec declares \"version\": \"{}\"", kSpecVersion));
  }
  r.String("version", &version);
  if (r.Has("version") && version != kSpecVersion && errors.empty()) {
    errors.Add("/version", fmt::format("expected \"{}\", got \"{}\"", kSpecVersion, version));
  }
  r.String("name", &impl->name);
  std::string description;
  r.String("description", &description);
  r.Double("error_score", &impl->error_score, -1e6, 1e6);
  if (auto input = r.Get("input")) {
    SpecReader in(*input, "/input", &errors);
    ReadInput(in, &impl->input);
  }
  if (auto aggregate = r.Get("aggregate")) {
    SpecReader ag(*aggregate, "/aggregate", &errors);
    if (ag.ok_object()) ReadAggregate(ag, &impl->aggregate);
  }
  if (auto normalize = r.Get("normalize")) {
    SpecReader nr(*normalize, "/normalize", &errors);
    if (nr.ok_object()) ReadNormalize(nr, &impl->normalize);
  }

  auto components = r.Get("components");
  simdjson::dom::array array;
  if (!components) {
    errors.Add("/components", "missing: expected an array of components");
  } else if (components->get_array().get(array) != simdjson::SUCCESS) {
    errors.Add("/components", fmt::format("expected an array of components, got {}",
                                          internal::JsonTypeName(components->type())));
  } else {
    // First pass: the correctness components' names, which others may name.
    internal::ComponentReadContext context;
    size_t i = 0;
    for (simdjson::dom::element item : array) {
      std::string_view type;
      std::string_view name = "correctness";
      if (item["type"].get(type) == simdjson::SUCCESS && type == "correctness") {
        if (item["name"].get(name) != simdjson::SUCCESS) name = "correctness";
        context.correctness.emplace_back(std::string(name), i);
      }
      ++i;
    }
    std::vector<std::pair<std::string_view, std::string_view>> types;
    for (std::string_view t : internal::ComponentTypes()) types.emplace_back(t, t);
    i = 0;
    std::vector<std::string> names;
    for (simdjson::dom::element item : array) {
      std::string pointer = fmt::format("/components/{}", i++);
      SpecReader c(item, pointer, &errors);
      if (!c.ok_object()) continue;
      if (!c.Has("type")) {
        errors.Add(pointer + "/type", "missing: every component needs a \"type\"");
        continue;
      }
      std::string_view type;
      std::string type_name;
      c.String("type", &type_name);
      type = type_name;
      if (std::find(internal::ComponentTypes().begin(), internal::ComponentTypes().end(), type) ==
          internal::ComponentTypes().end()) {
        std::string expected;
        for (std::string_view t : internal::ComponentTypes()) {
          expected += fmt::format("{}\"{}\"", expected.empty() ? "" : ", ", t);
        }
        errors.Add(pointer + "/type",
                   fmt::format("expected one of {}, got \"{}\"", expected, type_name));
        continue;
      }
      auto component = internal::ReadComponent(c, type, context, &errors);
      if (!component) continue;
      if (std::find(names.begin(), names.end(), component->name) != names.end() ||
          component->name == "error" || component->name == "gated") {
        errors.Add(pointer + "/name",
                   fmt::format("\"{}\" is already a metric's name; give this component its own",
                               component->name));
        continue;
      }
      names.push_back(component->name);
      impl->components.push_back(std::move(component));
    }
    if (i == 0) errors.Add("/components", "expected at least one component");
  }
  r.Finish();
  if (!errors.empty()) return errors.ToStatus();

  for (size_t k = 0; k < impl->components.size(); ++k) {
    if (impl->components[k]->is_correctness()) impl->correctness_first.push_back(k);
  }
  impl->correctness_count = impl->correctness_first.size();
  for (size_t k = 0; k < impl->components.size(); ++k) {
    if (!impl->components[k]->is_correctness()) impl->correctness_first.push_back(k);
  }
  for (const auto& c : impl->components) impl->any_gate |= c->gate.enabled;
  // Each component's value and extra metrics, then "error" and, with gates,
  // "gated".
  for (const auto& c : impl->components) {
    impl->extra_metrics.push_back(c->ExtraMetricCount());
    impl->metric_count += 1 + impl->extra_metrics.back();
  }
  impl->verdict_kind.assign(impl->components.size(), kNoVerdict);
  for (size_t i = 0; i < impl->correctness_count; ++i) {
    impl->verdict_kind[impl->correctness_first[i]] = i == 0 ? kResultVerdict : kContextVerdict;
  }
  impl->metric_count += impl->any_gate ? size_t{2} : size_t{1};
  const AggregateMethod method = impl->aggregate.method;
  impl->lone_correctness = impl->components.size() == 1 && impl->correctness_count == 1 &&
                           impl->components[0]->reward && !impl->any_gate &&
                           !impl->aggregate.clamp &&
                           (method == AggregateMethod::kWeightedSum ||
                            method == AggregateMethod::kWeightedMean);
  MakeLoneTails(impl.get());
  impl->plan = DescribePlan(*impl);
  return std::unique_ptr<Evaluator>(new Evaluator(std::move(impl)));
}

// -----------------------------------------------------------------------------
// Scoring
// -----------------------------------------------------------------------------

void Evaluator::SetError(std::string message, Result* out) const {
  out->verdict.Reset();
  out->error = std::move(message);
  out->aggregate = impl_->error_score;
  out->metrics.clear();
  out->metrics.push_back({"error", 1.0, false});
}

void Evaluator::Score(const Sample& sample, Context& context, Result* out) const {
  ScoreText(sample, /*utf8_checked=*/false, context, out);
}

void Evaluator::ScoreText(const Sample& sample, bool utf8_checked, Context& context,
                          Result* out) const {
  out->aggregate = 0.0;
  // A correctness component resets the verdict it decides into.
  if (impl_->correctness_count == 0) out->verdict.Reset();
  out->error.clear();
  // Only group normalization reads the group: no hashing on every sample.
  if (impl_->normalize.method == NormalizeMethod::kGroup) {
    if (sample.group.empty()) {
      out->group.assign("prompt:");
      internal::AppendFnv1a64Hex(sample.prompt, &out->group);
    } else {
      out->group.assign(sample.group);
    }
  } else {
    out->group.clear();
  }

  if (sample.response.size() > impl_->input.max_response_bytes) {
    SetError(fmt::format("response: {} bytes is more than max_response_bytes ({})",
                         sample.response.size(), impl_->input.max_response_bytes),
             out);
    return;
  }
  if (size_t bad = utf8_checked ? std::string_view::npos : internal::FindInvalidUtf8(sample.response);
      bad != std::string_view::npos) {
    SetError(fmt::format("response: invalid UTF-8 at byte {}", bad), out);
    return;
  }
  std::string_view reference = internal::Trim(sample.reference);
  if (reference.empty()) {
    SetError("reference: the reference answer is empty", out);
    return;
  }

  Context::Impl& ctx = context.impl();
  const auto& components = impl_->components;
  const size_t count = components.size();
  internal::ComponentInput in;
  in.response = sample.response;
  in.reference = reference;
  in.prompt = sample.prompt;
  in.response_tokens = sample.response_tokens;

  if (impl_->lone_correctness) {
    FinishLone(*impl_, components[0]->Score(in, ctx, &out->verdict), out);
    return;
  }

  // The first correctness component decides straight into the result's
  // verdict; any others into the context's. Every correctness component
  // resets its verdict before deciding.
  if (ctx.values.size() != count) {
    ctx.values.resize(count);
    ctx.verdicts.resize(count);
    ctx.verdict_of.resize(count);
  }
  for (size_t k = 0; k < count; ++k) {
    const uint8_t kind = impl_->verdict_kind[k];
    ctx.verdict_of[k] = kind == kResultVerdict    ? &out->verdict
                        : kind == kContextVerdict ? &ctx.verdicts[k]
                                                  : nullptr;
  }
  in.verdicts = &ctx.verdict_of;
  // Correctness first: the length reward may depend on it.
  // The verdict component k decides into, or, for one that decides none,
  // an unused one of the context's.
  auto verdict = [&](size_t k) -> Verdict& {
    return ctx.verdict_of[k] != nullptr ? *ctx.verdict_of[k] : ctx.verdicts[k];
  };
  for (size_t k : impl_->correctness_first) {
    ctx.values[k] = Reported(components[k]->Score(in, ctx, &verdict(k)));
  }

  const AggregateOptions& ag = impl_->aggregate;
  double aggregate = ag.method == AggregateMethod::kProduct ? 1.0 : 0.0;
  double total_weight = 0.0;
  bool any_reward = false;
  bool gated = false;
  double gate_value = 0.0;
  // Every scored sample of a spec has the same metrics: a result reused
  // from the last sample already has the room.
  if (out->metrics.size() != impl_->metric_count) out->metrics.resize(impl_->metric_count);
  Metric* metric = out->metrics.data();
  for (size_t k = 0; k < count; ++k) {
    const internal::Component& c = *components[k];
    double v = ctx.values[k];
    *metric++ = {c.name, v, c.reward};
    c.ExtraMetrics(verdict(k), metric);
    metric += impl_->extra_metrics[k];
    if (c.gate.enabled && v < c.gate.min) {
      // The most severe failed gate decides.
      gate_value = gated ? std::min(gate_value, c.gate.value) : c.gate.value;
      gated = true;
    }
    if (!c.reward) continue;
    switch (ag.method) {
      case AggregateMethod::kWeightedSum:
      case AggregateMethod::kWeightedMean:
        aggregate += c.weight * v;
        total_weight += c.weight;
        break;
      case AggregateMethod::kMin:
        aggregate = any_reward ? std::min(aggregate, v) : v;
        break;
      case AggregateMethod::kProduct:
        aggregate *= v;
        break;
    }
    any_reward = true;
  }
  if (ag.method == AggregateMethod::kWeightedMean) {
    aggregate = total_weight > 0.0 ? aggregate / total_weight : 0.0;
  }
  if (!any_reward) aggregate = 0.0;
  if (gated) aggregate = gate_value;
  if (ag.clamp) aggregate = std::clamp(aggregate, ag.low, ag.high);
  *metric++ = {"error", 0.0, false};
  if (impl_->any_gate) *metric++ = {"gated", gated ? 1.0 : 0.0, false};
  out->aggregate = ReportedAggregate(aggregate, impl_->error_score);
}

void Evaluator::ScoreSample(std::string_view sample_json, Context& context, Result* out) const {
  ScoreSample(sample_json, std::string_view(), context, out);
}

// Parses a service sample and reads its fields. Returns false after giving
// `*out` the error result when the sample is not valid JSON; errors in its
// fields are left in fields->errors for the caller to judge.
bool Evaluator::ReadSampleJson(std::string_view sample_json, std::string_view default_id,
                               Context& context, internal::SampleFields* fields,
                               Result* out) const {
  Context::Impl& ctx = context.impl();
  out->id = "null";
  // Copy into a buffer with simdjson's padding so the parser never has to.
  ctx.padded.assign(sample_json);
  ctx.padded.resize(sample_json.size() + simdjson::SIMDJSON_PADDING);
  simdjson::dom::element root;
  auto error = ctx.parser.parse(ctx.padded.data(), sample_json.size(), false).get(root);
  if (error != simdjson::SUCCESS) {
    std::string message;
    if (error == simdjson::UTF8_ERROR) {
      size_t at = internal::FindInvalidUtf8(sample_json);
      message = fmt::format("{}: invalid UTF-8 at byte {} of the sample",
                            internal::JsonPointerAt(sample_json, at), at);
    } else {
      message = fmt::format("not valid JSON: {}", simdjson::error_message(error));
    }
    SetError(std::move(message), out);
    std::string id = internal::RecoverId(sample_json);
    if (!id.empty()) {
      out->id = std::move(id);
    } else if (!default_id.empty()) {
      out->id = std::string(default_id);
    }
    return false;
  }
  internal::ReadSample(root, impl_->input, default_id, &ctx.joined, &out->id, fields);
  return true;
}

namespace {

// Joins the field errors for which `keep` is true; empty when there are none.
template <typename Keep>
std::string JoinErrors(const std::vector<std::string>& errors, Keep keep) {
  std::string message;
  for (const std::string& e : errors) {
    if (!keep(e)) continue;
    if (!message.empty()) message += "; ";
    message += e;
  }
  return message;
}

}  // namespace

void Evaluator::ScoreSample(std::string_view sample_json, std::string_view default_id,
                            Context& context, Result* out) const {
  internal::SampleFields& fields = context.impl().fields;  // its storage reused
  fields.Reset();
  if (!ReadSampleJson(sample_json, default_id, context, &fields, out)) return;
  ScoreFields(fields, context, out);
}

void Evaluator::ScoreFields(const internal::SampleFields& fields, Context& context,
                            Result* out) const {
  if (!fields.errors.empty()) {
    SetError(JoinErrors(fields.errors, [](const std::string&) { return true; }), out);
    return;
  }
  // Every field came out of a document simdjson parsed and so validated.
  ScoreText(fields.sample, /*utf8_checked=*/true, context, out);
}

void Evaluator::ScoreReference(std::string_view sample_json, std::string_view default_id,
                               Context& context, Result* out) const {
  internal::SampleFields fields;
  if (!ReadSampleJson(sample_json, default_id, context, &fields, out)) return;
  // Only the reference matters here: a sample without a response is fine.
  std::string message = JoinErrors(fields.errors, [](const std::string& e) {
    return e.rfind("/messages", 0) != 0 && e.rfind("/response", 0) != 0;
  });
  if (!message.empty()) {
    SetError(std::move(message), out);
    return;
  }
  const Sample& read = fields.sample;
  std::string response(read.reference);
  if (!impl_->correctness_first.empty()) {
    const internal::Component& first = *impl_->components[impl_->correctness_first[0]];
    if (first.is_correctness()) response = first.RenderReference(read.reference);
  }
  Sample sample;
  sample.response = response;
  sample.reference = read.reference;
  sample.prompt = read.prompt;
  sample.group = read.group;
  Score(sample, context, out);
}

void Evaluator::ScoreJson(std::string_view sample_json, Context& context, std::string* out,
                          Result* result) const {
  Result local;
  Result* r = result ? result : &local;
  ScoreSample(sample_json, context, r);
  AppendResultJson(*r, OutputOptions(), out);
}

static_assert(Evaluator::kBatchPadding >= simdjson::SIMDJSON_PADDING);

absl::Status Evaluator::ScoreBatch(std::string_view batch, bool json_lines, Context& context,
                                   std::vector<Result>* results) const {
  return ScoreBatchImpl(batch, json_lines, /*padded=*/false, context, results);
}

absl::Status Evaluator::ScoreBatchPadded(std::string_view batch, bool json_lines,
                                         Context& context, std::vector<Result>* results) const {
  return ScoreBatchImpl(batch, json_lines, /*padded=*/true, context, results);
}

absl::Status Evaluator::ScoreBatchJson(std::string_view batch, bool json_lines,
                                       const OutputOptions& options, Context& context,
                                       std::string* out) const {
  return ScoreBatchImpl(batch, json_lines, /*padded=*/false, context, &context.impl().batch_results,
                        &options, out);
}

absl::Status Evaluator::ScoreBatchJsonPadded(std::string_view batch, bool json_lines,
                                             const OutputOptions& options, Context& context,
                                             std::string* out) const {
  return ScoreBatchImpl(batch, json_lines, /*padded=*/true, context, &context.impl().batch_results,
                        &options, out);
}

absl::Status Evaluator::ScoreBatchImpl(std::string_view batch, bool json_lines, bool padded,
                                       Context& context, std::vector<Result>* results,
                                       const OutputOptions* json, std::string* out) const {
  std::string error;
  std::string_view array = FindBatchArray(batch, &error);
  if (array.empty()) {
    // Not an array or a wrapper: JSON Lines, when they are allowed (where
    // blank text is simply no samples).
    if (!json_lines) return absl::InvalidArgumentError(error);
    array = batch;
  }
  // A well-formed array, the common case, is parsed once and its samples read
  // from that one document: no split, no copy and no parse per sample.
  Context::Impl& ctx = context.impl();
  if (!array.empty() && array.front() == '[') {
    // The array ends no later than the batch, so the caller's padding
    // follows it too.
    const char* text = array.data();
    if (!padded) {
      ctx.batch_padded.assign(array);
      ctx.batch_padded.resize(array.size() + simdjson::SIMDJSON_PADDING);
      text = ctx.batch_padded.data();
    }
    simdjson::dom::array samples;
    if (ctx.batch_parser.parse(text, array.size(), false)
            .get_array()
            .get(samples) == simdjson::SUCCESS) {
      if (json != nullptr && impl_->lone_json != nullptr && !json->explain &&
          json->spec_hash.empty()) {
        // A sample whose fields are good, the usual case, is scored by the
        // component alone and its result written from its outcome's tail.
        // Any other (an error to report, or an id too long for the
        // writer's buffer) is scored into a result and written from it,
        // as ScoreBatch and AppendResultsJson would.
        const internal::OutcomeComponent& c = *impl_->lone_json;
        internal::SampleFields& fields = ctx.fields;
        internal::ResponseWriter writer(out);
        // Whether to try ReadGoodFlatSample: until it fails once, as it does
        // on every sample of a batch in another shape, where trying costs
        // about as much as it saves on a flat one.
        bool try_flat = true;
        for (simdjson::dom::element sample : samples) {
          auto read_fields = [&] {
            fields.Reset();
            internal::ReadSample(sample, impl_->input, {}, &ctx.joined, &ctx.batch_id, &fields);
          };
          // The sample's fields when they are good: read by
          // ReadGoodFlatSample when it can, else by ReadSample.
          Sample flat;
          const Sample* read = &flat;
          if (try_flat) try_flat = internal::ReadGoodFlatSample(sample, &ctx.batch_id, &flat);
          if (!try_flat) {
            read_fields();
            read = fields.errors.empty() ? &fields.sample : nullptr;
          }
          if (read != nullptr && read->response.size() <= impl_->input.max_response_bytes) {
            internal::ComponentInput in;
            in.response = read->response;
            in.reference = internal::Trim(read->reference);
            in.prompt = read->prompt;
            in.response_tokens = read->response_tokens;
            if (!in.reference.empty()) {
              const internal::ResultTail& tail =
                  impl_->lone_tails[static_cast<size_t>(c.Decide(in, ctx))];
              if (char* p = writer.Begin(tail.Bound(ctx.batch_id))) {
                writer.End(tail.Write(ctx.batch_id, p));
                continue;
              }
            }
          }
          if (read == &flat) read_fields();  // the general path reads `fields`
          Result& r = ctx.batch_result;
          r.id.swap(ctx.batch_id);
          ScoreFields(fields, context, &r);
          writer.Write(r, *json);
        }
        writer.Close();
        return absl::OkStatus();
      }
      results->resize(samples.size());
      size_t i = 0;
      internal::SampleFields& fields = ctx.fields;  // its storage reused sample to sample
      for (simdjson::dom::element sample : samples) {
        Result* r = &(*results)[i++];
        fields.Reset();
        internal::ReadSample(sample, impl_->input, {}, &ctx.joined, &r->id, &fields);
        ScoreFields(fields, context, r);
      }
      NormalizeBatch(results, context);
      if (json != nullptr) AppendResultsJson(*results, *json, out);
      return absl::OkStatus();
    }
  }
  // Otherwise each sample is delimited and parsed on its own, so that one
  // malformed sample (bad JSON, invalid UTF-8) never hides the others.
  std::vector<BatchItem> items = SplitBatch(array);
  results->resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    Result* r = &(*results)[i];
    ScoreSample(items[i].json, context, r);
    if (!items[i].error.empty()) {
      // The element could not be delimited (an unclosed array, text after
      // it): an error even if its text happens to parse, but keep its id.
      SetError(r->error.empty() ? items[i].error : items[i].error + "; " + r->error, r);
    }
  }
  NormalizeBatch(results, context);
  if (json != nullptr) AppendResultsJson(*results, *json, out);
  return absl::OkStatus();
}

// -----------------------------------------------------------------------------
// Normalizing a batch
// -----------------------------------------------------------------------------

void Evaluator::NormalizeBatch(std::vector<Result>* results) const {
  std::vector<internal::NormalizeEntry> scratch;
  NormalizeBatch(results, &scratch);
}

void Evaluator::NormalizeBatch(std::vector<Result>* results, Context& context) const {
  NormalizeBatch(results, &context.impl().normalize_scratch);
}

void Evaluator::NormalizeBatch(std::vector<Result>* results,
                               std::vector<internal::NormalizeEntry>* entries) const {
  const NormalizeOptions& n = impl_->normalize;
  if (n.method == NormalizeMethod::kNone) return;
  // The scored values by group (one group for kBatch) and, within a group,
  // in increasing order, so that they are summed in an order that does not
  // depend on the batch's, and so every result, to the last bit.
  entries->clear();
  for (size_t i = 0; i < results->size(); ++i) {
    const Result& r = (*results)[i];
    if (!r.error.empty()) continue;
    entries->push_back({n.method == NormalizeMethod::kGroup ? std::string_view(r.group)
                                                             : std::string_view(),
                        r.aggregate, i});
  }
  std::sort(entries->begin(), entries->end(),
            [](const internal::NormalizeEntry& a, const internal::NormalizeEntry& b) {
              return a.group != b.group ? a.group < b.group : a.value < b.value;
            });
  for (size_t begin = 0; begin < entries->size();) {
    const std::string_view group = (*entries)[begin].group;
    size_t end = begin;
    double sum = 0.0;
    for (; end < entries->size() && (*entries)[end].group == group; ++end) {
      sum += (*entries)[end].value;
    }
    const double count = static_cast<double>(end - begin);
    const double mean = sum / count;
    double squares = 0.0;
    for (size_t k = begin; k < end; ++k) {
      const double d = (*entries)[k].value - mean;
      squares += d * d;
    }
    const double std_dev = std::sqrt(squares / count);
    for (size_t k = begin; k < end; ++k) {
      Result& r = (*results)[(*entries)[k].index];
      double z = r.aggregate - mean;
      if (n.scale) z /= std_dev + n.epsilon;
      if (n.clip > 0.0) z = std::clamp(z, -n.clip, n.clip);
      if (!std::isfinite(z)) z = 0.0;
      r.metrics.push_back({"raw_reward", r.aggregate, false});
      r.aggregate = z;
    }
    begin = end;
  }
}

}  // namespace rewardkit
