// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Unit and property tests of the extractors and the extractor chain. The
// table-driven cases live in tests/golden/extract.jsonl.

#include "rewardkit/extract.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

ExtractorOptions Kind(ExtractorKind kind) {
  ExtractorOptions o;
  o.kind = kind;
  return o;
}

// Checks the invariants every extraction must hold: a non-empty view into
// `text` at the reported offset, with no surrounding white space.
void CheckExtraction(std::string_view text, const Extraction& e) {
  REQUIRE(e.offset <= text.size());
  REQUIRE(e.text.size() <= text.size() - e.offset);
  REQUIRE(e.text.data() == text.data() + e.offset);
  REQUIRE_FALSE(e.text.empty());
}

// Returns the answer `options` extracts from `text`, or nullopt.
std::optional<std::string> Run(const ExtractorOptions& options, std::string_view text) {
  absl::StatusOr<std::unique_ptr<Extractor>> extractor = Extractor::Create(options);
  REQUIRE(extractor.ok());
  std::optional<Extraction> e = (*extractor)->Extract(text);
  if (!e) return std::nullopt;
  CheckExtraction(text, *e);
  return std::string(e->text);
}

std::optional<std::string> Boxed(std::string_view text, Occurrence occurrence = Occurrence::kLast) {
  ExtractorOptions o = Kind(ExtractorKind::kBoxed);
  o.occurrence = occurrence;
  return Run(o, text);
}

std::optional<std::string> Marker(std::string_view text, std::vector<std::string> markers = {},
                                  MarkerEnd end = MarkerEnd::kLine) {
  ExtractorOptions o = Kind(ExtractorKind::kMarker);
  o.markers = std::move(markers);
  o.end = end;
  return Run(o, text);
}

std::optional<std::string> Choice(std::string_view text, std::string choices = "ABCDE") {
  ExtractorOptions o = Kind(ExtractorKind::kChoice);
  o.choices = std::move(choices);
  return Run(o, text);
}

// Every kind, with options that make each one find something now and then.
std::vector<ExtractorOptions> AllKinds() {
  std::vector<ExtractorOptions> all;
  for (Occurrence occurrence : {Occurrence::kLast, Occurrence::kFirst}) {
    for (ExtractorKind kind :
         {ExtractorKind::kBoxed, ExtractorKind::kTag, ExtractorKind::kMarker,
          ExtractorKind::kLastNumber, ExtractorKind::kJson, ExtractorKind::kCodeBlock,
          ExtractorKind::kChoice, ExtractorKind::kLabel, ExtractorKind::kRegex}) {
      ExtractorOptions o = Kind(kind);
      o.occurrence = occurrence;
      o.labels = {"positive", "negative", "very positive"};
      o.pattern = "(?i)answer\\s*[:=]\\s*(\\S+)";
      o.allow_unclosed = occurrence == Occurrence::kFirst;
      o.end = occurrence == Occurrence::kFirst ? MarkerEnd::kSentence : MarkerEnd::kLine;
      all.push_back(o);
    }
  }
  return all;
}

std::vector<std::unique_ptr<Extractor>> CreateAll() {
  std::vector<std::unique_ptr<Extractor>> out;
  for (const ExtractorOptions& o : AllKinds()) {
    absl::StatusOr<std::unique_ptr<Extractor>> e = Extractor::Create(o);
    REQUIRE(e.ok());
    out.push_back(*std::move(e));
  }
  return out;
}

TEST_CASE("ExtractorKindName names every kind", "[extract]") {
  CHECK(ExtractorKindName(ExtractorKind::kBoxed) == "boxed");
  CHECK(ExtractorKindName(ExtractorKind::kTag) == "tag");
  CHECK(ExtractorKindName(ExtractorKind::kMarker) == "marker");
  CHECK(ExtractorKindName(ExtractorKind::kLastNumber) == "last_number");
  CHECK(ExtractorKindName(ExtractorKind::kJson) == "json");
  CHECK(ExtractorKindName(ExtractorKind::kCodeBlock) == "code_block");
  CHECK(ExtractorKindName(ExtractorKind::kChoice) == "choice");
  CHECK(ExtractorKindName(ExtractorKind::kLabel) == "label");
  CHECK(ExtractorKindName(ExtractorKind::kRegex) == "regex");
}

TEST_CASE("boxed: nesting, escapes, forms and occurrence", "[extract]") {
  CHECK(Boxed("so \\boxed{\\frac{\\sqrt{3}}{2}}.") == "\\frac{\\sqrt{3}}{2}");
  CHECK(Boxed("\\boxed{\\{1,2\\}}") == "\\{1,2\\}");
  CHECK(Boxed("\\boxed{a\\}b}") == "a\\}b");
  CHECK(Boxed("\\boxed{ 42 }") == "42");
  CHECK(Boxed("\\boxed {5}") == "5");
  CHECK(Boxed("\\boxed 5") == "5");
  CHECK(Boxed("$\\boxed 5$.") == "5");
  CHECK(Boxed("so \\boxed 7.") == "7");
  CHECK(Boxed("\\boxed \\pi") == "\\pi");
  CHECK(Boxed("\\fbox{7}") == "7");
  CHECK(Boxed("\\boxed 3 and then \\boxed{5}") == "5");
  CHECK(Boxed("\\boxed{1} \\boxed{2} \\boxed{3}") == "3");
  CHECK(Boxed("\\boxed{1} \\boxed{2} \\boxed{3}", Occurrence::kFirst) == "1");
  CHECK(Boxed("\\boxedx{5}") == std::nullopt);
  CHECK(Boxed("\\boxed{\\frac{1}{2}") == std::nullopt);
  CHECK(Boxed("\\boxed{4} then \\boxed{\\frac{1}{2}") == "4");
  CHECK(Boxed("\\boxed{}") == std::nullopt);
  CHECK(Boxed("\\boxed{7} \\boxed{ }") == "7");
  CHECK(Boxed("no box here") == std::nullopt);
  CHECK(Boxed("") == std::nullopt);
  CHECK(Boxed("\\") == std::nullopt);
  CHECK(Boxed("\\boxed") == std::nullopt);
  CHECK(Boxed("}}} \\boxed{1}}}") == "1");
  // A line break `\\` before a brace leaves the brace a brace.
  CHECK(Boxed("\\boxed{a\\\\}") == "a\\\\");
  // Nested boxes: ordered by where they open, so the last is the inner one.
  CHECK(Boxed("\\boxed{\\boxed{5}}") == "5");
  CHECK(Boxed("\\boxed{x \\boxed{5}}", Occurrence::kFirst) == "x \\boxed{5}");

  ExtractorOptions custom = Kind(ExtractorKind::kBoxed);
  custom.commands = {"answer"};
  CHECK(Run(custom, "\\boxed{1} \\answer{2}") == "2");
  CHECK(Run(custom, "\\boxed{1}") == std::nullopt);
  // A command of any length, in either direction of the search.
  const std::string long_name(70, 'q');
  custom.commands = {long_name};
  const std::string text = "\\" + long_name + "{8} and \\" + long_name + "{9}";
  CHECK(Run(custom, text) == "9");
  custom.occurrence = Occurrence::kFirst;
  CHECK(Run(custom, text) == "8");
}

TEST_CASE("boxed: offsets point into the text", "[extract]") {
  const std::string text = "x \\boxed{12} y";
  auto extractor = *Extractor::Create(Kind(ExtractorKind::kBoxed));
  auto e = extractor->Extract(text);  // e->extractor lives as long as `extractor`
  REQUIRE(e);
  CHECK(e->offset == 9);
  CHECK(e->text == "12");
  CHECK(e->extractor == "boxed");
  CHECK(e->index == 0);
}

TEST_CASE("tag: pairs, case, unclosed and custom delimiters", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kTag);
  CHECK(Run(o, "<answer> 5 </answer>") == "5");
  CHECK(Run(o, "<ANSWER>5</Answer>") == "5");
  CHECK(Run(o, "<answer>1</answer> <answer>2</answer>") == "2");
  CHECK(Run(o, "<answer>a<answer>b</answer>") == "b");
  CHECK(Run(o, "<answer>1</answer> <answer>2") == "1");
  CHECK(Run(o, "<answer>2") == std::nullopt);
  CHECK(Run(o, "</answer> 5 <answer>") == std::nullopt);
  CHECK(Run(o, "<answer>1</answer><answer> </answer>") == "1");
  o.allow_unclosed = true;
  CHECK(Run(o, "<answer>1</answer> <answer> 2 \n") == "2");
  o.occurrence = Occurrence::kFirst;
  CHECK(Run(o, "<answer>1</answer> <answer>2</answer>") == "1");
  CHECK(Run(o, "x <answer> 3") == "3");
  CHECK(Run(o, "<answer></answer><answer>4</answer>") == "4");

  ExtractorOptions sol = Kind(ExtractorKind::kTag);
  sol.open = "<|begin_of_solution|>";
  sol.close = "<|end_of_solution|>";
  CHECK(Run(sol, "think... <|begin_of_solution|>\nx = 3\n<|end_of_solution|>") == "x = 3");

  ExtractorOptions same = Kind(ExtractorKind::kTag);
  same.open = "$$";
  same.close = "$$";
  CHECK(Run(same, "a $$x+1$$ b $$y$$") == "y");
}

TEST_CASE("marker: defaults, boundaries and markdown", "[extract]") {
  CHECK(Marker("so\n#### 18") == "18");
  CHECK(Marker("#### 18.") == "18");
  CHECK(Marker("The answer is 42.") == "42");
  CHECK(Marker("Final answer: 7") == "7");
  CHECK(Marker("**Answer:** 9") == "9");
  CHECK(Marker("**Final Answer**: 5") == "5");
  CHECK(Marker("**Final Answer:** **5**") == "5");
  CHECK(Marker("### Final Answer\n5") == "5");
  CHECK(Marker("**Final Answer**\n\n$x^2$") == "$x^2$");
  CHECK(Marker("Answer:\n\n  12  \n") == "12");
  CHECK(Marker("Q: what?\nA: 26") == "26");
  CHECK(Marker("DATA: 5") == std::nullopt);
  CHECK(Marker("Qanswer: 5") == std::nullopt);
  CHECK(Marker("answers: 5") == std::nullopt);
  CHECK(Marker("##### 5") == std::nullopt);
  CHECK(Marker("Let me find the final answer\nFirst step") == std::nullopt);
  CHECK(Marker("The final answer is 3") == "3");
  CHECK(Marker("Answer: 1\nmore\nAnswer: 2") == "2");
  CHECK(Marker("#### Final Answer\n5") == "5");
  CHECK(Marker("Answer: 2\nAnswer:") == "2");
  CHECK(Marker("The answer is 5. It is right.", {}, MarkerEnd::kSentence) == "5");
  CHECK(Marker("The answer is 3.5. Done", {}, MarkerEnd::kSentence) == "3.5");
  CHECK(Marker("The answer is 5! Yes", {}, MarkerEnd::kSentence) == "5");
  CHECK(Marker("The answer is 5. It is right.") == "5. It is right");
  CHECK(Marker("Result => 12", {"=>"}) == "12");
  CHECK(Marker("answer: 1\nRESULT: 2", {"answer:", "result:"}) == "2");
  CHECK(Marker("the answer: 4 ####", {"answer:"}) == "4 ####");

  ExtractorOptions first = Kind(ExtractorKind::kMarker);
  first.occurrence = Occurrence::kFirst;
  CHECK(Run(first, "Answer: 1\nAnswer: 2") == "1");
}

TEST_CASE("last_number: signs, groups, decimals, fractions", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kLastNumber);
  CHECK(Run(o, "it costs $1,234.50.") == "1,234.50");
  CHECK(Run(o, "x = -3") == "-3");
  CHECK(Run(o,
            "x = \xE2\x88\x92"
            "7,") ==
        "\xE2\x88\x92"
        "7");
  CHECK(Run(o, "5-3") == "3");
  CHECK(Run(o, "about 3/4 of it") == "3/4");
  CHECK(Run(o, "1,2,3") == "3");
  CHECK(Run(o, "12345,678") == "678");
  CHECK(Run(o, "version 2.") == "2");
  CHECK(Run(o, "no digits") == std::nullopt);
  o.occurrence = Occurrence::kFirst;
  CHECK(Run(o, "first 10 then 20") == "10");
}

TEST_CASE("json: fenced, bare, kinds and nesting", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kJson);
  CHECK(Run(o, "here:\n```json\n{\"a\": 1}\n```\nand {\"b\": 2}") == "{\"a\": 1}");
  CHECK(Run(o, "result {\"a\": {\"b\": [1, 2]}} done") == "{\"a\": {\"b\": [1, 2]}}");
  CHECK(Run(o, "{\"a\": 1} then {\"b\": \"}\"}") == "{\"b\": \"}\"}");
  CHECK(Run(o, "{\"a\": 1} then {\"b\": oops}") == "{\"a\": 1}");
  CHECK(Run(o, "[{\"a\": 1}, {\"b\": 2}]") == "[{\"a\": 1}, {\"b\": 2}]");
  CHECK(Run(o, "set \\{\"a\"\\} and \\frac{1}{2}") == std::nullopt);
  CHECK(Run(o, "{\"a\": ") == std::nullopt);
  // More than kMaxValidated objects inside one array: the array still wins.
  std::string many = "[";
  for (int i = 0; i < 200; ++i) many += (i ? ", " : "") + std::string("{\"k\": 1}");
  many += "]";
  CHECK(Run(o, "data: " + many + " end") == many);
  o.json_kind = JsonKind::kObject;
  // An object wrapped in an array is not an object answer: only top-level
  // values count.
  CHECK(Run(o, "[{\"a\": 1}, {\"b\": 2}]") == std::nullopt);
  CHECK(Run(o, "[{\"a\": 1}] and then {\"b\": 2}") == "{\"b\": 2}");
  CHECK(Run(o, "[1, 2]") == std::nullopt);
  o.json_kind = JsonKind::kArray;
  CHECK(Run(o, "{\"a\": [1]} and [2, 3]") == "[2, 3]");
  o.json_kind = JsonKind::kAny;
  o.occurrence = Occurrence::kFirst;
  CHECK(Run(o, "{\"a\": 1} then {\"b\": 2}") == "{\"a\": 1}");
  // An outer value that never closes (cut off at a token limit) holds the
  // rest of the text: nothing inside it is a top-level answer.
  CHECK(Run(o, "{\"a\": 1 {\"b\": 2}") == std::nullopt);
  CHECK(Run(o, "{\"a\": 1} then {\"items\": [{\"sku\": 1}") == "{\"a\": 1}");
}

TEST_CASE("code_block: languages, occurrence, unclosed", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kCodeBlock);
  const std::string two = "```python\nprint(1)\n```\ntext\n```cpp\nint x;\n```\n";
  CHECK(Run(o, two) == "int x;");
  o.language = "PYTHON";
  CHECK(Run(o, two) == "print(1)");
  o.language = "rust";
  CHECK(Run(o, two) == std::nullopt);
  o.language = "";
  o.occurrence = Occurrence::kFirst;
  CHECK(Run(o, two) == "print(1)");
  o.occurrence = Occurrence::kLast;
  CHECK(Run(o, "```\n  indented\n    more\n```") == "  indented\n    more");
  CHECK(Run(o, "\n```py\n\n\n  x = 1\n```") == "  x = 1");
  CHECK(Run(o, "```python\nprint(2)```") == "print(2)");
  CHECK(Run(o, "````\n```\ninner\n```\n````") == "```\ninner\n```");
  CHECK(Run(o, "```python\nprint(1)\n```\n```python\nunclosed") == "print(1)");
  o.allow_unclosed = true;
  CHECK(Run(o, "```python\nprint(1)\n```\n```python\nunclosed") == "unclosed");
  CHECK(Run(o, "inline ```x``` is not a fence") == std::nullopt);
}

TEST_CASE("choice: contexts, precedence and the article A", "[extract]") {
  CHECK(Choice("The answer is B.") == "B");
  CHECK(Choice("answer: (C)") == "C");
  CHECK(Choice("**Answer:** **D**") == "D");
  CHECK(Choice("so $\\boxed{B}$") == "B");
  CHECK(Choice("so $\\boxed{\\text{B}}$") == "B");
  CHECK(Choice("so $\\boxed{\\text{(E)}}$") == "E");
  CHECK(Choice("the answer is $\\text{(B)}$") == "B");
  CHECK(Choice("(A) 3\n(B) 4\nI pick (C)") == "C");
  CHECK(Choice("B) is correct") == "B");
  CHECK(Choice("Reasoning...\nC.") == "C");
  CHECK(Choice("Reasoning...\nD") == "D");
  CHECK(Choice("**B**") == "B");
  CHECK(Choice("A train leaves at noon.") == std::nullopt);
  CHECK(Choice("Answer: A train leaves") == std::nullopt);
  CHECK(Choice("The answer is A because it is") == "A");
  CHECK(Choice("f(B) is large") == std::nullopt);
  CHECK(Choice("The answer is (F)") == std::nullopt);
  CHECK(Choice("The answer is (F)", "ABCDEF") == "F");
  CHECK(Choice("Option B is wrong. The correct option is C") == "C");
  // Precedence: box over answer phrase over standalone letters.
  CHECK(Choice("\\boxed{A} but the answer is B, see (C)") == "A");
  CHECK(Choice("the answer is B, see (C)") == "B");
  CHECK(Choice("\\boxed{12} and (D)") == "D");
  ExtractorOptions first = Kind(ExtractorKind::kChoice);
  first.occurrence = Occurrence::kFirst;
  CHECK(Run(first, "(A) or (B)") == "A");
}

TEST_CASE("label: whole words, prefixes and precedence", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kLabel);
  o.labels = {"positive", "negative", "neutral"};
  CHECK(Run(o, "It is Positive.") == "Positive");
  CHECK(Run(o, "negative at first, positive overall") == "positive");
  CHECK(Run(o, "neutrality matters") == std::nullopt);
  CHECK(Run(o, "nonpositive") == std::nullopt);
  o.precedence = LabelPrecedence::kFirst;
  CHECK(Run(o, "negative at first, positive overall") == "negative");
  o.precedence = LabelPrecedence::kUnique;
  CHECK(Run(o, "negative at first, positive overall") == std::nullopt);
  CHECK(Run(o, "negative, surely negative") == "negative");

  ExtractorOptions nested = Kind(ExtractorKind::kLabel);
  nested.labels = {"neutral", "neutrality", "positive", "very positive"};
  CHECK(Run(nested, "it shows neutrality") == "neutrality");
  CHECK(Run(nested, "neutral, not neutrality") == "neutrality");
  CHECK(Run(nested, "rated very positive") == "very positive");
  nested.precedence = LabelPrecedence::kUnique;
  CHECK(Run(nested, "rated very positive") == "very positive");
}

TEST_CASE("regex: groups, occurrence and empty matches", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kRegex);
  o.pattern = "ans=(\\d+)";
  CHECK(Run(o, "ans=1 ans=22") == "22");
  o.occurrence = Occurrence::kFirst;
  CHECK(Run(o, "ans=1 ans=22") == "1");
  o.occurrence = Occurrence::kLast;
  o.group = 0;
  CHECK(Run(o, "ans=1 ans=22") == "ans=22");
  o.pattern = "x*";
  CHECK(Run(o, "yyxxy") == "xx");
  o.pattern = "(a)|(b)";
  o.group = 2;
  CHECK(Run(o, "b a") == "b");
  o.pattern = "\\bcat\\b";
  o.group = 0;
  CHECK(Run(o, "concat cat") == "cat");
}

TEST_CASE("Create rejects bad options, naming the option", "[extract]") {
  auto error = [](ExtractorOptions o) {
    absl::StatusOr<std::unique_ptr<Extractor>> e = Extractor::Create(std::move(o));
    REQUIRE_FALSE(e.ok());
    CHECK(e.status().code() == absl::StatusCode::kInvalidArgument);
    return std::string(e.status().message());
  };
  ExtractorOptions o = Kind(ExtractorKind::kBoxed);
  o.commands = {};
  CHECK_THAT(error(o), Catch::StartsWith("commands:"));
  o.commands = {"\\boxed"};
  CHECK_THAT(error(o), Catch::StartsWith("commands:"));
  o = Kind(ExtractorKind::kTag);
  o.open = "";
  CHECK_THAT(error(o), Catch::StartsWith("open:"));
  o.open = "<a>";
  o.close = "";
  CHECK_THAT(error(o), Catch::StartsWith("close:"));
  o = Kind(ExtractorKind::kMarker);
  o.markers = {"answer:", " ** "};
  CHECK_THAT(error(o), Catch::StartsWith("markers:"));
  o = Kind(ExtractorKind::kLabel);
  CHECK_THAT(error(o), Catch::StartsWith("labels:"));
  o.labels = {"yes", ""};
  CHECK_THAT(error(o), Catch::StartsWith("labels:"));
  o.labels = {"yes", "YES"};
  CHECK_THAT(error(o), Catch::StartsWith("labels:"));
  o = Kind(ExtractorKind::kChoice);
  o.choices = "";
  CHECK_THAT(error(o), Catch::StartsWith("choices:"));
  o.choices = "abc";
  CHECK_THAT(error(o), Catch::StartsWith("choices:"));
  o.choices = "ABA";
  CHECK_THAT(error(o), Catch::StartsWith("choices:"));
  o = Kind(ExtractorKind::kCodeBlock);
  o.language = "py thon";
  CHECK_THAT(error(o), Catch::StartsWith("language:"));
  o = Kind(ExtractorKind::kRegex);
  CHECK_THAT(error(o), Catch::StartsWith("pattern:"));
  o.pattern = "(unclosed";
  CHECK_THAT(error(o), Catch::StartsWith("pattern:"));
  o.pattern = "(a)";
  o.group = 2;
  CHECK_THAT(error(o), Catch::StartsWith("group:"));
  o.group = -1;
  CHECK_THAT(error(o), Catch::StartsWith("group:"));
  o.pattern = "((((a{1000}){1000}){1000}){1000})";  // beyond the memory budget
  o.group = 1;
  CHECK_THAT(error(o), Catch::StartsWith("pattern:"));

  // An empty marker list means the defaults.
  o = Kind(ExtractorKind::kMarker);
  CHECK(Extractor::Create(o).ok());
}

TEST_CASE("names default to the kind", "[extract]") {
  ExtractorOptions o = Kind(ExtractorKind::kLastNumber);
  auto unnamed = Extractor::Create(o);
  REQUIRE(unnamed.ok());
  CHECK((*unnamed)->name() == "last_number");
  o.name = "fallback";
  auto named = Extractor::Create(o);
  REQUIRE(named.ok());
  CHECK((*named)->name() == "fallback");
  CHECK((*named)->Extract("x 3")->extractor == "fallback");
}

std::unique_ptr<ExtractorChain> Chain(std::vector<ExtractorOptions> extractors,
                                      ThinkMode think = ThinkMode::kStrip) {
  ExtractorChainOptions o;
  o.extractors = std::move(extractors);
  o.think = think;
  absl::StatusOr<std::unique_ptr<ExtractorChain>> chain = ExtractorChain::Create(std::move(o));
  REQUIRE(chain.ok());
  return *std::move(chain);
}

TEST_CASE("chain: order, reporting and offsets", "[extract]") {
  ExtractorOptions named = Kind(ExtractorKind::kLastNumber);
  named.name = "flex";
  auto chain = Chain({Kind(ExtractorKind::kBoxed), Kind(ExtractorKind::kMarker), named});
  REQUIRE(chain->size() == 3);
  CHECK(chain->at(1).name() == "marker");

  const std::string response = "<think>maybe \\boxed{1}</think> The answer is 2.";
  auto e = chain->Extract(response);
  REQUIRE(e);
  CHECK(e->text == "2");
  CHECK(e->extractor == "marker");
  CHECK(e->index == 1);
  CHECK(response.substr(e->offset, e->text.size()) == "2");

  e = chain->Extract("so 17 apples");
  REQUIRE(e);
  CHECK(e->extractor == "flex");
  CHECK(e->index == 2);
  CHECK(e->text == "17");

  CHECK_FALSE(chain->Extract("nothing at all"));
}

TEST_CASE("chain: think handling", "[extract]") {
  auto strip = Chain({Kind(ExtractorKind::kBoxed)});
  auto keep = Chain({Kind(ExtractorKind::kBoxed)}, ThinkMode::kKeep);

  const std::string inside = "<think>\\boxed{1}</think> no box after";
  CHECK_FALSE(strip->Extract(inside));
  CHECK(keep->Extract(inside)->text == "1");

  // A closing tag with no opening one (the template put <think> in the prompt).
  const std::string prompt_open = "thinking \\boxed{1}...</think>\n\\boxed{2}";
  auto e = strip->Extract(prompt_open);
  REQUIRE(e);
  CHECK(e->text == "2");
  CHECK(prompt_open.substr(e->offset, 1) == "2");
  AnswerRegion r = strip->Region(prompt_open);
  CHECK(r.text == "\n\\boxed{2}");
  CHECK(r.offset == prompt_open.size() - r.text.size());
  CHECK_FALSE(r.unclosed_think);

  // Unclosed: nothing to search.
  const std::string unclosed = "<think>\\boxed{1} and on and on";
  r = strip->Region(unclosed);
  CHECK(r.unclosed_think);
  CHECK(r.text.empty());
  CHECK_FALSE(strip->Extract(unclosed));
  CHECK_FALSE(keep->Region(unclosed).unclosed_think);

  // Thinking again after the last close is also unclosed.
  CHECK(strip->Region("<think>a</think> b <think> c").unclosed_think);
  // Several blocks: only after the last close; tags are case-insensitive.
  CHECK(strip->Extract("<THINK>\\boxed{1}</THINK>\\boxed{2}<think>\\boxed{3}</think>\\boxed{4}")
            ->text == "4");
  // No tags at all: the whole response.
  CHECK(strip->Extract("\\boxed{9}")->text == "9");

  ExtractorChainOptions custom;
  custom.extractors = {Kind(ExtractorKind::kBoxed)};
  custom.think = ThinkMode::kStrip;
  custom.think_open = "<reasoning>";
  custom.think_close = "</reasoning>";
  auto chain = ExtractorChain::Create(custom);
  REQUIRE(chain.ok());
  CHECK((*chain)->Extract("<reasoning>\\boxed{1}</reasoning>\\boxed{2}")->text == "2");
}

// The answer region as the spec defines it, the plainest way: after the end
// of the last closing tag; nothing when an opening tag starts at or after it.
AnswerRegion NaiveRegion(std::string_view text, std::string_view open, std::string_view close) {
  auto at = [&](size_t i, std::string_view tag) {
    if (text.size() - i < tag.size()) return false;
    for (size_t k = 0; k < tag.size(); ++k) {
      if (std::tolower(static_cast<unsigned char>(text[i + k])) !=
          std::tolower(static_cast<unsigned char>(tag[k]))) {
        return false;
      }
    }
    return true;
  };
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (at(i, close)) start = i + close.size();
  }
  AnswerRegion r;
  for (size_t i = start; i < text.size(); ++i) {
    if (at(i, open)) {
      r.offset = text.size();
      r.unclosed_think = true;
      return r;
    }
  }
  r.text = text.substr(start);
  r.offset = start;
  return r;
}

TEST_CASE("chain: the think region agrees with a naive search", "[extract]") {
  std::mt19937 rng(20261203);
  // Tags sharing their last two bytes (one pass for them), tags that do
  // not (a search for each), one tag the other's end, and overlapping tags.
  const std::vector<std::pair<std::string, std::string>> tags = {
      {"<think>", "</think>"}, {"<t>", "<t/>"}, {"[think]", "<done>"}, {"think:", "done:"},
      {"<<", "<<<"},           {"think>", "</think>"}, {"<think>", "k>"}};
  const std::vector<std::string> pieces = {"<think>", "</think>", "</THINK>", "<Think", "<",   "a",
                                           "<t>",     "<t/>",     "[think]",  "<done>", "\n", "x",
                                           "think:",  "DONE:",    "<<",       "<<<",    "k>"};
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<size_t> length(0, 24);
  size_t unclosed = 0;
  size_t closed = 0;
  for (const auto& [open, close] : tags) {
    ExtractorChainOptions o;
    o.extractors = {Kind(ExtractorKind::kLastNumber)};
    o.think = ThinkMode::kStrip;
    o.think_open = open;
    o.think_close = close;
    auto chain = ExtractorChain::Create(o);
    REQUIRE(chain.ok());
    for (int round = 0; round < 2000; ++round) {
      std::string text;
      for (size_t n = length(rng); n > 0; --n) text += pieces[pick(rng)];
      const AnswerRegion want = NaiveRegion(text, open, close);
      const AnswerRegion got = (*chain)->Region(text);
      INFO("tags " << open << " " << close << " text " << text);
      REQUIRE(got.unclosed_think == want.unclosed_think);
      REQUIRE(got.offset == want.offset);
      REQUIRE(got.text == want.text);
      unclosed += want.unclosed_think;
      closed += !want.unclosed_think && want.offset > 0;
    }
  }
  CHECK(unclosed > 1000);  // both outcomes are common in these texts
  CHECK(closed > 1000);
}

TEST_CASE("chain: Create errors name the extractor", "[extract]") {
  ExtractorChainOptions o;
  auto empty = ExtractorChain::Create(o);
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(std::string(empty.status().message()), Catch::StartsWith("extractors:"));

  ExtractorOptions bad = Kind(ExtractorKind::kTag);
  bad.close = "";
  o.extractors = {Kind(ExtractorKind::kBoxed), bad};
  auto c = ExtractorChain::Create(o);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(c.status().message()), Catch::StartsWith("extractors/1/close:"));

  o.extractors = {Kind(ExtractorKind::kBoxed)};
  o.think = ThinkMode::kStrip;
  o.think_close = "";
  auto t = ExtractorChain::Create(o);
  REQUIRE_FALSE(t.ok());
  CHECK_THAT(std::string(t.status().message()), Catch::StartsWith("think_close:"));
}

// -----------------------------------------------------------------------------
// Property tests
// -----------------------------------------------------------------------------

// Builds random text from pieces that matter to some extractor, plus random
// bytes (including invalid UTF-8 and NUL).
std::string RandomText(std::mt19937& rng, size_t pieces) {
  static const std::vector<std::string> kPieces = {"\\boxed{",
                                                   "\\boxed ",
                                                   "\\fbox{",
                                                   "{",
                                                   "}",
                                                   "\\{",
                                                   "\\}",
                                                   "\\\\",
                                                   "\\",
                                                   "<answer>",
                                                   "</answer>",
                                                   "<think>",
                                                   "</think>",
                                                   "####",
                                                   "Answer:",
                                                   "A:",
                                                   "**",
                                                   "The answer is ",
                                                   "\n",
                                                   " ",
                                                   ".",
                                                   "5",
                                                   "-3",
                                                   "1,234",
                                                   "3.5",
                                                   "1/2",
                                                   "\"",
                                                   "[",
                                                   "]",
                                                   "{\"a\": ",
                                                   "```",
                                                   "```json\n",
                                                   "```python\n",
                                                   "(B)",
                                                   "B)",
                                                   "positive",
                                                   "very positive",
                                                   "negative",
                                                   "$",
                                                   "\xE2\x88\x92",
                                                   "\xFF",
                                                   std::string(1, '\0'),
                                                   "\xC3",
                                                   "answer = 7",
                                                   "\\text{(C)}"};
  std::uniform_int_distribution<size_t> pick(0, kPieces.size());
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out;
  for (size_t i = 0; i < pieces; ++i) {
    const size_t k = pick(rng);
    if (k == kPieces.size()) {
      out.push_back(static_cast<char>(byte(rng)));
    } else {
      out += kPieces[k];
    }
  }
  return out;
}

TEST_CASE("property: random text never breaks an extractor", "[extract]") {
  std::mt19937 rng(20260101);
  auto extractors = CreateAll();
  ExtractorChainOptions chain_options;
  chain_options.extractors = AllKinds();
  chain_options.think = ThinkMode::kStrip;
  auto chain = ExtractorChain::Create(chain_options);
  REQUIRE(chain.ok());
  std::uniform_int_distribution<size_t> length(0, 80);
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string text = RandomText(rng, length(rng));
    for (const auto& e : extractors) {
      if (std::optional<Extraction> x = e->Extract(text)) CheckExtraction(text, *x);
    }
    if (std::optional<Extraction> x = (*chain)->Extract(text)) {
      CheckExtraction(text, *x);
      CHECK(x->index >= 0);
      CHECK(static_cast<size_t>(x->index) < (*chain)->size());
    }
  }
}

// The `response` fields of a JSON Lines file, or nothing when it is absent.
std::vector<std::string> Responses(const std::string& name, const char* field, size_t limit) {
  std::vector<std::string> out;
  std::ifstream in(testing::SharedDataPath(name), std::ios::binary);
  if (!in) return out;
  simdjson::dom::parser parser;
  std::string line;
  while (out.size() < limit && std::getline(in, line)) {
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS) continue;
    std::string_view v;
    if (doc[field].get(v) == simdjson::SUCCESS) out.emplace_back(v);
  }
  return out;
}

TEST_CASE("property: truncations of real responses never break an extractor", "[extract]") {
  std::vector<std::string> responses = Responses("math_qwen25_samples.jsonl", "response", 40);
  for (std::string& r : Responses("gsm8k_model_samples.jsonl", "response", 40)) {
    responses.push_back(std::move(r));
  }
  if (responses.empty()) {
    WARN("shared data not found; skipping");
    return;
  }
  auto extractors = CreateAll();
  for (const std::string& r : responses) {
    const size_t step = std::max<size_t>(1, r.size() / 97);
    for (size_t len = 0; len <= r.size(); len += step) {
      const std::string_view prefix(r.data(), len);
      const std::string_view suffix(r.data() + len, r.size() - len);
      for (const auto& e : extractors) {
        if (auto x = e->Extract(prefix)) CheckExtraction(prefix, *x);
        if (auto x = e->Extract(suffix)) CheckExtraction(suffix, *x);
      }
    }
  }
}

TEST_CASE("property: the boxed answer of a complete response survives a truncated tail",
          "[extract]") {
  // Cutting a response inside its last box leaves that box unbalanced: the
  // answer is then an earlier complete box or nothing, never a partial one.
  auto boxed = *Extractor::Create(Kind(ExtractorKind::kBoxed));
  const std::string r = "First \\boxed{1}, then \\boxed{\\frac{2}{3}} end";
  for (size_t len = 0; len <= r.size(); ++len) {
    auto x = boxed->Extract(std::string_view(r.data(), len));
    if (!x) continue;
    const std::string got(x->text);
    CHECK((got == "1" || got == "\\frac{2}{3}"));
  }
}

TEST_CASE("property: 10 MB hostile inputs finish with the right answer", "[extract]") {
  const size_t kSize = 10u << 20;
  auto repeat = [&](std::string_view piece) {
    std::string s;
    s.reserve(kSize + piece.size());
    while (s.size() < kSize) s += piece;
    return s;
  };
  // A million unclosed boxes: no answer.
  CHECK(Boxed(repeat("\\boxed{")) == std::nullopt);
  // The same, then one complete box: it is found.
  CHECK(Boxed(repeat("\\boxed{") + " \\boxed{5}") == "5");
  // Deeply nested and balanced: the innermost (last opened) box.
  {
    std::string s = repeat("\\boxed{");
    const size_t depth = s.size() / 7;
    s += "5";
    s.append(depth, '}');
    CHECK(Boxed(s) == "5");
    CHECK(Boxed(s, Occurrence::kFirst)->size() == s.size() - 8);  // all but the outer box
  }
  CHECK(Marker(repeat("A:")) == "A:");
  CHECK(Marker(repeat("A:. "), {}, MarkerEnd::kSentence) == std::nullopt);
  CHECK(Marker(repeat("#")) == std::nullopt);
  CHECK(Run(Kind(ExtractorKind::kTag), repeat("<answer>")) == std::nullopt);
  CHECK(Run(Kind(ExtractorKind::kTag), repeat("<answer> </answer>")) == std::nullopt);
  CHECK(Run(Kind(ExtractorKind::kLastNumber), repeat("1,234.5/6 -")) == "-1,234.5/6");
  CHECK(Run(Kind(ExtractorKind::kJson), repeat("{\"")) == std::nullopt);
  CHECK(Run(Kind(ExtractorKind::kJson), repeat("[") + "1") == std::nullopt);
  CHECK(Run(Kind(ExtractorKind::kJson), repeat("{\"a\": 1} ")) == "{\"a\": 1}");
  CHECK(Run(Kind(ExtractorKind::kCodeBlock), repeat("```\n")) == std::nullopt);
  CHECK(Choice(repeat("answer ")) == std::nullopt);
  ExtractorOptions labels = Kind(ExtractorKind::kLabel);
  labels.labels = {"aa", "aaa"};
  CHECK(Run(labels, repeat("a")) == std::nullopt);
  labels.labels = {"positive", "very positive"};
  CHECK(Run(labels, repeat("very positive ")) == "very positive");
  ExtractorOptions regex = Kind(ExtractorKind::kRegex);
  regex.pattern = "Answer: (\\S+)";
  CHECK(Run(regex, repeat("Answer: 5 ")) == "5");
}

TEST_CASE("extractors are safe to share between threads", "[extract]") {
  auto extractors = CreateAll();
  const std::string text =
      "<think>\\boxed{1}</think>```json\n{\"a\": 1}\n```\nThe answer is (B), positive. "
      "answer = 7 \\boxed{42}\n#### 18";
  std::vector<std::string> expected;
  for (const auto& e : extractors) {
    auto x = e->Extract(text);
    expected.push_back(x ? std::string(x->text) : "<none>");
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int iter = 0; iter < 200; ++iter) {
        for (size_t i = 0; i < extractors.size(); ++i) {
          auto x = extractors[i]->Extract(text);
          if ((x ? std::string(x->text) : "<none>") != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) CHECK(m == 0);
}

}  // namespace
}  // namespace rewardkit
