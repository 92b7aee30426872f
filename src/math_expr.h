// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: src/math_expr.h
// -----------------------------------------------------------------------------
//
// Internal machinery behind the kMath comparator:
//
//   * exact arithmetic on Number (number.cc): rationals stay exact while their
//     parts fit in 64 bits and fall back to double otherwise;
//   * LaTeX helpers (latex.cc) used before and after NormalizeLatex;
//   * a parser (math_expr.cc) from normalized LaTeX (the output of
//     NormalizeLatex) to a MathTree, and an evaluator for its scalar parts.
//
// Every function here is pure and safe for concurrent use by multiple threads.
// The parser never recurses deeper than kMaxParseDepth and refuses inputs
// longer than kMaxExpressionBytes, so hostile input costs bounded time and
// stack.

#ifndef REWARDKIT_SRC_MATH_EXPR_H_
#define REWARDKIT_SRC_MATH_EXPR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "rewardkit/normalize.h"

namespace rewardkit::internal {

// -----------------------------------------------------------------------------
// Arithmetic on Number (number.cc)
// -----------------------------------------------------------------------------
//
// Exact operands give an exact result when it fits in 64-bit parts, else a
// double. An inexact result that overflows to infinity from finite operands
// becomes NaN, so that two different overflowing values never compare equal.

Number Add(const Number& a, const Number& b);
Number Subtract(const Number& a, const Number& b);
Number Multiply(const Number& a, const Number& b);
Number Divide(const Number& a, const Number& b);
Number Negate(const Number& a);
// a^b; exact for integer exponents and for roots of perfect powers
// (4^{1/2} == 2, (-8)^{1/3} == -2).
Number Power(const Number& a, const Number& b);
// n! for integers 0..170 (exact up to 20!); NaN otherwise.
Number Factorial(const Number& n);
// n choose k for integers; NaN when n is negative or not an integer.
Number Binomial(const Number& n, const Number& k);
Number Floor(const Number& a);
Number Ceil(const Number& a);
Number Abs(const Number& a);
bool IsZero(const Number& a);
// True when `a` is finite (exact numbers always are).
bool IsFinite(const Number& a);

// The number written as [int_digits].[frac_digits] x 10^exp10 (digits only,
// no sign). Exact when it fits; a correctly rounded double otherwise.
Number NumberFromDecimal(std::string_view int_digits, std::string_view frac_digits, int64_t exp10);

// -----------------------------------------------------------------------------
// LaTeX helpers (latex.cc)
// -----------------------------------------------------------------------------

// Returns `text` without surrounding white space, math delimiters ($..$,
// $$..$$, \(..\), \[..\]) and an outer \boxed{..} or \fbox{..}, repeatedly.
std::string_view StripOuterMath(std::string_view text);

// Returns `latex` as plain words for a last-resort text comparison: wrappers
// such as \text{} and \mathrm{} and braces, delimiters and spacing commands
// go, other command names lose their backslash; spaces between words stay.
std::string LatexToPlainText(std::string_view latex);

// -----------------------------------------------------------------------------
// Expression trees (math_expr.cc)
// -----------------------------------------------------------------------------

inline constexpr int kMaxParseDepth = 200;
inline constexpr size_t kMaxExpressionBytes = 16384;
// An expression with more \pm signs than this is not expanded.
inline constexpr int kMaxPlusMinus = 4;

enum class NodeKind : uint8_t {
  // Scalars.
  kNumber,    // value
  kBased,     // a numeral with a base subscript, 204_5: value = 204, index = base
  kVariable,  // index = position in MathTree::variables
  kPi,
  kInfinity,
  kSum,         // children added
  kProduct,     // children multiplied
  kNegate,      // 1 child
  kReciprocal,  // 1 child
  kPlusMinus,   // 1 child; index = which \pm; op = 1 for \mp
  kPower,       // base, exponent
  kRoot,        // index, radicand
  kFunction,    // op = Function; 1 child, or 2 for \log_b (argument, base)
  kFactorial,
  kBinomial,  // n, k
  kAbs,
  kFloor,
  kCeil,
  kPercent,  // child / 100
  // Structures.
  kBracket,  // open = op, close = op2; the elements
  kSet,      // \{..\}; the elements
  kList,     // a bare comma list at the top or in braces
  kMatrix,   // elements row by row; index = columns
  kUnion,    // the parts of A \cup B
  kEmptySet,
  kRelation,  // lhs, rhs; op = Relation
};

enum class Function : uint8_t {
  kSin,
  kCos,
  kTan,
  kCot,
  kSec,
  kCsc,
  kArcsin,
  kArccos,
  kArctan,
  kSinh,
  kCosh,
  kTanh,
  kLn,
  kLog,
  kExp,
};

enum class Relation : uint8_t {
  kEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kNotEqual,
  kIn
};

struct Node {
  NodeKind kind = NodeKind::kNumber;
  uint8_t op = 0;
  uint8_t op2 = 0;
  // True when the subtree holds no structure (bracket, set, relation, ...),
  // so that it evaluates to one number.
  bool scalar = true;
  int32_t index = 0;
  uint32_t first = 0;  // children are MathTree::children[first, first + count)
  uint32_t count = 0;
  Number value = Number::Rational(0, 1);
};

// A parsed answer. Nodes refer to their children by index; the tree is at
// most a few times kMaxParseDepth deep.
// The inline sizes fit a typical answer, so that parsing one does not allocate.
struct MathTree {
  absl::InlinedVector<Node, 16> nodes;
  absl::InlinedVector<int32_t, 16> children;
  absl::InlinedVector<std::string, 2> variables;  // distinct names, in order of appearance
  int plus_minus_count = 0;
  int32_t root = -1;

  const Node& node(int32_t i) const { return nodes[static_cast<size_t>(i)]; }
  std::span<const int32_t> ChildrenOf(int32_t i) const {
    const Node& n = node(i);
    return std::span<const int32_t>(children).subspan(n.first, n.count);
  }
};

// Parses normalized LaTeX into a tree. Returns nothing when the text is not
// a math answer: unknown commands, unbalanced brackets, words of three or
// more letters (which are text, not products of variables), nesting deeper
// than kMaxParseDepth, or more than kMaxExpressionBytes of input.
std::optional<MathTree> ParseMath(std::string_view normalized);

// The values an evaluation uses: `values[i]` for MathTree::variables[i], and
// bit j of `plus_minus_mask` chooses the minus branch of \pm number j.
struct Env {
  std::span<const Number> values;
  uint32_t plus_minus_mask = 0;
};

// Evaluates the scalar subtree `node`. Returns NaN for undefined values and
// for structures (which callers check with Node::scalar first).
Number Evaluate(const MathTree& tree, int32_t node, const Env& env);

// Variable or \pm indices.
using SymbolList = absl::InlinedVector<int32_t, 8>;

// Appends to `variables` the distinct variable indices used under `node`, and
// to `plus_minus` the \pm indices; both without duplicates.
void CollectSymbols(const MathTree& tree, int32_t node, SymbolList* variables,
                    SymbolList* plus_minus);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_MATH_EXPR_H_
