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

// -----------------------------------------------------------------------------
// Reading service samples
// -----------------------------------------------------------------------------

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string TypeOf(element e) { return std::string(internal::JsonTypeName(e.type())); }

// Where the fields of one sample were found.
struct SampleFields {
  std::string_view response;
  std::string_view reference;
  std::string_view prompt;
  std::string reference_text;  // a numeric reference, as text
  std::vector<std::string> errors;
};

// Returns the text of a message's content: a string, or the text parts of an
// array of parts ({"type": "text", "text": ...} or bare strings), joined.
bool ReadContent(element content, const std::string& pointer, std::string* joined,
                 std::string_view* out, std::vector<std::string>* errors) {
  std::string_view s;
  if (content.get_string().get(s) == simdjson::SUCCESS) {
    *out = s;
    return true;
  }
  simdjson::dom::array parts;
  if (content.get_array().get(parts) != simdjson::SUCCESS) {
    errors->push_back(fmt::format("{}: expected a string or an array of content parts, got {}",
                                  pointer, TypeOf(content)));
    return false;
  }
  joined->clear();
  size_t i = 0;
  size_t texts = 0;
  for (element part : parts) {
    std::string_view text;
    if (part.get_string().get(text) == simdjson::SUCCESS) {
      joined->append(text);
      ++texts;
    } else {
      std::string_view type;
      if (part["type"].get(type) == simdjson::SUCCESS && type == "text") {
        if (part["text"].get(text) != simdjson::SUCCESS) {
          errors->push_back(
              fmt::format("{}/{}/text: a text part needs a string \"text\"", pointer, i));
          return false;
        }
        joined->append(text);
        ++texts;
      }
    }
    ++i;
  }
  if (texts == 0) {
    errors->push_back(fmt::format("{}: no text part (parts of type \"text\")", pointer));
    return false;
  }
  *out = *joined;
  return true;
}

// Reads the reference answer at `e` into fields->reference.
void ReadReference(element e, const std::string& pointer, const InputOptions& input,
                   SampleFields* fields) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    if (s.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      fields->errors.push_back(fmt::format("{}: the reference answer is empty", pointer));
    }
    fields->reference = s;
    return;
  }
  switch (e.type()) {
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      fields->reference_text = simdjson::minify(e);
      fields->reference = fields->reference_text;
      return;
    case element_type::OBJECT:
      for (const std::string& key : input.reference_keys) {
        element v;
        if (e[key].get(v) != simdjson::SUCCESS) continue;
        if (v.type() == element_type::OBJECT) break;
        ReadReference(v, pointer + "/" + internal::JsonPointerToken(key), input, fields);
        return;
      }
      {
        std::string keys;
        for (const std::string& key : input.reference_keys) {
          keys += keys.empty() ? "\"" : ", \"";
          keys += key + "\"";
        }
        fields->errors.push_back(
            fmt::format("{}: the reference object has none of the keys {}", pointer, keys));
      }
      return;
    default:
      fields->errors.push_back(
          fmt::format("{}: expected a string, a number or an object holding the answer, got {}",
                      pointer, TypeOf(e)));
  }
}

bool Contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

void ReadSample(element root, const InputOptions& input, std::string_view default_id,
                Context::Impl& ctx, Result* result, SampleFields* fields) {
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    fields->errors.push_back(fmt::format("/: expected a sample object, got {}", TypeOf(root)));
    return;
  }
  // The id.
  element id;
  if (object["id"].get(id) != simdjson::SUCCESS) {
    if (default_id.empty()) {
      fields->errors.push_back("/id: missing");
    } else {
      result->id = std::string(default_id);
    }
  } else if (id.type() == element_type::STRING || id.type() == element_type::INT64 ||
             id.type() == element_type::UINT64) {
    result->id = simdjson::minify(id);
  } else {
    fields->errors.push_back(
        fmt::format("/id: expected a string or an integer, got {}", TypeOf(id)));
  }

  // The response: the last assistant turn of "messages", or a flat "response".
  element messages;
  element response;
  if (object["messages"].get(messages) == simdjson::SUCCESS) {
    simdjson::dom::array turns;
    if (messages.get_array().get(turns) != simdjson::SUCCESS) {
      fields->errors.push_back(
          fmt::format("/messages: expected an array of turns, got {}", TypeOf(messages)));
    } else {
      size_t i = 0;
      long assistant = -1;
      long user = -1;
      for (element turn : turns) {
        std::string_view role;
        if (turn["role"].get(role) != simdjson::SUCCESS) {
          fields->errors.push_back(fmt::format("/messages/{}/role: missing or not a string", i));
        } else if (Contains(input.assistant_roles, role)) {
          assistant = static_cast<long>(i);
        } else if (role == "user") {
          user = static_cast<long>(i);
        }
        ++i;
      }
      if (assistant < 0 && fields->errors.empty()) {
        std::string roles;
        for (const std::string& r : input.assistant_roles) {
          roles += roles.empty() ? "\"" : " or \"";
          roles += r + "\"";
        }
        fields->errors.push_back(fmt::format("/messages: no turn with role {}", roles));
      }
      if (assistant >= 0) {
        element turn = turns.at(static_cast<size_t>(assistant)).value_unsafe();
        element content;
        std::string pointer = fmt::format("/messages/{}/content", assistant);
        if (turn["content"].get(content) != simdjson::SUCCESS) {
          fields->errors.push_back(pointer + ": missing");
        } else {
          ReadContent(content, pointer, &ctx.joined, &fields->response, &fields->errors);
        }
      }
      if (user >= 0 && user < assistant) {
        element turn = turns.at(static_cast<size_t>(user)).value_unsafe();
        element content;
        std::string_view prompt;
        if (turn["content"].get(content) == simdjson::SUCCESS &&
            content.get_string().get(prompt) == simdjson::SUCCESS) {
          fields->prompt = prompt;
        }
      }
    }
  } else if (object["response"].get(response) == simdjson::SUCCESS) {
    if (response.get_string().get(fields->response) != simdjson::SUCCESS) {
      fields->errors.push_back(
          fmt::format("/response: expected a string, got {}", TypeOf(response)));
    }
    std::string_view prompt;
    if (object["prompt"].get(prompt) == simdjson::SUCCESS) fields->prompt = prompt;
  } else {
    fields->errors.push_back("/messages: missing (and no flat \"response\")");
  }

  // The reference: top level, or in "metadata".
  element reference;
  element metadata;
  if (object["reference_answer"].get(reference) == simdjson::SUCCESS) {
    ReadReference(reference, "/reference_answer", input, fields);
  } else if (object["metadata"].get(metadata) == simdjson::SUCCESS &&
             metadata.type() == element_type::OBJECT &&
             metadata["reference_answer"].get(reference) == simdjson::SUCCESS) {
    ReadReference(reference, "/metadata/reference_answer", input, fields);
  } else if (object["ground_truth"].get(reference) == simdjson::SUCCESS) {
    ReadReference(reference, "/ground_truth", input, fields);
  } else {
    fields->errors.push_back(
        "/reference_answer: missing (looked at /reference_answer, "
        "/metadata/reference_answer and /ground_truth)");
  }
}

}  // namespace

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
  element root;
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
  SampleFields fields;
  ReadSample(root, impl_->input, default_id, ctx, out, &fields);
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

// -----------------------------------------------------------------------------
// Writing results
// -----------------------------------------------------------------------------

void AppendResultJson(const Result& result, const OutputOptions& options, std::string* out) {
  out->append("{\"id\":");
  out->append(result.id);
  out->append(",\"aggregate_reward_score\":");
  internal::AppendJsonNumber(result.aggregate, out);
  out->append(",\"metrics_list\":[");
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    const Metric& m = result.metrics[i];
    if (i) out->push_back(',');
    out->append("{\"name\":");
    internal::AppendJsonString(m.name, out);
    out->append(",\"value\":");
    internal::AppendJsonNumber(m.value, out);
    out->append(m.reward ? ",\"type\":\"Reward\"}" : ",\"type\":\"Metric\"}");
  }
  out->push_back(']');
  if (options.explain) {
    const Verdict& v = result.verdict;
    out->append(",\"details\":{");
    if (!result.error.empty()) {
      out->append("\"error\":");
      internal::AppendJsonString(result.error, out);
    } else {
      out->append("\"answer_found\":");
      out->append(v.answer_found ? "true" : "false");
      out->append(",\"correct\":");
      out->append(v.correct ? "true" : "false");
      if (v.answer_found) {
        out->append(",\"answer\":");
        internal::AppendJsonString(v.answer, out);
        out->append(",\"extractor\":");
        internal::AppendJsonString(v.extractor, out);
        out->append(",\"normalized_answer\":");
        internal::AppendJsonString(v.normalized_answer, out);
        out->append(",\"normalized_reference\":");
        internal::AppendJsonString(v.normalized_reference, out);
        out->append(",\"method\":");
        internal::AppendJsonString(v.method, out);
      }
      if (!v.reason.empty()) {
        out->append(",\"reason\":");
        internal::AppendJsonString(v.reason, out);
      }
    }
    out->push_back('}');
  }
  out->push_back('}');
}

// -----------------------------------------------------------------------------
// Splitting batches
// -----------------------------------------------------------------------------

namespace {

// White space as JSON defines it (RFC 8259): no \f or \v.
bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits a JSON array into its elements without parsing them: a scan that
// tracks strings and nesting depth, so a malformed element is delimited and
// reported on its own.
std::vector<BatchItem> SplitArray(std::string_view text, size_t open) {
  std::vector<BatchItem> items;
  size_t line = 1;
  for (size_t i = 0; i < open; ++i) line += text[i] == '\n';
  int depth = 0;
  bool in_string = false;
  size_t start = open + 1;
  size_t start_line = line;
  bool closed = false;
  auto flush = [&](size_t end) {
    std::string_view item = text.substr(start, end - start);
    size_t lead = 0;
    while (lead < item.size() && IsJsonSpace(item[lead])) {
      start_line += item[lead] == '\n';
      ++lead;
    }
    item.remove_prefix(lead);
    while (!item.empty() && IsJsonSpace(item.back())) item.remove_suffix(1);
    BatchItem b;
    b.json = item;
    b.line = start_line;
    if (item.empty()) b.error = "empty element in the JSON array";
    items.push_back(std::move(b));
  };
  size_t i = open + 1;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) {
        if (c == ']') {
          // The end of the array: a trailing element, unless the array is empty.
          std::string_view rest = text.substr(start, i - start);
          bool blank = std::all_of(rest.begin(), rest.end(), IsJsonSpace);
          if (!(blank && items.empty())) flush(i);
          closed = true;
          break;
        }
      } else {
        --depth;
      }
    } else if (c == ',' && depth == 0) {
      flush(i);
      start = i + 1;
      start_line = line;
    }
  }
  if (!closed) {
    std::string_view rest = text.substr(start);
    if (!std::all_of(rest.begin(), rest.end(), IsJsonSpace) || items.empty()) {
      flush(text.size());
      items.back().error = "the JSON array is not closed (no ']' after this element)";
    } else if (!items.empty()) {
      items.back().error = "the JSON array is not closed (no ']' after this element)";
    }
  } else {
    std::string_view rest = text.substr(i + 1);
    size_t extra = rest.find_first_not_of(" \t\r\n");
    if (extra != std::string_view::npos) {
      BatchItem b;
      b.json = rest.substr(extra);
      b.line = line;
      for (size_t k = 0; k < extra; ++k) b.line += rest[k] == '\n';
      b.error = "text after the end of the JSON array";
      items.push_back(std::move(b));
    }
  }
  return items;
}

}  // namespace

std::vector<BatchItem> SplitBatch(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') return SplitArray(text, first);
  std::vector<BatchItem> items;
  size_t line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    std::string_view item = text.substr(pos, end - pos);
    while (!item.empty() && IsJsonSpace(item.back())) item.remove_suffix(1);
    while (!item.empty() && IsJsonSpace(item.front())) item.remove_prefix(1);
    if (!item.empty()) {
      BatchItem b;
      b.json = item;
      b.line = line;
      items.push_back(std::move(b));
    }
    pos = end + 1;
  }
  return items;
}

}  // namespace rewardkit
