// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The extractors of extract.h and the chain that runs them.
//
// Every extractor works on bytes: only ASCII letters, digits and spaces are
// classified, so invalid UTF-8 is just more bytes. Every scan is linear in the
// length of the response for fixed options: substring searches use KMP (no
// backtracking), `\boxed{` uses one pass with a brace stack, and the places
// where a naive loop would revisit text (many markers on one long line, many
// candidate JSON values) either cache what they learnt or are bounded.

#include "rewardkit/extract.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ascii.h"
#include "ci_needle.h"
#include "extract_internal.h"
#include "fmt/format.h"
#include "re2/re2.h"
#include "simdjson.h"

namespace rewardkit {
namespace {

constexpr size_t kNpos = std::string_view::npos;

using internal::CiNeedle;
using internal::EqualsIgnoreCase;
using internal::IsBlank;
using internal::IsDigit;
using internal::IsLetter;
using internal::IsLower;
using internal::IsSpace;
using internal::IsUpper;
using internal::IsWordChar;
using internal::ToLower;
using internal::Trim;

// True when `text` has `prefix` (ASCII case-insensitive) at `pos`.
bool HasAt(std::string_view text, size_t pos, std::string_view prefix) {
  return pos <= text.size() && text.size() - pos >= prefix.size() &&
         EqualsIgnoreCase(text.substr(pos, prefix.size()), prefix);
}

// Returns the position of the first `c` in text[from, end), or kNpos.
size_t FindByte(std::string_view text, char c, size_t from, size_t end = kNpos) {
  end = std::min(end, text.size());
  if (from >= end) return kNpos;
  const void* p = std::memchr(text.data() + from, static_cast<unsigned char>(c), end - from);
  return p == nullptr ? kNpos : static_cast<size_t>(static_cast<const char*>(p) - text.data());
}

size_t LineEndFrom(std::string_view text, size_t from) {
  const size_t eol = FindByte(text, '\n', from);
  return eol == kNpos ? text.size() : eol;
}

// -----------------------------------------------------------------------------
// Shared scanners
// -----------------------------------------------------------------------------


// The command names of a box extractor, built once. Most control words in a
// response (\frac, \cdot, \right) are not boxes, and masks of the lengths and
// first letters the names have turn nearly all of them away at once.
class CommandSet {
 public:
  explicit CommandSet(const std::vector<std::string>& commands) {
    for (const std::string& c : commands) {
      names_.push_back(c);
      if (c.size() < 64) lengths_ |= uint64_t{1} << c.size();
      if (!c.empty()) first_letters_ |= LetterBit(c[0]);
    }
  }

  bool Contains(std::string_view name) const {
    // The mask has a bit for lengths under 64; a longer name is compared.
    if (name.size() < 64 && ((lengths_ >> name.size()) & 1) == 0) return false;
    for (const std::string& c : names_) {
      if (c.size() == name.size() && c[0] == name[0] && c == name) return true;
    }
    return false;
  }

  // If the letters at `from` are a whole command name (no letter follows it),
  // returns the position just past them; otherwise `from`. Names are letters
  // only (ValidateCommands), so a name followed by a non-letter is the whole
  // run of letters.
  size_t NameEnd(std::string_view text, size_t from) const {
    const size_t n = text.size();
    if (from >= n || (LetterBit(text[from]) & first_letters_) == 0) return from;
    for (const std::string& c : names_) {
      const size_t end = from + c.size();
      if (end > n || (end < n && IsLetter(text[end]))) continue;
      if (text.compare(from, c.size(), c) == 0) return end;
    }
    return from;
  }

 private:
  // A bit for each ASCII letter, none for anything else.
  static uint64_t LetterBit(char c) {
    return IsLetter(c) ? uint64_t{1} << (static_cast<unsigned char>(c) - 'A') : 0;
  }

  absl::InlinedVector<std::string, 2> names_;
  uint64_t lengths_ = 0;        // bit k set when some name has k letters
  uint64_t first_letters_ = 0;  // LetterBit of each name's first letter
};

// The end of the argument of the spaced form `\boxed 5` that starts at `k`:
// one `\command`, or a run of characters up to white space, `$`, a backslash
// or a brace.
size_t SpacedArgumentEnd(std::string_view text, size_t k) {
  const size_t n = text.size();
  size_t j = k;
  if (text[k] == '\\') {
    ++j;
    while (j < n && IsLetter(text[j])) ++j;
    return j == k + 1 ? k : j;
  }
  while (j < n && !IsSpace(text[j]) && text[j] != '$' && text[j] != '\\' && text[j] != '{' &&
         text[j] != '}') {
    ++j;
  }
  // Sentence punctuation after the spaced form is not part of the answer.
  while (j > k &&
         (text[j - 1] == '.' || text[j - 1] == ',' || text[j - 1] == ';' || text[j - 1] == ':')) {
    --j;
  }
  return j;
}

// Calls `on_box(begin, end)` with the bounds of the argument of every complete
// box command (`\boxed{...}`, `\boxed {...}`, `\boxed 5`) in `text`, in the
// order the boxes close. One forward pass: a depth counter for all braces and a
// stack of the boxes still open, so `\boxed{\boxed{\boxed{...` is linear.
// `\{`, `\}` and `\\` are escapes, not braces; a `}` with no open brace is
// ignored; a box whose brace never closes is never reported.
template <typename OnBox>
void ScanBoxes(std::string_view text, const CommandSet& commands, OnBox&& on_box) {
  struct OpenBox {
    size_t depth;  // the brace depth just inside the box
    size_t begin;  // where its argument starts
  };
  absl::InlinedVector<OpenBox, 4> open;  // boxes nest a few deep, if at all
  size_t depth = 0;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (open.empty()) {
      // Outside every box only a command can matter: braces there change
      // the depth, but a box is closed relative to the depth it opened at.
      depth = 0;
      i = FindByte(text, '\\', i);
      if (i == kNpos) break;
    }
    const char c = text[i];
    if (c == '{') {
      ++depth;
      ++i;
      continue;
    }
    if (c == '}') {
      if (depth > 0) {
        if (!open.empty() && open.back().depth == depth) {
          on_box(open.back().begin, i);
          open.pop_back();
        }
        --depth;
      }
      ++i;
      continue;
    }
    if (c != '\\') {
      ++i;
      continue;
    }
    if (i + 1 < n && !IsLetter(text[i + 1])) {  // `\{`, `\}`, `\\`, `\,` ...
      i += 2;
      continue;
    }
    size_t j = i + 1;
    while (j < n && IsLetter(text[j])) ++j;
    if (!commands.Contains(text.substr(i + 1, j - i - 1))) {  // also rejects `\boxedx`
      i = j;
      continue;
    }
    size_t k = j;
    while (k < n && IsSpace(text[k])) ++k;
    if (k < n && text[k] == '{') {
      ++depth;
      open.push_back({depth, k + 1});
      i = k + 1;
      continue;
    }
    if (k < n && (k > j || IsDigit(text[k]))) {
      const size_t end = SpacedArgumentEnd(text, k);
      if (end > k) on_box(k, end);
    }
    i = k;  // the argument is scanned again: it may hold braces or a command
  }
}

// A fenced code block.
struct CodeBlock {
  std::string_view language;  // the first word of the info string
  std::string_view content;   // between the fences, untrimmed
  bool closed = false;
};

// Calls `fn(block)` for every fenced code block in order, until `fn` returns
// true. An opening fence is a line of three or more backticks (after optional
// blanks) and an info string without backticks; the block closes at a run of
// at least as many backticks that ends its line, either alone on the line or
// right after the last line of code (models often write "print(x)```"). An
// unclosed block runs to the end of the text and is the last one reported.
template <typename Fn>
void ForEachCodeBlock(std::string_view text, Fn&& fn) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const size_t eol = LineEndFrom(text, i);
    size_t k = i;
    while (k < eol && IsBlank(text[k])) ++k;
    size_t run = 0;
    while (k + run < eol && text[k + run] == '`') ++run;
    std::string_view info = text.substr(k + run, eol - k - run);
    if (run < 3 || info.find('`') != kNpos) {
      i = eol + 1;
      continue;
    }
    info = Trim(info);
    size_t w = 0;
    while (w < info.size() && !IsSpace(info[w]) && info[w] != '{') ++w;
    CodeBlock block;
    block.language = info.substr(0, w);
    const size_t begin = std::min(eol + 1, n);
    size_t end = n;
    size_t next = n;
    for (size_t j = begin; j < n;) {
      const size_t line_end = LineEndFrom(text, j);
      size_t r = line_end;
      while (r > j && IsSpace(text[r - 1])) --r;
      size_t ticks = 0;
      while (ticks < r - j && text[r - 1 - ticks] == '`') ++ticks;
      if (ticks >= run) {
        const size_t before = r - ticks;
        bool alone = true;
        for (size_t x = j; x < before; ++x) {
          if (!IsBlank(text[x])) {
            alone = false;
            break;
          }
        }
        end = alone ? j : before;
        block.closed = true;
        next = line_end + 1;
        break;
      }
      j = line_end + 1;
    }
    block.content = text.substr(begin, end - begin);
    if (fn(block) || !block.closed) return;
    i = next;
  }
}

// Drops the blank lines before a block's code (keeping the indentation of its
// first line) and the white space after it.
std::string_view TrimCode(std::string_view s) {
  size_t line_start = 0;
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) {
    if (s[i] == '\n') line_start = i + 1;
    ++i;
  }
  if (i == s.size()) return s.substr(s.size());
  s.remove_prefix(line_start);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// -----------------------------------------------------------------------------
// The extractors
// -----------------------------------------------------------------------------

// Common helpers. Every extractor trims white space around its answer and
// treats an empty answer as no answer (and so moves on to another occurrence).
class ExtractorBase : public Extractor {
 protected:
  explicit ExtractorBase(ExtractorOptions options) : Extractor(std::move(options)) {}

  // Returns `part`, a view into `whole`, as this extractor's Extraction.
  Extraction Make(std::string_view whole, std::string_view part) const {
    Extraction e;
    e.text = part;
    e.offset = static_cast<size_t>(part.data() - whole.data());
    e.extractor = name();
    e.index = 0;
    return e;
  }

  bool WantLast() const { return options().occurrence == Occurrence::kLast; }

  // True when a candidate at `pos` beats the current best at `best`.
  bool Better(size_t pos, const std::optional<size_t>& best) const {
    return !best || (WantLast() ? pos > *best : pos < *best);
  }
};

// kBoxed. Occurrences are ordered by where the box opens, so the last of
// `\boxed{\boxed{5}}` is the inner one (as in Qwen's and Hendrycks' code, which
// take the last "\boxed"). A box that never closes is skipped.
//
// The last box is found from the end: a command that opens later has its
// argument later, so the first complete, non-empty box seen walking back is
// the answer, and a long response is read only after its final box. This
// agrees with ScanBoxes because whether a backslash starts a command depends
// only on the run of backslashes before it (`\\boxed` is a line break then
// letters), and whether a box closes only on the text after it.
class BoxedExtractor final : public ExtractorBase {
 public:
  explicit BoxedExtractor(ExtractorOptions options)
      : ExtractorBase(std::move(options)), commands_(this->options().commands) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    if (!WantLast()) return First(text);
    // A box still open at `frontier` never closes: the box of the command
    // there stays open to the end, and with it every box around it. Later
    // scans stop there, which keeps `\boxed{\boxed{\boxed{...` linear.
    size_t frontier = text.size();
    size_t end = text.size();
    while (true) {
      const size_t p = LastByte(text, '\\', end);
      if (p == kNpos) return std::nullopt;
      size_t run = p;
      while (run > 0 && text[run - 1] == '\\') --run;
      end = run;
      if ((p - run) % 2 != 0) continue;  // escaped by the backslash before it
      const size_t j = commands_.NameEnd(text, p + 1);
      if (j == p + 1) continue;
      const std::string_view s = BoxAt(text, p, j, &frontier);
      if (!s.empty()) return Make(text, s);
    }
  }

 private:
  // The position of the last `c` in text[0, end), or kNpos.
  static size_t LastByte(std::string_view text, char c, size_t end) {
    if (end == 0) return kNpos;
    const void* r = memrchr(text.data(), static_cast<unsigned char>(c), end);
    return r == nullptr ? kNpos : static_cast<size_t>(static_cast<const char*>(r) - text.data());
  }

  static constexpr std::array<bool, 256> kBraceOrBackslash = [] {
    std::array<bool, 256> table{};
    table['{'] = table['}'] = table['\\'] = true;
    return table;
  }();

  // The trimmed argument of the box command at `p` whose name ends at `j`, or
  // an empty view when it has none (unclosed, empty, or not a box form).
  static std::string_view BoxAt(std::string_view text, size_t p, size_t j, size_t* frontier) {
    const size_t n = text.size();
    size_t k = j;
    while (k < n && IsSpace(text[k])) ++k;
    if (k < n && text[k] == '{') {
      size_t depth = 1;
      const size_t limit = *frontier;
      for (size_t i = k + 1; i < limit;) {
        const char c = text[i];
        if (!kBraceOrBackslash[static_cast<unsigned char>(c)]) {
          ++i;
        } else if (c == '\\') {  // an escape, or a command's first letter: neither is a brace
          i += 2;
        } else if (c == '{') {
          ++depth;
          ++i;
        } else if (--depth == 0) {
          return Trim(text.substr(k + 1, i - k - 1));
        } else {
          ++i;
        }
      }
      *frontier = p;
      return {};
    }
    if (k < n && (k > j || IsDigit(text[k]))) {
      const size_t end = SpacedArgumentEnd(text, k);
      return Trim(text.substr(k, end - k));
    }
    return {};
  }

  std::optional<Extraction> First(std::string_view text) const {
    std::optional<size_t> best;
    std::string_view answer;
    ScanBoxes(text, commands_, [&](size_t begin, size_t end) {
      const std::string_view s = Trim(text.substr(begin, end - begin));
      if (!s.empty() && Better(begin, best)) {
        best = begin;
        answer = s;
      }
    });
    if (!best) return std::nullopt;
    return Make(text, answer);
  }

  CommandSet commands_;
};

// kTag. A pair is a closing tag and the nearest opening tag before it that no
// other closing tag separates from it, so `<a>x<a>y</a>` pairs to "y". With
// allow_unclosed, an opening tag that no closing tag follows yields the rest of
// the text; otherwise it is ignored and an earlier complete pair may win.
class TagExtractor final : public ExtractorBase {
 public:
  explicit TagExtractor(ExtractorOptions options)
      : ExtractorBase(std::move(options)),
        open_(this->options().open),
        close_(this->options().close) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    const size_t n = text.size();
    const size_t osz = open_.size();
    const bool allow_unclosed = options().allow_unclosed;
    if (WantLast()) {
      if (allow_unclosed) {
        const size_t o = open_.RFind(text, n);
        if (o != kNpos && close_.Find(text, o + osz) == kNpos) {
          const std::string_view s = Trim(text.substr(o + osz));
          if (!s.empty()) return Make(text, s);
        }
      }
      size_t end = n;
      while (true) {
        const size_t c = close_.RFind(text, end);
        if (c == kNpos) break;
        const size_t o = open_.RFind(text, c);
        if (o == kNpos) break;
        const size_t c1 = close_.Find(text, o + osz);  // the close that pairs with `o`, <= c
        const std::string_view s = Trim(text.substr(o + osz, c1 - o - osz));
        if (!s.empty()) return Make(text, s);
        end = o;
      }
      return std::nullopt;
    }
    size_t from = 0;
    while (true) {
      const size_t o = open_.Find(text, from);
      if (o == kNpos) break;
      const size_t c = close_.Find(text, o + osz);
      if (c == kNpos) {
        if (!allow_unclosed) break;
        const std::string_view s = Trim(text.substr(o + osz));
        if (!s.empty()) return Make(text, s);
        break;
      }
      const size_t o1 = open_.RFind(text, c);  // the nearest open before `c`, >= o
      const std::string_view s = Trim(text.substr(o1 + osz, c - o1 - osz));
      if (!s.empty()) return Make(text, s);
      from = c + close_.size();
    }
    return std::nullopt;
  }

 private:
  CiNeedle open_;
  CiNeedle close_;
};

// kMarker.
//
// A marker "answer:" matches "Answer:", "**Answer:**", "**Answer**:" and
// "Answer :"; the core ("answer") must sit at a word boundary. A marker that
// ends in a colon also matches without it when it stands alone on a heading
// line ("### Final Answer", "**Final Answer**"), and then the answer is on the
// next non-empty line. The answer is the rest of the line (or sentence), with
// leading `:`/`*`/blanks, a trailing period and emphasis stripped; when that is
// empty, the next non-empty line. Among all markers, the match that starts
// nearest the end wins (or nearest the start with kFirst); on a tie, the
// longer marker.
struct Marker {
  CiNeedle needle;           // the core, without a trailing colon
  bool needs_colon = false;  // the marker ended with ':'
  bool word_start = false;   // the core starts with a word character
  bool word_end = false;     // the core ends with one
  char first = 0;            // first and last byte of the core, lower case
  char last = 0;
};

// Finds the answer that follows a marker. It caches the end of the current
// line and the answer on the line after it, so that a million markers on one
// long line (all sharing that line) cost linear time in total.
class MarkerAnswerFinder {
 public:
  MarkerAnswerFinder(std::string_view text, MarkerEnd end) : text_(text), end_(end) {}

  // Returns the answer that starts at `j` (just after a marker), or nothing.
  std::optional<std::string_view> After(size_t j) {
    const size_t eol = LineEnd(j);
    const std::string_view s = Clean(text_.substr(j, eol - j));
    if (!s.empty()) return s;
    if (eol != next_for_) {
      next_for_ = eol;
      next_answer_ = NextLineAnswer(eol);
    }
    return next_answer_;
  }

 private:
  size_t LineEnd(size_t j) {
    if (lo_ != kNpos && j >= lo_ && j <= eol_) return eol_;
    if (lo_ != kNpos && j < lo_) {
      const size_t f = FindByte(text_, '\n', j, lo_);
      if (f != kNpos) eol_ = f;
      lo_ = j;
      return eol_;
    }
    lo_ = j;
    eol_ = LineEndFrom(text_, j);
    return eol_;
  }

  std::optional<std::string_view> NextLineAnswer(size_t eol) const {
    const size_t n = text_.size();
    for (size_t i = eol; i < n;) {
      ++i;  // past the '\n'
      const size_t e = LineEndFrom(text_, i);
      const std::string_view line = text_.substr(i, e - i);
      if (!Trim(line).empty()) {
        const std::string_view s = Clean(line);
        if (s.empty()) return std::nullopt;
        return s;
      }
      i = e;
    }
    return std::nullopt;
  }

  // Strips leading `:`, `*` and white space; with kSentence, cuts at the first
  // `.`, `!` or `?` followed by white space or the end (so "3.5" is kept);
  // then strips trailing white space and `*`, and one trailing period.
  std::string_view Clean(std::string_view s) const {
    size_t b = 0;
    while (b < s.size() && (IsSpace(s[b]) || s[b] == ':' || s[b] == '*')) ++b;
    s.remove_prefix(b);
    if (end_ == MarkerEnd::kSentence) {
      for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if ((c == '.' || c == '!' || c == '?') && (i + 1 == s.size() || IsSpace(s[i + 1]))) {
          s = s.substr(0, i);
          break;
        }
      }
    }
    bool period = false;
    size_t e = s.size();
    while (e > 0) {
      const char c = s[e - 1];
      if (IsSpace(c) || c == '*') {
        --e;
      } else if (c == '.' && !period) {
        period = true;
        --e;
      } else {
        break;
      }
    }
    return s.substr(0, e);
  }

  std::string_view text_;
  MarkerEnd end_;
  size_t lo_ = kNpos;  // text_[lo_, eol_) holds no '\n'; eol_ is a '\n' or the end
  size_t eol_ = kNpos;
  size_t next_for_ = kNpos;  // the line end whose next-line answer is cached
  std::optional<std::string_view> next_answer_;
};

class MarkerExtractor final : public ExtractorBase {
 public:
  MarkerExtractor(ExtractorOptions options, std::vector<Marker> markers)
      : ExtractorBase(std::move(options)), markers_(std::move(markers)) {
    // Group the markers by their first byte, the longest first in each
    // group, the spec's order among equals.
    std::vector<const Marker*> sorted;
    for (const Marker& m : markers_) sorted.push_back(&m);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Marker* a, const Marker* b) {
      return a->needle.size() > b->needle.size();
    });
    for (const Marker* m : sorted) {
      const auto lower = static_cast<unsigned char>(m->first);
      if (group_[lower] == 0) {
        groups_.emplace_back();
        group_[lower] = static_cast<uint16_t>(groups_.size());
        group_[static_cast<unsigned char>(internal::ToUpper(m->first))] = group_[lower];
      }
      groups_[group_[lower] - 1].push_back(m);
    }
  }
  MarkerExtractor(const MarkerExtractor&) = delete;
  MarkerExtractor& operator=(const MarkerExtractor&) = delete;

  std::optional<Extraction> Extract(std::string_view text) const override {
    return WantLast() ? ExtractLast(text) : ExtractFirst(text);
  }

 private:
  // The match nearest the end wins: walk back from the end, trying the
  // markers that start with each byte, and stop at the first place where one
  // matches with an answer after it (the longest marker, when several do:
  // the first of its group that does). Models write the final answer last,
  // so this seldom reads more than the last line, where searching for each
  // marker in turn costs a pass per marker that is absent.
  std::optional<Extraction> ExtractLast(std::string_view text) const {
    MarkerAnswerFinder finder(text, options().end);
    for (size_t i = text.size(); i-- > 0;) {
      const uint16_t g = group_[static_cast<unsigned char>(text[i])];
      if (g == 0) continue;
      for (const Marker* m : groups_[g - 1]) {
        if (!m->needle.MatchesAt(text, i)) continue;
        if (std::optional<std::string_view> a = AnswerAt(text, i, *m, finder)) {
          return Make(text, *a);
        }
      }
    }
    return std::nullopt;
  }

  std::optional<Extraction> ExtractFirst(std::string_view text) const {
    std::optional<size_t> best;
    size_t best_size = 0;
    std::string_view answer;
    const size_t count = markers_.size();
    for (size_t k = 0; k < count; ++k) {
      // The first match wins, whichever marker it is (on a tie, the longer):
      // once one is found, the others are searched only up to it.
      const Marker& m = markers_[k];
      MarkerAnswerFinder finder(text, options().end);
      std::optional<std::string_view> a;
      size_t pos = kNpos;
      for (size_t from = 0;; from = pos + 1) {
        pos = m.needle.Find(text, from);
        if (pos == kNpos || (best && pos > *best)) break;  // it could not win
        a = AnswerAt(text, pos, m, finder);
        if (a) break;
      }
      if (!a) continue;
      if (Better(pos, best) || (*best == pos && m.needle.size() > best_size)) {
        best = pos;
        best_size = m.needle.size();
        answer = *a;
      }
    }
    if (!best) return std::nullopt;
    return Make(text, answer);
  }

  static size_t SkipEmphasis(std::string_view text, size_t i) {
    while (i < text.size() && (text[i] == '*' || text[i] == '_')) ++i;
    return i;
  }

  // True when the marker at `p` stands alone on its line, after at most
  // markdown heading, list, quote and emphasis characters; `j` is where the
  // marker (with its emphasis) ends.
  static bool IsHeading(std::string_view text, size_t p, size_t j) {
    size_t i = p;
    while (i > 0) {
      const char c = text[i - 1];
      if (!(IsBlank(c) || c == '#' || c == '*' || c == '_' || c == '>' || c == '-')) break;
      --i;
    }
    if (i > 0 && text[i - 1] != '\n') return false;
    size_t k = j;
    while (k < text.size() && (IsBlank(text[k]) || text[k] == '\r')) ++k;
    return k == text.size() || text[k] == '\n';
  }

  std::optional<std::string_view> AnswerAt(std::string_view text, size_t p, const Marker& m,
                                           MarkerAnswerFinder& finder) const {
    const size_t n = text.size();
    const size_t q = p + m.needle.size();
    if (p > 0) {
      const char b = text[p - 1];
      if (m.word_start ? IsWordChar(b) : ToLower(b) == m.first) return std::nullopt;
    }
    if (q < n) {
      const char a = text[q];
      if (m.word_end ? IsWordChar(a) : ToLower(a) == m.last) return std::nullopt;
    }
    size_t j = SkipEmphasis(text, q);
    size_t k = j;
    while (k < n && IsBlank(text[k])) ++k;
    const bool colon = k < n && text[k] == ':';
    if (colon) j = SkipEmphasis(text, k + 1);
    if (m.needs_colon && !colon && !IsHeading(text, p, j)) return std::nullopt;
    return finder.After(j);
  }

  std::vector<Marker> markers_;
  // groups_[group_[b] - 1]: the markers that start with byte b (either case),
  // pointers into markers_, longest first; group_[b] is 0 when none does.
  std::array<uint16_t, 256> group_{};
  std::vector<std::vector<const Marker*>> groups_;
};

// kLastNumber. A number is an optional sign ('-' or U+2212 when not glued to a
// word or a closing bracket before it, so "5-3" gives "3"), digits with
// optional thousands groups ("1,234,567"), an optional decimal part and an
// optional "/denominator". Sentence punctuation after it is not included.
class LastNumberExtractor final : public ExtractorBase {
 public:
  explicit LastNumberExtractor(ExtractorOptions options) : ExtractorBase(std::move(options)) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    const size_t n = text.size();
    std::optional<std::string_view> best;
    size_t i = 0;
    while (i < n) {
      if (!IsDigit(text[i])) {
        ++i;
        continue;
      }
      const size_t start = i;
      while (i < n && IsDigit(text[i])) ++i;
      if (i - start <= 3) {  // thousands groups: ",ddd" not followed by a digit
        while (i + 3 < n && text[i] == ',' && IsDigit(text[i + 1]) && IsDigit(text[i + 2]) &&
               IsDigit(text[i + 3]) && (i + 4 >= n || !IsDigit(text[i + 4]))) {
          i += 4;
        }
      }
      if (i + 1 < n && text[i] == '.' && IsDigit(text[i + 1])) {
        ++i;
        while (i < n && IsDigit(text[i])) ++i;
      }
      if (i + 1 < n && text[i] == '/' && IsDigit(text[i + 1])) {
        ++i;
        while (i < n && IsDigit(text[i])) ++i;
      }
      size_t s = start;
      if (s >= 1 && text[s - 1] == '-' && !(s >= 2 && GluedBefore(text[s - 2]))) {
        s -= 1;
      } else if (s >= 3 && text.substr(s - 3, 3) == "\xE2\x88\x92" &&
                 !(s >= 4 && GluedBefore(text[s - 4]))) {
        s -= 3;
      }
      best = text.substr(s, i - s);
      if (!WantLast()) break;
    }
    if (!best) return std::nullopt;
    return Make(text, *best);
  }

 private:
  // A '-' after one of these is a hyphen or a minus, not a sign.
  static bool GluedBefore(char c) { return IsWordChar(c) || c == ')' || c == ']' || c == '}'; }
};

// kJson.
//
// A fenced ```json block whose content simdjson accepts wins, because it is
// explicit. Otherwise the text is scanned left to right for top-level values:
// a candidate is a `{` followed by `"` or `}`, or a `[` followed by what can
// start a JSON value, and not escaped by a backslash (so LaTeX braces and
// `\{` are not candidates). The end of a candidate's value is found with a
// string-aware bracket count; the scan then resumes after it, so the objects
// inside an array are not separate candidates. simdjson then validates the
// values, the last first (or the first first). Two bounds keep hostile input
// linear: at most kMaxUnbalanced candidates whose brackets never close (each
// may read to the end) are measured, and at most kMaxValidated top-level values
// are validated (the last ones for kLast). A top-level value that is not valid
// JSON is skipped whole, including any valid value inside it.
class JsonExtractor final : public ExtractorBase {
 public:
  static constexpr size_t kMaxValidated = 64;

  explicit JsonExtractor(ExtractorOptions options) : ExtractorBase(std::move(options)) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    // A parser per call keeps the extractor immutable and thread-safe.
    // Callers that score many responses keep one parser per thread instead
    // (internal::ExtractReusing).
    simdjson::dom::parser parser;
    return Find(text, parser);
  }

  // As Extract, validating candidates with `parser`.
  std::optional<Extraction> Find(std::string_view text, simdjson::dom::parser& parser) const {
    std::optional<std::string_view> fenced;
    ForEachCodeBlock(text, [&](const CodeBlock& block) {
      if (!block.closed || !EqualsIgnoreCase(block.language, "json")) return false;
      const std::string_view s = Trim(block.content);
      if (s.empty() || !Valid(parser, s)) return false;
      fenced = s;
      return !WantLast();
    });
    if (fenced) return Make(text, *fenced);
    return Bare(text, parser);
  }

 private:
  // Whether a JSON value of either kind may start at `p`. The wanted kind is
  // checked only on whole top-level values (in Valid), so an object inside an
  // array is never taken for an answer that should have been an object.
  static bool IsCandidate(std::string_view text, size_t p) {
    const char c = text[p];
    if (c != '{' && c != '[') return false;
    if (p > 0 && text[p - 1] == '\\') return false;
    size_t j = p + 1;
    while (j < text.size() && IsSpace(text[j])) ++j;
    if (j == text.size()) return false;
    const char d = text[j];
    if (c == '{') return d == '"' || d == '}';
    return d == '"' || d == '{' || d == '[' || d == ']' || d == '-' || IsDigit(d) || d == 't' ||
           d == 'f' || d == 'n';
  }

  // Returns one past the bracket that closes the one at `s`, or kNpos.
  static size_t MeasureEnd(std::string_view text, size_t s) {
    const size_t n = text.size();
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = s; i < n; ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return kNpos;
  }

  bool Valid(simdjson::dom::parser& parser, std::string_view s) const {
    simdjson::dom::element doc;
    if (parser.parse(s.data(), s.size(), /*realloc_if_needed=*/true).get(doc) !=
        simdjson::SUCCESS) {
      return false;
    }
    const simdjson::dom::element_type type = doc.type();
    switch (options().json_kind) {
      case JsonKind::kObject:
        return type == simdjson::dom::element_type::OBJECT;
      case JsonKind::kArray:
        return type == simdjson::dom::element_type::ARRAY;
      case JsonKind::kAny:
        break;
    }
    return type == simdjson::dom::element_type::OBJECT ||
           type == simdjson::dom::element_type::ARRAY;
  }

  std::optional<Extraction> Bare(std::string_view text, simdjson::dom::parser& parser) const {
    const size_t n = text.size();
    const bool want_last = WantLast();
    // kLast: the most recent top-level values, in a ring.
    std::array<std::string_view, kMaxValidated> recent;
    size_t count = 0;
    for (size_t p = 0; p < n;) {
      if (!IsCandidate(text, p)) {
        ++p;
        continue;
      }
      const size_t e = MeasureEnd(text, p);
      // A value that never closes (a response cut off mid-JSON) runs to the
      // end: everything after it lies inside it, so nothing there is a
      // top-level value.
      if (e == kNpos) break;
      const std::string_view value = text.substr(p, e - p);
      if (want_last) {
        recent[count % kMaxValidated] = value;
        ++count;
      } else {
        if (Valid(parser, value)) return Make(text, value);
        if (++count == kMaxValidated) break;
      }
      p = e;
    }
    if (!want_last) return std::nullopt;
    for (size_t k = 0; k < std::min(count, kMaxValidated); ++k) {
      const std::string_view value = recent[(count - 1 - k) % kMaxValidated];
      if (Valid(parser, value)) return Make(text, value);
    }
    return std::nullopt;
  }
};

// kCodeBlock. Blocks of the wanted language (any when empty), compared
// case-insensitively. An unclosed block counts only with allow_unclosed;
// otherwise an earlier complete block may win.
class CodeBlockExtractor final : public ExtractorBase {
 public:
  explicit CodeBlockExtractor(ExtractorOptions options) : ExtractorBase(std::move(options)) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    const std::string& language = options().language;
    std::optional<std::string_view> best;
    ForEachCodeBlock(text, [&](const CodeBlock& block) {
      if (!block.closed && !options().allow_unclosed) return true;
      if (!language.empty() && !EqualsIgnoreCase(block.language, language)) return false;
      const std::string_view s = TrimCode(block.content);
      if (s.empty()) return false;
      best = s;
      return !WantLast();
    });
    if (!best) return std::nullopt;
    return Make(text, *best);
  }
};

// kChoice. The letter is taken from the strongest context that has one, and
// within a context by occurrence (last by default):
//
//   1. a box: `\boxed{B}`, `\boxed{(B)}`, `\boxed{\text{B}}`, `\boxed{B) 4}`;
//   2. an answer phrase: "answer" (optionally followed by "is", "would be",
//      "should be", "will be", ":" and emphasis), or "option"/"choice" followed
//      by "is" or ":", then the letter, possibly wrapped: "the answer is B",
//      "Answer: (B)", "**Answer:** **B**", "answer is $\text{(B)}$";
//   3. a standalone letter: "(B)" not glued to a word, "**B**", "**(B)**", and
//      at the start of a line "B)" or "B." followed by white space, or a
//      line that is just the letter.
//
// Only the upper-case letters in `choices` count, always standalone, so the
// article in "A train leaves" is never taken. After an answer phrase, a bare
// letter followed by a lower-case word is taken only if that word is one of
// "because", "since", "as", "which", "with", "is" ("the answer is B because").
class ChoiceExtractor final : public ExtractorBase {
 public:
  explicit ChoiceExtractor(ExtractorOptions options)
      : ExtractorBase(std::move(options)),
        commands_(this->options().commands),
        answer_("answer"),
        option_("option"),
        choice_("choice") {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    std::optional<size_t> pos = FromBoxes(text);
    if (!pos) pos = FromPhrases(text);
    if (!pos) pos = Standalone(text);
    if (!pos) return std::nullopt;
    return Make(text, text.substr(*pos, 1));
  }

 private:
  // Where a parsed letter is and what follows it.
  struct Letter {
    size_t pos = 0;  // the letter
    size_t end = 0;  // past the letter and its closing parenthesis, braces, `$`, `*`
    bool parenthesized = false;
  };

  bool IsChoice(char c) const {
    return IsUpper(c) && options().choices.find(c) != std::string::npos;
  }

  // Parses a letter at `i` of `s`, after any of `\text{`, `\textbf{`,
  // `\mathrm{`, `\mathbf{`, `{`, `$`, `*` and one `(`.
  std::optional<Letter> ParseLetter(std::string_view s, size_t i) const {
    static constexpr std::string_view kWrappers[] = {"\\text{", "\\textbf{", "\\mathrm{",
                                                     "\\mathbf{"};
    const size_t n = s.size();
    while (i < n) {
      bool skipped = false;
      for (std::string_view w : kWrappers) {
        if (HasAt(s, i, w)) {
          i += w.size();
          skipped = true;
          break;
        }
      }
      if (skipped) continue;
      if (s[i] == '{' || s[i] == '$' || s[i] == '*') {
        ++i;
        continue;
      }
      break;
    }
    Letter l;
    if (i < n && s[i] == '(') {
      l.parenthesized = true;
      ++i;
    }
    if (i >= n || !IsChoice(s[i])) return std::nullopt;
    l.pos = i++;
    bool closed = false;
    while (i < n && (s[i] == '}' || s[i] == '$' || s[i] == '*' || s[i] == ')')) {
      if (s[i] == ')') {
        if (!l.parenthesized || closed) break;
        closed = true;
      }
      ++i;
    }
    if (l.parenthesized && !closed) return std::nullopt;
    l.end = i;
    return l;
  }

  std::optional<size_t> FromBoxes(std::string_view text) const {
    std::optional<size_t> best;
    ScanBoxes(text, commands_, [&](size_t begin, size_t end) {
      const std::string_view content = Trim(text.substr(begin, end - begin));
      const std::optional<Letter> l = ParseLetter(content, 0);
      if (!l) return;
      const bool ok = l->end == content.size() ||
                      (l->parenthesized ? !IsWordChar(content[l->end])
                                        : (content[l->end] == ')' || content[l->end] == '.' ||
                                           content[l->end] == ':'));
      const size_t pos = static_cast<size_t>(content.data() - text.data()) + l->pos;
      if (ok && Better(pos, best)) best = pos;
    });
    return best;
  }

  // True when what follows a letter parsed after an answer phrase ends it.
  static bool PhraseLetterEnds(std::string_view text, const Letter& l) {
    static constexpr std::string_view kFollowers[] = {"because", "since", "as",
                                                      "which",   "with",  "is"};
    const size_t n = text.size();
    size_t i = l.end;
    if (i == n) return true;
    if (IsWordChar(text[i])) return false;
    if (l.parenthesized || !IsBlank(text[i])) return true;
    while (i < n && IsBlank(text[i])) ++i;
    if (i == n || !IsLower(text[i])) return true;
    size_t e = i;
    while (e < n && IsWordChar(text[e])) ++e;
    const std::string_view word = text.substr(i, e - i);
    for (std::string_view f : kFollowers) {
      if (word == f) return true;
    }
    return false;
  }

  static size_t SkipPhraseFiller(std::string_view text, size_t i) {
    while (i < text.size() &&
           (IsBlank(text[i]) || text[i] == '*' || text[i] == '_' || text[i] == ':')) {
      ++i;
    }
    return i;
  }

  // Returns the position past a verb ("is", "would be", ...) at `i`, or kNpos.
  static size_t SkipVerb(std::string_view text, size_t i) {
    static constexpr std::string_view kVerbs[] = {"is", "would be", "should be", "will be"};
    for (std::string_view v : kVerbs) {
      if (HasAt(text, i, v) && (i + v.size() == text.size() || !IsWordChar(text[i + v.size()]))) {
        return i + v.size();
      }
    }
    return kNpos;
  }

  // The letter after the phrase word at `p`, or kNpos. `verb_optional` is true
  // for "answer" and false for "option" and "choice".
  size_t PhraseLetter(std::string_view text, size_t p, size_t size, bool verb_optional) const {
    if (p > 0 && IsWordChar(text[p - 1])) return kNpos;
    size_t i = p + size;
    if (i < text.size() && IsWordChar(text[i])) return kNpos;
    size_t k = i;
    while (k < text.size() && (IsBlank(text[k]) || text[k] == '*' || text[k] == '_')) ++k;
    const bool colon = k < text.size() && text[k] == ':';
    i = SkipPhraseFiller(text, i);
    const size_t v = SkipVerb(text, i);
    if (v != kNpos) {
      i = SkipPhraseFiller(text, v);
    } else if (!verb_optional && !colon) {
      return kNpos;
    }
    for (std::string_view w : {std::string_view("option"), std::string_view("choice")}) {
      if (HasAt(text, i, w) && i + w.size() < text.size() && IsBlank(text[i + w.size()])) {
        i = SkipPhraseFiller(text, i + w.size());
        break;
      }
    }
    const std::optional<Letter> l = ParseLetter(text, i);
    if (!l || !PhraseLetterEnds(text, *l)) return kNpos;
    return l->pos;
  }

  std::optional<size_t> FromPhrases(std::string_view text) const {
    std::optional<size_t> best;
    const struct {
      const CiNeedle* needle;
      bool verb_optional;
    } phrases[] = {{&answer_, true}, {&option_, false}, {&choice_, false}};
    for (const auto& phrase : phrases) {
      for (size_t from = 0;;) {
        const size_t p = phrase.needle->Find(text, from);
        if (p == kNpos) break;
        from = p + 1;
        const size_t l = PhraseLetter(text, p, phrase.needle->size(), phrase.verb_optional);
        if (l != kNpos && Better(l, best)) {
          best = l;
          if (!WantLast()) break;
        }
      }
    }
    return best;
  }

  std::optional<size_t> Standalone(std::string_view text) const {
    const size_t n = text.size();
    std::optional<size_t> best;
    auto take = [&](size_t pos) {
      if (Better(pos, best)) best = pos;
    };
    for (size_t i = 0; i < n; ++i) {
      const char c = text[i];
      if (c == '(' && i + 2 < n && IsChoice(text[i + 1]) && text[i + 2] == ')' &&
          (i == 0 || !IsWordChar(text[i - 1])) && (i + 3 == n || !IsWordChar(text[i + 3]))) {
        take(i + 1);
      } else if (c == '*' && i + 1 < n && text[i + 1] == '*' && (i == 0 || text[i - 1] != '*')) {
        size_t j = i + 2;
        const bool paren = j < n && text[j] == '(';
        if (paren) ++j;
        if (j < n && IsChoice(text[j])) {
          const size_t letter = j++;
          if (paren) {
            j = (j < n && text[j] == ')') ? j + 1 : n;
          } else if (j < n && (text[j] == '.' || text[j] == ')')) {
            ++j;
          }
          if (j + 1 < n && text[j] == '*' && text[j + 1] == '*' &&
              (j + 2 == n || text[j + 2] != '*')) {
            take(letter);
          }
        }
      }
      if (i == 0 || text[i - 1] == '\n') {
        size_t j = i;
        while (j < n && (IsBlank(text[j]) || text[j] == '*' || text[j] == '-' || text[j] == '>')) {
          ++j;
        }
        if (j < n && IsChoice(text[j])) {
          const size_t letter = j++;
          if (j < n && (text[j] == ')' || text[j] == '.')) {
            size_t k = j + 1;
            while (k < n && text[k] == '*') ++k;
            if (k == n || IsSpace(text[k])) {
              take(letter);
              continue;
            }
          }
          while (j < n &&
                 (IsBlank(text[j]) || text[j] == '*' || text[j] == '.' || text[j] == '\r')) {
            ++j;
          }
          if (j == n || text[j] == '\n') take(letter);
        }
      }
    }
    return best;
  }

  CommandSet commands_;  // the box commands an answer may sit in
  CiNeedle answer_;
  CiNeedle option_;
  CiNeedle choice_;
};

// kLabel. A label matches as a whole word (where it starts or ends with a word
// character, the text beside it must not be one), case-insensitively. A match
// that lies inside a match of a longer label ("positive" inside "very
// positive") does not count.
struct Label {
  CiNeedle needle;
  bool word_start = false;
  bool word_end = false;
  // The longer labels that contain this one as a whole word, with the offset.
  std::vector<std::pair<size_t, size_t>> containers;  // (label index, offset)
};

class LabelExtractor final : public ExtractorBase {
 public:
  LabelExtractor(ExtractorOptions options, std::vector<Label> labels)
      : ExtractorBase(std::move(options)), labels_(std::move(labels)) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    const LabelPrecedence precedence = options().precedence;
    std::optional<size_t> best;
    size_t best_label = 0;
    size_t found = 0;
    for (size_t li = 0; li < labels_.size(); ++li) {
      const bool from_end = precedence != LabelPrecedence::kFirst;
      const size_t pos = FindLabel(text, li, from_end);
      if (pos == kNpos) continue;
      ++found;
      const bool better = !best || (from_end ? pos > *best : pos < *best);
      if (better) {
        best = pos;
        best_label = li;
      }
    }
    if (!best) return std::nullopt;
    if (precedence == LabelPrecedence::kUnique && found != 1) return std::nullopt;
    return Make(text, text.substr(*best, labels_[best_label].needle.size()));
  }

 private:
  bool WholeWordAt(std::string_view text, size_t pos, const Label& l) const {
    if (l.word_start && pos > 0 && IsWordChar(text[pos - 1])) return false;
    const size_t end = pos + l.needle.size();
    if (l.word_end && end < text.size() && IsWordChar(text[end])) return false;
    return true;
  }

  bool Counts(std::string_view text, size_t pos, const Label& l) const {
    if (!WholeWordAt(text, pos, l)) return false;
    for (const auto& [container, offset] : l.containers) {
      if (pos < offset) continue;
      const Label& c = labels_[container];
      if (c.needle.MatchesAt(text, pos - offset) && WholeWordAt(text, pos - offset, c)) {
        return false;
      }
    }
    return true;
  }

  // The position of the last (or first) counting match of label `li`, or kNpos.
  size_t FindLabel(std::string_view text, size_t li, bool from_end) const {
    const Label& l = labels_[li];
    if (from_end) {
      for (size_t end = text.size();;) {
        const size_t p = l.needle.RFind(text, end);
        if (p == kNpos || Counts(text, p, l)) return p;
        end = p + l.needle.size() - 1;
      }
    }
    for (size_t from = 0;;) {
      const size_t p = l.needle.Find(text, from);
      if (p == kNpos || Counts(text, p, l)) return p;
      from = p + 1;
    }
  }

  std::vector<Label> labels_;
};

// kRegex. Matches are found left to right without overlap (an empty match
// advances one byte); the answer is the wanted group of the last (or first)
// match in which it is not empty.
class RegexExtractor final : public ExtractorBase {
 public:
  RegexExtractor(ExtractorOptions options, std::unique_ptr<RE2> re)
      : ExtractorBase(std::move(options)), re_(std::move(re)) {}

  std::optional<Extraction> Extract(std::string_view text) const override {
    if (text.data() == nullptr) return std::nullopt;
    const int group = options().group;
    const size_t nsub = static_cast<size_t>(group) + 1;
    absl::InlinedVector<re2::StringPiece, 8> sub(nsub);  // no allocation for a usual group
    const re2::StringPiece input(text.data(), text.size());
    const size_t n = text.size();
    std::optional<std::string_view> best;
    for (size_t pos = 0; pos <= n;) {
      if (!re_->Match(input, pos, n, RE2::UNANCHORED, sub.data(), group + 1)) break;
      if (sub[0].data() == nullptr) break;
      const size_t start = static_cast<size_t>(sub[0].data() - text.data());
      const size_t end = start + sub[0].size();
      const re2::StringPiece& g = sub[nsub - 1];
      if (g.data() != nullptr) {
        const std::string_view s = Trim(std::string_view(g.data(), g.size()));
        if (!s.empty()) {
          best = s;
          if (!WantLast()) break;
        }
      }
      pos = end > start ? end : end + 1;
    }
    if (!best) return std::nullopt;
    return Make(text, *best);
  }

 private:
  std::unique_ptr<RE2> re_;
};

// -----------------------------------------------------------------------------
// Validation
// -----------------------------------------------------------------------------

absl::Status Invalid(std::string_view option, std::string_view message) {
  return absl::InvalidArgumentError(fmt::format("{}: {}", option, message));
}

absl::Status ValidateCommands(const ExtractorOptions& options) {
  if (options.commands.empty()) return Invalid("commands", "must not be empty");
  for (size_t i = 0; i < options.commands.size(); ++i) {
    const std::string& c = options.commands[i];
    if (c.empty()) return Invalid("commands", fmt::format("command {} is empty", i));
    for (char ch : c) {
      if (!IsLetter(ch)) {
        return Invalid("commands",
                       fmt::format("command \"{}\" must be letters only, without backslash", c));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Marker>> BuildMarkers(const ExtractorOptions& options) {
  static const std::vector<std::string>* const kDefaults = new std::vector<std::string>{
      "####", "final answer:", "final answer is", "the answer is", "answer:", "a:"};
  const std::vector<std::string>& list = options.markers.empty() ? *kDefaults : options.markers;
  std::vector<Marker> out;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string_view core = Trim(list[i]);
    Marker m;
    if (!core.empty() && core.back() == ':') {
      m.needs_colon = true;
      core.remove_suffix(1);
      core = Trim(core);
    }
    // A marker must hold a character that answer cleaning does not strip, so
    // that the text after one match, holding the next, is never empty.
    bool solid = false;
    for (char c : core) {
      if (!IsSpace(c) && c != ':' && c != '*' && c != '_' && c != '.') solid = true;
    }
    if (!solid) {
      return Invalid("markers", fmt::format("marker {} (\"{}\") needs a character other than white "
                                            "space, ':', '*', '_' and '.'",
                                            i, list[i]));
    }
    m.needle = CiNeedle(core);
    m.word_start = IsWordChar(core.front());
    m.word_end = IsWordChar(core.back());
    m.first = ToLower(core.front());
    m.last = ToLower(core.back());
    out.push_back(std::move(m));
  }
  return out;
}

absl::StatusOr<std::vector<Label>> BuildLabels(const ExtractorOptions& options) {
  if (options.labels.empty()) return Invalid("labels", "must not be empty");
  std::vector<Label> out;
  for (size_t i = 0; i < options.labels.size(); ++i) {
    const std::string& text = options.labels[i];
    if (Trim(text).empty()) {
      return Invalid("labels", fmt::format("label {} is empty", i));
    }
    for (size_t j = 0; j < i; ++j) {
      if (EqualsIgnoreCase(options.labels[j], text)) {
        return Invalid("labels", fmt::format("label \"{}\" is listed twice", text));
      }
    }
    Label l;
    l.needle = CiNeedle(text);
    l.word_start = IsWordChar(text.front());
    l.word_end = IsWordChar(text.back());
    out.push_back(std::move(l));
  }
  // Record, for each label, the longer labels that contain it as a whole word.
  for (size_t x = 0; x < out.size(); ++x) {
    const std::string& lx = out[x].needle.lower();
    for (size_t y = 0; y < out.size(); ++y) {
      const std::string& ly = out[y].needle.lower();
      if (y == x || ly.size() <= lx.size()) continue;
      for (size_t r = 0; r + lx.size() <= ly.size(); ++r) {
        if (ly.compare(r, lx.size(), lx) != 0) continue;
        if (out[x].word_start && r > 0 && IsWordChar(ly[r - 1])) continue;
        if (out[x].word_end && r + lx.size() < ly.size() && IsWordChar(ly[r + lx.size()])) continue;
        out[x].containers.emplace_back(y, r);
      }
    }
  }
  return out;
}

absl::Status ValidateChoices(const ExtractorOptions& options) {
  const std::string& choices = options.choices;
  if (choices.empty()) return Invalid("choices", "must not be empty");
  for (size_t i = 0; i < choices.size(); ++i) {
    if (!IsUpper(choices[i])) {
      return Invalid("choices", fmt::format("\"{}\" must be upper-case letters A-Z", choices));
    }
    if (choices.find(choices[i]) != i) {
      return Invalid("choices", fmt::format("\"{}\" lists '{}' twice", choices, choices[i]));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<RE2>> CompileRegex(const ExtractorOptions& options) {
  if (options.pattern.empty()) return Invalid("pattern", "must not be empty");
  RE2::Options re_options;
  re_options.set_max_mem(int64_t{8} << 20);  // a hostile pattern fails here, not at scoring
  re_options.set_log_errors(false);
  auto re = std::make_unique<RE2>(options.pattern, re_options);
  if (!re->ok()) return Invalid("pattern", fmt::format("invalid RE2 pattern: {}", re->error()));
  if (options.group < 0 || options.group > re->NumberOfCapturingGroups()) {
    return Invalid("group", fmt::format("the pattern has no group {} (it has {})", options.group,
                                        re->NumberOfCapturingGroups()));
  }
  return re;
}

}  // namespace

std::string_view ExtractorKindName(ExtractorKind kind) {
  switch (kind) {
    case ExtractorKind::kBoxed:
      return "boxed";
    case ExtractorKind::kTag:
      return "tag";
    case ExtractorKind::kMarker:
      return "marker";
    case ExtractorKind::kLastNumber:
      return "last_number";
    case ExtractorKind::kJson:
      return "json";
    case ExtractorKind::kCodeBlock:
      return "code_block";
    case ExtractorKind::kChoice:
      return "choice";
    case ExtractorKind::kLabel:
      return "label";
    case ExtractorKind::kRegex:
      return "regex";
  }
  return "unknown";
}

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(ExtractorOptions options) {
  if (options.name.empty()) options.name = std::string(ExtractorKindName(options.kind));
  switch (options.kind) {
    case ExtractorKind::kBoxed: {
      if (absl::Status s = ValidateCommands(options); !s.ok()) return s;
      return std::unique_ptr<Extractor>(new BoxedExtractor(std::move(options)));
    }
    case ExtractorKind::kTag: {
      if (options.open.empty()) return Invalid("open", "must not be empty");
      if (options.close.empty()) return Invalid("close", "must not be empty");
      return std::unique_ptr<Extractor>(new TagExtractor(std::move(options)));
    }
    case ExtractorKind::kMarker: {
      absl::StatusOr<std::vector<Marker>> markers = BuildMarkers(options);
      if (!markers.ok()) return markers.status();
      return std::unique_ptr<Extractor>(
          new MarkerExtractor(std::move(options), *std::move(markers)));
    }
    case ExtractorKind::kLastNumber:
      return std::unique_ptr<Extractor>(new LastNumberExtractor(std::move(options)));
    case ExtractorKind::kJson:
      return std::unique_ptr<Extractor>(new JsonExtractor(std::move(options)));
    case ExtractorKind::kCodeBlock: {
      for (char c : options.language) {
        if (IsSpace(c) || c == '`' || c == '{') {
          return Invalid("language", fmt::format("\"{}\" must be one word without backticks",
                                                 options.language));
        }
      }
      return std::unique_ptr<Extractor>(new CodeBlockExtractor(std::move(options)));
    }
    case ExtractorKind::kChoice: {
      if (absl::Status s = ValidateChoices(options); !s.ok()) return s;
      if (absl::Status s = ValidateCommands(options); !s.ok()) return s;
      return std::unique_ptr<Extractor>(new ChoiceExtractor(std::move(options)));
    }
    case ExtractorKind::kLabel: {
      absl::StatusOr<std::vector<Label>> labels = BuildLabels(options);
      if (!labels.ok()) return labels.status();
      return std::unique_ptr<Extractor>(new LabelExtractor(std::move(options), *std::move(labels)));
    }
    case ExtractorKind::kRegex: {
      absl::StatusOr<std::unique_ptr<RE2>> re = CompileRegex(options);
      if (!re.ok()) return re.status();
      return std::unique_ptr<Extractor>(new RegexExtractor(std::move(options), *std::move(re)));
    }
  }
  return Invalid("type", "unknown extractor kind");
}

struct ExtractorChain::ThinkTags {
  ThinkTags(std::string_view open_tag, std::string_view close_tag)
      : open(open_tag), close(close_tag) {
    const std::string& o = open.lower();
    const std::string& c = close.lower();
    const size_t no = o.size();
    const size_t nc = c.size();
    shared_end = no >= 2 && nc >= 2 && o[no - 2] == c[nc - 2] && o[no - 1] == c[nc - 1];
    if (shared_end) {
      end1 = o[no - 2];
      end2 = o[no - 1];
    }
  }
  CiNeedle open;
  CiNeedle close;
  // Whether both tags end with the same two bytes, end1 and end2 (lower
  // case): "k>" for the think tags.
  bool shared_end = false;
  char end1 = 0;
  char end2 = 0;
};

absl::StatusOr<std::unique_ptr<ExtractorChain>> ExtractorChain::Create(
    ExtractorChainOptions options) {
  if (options.extractors.empty()) return Invalid("extractors", "must not be empty");
  if (options.think == ThinkMode::kStrip) {
    if (options.think_open.empty()) return Invalid("think_open", "must not be empty");
    if (options.think_close.empty()) return Invalid("think_close", "must not be empty");
  }
  std::unique_ptr<ExtractorChain> chain(new ExtractorChain());
  for (size_t i = 0; i < options.extractors.size(); ++i) {
    absl::StatusOr<std::unique_ptr<Extractor>> e = Extractor::Create(options.extractors[i]);
    if (!e.ok()) {
      return absl::InvalidArgumentError(
          fmt::format("extractors/{}/{}", i, std::string(e.status().message())));
    }
    chain->extractors_.push_back(*std::move(e));
  }
  if (options.think == ThinkMode::kStrip) {
    chain->think_ = std::make_shared<const ThinkTags>(options.think_open, options.think_close);
  }
  chain->options_ = std::move(options);
  return chain;
}

AnswerRegion ExtractorChain::Region(std::string_view response) const {
  if (think_ == nullptr) return AnswerRegion{response, 0, false};  // not ThinkMode::kStrip
  const ThinkTags& tags = *think_;
  // The answer starts after the last closing tag; an opening tag at or after
  // that start means thinking never finished.
  size_t start = 0;
  bool unclosed = false;
  if (tags.shared_end) {
    // Both tags end with the same two bytes, "k>" for the think tags: one
    // pass over the places where those two are, trying both tags ending
    // there, settles it, where searching for each tag would read the
    // response twice. Matches are visited in order, so the last closing tag
    // seen is the last there is. Where both tags end at one place (one is
    // the other's end), the closing one counts: the opening one then starts
    // before the answer does, so it leaves nothing unclosed.
    const size_t no = tags.open.size();
    const size_t nc = tags.close.size();
    size_t last_open = kNpos;
    internal::ForEachPair(response, tags.end1, tags.end2, [&](size_t at) {
      const size_t end = at + 2;
      if (end >= nc && tags.close.MatchesAt(response, end - nc)) {
        start = end;
      } else if (end >= no && tags.open.MatchesAt(response, end - no)) {
        last_open = end - no;
      }
    });
    unclosed = last_open != kNpos && last_open >= start;
  } else {
    const size_t last_close = tags.close.RFind(response, response.size());
    if (last_close != kNpos) start = last_close + tags.close.size();
    unclosed = tags.open.Find(response, start) != kNpos;
  }
  // Thinking started and never finished: there is no final answer.
  if (unclosed) start = response.size();
  return AnswerRegion{std::string_view(response.data() + start, response.size() - start), start,
                      unclosed};
}

std::optional<Extraction> ExtractorChain::Extract(std::string_view response) const {
  const AnswerRegion region = Region(response);
  for (size_t i = 0; i < extractors_.size(); ++i) {
    std::optional<Extraction> e = extractors_[i]->Extract(region.text);
    if (e) {
      e->offset += region.offset;
      e->index = static_cast<int>(i);
      return e;
    }
  }
  return std::nullopt;
}

namespace internal {

std::optional<Extraction> ExtractJsonReusing(const Extractor& extractor, std::string_view text,
                                             simdjson::dom::parser& parser) {
  if (const auto* json = dynamic_cast<const JsonExtractor*>(&extractor)) {
    return json->Find(text, parser);
  }
  return extractor.Extract(text);  // a kJson extractor of someone else's making
}

bool FindAnswer(const ExtractorChain& chain, std::string_view response,
                simdjson::dom::parser& parser, std::string_view* answer, int* index) {
  const AnswerRegion region = chain.Region(response);
  for (size_t i = 0; i < chain.size(); ++i) {
    const std::optional<Extraction> e = ExtractReusing(chain.at(i), region.text, parser);
    if (e) {
      *answer = std::string_view(e->text.data(), e->text.size());
      *index = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

}  // namespace internal

}  // namespace rewardkit
