// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "components.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "ascii.h"
#include "extract_internal.h"
#include "fmt/format.h"
#include "json_util.h"
#include "re2/re2.h"
#include "rewardkit/compare.h"
#include "rewardkit/extract.h"
#include "rewardkit/json_schema.h"
#include "rewardkit/language.h"
#include "rewardkit/length.h"
#include "rewardkit/safety.h"
#include "rewardkit/text_metrics.h"
#include "spec_internal.h"
#include "utf8.h"

namespace rewardkit::internal {
namespace {

// Records `status` (from a Create call) at `pointer`.
void AddStatus(const absl::Status& status, const std::string& pointer, SpecErrors* errors) {
  if (!status.ok()) errors->Add(pointer, std::string(status.message()));
}

// Reads an optional extraction object ("extract") into a chain; returns
// null when absent or wrong (errors recorded).
std::unique_ptr<ExtractorChain> ReadOptionalChain(SpecReader& r, SpecErrors* errors) {
  auto e = r.Get("extract");
  if (!e) return nullptr;
  ExtractorChainOptions options;
  size_t before_errors = errors->size();
  ReadExtractorChainOptions(*e, r.FieldPointer("extract"), errors, &options);
  if (errors->size() != before_errors) return nullptr;
  auto chain = ExtractorChain::Create(std::move(options));
  if (!chain.ok()) {
    AddStatus(chain.status(), r.FieldPointer("extract"), errors);
    return nullptr;
  }
  return *std::move(chain);
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = IsSpace(c);
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// -----------------------------------------------------------------------------
// correctness
// -----------------------------------------------------------------------------

class CorrectnessComponent final : public OutcomeComponent {
 public:
  struct Scores {
    double correct = 1.0;
    double wrong = 0.0;
    double no_answer = 0.0;
    // For a correct answer found only by a fallback extractor (any but the
    // first in the chain); defaults to `correct`.
    double fallback_correct = 1.0;
  };

  bool is_correctness() const override { return true; }

  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    v->Reset();
    std::string_view answer;
    int index = 0;
    if (!FindAnswer(*chain, in.response, ctx.extract_parser, &answer, &index)) {
      // Only now ask why: an unclosed think block is worth naming.
      v->unclosed_think = chain->Region(in.response).unclosed_think;
      v->reason = v->unclosed_think ? "unclosed_think" : "no_answer";
      return scores.no_answer;
    }
    v->answer_found = true;
    v->extractor = chain->at(static_cast<size_t>(index)).name();
    v->extractor_index = index;
    v->fallback = index > 0;
    const bool texts = ctx.verdict_texts;
    if (texts) v->answer.assign(answer);
    const Comparison cmp =
        comparator->CompareInto(answer, in.reference, texts ? &v->normalized_answer : nullptr,
                                texts ? &v->normalized_reference : nullptr);
    v->correct = cmp.equal;
    // Field by field: copied whole, the view is read as one 16-byte load
    // of what the comparator has just written as two 8-byte stores, and
    // such a load waits for the stores to reach the cache.
    v->method = std::string_view(cmp.method.data(), cmp.method.size());
    if (cmp.equal) return v->fallback ? scores.fallback_correct : scores.correct;
    v->reason = ReasonName(cmp.reason);
    return scores.wrong;
  }

  // Score's decision alone: what it returns is outcome_values()[Decide()].
  Outcome Decide(const ComponentInput& in, Context::Impl& ctx) const override {
    std::string_view answer;
    int index = 0;
    if (!FindAnswer(*chain, in.response, ctx.extract_parser, &answer, &index)) {
      return Outcome::kNoAnswer;
    }
    if (!comparator->CompareInto(answer, in.reference, nullptr, nullptr).equal) {
      return Outcome::kWrong;
    }
    return index > 0 ? Outcome::kFallbackCorrect : Outcome::kCorrect;
  }

  std::array<double, kOutcomes> outcome_values() const override {
    return {scores.no_answer, scores.wrong, scores.correct, scores.fallback_correct};
  }

  size_t ExtraMetricCount() const override { return 1; }
  void ExtraMetrics(const Verdict& v, Metric* out) const override {
    *out = {found_metric, v.answer_found ? 1.0 : 0.0, false};
  }

  std::string RenderReference(std::string_view reference) const override {
    const ExtractorOptions& o = chain->at(0).options();
    std::string ref(reference);
    switch (o.kind) {
      case ExtractorKind::kBoxed:
        return fmt::format("\\{}{{{}}}", o.commands.empty() ? "boxed" : o.commands[0], ref);
      case ExtractorKind::kTag:
        return o.open + ref + o.close;
      case ExtractorKind::kMarker:
        return fmt::format("{} {}", o.markers.empty() ? "####" : o.markers[0], ref);
      case ExtractorKind::kCodeBlock:
        return fmt::format("```{}\n{}\n```", o.language, ref);
      case ExtractorKind::kChoice:
        return fmt::format("The answer is ({}).", ref);
      case ExtractorKind::kLastNumber:
      case ExtractorKind::kJson:
      case ExtractorKind::kLabel:
      case ExtractorKind::kRegex:
        break;
    }
    return ref;
  }

  double min_value() const override {
    return std::min({scores.correct, scores.wrong, scores.no_answer, scores.fallback_correct});
  }
  double max_value() const override {
    return std::max({scores.correct, scores.wrong, scores.no_answer, scores.fallback_correct});
  }

  std::string Describe() const override {
    std::string extractors;
    for (size_t i = 0; i < chain->size(); ++i) {
      if (i) extractors += " > ";
      extractors += std::string(chain->at(i).name());
    }
    static constexpr const char* kKinds[] = {"exact", "text", "numeric", "math", "choice", "label"};
    return fmt::format("extract {}{}; compare {}; correct {}, wrong {}, no answer {}, fallback {}",
                       extractors,
                       chain->options().think == ThinkMode::kStrip ? " (after </think>)" : "",
                       kKinds[static_cast<int>(comparator->options().kind)], scores.correct,
                       scores.wrong, scores.no_answer, scores.fallback_correct);
  }

  std::unique_ptr<ExtractorChain> chain;
  std::unique_ptr<Comparator> comparator;
  Scores scores;
  std::string found_metric;
};

std::unique_ptr<Component> ReadCorrectness(SpecReader& r, SpecErrors* errors) {
  auto c = std::make_unique<CorrectnessComponent>();
  size_t before_errors = errors->size();
  ExtractorChainOptions chain_options;
  bool lone_extractor = false;  // "extract" is one extractor, not a chain
  if (auto e = r.Get("extract")) {
    simdjson::dom::element type;
    lone_extractor = e->type() == simdjson::dom::element_type::OBJECT &&
                     (*e)["type"].get(type) == simdjson::SUCCESS;
    ReadExtractorChainOptions(*e, r.FieldPointer("extract"), errors, &chain_options);
  } else {
    errors->Add(r.FieldPointer("extract"), "missing: a correctness component needs \"extract\"");
  }
  CompareOptions compare_options;
  if (auto e = r.Get("compare")) {
    ReadCompareOptions(*e, r.FieldPointer("compare"), errors, &compare_options);
  }
  if (auto e = r.Get("scores")) {
    SpecReader s(*e, r.FieldPointer("scores"), errors);
    constexpr double kMax = 1e6;
    s.Double("correct", &c->scores.correct, -kMax, kMax);
    c->scores.fallback_correct = c->scores.correct;
    s.Double("wrong", &c->scores.wrong, -kMax, kMax);
    s.Double("no_answer", &c->scores.no_answer, -kMax, kMax);
    s.Double("fallback_correct", &c->scores.fallback_correct, -kMax, kMax);
    s.Finish();
  }
  if (errors->size() != before_errors) return nullptr;

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
  auto comparator = Comparator::Create(compare_options);
  if (!comparator.ok()) AddStatus(comparator.status(), r.FieldPointer("compare"), errors);
  if (errors->size() != before_errors) return nullptr;
  auto chain = ExtractorChain::Create(std::move(chain_options));
  if (!chain.ok()) {
    AddStatus(chain.status(), r.FieldPointer("extract"), errors);
    return nullptr;
  }
  c->chain = *std::move(chain);
  c->comparator = *std::move(comparator);
  return c;
}

// -----------------------------------------------------------------------------
// format
// -----------------------------------------------------------------------------

class FormatComponent final : public Component {
 public:
  enum class Kind { kRegex, kTag, kJson, kCodeFence };
  struct Check {
    Kind kind = Kind::kRegex;
    double weight = 1.0;
    std::unique_ptr<RE2> regex;  // kRegex
    bool full_match = false;
    std::string open, close;  // kTag
    size_t count = 1;
    std::unique_ptr<Extractor> extractor;  // kJson, kCodeFence
    std::unique_ptr<JsonSchema> schema;    // kJson, optional
    std::string description;
  };

  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    (void)v;
    double sum = 0.0;
    double total = 0.0;
    for (const Check& check : checks) {
      total += check.weight;
      sum += check.weight * Credit(check, in.response, ctx);
    }
    return total > 0.0 ? sum / total : 1.0;
  }

  std::string Describe() const override {
    std::string out = "weighted mean of";
    for (size_t i = 0; i < checks.size(); ++i) {
      out +=
          fmt::format("{} {} (weight {})", i ? ";" : "", checks[i].description, checks[i].weight);
    }
    return out;
  }

  std::vector<Check> checks;

 private:
  static size_t CountIgnoreCase(std::string_view text, std::string_view needle) {
    if (needle.empty() || text.size() < needle.size()) return 0;
    size_t n = 0;
    for (size_t i = 0; i + needle.size() <= text.size();) {
      if (EqualsIgnoreCase(text.substr(i, needle.size()), needle)) {
        ++n;
        i += needle.size();
      } else {
        ++i;
      }
    }
    return n;
  }

  double Credit(const Check& check, std::string_view response, Context::Impl& ctx) const {
    switch (check.kind) {
      case Kind::kRegex: {
        re2::StringPiece text(response.data(), response.size());
        bool ok = check.full_match ? RE2::FullMatch(text, *check.regex)
                                   : RE2::PartialMatch(text, *check.regex);
        return ok ? 1.0 : 0.0;
      }
      case Kind::kTag: {
        // Half the credit for the right number of opening tags, half for
        // closing tags: a model that opens <answer> but never closes it is
        // half way there.
        double credit = 0.0;
        if (CountIgnoreCase(response, check.open) == check.count) credit += 0.5;
        if (CountIgnoreCase(response, check.close) == check.count) credit += 0.5;
        return credit;
      }
      case Kind::kJson: {
        std::optional<Extraction> e =
            ExtractReusing(*check.extractor, response, ctx.extract_parser);
        if (!e) return 0.0;
        if (!check.schema) return 1.0;
        return check.schema->Credit(e->text, ctx.schema_scratch);
      }
      case Kind::kCodeFence:
        return check.extractor->Extract(response) ? 1.0 : 0.0;
    }
    return 0.0;
  }
};

std::unique_ptr<Component> ReadFormat(SpecReader& r, SpecErrors* errors) {
  auto c = std::make_unique<FormatComponent>();
  size_t before_errors = errors->size();
  auto list = r.Get("checks");
  simdjson::dom::array array;
  if (!list) {
    errors->Add(r.FieldPointer("checks"), "missing: a format component needs \"checks\"");
    return nullptr;
  }
  if (list->get_array().get(array) != simdjson::SUCCESS) {
    errors->Add(r.FieldPointer("checks"), "expected an array of checks");
    return nullptr;
  }
  size_t i = 0;
  for (simdjson::dom::element item : array) {
    std::string pointer = fmt::format("{}/{}", r.FieldPointer("checks"), i++);
    SpecReader k(item, pointer, errors);
    if (!k.ok_object()) continue;
    FormatComponent::Check check;
    std::string kind;
    if (!k.Has("check")) errors->Add(pointer + "/check", "missing: every check needs a \"check\"");
    k.Enum<std::string>(
        "check", &kind,
        {{"regex", "regex"}, {"tag", "tag"}, {"json", "json"}, {"code_fence", "code_fence"}});
    k.Double("weight", &check.weight, 0.0, 1e6);
    if (kind == "regex") {
      check.kind = FormatComponent::Kind::kRegex;
      std::string pattern;
      bool dot_all = false;
      bool case_insensitive = false;
      if (!k.Has("pattern")) errors->Add(pointer + "/pattern", "missing");
      k.String("pattern", &pattern, false);
      k.Bool("full_match", &check.full_match);
      k.Bool("dot_all", &dot_all);
      k.Bool("case_insensitive", &case_insensitive);
      if (!pattern.empty()) {
        RE2::Options options;
        options.set_log_errors(false);
        options.set_max_mem(int64_t{8} << 20);
        options.set_dot_nl(dot_all);
        options.set_case_sensitive(!case_insensitive);
        check.regex = std::make_unique<RE2>(pattern, options);
        if (!check.regex->ok()) {
          errors->Add(pointer + "/pattern",
                      fmt::format("invalid RE2 pattern: {}", check.regex->error()));
        }
      }
      check.description =
          fmt::format("{} /{}/", check.full_match ? "full match" : "search", pattern);
    } else if (kind == "tag") {
      check.kind = FormatComponent::Kind::kTag;
      std::string tag;
      k.String("tag", &tag, false);
      k.String("open", &check.open, false);
      k.String("close", &check.close, false);
      k.Size("count", &check.count, 0, 1000);
      if (!tag.empty()) {
        if (check.open.empty()) check.open = "<" + tag + ">";
        if (check.close.empty()) check.close = "</" + tag + ">";
      }
      if (check.open.empty() || check.close.empty()) {
        errors->Add(pointer + "/tag",
                    "missing: a tag check needs \"tag\", or \"open\" and \"close\"");
      }
      check.description = fmt::format("{} x {}...{}", check.count, check.open, check.close);
    } else if (kind == "json") {
      check.kind = FormatComponent::Kind::kJson;
      ExtractorOptions options;
      options.kind = ExtractorKind::kJson;
      k.Enum<JsonKind>(
          "json_kind", &options.json_kind,
          {{"any", JsonKind::kAny}, {"object", JsonKind::kObject}, {"array", JsonKind::kArray}});
      auto extractor = Extractor::Create(options);
      if (extractor.ok()) check.extractor = *std::move(extractor);
      if (auto schema = k.Get("schema")) {
        auto compiled = JsonSchema::Create(simdjson::minify(*schema));
        if (!compiled.ok()) {
          errors->Add(pointer + "/schema", std::string(compiled.status().message()));
        } else {
          check.schema = *std::move(compiled);
        }
      }
      check.description =
          check.schema ? "JSON matching the schema (credit per constraint)" : "valid JSON";
    } else if (kind == "code_fence") {
      check.kind = FormatComponent::Kind::kCodeFence;
      ExtractorOptions options;
      options.kind = ExtractorKind::kCodeBlock;
      k.String("language", &options.language);
      auto extractor = Extractor::Create(options);
      if (extractor.ok()) check.extractor = *std::move(extractor);
      check.description = options.language.empty()
                              ? std::string("a fenced code block")
                              : fmt::format("a fenced {} code block", options.language);
    }
    k.Finish();
    c->checks.push_back(std::move(check));
  }
  if (i == 0) errors->Add(r.FieldPointer("checks"), "expected at least one check");
  if (errors->size() != before_errors) return nullptr;
  return c;
}

// -----------------------------------------------------------------------------
// length
// -----------------------------------------------------------------------------

class LengthComponent final : public Component {
 public:
  enum class Unit { kTokens, kCharacters, kWords };
  enum class Shape { kBand, kDapo, kCosine };

  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    (void)ctx;
    (void)v;
    double length = Length(in);
    switch (shape) {
      case Shape::kBand:
        return BandScore(length, low, high, width, falloff);
      case Shape::kDapo:
        return DapoOverlongPenalty(length, max_length, cache);
      case Shape::kCosine: {
        const Verdict* verdict = in.verdict(correctness_index);
        const bool correct = verdict != nullptr && verdict->correct;
        return CosineLengthReward(length, correct, cosine);
      }
    }
    return 0.0;
  }

  double min_value() const override {
    switch (shape) {
      case Shape::kBand:
        return 0.0;
      case Shape::kDapo:
        return -1.0;
      case Shape::kCosine:
        return std::min({cosine.correct_at_zero, cosine.correct_at_max_length, cosine.wrong_at_zero,
                         cosine.wrong_at_max_length, cosine.exceed_penalty});
    }
    return 0.0;
  }
  double max_value() const override {
    switch (shape) {
      case Shape::kBand:
        return 1.0;
      case Shape::kDapo:
        return 0.0;
      case Shape::kCosine:
        return std::max({cosine.correct_at_zero, cosine.correct_at_max_length, cosine.wrong_at_zero,
                         cosine.wrong_at_max_length, cosine.exceed_penalty});
    }
    return 1.0;
  }

  std::string Describe() const override {
    static constexpr const char* kUnits[] = {"tokens", "characters", "words"};
    const char* unit_name = kUnits[static_cast<int>(unit)];
    switch (shape) {
      case Shape::kBand:
        return fmt::format("1 for {}..{} {}, {} fall-off over {}", low, high, unit_name,
                           falloff == Falloff::kCosine ? "cosine" : "linear", width);
      case Shape::kDapo:
        return fmt::format("DAPO over-long penalty: 0 up to {} {}, -1 at {}", max_length - cache,
                           unit_name, max_length);
      case Shape::kCosine:
        return fmt::format("cosine length reward over {} {}, by correctness of \"{}\"",
                           cosine.max_length, unit_name, correctness_name);
    }
    return "";
  }

  double Length(const ComponentInput& in) const {
    switch (unit) {
      case Unit::kTokens:
        return in.response_tokens >= 0.0 ? in.response_tokens
                                         : static_cast<double>(EstimateTokens(in.response));
      case Unit::kCharacters:
        return static_cast<double>(CountCodePoints(in.response));
      case Unit::kWords:
        return static_cast<double>(CountWords(in.response));
    }
    return 0.0;
  }

  Unit unit = Unit::kTokens;
  Shape shape = Shape::kBand;
  double low = 0.0, high = 0.0, width = 0.0;
  Falloff falloff = Falloff::kLinear;
  double max_length = 0.0, cache = 0.0;
  CosineLengthParams cosine;
  size_t correctness_index = 0;
  std::string correctness_name;
};

std::unique_ptr<Component> ReadLength(SpecReader& r, const ComponentReadContext& context,
                                      SpecErrors* errors) {
  auto c = std::make_unique<LengthComponent>();
  size_t before_errors = errors->size();
  constexpr double kMaxLength = 1e12;
  r.Enum<LengthComponent::Unit>("unit", &c->unit,
                                {{"tokens", LengthComponent::Unit::kTokens},
                                 {"characters", LengthComponent::Unit::kCharacters},
                                 {"words", LengthComponent::Unit::kWords}});
  if (!r.Has("shape"))
    errors->Add(r.FieldPointer("shape"), "missing: \"band\", \"dapo\" or \"cosine\"");
  r.Enum<LengthComponent::Shape>("shape", &c->shape,
                                 {{"band", LengthComponent::Shape::kBand},
                                  {"dapo", LengthComponent::Shape::kDapo},
                                  {"cosine", LengthComponent::Shape::kCosine}});
  switch (c->shape) {
    case LengthComponent::Shape::kBand:
      if (!r.Has("low") || !r.Has("high")) {
        errors->Add(r.FieldPointer(r.Has("low") ? "high" : "low"),
                    "missing: a band needs \"low\" and \"high\"");
      }
      r.Double("low", &c->low, 0.0, kMaxLength);
      r.Double("high", &c->high, 0.0, kMaxLength);
      r.Double("width", &c->width, 0.0, kMaxLength);
      r.Enum<Falloff>("falloff", &c->falloff,
                      {{"linear", Falloff::kLinear}, {"cosine", Falloff::kCosine}});
      if (c->high < c->low) errors->Add(r.FieldPointer("high"), "must be at least \"low\"");
      break;
    case LengthComponent::Shape::kDapo:
      if (!r.Has("max_length")) errors->Add(r.FieldPointer("max_length"), "missing");
      r.Double("max_length", &c->max_length, 1.0, kMaxLength);
      r.Double("cache", &c->cache, 0.0, kMaxLength);
      if (c->cache > c->max_length) {
        errors->Add(r.FieldPointer("cache"), "must be at most \"max_length\"");
      }
      break;
    case LengthComponent::Shape::kCosine: {
      if (!r.Has("max_length")) errors->Add(r.FieldPointer("max_length"), "missing");
      r.Double("max_length", &c->cosine.max_length, 1.0, kMaxLength);
      constexpr double kMax = 1e6;
      r.Double("correct_at_zero", &c->cosine.correct_at_zero, -kMax, kMax);
      r.Double("correct_at_max_length", &c->cosine.correct_at_max_length, -kMax, kMax);
      r.Double("wrong_at_zero", &c->cosine.wrong_at_zero, -kMax, kMax);
      r.Double("wrong_at_max_length", &c->cosine.wrong_at_max_length, -kMax, kMax);
      r.Double("exceed_penalty", &c->cosine.exceed_penalty, -kMax, kMax);
      std::string name;
      r.String("correctness", &name, false);
      if (context.correctness.empty()) {
        errors->Add(r.FieldPointer("shape"),
                    "a cosine length reward needs a correctness component in the spec");
      } else if (name.empty()) {
        c->correctness_name = context.correctness[0].first;
        c->correctness_index = context.correctness[0].second;
      } else {
        auto it = std::find_if(context.correctness.begin(), context.correctness.end(),
                               [&](const auto& p) { return p.first == name; });
        if (it == context.correctness.end()) {
          errors->Add(r.FieldPointer("correctness"),
                      fmt::format("no correctness component is named \"{}\"", name));
        } else {
          c->correctness_name = it->first;
          c->correctness_index = it->second;
        }
      }
      break;
    }
  }
  if (errors->size() != before_errors) return nullptr;
  return c;
}

// -----------------------------------------------------------------------------
// language
// -----------------------------------------------------------------------------

class LanguageComponent final : public Component {
 public:
  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    (void)ctx;
    (void)v;
    LanguageGuess got = DetectLanguage(in.response);
    if (!expected_language.empty()) {
      return got.language == expected_language && got.confidence >= min_confidence ? 1.0 : 0.0;
    }
    LanguageGuess want = DetectLanguage(in.prompt);
    // Nothing to match against: a prompt without letters (or no prompt).
    if (want.script == Script::kUnknown) return 1.0;
    if (got.script != want.script) return 0.0;
    if (script_only || want.language.empty()) return 1.0;
    return got.language == want.language && got.confidence >= min_confidence ? 1.0 : 0.0;
  }

  std::string Describe() const override {
    if (!expected_language.empty()) return fmt::format("response in \"{}\"", expected_language);
    return script_only ? "response in the prompt's script" : "response in the prompt's language";
  }

  std::string expected_language;  // empty: match the prompt
  bool script_only = false;
  double min_confidence = 0.0;
};

std::unique_ptr<Component> ReadLanguage(SpecReader& r, SpecErrors* errors) {
  auto c = std::make_unique<LanguageComponent>();
  size_t before_errors = errors->size();
  std::string expect = "prompt";
  r.String("expect", &expect, false);
  static constexpr std::string_view kKnown[] = {"prompt", "en", "es", "fr", "de", "pt", "it", "zh",
                                                "ja",     "ko", "ru", "ar", "hi", "el", "he", "th"};
  if (std::find(std::begin(kKnown), std::end(kKnown), expect) == std::end(kKnown)) {
    errors->Add(r.FieldPointer("expect"),
                fmt::format("expected \"prompt\" or a language rewardkit detects (en, es, fr, de, "
                            "pt, it, zh, ja, ko, ru, ar, hi, el, he, th), got \"{}\"",
                            expect));
  }
  if (expect != "prompt") c->expected_language = expect;
  std::string match = "language";
  r.Enum<std::string>("match", &match, {{"language", "language"}, {"script", "script"}});
  c->script_only = match == "script";
  r.Double("min_confidence", &c->min_confidence, 0.0, 1.0);
  if (errors->size() != before_errors) return nullptr;
  return c;
}

// -----------------------------------------------------------------------------
// safety
// -----------------------------------------------------------------------------

class SafetyComponent final : public Component {
 public:
  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    (void)v;
    size_t hits = 0;
    if (blocklist) {
      if (penalty >= 1.0) {
        // One hit takes the value to 0: ask only whether there is one,
        // which is quicker and never allocates.
        if (blocklist->MatchesAny(in.response)) return 0.0;
      } else {
        blocklist->Match(in.response, &ctx.matches);
        hits += ctx.matches.size();
      }
    }
    if (pii) {
      pii->Find(in.response, &ctx.pii);
      hits += ctx.pii.size();
    }
    return std::max(0.0, 1.0 - penalty * static_cast<double>(hits));
  }

  std::string Describe() const override {
    std::string kinds;
    for (PiiKind k : pii_kinds)
      kinds += std::string(kinds.empty() ? "" : ", ") + std::string(PiiKindName(k));
    return fmt::format("{} blocklist patterns; PII: {}; each hit costs {}",
                       blocklist ? blocklist->size() : 0, kinds.empty() ? "none" : kinds, penalty);
  }

  std::unique_ptr<Blocklist> blocklist;
  std::unique_ptr<PiiDetector> pii;
  std::vector<PiiKind> pii_kinds;
  double penalty = 1.0;
};

std::unique_ptr<Component> ReadSafety(SpecReader& r, SpecErrors* errors) {
  auto c = std::make_unique<SafetyComponent>();
  size_t before_errors = errors->size();
  std::vector<std::string> patterns;
  bool case_insensitive = true;
  bool whole_words = true;
  r.StringList("blocklist", &patterns, true);
  r.Bool("case_insensitive", &case_insensitive);
  r.Bool("whole_words", &whole_words);
  r.Double("penalty_per_hit", &c->penalty, 0.0, 1.0);
  std::vector<std::string> kinds;
  r.StringList("pii", &kinds, true);
  static constexpr PiiKind kAll[] = {
      PiiKind::kEmail, PiiKind::kPhone, PiiKind::kPaymentCard,   PiiKind::kUsSsn,
      PiiKind::kIpv4,  PiiKind::kIpv6,  PiiKind::kAwsAccessKeyId};
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i] == "all") {
      c->pii_kinds.assign(std::begin(kAll), std::end(kAll));
      continue;
    }
    auto it = std::find_if(std::begin(kAll), std::end(kAll),
                           [&](PiiKind k) { return PiiKindName(k) == kinds[i]; });
    if (it == std::end(kAll)) {
      errors->Add(fmt::format("{}/{}", r.FieldPointer("pii"), i),
                  fmt::format("expected \"all\" or one of email, phone, payment_card, us_ssn, "
                              "ipv4, ipv6, aws_access_key_id; got \"{}\"",
                              kinds[i]));
    } else if (std::find(c->pii_kinds.begin(), c->pii_kinds.end(), *it) == c->pii_kinds.end()) {
      c->pii_kinds.push_back(*it);
    }
  }
  if (patterns.empty() && kinds.empty() && errors->size() == before_errors) {
    errors->Add(r.pointer(), "a safety component needs a \"blocklist\" or \"pii\" (or both)");
  }
  // Compiled even after other errors, so a bad pattern is reported too.
  if (!patterns.empty()) {
    auto blocklist = Blocklist::Create(patterns, case_insensitive, whole_words);
    if (blocklist.ok()) {
      c->blocklist = *std::move(blocklist);
    } else {
      AddStatus(blocklist.status(), r.FieldPointer("blocklist"), errors);
    }
  }
  if (!c->pii_kinds.empty()) {
    auto pii = PiiDetector::Create(c->pii_kinds);
    if (pii.ok()) {
      c->pii = *std::move(pii);
    } else {
      AddStatus(pii.status(), r.FieldPointer("pii"), errors);
    }
  }
  if (errors->size() != before_errors) return nullptr;
  return c;
}

// -----------------------------------------------------------------------------
// repetition
// -----------------------------------------------------------------------------

class RepetitionComponent final : public Component {
 public:
  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    (void)v;
    return -max_penalty * NgramRepetition(in.response, n, ctx.text_metrics);
  }
  double min_value() const override { return -max_penalty; }
  double max_value() const override { return 0.0; }
  std::string Describe() const override {
    return fmt::format("-{} x the fraction of repeated word {}-grams", max_penalty, n);
  }

  int n = 3;
  double max_penalty = 1.0;
};

std::unique_ptr<Component> ReadRepetition(SpecReader& r, SpecErrors* errors) {
  auto c = std::make_unique<RepetitionComponent>();
  size_t before_errors = errors->size();
  r.Int("n", &c->n, 1, 16);
  r.Double("max_penalty", &c->max_penalty, 0.0, 1e6);
  if (errors->size() != before_errors) return nullptr;
  return c;
}

// -----------------------------------------------------------------------------
// similarity
// -----------------------------------------------------------------------------

class SimilarityComponent final : public Component {
 public:
  enum class Metric {
    kEquals,
    kNotEquals,
    kContains,
    kContainsIgnoreCase,
    kFuzzy,
    kTokenF1,
    kRouge1,
    kRouge2,
    kRougeL,
    kBleu
  };

  double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* v) const override {
    (void)v;
    std::string_view text = in.response;
    if (chain) {
      int index = 0;
      if (!FindAnswer(*chain, in.response, ctx.extract_parser, &text, &index)) return 0.0;
    }
    std::string_view a = Trim(text);
    std::string_view b = Trim(in.reference);
    switch (metric) {
      case Metric::kEquals:
        return a == b ? 1.0 : 0.0;
      case Metric::kNotEquals:
        return a != b ? 1.0 : 0.0;
      case Metric::kContains:
        return a.find(b) != std::string_view::npos ? 1.0 : 0.0;
      case Metric::kContainsIgnoreCase:
        return ContainsIgnoreCase(a, b) ? 1.0 : 0.0;
      case Metric::kFuzzy:
        return LevenshteinRatio(a, b, kDefaultMaxCodePoints, ctx.text_metrics);
      case Metric::kTokenF1:
        return TokenF1(a, b, TextOptions(), ctx.text_metrics);
      case Metric::kRouge1:
        return RougeN(a, b, 1, ctx.text_metrics).f1;
      case Metric::kRouge2:
        return RougeN(a, b, 2, ctx.text_metrics).f1;
      case Metric::kRougeL:
        return RougeL(a, b, kDefaultMaxTokens, ctx.text_metrics).f1;
      case Metric::kBleu:
        return Bleu(a, b, 4, true, ctx.text_metrics);
    }
    return 0.0;
  }

  std::string Describe() const override {
    return fmt::format("{} of the {} against the reference", metric_name,
                       chain ? "extracted answer" : "response");
  }

  static bool ContainsIgnoreCase(std::string_view text, std::string_view needle) {
    if (needle.size() > text.size()) return false;
    for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
      if (EqualsIgnoreCase(text.substr(i, needle.size()), needle)) return true;
    }
    return false;
  }

  Metric metric = Metric::kTokenF1;
  std::string metric_name;
  std::unique_ptr<ExtractorChain> chain;
};

std::unique_ptr<Component> ReadSimilarity(SpecReader& r, SpecErrors* errors) {
  using M = SimilarityComponent::Metric;
  auto c = std::make_unique<SimilarityComponent>();
  size_t before_errors = errors->size();
  if (!r.Has("metric")) errors->Add(r.FieldPointer("metric"), "missing");
  r.String("metric", &c->metric_name, false);
  r.Enum<M>("metric", &c->metric,
            {{"equals", M::kEquals},
             {"not_equals", M::kNotEquals},
             {"contains", M::kContains},
             {"contains_ignore_case", M::kContainsIgnoreCase},
             {"fuzzy", M::kFuzzy},
             {"token_f1", M::kTokenF1},
             {"rouge1", M::kRouge1},
             {"rouge2", M::kRouge2},
             {"rougeL", M::kRougeL},
             {"bleu", M::kBleu}});
  c->chain = ReadOptionalChain(r, errors);
  if (errors->size() != before_errors) return nullptr;
  return c;
}

}  // namespace

const std::vector<std::string_view>& ComponentTypes() {
  static const std::vector<std::string_view> kTypes = {
      "correctness", "format", "length", "language", "safety", "repetition", "similarity"};
  return kTypes;
}

std::unique_ptr<Component> ReadComponent(SpecReader& r, std::string_view type,
                                         const ComponentReadContext& context, SpecErrors* errors) {
  size_t before_errors = errors->size();
  std::string name(type);
  double weight = 1.0;
  bool reward = true;
  Gate gate;
  r.String("name", &name, false);
  r.Double("weight", &weight, -1e6, 1e6);
  r.Bool("reward", &reward);
  if (auto g = r.Get("gate")) {
    SpecReader gr(*g, r.FieldPointer("gate"), errors);
    if (gr.ok_object()) {
      gate.enabled = true;
      gr.Double("min", &gate.min, -1e6, 1e6);
      if (!gr.Has("value")) {
        errors->Add(gr.FieldPointer("value"),
                    "missing: the aggregate a failed gate forces, e.g. 0 or -1");
      }
      gr.Double("value", &gate.value, -1e6, 1e6);
      gr.Finish();
    }
  }
  std::unique_ptr<Component> c;
  if (type == "correctness") {
    c = ReadCorrectness(r, errors);
  } else if (type == "format") {
    c = ReadFormat(r, errors);
  } else if (type == "length") {
    c = ReadLength(r, context, errors);
  } else if (type == "language") {
    c = ReadLanguage(r, errors);
  } else if (type == "safety") {
    c = ReadSafety(r, errors);
  } else if (type == "repetition") {
    c = ReadRepetition(r, errors);
  } else if (type == "similarity") {
    c = ReadSimilarity(r, errors);
  }
  r.Finish();
  if (!c || errors->size() != before_errors) return nullptr;
  c->type = std::string(type);
  c->name = std::move(name);
  c->weight = weight;
  c->reward = reward;
  c->gate = gate;
  if (auto* correctness = dynamic_cast<CorrectnessComponent*>(c.get())) {
    correctness->found_metric = c->name + "_answer_found";
  }
  return c;
}

}  // namespace rewardkit::internal
