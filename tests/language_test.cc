// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of script and language detection: the golden cases of
// tests/golden/language.jsonl, the script table, and hostile input.

#include "rewardkit/language.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

bool InUnitInterval(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

// The invariants of every guess.
void CheckGuess(const LanguageGuess& g) {
  CHECK(InUnitInterval(g.script_fraction));
  CHECK(InUnitInterval(g.confidence));
  if (g.language.empty()) CHECK(g.confidence == 0.0);
  if (g.script == Script::kUnknown) {
    CHECK(g.language.empty());
    CHECK(g.script_fraction == 0.0);
  } else {
    CHECK(g.script_fraction > 0.0);
  }
}

TEST_CASE("golden language cases", "[language][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/language.jsonl"));
  REQUIRE(lines.size() >= 150);
  simdjson::dom::parser parser;
  std::map<std::string, int> cases;  // per expected language
  std::map<std::string, int> right;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    const std::string text = testing::GetString(doc, "text");
    const std::string script = testing::GetString(doc, "script");
    const std::string language = testing::GetString(doc, "language");
    INFO("language.jsonl line " << line.line << ": " << note << "\n  text: " << text);
    REQUIRE_FALSE(note.empty());
    REQUIRE_FALSE(script.empty());

    const LanguageGuess g = DetectLanguage(text);
    INFO("got " << ScriptName(g.script) << " \"" << g.language << "\" fraction "
                << g.script_fraction << " confidence " << g.confidence);
    CheckGuess(g);
    CHECK(ScriptName(g.script) == script);
    CHECK(g.language == language);
    double min_confidence = 0;
    if (doc["min_confidence"].get(min_confidence) == simdjson::SUCCESS) {
      CHECK(g.confidence >= min_confidence);
    }
    ++cases[language];
    if (g.language == language) ++right[language];
  }
  // Enough cases of each Latin-script language, and the hard pairs.
  for (const char* lang : {"en", "es", "fr", "de", "pt", "it"}) {
    INFO(lang << ": " << right[lang] << " right of " << cases[lang]);
    CHECK(cases[lang] >= 20);
  }
}

TEST_CASE("ScriptName", "[language]") {
  CHECK(ScriptName(Script::kUnknown) == "unknown");
  CHECK(ScriptName(Script::kLatin) == "latin");
  CHECK(ScriptName(Script::kHan) == "han");
  CHECK(ScriptName(Script::kKana) == "kana");
  CHECK(ScriptName(Script::kHangul) == "hangul");
  CHECK(ScriptName(Script::kCyrillic) == "cyrillic");
  CHECK(ScriptName(Script::kArabic) == "arabic");
  CHECK(ScriptName(Script::kDevanagari) == "devanagari");
  CHECK(ScriptName(Script::kGreek) == "greek");
  CHECK(ScriptName(Script::kHebrew) == "hebrew");
  CHECK(ScriptName(Script::kThai) == "thai");
  CHECK(ScriptName(static_cast<Script>(99)) == "unknown");
}

TEST_CASE("ScriptOf", "[language]") {
  CHECK(ScriptOf(U'a') == Script::kLatin);
  CHECK(ScriptOf(U'Z') == Script::kLatin);
  CHECK(ScriptOf(U'ñ') == Script::kLatin);
  CHECK(ScriptOf(U'ł') == Script::kLatin);
  CHECK(ScriptOf(U'ệ') == Script::kLatin);
  CHECK(ScriptOf(U'ª') == Script::kLatin);
  CHECK(ScriptOf(U'×') == Script::kUnknown);
  CHECK(ScriptOf(U'÷') == Script::kUnknown);
  CHECK(ScriptOf(U'5') == Script::kUnknown);
  CHECK(ScriptOf(U' ') == Script::kUnknown);
  CHECK(ScriptOf(U'¿') == Script::kUnknown);
  CHECK(ScriptOf(0) == Script::kUnknown);
  CHECK(ScriptOf(U'中') == Script::kHan);
  CHECK(ScriptOf(U'々') == Script::kHan);
  CHECK(ScriptOf(0x20000) == Script::kHan);  // CJK extension B
  CHECK(ScriptOf(U'の') == Script::kKana);
  CHECK(ScriptOf(U'カ') == Script::kKana);
  CHECK(ScriptOf(U'ー') == Script::kKana);
  CHECK(ScriptOf(U'ｶ') == Script::kKana);  // half-width
  CHECK(ScriptOf(U'・') == Script::kUnknown);
  CHECK(ScriptOf(U'。') == Script::kUnknown);
  CHECK(ScriptOf(U'한') == Script::kHangul);
  CHECK(ScriptOf(U'ㄱ') == Script::kHangul);
  CHECK(ScriptOf(U'ж') == Script::kCyrillic);
  CHECK(ScriptOf(U'ї') == Script::kCyrillic);
  CHECK(ScriptOf(U'ب') == Script::kArabic);
  CHECK(ScriptOf(U'پ') == Script::kArabic);
  CHECK(ScriptOf(U'٣') == Script::kUnknown);  // Arabic-Indic digit
  CHECK(ScriptOf(U'؟') == Script::kUnknown);  // Arabic question mark
  CHECK(ScriptOf(U'क') == Script::kDevanagari);
  CHECK(ScriptOf(U'।') == Script::kUnknown);  // danda
  CHECK(ScriptOf(U'λ') == Script::kGreek);
  CHECK(ScriptOf(U'ש') == Script::kHebrew);
  CHECK(ScriptOf(U'ก') == Script::kThai);
  CHECK(ScriptOf(U'๓') == Script::kUnknown);  // Thai digit
  CHECK(ScriptOf(U'😀') == Script::kUnknown);
  CHECK(ScriptOf(0x110000) == Script::kUnknown);
  CHECK(ScriptOf(0xFFFFFFFF) == Script::kUnknown);
}

TEST_CASE("DetectLanguage fields", "[language]") {
  const LanguageGuess es = DetectLanguage("¿Dónde está la estación de tren?");
  CHECK(es.script == Script::kLatin);
  CHECK(es.script_fraction == 1.0);
  CHECK(es.language == "es");
  CHECK(es.confidence > 0.3);

  // Mixed scripts: the fraction is the share of the dominant one.
  const LanguageGuess mixed = DetectLanguage("abcd абвгдежз");
  CHECK(mixed.script == Script::kCyrillic);
  CHECK(mixed.script_fraction == Approx(8.0 / 12.0));
  CHECK(mixed.language == "ru");

  // More evidence, more confidence.
  const double one = DetectLanguage("Gracias.").confidence;
  const double many =
      DetectLanguage(
          "Gracias por la pregunta. La capital de Australia es Canberra, no Sídney, "
          "aunque mucha gente piensa que es Sídney porque es la ciudad más grande.")
          .confidence;
  CHECK(one > 0.0);
  CHECK(many > one);

  // Russian with Ukrainian letters is still "ru", but less sure.
  const double ru = DetectLanguage("Привет, как дела у тебя сегодня").confidence;
  const double uk = DetectLanguage("Привіт, як справи у тебе сьогодні").confidence;
  CHECK(uk < ru);

  // Han with hiragana is Japanese; Han alone is Chinese.
  CHECK(DetectLanguage("日本語を話します").script == Script::kKana);
  CHECK(DetectLanguage("我会说中文").script == Script::kHan);
}

TEST_CASE("DetectLanguage skips code, math and URLs", "[language]") {
  const std::string spanish = "Este programa imprime los números del uno al diez en la pantalla.";
  const std::string english_code =
      "\n```python\n# Print the numbers from one to ten, and then print the total of all of "
      "them, which is the answer that we want to show to the user of this program.\n"
      "for i in range(1, 11):\n    print(i)\n```\n";
  CHECK(DetectLanguage(spanish + english_code).language == "es");
  CHECK(DetectLanguage(english_code + spanish).language == "es");
  // Inline code and math of English words inside Portuguese prose.
  CHECK(DetectLanguage("A função `get_the_value_of_the_item()` retorna $\\text{the value of the "
                       "item}$ que você pediu.")
            .language == "pt");
  CHECK(DetectLanguage("Veja https://example.com/the/best/of/the/web/is/here e "
                       "www.the-and-of-the.com para mais informações.")
            .language == "pt");
  // Unclosed openers are prose.
  CHECK(DetectLanguage("Il prezzo è $5 e non di più, perché è già scontato.").language == "it");
  CHECK(DetectLanguage("Das ist \\( nicht geschlossen, aber der Text ist deutsch.").language ==
        "de");
}

TEST_CASE("DetectLanguage on hostile input", "[language]") {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string noise(10 << 20, '\0');  // NULs and invalid UTF-8 included
  for (char& c : noise) c = static_cast<char>(byte(rng));
  CheckGuess(DetectLanguage(noise));

  // Openers without closers, many times over: each must not rescan the text.
  for (std::string_view unit : {"$a ", "$$", "\\(", "\\[", "`x", "```", "http://", "¿"}) {
    std::string s;
    while (s.size() < (4u << 20)) s += unit;
    INFO("repeated " << unit);
    CheckGuess(DetectLanguage(s));
  }
  // A long word and a long run of apostrophes.
  CheckGuess(DetectLanguage(std::string(1 << 20, 'a')));
  CheckGuess(DetectLanguage(std::string(1 << 20, '\'')));
  std::string elisions;
  while (elisions.size() < (1u << 20)) elisions += "l'a'";
  CheckGuess(DetectLanguage(elisions));
  CheckGuess(DetectLanguage(std::string_view("\0\0\0", 3)));
  CheckGuess(DetectLanguage("\xe6\x97"));  // a truncated code point
}

TEST_CASE("DetectLanguage is safe from several threads", "[language]") {
  const std::vector<std::string> texts = {"The cat sat on the mat.", "Le chat est sur le tapis.",
                                          "Il gatto è sul tappeto.", "猫はマットの上にいます。"};
  const std::vector<std::string_view> expected = {"en", "fr", "it", "ja"};
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const size_t k = (t + static_cast<size_t>(i)) % texts.size();
        if (DetectLanguage(texts[k]).language != expected[k]) ++failures[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int f : failures) CHECK(f == 0);
}

}  // namespace
}  // namespace rewardkit
