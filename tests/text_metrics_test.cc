// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of the similarity and repetition metrics: the golden cases of
// tests/golden/similarity.jsonl and tests/golden/repetition.jsonl, properties
// checked against naive implementations on random inputs, and hostile input.

#include "rewardkit/text_metrics.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/normalize.h"
#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

constexpr double kTolerance = 1e-9;

// Reads the number field `key` of `e` (integers too) into *out.
bool GetNumber(simdjson::dom::element e, const char* key, double* out) {
  simdjson::dom::element v;
  if (e[key].get(v) != simdjson::SUCCESS) return false;
  return v.get(*out) == simdjson::SUCCESS;
}

int64_t GetInt(simdjson::dom::element e, const char* key, int64_t fallback) {
  int64_t v = 0;
  return e[key].get(v) == simdjson::SUCCESS ? v : fallback;
}

void ReadBool(simdjson::dom::element e, const char* key, bool* out) {
  bool v = false;
  if (e[key].get(v) == simdjson::SUCCESS) *out = v;
}

bool InUnitInterval(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

void CheckScore(const OverlapScore& s) {
  CHECK(InUnitInterval(s.precision));
  CHECK(InUnitInterval(s.recall));
  CHECK(InUnitInterval(s.f1));
}

TEST_CASE("golden similarity cases", "[text_metrics][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/similarity.jsonl"));
  REQUIRE(lines.size() >= 60);
  simdjson::dom::parser parser;
  std::map<std::string, int> per_metric;
  // Every case also through one scratch, reused across them all.
  TextMetricsScratch scratch;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string metric = testing::GetString(doc, "metric");
    const std::string candidate = testing::GetString(doc, "candidate");
    const std::string reference = testing::GetString(doc, "reference");
    INFO("similarity.jsonl line " << line.line << ": " << note << "\n  candidate: " << candidate
                                  << "\n  reference: " << reference);
    REQUIRE_FALSE(note.empty());
    ++per_metric[metric];

    if (metric == "rouge_n" || metric == "rouge_l") {
      simdjson::dom::element expected;
      REQUIRE(doc["expected"].get(expected) == simdjson::SUCCESS);
      double precision = 0, recall = 0, f1 = 0;
      REQUIRE(GetNumber(expected, "precision", &precision));
      REQUIRE(GetNumber(expected, "recall", &recall));
      REQUIRE(GetNumber(expected, "f1", &f1));
      OverlapScore got;
      OverlapScore reused;
      if (metric == "rouge_n") {
        const int n = static_cast<int>(GetInt(doc, "n", 1));
        got = RougeN(candidate, reference, n);
        reused = RougeN(candidate, reference, n, scratch);
      } else {
        const auto max_tokens = static_cast<size_t>(GetInt(doc, "max_tokens", kDefaultMaxTokens));
        got = RougeL(candidate, reference, max_tokens);
        reused = RougeL(candidate, reference, max_tokens, scratch);
      }
      CHECK(reused.precision == got.precision);
      CHECK(reused.recall == got.recall);
      CHECK(reused.f1 == got.f1);
      CHECK(got.precision == Approx(precision).margin(kTolerance));
      CHECK(got.recall == Approx(recall).margin(kTolerance));
      CHECK(got.f1 == Approx(f1).margin(kTolerance));
      CheckScore(got);
      continue;
    }

    double expected = 0;
    REQUIRE(GetNumber(doc, "expected", &expected));
    double got = -1;
    double reused = -1;
    if (metric == "levenshtein") {
      const auto max_code_points =
          static_cast<size_t>(GetInt(doc, "max_code_points", kDefaultMaxCodePoints));
      got = LevenshteinRatio(candidate, reference, max_code_points);
      reused = LevenshteinRatio(candidate, reference, max_code_points, scratch);
    } else if (metric == "token_f1") {
      TextOptions options;
      simdjson::dom::element o;
      if (doc["options"].get(o) == simdjson::SUCCESS) {
        ReadBool(o, "lowercase", &options.lowercase);
        ReadBool(o, "strip_punctuation", &options.strip_punctuation);
        ReadBool(o, "remove_articles", &options.remove_articles);
        ReadBool(o, "collapse_whitespace", &options.collapse_whitespace);
      }
      got = TokenF1(candidate, reference, options);
      reused = TokenF1(candidate, reference, options, scratch);
    } else if (metric == "bleu") {
      bool smooth = true;
      ReadBool(doc, "smooth", &smooth);
      const int max_n = static_cast<int>(GetInt(doc, "max_n", 4));
      got = Bleu(candidate, reference, max_n, smooth);
      reused = Bleu(candidate, reference, max_n, smooth, scratch);
    } else {
      FAIL("unknown metric \"" << metric << "\"");
    }
    CHECK(got == Approx(expected).margin(kTolerance));
    CHECK(reused == got);
    CHECK(InUnitInterval(got));
  }
  // Every metric has golden cases.
  for (const char* metric : {"levenshtein", "token_f1", "rouge_n", "rouge_l", "bleu"}) {
    INFO(metric);
    CHECK(per_metric[metric] >= 5);
  }
}

TEST_CASE("golden repetition cases", "[text_metrics][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/repetition.jsonl"));
  REQUIRE(lines.size() >= 15);
  simdjson::dom::parser parser;
  TextMetricsScratch scratch;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string text = testing::GetString(doc, "text");
    INFO("repetition.jsonl line " << line.line << ": " << note << "\n  text: " << text);
    REQUIRE_FALSE(note.empty());
    double expected = 0;
    REQUIRE(GetNumber(doc, "expected", &expected));
    const int n = static_cast<int>(GetInt(doc, "n", 1));
    const double got = NgramRepetition(text, n);
    CHECK(got == Approx(expected).margin(kTolerance));
    CHECK(NgramRepetition(text, n, scratch) == got);
    CHECK(InUnitInterval(got));
  }
}

TEST_CASE("Tokenize", "[text_metrics]") {
  using V = std::vector<std::string>;
  CHECK(Tokenize("Hello, World! 你好") == V{"hello", "world", "你", "好"});
  CHECK(Tokenize("") == V{});
  CHECK(Tokenize(" .,;!? ") == V{});
  CHECK(Tokenize("snake_case x1y2") == V{"snake", "case", "x1y2"});
  CHECK(Tokenize("Café NAÏVE Ærø") == V{"café", "naïve", "ærø"});
  CHECK(Tokenize("ŁÓDŹ Straße") == V{"łódź", "straße"});
  CHECK(Tokenize("ΑΘΗΝΑ Ώρα") == V{"αθηνα", "ώρα"});
  CHECK(Tokenize("МОСКВА Ёлка") == V{"москва", "ёлка"});
  CHECK(Tokenize("«Bonjour» — dit-il…") == V{"bonjour", "dit", "il"});
  CHECK(Tokenize("1×2÷3 ¿Qué?") == V{"1", "2", "3", "qué"});
  CHECK(Tokenize("我爱你。ありがとう、カタカナ") ==
        V{"我", "爱", "你", "あ", "り", "が", "と", "う", "カ", "タ", "カ", "ナ"});
  CHECK(Tokenize("한국어 สวัสดี") == V{"한", "국", "어", "ส", "ว", "ั", "ส", "ด", "ี"});
  CHECK(Tokenize("ＡＢＣ！ｘｙｚ") == V{"ＡＢＣ", "ｘｙｚ"});  // full-width letters are not folded
  CHECK(Tokenize("a\u00a0b\u3000c") == V{"a", "b", "c"});
  CHECK(Tokenize("emoji👍here") == V{"emoji👍here"});
  // NUL bytes separate; invalid UTF-8 bytes are word bytes of their own.
  CHECK(Tokenize(std::string_view("ab\0cd", 5)) == V{"ab", "cd"});
  CHECK(Tokenize("x\xff\xfey \xe6\x97") == V{"x\xff\xfey", "\xe6\x97"});
  CHECK(Tokenize("\xc3\x28") == V{"\xc3"});  // invalid 2-byte sequence: lead byte then '('
}

TEST_CASE("LevenshteinRatio on invalid UTF-8 and bounds", "[text_metrics]") {
  CHECK(LevenshteinRatio("a\xff"
                         "b",
                         "ab") == Approx(2.0 / 3.0));
  CHECK(LevenshteinRatio("\xff", "\xfe") == 0.0);
  CHECK(LevenshteinRatio("\xff", "\xff") == 1.0);
  // A truncated sequence is two invalid units, not one code point.
  CHECK(LevenshteinRatio("\xe6\x97", "\xe6\x97\xa5") == 0.0);
  CHECK(LevenshteinRatio(std::string_view("a\0b", 3), "ab") == Approx(2.0 / 3.0));
  // Only the first max_code_points are compared.
  const std::string big(1 << 20, 'a');
  CHECK(LevenshteinRatio(big, big + "b") == 1.0);
  CHECK(LevenshteinRatio(big, "b" + big) == Approx(1.0 - 1.0 / 10000.0));
  CHECK(LevenshteinRatio(big, "aaaa") == Approx(4.0 / 10000.0));
  CHECK(LevenshteinRatio("abcd", "abxy", 2) == 1.0);
  CHECK(LevenshteinRatio("日本語", "日本人", 2) == 1.0);
}

// The textbook full-matrix edit distance over code points (ASCII here).
size_t NaiveEditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
  }
  return d[a.size()][b.size()];
}

size_t NaiveLcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = a[i - 1] == b[j - 1] ? d[i - 1][j - 1] + 1 : std::max(d[i - 1][j], d[i][j - 1]);
    }
  }
  return d[a.size()][b.size()];
}

using Ngram = std::vector<std::string>;

std::map<Ngram, size_t> NaiveNgrams(const std::vector<std::string>& tokens, size_t n) {
  std::map<Ngram, size_t> out;
  for (size_t i = 0; i + n <= tokens.size(); ++i) {
    ++out[Ngram(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                tokens.begin() + static_cast<std::ptrdiff_t>(i + n))];
  }
  return out;
}

// A random string over a small alphabet, so that repeats and matches happen.
std::string RandomText(std::mt19937* rng, size_t max_len, std::string_view alphabet) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  const size_t n = len(*rng);
  for (size_t i = 0; i < n; ++i) s.push_back(alphabet[pick(*rng)]);
  return s;
}

// A random text of the words "a" "b" "c" "d" separated by spaces.
std::string RandomWords(std::mt19937* rng, size_t max_words) {
  std::uniform_int_distribution<size_t> len(0, max_words);
  std::uniform_int_distribution<int> pick(0, 3);
  std::string s;
  const size_t n = len(*rng);
  for (size_t i = 0; i < n; ++i) {
    s.push_back(static_cast<char>('a' + pick(*rng)));
    s.push_back(' ');
  }
  return s;
}

TEST_CASE("LevenshteinRatio agrees with the full-matrix definition", "[text_metrics]") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 500; ++trial) {
    const std::string a = RandomText(&rng, 30, "abc");
    const std::string b = RandomText(&rng, 30, "abc");
    INFO("a=\"" << a << "\" b=\"" << b << "\"");
    const double got = LevenshteinRatio(a, b);
    const size_t longest = std::max(a.size(), b.size());
    const double want = longest == 0 ? 1.0
                                     : 1.0 - static_cast<double>(NaiveEditDistance(a, b)) /
                                                 static_cast<double>(longest);
    CHECK(got == Approx(want).margin(1e-12));
    CHECK(LevenshteinRatio(b, a) == got);
  }
}

TEST_CASE("RougeL, RougeN and NgramRepetition agree with naive counting", "[text_metrics]") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const std::string c = RandomWords(&rng, 40);
    const std::string r = RandomWords(&rng, 40);
    INFO("candidate=\"" << c << "\" reference=\"" << r << "\"");
    const std::vector<std::string> ct = Tokenize(c);
    const std::vector<std::string> rt = Tokenize(r);

    const OverlapScore l = RougeL(c, r);
    if (!ct.empty() && !rt.empty()) {
      const double lcs = static_cast<double>(NaiveLcs(ct, rt));
      CHECK(l.precision == Approx(lcs / static_cast<double>(ct.size())));
      CHECK(l.recall == Approx(lcs / static_cast<double>(rt.size())));
    } else {
      CHECK(l.f1 == 0.0);
    }
    CheckScore(l);

    for (int n = 1; n <= 9; ++n) {
      INFO("n=" << n);
      const auto order = static_cast<size_t>(n);
      const std::map<Ngram, size_t> cg = NaiveNgrams(ct, order);
      const std::map<Ngram, size_t> rg = NaiveNgrams(rt, order);
      size_t overlap = 0;
      size_t c_total = 0;
      size_t r_total = 0;
      for (const auto& [gram, count] : cg) {
        c_total += count;
        auto it = rg.find(gram);
        if (it != rg.end()) overlap += std::min(count, it->second);
      }
      for (const auto& entry : rg) r_total += entry.second;
      const OverlapScore s = RougeN(c, r, n);
      if (c_total > 0 && r_total > 0) {
        CHECK(s.precision == Approx(static_cast<double>(overlap) / static_cast<double>(c_total)));
        CHECK(s.recall == Approx(static_cast<double>(overlap) / static_cast<double>(r_total)));
      } else {
        CHECK(s.f1 == 0.0);
      }
      CheckScore(s);

      const double rep = NgramRepetition(c, n);
      if (c_total > 0) {
        CHECK(rep ==
              Approx(static_cast<double>(c_total - cg.size()) / static_cast<double>(c_total)));
      } else {
        CHECK(rep == 0.0);
      }
    }
  }
}

TEST_CASE("NgramRepetition agrees with naive counting on either side of n = 16", "[text_metrics]") {
  std::mt19937 rng(13);
  for (int trial = 0; trial < 100; ++trial) {
    const std::string text = RandomWords(&rng, 120);
    const std::vector<std::string> tokens = Tokenize(text);
    for (int n = 10; n <= 22; ++n) {
      INFO("text=\"" << text << "\" n=" << n);
      const std::map<Ngram, size_t> grams = NaiveNgrams(tokens, static_cast<size_t>(n));
      size_t total = 0;
      for (const auto& entry : grams) total += entry.second;
      const double want =
          total == 0 ? 0.0 : static_cast<double>(total - grams.size()) / static_cast<double>(total);
      CHECK(NgramRepetition(text, n) == Approx(want));
    }
  }
}

TEST_CASE("A reused TextMetricsScratch changes no result", "[text_metrics]") {
  std::mt19937 rng(17);
  TextMetricsScratch scratch;
  for (int trial = 0; trial < 400; ++trial) {
    // Long and short texts in turn, so that the scratch holds more than a
    // call needs, and tokens of the call before.
    const std::string candidate = RandomWords(&rng, trial % 2 == 0 ? 400 : 3) + " The B, c.";
    const std::string reference = RandomWords(&rng, trial % 3 == 0 ? 2 : 60);
    TextOptions options;
    options.lowercase = (trial & 1) != 0;
    options.strip_punctuation = (trial & 2) != 0;
    options.remove_articles = (trial & 4) != 0;
    options.collapse_whitespace = (trial & 8) != 0;
    INFO("candidate=\"" << candidate << "\" reference=\"" << reference << "\"");
    CHECK(TokenF1(candidate, reference, options, scratch) ==
          TokenF1(candidate, reference, options));
    CHECK(TokenF1(reference, candidate, options, scratch) ==
          TokenF1(reference, candidate, options));
    for (int n : {1, 2, 4, 16, 17}) {
      CHECK(NgramRepetition(candidate, n, scratch) == NgramRepetition(candidate, n));
    }
    // The other metrics share the scratch's tables and id sequences: one
    // side and two, in turn.
    for (const auto& [a, b] : {std::pair{candidate, reference}, std::pair{reference, candidate}}) {
      CHECK(LevenshteinRatio(a, b, 50, scratch) == LevenshteinRatio(a, b, 50));
      for (int n : {1, 2, 3, 5}) {
        const OverlapScore want = RougeN(a, b, n);
        const OverlapScore got = RougeN(a, b, n, scratch);
        CHECK(got.precision == want.precision);
        CHECK(got.recall == want.recall);
        CHECK(got.f1 == want.f1);
      }
      const OverlapScore want = RougeL(a, b, 40);
      const OverlapScore got = RougeL(a, b, 40, scratch);
      CHECK(got.precision == want.precision);
      CHECK(got.recall == want.recall);
      CHECK(got.f1 == want.f1);
      CHECK(Bleu(a, b, 4, (trial & 1) != 0, scratch) == Bleu(a, b, 4, (trial & 1) != 0));
      CHECK(NgramRepetition(a, 18, scratch) == NgramRepetition(a, 18));
    }
  }
}

TEST_CASE("Bleu properties", "[text_metrics]") {
  const std::string sentence = "the quick brown fox jumps over the lazy dog";
  CHECK(Bleu(sentence, sentence) == Approx(1.0));
  CHECK(Bleu(sentence, sentence, 4, false) == Approx(1.0));
  // Case and punctuation do not count (tokens are lower-cased words).
  CHECK(Bleu("The Quick, Brown Fox!", "the quick brown fox") == Approx(1.0));
  // A longer candidate loses precision but not to the brevity penalty.
  const double longer = Bleu(sentence + " again and again", sentence);
  CHECK(longer < 1.0);
  CHECK(longer > 0.5);
  // Dropping words is penalised by brevity.
  CHECK(Bleu("the quick brown fox", sentence) < Bleu(sentence, sentence));
  // Smoothing only ever raises the score.
  std::mt19937 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const std::string c = RandomWords(&rng, 12);
    const std::string r = RandomWords(&rng, 12);
    INFO("candidate=\"" << c << "\" reference=\"" << r << "\"");
    for (int n = 1; n <= 5; ++n) {
      const double smooth = Bleu(c, r, n, true);
      const double plain = Bleu(c, r, n, false);
      CHECK(InUnitInterval(smooth));
      CHECK(InUnitInterval(plain));
      // With n = 1 there is nothing to smooth; else smoothing can only help
      // when a precision is 0 and otherwise moves each precision towards 1/2.
      if (n == 1) CHECK(smooth == plain);
      if (plain == 0.0 && Tokenize(c).size() >= static_cast<size_t>(n)) CHECK(smooth >= plain);
    }
  }
}

TEST_CASE("TokenF1 is symmetric and bounded", "[text_metrics]") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const std::string a = RandomWords(&rng, 10);
    const std::string b = RandomWords(&rng, 10);
    const double ab = TokenF1(a, b);
    CHECK(InUnitInterval(ab));
    CHECK(ab == Approx(TokenF1(b, a)));
  }
  CHECK(TokenF1("a b c", "a b c") == 1.0);
}

TEST_CASE("metrics on hostile input stay finite and in [0, 1]", "[text_metrics]") {
  std::mt19937 rng(13);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string noise(1 << 20, '\0');  // random bytes, NULs and invalid UTF-8 included
  for (char& c : noise) c = static_cast<char>(byte(rng));
  std::string loop;
  while (loop.size() < (1u << 20)) loop += "I think so. ";

  const std::vector<std::string_view> inputs = {
      "", noise, loop, "\xff", std::string_view("\0", 1), "\xf0\x9f\x98", "a"};
  for (std::string_view a : inputs) {
    for (std::string_view b : {std::string_view(""), std::string_view("I think so."),
                               std::string_view(noise).substr(0, 5000)}) {
      INFO("sizes " << a.size() << " and " << b.size());
      CHECK(InUnitInterval(LevenshteinRatio(a, b)));
      CHECK(InUnitInterval(TokenF1(a, b)));
      CheckScore(RougeN(a, b, 2));
      CheckScore(RougeL(a, b));
      CHECK(InUnitInterval(Bleu(a, b)));
    }
    for (int n : {-1, 0, 1, 3, 1000, 1 << 30}) {
      CHECK(InUnitInterval(NgramRepetition(a, n)));
    }
  }
  // A degenerate loop is nearly all repetition, for short and long n-grams.
  CHECK(NgramRepetition(loop, 3) > 0.99);
  CHECK(NgramRepetition(loop, 1000) > 0.99);
  CHECK(NgramRepetition(noise, 1000) == 0.0);
}

TEST_CASE("a 10 MB response is scored, with the dynamic programs bounded", "[text_metrics]") {
  std::string loop;
  while (loop.size() < (10u << 20)) loop += "I think so. ";
  const std::string reference = "I think so.";
  // Only the first 10,000 code points or tokens go into the dynamic programs,
  // so one more character or word at the end changes nothing.
  CHECK(LevenshteinRatio(loop, loop + "!") == 1.0);
  CHECK(LevenshteinRatio(loop, reference) == Approx(11.0 / 10000.0));
  CHECK(RougeL(loop, loop + " extra").f1 == 1.0);
  CHECK(RougeL(loop, "I think so", 2).precision == 1.0);
  // The n-gram metrics read all of it.
  const OverlapScore r1 = RougeN(loop, reference, 1);
  CHECK(r1.recall == 1.0);
  CHECK(r1.precision == Approx(3.0 / static_cast<double>(Tokenize(loop).size())));
  CHECK(Bleu(reference, loop) < 1e-6);  // brevity
  CHECK(TokenF1(loop, reference) < 1e-5);
}

}  // namespace
}  // namespace rewardkit
