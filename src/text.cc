// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// NormalizeText: the SQuAD answer normalization (lower case, no punctuation,
// no articles, single spaces), each step optional, in one linear pass per step.

#include <string>
#include <string_view>

#include "ascii.h"
#include "rewardkit/normalize.h"

namespace rewardkit {
namespace {

using internal::EqualsIgnoreCase;
using internal::IsDigit;
using internal::IsSpace;
using internal::IsUpper;
using internal::IsWordChar;
using internal::ToLower;

// Python's string.punctuation.
bool IsPunctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// A byte that belongs to a word for the article rule, as Python's \b sees
// words: letters, digits, underscore and any non-ASCII character.
bool IsWordByte(char c) { return static_cast<unsigned char>(c) >= 0x80 || IsWordChar(c); }

// ASCII letters, and the Latin-1 capitals U+00C0..U+00DE (except U+00D7 ×),
// which in UTF-8 are C3 80..C3 9E and lower-case to C3 A0..C3 BE.
std::string Lowercase(std::string_view in) {
  std::string out(in);
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (IsUpper(c)) {
      out[i] = ToLower(c);
    } else if (static_cast<unsigned char>(c) == 0xC3 && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

// Drops ASCII punctuation, except a "." between two digits: SQuAD's script
// turns "3.5" into "35", which then equals the different answer "35".
std::string StripPunctuation(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (!IsPunctuation(c)) {
      out.push_back(c);
    } else if (c == '.' && i > 0 && i + 1 < in.size() && IsDigit(in[i - 1]) && IsDigit(in[i + 1])) {
      out.push_back(c);
    }
  }
  return out;
}

bool IsArticle(std::string_view word) {
  return EqualsIgnoreCase(word, "a") || EqualsIgnoreCase(word, "an") ||
         EqualsIgnoreCase(word, "the");
}

// Replaces the whole words "a", "an", "the" (in any case) by a space, as
// SQuAD's re.sub(r"\b(a|an|the)\b", " ", text) does. When the text is
// nothing but articles it is kept: SQuAD turns the answer "A" into "", which
// then equals "The" and every other empty answer.
std::string RemoveArticles(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool any_other_word = false;
  size_t i = 0;
  while (i < in.size()) {
    if (!IsWordByte(in[i])) {
      out.push_back(in[i]);
      ++i;
      continue;
    }
    size_t start = i;
    while (i < in.size() && IsWordByte(in[i])) ++i;
    std::string_view word = in.substr(start, i - start);
    if (IsArticle(word)) {
      out.push_back(' ');
    } else {
      any_other_word = true;
      out.append(word);
    }
  }
  if (!any_other_word) return std::string(in);
  return out;
}

std::string CollapseWhitespace(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending = false;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    bool space = IsSpace(c);
    // U+00A0 no-break space counts as white space, as Python's split() sees it.
    if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < in.size() &&
        static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string NormalizeText(std::string_view text, const TextOptions& options) {
  std::string s = options.lowercase ? Lowercase(text) : std::string(text);
  if (options.strip_punctuation) s = StripPunctuation(s);
  if (options.remove_articles) s = RemoveArticles(s);
  if (options.collapse_whitespace) s = CollapseWhitespace(s);
  return s;
}

}  // namespace rewardkit
