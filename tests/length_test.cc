// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of length.h: the golden cases of tests/golden/length.jsonl (band,
// DAPO and cosine values at and around their edges; token estimates against
// recorded cl100k_base counts), and properties over grids and random inputs.

#include "rewardkit/length.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Reads a number that may be written "nan", "inf" or "-inf".
double Number(simdjson::dom::element doc, const char* key, double fallback) {
  simdjson::dom::element e;
  if (doc[key].get(e) != simdjson::SUCCESS) return fallback;
  double d = 0;
  if (e.get_double().get(d) == simdjson::SUCCESS) return d;
  int64_t i = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  std::string_view s;
  REQUIRE(e.get_string().get(s) == simdjson::SUCCESS);
  if (s == "nan") return kNan;
  if (s == "inf") return kInf;
  if (s == "-inf") return -kInf;
  FAIL("bad number " << s);
  return 0;
}

TEST_CASE("golden length cases", "[length][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/length.jsonl"));
  REQUIRE(lines.size() >= 60);
  simdjson::dom::parser parser;
  size_t band = 0, dapo = 0, cosine = 0, tokens = 0;
  double cl100k_total = 0, estimate_total = 0;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string fn = testing::GetString(doc, "fn");
    INFO("length.jsonl line " << line.line << ": " << note);
    REQUIRE_FALSE(note.empty());
    if (fn == "tokens") {
      const std::string text = testing::GetString(doc, "text");
      const double got = static_cast<double>(EstimateTokens(text));
      INFO("estimate " << got);
      simdjson::dom::element e;
      if (doc["expect"].get(e) == simdjson::SUCCESS) {
        CHECK(got == Number(doc, "expect", -1));
      }
      if (doc["cl100k"].get(e) == simdjson::SUCCESS) {
        const double truth = Number(doc, "cl100k", -1);
        INFO("cl100k " << truth);
        const double tolerance = Number(doc, "tolerance", std::max(2.0, 0.25 * truth));
        CHECK(std::abs(got - truth) <= tolerance);
        cl100k_total += truth;
        estimate_total += got;
      }
      ++tokens;
      continue;
    }
    const double expect = Number(doc, "expect", kNan);
    const double length = Number(doc, "length", kNan);
    double got = kNan;
    if (fn == "band") {
      const std::string falloff = testing::GetString(doc, "falloff");
      REQUIRE((falloff == "linear" || falloff == "cosine"));
      got = BandScore(length, Number(doc, "low", kNan), Number(doc, "high", kNan),
                      Number(doc, "width", kNan),
                      falloff == "linear" ? Falloff::kLinear : Falloff::kCosine);
      ++band;
    } else if (fn == "dapo") {
      got =
          DapoOverlongPenalty(length, Number(doc, "max_length", kNan), Number(doc, "cache", kNan));
      ++dapo;
    } else if (fn == "cosine") {
      CosineLengthParams p;
      simdjson::dom::element params;
      if (doc["params"].get(params) == simdjson::SUCCESS) {
        p.correct_at_zero = Number(params, "correct_at_zero", p.correct_at_zero);
        p.correct_at_max_length = Number(params, "correct_at_max_length", p.correct_at_max_length);
        p.wrong_at_zero = Number(params, "wrong_at_zero", p.wrong_at_zero);
        p.wrong_at_max_length = Number(params, "wrong_at_max_length", p.wrong_at_max_length);
        p.exceed_penalty = Number(params, "exceed_penalty", p.exceed_penalty);
        p.max_length = Number(params, "max_length", p.max_length);
      }
      bool correct = false;
      REQUIRE(doc["correct"].get(correct) == simdjson::SUCCESS);
      got = CosineLengthReward(length, correct, p);
      ++cosine;
    } else {
      FAIL("unknown fn " << fn);
    }
    INFO("got " << got << ", expected " << expect);
    CHECK(std::isfinite(got));
    CHECK(std::abs(got - expect) <= 1e-9);
  }
  CHECK(band >= 20);
  CHECK(dapo >= 10);
  CHECK(cosine >= 10);
  CHECK(tokens >= 20);
  // Over all recorded texts, the estimate is within 10% of cl100k_base.
  INFO("estimate " << estimate_total << " vs cl100k " << cl100k_total);
  CHECK(std::abs(estimate_total - cl100k_total) <= 0.1 * cl100k_total);
}

TEST_CASE("BandScore is monotone on each side of the band", "[length]") {
  for (Falloff falloff : {Falloff::kLinear, Falloff::kCosine}) {
    for (double width : {0.0, 0.5, 10.0, 100.0, 1e6}) {
      const double low = 100, high = 250;
      double previous = -1;
      for (double x = -1000; x <= low; x += 0.25) {  // rising toward the band
        const double s = BandScore(x, low, high, width, falloff);
        REQUIRE(s >= previous);
        REQUIRE(s >= 0.0);
        REQUIRE(s <= 1.0);
        previous = s;
      }
      CHECK(previous == 1.0);
      for (double x = high; x <= 2000; x += 0.25) {  // falling away from it
        const double s = BandScore(x, low, high, width, falloff);
        REQUIRE(s <= previous);
        REQUIRE(s >= 0.0);
        previous = s;
      }
      if (width < 1000) CHECK(previous == 0.0);
    }
  }
}

TEST_CASE("BandScore cosine is never below linear", "[length]") {
  // 1 - x <= (1 + cos(pi x)) / 2 on [0, 1/2], and the reverse after.
  for (double d = 0; d <= 50; d += 0.5) {
    const double lin = BandScore(100 - d, 100, 200, 50, Falloff::kLinear);
    const double cos = BandScore(100 - d, 100, 200, 50, Falloff::kCosine);
    if (d <= 25) {
      CHECK(cos >= lin - 1e-12);
    } else {
      CHECK(cos <= lin + 1e-12);
    }
  }
}

// Random doubles that include the awkward ones.
double RandomDouble(std::mt19937_64& rng) {
  static const double kSpecial[] = {0.0,    -0.0,   1.0,    -1.0,   kInf,  -kInf, kNan, 1e308,
                                    -1e308, 4096.0, 4095.5, 1e-300, 20480, 16384, 1e18};
  std::uniform_real_distribution<double> uniform(-1e4, 1e5);
  switch (rng() % 4) {
    case 0:
      return kSpecial[rng() % (sizeof(kSpecial) / sizeof(kSpecial[0]))];
    case 1:
      return std::ldexp(uniform(rng), static_cast<int>(rng() % 200) - 100);
    default:
      return uniform(rng);
  }
}

TEST_CASE("length functions stay in their ranges for random inputs", "[length]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const double a = RandomDouble(rng), b = RandomDouble(rng), c = RandomDouble(rng),
                 d = RandomDouble(rng);
    const double band = BandScore(a, b, c, d, i % 2 == 0 ? Falloff::kLinear : Falloff::kCosine);
    REQUIRE(std::isfinite(band));
    REQUIRE(band >= 0.0);
    REQUIRE(band <= 1.0);
    const double dapo = DapoOverlongPenalty(a, b, c);
    REQUIRE(std::isfinite(dapo));
    REQUIRE(dapo >= -1.0);
    REQUIRE(dapo <= 0.0);
    CosineLengthParams p;
    if (i % 3 == 0) {
      p.correct_at_zero = RandomDouble(rng);
      p.correct_at_max_length = RandomDouble(rng);
      p.wrong_at_zero = RandomDouble(rng);
      p.wrong_at_max_length = RandomDouble(rng);
      p.exceed_penalty = RandomDouble(rng);
      p.max_length = RandomDouble(rng);
    }
    const double r = CosineLengthReward(a, i % 2 == 0, p);
    REQUIRE(std::isfinite(r));
    const double params[] = {p.correct_at_zero, p.correct_at_max_length, p.wrong_at_zero,
                             p.wrong_at_max_length, p.exceed_penalty};
    bool any_nan = std::isnan(p.max_length);
    double lo = kInf, hi = -kInf;
    for (double x : params) {
      any_nan = any_nan || std::isnan(x);
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    if (any_nan) {
      REQUIRE(r == 0.0);
    } else {
      REQUIRE(r >= std::max(lo, -std::numeric_limits<double>::max()));
      REQUIRE(r <= std::min(hi, std::numeric_limits<double>::max()));
    }
  }
}

TEST_CASE("EstimateTokens stays in range for random bytes", "[length]") {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 64, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    const size_t n = EstimateTokens(text);
    INFO(i);
    REQUIRE((text.empty() ? n == 0 : n >= 1));
    REQUIRE(n <= 2 * text.size());
  }
}

TEST_CASE("DapoOverlongPenalty is non-increasing in length", "[length]") {
  for (double cache : {0.0, 1.0, 512.0, 4096.0, 30000.0}) {
    double previous = 0.0;
    for (double x = -100; x <= 22000; x += 0.5) {
      const double p = DapoOverlongPenalty(x, 20480, cache);
      REQUIRE(p <= previous);
      previous = p;
    }
    CHECK(previous == -1.0);
  }
}

TEST_CASE("CosineLengthReward is monotone below max_length", "[length]") {
  const CosineLengthParams p;
  double correct = kInf, wrong = -kInf;
  for (double x = 0; x < p.max_length; x += 0.5) {
    const double c = CosineLengthReward(x, true, p);
    const double w = CosineLengthReward(x, false, p);
    REQUIRE(c <= correct);  // shorter correct answers earn more
    REQUIRE(w >= wrong);    // longer wrong answers are punished less
    REQUIRE(c > w);
    correct = c;
    wrong = w;
  }
  CHECK(correct >= 1.0);
  CHECK(wrong <= 0.0);
}

TEST_CASE("EstimateTokens handles any bytes in linear time", "[length]") {
  CHECK(EstimateTokens("") == 0);
  CHECK(EstimateTokens(std::string(1, '\0')) == 1);
  std::string invalid;
  for (int i = 0; i < 256; ++i) invalid += static_cast<char>(i);
  CHECK(EstimateTokens(invalid) > 100);
  CHECK(EstimateTokens("\xe2\x82") >= 1);      // a truncated sequence
  CHECK(EstimateTokens("\xed\xa0\x80") >= 1);  // an encoded surrogate
  // 10 MB inputs of every kind of piece.
  for (std::string_view unit :
       {"a", "A", "aB", "1", " ", "\n", "-", "'s", "\xe4\xb8\xad", "\xff", "word ", "x\xc3\xa9"}) {
    std::string text;
    text.reserve(10 << 20);
    while (text.size() < (10u << 20)) text.append(unit);
    const size_t n = EstimateTokens(text);
    INFO("unit \"" << unit << "\": " << n);
    CHECK(n >= 1);
    CHECK(n <= text.size() * 2);
  }
}

TEST_CASE("EstimateTokens is close to additive over paragraphs", "[length]") {
  const std::string a =
      "Janet sells 16 - 3 - 4 = 9 duck eggs a day. She makes 9 * 2 = $18 every day.\n";
  const std::string b = "int main() {\n  return 0;\n}\n";
  const double whole = static_cast<double>(EstimateTokens(a + b));
  const double parts = static_cast<double>(EstimateTokens(a) + EstimateTokens(b));
  CHECK(std::abs(whole - parts) <= 2);
}

}  // namespace
}  // namespace rewardkit
