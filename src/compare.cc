// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The comparators. kMath is the interesting one: it tries, in order, raw
// equality, plain numbers (ParseNumber), normalized LaTeX equality, then the
// parsed structures of both sides (math_expr.h) compared element by element,
// numerically, or symbolically at fixed sample points; and as a last resort,
// for answers that are words, normalized text.

#include "rewardkit/compare.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ascii.h"
#include "math_expr.h"
#include "rewardkit/normalize.h"

namespace rewardkit {

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kNone:
      return "none";
    case Reason::kMismatch:
      return "mismatch";
    case Reason::kAnswerNotNumber:
      return "answer_not_number";
    case Reason::kReferenceUnreadable:
      return "reference_unreadable";
    case Reason::kArityMismatch:
      return "arity_mismatch";
    case Reason::kNotAChoice:
      return "not_a_choice";
    case Reason::kNotALabel:
      return "not_a_label";
    case Reason::kEmptyAnswer:
      return "empty_answer";
  }
  return "unknown";
}

namespace {

using internal::MathTree;
using internal::Node;
using internal::NodeKind;

using internal::IsLetter;
using internal::IsSpace;
using internal::IsUpper;
using internal::ToLower;
using internal::ToUpper;
using internal::Trim;

bool HasLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return IsLetter(c) || static_cast<unsigned char>(c) >= 0x80; });
}

// The argument of each \text-like group in `latex` (up to 64 of them, which
// is plenty for an answer), without nested groups.
absl::InlinedVector<std::string_view, 8> TextGroups(std::string_view latex) {
  static constexpr std::string_view kCommands[] = {"\\text{",       "\\textbf{",      "\\textit{",
                                                   "\\textrm{",     "\\mbox{",        "\\mathrm{",
                                                   "\\textnormal{", "\\operatorname{"};
  absl::InlinedVector<std::string_view, 8> groups;
  size_t i = latex.find('\\');
  while (i != std::string_view::npos && groups.size() < 64) {
    for (std::string_view command : kCommands) {
      if (latex.substr(i, command.size()) == command) {
        size_t open = i + command.size();
        size_t close = latex.find_first_of("{}", open);
        if (close != std::string_view::npos && latex[close] == '}') {
          groups.push_back(latex.substr(open, close - open));
        }
        break;
      }
    }
    i = latex.find('\\', i + 1);
  }
  return groups;
}

// Whether `latex` holds a word of two or more letters in \text{} that
// survived normalization: "\text{no}" is a word, not the product n*o (which
// would equal "\text{on}"), while the unit in "5\text{ cm}" is gone.
bool HasTextWord(std::string_view latex, std::string_view normalized) {
  // A budget of words keeps hostile input (a long \text inside a dropped
  // \hspace) linear; answers have a handful.
  int budget = 256;
  for (std::string_view group : TextGroups(latex)) {
    size_t i = 0;
    while (i < group.size() && budget > 0) {
      if (!IsLetter(group[i])) {
        ++i;
        continue;
      }
      size_t start = i;
      while (i < group.size() && IsLetter(group[i])) ++i;
      --budget;
      if (i - start >= 2 &&
          normalized.find(group.substr(start, i - start)) != std::string_view::npos) {
        return true;
      }
    }
  }
  return false;
}

// A text built in place: on the stack while it is short.
using TextBuffer = absl::InlinedVector<char, 128>;

void Append(std::string_view s, TextBuffer* out) { out->insert(out->end(), s.begin(), s.end()); }

// Rewrites "\text{ or }" and "\text{and}" between answers as commas, so that
// "x = 1 \text{ or } x = -2" reads as the list "x = 1, x = -2". Returns the
// text, which is kept in `out`.
std::string_view ReplaceConnectives(std::string_view latex, TextBuffer* out) {
  out->clear();
  size_t i = 0;
  while (i < latex.size()) {
    size_t next = latex.find("\\text{", i);
    if (next == std::string_view::npos) break;
    // " or " and " and " are short: look no further than a few bytes, which
    // keeps a million unclosed \text{ linear.
    size_t open = next + 6;
    size_t close = latex.substr(open, 16).find('}');
    Append(latex.substr(i, open - i), out);
    i = open;
    if (close == std::string_view::npos) continue;
    std::string_view word = Trim(latex.substr(open, close));
    if (word == "or" || word == "and") {
      out->resize(out->size() - 6);  // the "\text{" just copied
      out->push_back(',');
      i = open + close + 1;
    }
  }
  Append(latex.substr(std::min(i, latex.size())), out);
  return std::string_view(out->data(), out->size());
}

// -----------------------------------------------------------------------------
// kMath: structural comparison of two parsed answers
// -----------------------------------------------------------------------------

struct Outcome {
  bool equal = false;
  Reason reason = Reason::kMismatch;
};

constexpr Outcome kEqual{true, Reason::kNone};
constexpr Outcome kUnequal{false, Reason::kMismatch};
constexpr Outcome kArity{false, Reason::kArityMismatch};

// Symbolic comparison evaluates both sides at kSamples fixed points and
// needs kMinValidSamples of them to be defined on both sides.
constexpr int kSamples = 8;
constexpr int kMinValidSamples = 3;
// Distinct variables beyond this are not compared symbolically.
constexpr size_t kMaxVariables = 16;
// Unordered lists longer than this are compared in order (greedy matching
// is quadratic).
constexpr size_t kMaxUnordered = 256;

// The value of variable `global` at sample `sample`: fixed rationals, some
// negative (so |x| differs from x), none 0 or 1, distinct across the first
// 16 variables at every sample.
Number SampleValue(size_t global, int sample) {
  static constexpr int64_t kNumerators[] = {17, -5, 11, 13, -7, 19,  3, -23,
                                            29, 31, -2, 37, 41, -43, 8, 9};
  static constexpr int64_t kDenominators[] = {7, 3, 4, 5, 2, 9, 11, 6, 8, 13, 7, 10, 3, 12, 5, 13};
  constexpr size_t kCount = sizeof(kNumerators) / sizeof(kNumerators[0]);
  size_t k = (static_cast<size_t>(sample) * 5 + global * 3) % kCount;
  return Number::Rational(kNumerators[k], kDenominators[k]);
}

// Whether each element of `a` is `equal` to a different element of `b`,
// matched greedily in order; the sizes are the caller's to check.
template <typename List, typename Equal>
bool MatchUnordered(const List& a, const List& b, Equal equal) {
  absl::InlinedVector<bool, 16> used(b.size(), false);
  for (const auto& x : a) {
    bool found = false;
    for (size_t j = 0; j < b.size() && !found; ++j) {
      if (!used[j] && equal(x, b[j])) {
        used[j] = true;
        found = true;
      }
    }
    if (!found) return false;
  }
  return true;
}

// One element to compare: a node, and for an expanded \pm element the branch.
struct Side {
  int32_t node = -1;
  uint32_t mask = 0;
  bool fixed = false;  // `mask` chooses one \pm branch; otherwise all count
};

// The lists a comparison works through, inline while they are as short as
// answers' lists usually are.
using Sides = absl::InlinedVector<Side, 4>;
using VariableIds = absl::InlinedVector<size_t, 4>;  // global ids of variables
using Numbers = absl::InlinedVector<Number, 4>;
using MaskList = absl::InlinedVector<uint32_t, 4>;  // choices of \pm branches

class Matcher {
 public:
  Matcher(const MathTree& a, const MathTree& b, const CompareOptions& options)
      : a_(a), b_(b), options_(options) {
    global_a_ = GlobalIds(a);
    global_b_ = GlobalIds(b);
    for (int s = 0; s < kSamples; ++s) {
      env_a_[static_cast<size_t>(s)] = SampleEnv(global_a_, s);
      env_b_[static_cast<size_t>(s)] = SampleEnv(global_b_, s);
    }
    const Tolerance& t = options.tolerance;
    // Values computed through irrational functions carry rounding error; a
    // little slack keeps \frac{1}{\sqrt3} equal to \frac{\sqrt3}{3}.
    constant_tolerance_ = {std::max(t.relative, 1e-12), std::max(t.absolute, 1e-13)};
    sample_tolerance_ = {std::max(t.relative, 1e-9), std::max(t.absolute, 1e-12)};
  }

  // Compares the two whole answers and names the method that decided.
  Outcome Run(std::string_view* method) {
    Sides items_a = TopItems(a_);
    Sides items_b = TopItems(b_);
    *method = MethodFor(items_a, items_b);
    bool ordered = !options_.unordered_bare_lists;

    // Two equations: assignments to one variable compare values, anything
    // else (y = 2x + 3 against 2x - y + 3 = 0) compares as equations.
    if (items_a.size() == 1 && items_b.size() == 1 && IsEquation(a_, items_a[0].node) &&
        IsEquation(b_, items_b[0].node)) {
      bool same_variable = IsAssignment(a_, items_a[0].node) && IsAssignment(b_, items_b[0].node) &&
                           AssignedName(a_, items_a[0].node) == AssignedName(b_, items_b[0].node);
      *method = same_variable ? "assignment" : "symbolic";
      return Item(items_a[0], items_b[0]);
    }

    bool system_a = AllAssignments(a_, items_a);
    bool system_b = AllAssignments(b_, items_b);
    if (system_a || system_b) {
      *method = "assignment";
      return Assignments(items_a, system_a, items_b, system_b, ordered);
    }

    // A set against a bare list of its elements.
    if (items_a.size() == 1 && a_.node(items_a[0].node).kind == NodeKind::kSet &&
        items_b.size() > 1) {
      return Items(ChildrenOf(a_, items_a[0].node), items_b, false);
    }
    if (items_b.size() == 1 && b_.node(items_b[0].node).kind == NodeKind::kSet &&
        items_a.size() > 1) {
      return Items(items_a, ChildrenOf(b_, items_b[0].node), false);
    }
    return Items(items_a, items_b, ordered);
  }

 private:
  VariableIds GlobalIds(const MathTree& tree) {
    VariableIds ids;
    for (const std::string& name : tree.variables) {
      auto it = std::find(names_.begin(), names_.end(), name);
      ids.push_back(static_cast<size_t>(it - names_.begin()));
      if (it == names_.end()) names_.push_back(name);
    }
    return ids;
  }

  static Numbers SampleEnv(const VariableIds& globals, int sample) {
    Numbers values;
    values.reserve(globals.size());
    for (size_t g : globals) values.push_back(SampleValue(g, sample));
    return values;
  }

  static Sides ChildrenOf(const MathTree& tree, int32_t node) {
    Sides sides;
    for (int32_t k : tree.ChildrenOf(node)) sides.push_back({k, 0, false});
    return sides;
  }

  static Sides TopItems(const MathTree& tree) {
    if (tree.node(tree.root).kind == NodeKind::kList) return ChildrenOf(tree, tree.root);
    return {{tree.root, 0, false}};
  }

  static bool IsEquation(const MathTree& tree, int32_t node) {
    const Node& n = tree.node(node);
    return n.kind == NodeKind::kRelation &&
           static_cast<internal::Relation>(n.op) == internal::Relation::kEqual;
  }

  // x = value, x \in set, or (x, y) = (1, 2).
  static bool IsAssignment(const MathTree& tree, int32_t node) {
    const Node& n = tree.node(node);
    if (n.kind != NodeKind::kRelation) return false;
    auto r = static_cast<internal::Relation>(n.op);
    if (r != internal::Relation::kEqual && r != internal::Relation::kIn) return false;
    int32_t lhs = tree.ChildrenOf(node)[0];
    if (tree.node(lhs).kind == NodeKind::kVariable) return true;
    if (r != internal::Relation::kEqual || tree.node(lhs).kind != NodeKind::kBracket) return false;
    std::span<const int32_t> names = tree.ChildrenOf(lhs);
    return std::all_of(names.begin(), names.end(),
                       [&](int32_t k) { return tree.node(k).kind == NodeKind::kVariable; });
  }

  // The assigned variable's name, or "(x,y)" for a tuple of them.
  static std::string AssignedName(const MathTree& tree, int32_t node) {
    int32_t lhs = tree.ChildrenOf(node)[0];
    const Node& n = tree.node(lhs);
    if (n.kind == NodeKind::kVariable) return tree.variables[static_cast<size_t>(n.index)];
    std::string name = "(";
    for (int32_t k : tree.ChildrenOf(lhs)) {
      name += tree.variables[static_cast<size_t>(tree.node(k).index)];
      name += ",";
    }
    name += ")";
    return name;
  }

  static Side AssignedValue(const MathTree& tree, int32_t node) {
    return {tree.ChildrenOf(node)[1], 0, false};
  }

  static bool AllAssignments(const MathTree& tree, const Sides& items) {
    return std::all_of(items.begin(), items.end(),
                       [&](const Side& s) { return IsAssignment(tree, s.node); });
  }

  // Whether every assignment in `items` is to the same variable.
  static bool OneVariable(const MathTree& tree, const Sides& items) {
    return std::all_of(items.begin(), items.end(), [&](const Side& s) {
      return AssignedName(tree, s.node) == AssignedName(tree, items[0].node);
    });
  }

  static Sides Values(const MathTree& tree, const Sides& items) {
    Sides values;
    for (const Side& s : items) values.push_back(AssignedValue(tree, s.node));
    return values;
  }

  // Assignments on one side at least: "x = 5" against "5", "x=1, x=-2"
  // against "-2, 1", "x=3, y=4" against "y=4, x=3" or "(3, 4)".
  Outcome Assignments(const Sides& items_a, bool system_a, const Sides& items_b, bool system_b,
                      bool ordered) {
    bool one_a = system_a && OneVariable(a_, items_a);
    bool one_b = system_b && OneVariable(b_, items_b);
    if (system_a && system_b) {
      if (one_a && one_b) {
        if (AssignedName(a_, items_a[0].node) != AssignedName(b_, items_b[0].node)) return kUnequal;
        return Items(Values(a_, items_a), Values(b_, items_b), ordered);
      }
      if (items_a.size() != items_b.size()) return kArity;
      if (one_a || one_b) return kUnequal;
      // Two systems: match by variable name.
      for (const Side& x : items_a) {
        const std::string name = AssignedName(a_, x.node);
        auto it = std::find_if(items_b.begin(), items_b.end(),
                               [&](const Side& y) { return AssignedName(b_, y.node) == name; });
        if (it == items_b.end()) return kUnequal;
        Outcome o = Item(AssignedValue(a_, x.node), AssignedValue(b_, it->node));
        if (!o.equal) return o;
      }
      return kEqual;
    }
    // One side is assignments, the other plain values.
    bool one = system_a ? one_a : one_b;
    Sides values = system_a ? Values(a_, items_a) : Values(b_, items_b);
    Sides plain = system_a ? items_b : items_a;
    const MathTree& plain_tree = system_a ? b_ : a_;
    if (!one) {
      // A system against a tuple: in order.
      if (plain.size() == 1 && plain_tree.node(plain[0].node).kind == NodeKind::kBracket &&
          plain_tree.node(plain[0].node).op == '(' && plain_tree.node(plain[0].node).op2 == ')') {
        plain = ChildrenOf(plain_tree, plain[0].node);
      }
      ordered = true;
    }
    return system_a ? Items(values, plain, ordered) : Items(plain, values, ordered);
  }

  std::string_view MethodFor(const Sides& items_a, const Sides& items_b) const {
    if (items_a.size() != 1 || items_b.size() != 1) return "tuple";
    const Node& na = a_.node(items_a[0].node);
    const Node& nb = b_.node(items_b[0].node);
    if (!na.scalar || !nb.scalar) return "tuple";
    if (!a_.variables.empty() || !b_.variables.empty()) return "symbolic";
    if (IsLiteral(a_, items_a[0].node) && IsLiteral(b_, items_b[0].node)) return "number";
    return "expression";
  }

  static bool IsLiteral(const MathTree& tree, int32_t node) {
    const Node& n = tree.node(node);
    if (n.kind == NodeKind::kNegate) return IsLiteral(tree, tree.ChildrenOf(node)[0]);
    return n.kind == NodeKind::kNumber || n.kind == NodeKind::kBased;
  }

  // Splits each scalar element with \pm into its branches.
  Sides Expand(const MathTree& tree, const Sides& items) const {
    Sides out;
    for (const Side& s : items) {
      internal::SymbolList vars;
      internal::SymbolList pms;
      if (!s.fixed && tree.node(s.node).scalar && tree.plus_minus_count > 0) {
        internal::CollectSymbols(tree, s.node, &vars, &pms);
      }
      if (pms.empty() || pms.size() > static_cast<size_t>(internal::kMaxPlusMinus)) {
        out.push_back(s);
        continue;
      }
      for (uint32_t mask : Masks(pms)) out.push_back({s.node, mask, true});
    }
    return out;
  }

  static MaskList Masks(const internal::SymbolList& pms) {
    MaskList masks;
    uint32_t n = 1u << pms.size();
    for (uint32_t m = 0; m < n; ++m) {
      uint32_t mask = 0;
      for (size_t j = 0; j < pms.size(); ++j) {
        if ((m >> j) & 1u) mask |= 1u << static_cast<uint32_t>(pms[j]);
      }
      masks.push_back(mask);
    }
    return masks;
  }

  Outcome Items(const Sides& raw_a, const Sides& raw_b, bool ordered) {
    Sides a = Expand(a_, raw_a);
    Sides b = Expand(b_, raw_b);
    if (a.size() != b.size()) return kArity;
    if (a.size() == 1) return Item(a[0], b[0]);
    if (ordered || a.size() > kMaxUnordered) return Pairwise(a, b);
    bool matched =
        MatchUnordered(a, b, [&](const Side& x, const Side& y) { return Item(x, y).equal; });
    return matched ? kEqual : kUnequal;
  }

  Outcome Pairwise(const Sides& a, const Sides& b) {
    if (a.size() != b.size()) return kArity;
    for (size_t i = 0; i < a.size(); ++i) {
      Outcome o = Item(a[i], b[i]);
      if (!o.equal) return o;
    }
    return kEqual;
  }

  static bool IsParenTuple(const Node& n) {
    return n.kind == NodeKind::kBracket && n.op == '(' && n.op2 == ')';
  }

  static bool IsVector(const Node& n) {
    return n.kind == NodeKind::kMatrix &&
           (n.index == 1 || static_cast<uint32_t>(n.index) == n.count);
  }

  // Compares two elements by structure; depth is bounded by the trees'.
  Outcome Item(const Side& a, const Side& b) {
    const Node& na = a_.node(a.node);
    const Node& nb = b_.node(b.node);
    if (na.scalar && nb.scalar) return Scalars(a, b);
    if (IsAssignment(a_, a.node) && nb.kind != NodeKind::kRelation) {
      return Item(AssignedValue(a_, a.node), b);
    }
    if (IsAssignment(b_, b.node) && na.kind != NodeKind::kRelation) {
      return Item(a, AssignedValue(b_, b.node));
    }
    if (na.scalar || nb.scalar) return kUnequal;
    Sides ca = ChildrenOf(a_, a.node);
    Sides cb = ChildrenOf(b_, b.node);
    switch (na.kind) {
      case NodeKind::kBracket:
        if (nb.kind == NodeKind::kBracket) {
          if (na.op != nb.op || na.op2 != nb.op2) return kUnequal;
          return Pairwise(ca, cb);
        }
        if (IsParenTuple(na) && IsVector(nb)) return Pairwise(ca, cb);
        return kUnequal;
      case NodeKind::kMatrix:
        if (nb.kind == NodeKind::kMatrix) {
          if (na.index != nb.index) return kUnequal;
          return Pairwise(ca, cb);
        }
        if (IsVector(na) && IsParenTuple(nb)) return Pairwise(ca, cb);
        return kUnequal;
      case NodeKind::kSet:
        if (nb.kind == NodeKind::kSet || nb.kind == NodeKind::kList) return Items(ca, cb, false);
        if (nb.kind == NodeKind::kEmptySet && ca.empty()) return kEqual;
        return kUnequal;
      case NodeKind::kList:
        if (nb.kind == NodeKind::kList) return Items(ca, cb, !options_.unordered_bare_lists);
        if (nb.kind == NodeKind::kSet) return Items(ca, cb, false);
        return kUnequal;
      case NodeKind::kUnion:
        if (nb.kind == NodeKind::kUnion) return Items(ca, cb, false);
        return kUnequal;
      case NodeKind::kEmptySet:
        if (nb.kind == NodeKind::kEmptySet || (nb.kind == NodeKind::kSet && cb.empty())) {
          return kEqual;
        }
        return kUnequal;
      case NodeKind::kRelation:
        if (nb.kind == NodeKind::kRelation) return Relations(a.node, b.node);
        return kUnequal;
      default:
        return kUnequal;
    }
  }

  Outcome Relations(int32_t a, int32_t b) {
    const Node& na = a_.node(a);
    const Node& nb = b_.node(b);
    if (na.op != nb.op) return kUnequal;
    auto r = static_cast<internal::Relation>(na.op);
    Sides ca = ChildrenOf(a_, a);
    Sides cb = ChildrenOf(b_, b);
    if (r == internal::Relation::kIn) {
      if (AssignedName(a_, a) != AssignedName(b_, b)) return kUnequal;
      return Item(ca[1], cb[1]);
    }
    if (r == internal::Relation::kEqual) {
      if (IsAssignment(a_, a) && IsAssignment(b_, b) &&
          AssignedName(a_, a) == AssignedName(b_, b)) {
        return Item(ca[1], cb[1]);
      }
      return Equations(a, b);
    }
    return Pairwise(ca, cb);
  }

  // The variables of `node`, as sorted global ids.
  VariableIds GlobalVariables(const MathTree& tree, const VariableIds& globals, int32_t node,
                              internal::SymbolList* plus_minus) const {
    internal::SymbolList vars;
    internal::CollectSymbols(tree, node, &vars, plus_minus);
    VariableIds ids;
    for (int32_t v : vars) ids.push_back(globals[static_cast<size_t>(v)]);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  bool Close(const Number& x, const Number& y, const Tolerance& t) const {
    return NumbersEqual(x, y, t);
  }

  // Whether the branches of both sides are equal as multisets.
  bool SameValues(const Numbers& x, const Numbers& y, const Tolerance& t) const {
    if (x.size() != y.size()) return false;
    if (x.size() == 1) return Close(x[0], y[0], t);
    return MatchUnordered(x, y, [&](const Number& u, const Number& v) { return Close(u, v, t); });
  }

  static bool AllFinite(const Numbers& values) {
    return std::all_of(values.begin(), values.end(),
                       [](const Number& n) { return internal::IsFinite(n); });
  }

  static Numbers Branches(const MathTree& tree, int32_t node, const MaskList& masks,
                          const Numbers& values) {
    Numbers out;
    for (uint32_t mask : masks) {
      out.push_back(internal::Evaluate(tree, node, internal::Env{values, mask}));
    }
    return out;
  }

  // Two scalar expressions: numerically when constant, else at sample points
  // (only when both use the same variables).
  Outcome Scalars(const Side& a, const Side& b) {
    internal::SymbolList pm_a;
    internal::SymbolList pm_b;
    VariableIds vars_a = GlobalVariables(a_, global_a_, a.node, &pm_a);
    VariableIds vars_b = GlobalVariables(b_, global_b_, b.node, &pm_b);
    if (vars_a != vars_b) return kUnequal;
    const size_t max_pm = static_cast<size_t>(internal::kMaxPlusMinus);
    if ((!a.fixed && pm_a.size() > max_pm) || (!b.fixed && pm_b.size() > max_pm)) return kUnequal;
    MaskList masks_a = a.fixed ? MaskList{a.mask} : Masks(pm_a);
    MaskList masks_b = b.fixed ? MaskList{b.mask} : Masks(pm_b);
    if (masks_a.size() != masks_b.size()) return kUnequal;
    // Numerals in different bases differ even when their digits agree.
    const Node& na = a_.node(a.node);
    const Node& nb = b_.node(b.node);
    if (na.kind == NodeKind::kBased && nb.kind == NodeKind::kBased && na.index != nb.index) {
      return kUnequal;
    }
    if (vars_a.empty()) {
      Numbers x = Branches(a_, a.node, masks_a, {});
      Numbers y = Branches(b_, b.node, masks_b, {});
      return SameValues(x, y, constant_tolerance_) ? kEqual : kUnequal;
    }
    if (names_.size() > kMaxVariables) return kUnequal;
    int valid = 0;
    for (size_t s = 0; s < static_cast<size_t>(kSamples); ++s) {
      Numbers x = Branches(a_, a.node, masks_a, env_a_[s]);
      Numbers y = Branches(b_, b.node, masks_b, env_b_[s]);
      if (!AllFinite(x) || !AllFinite(y)) continue;
      if (!SameValues(x, y, sample_tolerance_)) return kUnequal;
      ++valid;
    }
    return valid >= kMinValidSamples ? kEqual : kUnequal;
  }

  bool NearZero(const Number& x) const {
    return internal::IsZero(x) || (!x.is_exact() && std::fabs(x.value()) <= 1e-12);
  }

  // Two equations lhs = rhs are the same when lhs - rhs of one is a nonzero
  // constant multiple of the other's at every sample point.
  Outcome Equations(int32_t a, int32_t b) {
    Sides ca = ChildrenOf(a_, a);
    Sides cb = ChildrenOf(b_, b);
    if (!(a_.node(ca[0].node).scalar && a_.node(ca[1].node).scalar) ||
        !(b_.node(cb[0].node).scalar && b_.node(cb[1].node).scalar)) {
      return kUnequal;
    }
    internal::SymbolList pm;
    VariableIds vars_a = GlobalVariables(a_, global_a_, a, &pm);
    VariableIds vars_b = GlobalVariables(b_, global_b_, b, &pm);
    if (vars_a != vars_b) return kUnequal;
    if (vars_a.empty() || names_.size() > kMaxVariables) return Pairwise(ca, cb);
    std::optional<Number> ratio;
    int valid = 0;
    for (size_t s = 0; s < static_cast<size_t>(kSamples); ++s) {
      internal::Env env_a{env_a_[s], 0};
      internal::Env env_b{env_b_[s], 0};
      Number fa = internal::Subtract(internal::Evaluate(a_, ca[0].node, env_a),
                                     internal::Evaluate(a_, ca[1].node, env_a));
      Number fb = internal::Subtract(internal::Evaluate(b_, cb[0].node, env_b),
                                     internal::Evaluate(b_, cb[1].node, env_b));
      if (!internal::IsFinite(fa) || !internal::IsFinite(fb)) continue;
      bool za = NearZero(fa);
      bool zb = NearZero(fb);
      if (za && zb) continue;
      if (za != zb) return kUnequal;
      Number r = internal::Divide(fa, fb);
      if (ratio && !Close(*ratio, r, sample_tolerance_)) return kUnequal;
      ratio = r;
      ++valid;
    }
    return valid >= 2 ? kEqual : kUnequal;
  }

  const MathTree& a_;
  const MathTree& b_;
  const CompareOptions& options_;
  absl::InlinedVector<std::string, 4> names_;  // every variable name of both sides
  VariableIds global_a_;                       // a_'s variable i is names_[global_a_[i]]
  VariableIds global_b_;
  std::array<Numbers, kSamples> env_a_;
  std::array<Numbers, kSamples> env_b_;
  Tolerance constant_tolerance_;
  Tolerance sample_tolerance_;
};

// -----------------------------------------------------------------------------
// The comparators
// -----------------------------------------------------------------------------

Comparison Empty(std::string_view method) {
  Comparison c;
  c.reason = Reason::kEmptyAnswer;
  c.method = method;
  return c;
}

class ExactComparator final : public Comparator {
 public:
  explicit ExactComparator(CompareOptions options) : Comparator(std::move(options)) {}

  Comparison Compare(std::string_view answer, std::string_view reference) const override {
    Comparison c;
    c.method = "exact";
    c.normalized_answer = std::string(Trim(answer));
    c.normalized_reference = std::string(Trim(reference));
    if (c.normalized_answer.empty()) return Empty(c.method);
    c.equal = c.normalized_answer == c.normalized_reference;
    c.reason = c.equal ? Reason::kNone : Reason::kMismatch;
    return c;
  }
};

class TextComparator final : public Comparator {
 public:
  explicit TextComparator(CompareOptions options) : Comparator(std::move(options)) {}

  Comparison Compare(std::string_view answer, std::string_view reference) const override {
    Comparison c;
    c.method = "text";
    c.normalized_answer = NormalizeText(answer, options().text);
    c.normalized_reference = NormalizeText(reference, options().text);
    if (Trim(c.normalized_answer).empty()) {
      Comparison e = Empty(c.method);
      e.normalized_answer = std::move(c.normalized_answer);
      e.normalized_reference = std::move(c.normalized_reference);
      return e;
    }
    c.equal = c.normalized_answer == c.normalized_reference;
    c.reason = c.equal ? Reason::kNone : Reason::kMismatch;
    return c;
  }
};

// The comparison of a comparator that reads each side into a value: `read`
// returns an optional or a pointer, empty when the side is unreadable (the
// reason for an unreadable answer is `unreadable`); `show` appends a value's
// normalized form to a string (an unread side's is its trimmed text);
// `equal` compares two values. The normalized forms go to `*shown_answer`
// and `*shown_reference`, when not null.
template <typename Read, typename Show, typename Equal>
Comparison CompareRead(std::string_view method, std::string_view answer, std::string_view reference,
                       Reason unreadable, Read read, Show show, Equal equal,
                       std::string* shown_answer, std::string* shown_reference) {
  if (shown_answer != nullptr) shown_answer->clear();
  if (shown_reference != nullptr) shown_reference->clear();
  if (Trim(answer).empty()) return Empty(method);
  Comparison c;
  c.method = method;
  auto a = read(answer);
  auto r = read(reference);
  if (shown_answer != nullptr) {
    if (a) {
      show(*a, shown_answer);
    } else {
      shown_answer->assign(Trim(answer));
    }
  }
  if (shown_reference != nullptr) {
    if (r) {
      show(*r, shown_reference);
    } else {
      shown_reference->assign(Trim(reference));
    }
  }
  if (!a) {
    c.reason = unreadable;
  } else if (!r) {
    c.reason = Reason::kReferenceUnreadable;
  } else {
    c.equal = equal(*a, *r);
    c.reason = c.equal ? Reason::kNone : Reason::kMismatch;
  }
  return c;
}

// A comparator whose CompareInto is its own: Compare is CompareInto into the
// Comparison's strings.
class IntoComparator : public Comparator {
 public:
  using Comparator::Comparator;

  Comparison Compare(std::string_view answer, std::string_view reference) const final {
    std::string shown_answer;
    std::string shown_reference;
    Comparison c = CompareInto(answer, reference, &shown_answer, &shown_reference);
    c.normalized_answer = std::move(shown_answer);
    c.normalized_reference = std::move(shown_reference);
    return c;
  }
};

// `text` without its leading zeros (but the last digit) when it is 1 to 18
// ASCII digits and nothing else, a whole number as ParseNumber reads it and
// Number::ToString writes it; else empty.
std::string_view WholeDigits(std::string_view text) {
  if (text.empty() || text.size() > 18) return {};
  for (char c : text) {
    if (!internal::IsDigit(c)) return {};
  }
  size_t zeros = 0;
  while (zeros + 1 < text.size() && text[zeros] == '0') ++zeros;
  return text.substr(zeros);
}

class NumericComparator final : public IntoComparator {
 public:
  explicit NumericComparator(CompareOptions options) : IntoComparator(std::move(options)) {}

  Comparison CompareInto(std::string_view answer, std::string_view reference,
                         std::string* normalized_answer,
                         std::string* normalized_reference) const override {
    // Two whole numbers written as plain digits (most GSM8K answers and
    // references) are the same number exactly when their digits are, once
    // leading zeros go: no Number needed, unless an absolute tolerance can
    // make different numbers equal.
    const std::string_view whole_answer = WholeDigits(answer);
    const std::string_view whole_reference = WholeDigits(reference);
    if (!whole_answer.empty() && !whole_reference.empty() &&
        options().tolerance.absolute <= 0.0) {
      // A byte loop: at most 18 digits, too few to be worth a call to memcmp.
      bool equal = whole_answer.size() == whole_reference.size();
      for (size_t i = 0; equal && i < whole_answer.size(); ++i) {
        equal = whole_answer[i] == whole_reference[i];
      }
      if (normalized_answer != nullptr) normalized_answer->assign(whole_answer);
      if (normalized_reference != nullptr) normalized_reference->assign(whole_reference);
      // Built where it is returned: a named Comparison would be moved out
      // (the other path returns another object), which copies its two
      // strings' buffers with a call to memcpy each, for every sample.
      return Comparison{.equal = equal,
                        .reason = equal ? Reason::kNone : Reason::kMismatch,
                        .normalized_answer = {},
                        .normalized_reference = {},
                        .method = "number"};
    }
    return CompareRead(
        "number", answer, reference, Reason::kAnswerNotNumber,
        [&](std::string_view text) { return ParseNumber(text, options().number); },
        [](const Number& n, std::string* out) { n.AppendTo(out); },
        [&](const Number& a, const Number& r) { return NumbersEqual(a, r, options().tolerance); },
        normalized_answer, normalized_reference);
  }
};

class MathComparator final : public Comparator {
 public:
  explicit MathComparator(CompareOptions options) : Comparator(std::move(options)) {}

  Comparison Compare(std::string_view answer, std::string_view reference) const override {
    return CompareMath(answer, reference, options());
  }
};

// The letter of a multiple-choice answer: "B", "(B)", "B)", "B.", "[B]",
// "\text{(B)}", "**B**", "(B) 42". Lower case is accepted.
std::optional<char> ParseChoice(std::string_view text, std::string_view choices) {
  std::string plain = internal::LatexToPlainText(internal::StripOuterMath(text));
  std::string_view t = Trim(plain);
  while (t.size() >= 2 && (t.front() == '*' || t.front() == '_') && t.back() == t.front()) {
    t = Trim(t.substr(1, t.size() - 2));
  }
  if (t.empty()) return std::nullopt;
  size_t i = 0;
  bool bracketed = t[0] == '(' || t[0] == '[';
  if (bracketed) i = 1;
  if (i >= t.size() || !IsLetter(t[i])) return std::nullopt;
  char letter = ToUpper(t[i]);
  size_t j = i + 1;
  bool delimited = false;
  if (bracketed) {
    if (j >= t.size() || (t[j] != ')' && t[j] != ']')) return std::nullopt;
    ++j;
    delimited = true;
  } else if (j < t.size() && (t[j] == ')' || t[j] == '.' || t[j] == ':')) {
    ++j;
    delimited = true;
  }
  std::string_view rest = t.substr(j);
  if (!rest.empty() && !(delimited && IsSpace(rest.front()))) return std::nullopt;
  if (choices.find(letter) == std::string_view::npos) return std::nullopt;
  return letter;
}

class ChoiceComparator final : public IntoComparator {
 public:
  explicit ChoiceComparator(CompareOptions options) : IntoComparator(std::move(options)) {}

  Comparison CompareInto(std::string_view answer, std::string_view reference,
                         std::string* normalized_answer,
                         std::string* normalized_reference) const override {
    return CompareRead(
        "choice", answer, reference, Reason::kNotAChoice,
        [&](std::string_view text) { return ParseChoice(text, options().choices); },
        [](char letter, std::string* out) { out->push_back(letter); }, std::equal_to<char>(),
        normalized_answer, normalized_reference);
  }
};

// The lookup key of a label: plain text, lower case, single spaces, without
// surrounding emphasis, quotes and final punctuation.
std::string LabelKey(std::string_view text) {
  std::string plain = internal::LatexToPlainText(internal::StripOuterMath(text));
  std::string_view t = Trim(plain);
  auto strip = [](char c) {
    return c == '*' || c == '_' || c == '`' || c == '"' || c == '\'' || c == '.' || c == '!' ||
           c == '?' || c == ',' || c == ':' || c == ';' || IsSpace(c);
  };
  while (!t.empty() && strip(t.front())) t.remove_prefix(1);
  while (!t.empty() && strip(t.back())) t.remove_suffix(1);
  std::string key;
  bool space = false;
  for (char c : t) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !key.empty()) key.push_back(' ');
    space = false;
    key.push_back(ToLower(c));
  }
  return key;
}

class LabelComparator final : public IntoComparator {
 public:
  LabelComparator(CompareOptions options, std::vector<std::pair<std::string, std::string>> keys)
      : IntoComparator(std::move(options)), keys_(std::move(keys)) {}

  Comparison CompareInto(std::string_view answer, std::string_view reference,
                         std::string* normalized_answer,
                         std::string* normalized_reference) const override {
    return CompareRead(
        "label", answer, reference, Reason::kNotALabel,
        [&](std::string_view text) { return Find(LabelKey(text)); },
        [](const std::string& label, std::string* out) { out->append(label); },
        std::equal_to<std::string>(), normalized_answer, normalized_reference);
  }

 private:
  const std::string* Find(const std::string& key) const {
    for (const auto& [k, label] : keys_) {
      if (k == key) return &label;
    }
    return nullptr;
  }

  // (key, label) for every label and alias.
  std::vector<std::pair<std::string, std::string>> keys_;
};

}  // namespace

// -----------------------------------------------------------------------------
// CompareMath
// -----------------------------------------------------------------------------

Comparison CompareMath(std::string_view answer, std::string_view reference,
                       const CompareOptions& options) {
  Comparison c;
  // With percent_is_fraction "25\%" must stay a percent for the parser.
  std::optional<LatexOptions> percent_kept;
  if (options.number.percent_is_fraction) {
    percent_kept = options.latex;
    percent_kept->strip_percent = false;
  }
  const LatexOptions& latex = percent_kept ? *percent_kept : options.latex;
  c.normalized_answer = NormalizeLatex(answer, latex);
  // A correct answer is often the reference byte for byte.
  const bool same = answer == reference;
  if (same) {
    c.normalized_reference = c.normalized_answer;
  } else {
    c.normalized_reference = NormalizeLatex(reference, latex);
  }
  c.method = "latex";
  if (c.normalized_answer.empty()) {
    c.reason = Reason::kEmptyAnswer;
    return c;
  }
  if (same || Trim(answer) == Trim(reference)) {
    c.equal = true;
    c.method = "exact";
    return c;
  }

  std::string_view bare_answer = internal::StripOuterMath(answer);
  std::string_view bare_reference = internal::StripOuterMath(reference);
  std::optional<Number> an = ParseNumber(bare_answer, options.number);
  std::optional<Number> rn = ParseNumber(bare_reference, options.number);
  if (an && rn) {
    c.method = "number";
    c.normalized_answer = an->ToString();
    c.normalized_reference = rn->ToString();
    c.equal = NumbersEqual(*an, *rn, options.tolerance);
    c.reason = c.equal ? Reason::kNone : Reason::kMismatch;
    return c;
  }
  if (c.normalized_reference.empty()) {
    c.reason = Reason::kReferenceUnreadable;
    return c;
  }
  if (c.normalized_answer == c.normalized_reference) {
    c.equal = true;
    return c;
  }

  // Answers listed with words ("1 \text{ or } -2") are read as lists.
  std::string listed_answer;
  std::string listed_reference;
  TextBuffer connectives;
  std::string_view math_answer = c.normalized_answer;
  std::string_view math_reference = c.normalized_reference;
  if (answer.find("\\text{") != std::string_view::npos) {
    listed_answer = NormalizeLatex(ReplaceConnectives(answer, &connectives), latex);
    math_answer = listed_answer;
  }
  if (reference.find("\\text{") != std::string_view::npos) {
    listed_reference = NormalizeLatex(ReplaceConnectives(reference, &connectives), latex);
    math_reference = listed_reference;
  }
  std::optional<MathTree> ta;
  std::optional<MathTree> tr;
  // ParseMath refuses long inputs itself; checking first keeps this linear.
  const size_t limit = internal::kMaxExpressionBytes;
  if (math_answer.size() <= limit && !HasTextWord(answer, math_answer)) {
    ta = internal::ParseMath(math_answer);
  }
  if (math_reference.size() <= limit && !HasTextWord(reference, math_reference)) {
    tr = internal::ParseMath(math_reference);
  }
  if (ta && tr) {
    if (!listed_answer.empty()) c.normalized_answer = std::move(listed_answer);
    if (!listed_reference.empty()) c.normalized_reference = std::move(listed_reference);
    Matcher matcher(*ta, *tr, options);
    std::string_view method;
    Outcome o = matcher.Run(&method);
    c.method = method;
    c.equal = o.equal;
    c.reason = o.equal ? Reason::kNone : o.reason;
    return c;
  }

  // A side that is a number never falls back to text: "-2" is not "2" just
  // because punctuation goes.
  bool numeric_a = an.has_value() || (ta && ta->variables.empty());
  bool numeric_r = rn.has_value() || (tr && tr->variables.empty());
  c.reason = (tr || rn) ? Reason::kMismatch : Reason::kReferenceUnreadable;
  if (numeric_a || numeric_r) return c;
  std::string text_a = NormalizeText(internal::LatexToPlainText(bare_answer), options.text);
  std::string text_r = NormalizeText(internal::LatexToPlainText(bare_reference), options.text);
  if (!HasLetter(text_a) || !HasLetter(text_r)) return c;
  c.method = "text";
  c.normalized_answer = std::move(text_a);
  c.normalized_reference = std::move(text_r);
  c.equal = c.normalized_answer == c.normalized_reference;
  c.reason = c.equal ? Reason::kNone : Reason::kMismatch;
  return c;
}

// -----------------------------------------------------------------------------
// Comparator::Create
// -----------------------------------------------------------------------------

Comparison Comparator::CompareInto(std::string_view answer, std::string_view reference,
                                   std::string* normalized_answer,
                                   std::string* normalized_reference) const {
  Comparison c = Compare(answer, reference);
  if (normalized_answer != nullptr) normalized_answer->swap(c.normalized_answer);
  if (normalized_reference != nullptr) normalized_reference->swap(c.normalized_reference);
  c.normalized_answer.clear();
  c.normalized_reference.clear();
  return c;
}

absl::StatusOr<std::unique_ptr<Comparator>> Comparator::Create(const CompareOptions& options) {
  const Tolerance& t = options.tolerance;
  // Written so that NaN fails too.
  if (!(t.relative >= 0.0) || !(t.absolute >= 0.0)) {
    return absl::InvalidArgumentError("compare: tolerances must be non-negative numbers");
  }
  switch (options.kind) {
    case CompareKind::kExact:
      return std::unique_ptr<Comparator>(new ExactComparator(options));
    case CompareKind::kText:
      return std::unique_ptr<Comparator>(new TextComparator(options));
    case CompareKind::kNumeric:
      return std::unique_ptr<Comparator>(new NumericComparator(options));
    case CompareKind::kMath:
      return std::unique_ptr<Comparator>(new MathComparator(options));
    case CompareKind::kChoice: {
      if (options.choices.empty()) {
        return absl::InvalidArgumentError("compare: \"choices\" must not be empty");
      }
      for (size_t i = 0; i < options.choices.size(); ++i) {
        char c = options.choices[i];
        if (!IsUpper(c)) {
          return absl::InvalidArgumentError(
              absl::StrCat("compare: \"choices\" must be upper-case letters A-Z, got \"",
                           options.choices, "\""));
        }
        if (options.choices.find(c) != i) {
          return absl::InvalidArgumentError(
              absl::StrCat("compare: choice \"", std::string(1, c), "\" appears twice"));
        }
      }
      return std::unique_ptr<Comparator>(new ChoiceComparator(options));
    }
    case CompareKind::kLabel: {
      if (options.labels.empty()) {
        return absl::InvalidArgumentError("compare: a label comparison needs \"labels\"");
      }
      std::vector<std::pair<std::string, std::string>> keys;
      auto add = [&](const std::string& name, const std::string& label) -> absl::Status {
        std::string key = LabelKey(name);
        if (key.empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat("compare: label or alias \"", name, "\" is empty"));
        }
        for (const auto& [k, l] : keys) {
          if (k == key) {
            return absl::InvalidArgumentError(
                absl::StrCat("compare: \"", name, "\" names both \"", l, "\" and \"", label, "\""));
          }
        }
        keys.emplace_back(std::move(key), label);
        return absl::OkStatus();
      };
      for (const std::string& label : options.labels) {
        if (absl::Status s = add(label, label); !s.ok()) return s;
      }
      for (const LabelAlias& alias : options.label_aliases) {
        if (std::find(options.labels.begin(), options.labels.end(), alias.label) ==
            options.labels.end()) {
          return absl::InvalidArgumentError(absl::StrCat("compare: \"label_aliases\" names \"",
                                                         alias.label, "\", which is not a label"));
        }
        for (const std::string& name : alias.aliases) {
          // An alias equal to its own label is harmless.
          if (LabelKey(name) == LabelKey(alias.label)) continue;
          if (absl::Status s = add(name, alias.label); !s.ok()) return s;
        }
      }
      return std::unique_ptr<Comparator>(new LabelComparator(options, std::move(keys)));
    }
  }
  return absl::InvalidArgumentError("compare: unknown comparison type");
}

}  // namespace rewardkit
