// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/length.h
// -----------------------------------------------------------------------------
//
// Length shaping: a fast token-count estimate, and the length rewards and
// penalties used in reinforcement fine-tuning:
//
//   BandScore            1 inside a target band, falling smoothly to 0 outside.
//   DapoOverlongPenalty  DAPO's soft overlong punishment (Yu et al. 2025).
//   CosineLengthReward   the correctness-aware cosine reward of Yeo et al. 2025.
//
// Example:
//
//   const double tokens = static_cast<double>(rewardkit::EstimateTokens(response));
//   double r = rewardkit::BandScore(tokens, 200, 800, 100, rewardkit::Falloff::kCosine);
//   r += rewardkit::DapoOverlongPenalty(tokens, /*max_length=*/20480, /*cache=*/4096);
//   rewardkit::CosineLengthParams params;  // the paper's defaults
//   double c = rewardkit::CosineLengthReward(tokens, /*correct=*/true, params);
//
// Every function here is pure: no state, safe to call from any thread. Each
// returns a finite number within its stated range for every input, NaN and
// infinities included.

#ifndef REWARDKIT_LENGTH_H_
#define REWARDKIT_LENGTH_H_

#include <cstddef>
#include <string_view>

namespace rewardkit {

// Returns an estimate of the number of tokens OpenAI's cl100k_base BPE
// tokenizer (GPT-4's; Llama 3's shares its pre-tokenizer but was not
// measured) makes of `text`; 0 for an empty text and at least 1 for any
// other. One linear pass, no allocation, any bytes.
//
// The rule follows cl100k's pre-tokenizer, which splits text into pieces
// that are then encoded separately, and prices each piece:
//   * A word (a run of letters, with the one space or punctuation character
//     before it) costs by its length n and case: lower case
//     1.07 + 0.06 (n - 6)+ + 0.2 (n - 12)+, Capitalized
//     0.86 + 0.3 (n - 8)+ + 0.2 (n - 12)+, UPPER CASE 0.84 + 0.24 (n - 4)+,
//     where (x)+ is max(x, 0). camelCase and HTTPServer split into parts
//     priced alike. +0.08 without a space before it, +0.65 with a punctuation
//     character before it (`\frac`, `.size`).
//   * Letters outside ASCII add to their word: 1.0 for each accented Latin
//     letter (U+00C0-U+024F), 0.45 for each Greek, Cyrillic, Armenian,
//     Hebrew or Arabic one (U+0370-U+06FF), 1.05 for each CJK ideograph,
//     kana or Hangul syllable; a word of these alone after punctuation +0.5.
//   * Digits: 1 per group of up to 3 ("1234567" is 3), as cl100k splits them.
//   * A run of n punctuation characters: 1 for n <= 2, (n + 3.72) / 3.91
//     after, where an ASCII character repeated more than 3 times in a row
//     counts 1/32 from its fourth ("// -----" rules are cheap); +0.5 for each
//     3-byte UTF-8 symbol ("—", "→"), +1.5 for each 4-byte one (emoji), +0.75
//     for each byte that is not valid UTF-8. Newlines right after
//     punctuation are free, as cl100k merges them.
//   * White space: 0.46 for a run holding a newline, 0.78 per 64 spaces of
//     indentation; a single space before a word is part of the word.
//   * "'s", "'t", "'re", "'ve", "'m", "'ll", "'d": 1 each.
// The sum is rounded to the nearest integer.
//
// Measured against cl100k_base itself (js-tiktoken 1.0.21) on 708 documents,
// 256,820 tokens in all: GSM8K and MATH problems and solutions, model
// chain-of-thought, C++ and Python source, licences and Markdown. With the
// constants fitted on one half, on the other half the mean absolute error per
// document is 2-4% on English prose and LaTeX-heavy math, 6% on code, and the
// total is within 0.5%. Of the counts in OpenAI's tiktoken cookbook it gets
// "antidisestablishmentarianism" (6), "2 + 2 = 4" (7) and "お誕生日おめでとう"
// (9) right and says 4 for "tiktoken is great!" (6). It is an estimate, not a
// tokenizer: German, French and Spanish samples came out 17-26% low, base64
// 25% low, rare words low, and a short text may be off by a token or two.
size_t EstimateTokens(std::string_view text);

// How BandScore falls off outside the band.
enum class Falloff {
  kLinear,  // a straight line from 1 at the band's edge to 0 at `width` away
  kCosine,  // half a cosine wave: flat at the edge, (1 + cos(pi * d / width)) / 2
};

// Returns 1 when `length` is in [low, high]; outside, at distance d from the
// nearer edge, falls from 1 at d = 0 to 0 at d = width (see Falloff), and is 0
// beyond. Non-decreasing below the band, non-increasing above it; always in
// [0, 1]. `width` <= 0 is a hard step (0 anywhere outside the band). When
// low > high the two are swapped. A NaN `length`, `low` or `high` gives 0; a
// NaN `width` is taken as 0; an infinite `width` gives 1 at any finite
// distance.
double BandScore(double length, double low, double high, double width, Falloff falloff);

// Returns DAPO's soft overlong punishment (Yu et al. 2025, "DAPO: An
// Open-Source LLM Reinforcement Learning System at Scale", eq. 13):
//   0                                        length <= max_length - cache
//   ((max_length - cache) - length) / cache  max_length - cache < length <= max_length
//   -1                                       length > max_length
// Always in [-1, 0]. `cache` <= 0 is a hard step at max_length. Any NaN
// argument gives -1 (an unmeasurable length is punished as overlong).
double DapoOverlongPenalty(double length, double max_length, double cache);

// The parameters of CosineLengthReward; the defaults are the paper's.
struct CosineLengthParams {
  double correct_at_zero = 2.0;        // reward of a correct answer of length 0
  double correct_at_max_length = 1.0;  // ... of a correct answer as length nears max_length
  double wrong_at_zero = -10.0;        // reward of a wrong answer of length 0
  double wrong_at_max_length = 0.0;    // ... of a wrong answer as length nears max_length
  double exceed_penalty = -10.0;       // reward at or past max_length, either way
  double max_length = 4096;
};

// Returns the correctness-aware cosine length reward of Yeo et al. 2025
// ("Demystifying Long Chain-of-Thought Reasoning in LLMs"):
//   r = lo + (hi - lo) * (1 + cos(pi * length / max_length)) / 2
// with (lo, hi) = (correct_at_max_length, correct_at_zero) when `correct`, and
// (wrong_at_max_length, wrong_at_zero) otherwise; so by default short correct
// answers earn most, and wrong answers are punished less the longer they
// think. `length` >= max_length (or max_length <= 0) gives exceed_penalty; a
// negative length counts as 0, a NaN length as exceeding. The result is
// clamped to [min, max] of the five reward parameters; a NaN parameter gives 0.
double CosineLengthReward(double length, bool correct, const CosineLengthParams& p);

}  // namespace rewardkit

#endif  // REWARDKIT_LENGTH_H_
