// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A recursive-descent parser from normalized LaTeX to MathTree, and the
// evaluator of its scalar parts. The grammar, loosest binding first:
//
//   list      := relation ((',' | ';') relation)*
//   relation  := union (relop union)*        relop: = < > \leq \geq \neq \in
//   union     := sum ('\cup' sum)*
//   sum       := term (('+' | '-' | \pm | \mp) term)*
//   term      := unary (('*' | \cdot | \times | '/' | \div) unary | power)*
//   unary     := ('-' | '+' | \pm | \mp) unary | power
//   power     := postfix ('^' exponent)?
//   postfix   := primary ('!' | '%')*
//   primary   := number | variable | ( list ) | [ list ] | { list } | \{ list \}
//              | |sum| | \frac a b | \sqrt[n] a | \binom a b | \pi | \infty
//              | function argument | \lfloor sum \rfloor | \begin{pmatrix}..
//
// Sums and products are n-ary nodes, so "1+1+...+1" is one node, not a deep
// tree; only nesting (brackets, braces, unary signs, exponents) deepens the
// tree, and every nesting step passes a depth guard.

#include "math_expr.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "ascii.h"

namespace rewardkit::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// -----------------------------------------------------------------------------
// Tokens
// -----------------------------------------------------------------------------

enum class Tok : uint8_t { kEnd, kNumber, kLetter, kCommand, kChar };

struct Token {
  Tok type = Tok::kEnd;
  std::string_view text;  // kCommand: the name without the backslash
};

// Answers are short: their tokens, and the operands a rule gathers, usually
// fit inline, so that parsing does not allocate.
using Tokens = absl::InlinedVector<Token, 16>;
using Ids = absl::InlinedVector<int32_t, 4>;

// Splits normalized LaTeX into `tokens`. Returns false for bytes outside
// ASCII and for words: three or more letters in a row are text, not a
// product of variables.
bool Lex(std::string_view s, Tokens& tokens) {
  size_t letters_in_row = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    if (IsLetter(c)) {
      if (++letters_in_row >= 3) return false;
      tokens.push_back({Tok::kLetter, s.substr(i, 1)});
      ++i;
      continue;
    }
    letters_in_row = 0;
    if (c == ' ') {
      ++i;
      continue;
    }
    if (IsDigit(c) || (c == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))) {
      size_t j = i;
      bool point = false;
      while (j < s.size() && (IsDigit(s[j]) || (s[j] == '.' && !point))) {
        if (s[j] == '.') point = true;
        ++j;
      }
      // Scientific notation: 1.5e3, 2e10, 1.5e-3 (a sign only after a point,
      // since "3e-2" is more likely 3e minus 2).
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (point && k < s.size() && (s[k] == '-' || s[k] == '+')) ++k;
        if (k < s.size() && IsDigit(s[k])) {
          while (k < s.size() && IsDigit(s[k])) ++k;
          if (k >= s.size() || !IsLetter(s[k])) j = k;
        }
      }
      tokens.push_back({Tok::kNumber, s.substr(i, j - i)});
      i = j;
      continue;
    }
    if (c == '\\') {
      size_t j = i + 1;
      while (j < s.size() && IsLetter(s[j])) ++j;
      if (j == i + 1 && j < s.size()) ++j;  // a control symbol: \{ \} \\ \% \|
      std::string_view name = s.substr(i + 1, j - i - 1);
      tokens.push_back({Tok::kCommand, name});
      i = j;
      // An environment name is one token, not a word: \begin{pmatrix}.
      if ((name == "begin" || name == "end") && i < s.size() && s[i] == '{') {
        size_t close = s.find('}', i);
        if (close == std::string_view::npos) return false;
        tokens.push_back({Tok::kChar, s.substr(i, 1)});
        tokens.push_back({Tok::kLetter, s.substr(i + 1, close - i - 1)});
        tokens.push_back({Tok::kChar, s.substr(close, 1)});
        i = close + 1;
      }
      continue;
    }
    tokens.push_back({Tok::kChar, s.substr(i, 1)});
    ++i;
  }
  tokens.push_back({Tok::kEnd, {}});
  return true;
}

std::optional<Function> FunctionNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Function> kFunctions[] = {
      {"sin", Function::kSin},       {"cos", Function::kCos},       {"tan", Function::kTan},
      {"cot", Function::kCot},       {"sec", Function::kSec},       {"csc", Function::kCsc},
      {"arcsin", Function::kArcsin}, {"arccos", Function::kArccos}, {"arctan", Function::kArctan},
      {"sinh", Function::kSinh},     {"cosh", Function::kCosh},     {"tanh", Function::kTanh},
      {"ln", Function::kLn},         {"log", Function::kLog},       {"exp", Function::kExp},
  };
  for (const auto& [n, f] : kFunctions) {
    if (n == name) return f;
  }
  return std::nullopt;
}

bool IsGreekLetter(std::string_view name) {
  return OneOf(name,
               {"alpha",  "beta",  "gamma",  "delta", "epsilon", "varepsilon", "theta", "vartheta",
                "lambda", "mu",    "sigma",  "tau",   "phi",     "varphi",     "omega", "rho",
                "eta",    "xi",    "zeta",   "kappa", "nu",      "chi",        "psi",   "Gamma",
                "Delta",  "Theta", "Lambda", "Sigma", "Phi",     "Omega",      "Psi"});
}

// -----------------------------------------------------------------------------
// Parser
// -----------------------------------------------------------------------------

class Parser {
 public:
  explicit Parser(std::span<const Token> tokens) : tokens_(tokens) {
    // A node or two per token is typical: one allocation each, not a series.
    tree_.nodes.reserve(tokens.size() + 4);
    tree_.children.reserve(tokens.size() + 4);
  }

  std::optional<MathTree> Run() {
    Ids items;
    ParseItems(&items);
    if (failed_ || Peek().type != Tok::kEnd || items.empty()) return std::nullopt;
    tree_.root = items.size() == 1 ? items[0] : Add(NodeKind::kList, items);
    if (failed_) return std::nullopt;
    return std::move(tree_);
  }

 private:
  // Counts nesting; past kMaxParseDepth the input is unparseable.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser* p) : p_(p) {
      if (++p_->depth_ > kMaxParseDepth) p_->failed_ = true;
    }
    ~DepthGuard() { --p_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser* p_;
  };

  const Token& Peek(size_t ahead = 0) const {
    size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  bool PeekChar(char c, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.type == Tok::kChar && t.text[0] == c;
  }
  bool PeekCommand(std::string_view name, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.type == Tok::kCommand && t.text == name;
  }
  bool ConsumeChar(char c) {
    if (!PeekChar(c)) return false;
    ++pos_;
    return true;
  }
  bool ConsumeCommand(std::string_view name) {
    if (!PeekCommand(name)) return false;
    ++pos_;
    return true;
  }
  int32_t Fail() {
    failed_ = true;
    return -1;
  }

  int32_t Add(NodeKind kind, std::initializer_list<int32_t> kids, uint8_t op = 0, uint8_t op2 = 0,
              int32_t index = 0) {
    return Add(kind, std::span<const int32_t>(kids.begin(), kids.size()), op, op2, index);
  }

  int32_t Add(NodeKind kind, std::span<const int32_t> kids, uint8_t op = 0, uint8_t op2 = 0,
              int32_t index = 0) {
    if (failed_) return -1;
    for (int32_t k : kids) {
      if (k < 0) return Fail();
    }
    Node node;
    node.kind = kind;
    node.op = op;
    node.op2 = op2;
    node.index = index;
    node.first = static_cast<uint32_t>(tree_.children.size());
    node.count = static_cast<uint32_t>(kids.size());
    switch (kind) {
      case NodeKind::kBracket:
      case NodeKind::kSet:
      case NodeKind::kList:
      case NodeKind::kMatrix:
      case NodeKind::kUnion:
      case NodeKind::kEmptySet:
      case NodeKind::kRelation:
        node.scalar = false;
        break;
      default:
        for (int32_t k : kids) node.scalar = node.scalar && tree_.node(k).scalar;
        break;
    }
    tree_.children.insert(tree_.children.end(), kids.begin(), kids.end());
    tree_.nodes.push_back(node);
    return static_cast<int32_t>(tree_.nodes.size() - 1);
  }

  int32_t AddNumber(const Number& value, NodeKind kind = NodeKind::kNumber, int32_t index = 0) {
    int32_t id = Add(kind, {}, 0, 0, index);
    if (id >= 0) tree_.nodes[static_cast<size_t>(id)].value = value;
    return id;
  }

  int32_t AddVariable(std::string name) {
    auto it = std::find(tree_.variables.begin(), tree_.variables.end(), name);
    int32_t index = static_cast<int32_t>(it - tree_.variables.begin());
    if (it == tree_.variables.end()) tree_.variables.push_back(std::move(name));
    return Add(NodeKind::kVariable, {}, 0, 0, index);
  }

  int32_t AddPlusMinus(int32_t child, bool minus_first) {
    int32_t index = tree_.plus_minus_count++;
    if (index >= 31) return Fail();
    return Add(NodeKind::kPlusMinus, {child}, minus_first ? 1 : 0, 0, index);
  }

  // Items separated by ',' or ';'.
  void ParseItems(Ids* items) {
    items->push_back(ParseRelation());
    while (!failed_ && (PeekChar(',') || PeekChar(';'))) {
      ++pos_;
      items->push_back(ParseRelation());
    }
  }

  std::optional<Relation> PeekRelation() const {
    const Token& t = Peek();
    if (t.type == Tok::kChar) {
      if (t.text == "=") return Relation::kEqual;
      if (t.text == "<") return Relation::kLess;
      if (t.text == ">") return Relation::kGreater;
    }
    if (t.type == Tok::kCommand) {
      if (t.text == "leq") return Relation::kLessEqual;
      if (t.text == "geq") return Relation::kGreaterEqual;
      if (t.text == "neq") return Relation::kNotEqual;
      if (t.text == "in") return Relation::kIn;
    }
    return std::nullopt;
  }

  bool IsVariable(int32_t id) const {
    return id >= 0 && tree_.node(id).kind == NodeKind::kVariable;
  }

  static bool IsInequality(Relation r) {
    return r == Relation::kLess || r == Relation::kLessEqual || r == Relation::kGreater ||
           r == Relation::kGreaterEqual;
  }
  static bool IsUpper(Relation r) { return r == Relation::kLess || r == Relation::kLessEqual; }
  static bool IsStrict(Relation r) { return r == Relation::kLess || r == Relation::kGreater; }
  static Relation Mirror(Relation r) {
    switch (r) {
      case Relation::kLess:
        return Relation::kGreater;
      case Relation::kLessEqual:
        return Relation::kGreaterEqual;
      case Relation::kGreater:
        return Relation::kLess;
      case Relation::kGreaterEqual:
        return Relation::kLessEqual;
      default:
        return r;
    }
  }

  int32_t Infinity(bool negative) {
    int32_t inf = Add(NodeKind::kInfinity, {});
    return negative ? Add(NodeKind::kNegate, {inf}) : inf;
  }

  int32_t Interval(int32_t lo, bool lo_open, int32_t hi, bool hi_open) {
    return Add(NodeKind::kBracket, {lo, hi}, lo_open ? '(' : '[', hi_open ? ')' : ']');
  }

  // "x op bound" as x \in interval.
  int32_t HalfLine(int32_t var, Relation op, int32_t bound) {
    int32_t interval = IsUpper(op) ? Interval(Infinity(true), true, bound, IsStrict(op))
                                   : Interval(bound, IsStrict(op), Infinity(false), true);
    return Add(NodeKind::kRelation, {var, interval}, static_cast<uint8_t>(Relation::kIn));
  }

  // Relations; inequalities on one variable become x \in interval, so that
  // "x > 3" equals "(3, \infty)" and "-2 < x \leq 5" equals "(-2, 5]".
  int32_t ParseRelation() {
    int32_t first = ParseUnion();
    absl::InlinedVector<Relation, 3> ops;
    Ids operands = {first};
    while (!failed_) {
      std::optional<Relation> r = PeekRelation();
      if (!r) break;
      ++pos_;
      ops.push_back(*r);
      operands.push_back(ParseUnion());
      if (ops.size() > 2) return Fail();
    }
    if (failed_) return -1;
    if (ops.empty()) return first;
    if (ops.size() == 1) {
      Relation op = ops[0];
      int32_t lhs = operands[0];
      int32_t rhs = operands[1];
      if (IsInequality(op)) {
        if (IsVariable(lhs)) return HalfLine(lhs, op, rhs);
        if (IsVariable(rhs)) return HalfLine(rhs, Mirror(op), lhs);
      }
      if (op == Relation::kIn && !IsVariable(lhs)) return Fail();
      return Add(NodeKind::kRelation, {lhs, rhs}, static_cast<uint8_t>(op));
    }
    // a < x < b and a > x > b.
    Relation op1 = ops[0];
    Relation op2 = ops[1];
    int32_t var = operands[1];
    if (!IsInequality(op1) || !IsInequality(op2) || IsUpper(op1) != IsUpper(op2) ||
        !IsVariable(var)) {
      return Fail();
    }
    int32_t interval = IsUpper(op1)
                           ? Interval(operands[0], IsStrict(op1), operands[2], IsStrict(op2))
                           : Interval(operands[2], IsStrict(op2), operands[0], IsStrict(op1));
    return Add(NodeKind::kRelation, {var, interval}, static_cast<uint8_t>(Relation::kIn));
  }

  int32_t ParseUnion() {
    Ids parts = {ParseSum()};
    while (!failed_ && ConsumeCommand("cup")) parts.push_back(ParseSum());
    if (parts.size() == 1) return parts[0];
    return Add(NodeKind::kUnion, parts);
  }

  int32_t ParseSum() {
    DepthGuard guard(this);
    if (failed_) return -1;
    Ids terms = {ParseTerm()};
    while (!failed_) {
      if (ConsumeChar('+')) {
        terms.push_back(ParseTerm());
      } else if (ConsumeChar('-')) {
        terms.push_back(Add(NodeKind::kNegate, {ParseTerm()}));
      } else if (ConsumeCommand("pm")) {
        terms.push_back(AddPlusMinus(ParseTerm(), false));
      } else if (ConsumeCommand("mp")) {
        terms.push_back(AddPlusMinus(ParseTerm(), true));
      } else {
        break;
      }
    }
    if (terms.size() == 1) return terms[0];
    return Add(NodeKind::kSum, terms);
  }

  // Whether the next token can start a factor written right after another
  // (implicit multiplication: 2x, 2\sqrt{3}, 7\pi, (a+1)(b+2)).
  bool ImplicitStart() const {
    const Token& t = Peek();
    switch (t.type) {
      case Tok::kNumber:
      case Tok::kLetter:
        return true;
      case Tok::kChar:
        return t.text == "(" || t.text == "{";
      case Tok::kCommand:
        return OneOf(t.text, {"frac", "sqrt", "binom", "pi", "infty", "lfloor", "lceil"}) ||
               FunctionNamed(t.text).has_value() || IsGreekLetter(t.text);
      case Tok::kEnd:
        return false;
    }
    return false;
  }

  int32_t ParseTerm() {
    Ids factors = {ParseUnary()};
    while (!failed_) {
      if (ConsumeChar('*') || ConsumeCommand("cdot") || ConsumeCommand("times")) {
        factors.push_back(ParseUnary());
      } else if (ConsumeChar('/') || ConsumeCommand("div")) {
        factors.push_back(Add(NodeKind::kReciprocal, {ParseUnary()}));
      } else if (ImplicitStart()) {
        factors.push_back(ParsePower());
      } else {
        break;
      }
    }
    if (factors.size() == 1) return factors[0];
    return Add(NodeKind::kProduct, factors);
  }

  int32_t ParseUnary() {
    DepthGuard guard(this);
    if (failed_) return -1;
    if (ConsumeChar('-')) return Add(NodeKind::kNegate, {ParseUnary()});
    if (ConsumeChar('+')) return ParseUnary();
    if (ConsumeCommand("pm")) return AddPlusMinus(ParseUnary(), false);
    if (ConsumeCommand("mp")) return AddPlusMinus(ParseUnary(), true);
    return ParsePower();
  }

  int32_t ParsePower() {
    int32_t base = ParsePostfix();
    if (!failed_ && ConsumeChar('^')) {
      int32_t exponent = ParseExponent();
      base = Add(NodeKind::kPower, {base, exponent});
      if (PeekChar('^')) return Fail();  // a double superscript
    }
    return base;
  }

  // An exponent: an argument, or a negated primary (2^-1).
  int32_t ParseExponent() { return ParseArgument(/*signed_primary=*/true); }

  int32_t ParsePostfix() {
    int32_t p = ParsePrimary();
    while (!failed_) {
      if (ConsumeChar('!')) {
        p = Add(NodeKind::kFactorial, {p});
      } else if (ConsumeChar('%') || ConsumeCommand("%")) {
        p = Add(NodeKind::kPercent, {p});
      } else {
        break;
      }
    }
    return p;
  }

  // An argument of \frac, \sqrt, \binom: a braced sum or a single primary,
  // which with `signed_primary` may have a '-' in front.
  int32_t ParseArgument(bool signed_primary = false) {
    DepthGuard guard(this);
    if (failed_) return -1;
    if (ConsumeChar('{')) {
      int32_t e = ParseSum();
      if (!ConsumeChar('}')) return Fail();
      return e;
    }
    if (signed_primary && ConsumeChar('-')) return Add(NodeKind::kNegate, {ParsePrimary()});
    return ParsePrimary();
  }

  static std::optional<int64_t> SmallInteger(std::string_view digits) {
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : digits) {
      if (!IsDigit(c)) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static Number NumberOf(std::string_view text) {
    size_t e = text.find_first_of("eE");
    int64_t exp10 = 0;
    if (e != std::string_view::npos) {
      std::string_view es = text.substr(e + 1);
      bool negative = !es.empty() && es[0] == '-';
      if (!es.empty() && (es[0] == '-' || es[0] == '+')) es.remove_prefix(1);
      for (char c : es) exp10 = std::min<int64_t>(exp10 * 10 + (c - '0'), 100000000);
      if (negative) exp10 = -exp10;
      text = text.substr(0, e);
    }
    size_t point = text.find('.');
    std::string_view int_part = text.substr(0, point);
    std::string_view frac_part =
        point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    return NumberFromDecimal(int_part, frac_part, exp10);
  }

  int32_t ParseNumberToken() {
    std::string_view text = Peek().text;
    ++pos_;
    Number value = NumberOf(text);
    bool integer = text.find_first_not_of("0123456789") == std::string_view::npos;
    // A base subscript: 204_{5}.
    if (integer && PeekChar('_') && PeekChar('{', 1) && Peek(2).type == Tok::kNumber &&
        PeekChar('}', 3)) {
      std::optional<int64_t> base = SmallInteger(Peek(2).text);
      if (base && *base >= 2 && *base <= 36) {
        pos_ += 4;
        return AddNumber(value, NodeKind::kBased, static_cast<int32_t>(*base));
      }
    }
    // A mixed number as MATH writes it: 12\frac{3}{5} is 12 + 3/5.
    if (integer && PeekCommand("frac") && PeekChar('{', 1) && Peek(2).type == Tok::kNumber &&
        PeekChar('}', 3) && PeekChar('{', 4) && Peek(5).type == Tok::kNumber && PeekChar('}', 6)) {
      std::optional<int64_t> num = SmallInteger(Peek(2).text);
      std::optional<int64_t> den = SmallInteger(Peek(5).text);
      if (num && den && *den != 0) {
        pos_ += 7;
        return AddNumber(internal::Add(value, Number::Rational(*num, *den)));
      }
    }
    return AddNumber(value);
  }

  int32_t ParseVariable() {
    std::string name(Peek().text);
    ++pos_;
    if (ConsumeChar('_')) {
      // The subscript becomes part of the name: x_1, a_{n+1}.
      name += "_{";
      if (ConsumeChar('{')) {
        int depth = 1;
        size_t taken = 0;
        while (depth > 0) {
          const Token& t = Peek();
          if (t.type == Tok::kEnd || ++taken > 64) return Fail();
          if (t.type == Tok::kChar && t.text == "{") ++depth;
          if (t.type == Tok::kChar && t.text == "}" && --depth == 0) break;
          if (t.type == Tok::kCommand) name += "\\";
          name += t.text;
          ++pos_;
        }
        ++pos_;
      } else {
        const Token& t = Peek();
        if (t.type != Tok::kNumber && t.type != Tok::kLetter) return Fail();
        name += t.text;
        ++pos_;
      }
      name += "}";
    }
    return AddVariable(std::move(name));
  }

  // ( list ) [ list ] and the mixed (a, b] [a, b); one item in ( ) or [ ]
  // is a grouping.
  int32_t ParseBracketed() {
    DepthGuard guard(this);
    if (failed_) return -1;
    char open = Peek().text[0];
    ++pos_;
    Ids items;
    ParseItems(&items);
    if (failed_) return -1;
    char close = 0;
    if (ConsumeChar(')')) {
      close = ')';
    } else if (ConsumeChar(']')) {
      close = ']';
    } else {
      return Fail();
    }
    if (items.size() == 1) {
      if ((open == '(' && close == ')') || (open == '[' && close == ']')) return items[0];
      return Fail();
    }
    return Add(NodeKind::kBracket, items, static_cast<uint8_t>(open), static_cast<uint8_t>(close));
  }

  int32_t ParseBraceGroup() {
    DepthGuard guard(this);
    if (failed_) return -1;
    ++pos_;
    Ids items;
    ParseItems(&items);
    if (!ConsumeChar('}')) return Fail();
    if (items.size() == 1) return items[0];
    return Add(NodeKind::kList, items);
  }

  int32_t ParseSet() {
    DepthGuard guard(this);
    if (failed_) return -1;
    Ids items;
    if (!ConsumeCommand("}")) {
      ParseItems(&items);
      if (!ConsumeCommand("}")) return Fail();
    }
    return Add(NodeKind::kSet, items);
  }

  int32_t ParseFunction(Function f) {
    DepthGuard guard(this);
    if (failed_) return -1;
    int32_t power = -1;
    if (ConsumeChar('^')) power = ParseExponent();  // \sin^2 x
    int32_t base = -1;
    if (f == Function::kLog && ConsumeChar('_')) base = ParseArgument();  // \log_2 8
    int32_t arg = -1;
    if (PeekChar('(')) {
      arg = ParseBracketed();
    } else if (PeekChar('{')) {
      arg = ParseBraceGroup();
    } else {
      // \sin 2x is sin(2x); the argument ends at the next function.
      Ids factors = {ParsePower()};
      while (!failed_ && ImplicitStart() && !FunctionNamed(Peek().text) &&
             Peek().type != Tok::kNumber) {
        factors.push_back(ParsePower());
      }
      arg = factors.size() == 1 ? factors[0] : Add(NodeKind::kProduct, factors);
    }
    int32_t node = base >= 0 ? Add(NodeKind::kFunction, {arg, base}, static_cast<uint8_t>(f))
                             : Add(NodeKind::kFunction, {arg}, static_cast<uint8_t>(f));
    if (power >= 0) node = Add(NodeKind::kPower, {node, power});
    return node;
  }

  // The letters of an environment name: {pmatrix}.
  std::string EnvironmentName() {
    std::string name;
    if (!ConsumeChar('{') || Peek().type != Tok::kLetter) return name;
    name = Peek().text;
    ++pos_;
    if (!ConsumeChar('}')) return {};
    return name;
  }

  int32_t ParseMatrix() {
    DepthGuard guard(this);
    if (failed_) return -1;
    std::string env = EnvironmentName();
    if (!OneOf(env, {"pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix"})) return Fail();
    Ids cells;
    size_t columns = 0;
    size_t in_row = 0;
    while (!failed_) {
      if (PeekCommand("end")) break;
      cells.push_back(ParseSum());
      ++in_row;
      if (ConsumeChar('&')) continue;
      if (ConsumeCommand("\\") || PeekCommand("end")) {
        if (columns == 0) columns = in_row;
        if (in_row != columns) return Fail();
        in_row = 0;
        continue;
      }
      return Fail();
    }
    if (failed_ || !ConsumeCommand("end") || EnvironmentName() != env || cells.empty() ||
        in_row != 0) {
      return Fail();
    }
    return Add(NodeKind::kMatrix, cells, 0, 0, static_cast<int32_t>(columns));
  }

  int32_t ParsePrimary() {
    DepthGuard guard(this);
    if (failed_) return -1;
    const Token& t = Peek();
    switch (t.type) {
      case Tok::kEnd:
        return Fail();
      case Tok::kNumber:
        return ParseNumberToken();
      case Tok::kLetter:
        return ParseVariable();
      case Tok::kChar:
        if (t.text == "(" || t.text == "[") return ParseBracketed();
        if (t.text == "{") return ParseBraceGroup();
        if (t.text == "|") {
          ++pos_;
          int32_t inner = ParseSum();
          if (!ConsumeChar('|')) return Fail();
          return Add(NodeKind::kAbs, {inner});
        }
        return Fail();
      case Tok::kCommand:
        break;
    }
    std::string_view name = t.text;
    ++pos_;
    if (name == "{") return ParseSet();
    if (name == "frac") {
      int32_t num = ParseArgument();
      int32_t den = ParseArgument();
      return Add(NodeKind::kProduct, {num, Add(NodeKind::kReciprocal, {den})});
    }
    if (name == "sqrt") {
      int32_t index = -1;
      if (ConsumeChar('[')) {
        index = ParseSum();
        if (!ConsumeChar(']')) return Fail();
      } else {
        index = AddNumber(Number::Rational(2, 1));
      }
      int32_t radicand = ParseArgument();
      return Add(NodeKind::kRoot, {index, radicand});
    }
    if (name == "binom") {
      int32_t n = ParseArgument();
      int32_t k = ParseArgument();
      return Add(NodeKind::kBinomial, {n, k});
    }
    if (name == "pi") return Add(NodeKind::kPi, {});
    if (name == "infty") return Add(NodeKind::kInfinity, {});
    if (name == "emptyset") return Add(NodeKind::kEmptySet, {});
    if (name == "mathbb") {
      // \mathbb{R}, the real line.
      if (ConsumeChar('{') && Peek().type == Tok::kLetter && Peek().text == "R" &&
          PeekChar('}', 1)) {
        pos_ += 2;
        return Interval(Infinity(true), true, Infinity(false), true);
      }
      return Fail();
    }
    if (std::optional<Function> f = FunctionNamed(name)) return ParseFunction(*f);
    if (name == "lfloor" || name == "lceil") {
      int32_t inner = ParseSum();
      if (!ConsumeCommand(name == "lfloor" ? "rfloor" : "rceil")) return Fail();
      return Add(name == "lfloor" ? NodeKind::kFloor : NodeKind::kCeil, {inner});
    }
    if (name == "begin") return ParseMatrix();
    if (IsGreekLetter(name)) return AddVariable("\\" + std::string(name));
    return Fail();
  }

  std::span<const Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  MathTree tree_;
};

double ApplyFunction(Function f, double x) {
  switch (f) {
    case Function::kSin:
      return std::sin(x);
    case Function::kCos:
      return std::cos(x);
    case Function::kTan:
      return std::tan(x);
    case Function::kCot:
      return 1.0 / std::tan(x);
    case Function::kSec:
      return 1.0 / std::cos(x);
    case Function::kCsc:
      return 1.0 / std::sin(x);
    case Function::kArcsin:
      return std::asin(x);
    case Function::kArccos:
      return std::acos(x);
    case Function::kArctan:
      return std::atan(x);
    case Function::kSinh:
      return std::sinh(x);
    case Function::kCosh:
      return std::cosh(x);
    case Function::kTanh:
      return std::tanh(x);
    case Function::kLn:
    case Function::kLog:
      return std::log(x);
    case Function::kExp:
      return std::exp(x);
  }
  return kNaN;
}

}  // namespace

std::optional<MathTree> ParseMath(std::string_view normalized) {
  if (normalized.empty() || normalized.size() > kMaxExpressionBytes) return std::nullopt;
  Tokens tokens;
  if (!Lex(normalized, tokens)) return std::nullopt;
  return Parser(tokens).Run();
}

Number Evaluate(const MathTree& tree, int32_t id, const Env& env) {
  const Node& n = tree.node(id);
  if (!n.scalar) return Number::Real(kNaN);
  std::span<const int32_t> kids = tree.ChildrenOf(id);
  auto child = [&](size_t k) { return Evaluate(tree, kids[k], env); };
  switch (n.kind) {
    case NodeKind::kNumber:
    case NodeKind::kBased:
      return n.value;
    case NodeKind::kVariable: {
      size_t i = static_cast<size_t>(n.index);
      return i < env.values.size() ? env.values[i] : Number::Real(kNaN);
    }
    case NodeKind::kPi:
      return Number::Real(std::numbers::pi);
    case NodeKind::kInfinity:
      return Number::Real(std::numeric_limits<double>::infinity());
    case NodeKind::kSum: {
      Number sum = child(0);
      for (size_t k = 1; k < kids.size(); ++k) sum = Add(sum, child(k));
      return sum;
    }
    case NodeKind::kProduct: {
      Number product = child(0);
      for (size_t k = 1; k < kids.size(); ++k) product = Multiply(product, child(k));
      return product;
    }
    case NodeKind::kNegate:
      return Negate(child(0));
    case NodeKind::kReciprocal:
      return Divide(Number::Rational(1, 1), child(0));
    case NodeKind::kPlusMinus: {
      bool minus = ((env.plus_minus_mask >> static_cast<uint32_t>(n.index)) & 1u) != 0;
      if (n.op == 1) minus = !minus;
      Number v = child(0);
      return minus ? Negate(v) : v;
    }
    case NodeKind::kPower:
      return Power(child(0), child(1));
    case NodeKind::kRoot: {
      Number index = child(0);
      if (IsZero(index)) return Number::Real(kNaN);
      return Power(child(1), Divide(Number::Rational(1, 1), index));
    }
    case NodeKind::kFunction: {
      Number x = child(0);
      double r = ApplyFunction(static_cast<Function>(n.op), x.value());
      if (kids.size() == 2) r /= std::log(child(1).value());
      return Number::Real(r);
    }
    case NodeKind::kFactorial:
      return Factorial(child(0));
    case NodeKind::kBinomial:
      return Binomial(child(0), child(1));
    case NodeKind::kAbs:
      return Abs(child(0));
    case NodeKind::kFloor:
      return Floor(child(0));
    case NodeKind::kCeil:
      return Ceil(child(0));
    case NodeKind::kPercent:
      return Divide(child(0), Number::Rational(100, 1));
    default:
      return Number::Real(kNaN);
  }
}

void CollectSymbols(const MathTree& tree, int32_t node, SymbolList* variables,
                    SymbolList* plus_minus) {
  absl::InlinedVector<bool, 16> seen_var(tree.variables.size(), false);
  absl::InlinedVector<bool, 32> seen_pm(static_cast<size_t>(tree.plus_minus_count), false);
  for (int32_t v : *variables) seen_var[static_cast<size_t>(v)] = true;
  for (int32_t p : *plus_minus) seen_pm[static_cast<size_t>(p)] = true;
  absl::InlinedVector<int32_t, 16> stack = {node};
  while (!stack.empty()) {
    int32_t id = stack.back();
    stack.pop_back();
    const Node& n = tree.node(id);
    size_t index = static_cast<size_t>(n.index);
    if (n.kind == NodeKind::kVariable && !seen_var[index]) {
      seen_var[index] = true;
      variables->push_back(n.index);
    }
    if (n.kind == NodeKind::kPlusMinus && !seen_pm[index]) {
      seen_pm[index] = true;
      plus_minus->push_back(n.index);
    }
    for (int32_t k : tree.ChildrenOf(id)) stack.push_back(k);
  }
}

}  // namespace rewardkit::internal
