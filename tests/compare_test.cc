// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Unit tests of the comparators: option validation, the fields of a
// Comparison, hostile input, determinism and thread safety, and the MATH-500
// answers compared with themselves. Most input/verdict cases live in
// tests/golden/compare.jsonl.

#include "rewardkit/compare.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "math_expr.h"
#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

std::unique_ptr<Comparator> Make(const CompareOptions& options) {
  absl::StatusOr<std::unique_ptr<Comparator>> c = Comparator::Create(options);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return *std::move(c);
}

std::unique_ptr<Comparator> Make(CompareKind kind) {
  CompareOptions options;
  options.kind = kind;
  return Make(options);
}

bool MathEqual(std::string_view a, std::string_view b) {
  return CompareMath(a, b, CompareOptions{}).equal;
}

using testing::Repeat;

TEST_CASE("ReasonName gives stable snake_case names", "[compare]") {
  CHECK(ReasonName(Reason::kNone) == "none");
  CHECK(ReasonName(Reason::kMismatch) == "mismatch");
  CHECK(ReasonName(Reason::kAnswerNotNumber) == "answer_not_number");
  CHECK(ReasonName(Reason::kReferenceUnreadable) == "reference_unreadable");
  CHECK(ReasonName(Reason::kArityMismatch) == "arity_mismatch");
  CHECK(ReasonName(Reason::kNotAChoice) == "not_a_choice");
  CHECK(ReasonName(Reason::kNotALabel) == "not_a_label");
  CHECK(ReasonName(Reason::kEmptyAnswer) == "empty_answer");
}

TEST_CASE("Comparator::Create rejects contradictory options", "[compare]") {
  CompareOptions o;
  o.tolerance.relative = -1;
  CHECK(Comparator::Create(o).status().code() == absl::StatusCode::kInvalidArgument);
  o.tolerance.relative = std::nan("");
  CHECK_FALSE(Comparator::Create(o).ok());
  o = CompareOptions{};
  o.tolerance.absolute = -0.5;
  CHECK_FALSE(Comparator::Create(o).ok());

  o = CompareOptions{};
  o.kind = CompareKind::kChoice;
  o.choices = "";
  CHECK_FALSE(Comparator::Create(o).ok());
  o.choices = "abc";
  CHECK_FALSE(Comparator::Create(o).ok());
  o.choices = "ABA";
  CHECK_FALSE(Comparator::Create(o).ok());
  o.choices = "ABCDEFGH";
  CHECK(Comparator::Create(o).ok());

  o = CompareOptions{};
  o.kind = CompareKind::kLabel;
  CHECK_FALSE(Comparator::Create(o).ok());  // no labels
  o.labels = {"yes", "no"};
  CHECK(Comparator::Create(o).ok());
  o.labels = {"yes", "YES"};
  CHECK_FALSE(Comparator::Create(o).ok());  // the same label twice
  o.labels = {"yes", "no"};
  o.label_aliases = {{"maybe", {"perhaps"}}};
  CHECK_FALSE(Comparator::Create(o).ok());  // alias of an unknown label
  o.label_aliases = {{"yes", {"y"}}, {"no", {"y"}}};
  CHECK_FALSE(Comparator::Create(o).ok());  // one alias, two labels
  o.label_aliases = {{"yes", {"y", "Yes"}}, {"no", {"n"}}};
  CHECK(Comparator::Create(o).ok());
}

TEST_CASE("every Comparison carries normalized forms, a reason and a method", "[compare]") {
  Comparison c = Make(CompareKind::kMath)->Compare("$\\dfrac{\\pi}{\\pi}$", "1");
  CHECK(c.equal);
  CHECK(c.reason == Reason::kNone);
  CHECK(c.normalized_answer == "\\frac{\\pi}{\\pi}");
  CHECK(c.normalized_reference == "1");
  CHECK(c.method == "expression");

  c = Make(CompareKind::kMath)->Compare("\\$1,000", "1000");
  CHECK(c.method == "number");
  CHECK(c.normalized_answer == "1000");

  c = Make(CompareKind::kMath)->Compare("(1, 2, 3)", "(1, 2)");
  CHECK_FALSE(c.equal);
  CHECK(c.reason == Reason::kArityMismatch);
  CHECK(c.method == "tuple");

  c = Make(CompareKind::kMath)->Compare("x = 5", "5");
  CHECK(c.method == "assignment");
  c = Make(CompareKind::kMath)->Compare("2x+2", "2(x+1)");
  CHECK(c.method == "symbolic");
  c = Make(CompareKind::kMath)->Compare("\\text{Monday}", "monday");
  CHECK(c.method == "text");
  CHECK(c.normalized_answer == "monday");

  c = Make(CompareKind::kMath)->Compare("  ", "5");
  CHECK(c.reason == Reason::kEmptyAnswer);
  c = Make(CompareKind::kMath)->Compare("5", "\\frac{");
  CHECK(c.reason == Reason::kReferenceUnreadable);

  c = Make(CompareKind::kNumeric)->Compare("five", "5");
  CHECK(c.reason == Reason::kAnswerNotNumber);
  c = Make(CompareKind::kNumeric)->Compare("5", "five");
  CHECK(c.reason == Reason::kReferenceUnreadable);
  c = Make(CompareKind::kNumeric)->Compare("4", "5");
  CHECK(c.reason == Reason::kMismatch);
  CHECK(c.normalized_answer == "4");

  c = Make(CompareKind::kChoice)->Compare("maybe", "A");
  CHECK(c.reason == Reason::kNotAChoice);
  c = Make(CompareKind::kText)->Compare("!!!", "x");
  CHECK(c.reason == Reason::kEmptyAnswer);
  c = Make(CompareKind::kExact)->Compare("", "");
  CHECK(c.reason == Reason::kEmptyAnswer);

  CompareOptions labels;
  labels.kind = CompareKind::kLabel;
  labels.labels = {"Entailment", "Contradiction"};
  c = Make(labels)->Compare("entailment.", "Entailment");
  CHECK(c.equal);
  CHECK(c.normalized_answer == "Entailment");
  c = Make(labels)->Compare("neutral", "Entailment");
  CHECK(c.reason == Reason::kNotALabel);
}

TEST_CASE("kNumeric's whole-number shortcut decides as the general path does", "[compare]") {
  // Plain digit strings take the shortcut; a leading space sends the same
  // answer down the general path (ParseNumber and NumbersEqual).
  CompareOptions o;
  o.kind = CompareKind::kNumeric;
  o.tolerance.relative = 1e-6;
  auto numeric = Make(o);
  std::mt19937 rng(20261203);
  size_t equal = 0;
  for (int round = 0; round < 20000; ++round) {
    auto digits = [&] {
      std::string d(1 + rng() % 20, '0');
      for (char& c : d) c = static_cast<char>('0' + (rng() % 3 == 0 ? 0 : rng() % 10));
      return d;
    };
    const std::string answer = digits();
    const std::string reference = round % 4 == 0 ? "00" + answer : digits();
    for (bool keep_answer : {false, true}) {
      std::string na;
      std::string nr;
      const Comparison fast =
          numeric->CompareInto(answer, reference, keep_answer ? &na : nullptr, &nr);
      const Comparison general = numeric->Compare(" " + answer, reference);
      INFO(answer << " vs " << reference);
      REQUIRE(fast.equal == general.equal);
      REQUIRE(fast.reason == general.reason);
      REQUIRE(fast.method == general.method);
      REQUIRE(nr == general.normalized_reference);
      REQUIRE(na == (keep_answer ? general.normalized_answer : ""));
      equal += fast.equal;
    }
  }
  CHECK(equal > 5000);  // the references with leading zeros, at least
}

TEST_CASE("kMath avoids the usual false positives", "[compare]") {
  CHECK_FALSE(MathEqual("2", "-2"));
  CHECK_FALSE(MathEqual("\\frac{1}{2}", "2"));
  CHECK_FALSE(MathEqual("(1,2)", "(2,1)"));
  CHECK_FALSE(MathEqual("x=3", "y=3"));
  CHECK_FALSE(MathEqual("\\pm 2021", "2021"));
  CHECK_FALSE(MathEqual("y = 4", "x = 3, y = 4"));
  CHECK_FALSE(MathEqual("(1,2]", "[1,2]"));
  CHECK_FALSE(MathEqual("-(2", "2"));  // unreadable answers do not fall back to text
  CHECK_FALSE(MathEqual("x - y", "y - x"));
  CHECK_FALSE(MathEqual("a b c", "c b a"));  // "abc" is a word, not a product
}

TEST_CASE("kMath symbolic comparison is deterministic", "[compare]") {
  // The same verdict every time: the sample points are fixed.
  for (int i = 0; i < 20; ++i) {
    CHECK(MathEqual("\\frac{x^2-1}{x-1}", "x+1"));
    CHECK_FALSE(MathEqual("x^3", "x^2"));
  }
}

TEST_CASE("kMath gives a verdict on hostile input, never a crash", "[compare]") {
  const size_t n = 10u << 20;
  std::vector<std::string> inputs = {
      std::string(n, '1'),
      Repeat("1,", n / 2) + "1",
      Repeat("(", n / 2) + Repeat(")", n / 2),
      Repeat("{", n),
      Repeat("\\frac", n / 5),
      Repeat("x", n),
      Repeat("\\text{", n / 6) + "}",
      "5\\hspace{\\text{" + Repeat("ab ", n / 3) + "}}",
      Repeat("\\text{ or }", n / 12),
      Repeat("1+", n / 2) + "1",
      Repeat("\\sqrt", n / 5),
      Repeat("2^{", 5000) + "2" + Repeat("}", 5000),
      Repeat("(", 5000) + "1" + Repeat(")", 5000),
      Repeat("-", 10000) + "1",
      Repeat("\\frac{1}{", 3000) + "2" + Repeat("}", 3000),
      Repeat("x \\pm ", 2000) + "1",
      Repeat("|", 9999),
      "10^{100000}",
      "10^{10^{10^{10}}}",
      "1000000!",
      "\\binom{1000000000}{500000000}",
      Repeat("(x+1)", 3000),
      "\\{" + Repeat("1,", 3000) + "1\\}",
  };
  for (const std::string& input : inputs) {
    INFO(input.substr(0, 40) << " (" << input.size() << " bytes)");
    [&] {
      Comparison c = CompareMath(input, "{" + input.substr(0, 1 << 14) + "}", CompareOptions{});
      (void)c;
      c = CompareMath(input, "1", CompareOptions{});
      CHECK_FALSE(c.equal);
    }();
  }
}

TEST_CASE("kMath parses nesting up to the depth limit and no further", "[compare]") {
  std::string shallow = Repeat("(", 40) + "1" + Repeat(")", 40);
  CHECK(MathEqual(shallow, "1"));
  std::string deep = Repeat("(", 1000) + "1" + Repeat(")", 1000);
  CHECK_FALSE(internal::ParseMath(deep).has_value());
  CHECK_FALSE(MathEqual(deep, "1"));
}

TEST_CASE("a comparator is safe to share between threads", "[compare]") {
  std::unique_ptr<Comparator> c = Make(CompareKind::kMath);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\\frac{x+1}{2}", "\\frac{1}{2}x+\\frac12"},
      {"1, -2", "-2, 1"},
      {"0.25", "\\frac14"},
      {"(1,2]", "[1,2]"},
      {"\\text{Monday}", "monday"},
      {"\\pm 3", "3, -3"},
  };
  std::vector<bool> expected;
  for (const auto& [a, r] : cases) expected.push_back(c->Compare(a, r).equal);
  std::vector<int> failures(8, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        for (size_t i = 0; i < cases.size(); ++i) {
          if (c->Compare(cases[i].first, cases[i].second).equal != expected[i]) ++failures[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int f : failures) CHECK(f == 0);
}

TEST_CASE("random LaTeX-like input never breaks the comparators", "[compare]") {
  static constexpr std::string_view kTokens[] = {
      "\\frac",
      "\\sqrt",
      "{",
      "}",
      "(",
      ")",
      "[",
      "]",
      "\\{",
      "\\}",
      "1",
      "23",
      ".5",
      ",",
      "x",
      "y",
      "=",
      "+",
      "-",
      "\\pm",
      "^",
      "_",
      "\\cdot",
      "\\text{",
      "cm",
      " ",
      "\\left(",
      "\\right)",
      "\\infty",
      "\\cup",
      "\\pi",
      "!",
      "|",
      "\\begin{pmatrix}",
      "\\end{pmatrix}",
      "&",
      "\\\\",
      "<",
      "\\leq",
      "\\in",
      "\\%",
      "\\$",
      "{,}",
      ",\\!",
      "^\\circ",
      "\\sin",
      "\\log_",
      "\\binom",
      "e3",
      "\xE2\x88\x92",
      "\\mathbb{R}",
      "\\emptyset",
      "2\\frac{1}{2}",
      "\\dfrac",
      "0",
      "\xC3",
      "\\",
      "$",
      "%",
      "/",
  };
  constexpr size_t kCount = sizeof(kTokens) / sizeof(kTokens[0]);
  uint64_t state = 20260101;  // a fixed seed: the same inputs every run
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  auto random_text = [&] {
    std::string s;
    size_t n = next() % 14;
    for (size_t i = 0; i < n; ++i) s.append(kTokens[next() % kCount]);
    return s;
  };
  std::vector<std::unique_ptr<Comparator>> comparators;
  for (CompareKind kind : {CompareKind::kExact, CompareKind::kText, CompareKind::kNumeric,
                           CompareKind::kMath, CompareKind::kChoice}) {
    comparators.push_back(Make(kind));
  }
  for (int i = 0; i < 20000; ++i) {
    std::string a = random_text();
    std::string b = (i % 3 == 0) ? "{" + a + "}" : random_text();
    for (const auto& c : comparators) {
      Comparison first = c->Compare(a, b);
      Comparison second = c->Compare(a, b);
      INFO("\"" << a << "\" vs \"" << b << "\"");
      CHECK((first.reason == Reason::kNone) == first.equal);
      CHECK(first.equal == second.equal);
    }
  }
}

// Every MATH-500 answer equals itself written differently (in braces against
// a \boxed{}), so no answer in the benchmark defeats the normalizers.
TEST_CASE("MATH-500 answers compare equal to themselves", "[compare][data]") {
  const std::string path = testing::SharedDataPath("math500_test.jsonl");
  if (!std::ifstream(path)) {
    WARN("skipped: " << path << " is missing");
    return;
  }
  std::string text = testing::ReadFile(path);
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  REQUIRE(parser.parse_many(text).get(stream) == simdjson::SUCCESS);
  size_t rows = 0;
  size_t equal = 0;
  for (simdjson::dom::element row : stream) {
    std::string_view answer;
    REQUIRE(row["answer"].get(answer) == simdjson::SUCCESS);
    std::string a(answer);
    ++rows;
    Comparison c = CompareMath("{" + a + "}", "\\boxed{" + a + "}", CompareOptions{});
    if (c.equal) {
      ++equal;
    } else {
      UNSCOPED_INFO(a << " (" << c.method << ", " << ReasonName(c.reason) << ")");
    }
  }
  CHECK(rows == 500);
  CHECK(equal == rows);
}

}  // namespace
}  // namespace rewardkit
