// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/text_metrics.h
// -----------------------------------------------------------------------------
//
// Text similarity and repetition metrics, the building blocks of composite
// rewards that grade free-form answers or penalise degenerate output:
//
//   LevenshteinRatio  1 - edit distance / length, over code points.
//   TokenF1           the SQuAD token F1 of a prediction against a reference.
//   RougeN, RougeL    n-gram and longest-common-subsequence overlap.
//   Bleu              sentence BLEU with brevity penalty and smoothing.
//   NgramRepetition   the share of word n-grams that repeat an earlier one.
//
// Example:
//
//   double sim = rewardkit::LevenshteinRatio("kitten", "sitting");  // 4/7
//   rewardkit::OverlapScore r =
//       rewardkit::RougeL("police kill the gunman", "police killed the gunman");
//   // r.precision == r.recall == r.f1 == 0.75
//   double rep = rewardkit::NgramRepetition("the cat the cat the cat", 2);  // 0.6
//
// Every result is a finite number in [0, 1], never NaN, whatever the input:
// empty strings, invalid UTF-8 (each invalid byte is one unit) and NUL bytes
// are all fine. The n-gram metrics run in time linear in the length of the
// text (up to a log factor for large n). The two dynamic-programming metrics
// (LevenshteinRatio, RougeL) take time proportional to the product of the two
// lengths, so they compare only the first `max_code_points` code points or
// `max_tokens` tokens of each side; past that a 10 MB response costs no more
// than a 10,000-unit one.
//
// All functions are pure: safe for concurrent use by multiple threads, with
// no state kept between calls. Each metric also takes a TextMetricsScratch,
// per-thread buffers reused from call to call, so that scoring sample after
// sample does not allocate once they have grown.

#ifndef REWARDKIT_TEXT_METRICS_H_
#define REWARDKIT_TEXT_METRICS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/normalize.h"

namespace rewardkit {

// -----------------------------------------------------------------------------
// Scratch
// -----------------------------------------------------------------------------

// Per-thread scratch for the metrics: the folded text, tokens, id sequences
// and hash tables of one call, kept (cleared, with their capacity) for the
// next. Not thread-safe: use one per thread, or call the overloads without
// one, which make their own. Results never depend on what a scratch held.
class TextMetricsScratch {
 public:
  TextMetricsScratch();
  ~TextMetricsScratch();
  TextMetricsScratch(const TextMetricsScratch&) = delete;
  TextMetricsScratch& operator=(const TextMetricsScratch&) = delete;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// -----------------------------------------------------------------------------
// Tokens
// -----------------------------------------------------------------------------

// Returns the tokens that RougeN, RougeL, Bleu and NgramRepetition count:
//   * a token is a maximal run of ASCII letters and digits and of non-ASCII
//     characters (any byte >= 0x80, so "café" and "naïve" are one token each,
//     and so is a run of invalid UTF-8);
//   * except that each Han, Kana, Hangul and Thai character (ScriptOf in
//     rewardkit/language.h) is a token of its own, because these scripts
//     do not put spaces between words;
//   * and that Unicode white space and punctuation separate tokens as ASCII
//     punctuation does: U+0080..U+00BF (but ª µ º), × and ÷, U+1680,
//     U+2000..U+206F (but the zero-width (non-)joiners U+200C, U+200D),
//     U+3000..U+303F (but 々 〆 〇) and the full-width forms of ASCII
//     punctuation (U+FF01..U+FF0F, U+FF1A..U+FF20, U+FF3B..U+FF40,
//     U+FF5B..U+FF65), so "。", "—" and "«" are not tokens;
//   * tokens are lower-cased: ASCII, Latin-1 (À..Þ but ×), Latin Extended-A,
//     Greek (Α..Ω, Ά..Ώ) and Cyrillic (Ѐ..Я) capitals.
// "Hello, World! 你好" gives {"hello", "world", "你", "好"}.
// Ownership: the caller owns the returned strings.
std::vector<std::string> Tokenize(std::string_view text);

// -----------------------------------------------------------------------------
// Similarity
// -----------------------------------------------------------------------------

// The code points compared by default by LevenshteinRatio and the tokens by
// RougeL: 10,000 x 10,000 cells of dynamic programming take about 0.1 s.
inline constexpr size_t kDefaultMaxCodePoints = 10000;
inline constexpr size_t kDefaultMaxTokens = 10000;

// Returns 1 - distance / max(len_a, len_b), where distance is the Levenshtein
// distance (insertions, deletions and substitutions, each costing 1) between
// the code points of `a` and `b` (an invalid UTF-8 byte is one unit of its
// own). Returns 1.0 when both are empty. Each input longer than
// `max_code_points` code points is first cut to its first `max_code_points`
// (so with max_code_points == 0 everything is 1.0). Memory is linear in the
// shorter input.
double LevenshteinRatio(std::string_view a, std::string_view b,
                        size_t max_code_points = kDefaultMaxCodePoints);

// As above, reusing `scratch`'s buffers: no allocation once they have grown.
double LevenshteinRatio(std::string_view a, std::string_view b, size_t max_code_points,
                        TextMetricsScratch& scratch);

// Returns the SQuAD token F1 of `prediction` against `reference`: both are
// folded by NormalizeText(..., options) and split at white space, and
//   precision = common / |prediction tokens|, recall = common / |reference tokens|,
//   F1 = 2 * precision * recall / (precision + recall),
// where `common` counts tokens with multiplicity (a multiset intersection).
// Returns 1.0 when both have no tokens and 0.0 when only one has none. Two
// additions that leave ASCII text as SQuAD scores it: each Han, Kana, Hangul
// and Thai character is a token of its own (as MLQA scores Chinese), and
// with options.strip_punctuation the Unicode punctuation that Tokenize
// skips is dropped too.
double TokenF1(std::string_view prediction, std::string_view reference,
               const TextOptions& options = {});

// As above, reusing `scratch`'s buffers: no allocation once they have grown.
double TokenF1(std::string_view prediction, std::string_view reference, const TextOptions& options,
               TextMetricsScratch& scratch);

// Precision, recall and F-measure (beta = 1) of a candidate against a
// reference, each in [0, 1].
struct OverlapScore {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// Returns ROUGE-N over Tokenize tokens: with overlap = the number of
// n-grams of `candidate` that match one of `reference`, each reference
// n-gram matched at most as often as it occurs (clipped counts),
// precision = overlap / candidate n-grams and recall = overlap / reference
// n-grams. All zero when either side has fewer than n tokens or n < 1, as
// Google's rouge-score package scores it.
OverlapScore RougeN(std::string_view candidate, std::string_view reference, int n);

// As above, reusing `scratch`'s buffers: no allocation once they have grown.
OverlapScore RougeN(std::string_view candidate, std::string_view reference, int n,
                    TextMetricsScratch& scratch);

// Returns ROUGE-L over Tokenize tokens: with l = the length of the longest
// common subsequence, precision = l / candidate tokens, recall =
// l / reference tokens. All zero when either side has no tokens. Each side
// is cut to its first `max_tokens` tokens first (see kDefaultMaxTokens).
OverlapScore RougeL(std::string_view candidate, std::string_view reference,
                    size_t max_tokens = kDefaultMaxTokens);

// As above, reusing `scratch`'s buffers: no allocation once they have grown.
OverlapScore RougeL(std::string_view candidate, std::string_view reference, size_t max_tokens,
                    TextMetricsScratch& scratch);

// Returns sentence BLEU (Papineni et al. 2002) of `candidate` against one
// `reference`, over Tokenize tokens:
//   BLEU = BP * exp(sum over n = 1..max_n of log(p_n) / max_n),
//   p_n = clipped n-gram matches / max(1, candidate n-grams),
//   BP = 1 when the candidate is longer than the reference, else
//        exp(1 - reference tokens / candidate tokens).
// With `smooth`, p_n for n > 1 is (matches + 1) / (max(1, candidate n-grams)
// + 1) (Lin and Och 2004, "smoothing 2"; NLTK's SmoothingFunction().method2),
// so a short answer with no matching 4-gram still scores above 0. Returns 0
// when the candidate is empty, when no unigram matches, when some p_n is 0
// without `smooth`, and when max_n is outside [1, 32].
double Bleu(std::string_view candidate, std::string_view reference, int max_n = 4,
            bool smooth = true);

// As above, reusing `scratch`'s buffers: no allocation once they have grown.
double Bleu(std::string_view candidate, std::string_view reference, int max_n, bool smooth,
            TextMetricsScratch& scratch);

// -----------------------------------------------------------------------------
// Repetition
// -----------------------------------------------------------------------------

// Returns the share of the Tokenize n-grams of `text` that repeat an earlier
// n-gram: (total - distinct) / total. Returns 0 when `text` has fewer than
// `n` tokens or n < 1. "the cat the cat the cat" has 5 bigrams, 2 distinct,
// so its bigram repetition is 3/5.
double NgramRepetition(std::string_view text, int n);

// As above, reusing `scratch`'s buffers: no allocation once they have grown.
double NgramRepetition(std::string_view text, int n, TextMetricsScratch& scratch);

}  // namespace rewardkit

#endif  // REWARDKIT_TEXT_METRICS_H_
