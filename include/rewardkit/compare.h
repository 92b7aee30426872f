// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/compare.h
// -----------------------------------------------------------------------------
//
// A Comparator decides whether an extracted answer equals a reference answer,
// and says why not when it does not. The kinds:
//
//   kExact    byte-for-byte, after trimming white space at both ends.
//   kText     equal after NormalizeText (case, punctuation, articles, spaces).
//   kNumeric  both sides parse as numbers (ParseNumber) and are equal within
//             the tolerance; rationals compare exactly, so 1/4 == 0.25.
//   kMath     the answer is LaTeX: normalised (NormalizeLatex), then compared
//             as a number, as a numeric expression evaluated exactly where it
//             can be (`\frac{\sqrt3}{2}`, `10^{3}`, `2\pi`, `3\cdot 4`), as
//             tuples, intervals and lists element by element, as an assignment
//             `x = 5` against `5`, as an expression in one or more variables
//             evaluated at fixed sample points, and finally as normalised text.
//             `\pm 2021` is not `2021`; `y = 4` is not `x = 3, y = 4`.
//   kChoice   multiple-choice letters: "(B)", "B)", "b", "\text{(B)}" are B.
//   kLabel    one of a set of labels, case-insensitively, with aliases.
//
// Example:
//
//   rewardkit::CompareOptions options;
//   options.kind = rewardkit::CompareKind::kMath;
//   auto comparator = rewardkit::Comparator::Create(options);
//   rewardkit::Comparison c = (*comparator)->Compare("0.25", "\\frac14");
//   // c.equal == true
//
// A Comparator is immutable once created and safe for concurrent use by
// multiple threads.

#ifndef REWARDKIT_COMPARE_H_
#define REWARDKIT_COMPARE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "rewardkit/normalize.h"

namespace rewardkit {

enum class CompareKind { kExact, kText, kNumeric, kMath, kChoice, kLabel };

// Why a comparison said "not equal". Stable names are given by ReasonName().
enum class Reason {
  kNone = 0,             // equal
  kMismatch,             // both sides understood, values differ
  kAnswerNotNumber,      // kNumeric: the answer is not a number
  kReferenceUnreadable,  // the reference could not be read (a number for kNumeric,
                         // math or text for kMath, a letter or label for kChoice/kLabel)
  kArityMismatch,        // tuples or lists of different lengths
  kNotAChoice,           // kChoice: the answer is not one of the letters
  kNotALabel,            // kLabel: the answer is not one of the labels
  kEmptyAnswer,          // nothing left after normalisation
};

// Returns a stable snake_case name for `reason` ("mismatch", ...).
std::string_view ReasonName(Reason reason);

// One alias set for kLabel: every name in `aliases` counts as `label`.
struct LabelAlias {
  std::string label;
  std::vector<std::string> aliases;
};

struct CompareOptions {
  CompareKind kind = CompareKind::kMath;
  Tolerance tolerance;
  NumberOptions number;
  TextOptions text;
  LatexOptions latex;
  // kChoice: the valid letters, upper case.
  std::string choices = "ABCDE";
  // kLabel: the valid labels (compared case-insensitively) and their aliases.
  std::vector<std::string> labels;
  std::vector<LabelAlias> label_aliases;
  // kMath: whether a bare comma-separated list ("1, -2") compares as an
  // unordered set of solutions (MATH's "enter all solutions" answers).
  // Bracketed tuples and intervals are always ordered.
  bool unordered_bare_lists = true;
};

// The outcome of one comparison.
struct Comparison {
  bool equal = false;
  Reason reason = Reason::kNone;
  // The canonical forms each side was compared in (for reports and debugging).
  std::string normalized_answer;
  std::string normalized_reference;
  // How the sides were found equal or not: "number", "expression", "tuple",
  // "assignment", "symbolic", "text", "choice", "label", "exact", or "latex"
  // (kMath: equal, or empty, as normalized LaTeX strings).
  std::string_view method;
};

class Comparator {
 public:
  // Returns a comparator, or InvalidArgument when the options contradict
  // themselves (an empty choice set, kLabel without labels, a negative
  // tolerance).
  static absl::StatusOr<std::unique_ptr<Comparator>> Create(const CompareOptions& options);

  virtual ~Comparator() = default;

  // Compares an extracted `answer` with the `reference`. Never fails: what
  // cannot be read is reported through Comparison::reason.
  virtual Comparison Compare(std::string_view answer, std::string_view reference) const = 0;

  // Compare for callers that compare answer after answer: the normalized
  // forms are written into `*normalized_answer` and `*normalized_reference`,
  // whose storage is reused, and the returned Comparison's are left empty.
  // Either may be null: that form is then not kept (and, where it is not
  // needed to decide, not made).
  virtual Comparison CompareInto(std::string_view answer, std::string_view reference,
                                 std::string* normalized_answer,
                                 std::string* normalized_reference) const;

  const CompareOptions& options() const { return options_; }

 protected:
  explicit Comparator(CompareOptions options) : options_(std::move(options)) {}

 private:
  CompareOptions options_;
};

// Returns the kMath comparison of two LaTeX strings under `options` (its
// `equal` is true when they denote the same mathematical answer), without
// building a Comparator; `options.kind` is ignored.
Comparison CompareMath(std::string_view answer, std::string_view reference,
                       const CompareOptions& options);

}  // namespace rewardkit

#endif  // REWARDKIT_COMPARE_H_
