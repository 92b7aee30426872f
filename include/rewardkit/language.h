// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/language.h
// -----------------------------------------------------------------------------
//
// A small, dependency-free guess at the script and language of a response,
// for rewards such as "answer in the language of the question" or "do not
// switch languages". It is built for the short replies models write (one to
// a few sentences), not for corpus-grade identification:
//
//   * The script is the one most letters belong to (ScriptOf). Han text with
//     hiragana in it is Japanese (Script::kKana).
//   * For Latin script the language is one of en, es, fr, de, pt, it, chosen
//     by scores from built-in function-word lists (40-80 short words per
//     language, such as "the", "não", "della") and from distinctive letters
//     and endings (ñ ¿ ã õ ß -ção -ción -zione ...). When the evidence is
//     weak or two languages tie, the language is "" (unsure).
//   * For other scripts the language is the main one written in it:
//     han "zh", kana "ja", hangul "ko", greek "el", hebrew "he", thai "th",
//     devanagari "hi", and, as a simplification, cyrillic "ru" (also for
//     Ukrainian, Bulgarian, Serbian...) and arabic "ar" (also for Persian and
//     Urdu); their confidence is lowered when letters foreign to Russian or
//     Arabic show up.
//
// Before counting, the text inside fenced code blocks (``` to the next ```,
// or to the end when it never closes), inline code (`...` within a line),
// math ($...$, $$...$$, \(...\), \[...\]) and URLs (http://, https://,
// ftp://, www.) is skipped, because models mix code and formulas into prose.
// A "$" counts as math only when it is followed, and its closing "$"
// preceded, by a non-space, and the closing "$" is not followed by a digit,
// so "it costs $5 and $10" stays prose.
//
// Example:
//
//   rewardkit::LanguageGuess g = rewardkit::DetectLanguage("¿Dónde está la estación?");
//   // g.script == rewardkit::Script::kLatin, g.language == "es"
//
// Everything here is a pure function: safe for concurrent use by multiple
// threads, linear in the length of the text, and fine on invalid UTF-8 and
// NUL bytes (which are not letters).

#ifndef REWARDKIT_LANGUAGE_H_
#define REWARDKIT_LANGUAGE_H_

#include <string_view>

namespace rewardkit {

// A writing system. Only letters have one; digits, punctuation, symbols,
// spaces and invalid UTF-8 are kUnknown.
enum class Script {
  kUnknown,
  kLatin,
  kHan,
  kKana,  // Hiragana and Katakana
  kHangul,
  kCyrillic,
  kArabic,
  kDevanagari,
  kGreek,
  kHebrew,
  kThai,
};

// Returns the stable lower-case name of `s`: "latin", "han", "kana",
// "hangul", "cyrillic", "arabic", "devanagari", "greek", "hebrew", "thai" or
// "unknown". The view refers to a static string.
std::string_view ScriptName(Script s);

// Returns the script of the letter `code_point`, or kUnknown when it is not
// a letter of one of the scripts above (a digit, punctuation, a symbol, a
// letter of another script, or not a code point). Latin covers ASCII letters
// and U+00C0..U+024F, U+1E00..U+1EFF (but not × and ÷); Han covers the CJK
// unified ideographs, their extensions and compatibility forms; Kana covers
// Hiragana, Katakana (with the prolonged sound mark ー) and half-width
// Katakana; Hangul covers Jamo and syllables.
Script ScriptOf(char32_t code_point);

// What DetectLanguage found.
struct LanguageGuess {
  // The script of most letters, or kUnknown when the text has no letters.
  // Han and kana count together as kKana (Japanese) when hiragana makes up
  // at least 5% of them: Japanese prose always has hiragana particles, while
  // Chinese may quote a katakana name ("ポケモン") or a stray "の" but stays
  // kHan.
  Script script = Script::kUnknown;
  // The share of letters in `script` (for kKana: Han and kana), in [0, 1].
  double script_fraction = 0;
  // An ISO 639-1 code ("en", "zh", ...; see the overview), or "" when unsure.
  // The view refers to a static string.
  std::string_view language;
  // How sure the guess of `language` is, in [0, 1]; 0 when `language` is
  // "". A heuristic that grows with the amount of evidence, the margin over
  // the runner-up language and `script_fraction`, not a calibrated
  // probability.
  double confidence = 0;
};

// Returns the script and language of `text` (see the overview).
LanguageGuess DetectLanguage(std::string_view text);

}  // namespace rewardkit

#endif  // REWARDKIT_LANGUAGE_H_
