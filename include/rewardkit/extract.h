// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/extract.h
// -----------------------------------------------------------------------------
//
// Extractors find the answer inside a model's response. Each kind is built
// from its options and returns the answer as a view into the response, with
// its byte offset, or nothing:
//
//   kBoxed       `\boxed{...}` with balanced, nested braces, the spaced form
//                `\boxed 5`, and `\fbox{...}`; last occurrence by default
//                (boxes are ordered by where they open, so the last of
//                `\boxed{\boxed{5}}` is "5"). `\{` and `\}` are not braces;
//                a box that never closes is skipped.
//   kTag         `<answer>...</answer>` or any open/close pair, such as
//                `<|begin_of_solution|>...<|end_of_solution|>`.
//   kMarker      "####", "The answer is", "Final answer:", "Answer:", "A:"
//                and markdown forms (`**Answer:**`); case-insensitive; the
//                answer runs to the end of the line or of the sentence.
//   kLastNumber  the last number in the text (the "flexible" fallback): an
//                optional sign ('-' or U+2212), digits with optional thousands
//                commas, a decimal part and a "/denominator" ("-1,234.5").
//   kJson        a JSON object or array, fenced (```json) or bare, that
//                simdjson accepts. A valid fenced block wins; bare values are
//                top-level ones only (the array, never the objects inside
//                it, even when json_kind asks for an object), and a value
//                that never closes (cut off mid-JSON) hides everything after
//                its start.
//   kCodeBlock   a fenced code block, optionally of one language.
//   kChoice      a multiple-choice letter: "(B)", "B)", "the answer is B",
//                `\text{(B)}`, `\boxed{B}`. A box beats an answer phrase,
//                which beats a standalone letter; an article ("A train") is
//                never taken.
//   kLabel       one of a configured set of labels, as a whole word.
//   kRegex       the first capture group of an RE2 pattern.
//
// Every extractor trims white space around its answer and treats an empty
// answer as none (so `\boxed{}` lets an earlier box win).
//
// An ExtractorChain tries extractors in order and reports which one matched.
// It can first set aside a `<think>...</think>` block, so that an answer the
// model only considered while thinking is not taken for its final answer.
//
// Example:
//
//   rewardkit::ExtractorOptions boxed;
//   boxed.kind = rewardkit::ExtractorKind::kBoxed;
//   auto extractor = rewardkit::Extractor::Create(boxed);
//   std::optional<rewardkit::Extraction> e =
//       (*extractor)->Extract("so \\boxed{\\frac{\\sqrt{3}}{2}}.");
//   // e->text == "\\frac{\\sqrt{3}}{2}"
//
// Every extractor runs in time linear in the length of the response (a 10 MB
// response with a million unbalanced `\boxed{` is fine). Extractors and chains
// are immutable once created and safe for concurrent use by multiple threads.

#ifndef REWARDKIT_EXTRACT_H_
#define REWARDKIT_EXTRACT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace rewardkit {

enum class ExtractorKind {
  kBoxed,
  kTag,
  kMarker,
  kLastNumber,
  kJson,
  kCodeBlock,
  kChoice,
  kLabel,
  kRegex,
};

// Returns the spec name of `kind`: "boxed", "tag", "marker", "last_number",
// "json", "code_block", "choice", "label", "regex".
std::string_view ExtractorKindName(ExtractorKind kind);

// Which match to take when there are several.
enum class Occurrence { kLast, kFirst };

// Where a marker's answer ends.
enum class MarkerEnd {
  kLine,      // at the end of the line
  kSentence,  // at the first ". " / "! " / "? " or the end of the line
};

// Which kinds of JSON value kJson accepts.
enum class JsonKind { kAny, kObject, kArray };

// When a label appears more than once, or several labels appear.
enum class LabelPrecedence {
  kLast,    // the label that occurs last in the text wins
  kFirst,   // the label that occurs first wins
  kUnique,  // exactly one distinct label must occur; otherwise no answer
};

// The options of every kind; each kind reads only the fields it documents.
struct ExtractorOptions {
  ExtractorKind kind = ExtractorKind::kBoxed;
  // The name reported when this extractor matches; defaults to the kind name.
  std::string name;
  Occurrence occurrence = Occurrence::kLast;

  // kBoxed: the commands whose argument is the answer, without backslash.
  std::vector<std::string> commands = {"boxed", "fbox"};

  // kTag: the opening and closing delimiters, verbatim. Matching is
  // case-insensitive. When `allow_unclosed` is set, an opening tag with no
  // closing tag yields the text to the end of the response; otherwise it is
  // ignored and an earlier complete pair may win. kCodeBlock reads
  // `allow_unclosed` the same way for an unclosed fence.
  std::string open = "<answer>";
  std::string close = "</answer>";
  bool allow_unclosed = false;

  // kMarker: the markers, matched case-insensitively at a word boundary.
  // Markdown emphasis (`**`, `__`, `*`) and a colon around a marker are
  // accepted. When empty, the defaults are used: "####", "final answer:",
  // "final answer is", "the answer is", "answer:", "a:".
  // A marker that ends in ':' also matches without it when it stands alone on
  // a heading line ("### Final Answer"); the answer is then the next non-empty
  // line. Across all markers, the match that starts nearest the end wins
  // (nearest the start with kFirst).
  std::vector<std::string> markers;
  MarkerEnd end = MarkerEnd::kLine;

  // kJson: which values are accepted.
  JsonKind json_kind = JsonKind::kAny;

  // kCodeBlock: the language after the opening fence ("python"); empty
  // accepts any block.
  std::string language;

  // kChoice: the valid letters, upper case.
  std::string choices = "ABCDE";

  // kLabel: the labels, matched case-insensitively as whole words.
  std::vector<std::string> labels;
  LabelPrecedence precedence = LabelPrecedence::kLast;

  // kRegex: an RE2 pattern; the answer is capture group `group` (0 is the
  // whole match). The pattern is compiled once, with a memory budget, so a
  // hostile pattern fails at Create time instead of at scoring time.
  std::string pattern;
  int group = 1;
};

// An answer found in a response.
struct Extraction {
  // The answer: a view into the text passed to Extract, valid as long as it.
  std::string_view text;
  // Byte offset of `text` in that text.
  size_t offset = 0;
  // The name of the extractor that matched; valid as long as the extractor.
  std::string_view extractor;
  // Its position in the chain (0 for a lone extractor).
  int index = 0;
};

class Extractor {
 public:
  // Returns an extractor, or InvalidArgument naming the option that is wrong
  // (an empty tag, an empty label set, a pattern RE2 rejects).
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(ExtractorOptions options);

  virtual ~Extractor() = default;

  // Returns the answer found in `text`, or nothing.
  virtual std::optional<Extraction> Extract(std::string_view text) const = 0;

  const ExtractorOptions& options() const { return options_; }
  std::string_view name() const { return options_.name; }

 protected:
  explicit Extractor(ExtractorOptions options) : options_(std::move(options)) {}

 private:
  ExtractorOptions options_;
};

// What to do with `<think>...</think>` before extracting.
enum class ThinkMode {
  kKeep,   // search the whole response
  kStrip,  // search only after the last `</think>`; an unclosed `<think>`
           // leaves nothing to search (the model never finished thinking)
};

struct ExtractorChainOptions {
  std::vector<ExtractorOptions> extractors;
  ThinkMode think = ThinkMode::kKeep;
  std::string think_open = "<think>";
  std::string think_close = "</think>";
};

// The answer region of a response after think handling.
struct AnswerRegion {
  std::string_view text;
  size_t offset = 0;
  // True when an opening think tag was never closed (kStrip only).
  bool unclosed_think = false;
};

// Tries its extractors in order; the first that finds an answer wins.
class ExtractorChain {
 public:
  // Returns a chain, or InvalidArgument naming the extractor (by index) whose
  // options are wrong. An empty chain is an error.
  static absl::StatusOr<std::unique_ptr<ExtractorChain>> Create(ExtractorChainOptions options);

  // Returns the region of `response` that extractors search.
  AnswerRegion Region(std::string_view response) const;

  // Returns the first answer any extractor finds in the answer region of
  // `response`; Extraction::offset is relative to `response` and
  // Extraction::index is the extractor's position in the chain.
  std::optional<Extraction> Extract(std::string_view response) const;

  size_t size() const { return extractors_.size(); }
  const Extractor& at(size_t i) const { return *extractors_[i]; }
  const ExtractorChainOptions& options() const { return options_; }

 private:
  struct ThinkTags;  // the think tags' searchers, built once

  ExtractorChain() = default;
  ExtractorChainOptions options_;
  std::vector<std::unique_ptr<Extractor>> extractors_;
  std::shared_ptr<const ThinkTags> think_;  // set for ThinkMode::kStrip
};

}  // namespace rewardkit

#endif  // REWARDKIT_EXTRACT_H_
