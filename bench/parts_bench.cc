// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Every part of scoring on its own, over the real responses and reference
// answers of ../shared/data: each extractor kind, the three normalizers, each
// comparator kind, and each component type (through Evaluator::Score on a
// spec of that one component). Items are the inputs of one call (a response,
// an answer, an answer and its reference); bytes are those inputs' bytes (for
// components, the response's). The counter "found", "equal" or "mean" says what the part made of
// the data, so a benchmark that measures nothing shows it.
//
//   build/bench/parts_bench --benchmark_filter=Extract
//
// Inputs:
//   Gsm8k     the 5,276 GPT-3 solutions of gsm8k_model_samples.jsonl (most end
//             "A: <number>"), and the answers the gsm8k spec extracts from them
//   Math      the 800 Qwen2.5-Math responses of math_qwen25_samples.jsonl
//             (answers in \boxed{}), and the answers the math spec extracts
//   Math500   the reference answers of math500_test.jsonl
// The data has no <answer> tags, JSON, choice letters or labels, so the
// extractors of those kinds read the MATH responses with such an ending
// appended (see MathWith): real text to scan, a known answer to find.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "rewardkit/compare.h"
#include "rewardkit/evaluator.h"
#include "rewardkit/extract.h"
#include "rewardkit/normalize.h"

namespace {

namespace rb = rewardkit::bench;
using rewardkit::Comparator;
using rewardkit::CompareKind;
using rewardkit::CompareOptions;
using rewardkit::Extractor;
using rewardkit::ExtractorChain;
using rewardkit::ExtractorChainOptions;
using rewardkit::ExtractorKind;
using rewardkit::ExtractorOptions;

using Texts = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;  // answer, reference

Texts Responses(const std::vector<rb::Row>& rows) {
  Texts out;
  for (const rb::Row& row : rows) out.push_back(row.response);
  return out;
}

size_t Bytes(const Texts& texts) {
  size_t n = 0;
  for (const std::string& t : texts) n += t.size();
  return n;
}

size_t Bytes(const Pairs& pairs) {
  size_t n = 0;
  for (const auto& [a, b] : pairs) n += a.size() + b.size();
  return n;
}

void SetProcessed(benchmark::State& state, size_t items, size_t bytes) {
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(items));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}

double Fraction(size_t part, size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

const Texts& Gsm8kResponses() {
  static const Texts texts = Responses(rb::Gsm8kSamples());
  return texts;
}

const Texts& MathResponses() {
  static const Texts texts = Responses(rb::MathSamples());
  return texts;
}

// The MATH responses, each with `ending(row, i)` appended.
template <typename Ending>
Texts MathWith(Ending ending) {
  Texts out;
  const std::vector<rb::Row>& rows = rb::MathSamples();
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].response + ending(rows[i], i));
  return out;
}

// DeepSeek-R1 style: the response as the thinking, then the answer in tags.
const Texts& TaggedResponses() {
  static const Texts texts = [] {
    Texts out;
    for (const rb::Row& row : rb::MathSamples()) {
      out.push_back("<think>\n" + row.response + "\n</think>\n<answer>" + row.reference +
                    "</answer>");
    }
    return out;
  }();
  return texts;
}

// Structured output: the response and its answer as a fenced JSON object.
const Texts& JsonResponses() {
  static const Texts texts = [] {
    Texts out;
    for (const rb::Row& row : rb::MathSamples()) {
      std::string text = "Here is my solution.\n```json\n{\"reasoning\": ";
      rb::AppendJsonString(row.response, &text);
      text += ", \"answer\": ";
      rb::AppendJsonString(row.reference, &text);
      text += "}\n```\n";
      out.push_back(std::move(text));
    }
    return out;
  }();
  return texts;
}

const Texts& CodeResponses() {
  static const Texts texts = MathWith([](const rb::Row& row, size_t) {
    return "\n\nTo check it:\n\n```python\nanswer = r\"" + row.reference +
           "\"\nprint(answer)\n```\n";
  });
  return texts;
}

constexpr std::string_view kLetters = "ABCDE";

const Texts& ChoiceResponses() {
  static const Texts texts = MathWith([](const rb::Row&, size_t i) {
    return "\n\nSo the answer is (" + std::string(1, kLetters[i % kLetters.size()]) + ").";
  });
  return texts;
}

const Texts& LabelResponses() {
  static const Texts texts = MathWith([](const rb::Row& row, size_t) {
    return std::string("\n\nVerdict: ") + (row.label ? "correct" : "incorrect");
  });
  return texts;
}

// What `evaluator` extracts from each row's response, with the row's reference,
// for the rows where it finds an answer.
Pairs Extracted(const std::vector<rb::Row>& rows, std::string_view spec) {
  const std::unique_ptr<rewardkit::Evaluator> evaluator = rb::LoadSpec(spec);
  rewardkit::Context context;
  rewardkit::Result result;
  Pairs out;
  for (const rb::Row& row : rows) {
    rewardkit::Sample sample;
    sample.response = row.response;
    sample.reference = row.reference;
    evaluator->Score(sample, context, &result);
    if (result.verdict.answer_found) out.emplace_back(result.verdict.answer, row.reference);
  }
  return out;
}

const Pairs& Gsm8kAnswers() {
  static const Pairs pairs = Extracted(rb::Gsm8kSamples(), "examples/specs/gsm8k.json");
  return pairs;
}

const Pairs& MathAnswers() {
  static const Pairs pairs = Extracted(rb::MathSamples(), "examples/specs/math.json");
  return pairs;
}

// -----------------------------------------------------------------------------
// Extractors
// -----------------------------------------------------------------------------

ExtractorOptions Kind(ExtractorKind kind) {
  ExtractorOptions o;
  o.kind = kind;
  return o;
}

std::unique_ptr<Extractor> MakeExtractor(ExtractorOptions options) {
  auto e = Extractor::Create(std::move(options));
  if (!e.ok()) rb::Die(std::string(e.status().message()));
  return *std::move(e);
}

void RunExtractor(benchmark::State& state, const Extractor& extractor, const Texts& texts) {
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& text : texts) {
      std::optional<rewardkit::Extraction> e = extractor.Extract(text);
      benchmark::DoNotOptimize(e);
      if (e.has_value()) ++found;
    }
  }
  SetProcessed(state, texts.size(), Bytes(texts));
  state.counters["found"] = Fraction(found, texts.size());
}

void Extract(benchmark::State& state, ExtractorOptions options, const Texts& (*texts)()) {
  const Texts& inputs = texts();
  const std::unique_ptr<Extractor> extractor = MakeExtractor(std::move(options));
  RunExtractor(state, *extractor, inputs);
}

// The gsm8k spec's markers, and the math spec's fallback marker.
ExtractorOptions Gsm8kMarker() {
  ExtractorOptions o = Kind(ExtractorKind::kMarker);
  o.markers = {"####", "final answer is", "final answer:", "the answer is", "answer:", "a:"};
  return o;
}

ExtractorOptions MathMarker() {
  ExtractorOptions o = Kind(ExtractorKind::kMarker);
  o.markers = {"final answer is", "the answer is", "final answer:"};
  o.end = rewardkit::MarkerEnd::kSentence;
  return o;
}

void BM_Extract_Boxed_Math(benchmark::State& state) {
  Extract(state, Kind(ExtractorKind::kBoxed), MathResponses);
}
void BM_Extract_Boxed_Gsm8k(benchmark::State& state) {  // no boxes: the miss path
  Extract(state, Kind(ExtractorKind::kBoxed), Gsm8kResponses);
}
void BM_Extract_Marker_Gsm8k(benchmark::State& state) {
  Extract(state, Gsm8kMarker(), Gsm8kResponses);
}
void BM_Extract_Marker_Math(benchmark::State& state) {
  Extract(state, MathMarker(), MathResponses);
}
void BM_Extract_LastNumber_Gsm8k(benchmark::State& state) {
  Extract(state, Kind(ExtractorKind::kLastNumber), Gsm8kResponses);
}
void BM_Extract_LastNumber_Math(benchmark::State& state) {
  Extract(state, Kind(ExtractorKind::kLastNumber), MathResponses);
}
void BM_Extract_Tag(benchmark::State& state) {
  Extract(state, Kind(ExtractorKind::kTag), TaggedResponses);
}
void BM_Extract_Json(benchmark::State& state) {
  ExtractorOptions o = Kind(ExtractorKind::kJson);
  o.json_kind = rewardkit::JsonKind::kObject;
  Extract(state, std::move(o), JsonResponses);
}
void BM_Extract_CodeBlock(benchmark::State& state) {
  ExtractorOptions o = Kind(ExtractorKind::kCodeBlock);
  o.language = "python";
  Extract(state, std::move(o), CodeResponses);
}
void BM_Extract_Choice(benchmark::State& state) {
  Extract(state, Kind(ExtractorKind::kChoice), ChoiceResponses);
}
void BM_Extract_Label(benchmark::State& state) {
  ExtractorOptions o = Kind(ExtractorKind::kLabel);
  o.labels = {"correct", "incorrect"};
  Extract(state, std::move(o), LabelResponses);
}
void BM_Extract_Regex_Gsm8k(benchmark::State& state) {
  ExtractorOptions o = Kind(ExtractorKind::kRegex);
  o.pattern = R"(A:\s*(-?[0-9][0-9,.]*))";
  Extract(state, std::move(o), Gsm8kResponses);
}

void Chain(benchmark::State& state, std::vector<ExtractorOptions> extractors,
           const Texts& (*texts)()) {
  const Texts& inputs = texts();
  ExtractorChainOptions options;
  options.extractors = std::move(extractors);
  options.think = rewardkit::ThinkMode::kStrip;
  auto chain = ExtractorChain::Create(std::move(options));
  if (!chain.ok()) rb::Die(std::string(chain.status().message()));
  size_t found = 0;
  for (auto _ : state) {
    found = 0;
    for (const std::string& text : inputs) {
      std::optional<rewardkit::Extraction> e = (*chain)->Extract(text);
      benchmark::DoNotOptimize(e);
      if (e.has_value()) ++found;
    }
  }
  SetProcessed(state, inputs.size(), Bytes(inputs));
  state.counters["found"] = Fraction(found, inputs.size());
}

// The shipped specs' chains, <think> stripped first.
void BM_ExtractChain_Gsm8k(benchmark::State& state) {
  Chain(state, {Gsm8kMarker(), Kind(ExtractorKind::kBoxed)}, Gsm8kResponses);
}
void BM_ExtractChain_Math(benchmark::State& state) {
  Chain(state, {Kind(ExtractorKind::kBoxed), MathMarker()}, MathResponses);
}

BENCHMARK(BM_Extract_Boxed_Math);
BENCHMARK(BM_Extract_Boxed_Gsm8k);
BENCHMARK(BM_Extract_Marker_Gsm8k);
BENCHMARK(BM_Extract_Marker_Math);
BENCHMARK(BM_Extract_LastNumber_Gsm8k);
BENCHMARK(BM_Extract_LastNumber_Math);
BENCHMARK(BM_Extract_Tag);
BENCHMARK(BM_Extract_Json);
BENCHMARK(BM_Extract_CodeBlock);
BENCHMARK(BM_Extract_Choice);
BENCHMARK(BM_Extract_Label);
BENCHMARK(BM_Extract_Regex_Gsm8k);
BENCHMARK(BM_ExtractChain_Gsm8k);
BENCHMARK(BM_ExtractChain_Math);

// -----------------------------------------------------------------------------
// Normalizers
// -----------------------------------------------------------------------------

// Both sides of `pairs`, one text each.
Texts BothSides(const Pairs& pairs) {
  Texts out;
  for (const auto& [answer, reference] : pairs) {
    out.push_back(answer);
    out.push_back(reference);
  }
  return out;
}

// GSM8K's extracted answers and references: "18", "$1,250.", "26 eggs".
const Texts& Numbers() {
  static const Texts texts = BothSides(Gsm8kAnswers());
  return texts;
}

// MATH's extracted answers and references, then MATH-500's answers.
const Texts& Latex() {
  static const Texts texts = [] {
    Texts out = BothSides(MathAnswers());
    for (const rb::Row& row : rb::Math500Test()) out.push_back(row.reference);
    return out;
  }();
  return texts;
}

// Every extracted answer and reference, GSM8K's and MATH's.
const Texts& AllAnswers() {
  static const Texts texts = [] {
    Texts out = Numbers();
    const Texts& latex = Latex();
    out.insert(out.end(), latex.begin(), latex.end());
    return out;
  }();
  return texts;
}

void BM_Normalize_Number(benchmark::State& state) {
  const Texts& inputs = Numbers();
  rewardkit::NumberOptions options;
  options.drop_any_trailing_word = true;  // as the gsm8k spec
  size_t parsed = 0;
  for (auto _ : state) {
    parsed = 0;
    for (const std::string& text : inputs) {
      std::optional<rewardkit::Number> n = rewardkit::ParseNumber(text, options);
      benchmark::DoNotOptimize(n);
      if (n.has_value()) ++parsed;
    }
  }
  SetProcessed(state, inputs.size(), Bytes(inputs));
  state.counters["found"] = Fraction(parsed, inputs.size());
}

void BM_Normalize_Text(benchmark::State& state) {
  const Texts& inputs = AllAnswers();
  const rewardkit::TextOptions options;
  for (auto _ : state) {
    for (const std::string& text : inputs) {
      std::string s = rewardkit::NormalizeText(text, options);
      benchmark::DoNotOptimize(s.data());
    }
  }
  SetProcessed(state, inputs.size(), Bytes(inputs));
}

void BM_Normalize_Latex(benchmark::State& state) {
  const Texts& inputs = Latex();
  const rewardkit::LatexOptions options;
  for (auto _ : state) {
    for (const std::string& text : inputs) {
      std::string s = rewardkit::NormalizeLatex(text, options);
      benchmark::DoNotOptimize(s.data());
    }
  }
  SetProcessed(state, inputs.size(), Bytes(inputs));
}

BENCHMARK(BM_Normalize_Number);
BENCHMARK(BM_Normalize_Text);
BENCHMARK(BM_Normalize_Latex);

// -----------------------------------------------------------------------------
// Comparators
// -----------------------------------------------------------------------------

// Choice letters as models write them, against a reference letter.
const Pairs& ChoicePairs() {
  static const Pairs pairs = [] {
    static constexpr std::string_view kForms[] = {"(%)", "%", "\\text{(%)}", "%)", "% is right"};
    Pairs out;
    const std::vector<rb::Row>& rows = rb::MathSamples();
    for (size_t i = 0; i < rows.size(); ++i) {
      const char letter = rows[i].label ? 'B' : kLetters[i % kLetters.size()];
      std::string answer(kForms[i % std::size(kForms)]);
      answer.replace(answer.find('%'), 1, 1, letter);
      out.emplace_back(std::move(answer), "B");
    }
    return out;
  }();
  return pairs;
}

// Judge verdicts (the MATH labels) against the verdict expected.
const Pairs& LabelPairs() {
  static const Pairs pairs = [] {
    static constexpr std::string_view kForms[] = {"Correct", "correct.", "CORRECT", "right"};
    Pairs out;
    const std::vector<rb::Row>& rows = rb::MathSamples();
    for (size_t i = 0; i < rows.size(); ++i) {
      std::string answer =
          rows[i].label ? std::string(kForms[i % std::size(kForms)]) : std::string("incorrect");
      out.emplace_back(std::move(answer), "correct");
    }
    return out;
  }();
  return pairs;
}

void Compare(benchmark::State& state, CompareOptions options, const Pairs& (*pairs)()) {
  const Pairs& inputs = pairs();
  auto comparator = Comparator::Create(options);
  if (!comparator.ok()) rb::Die(std::string(comparator.status().message()));
  size_t equal = 0;
  for (auto _ : state) {
    equal = 0;
    for (const auto& [answer, reference] : inputs) {
      rewardkit::Comparison c = (*comparator)->Compare(answer, reference);
      benchmark::DoNotOptimize(c);
      if (c.equal) ++equal;
    }
  }
  SetProcessed(state, inputs.size(), Bytes(inputs));
  state.counters["equal"] = Fraction(equal, inputs.size());
}

CompareOptions CompareKindOptions(CompareKind kind) {
  CompareOptions o;
  o.kind = kind;
  o.tolerance.relative = 1e-6;  // as the shipped specs
  return o;
}

void BM_Compare_Exact_Math(benchmark::State& state) {
  Compare(state, CompareKindOptions(CompareKind::kExact), MathAnswers);
}
void BM_Compare_Text_Math(benchmark::State& state) {
  Compare(state, CompareKindOptions(CompareKind::kText), MathAnswers);
}
void BM_Compare_Numeric_Gsm8k(benchmark::State& state) {
  CompareOptions o = CompareKindOptions(CompareKind::kNumeric);
  o.number.drop_any_trailing_word = true;
  Compare(state, std::move(o), Gsm8kAnswers);
}
void BM_Compare_Math_Math(benchmark::State& state) {
  Compare(state, CompareKindOptions(CompareKind::kMath), MathAnswers);
}
void BM_Compare_Math_Gsm8k(benchmark::State& state) {  // numbers through the math comparator
  Compare(state, CompareKindOptions(CompareKind::kMath), Gsm8kAnswers);
}
void BM_Compare_Choice(benchmark::State& state) {
  Compare(state, CompareKindOptions(CompareKind::kChoice), ChoicePairs);
}
void BM_Compare_Label(benchmark::State& state) {
  CompareOptions o = CompareKindOptions(CompareKind::kLabel);
  o.labels = {"correct", "incorrect"};
  o.label_aliases = {{"correct", {"right"}}};
  Compare(state, std::move(o), LabelPairs);
}

BENCHMARK(BM_Compare_Exact_Math);
BENCHMARK(BM_Compare_Text_Math);
BENCHMARK(BM_Compare_Numeric_Gsm8k);
BENCHMARK(BM_Compare_Math_Math);
BENCHMARK(BM_Compare_Math_Gsm8k);
BENCHMARK(BM_Compare_Choice);
BENCHMARK(BM_Compare_Label);

// -----------------------------------------------------------------------------
// Components: Evaluator::Score on a spec of one component
// -----------------------------------------------------------------------------

struct Scored {
  std::string_view response;
  std::string_view reference;
  std::string_view prompt;
};

std::vector<Scored> Samples(const std::vector<rb::Row>& rows) {
  std::vector<Scored> out;
  for (const rb::Row& row : rows) out.push_back({row.response, row.reference, row.problem});
  return out;
}

const std::vector<Scored>& MathSamples() {
  static const std::vector<Scored> samples = Samples(rb::MathSamples());
  return samples;
}

const std::vector<Scored>& Gsm8kSamples() {
  static const std::vector<Scored> samples = Samples(rb::Gsm8kSamples());
  return samples;
}

// The structured-output responses, for a JSON format check.
const std::vector<Scored>& JsonSamples() {
  static const std::vector<Scored> samples = [] {
    std::vector<Scored> out;
    const Texts& texts = JsonResponses();
    const std::vector<rb::Row>& rows = rb::MathSamples();
    for (size_t i = 0; i < rows.size(); ++i) {
      out.push_back({texts[i], rows[i].reference, rows[i].problem});
    }
    return out;
  }();
  return samples;
}

// GSM8K responses against the reference solution of their problem
// (gsm8k_test.jsonl), for the similarity metrics.
const std::vector<Scored>& Gsm8kAgainstSolutions() {
  static const std::vector<Scored> samples = [] {
    std::unordered_map<std::string_view, std::string_view> solutions;
    for (const rb::Row& test : rb::Gsm8kTest()) solutions.emplace(test.problem, test.response);
    std::vector<Scored> out;
    for (const rb::Row& row : rb::Gsm8kSamples()) {
      auto it = solutions.find(row.problem);
      if (it == solutions.end()) rb::Die("a GSM8K sample whose problem is not in gsm8k_test.jsonl");
      out.push_back({row.response, it->second, row.problem});
    }
    return out;
  }();
  return samples;
}

void Component(benchmark::State& state, std::string_view component_json,
               const std::vector<Scored>& (*samples)()) {
  const std::vector<Scored>& inputs = samples();
  const std::unique_ptr<rewardkit::Evaluator> evaluator = rb::OneComponentSpec(component_json);
  rewardkit::Context context;
  rewardkit::Result result;
  size_t bytes = 0;
  for (const Scored& s : inputs) bytes += s.response.size();
  double total = 0.0;
  for (auto _ : state) {
    total = 0.0;
    for (const Scored& s : inputs) {
      rewardkit::Sample sample;
      sample.response = s.response;
      sample.reference = s.reference;
      sample.prompt = s.prompt;
      evaluator->Score(sample, context, &result);
      if (!result.error.empty()) {
        state.SkipWithError(result.error.c_str());
        return;
      }
      total += result.aggregate;
    }
  }
  SetProcessed(state, inputs.size(), bytes);
  state.counters["mean"] = total / static_cast<double>(inputs.size());
}

void BM_Component_Correctness_Gsm8k(benchmark::State& state) {
  Component(state,
            R"({"type": "correctness", "extract": {"think": "strip", "extractors": [
                  {"type": "marker", "markers": ["####", "final answer is", "final answer:",
                                                 "the answer is", "answer:", "a:"]},
                  {"type": "boxed"}]},
                "compare": {"type": "numeric", "relative_tolerance": 1e-6,
                            "drop_any_trailing_word": true}})",
            Gsm8kSamples);
}
void BM_Component_Correctness_Math(benchmark::State& state) {
  Component(state,
            R"({"type": "correctness", "extract": {"think": "strip", "extractors": [
                  {"type": "boxed"},
                  {"type": "marker", "markers": ["final answer is", "the answer is",
                                                 "final answer:"], "end": "sentence"}]},
                "compare": {"type": "math", "relative_tolerance": 1e-6}})",
            MathSamples);
}
void BM_Component_Format(benchmark::State& state) {
  Component(state,
            R"({"type": "format", "checks": [{"check": "regex", "pattern": "\\\\boxed\\{"},
                                              {"check": "tag", "tag": "think"}]})",
            MathSamples);
}
void BM_Component_Format_JsonSchema(benchmark::State& state) {
  Component(state,
            R"({"type": "format", "checks": [{"check": "json", "json_kind": "object", "schema":
                  {"type": "object", "required": ["reasoning", "answer"],
                   "properties": {"reasoning": {"type": "string", "minLength": 1},
                                  "answer": {"type": "string"}}}}]})",
            JsonSamples);
}
void BM_Component_Length(benchmark::State& state) {
  Component(state,
            R"({"type": "length", "unit": "tokens", "shape": "band", "low": 20, "high": 600,
                "width": 200, "falloff": "cosine"})",
            MathSamples);
}
void BM_Component_Language(benchmark::State& state) {  // the prompt's language
  Component(state, R"({"type": "language", "expect": "prompt"})", MathSamples);
}
void BM_Component_Safety(benchmark::State& state) {
  Component(state,
            R"({"type": "safety", "pii": ["all"],
                "blocklist": ["as an ai language model", "i cannot help", "kill", "bomb"]})",
            MathSamples);
}
void BM_Component_Repetition(benchmark::State& state) {
  Component(state, R"({"type": "repetition", "n": 4, "max_penalty": 0.5})", MathSamples);
}
void BM_Component_Similarity_RougeL(benchmark::State& state) {
  Component(state, R"({"type": "similarity", "metric": "rougeL"})", Gsm8kAgainstSolutions);
}
void BM_Component_Similarity_TokenF1(benchmark::State& state) {
  Component(state, R"({"type": "similarity", "metric": "token_f1"})", Gsm8kAgainstSolutions);
}
void BM_Component_Similarity_Bleu(benchmark::State& state) {
  Component(state, R"({"type": "similarity", "metric": "bleu"})", Gsm8kAgainstSolutions);
}
void BM_Component_Similarity_Fuzzy(benchmark::State& state) {
  Component(state, R"({"type": "similarity", "metric": "fuzzy"})", Gsm8kAgainstSolutions);
}

BENCHMARK(BM_Component_Correctness_Gsm8k);
BENCHMARK(BM_Component_Correctness_Math);
BENCHMARK(BM_Component_Format);
BENCHMARK(BM_Component_Format_JsonSchema);
BENCHMARK(BM_Component_Length);
BENCHMARK(BM_Component_Language);
BENCHMARK(BM_Component_Safety);
BENCHMARK(BM_Component_Repetition);
BENCHMARK(BM_Component_Similarity_RougeL);
BENCHMARK(BM_Component_Similarity_TokenF1);
BENCHMARK(BM_Component_Similarity_Bleu);
BENCHMARK(BM_Component_Similarity_Fuzzy);

}  // namespace
