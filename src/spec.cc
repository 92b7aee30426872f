// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "rewardkit/spec.h"

#include <string>
#include <utility>

#include "fmt/format.h"
#include "spec_internal.h"
#include "spec_reader.h"

namespace rewardkit {
namespace internal {

void ReadExtractorOptions(simdjson::dom::element element, const std::string& pointer,
                          SpecErrors* errors, ExtractorOptions* out) {
  SpecReader r(element, pointer, errors);
  if (!r.ok_object()) return;
  if (!r.Has("type")) {
    errors->Add(r.FieldPointer("type"), "missing: every extractor needs a \"type\"");
  }
  r.Enum<ExtractorKind>("type", &out->kind,
                        {{"boxed", ExtractorKind::kBoxed},
                         {"tag", ExtractorKind::kTag},
                         {"marker", ExtractorKind::kMarker},
                         {"last_number", ExtractorKind::kLastNumber},
                         {"json", ExtractorKind::kJson},
                         {"code_block", ExtractorKind::kCodeBlock},
                         {"choice", ExtractorKind::kChoice},
                         {"label", ExtractorKind::kLabel},
                         {"regex", ExtractorKind::kRegex}});
  r.String("name", &out->name, /*allow_empty=*/false);
  r.Enum<Occurrence>("occurrence", &out->occurrence,
                     {{"last", Occurrence::kLast}, {"first", Occurrence::kFirst}});
  // Only the fields that belong to the kind are read; any other is reported
  // as unknown by Finish(), which catches options put on the wrong extractor.
  switch (out->kind) {
    case ExtractorKind::kBoxed:
      r.StringList("commands", &out->commands, /*allow_empty_list=*/false);
      break;
    case ExtractorKind::kTag:
      r.String("open", &out->open, false);
      r.String("close", &out->close, false);
      r.Bool("allow_unclosed", &out->allow_unclosed);
      break;
    case ExtractorKind::kMarker:
      r.StringList("markers", &out->markers, false);
      r.Enum<MarkerEnd>("end", &out->end,
                        {{"line", MarkerEnd::kLine}, {"sentence", MarkerEnd::kSentence}});
      break;
    case ExtractorKind::kLastNumber:
      break;
    case ExtractorKind::kJson:
      r.Enum<JsonKind>(
          "json_kind", &out->json_kind,
          {{"any", JsonKind::kAny}, {"object", JsonKind::kObject}, {"array", JsonKind::kArray}});
      break;
    case ExtractorKind::kCodeBlock:
      r.String("language", &out->language);
      r.Bool("allow_unclosed", &out->allow_unclosed);
      break;
    case ExtractorKind::kChoice:
      r.String("choices", &out->choices, false);
      break;
    case ExtractorKind::kLabel:
      r.StringList("labels", &out->labels, false);
      r.Enum<LabelPrecedence>("precedence", &out->precedence,
                              {{"last", LabelPrecedence::kLast},
                               {"first", LabelPrecedence::kFirst},
                               {"unique", LabelPrecedence::kUnique}});
      break;
    case ExtractorKind::kRegex:
      if (!r.Has("pattern"))
        errors->Add(r.FieldPointer("pattern"), "missing: a regex extractor needs a \"pattern\"");
      r.String("pattern", &out->pattern, false);
      r.Int("group", &out->group, 0, 99);
      break;
  }
  r.Finish();
}

void ReadExtractorChainOptions(simdjson::dom::element element, const std::string& pointer,
                               SpecErrors* errors, ExtractorChainOptions* out) {
  simdjson::dom::object object;
  if (element.get_object().get(object) == simdjson::SUCCESS) {
    simdjson::dom::element ignored;
    if (object.at_key("type").get(ignored) == simdjson::SUCCESS) {
      // A lone extractor is a chain of one.
      ExtractorOptions options;
      ReadExtractorOptions(element, pointer, errors, &options);
      out->extractors = {std::move(options)};
      return;
    }
  }
  SpecReader r(element, pointer, errors);
  if (!r.ok_object()) return;
  r.Enum<ThinkMode>("think", &out->think,
                    {{"keep", ThinkMode::kKeep}, {"strip", ThinkMode::kStrip}});
  r.String("think_open", &out->think_open, false);
  r.String("think_close", &out->think_close, false);
  auto list = r.Get("extractors");
  if (!list) {
    errors->Add(r.FieldPointer("extractors"), "missing: expected an array of extractors");
  } else {
    simdjson::dom::array array;
    if (list->get_array().get(array) != simdjson::SUCCESS) {
      errors->Add(r.FieldPointer("extractors"), "expected an array of extractors");
    } else {
      out->extractors.clear();
      size_t i = 0;
      for (simdjson::dom::element item : array) {
        ExtractorOptions options;
        ReadExtractorOptions(item, fmt::format("{}{}{}", r.FieldPointer("extractors"), "/", i),
                             errors, &options);
        out->extractors.push_back(std::move(options));
        ++i;
      }
      if (i == 0) errors->Add(r.FieldPointer("extractors"), "expected at least one extractor");
    }
  }
  r.Finish();
}

void ReadCompareOptions(simdjson::dom::element element, const std::string& pointer,
                        SpecErrors* errors, CompareOptions* out) {
  SpecReader r(element, pointer, errors);
  if (!r.ok_object()) return;
  r.Enum<CompareKind>("type", &out->kind,
                      {{"exact", CompareKind::kExact},
                       {"text", CompareKind::kText},
                       {"numeric", CompareKind::kNumeric},
                       {"math", CompareKind::kMath},
                       {"choice", CompareKind::kChoice},
                       {"label", CompareKind::kLabel}});
  r.Double("relative_tolerance", &out->tolerance.relative, 0.0, 1.0);
  r.Double("absolute_tolerance", &out->tolerance.absolute, 0.0, 1e300);
  r.StringList("units", &out->number.units, true);
  out->latex.units = out->number.units;
  r.Bool("percent_is_fraction", &out->number.percent_is_fraction);
  r.Bool("drop_any_trailing_word", &out->number.drop_any_trailing_word);
  r.Bool("unordered_bare_lists", &out->unordered_bare_lists);
  if (auto text = r.Get("text")) {
    SpecReader t(*text, r.FieldPointer("text"), errors);
    t.Bool("lowercase", &out->text.lowercase);
    t.Bool("strip_punctuation", &out->text.strip_punctuation);
    t.Bool("remove_articles", &out->text.remove_articles);
    t.Bool("collapse_whitespace", &out->text.collapse_whitespace);
    t.Finish();
  }
  if (auto latex = r.Get("latex")) {
    SpecReader l(*latex, r.FieldPointer("latex"), errors);
    l.Bool("strip_degrees", &out->latex.strip_degrees);
    l.Bool("strip_percent", &out->latex.strip_percent);
    l.Bool("strip_dollars", &out->latex.strip_dollars);
    l.Bool("drop_trailing_text_units", &out->latex.drop_trailing_text_units);
    l.Finish();
  }
  r.String("choices", &out->choices, false);
  r.StringList("labels", &out->labels, false);
  if (auto aliases = r.Get("label_aliases")) {
    SpecReader a(*aliases, r.FieldPointer("label_aliases"), errors);
    simdjson::dom::object object;
    if (a.ok_object() && aliases->get_object().get(object) == simdjson::SUCCESS) {
      for (auto field : object) {
        LabelAlias alias;
        alias.label = std::string(field.key);
        a.StringList(field.key, &alias.aliases, false);
        out->label_aliases.push_back(std::move(alias));
      }
    }
  }
  r.Finish();
}

}  // namespace internal

namespace {

template <typename Options, typename Reader>
absl::StatusOr<Options> ParseFragment(std::string_view json, std::string_view pointer,
                                      Reader read) {
  internal::SpecErrors errors;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  Options options;
  if (internal::ParseSpecJson(json, pointer, &parser, &root, &errors)) {
    read(root, std::string(pointer), &errors, &options);
  }
  if (!errors.empty()) return errors.ToStatus();
  return options;
}

}  // namespace

absl::StatusOr<ExtractorOptions> ParseExtractorOptions(std::string_view json,
                                                       std::string_view pointer) {
  return ParseFragment<ExtractorOptions>(json, pointer, internal::ReadExtractorOptions);
}

absl::StatusOr<ExtractorChainOptions> ParseExtractorChainOptions(std::string_view json,
                                                                 std::string_view pointer) {
  return ParseFragment<ExtractorChainOptions>(json, pointer, internal::ReadExtractorChainOptions);
}

absl::StatusOr<CompareOptions> ParseCompareOptions(std::string_view json,
                                                   std::string_view pointer) {
  return ParseFragment<CompareOptions>(json, pointer, internal::ReadCompareOptions);
}

}  // namespace rewardkit
