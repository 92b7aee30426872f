// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "rewardkit/evaluator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "ascii.h"
#include "fmt/format.h"
#include "json_util.h"
#include "sample_io.h"
#include "rewardkit/spec.h"
#include "simdjson.h"
#include "spec_internal.h"
#include "spec_reader.h"
#include "utf8.h"

namespace rewardkit {

// -----------------------------------------------------------------------------
// Context
// -----------------------------------------------------------------------------

struct Context::Impl {
  simdjson::dom::parser parser;
  // The sample copied with simdjson's padding, so parsing never reallocates.
  std::string padded;
  // Text parts of a multi-part message, joined.
  std::string joined;
};

Context::Context() : impl_(std::make_unique<Impl>()) {}
Context::~Context() = default;

// -----------------------------------------------------------------------------
// The compiled spec
// -----------------------------------------------------------------------------

namespace {

struct CorrectnessScores {
  double correct = 1.0;
  double wrong = 0.0;
  double no_answer = 0.0;
  // Score for a correct answer found only by a fallback extractor (any but the
  // first in the chain); defaults to `correct`.
  double fallback_correct = 1.0;
};

struct CorrectnessComponent {
  std::string name;
  std::string found_metric;  // "<name>_answer_found"
  double weight = 1.0;
  std::unique_ptr<ExtractorChain> chain;
  std::unique_ptr<Comparator> comparator;
  CorrectnessScores scores;
};

}  // namespace

struct Evaluator::Impl {
  std::string name;
  std::string spec_hash;
  InputOptions input;
  double error_score = 0.0;
  std::vector<CorrectnessComponent> components;
};

Evaluator::Evaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Evaluator::~Evaluator() = default;

const std::string& Evaluator::name() const { return impl_->name; }
const std::string& Evaluator::spec_hash() const { return impl_->spec_hash; }
const InputOptions& Evaluator::input_options() const { return impl_->input; }

namespace {

using internal::SpecErrors;
using internal::SpecReader;

// Records `status` (from a Create call) at `pointer`.
void AddStatus(const absl::Status& status, const std::string& pointer, SpecErrors* errors) {
  if (!status.ok()) errors->Add(pointer, std::string(status.message()));
}

void ReadCorrectness(SpecReader& r, SpecErrors* errors, CorrectnessComponent* out) {
  out->name = "correctness";
  r.String("name", &out->name, false);
  r.Double("weight", &out->weight, -1e6, 1e6);

  ExtractorChainOptions chain_options;
  bool lone_extractor = false;  // "extract" is one extractor, not a chain
  if (auto e = r.Get("extract")) {
    simdjson::dom::element type;
    lone_extractor = e->type() == simdjson::dom::element_type::OBJECT &&
                     (*e)["type"].get(type) == simdjson::SUCCESS;
    internal::ReadExtractorChainOptions(*e, r.FieldPointer("extract"), errors, &chain_options);
  } else {
    errors->Add(r.FieldPointer("extract"), "missing: a correctness component needs \"extract\"");
  }
  CompareOptions compare_options;
  if (auto e = r.Get("compare")) {
    internal::ReadCompareOptions(*e, r.FieldPointer("compare"), errors, &compare_options);
  }
  if (auto e = r.Get("scores")) {
    SpecReader s(*e, r.FieldPointer("scores"), errors);
    constexpr double kMax = 1e6;
    s.Double("correct", &out->scores.correct, -kMax, kMax);
    out->scores.fallback_correct = out->scores.correct;
    s.Double("wrong", &out->scores.wrong, -kMax, kMax);
    s.Double("no_answer", &out->scores.no_answer, -kMax, kMax);
    s.Double("fallback_correct", &out->scores.fallback_correct, -kMax, kMax);
    s.Finish();
  }
  r.Finish();
  if (!errors->empty()) return;

  // Option values that parse but contradict each other are found by Create;
  // report them at the extractor or comparison they belong to.
  for (size_t i = 0; i < chain_options.extractors.size(); ++i) {
    auto extractor = Extractor::Create(chain_options.extractors[i]);
    if (!extractor.ok()) {
      AddStatus(extractor.status(),
                lone_extractor ? r.FieldPointer("extract")
                               : fmt::format("{}/extractors/{}", r.FieldPointer("extract"), i),
                errors);
    }
  }
  if (!errors->empty()) return;
  auto chain = ExtractorChain::Create(std::move(chain_options));
  if (!chain.ok()) {
    AddStatus(chain.status(), r.FieldPointer("extract"), errors);
    return;
  }
  out->chain = *std::move(chain);
  auto comparator = Comparator::Create(compare_options);
  if (!comparator.ok()) {
    AddStatus(comparator.status(), r.FieldPointer("compare"), errors);
    return;
  }
  out->comparator = *std::move(comparator);
  out->found_metric = out->name + "_answer_found";
}

void ReadInput(SpecReader& r, InputOptions* out) {
  r.StringList("reference_keys", &out->reference_keys, false);
  r.StringList("assistant_roles", &out->assistant_roles, false);
  r.Size("max_response_bytes", &out->max_response_bytes, 1, size_t{1} << 32);
  r.Finish();
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

  auto components = r.Get("components");
  simdjson::dom::array array;
  if (!components) {
    errors.Add("/components", "missing: expected an array of components");
  } else if (components->get_array().get(array) != simdjson::SUCCESS) {
    errors.Add("/components", fmt::format("expected an array of components, got {}",
                                          internal::JsonTypeName(components->type())));
  } else {
    size_t i = 0;
    for (simdjson::dom::element item : array) {
      std::string pointer = fmt::format("/components/{}", i++);
      SpecReader c(item, pointer, &errors);
      if (!c.ok_object()) continue;
      std::string type;
      if (!c.Has("type")) {
        errors.Add(pointer + "/type", "missing: every component needs a \"type\"");
        continue;
      }
      c.Enum<std::string>("type", &type, {{"correctness", "correctness"}});
      if (type == "correctness") {
        CorrectnessComponent component;
        ReadCorrectness(c, &errors, &component);
        impl->components.push_back(std::move(component));
      }
    }
    if (i == 0) errors.Add("/components", "expected at least one component");
  }
  r.Finish();
  if (!errors.empty()) return errors.ToStatus();
  return std::unique_ptr<Evaluator>(new Evaluator(std::move(impl)));
}

// -----------------------------------------------------------------------------
// Scoring
// -----------------------------------------------------------------------------

void Evaluator::SetError(std::string message, Result* out) const {
  out->verdict = Verdict();
  out->error = std::move(message);
  out->aggregate = impl_->error_score;
  out->metrics.clear();
  out->metrics.push_back({"error", 1.0, false});
}

void Evaluator::Score(const Sample& sample, Context& context, Result* out) const {
  (void)context;
  out->aggregate = 0.0;
  out->metrics.clear();
  out->verdict = Verdict();
  out->error.clear();

  if (sample.response.size() > impl_->input.max_response_bytes) {
    SetError(fmt::format("response: {} bytes is more than max_response_bytes ({})",
                         sample.response.size(), impl_->input.max_response_bytes),
             out);
    return;
  }
  if (size_t bad = internal::FindInvalidUtf8(sample.response); bad != std::string_view::npos) {
    SetError(fmt::format("response: invalid UTF-8 at byte {}", bad), out);
    return;
  }
  std::string_view reference = internal::Trim(sample.reference);
  if (reference.empty()) {
    SetError("reference: the reference answer is empty", out);
    return;
  }

  double aggregate = 0.0;
  bool first = true;
  for (const CorrectnessComponent& c : impl_->components) {
    Verdict v;
    std::optional<Extraction> e = c.chain->Extract(sample.response);
    double value = c.scores.no_answer;
    if (!e) {
      // Only now ask why: an unclosed think block is worth naming.
      v.unclosed_think = c.chain->Region(sample.response).unclosed_think;
      v.reason = v.unclosed_think ? "unclosed_think" : "no_answer";
    } else {
      v.answer_found = true;
      v.answer = std::string(e->text);
      v.extractor = std::string(e->extractor);
      v.extractor_index = e->index;
      v.fallback = e->index > 0;
      Comparison cmp = c.comparator->Compare(e->text, reference);
      v.correct = cmp.equal;
      v.normalized_answer = std::move(cmp.normalized_answer);
      v.normalized_reference = std::move(cmp.normalized_reference);
      v.method = cmp.method;
      if (cmp.equal) {
        value = v.fallback ? c.scores.fallback_correct : c.scores.correct;
      } else {
        value = c.scores.wrong;
        v.reason = std::string(ReasonName(cmp.reason));
      }
    }
    aggregate += c.weight * value;
    out->metrics.push_back({c.name, value, true});
    out->metrics.push_back({c.found_metric, v.answer_found ? 1.0 : 0.0, false});
    if (first) out->verdict = std::move(v);
    first = false;
  }
  out->metrics.push_back({"error", 0.0, false});
  out->aggregate = std::isfinite(aggregate) ? aggregate : impl_->error_score;
}

void Evaluator::ScoreSample(std::string_view sample_json, Context& context, Result* out) const {
  ScoreSample(sample_json, std::string_view(), context, out);
}

void Evaluator::ScoreSample(std::string_view sample_json, std::string_view default_id,
                            Context& context, Result* out) const {
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
    return;
  }
  internal::SampleFields fields;
  internal::ReadSample(root, impl_->input, default_id, &ctx.joined, &out->id, &fields);
  if (!fields.errors.empty()) {
    std::string message;
    for (const std::string& e : fields.errors) {
      if (!message.empty()) message += "; ";
      message += e;
    }
    SetError(std::move(message), out);
    return;
  }
  Sample sample;
  sample.response = fields.response;
  sample.reference = fields.reference;
  sample.prompt = fields.prompt;
  Score(sample, context, out);
}

void Evaluator::ScoreJson(std::string_view sample_json, Context& context, std::string* out,
                          Result* result) const {
  Result local;
  Result* r = result ? result : &local;
  ScoreSample(sample_json, context, r);
  AppendResultJson(*r, OutputOptions(), out);
}

}  // namespace rewardkit
