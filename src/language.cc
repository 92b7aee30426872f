// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Script and language detection: one linear pass that skips code, math and
// URLs, counts letters by script, and scores Latin-script words against
// built-in function-word lists and distinctive letters and endings.

#include "rewardkit/language.h"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ascii.h"
#include "utf8.h"

namespace rewardkit {
namespace {

using internal::EqualsIgnoreCase;
using internal::IsDigit;
using internal::IsSpace;
using internal::IsWordChar;
using internal::ToLower;

using internal::DecodeUtf8;

// -----------------------------------------------------------------------------
// Skipping code, math and URLs
// -----------------------------------------------------------------------------

bool StartsWithIgnoreCase(std::string_view text, size_t i, std::string_view prefix) {
  return text.size() - i >= prefix.size() &&
         EqualsIgnoreCase(text.substr(i, prefix.size()), prefix);
}

// Calls emit(piece) with each piece of `text` that is prose, in order: the
// text outside fenced code (``` to the next ``` or the end), inline code
// (`...` on one line), display math ($$...$$, \[...\]), inline math
// (\(...\), and $...$ where the first $ is followed and the second preceded
// by a non-space and not followed by a digit, so "$5 and $10" stays prose)
// and URLs (http://, https://, ftp://, www. up to white space or < > ").
// An opener without its closer is prose. Linear: each closer is searched
// for at most once after the last failed search for it.
// The bytes that may start something ForEachProsePiece skips.
constexpr auto kMayOpenSkip = [] {
  std::array<bool, 256> out{};
  for (const char c : std::string_view("`$\\hHfFwW")) out[static_cast<unsigned char>(c)] = true;
  return out;
}();

template <typename Emit>
void ForEachProsePiece(std::string_view text, Emit&& emit) {
  const size_t n = text.size();
  constexpr size_t npos = std::string_view::npos;
  bool more_double_dollars = true;
  bool more_paren_closers = true;
  bool more_bracket_closers = true;
  size_t start = 0;
  size_t i = 0;
  // Emits the prose before `from` and resumes after `to`.
  auto skip = [&](size_t from, size_t to) {
    if (from > start) emit(text.substr(start, from - start));
    start = i = to;
  };
  // Looks for `closer` after `from` once a search for it has not failed.
  auto find_closer = [&](std::string_view closer, size_t from, bool* more) {
    if (!*more) return npos;
    const size_t at = text.find(closer, from);
    if (at == npos) *more = false;
    return at;
  };
  while (i < n) {
    while (i < n && !kMayOpenSkip[static_cast<unsigned char>(text[i])]) ++i;
    if (i == n) break;
    const char c = text[i];
    if (c == '`') {
      if (text.compare(i, 3, "```") == 0) {
        const size_t close = text.find("```", i + 3);
        skip(i, close == npos ? n : close + 3);
        continue;
      }
      size_t j = i + 1;
      while (j < n && text[j] != '`' && text[j] != '\n') ++j;
      if (j < n && text[j] == '`') {
        skip(i, j + 1);
        continue;
      }
    } else if (c == '$') {
      if (i + 1 < n && text[i + 1] == '$') {
        const size_t close = find_closer("$$", i + 2, &more_double_dollars);
        if (close != npos) {
          skip(i, close + 2);
          continue;
        }
        i += 2;
        continue;
      }
      if (i + 1 < n && !IsSpace(text[i + 1])) {
        const size_t close = text.find('$', i + 1);
        if (close != npos && !IsSpace(text[close - 1]) &&
            !(close + 1 < n && IsDigit(text[close + 1]))) {
          skip(i, close + 1);
          continue;
        }
      }
    } else if (c == '\\' && i + 1 < n && (text[i + 1] == '(' || text[i + 1] == '[')) {
      const bool paren = text[i + 1] == '(';
      const size_t close = find_closer(paren ? "\\)" : "\\]", i + 2,
                                       paren ? &more_paren_closers : &more_bracket_closers);
      if (close != npos) {
        skip(i, close + 2);
        continue;
      }
    } else if ((c == 'h' || c == 'H' || c == 'f' || c == 'F' || c == 'w' || c == 'W') &&
               (i == 0 || !IsWordChar(text[i - 1])) &&
               (StartsWithIgnoreCase(text, i, "http://") ||
                StartsWithIgnoreCase(text, i, "https://") ||
                StartsWithIgnoreCase(text, i, "ftp://") || StartsWithIgnoreCase(text, i, "www."))) {
      size_t j = i;
      while (j < n && !IsSpace(text[j]) && text[j] != '<' && text[j] != '>' && text[j] != '"') ++j;
      skip(i, j);
      continue;
    }
    ++i;
  }
  if (n > start) emit(text.substr(start));
}

// -----------------------------------------------------------------------------
// Latin-script languages
// -----------------------------------------------------------------------------

enum Lang { kEn, kEs, kFr, kDe, kPt, kIt, kNumLangs };
constexpr std::array<std::string_view, kNumLangs> kLangCodes = {"en", "es", "fr", "de", "pt", "it"};

// Function words and the commonest short replies, lower-case, one list per
// language. A word in several lists (such as "de" or "que") gives each of
// them an equal share of one point. A word followed by an apostrophe ("l'")
// is an elided article or pronoun, matched before an apostrophe; one that
// starts with an apostrophe ("'t") is matched after one.
constexpr std::string_view kEnglish[] = {
    "the",  "of",     "and",   "to",     "is",    "that",  "it",    "for",    "was",   "on",
    "are",  "with",   "as",    "be",     "this",  "by",    "at",    "from",   "or",    "an",
    "have", "has",    "had",   "not",    "but",   "what",  "which", "you",    "we",    "they",
    "he",   "she",    "his",   "her",    "their", "there", "can",   "will",   "would", "if",
    "do",   "does",   "so",    "about",  "all",   "one",   "were",  "been",   "more",  "when",
    "than", "how",    "also",  "these",  "those", "its",   "into",  "your",   "our",   "my",
    "i",    "me",     "who",   "why",    "where", "just",  "very",  "should", "could", "because",
    "yes",  "thanks", "hello", "please", "here",  "then",  "them",  "some",   "only",  "each",
    "in",   "a",      "no",    "'t",     "'s",    "'re",   "'ll",   "'ve",    "'m",    "'d"};
constexpr std::string_view kSpanish[] = {
    "el",     "la",      "los",     "las",   "un",    "una",   "unos",  "unas", "y",       "o",
    "de",     "del",     "al",      "en",    "con",   "por",   "para",  "que",  "es",      "son",
    "no",     "se",      "lo",      "le",    "les",   "su",    "sus",   "como", "más",     "pero",
    "muy",    "también", "este",    "esta",  "esto",  "ese",   "esa",   "eso",  "yo",      "tú",
    "él",     "ella",    "ellos",   "usted", "hay",   "fue",   "ser",   "está", "están",   "tiene",
    "cuando", "donde",   "porque",  "qué",   "cómo",  "cuál",  "sí",    "si",   "ya",      "hasta",
    "sobre",  "entre",   "después", "todo",  "todos", "puede", "mi",    "me",   "nos",     "bien",
    "sin",    "hace",    "aquí",    "era",   "ha",    "han",   "he",    "hoy",  "gracias", "hola",
    "a",      "sé",      "nada",    "algo",  "otro",  "cada",  "estoy", "soy",  "hemos",   "muchas",
    "dos"};
constexpr std::string_view kFrench[] = {
    "le",    "la",      "les",  "un",    "une",      "des",   "du",    "de",    "au",    "aux",
    "et",    "ou",      "où",   "est",   "sont",     "en",    "dans",  "sur",   "pour",  "par",
    "avec",  "sans",    "que",  "qui",   "ne",       "pas",   "plus",  "ce",    "cette", "ces",
    "il",    "elle",    "ils",  "elles", "nous",     "vous",  "je",    "tu",    "on",    "se",
    "son",   "sa",      "ses",  "leur",  "mais",     "comme", "être",  "avoir", "été",   "fait",
    "très",  "aussi",   "bien", "tout",  "tous",     "quand", "donc",  "si",    "y",     "lui",
    "mon",   "ma",      "mes",  "notre", "votre",    "ça",    "peut",  "suis",  "ai",    "a",
    "merci", "bonjour", "oui",  "non",   "beaucoup", "parce", "alors", "puis",  "déjà",  "était",
    "l'",    "d'",      "qu'",  "n'",    "j'",       "c'",    "s'",    "m'",    "t'",    "jusqu'"};
constexpr std::string_view kGerman[] = {
    "der",   "die",   "das",   "den",   "dem",  "des",   "ein",    "eine",  "einen",  "einem",
    "einer", "und",   "oder",  "aber",  "ist",  "sind",  "war",    "wird",  "werden", "hat",
    "haben", "nicht", "mit",   "von",   "zu",   "zum",   "zur",    "auf",   "für",    "im",
    "an",    "am",    "aus",   "bei",   "nach", "über",  "auch",   "es",    "er",     "sie",
    "wir",   "ihr",   "ich",   "du",    "sich", "dass",  "daß",    "wenn",  "wie",    "was",
    "als",   "noch",  "nur",   "schon", "sehr", "kann",  "können", "diese", "dieser", "kein",
    "keine", "mehr",  "um",    "so",    "man",  "durch", "sein",   "seine", "ihre",   "mein",
    "wo",    "warum", "hier",  "doch",  "ja",   "nein",  "danke",  "bitte", "hallo",  "gut",
    "in",    "dann",  "jetzt", "immer", "alle", "etwas", "gibt",   "weil",  "mich",   "mir"};
constexpr std::string_view kPortuguese[] = {
    "o",     "a",      "os",    "as",     "um",    "uma",    "uns",  "umas", "e",        "de",
    "do",    "da",     "dos",   "das",    "em",    "no",     "na",   "nos",  "nas",      "ao",
    "aos",   "à",      "às",    "pelo",   "pela",  "com",    "por",  "para", "que",      "não",
    "é",     "são",    "foi",   "ser",    "está",  "estão",  "tem",  "têm",  "há",       "já",
    "mais",  "muito",  "muita", "também", "como",  "mas",    "ou",   "se",   "seu",      "sua",
    "ele",   "ela",    "eles",  "você",   "vocês", "eu",     "nós",  "isso", "isto",     "este",
    "esta",  "esse",   "essa",  "quando", "onde",  "porque", "qual", "quem", "até",      "sobre",
    "entre", "depois", "ainda", "aqui",   "bem",   "só",     "pode", "sim",  "obrigado", "obrigada",
    "olá",   "então",  "me",    "lhe",    "meu",   "minha",  "todo", "era",  "num",      "numa",
    "sei",   "hoje",   "vai",   "dele",   "dela",  "nem"};
constexpr std::string_view kItalian[] = {
    "il",     "lo",     "la",     "i",      "gli",   "le",    "un",    "uno",   "una",
    "di",     "del",    "della",  "dei",    "delle", "dello", "degli", "al",    "alla",
    "ai",     "alle",   "da",     "dal",    "dalla", "in",    "nel",   "nella", "nei",
    "con",    "su",     "sul",    "per",    "tra",   "fra",   "e",     "ed",    "o",
    "che",    "non",    "è",      "sono",   "ma",    "anche", "come",  "più",   "molto",
    "questo", "questa", "quello", "quella", "io",    "lui",   "lei",   "noi",   "voi",
    "loro",   "mi",     "ti",     "ci",     "si",    "ha",    "hanno", "ho",    "essere",
    "stato",  "perché", "quando", "dove",   "cosa",  "se",    "sei",   "siamo", "ogni",
    "tutto",  "tutti",  "già",    "ancora", "qui",   "solo",  "può",   "suo",   "sua",
    "mio",    "così",   "grazie", "ciao",   "sì",    "prego", "a",     "no",    "ne",
    "l'",     "c'",     "dell'",  "all'",   "nell'", "un'",   "d'",    "sull'", "quest'",
    "dall'"};

// The word -> languages table, built at compile time from the lists above:
// open addressing over words packed into 64-bit keys (every word is at most
// 8 bytes, and none holds a NUL byte, so a packed word is never 0).
constexpr size_t kMaxStopWordBytes = 8;

// Packs the bytes of `word` (at most 8) into an integer, first byte lowest.
constexpr uint64_t PackWord(std::string_view word) {
  uint64_t key = 0;
  for (size_t k = 0; k < word.size(); ++k) {
    key |= uint64_t{static_cast<unsigned char>(word[k])} << (8 * k);
  }
  return key;
}

class StopWordTable {
 public:
  constexpr StopWordTable() {
    add(kEn, kEnglish);
    add(kEs, kSpanish);
    add(kFr, kFrench);
    add(kDe, kGerman);
    add(kPt, kPortuguese);
    add(kIt, kItalian);
  }

  // Returns the languages whose lists hold `word` as a bit mask (bit l for
  // Lang l), or 0.
  constexpr uint8_t Find(std::string_view word) const {
    if (word.empty() || word.size() > kMaxStopWordBytes) return 0;
    const uint64_t key = PackWord(word);
    for (size_t slot = Slot(key);; slot = (slot + 1) % kSlots) {
      if (keys_[slot] == key) return masks_[slot];
      if (keys_[slot] == 0) return 0;
    }
  }

 private:
  static constexpr size_t kSlots = 1024;  // 471 distinct words

  static constexpr size_t Slot(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15u) >> 54);
  }

  template <size_t N>
  constexpr void add(Lang lang, const std::string_view (&words)[N]) {
    for (std::string_view w : words) {
      const uint64_t key = PackWord(w);
      size_t slot = Slot(key);
      while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) % kSlots;
      keys_[slot] = key;
      masks_[slot] = static_cast<uint8_t>(masks_[slot] | (1u << lang));
    }
  }

  std::array<uint64_t, kSlots> keys_{};
  std::array<uint8_t, kSlots> masks_{};
};

template <size_t N>
constexpr bool AllFit(const std::string_view (&words)[N]) {
  for (std::string_view w : words) {
    if (w.empty() || w.size() > kMaxStopWordBytes) return false;
  }
  return true;
}
static_assert(AllFit(kEnglish) && AllFit(kSpanish) && AllFit(kFrench) && AllFit(kGerman) &&
                  AllFit(kPortuguese) && AllFit(kItalian),
              "StopWordTable packs words of 1 to 8 bytes");

constexpr StopWordTable kStopWords;

using Scores = std::array<double, kNumLangs>;

// Adds one point shared by the languages of `mask`.
void AddShared(uint8_t mask, Scores* scores) {
  if (mask == 0) return;
  const int count = std::popcount(mask);
  const double share = 1.0 / count;
  for (int l = 0; l < kNumLangs; ++l) {
    if ((mask >> l) & 1) (*scores)[static_cast<size_t>(l)] += share;
  }
}

void Add(Lang lang, double weight, Scores* scores) {
  (*scores)[static_cast<size_t>(lang)] += weight;
}

// Adds the weight of a lower-case letter that some of the languages use
// much more than the others.
void AddLetter(char32_t cp, Scores* s) {
  switch (cp) {
    case U'ñ':
      Add(kEs, 2, s);
      break;
    case U'ã':
    case U'õ':
      Add(kPt, 2, s);
      break;
    case U'ç':
      Add(kFr, 0.6, s), Add(kPt, 0.6, s);
      break;
    case U'ß':
      Add(kDe, 2, s);
      break;
    case U'ä':
    case U'ö':
    case U'ü':
      Add(kDe, 1, s);
      break;
    case U'é':
      Add(kFr, 0.3, s), Add(kEs, 0.15, s), Add(kPt, 0.15, s);
      break;
    case U'è':
      Add(kFr, 0.5, s), Add(kIt, 0.5, s);
      break;
    case U'à':
      Add(kFr, 0.3, s), Add(kPt, 0.3, s), Add(kIt, 0.3, s);
      break;
    case U'ì':
    case U'ò':
      Add(kIt, 1, s);
      break;
    case U'ù':
      Add(kIt, 0.7, s), Add(kFr, 0.3, s);
      break;
    case U'ê':
    case U'â':
    case U'ô':
      Add(kFr, 0.5, s), Add(kPt, 0.5, s);
      break;
    case U'î':
    case U'û':
    case U'ë':
    case U'ï':
    case U'ÿ':
    case U'œ':
      Add(kFr, 1, s);
      break;
    case U'á':
    case U'í':
    case U'ó':
    case U'ú':
      Add(kEs, 0.4, s), Add(kPt, 0.4, s);
      break;
    default:
      break;
  }
}

// The last (up to) 8 bytes of `word`, its last byte highest; a word shorter
// than 8 bytes is padded with zero bytes below its first.
uint64_t Tail(std::string_view word) {
  if (word.size() < 8) return PackWord(word) << (8 * (8 - word.size()));
  if constexpr (std::endian::native == std::endian::little) {
    uint64_t tail = 0;
    std::memcpy(&tail, word.data() + word.size() - 8, 8);
    return tail;
  }
  return PackWord(word.substr(word.size() - 8));
}

// Adds the weight of the endings and letter groups of `word` (lower-case,
// without apostrophes) that mark one language.
void AddWordShape(std::string_view word, Scores* s) {
  struct Ending {
    uint64_t bits;  // the suffix as Tail would hold it
    uint64_t mask;  // the bytes of Tail that the suffix covers
    Lang lang;
    double weight;
  };
  // An ending of at most 8 bytes, none of them 0, so that it never matches
  // the zero padding of a short word's Tail.
  struct EndingSpec {
    std::string_view suffix;
    Lang lang;
    double weight;
  };
  static constexpr EndingSpec kSpecs[] = {
      {"ção", kPt, 2},   {"ções", kPt, 2},   {"ões", kPt, 1},  {"dade", kPt, 1},
      {"ción", kEs, 2},  {"ciones", kEs, 2}, {"sión", kEs, 1}, {"dad", kEs, 1},
      {"zione", kIt, 2}, {"zioni", kIt, 2},  {"tà", kIt, 1},   {"ità", kIt, 0.5},
      {"ung", kDe, 1},   {"heit", kDe, 1},   {"keit", kDe, 1}, {"lich", kDe, 1},
      {"isch", kDe, 1},  {"chen", kDe, 0.5}, {"eux", kFr, 1},  {"eaux", kFr, 1},
      {"té", kFr, 0.5},  {"ing", kEn, 0.5},  {"ness", kEn, 1}, {"ly", kEn, 0.3},
      {"en", kDe, 0.25}, {"rà", kIt, 1},     {"rò", kIt, 0.5}, {"eu", kPt, 0.5},
      {"ou", kPt, 0.5},  {"ió", kEs, 0.5},   {"ez", kFr, 1},
  };
  static constexpr auto kEndings = [] {
    std::array<Ending, std::size(kSpecs)> out{};
    for (size_t k = 0; k < out.size(); ++k) {
      const size_t shift = 8 * (8 - kSpecs[k].suffix.size());
      out[k] = {PackWord(kSpecs[k].suffix) << shift, ~uint64_t{0} << shift, kSpecs[k].lang,
                kSpecs[k].weight};
    }
    return out;
  }();
  // For each last byte, the endings that end in it (bit k for kEndings[k]).
  static constexpr auto kByLastByte = [] {
    std::array<uint32_t, 256> out{};
    for (size_t k = 0; k < std::size(kSpecs); ++k) {
      out[static_cast<unsigned char>(kSpecs[k].suffix.back())] |= uint32_t{1} << k;
    }
    return out;
  }();
  static_assert(std::size(kSpecs) <= 32);
  if (word.size() >= 5) {
    const uint64_t tail = Tail(word);
    // In table order, as the sums of doubles depend on it.
    for (uint32_t candidates = kByLastByte[static_cast<unsigned char>(word.back())];
         candidates != 0; candidates &= candidates - 1) {
      const Ending& e = kEndings[static_cast<size_t>(std::countr_zero(candidates))];
      if ((tail & e.mask) == e.bits) Add(e.lang, e.weight, s);
    }
  }
  if (word.size() >= 3) {
    // One pass for the letter groups, keyed on their last letter; the
    // weights are added in a fixed order, as the sums of doubles depend on it.
    bool nh_lh = false;  // "nh" or "lh" after the first letter
    bool sch = false, cch = false, gli = false, th = false, w = false;
    for (size_t k = 0; k < word.size(); ++k) {
      const char c = word[k];
      if (c == 'w') {
        w = true;
      } else if (c == 'h' && k >= 1) {
        const char p = word[k - 1];
        th = th || p == 't';
        if (k >= 2) {
          nh_lh = nh_lh || p == 'n' || p == 'l';
          sch = sch || (p == 'c' && word[k - 2] == 's');
          cch = cch || (p == 'c' && word[k - 2] == 'c');
        }
      } else if (c == 'i' && k >= 2) {
        gli = gli || (word[k - 1] == 'l' && word[k - 2] == 'g');
      }
    }
    if (nh_lh) Add(kPt, 0.5, s);
    if (sch) Add(kDe, 0.5, s);
    if (cch || gli) Add(kIt, 0.5, s);
    if (th) Add(kEn, 0.3, s);
    if (w) Add(kEn, 0.2, s), Add(kDe, 0.2, s);
  }
}

// -----------------------------------------------------------------------------
// Letters and scripts
// -----------------------------------------------------------------------------

constexpr size_t kNumScripts = static_cast<size_t>(Script::kThai) + 1;

// Lower-cases ASCII, Latin-1 capitals and Œ; other code points are kept.
char32_t LowerLatin(char32_t cp) {
  if (cp < 0x80) return static_cast<char32_t>(ToLower(static_cast<char>(cp)));
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x152) return 0x153;
  return cp;
}

// A Latin letter that none of en, es, fr, de, pt, it uses: Latin
// Extended-A/B and Additional (but œ, Œ and Ÿ), and å æ ø ð ý þ.
bool IsForeignLatin(char32_t lower) {
  if (lower == 0x153 || lower == 0x152 || lower == 0x178) return false;
  if ((lower >= 0x100 && lower <= 0x24F) || (lower >= 0x1E00 && lower <= 0x1EFF)) return true;
  return lower == U'å' || lower == U'æ' || lower == U'ø' || lower == U'ð' || lower == U'ý' ||
         lower == U'þ';
}

// Cyrillic letters of Ukrainian, Belarusian, Serbian and Macedonian that
// Russian does not use.
bool IsNonRussianCyrillic(char32_t cp) {
  switch (cp) {
    case 0x404:
    case 0x454:  // Є є
    case 0x406:
    case 0x456:  // І і
    case 0x407:
    case 0x457:  // Ї ї
    case 0x490:
    case 0x491:  // Ґ ґ
    case 0x40E:
    case 0x45E:  // Ў ў
    case 0x402:
    case 0x452:  // Ђ ђ
    case 0x408:
    case 0x458:  // Ј ј
    case 0x409:
    case 0x459:  // Љ љ
    case 0x40A:
    case 0x45A:  // Њ њ
    case 0x40B:
    case 0x45B:  // Ћ ћ
    case 0x40F:
    case 0x45F:  // Џ џ
    case 0x403:
    case 0x453:  // Ѓ ѓ
    case 0x40C:
    case 0x45C:  // Ќ ќ
    case 0x405:
    case 0x455:  // Ѕ ѕ
      return true;
    default:
      return false;
  }
}

// Arabic-script letters of Persian and Urdu that Arabic does not use.
bool IsNonArabicArabicScript(char32_t cp) {
  switch (cp) {
    case 0x67E:  // پ
    case 0x686:  // چ
    case 0x698:  // ژ
    case 0x6AF:  // گ
    case 0x6A9:  // ک
    case 0x6CC:  // ی
    case 0x679:  // ٹ
    case 0x688:  // ڈ
    case 0x691:  // ڑ
    case 0x6BA:  // ں
    case 0x6C1:  // ہ
    case 0x6D2:  // ے
      return true;
    default:
      return false;
  }
}

// What one pass over the prose gathers.
struct Tally {
  std::array<size_t, kNumScripts> letters = {};
  Scores scores = {};
  size_t latin_words = 0;
  size_t foreign_latin = 0;
  size_t non_russian = 0;
  size_t non_arabic = 0;
  size_t hiragana = 0;
};

constexpr size_t kMaxWordBytes = 48;

// Scores one lower-case Latin word (it may hold one or more apostrophes).
void ScoreWord(std::string_view word, Tally* t) {
  if (word.empty()) return;
  ++t->latin_words;
  const size_t apostrophe = word.find('\'');
  if (apostrophe != std::string_view::npos) {
    AddShared(kStopWords.Find(word.substr(0, apostrophe + 1)), &t->scores);  // "l'" of "l'homme"
    const size_t last = word.rfind('\'');
    AddShared(kStopWords.Find(word.substr(last)), &t->scores);  // "'t" of "don't"
    const std::string_view rest = word.substr(last + 1);
    AddShared(kStopWords.Find(rest), &t->scores);  // "è" of "c'è"
    AddWordShape(rest, &t->scores);
    return;
  }
  AddShared(kStopWords.Find(word), &t->scores);
  AddWordShape(word, &t->scores);
}

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

// Appends the UTF-8 form of `cp` (a Latin letter, below U+10000) to
// word[*len...], which has room for it.
void AppendLetter(char32_t cp, char* word, size_t* len) {
  if (cp < 0x80) {
    word[(*len)++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    word[(*len)++] = static_cast<char>(0xC0 | (cp >> 6));
    word[(*len)++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    word[(*len)++] = static_cast<char>(0xE0 | (cp >> 12));
    word[(*len)++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    word[(*len)++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Counts the letters of `piece` by script and scores its Latin words.
void TallyPiece(std::string_view piece, Tally* t) {
  char word[kMaxWordBytes];
  size_t word_len = 0;
  bool word_too_long = false;
  auto end_word = [&] {
    if (word_len > 0 && !word_too_long) ScoreWord(std::string_view(word, word_len), t);
    if (word_too_long) ++t->latin_words;
    word_len = 0;
    word_too_long = false;
  };
  size_t& latin_letters = t->letters[static_cast<size_t>(Script::kLatin)];
  const size_t n = piece.size();
  size_t i = 0;
  while (i < n) {
    const char c = piece[i];
    if (static_cast<unsigned char>(c) < 0x80 && c != '\'') {
      // ASCII other than the apostrophe: a Latin letter, which no language
      // scores alone and none finds foreign, or a byte that ends a word.
      ++i;
      if (internal::IsLetter(c)) {
        ++latin_letters;
        if (word_len + 4 <= kMaxWordBytes) {
          word[word_len++] = ToLower(c);
        } else {
          word_too_long = true;
        }
      } else {
        end_word();
      }
      continue;
    }
    char32_t cp = 0;
    i += DecodeUtf8(piece, i, &cp);
    const Script script = ScriptOf(cp);
    t->letters[static_cast<size_t>(script)] += script == Script::kUnknown ? 0 : 1;
    if (script == Script::kLatin) {
      const char32_t lower = LowerLatin(cp);
      if (IsForeignLatin(lower)) ++t->foreign_latin;
      AddLetter(lower, &t->scores);
      if (word_len + 4 <= kMaxWordBytes) {
        AppendLetter(lower, word, &word_len);
      } else {
        word_too_long = true;
      }
      continue;
    }
    if (IsApostrophe(cp) && word_len > 0 && i < n) {
      // Inside a word only: "l'homme", "don't", "c'è".
      char32_t next = 0;
      DecodeUtf8(piece, i, &next);
      if (ScriptOf(next) == Script::kLatin) {
        if (word_len + 1 <= kMaxWordBytes) word[word_len++] = '\'';
        continue;
      }
    }
    end_word();
    if (cp == U'¿' || cp == U'¡') Add(kEs, 2, &t->scores);
    if (script == Script::kCyrillic && IsNonRussianCyrillic(cp)) ++t->non_russian;
    if (script == Script::kArabic && IsNonArabicArabicScript(cp)) ++t->non_arabic;
    if (cp >= 0x3041 && cp <= 0x309F) ++t->hiragana;
  }
  end_word();
}

// Saturates from 0 towards 1 as `evidence` grows; 0.5 at `half`.
double Saturate(double evidence, double half) { return evidence / (evidence + half); }

// The language of Latin-script prose from its tally (see the header).
void GuessLatin(const Tally& t, LanguageGuess* g) {
  size_t best = 0;
  for (size_t l = 1; l < kNumLangs; ++l) {
    if (t.scores[l] > t.scores[best]) best = l;
  }
  double second = 0;
  for (size_t l = 0; l < kNumLangs; ++l) {
    if (l != best && t.scores[l] > second) second = t.scores[l];
  }
  const double top = t.scores[best];
  const size_t latin = t.letters[static_cast<size_t>(Script::kLatin)];
  // Letters that none of the six languages writes (ł, ş, ơ, å ...) mean
  // another language, such as Polish, Turkish, Vietnamese or Swedish.
  if (t.foreign_latin >= 2 && t.foreign_latin * 50 > latin) return;
  if (top < 1.0) return;
  const double margin = (top - second) / top;
  if (margin < 0.15) return;
  // Text in another Latin language (Dutch, Indonesian ...) scores little
  // per word even when some short word happens to match.
  if (t.latin_words >= 8 && top * 8 < static_cast<double>(t.latin_words)) return;
  g->language = kLangCodes[best];
  g->confidence = Saturate(top - second, 1.5) * g->script_fraction;
}

}  // namespace

std::string_view ScriptName(Script s) {
  switch (s) {
    case Script::kLatin:
      return "latin";
    case Script::kHan:
      return "han";
    case Script::kKana:
      return "kana";
    case Script::kHangul:
      return "hangul";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kArabic:
      return "arabic";
    case Script::kDevanagari:
      return "devanagari";
    case Script::kGreek:
      return "greek";
    case Script::kHebrew:
      return "hebrew";
    case Script::kThai:
      return "thai";
    case Script::kUnknown:
      break;
  }
  return "unknown";
}

Script ScriptOf(char32_t c) {
  if (c < 0x80) return internal::IsLetter(static_cast<char>(c)) ? Script::kLatin : Script::kUnknown;
  if (c < 0x250) {
    if (c == 0xAA || c == 0xBA) return Script::kLatin;  // ª º
    return c >= 0xC0 && c != 0xD7 && c != 0xF7 ? Script::kLatin : Script::kUnknown;
  }
  if (c >= 0x1E00 && c <= 0x1EFF) return Script::kLatin;
  if (c >= 0x370 && c <= 0x3FF) {
    // Greek, but not its numeral signs, tonos marks and punctuation.
    if (c == 0x374 || c == 0x375 || c == 0x37E || c == 0x384 || c == 0x385 || c == 0x387) {
      return Script::kUnknown;
    }
    return Script::kGreek;
  }
  if (c >= 0x1F00 && c <= 0x1FFF) return Script::kGreek;
  if (c >= 0x400 && c <= 0x52F) {
    return c >= 0x482 && c <= 0x489 ? Script::kUnknown : Script::kCyrillic;  // ҂ and marks
  }
  if (c >= 0x5D0 && c <= 0x5F2) return Script::kHebrew;  // letters, not points or punctuation
  if (c >= 0x600 && c <= 0x6FF) {
    // Arabic letters; not the comma, semicolon, question mark or digits.
    if ((c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || c == 0x6D5 ||
        (c >= 0x6FA && c <= 0x6FC)) {
      return Script::kArabic;
    }
    return Script::kUnknown;
  }
  if ((c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
      (c >= 0xFE70 && c <= 0xFEFC)) {
    return Script::kArabic;
  }
  if (c >= 0x900 && c <= 0x97F) {
    // Devanagari, but not the dandas and digits.
    return c >= 0x964 && c <= 0x96F ? Script::kUnknown : Script::kDevanagari;
  }
  if (c >= 0xE01 && c <= 0xE4E) return c == 0xE3F ? Script::kUnknown : Script::kThai;  // not ฿
  if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3131 && c <= 0x318E) ||
      (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7A3) ||
      (c >= 0xD7B0 && c <= 0xD7FF) || (c >= 0xFFA0 && c <= 0xFFDC)) {
    return Script::kHangul;
  }
  if ((c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF && c != 0x30FB) ||
      (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9D)) {
    return Script::kKana;
  }
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF) ||
      (c >= 0x3005 && c <= 0x3007)) {
    return Script::kHan;  // with 々 〆 〇
  }
  return Script::kUnknown;
}

LanguageGuess DetectLanguage(std::string_view text) {
  Tally t;
  ForEachProsePiece(text, [&t](std::string_view piece) { TallyPiece(piece, &t); });

  const size_t han = t.letters[static_cast<size_t>(Script::kHan)];
  size_t& kana = t.letters[static_cast<size_t>(Script::kKana)];
  // Japanese writes Han with hiragana particles and endings; a Chinese text
  // may quote a katakana name, but hardly ever uses hiragana.
  if (t.hiragana > 0 && t.hiragana * 20 >= han + kana) {
    kana += han;
    t.letters[static_cast<size_t>(Script::kHan)] = 0;
  }
  size_t total = 0;
  size_t best = 0;
  for (size_t s = 1; s < kNumScripts; ++s) {
    total += t.letters[s];
    if (t.letters[s] > t.letters[best]) best = s;
  }
  LanguageGuess g;
  if (total == 0) return g;
  g.script = static_cast<Script>(best);
  const size_t count = t.letters[best];
  g.script_fraction = static_cast<double>(count) / static_cast<double>(total);

  double penalty = 1.0;
  switch (g.script) {
    case Script::kLatin:
      GuessLatin(t, &g);
      return g;
    case Script::kHan:
      g.language = "zh";
      break;
    case Script::kKana:
      g.language = "ja";
      break;
    case Script::kHangul:
      g.language = "ko";
      break;
    case Script::kGreek:
      g.language = "el";
      break;
    case Script::kHebrew:
      g.language = "he";
      break;
    case Script::kThai:
      g.language = "th";
      break;
    case Script::kDevanagari:
      g.language = "hi";
      break;
    case Script::kCyrillic:
      g.language = "ru";
      if (t.non_russian * 100 > count) penalty = 0.25;
      break;
    case Script::kArabic:
      g.language = "ar";
      if (t.non_arabic * 100 > count) penalty = 0.25;
      break;
    case Script::kUnknown:
      return g;
  }
  g.confidence = penalty * g.script_fraction * Saturate(static_cast<double>(count), 3.0);
  return g;
}

}  // namespace rewardkit
