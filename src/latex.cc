// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// NormalizeLatex and the LaTeX helpers of math_expr.h. Each is one linear
// pass with an explicit brace stack (no recursion), so a 10 MB answer, or one
// with a million nested braces, is fine.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "ascii.h"
#include "math_expr.h"
#include "rewardkit/normalize.h"

namespace rewardkit {
namespace {

using internal::EqualsIgnoreCase;
using internal::IsDigit;
using internal::IsLetter;
using internal::IsSpace;
using internal::Trim;

// The index of the '}' that closes the group opening at `open` (a '{'),
// skipping escaped characters, or npos when it is unbalanced.
size_t GroupClose(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t k = open; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
      continue;
    }
    if (s[k] == '{') ++depth;
    if (s[k] == '}' && --depth == 0) return k;
  }
  return std::string_view::npos;
}

// The letters of the control word whose backslash is at `backslash` (empty
// when no letter follows it).
std::string_view ControlWordAt(std::string_view s, size_t backslash) {
  size_t k = backslash + 1;
  while (k < s.size() && IsLetter(s[k])) ++k;
  return s.substr(backslash + 1, k - backslash - 1);
}

// What a control word does to the normalized text. Each name has one kind:
// the sets below do not overlap.
enum class Command : uint8_t {
  kOther,    // kept as it is
  kSizing,   // sizes a delimiter: dropped, with the "." of \left.
  kSpacing,  // spaces or styles: dropped
  kDropped,  // dropped with its braced argument
  kWrapper,  // dropped, its braced argument kept
  kSymbol,   // a symbol that may stand alone as an argument: \frac\pi2
  kFrac,
  kBinom,
  kSqrt,
  kDegree,
  kLeq,
  kGeq,
  kNeq,
  kLess,
  kGreater,
  kVert,
  kDoubleVert,
  kLbrace,
  kRbrace,
  kLbrack,
  kRbrack,
  kEmptyset,
};

struct CommandName {
  std::string_view name;
  Command command;
};

constexpr CommandName kCommandNames[] = {
    // Sizing.
    {"left", Command::kSizing},
    {"right", Command::kSizing},
    {"middle", Command::kSizing},
    {"big", Command::kSizing},
    {"Big", Command::kSizing},
    {"bigg", Command::kSizing},
    {"Bigg", Command::kSizing},
    {"bigl", Command::kSizing},
    {"bigr", Command::kSizing},
    {"Bigl", Command::kSizing},
    {"Bigr", Command::kSizing},
    {"biggl", Command::kSizing},
    {"biggr", Command::kSizing},
    {"Biggl", Command::kSizing},
    {"Biggr", Command::kSizing},
    {"bigm", Command::kSizing},
    {"Bigm", Command::kSizing},
    // Spacing and style.
    {"quad", Command::kSpacing},
    {"qquad", Command::kSpacing},
    {"displaystyle", Command::kSpacing},
    {"textstyle", Command::kSpacing},
    {"scriptstyle", Command::kSpacing},
    {"scriptscriptstyle", Command::kSpacing},
    {"limits", Command::kSpacing},
    {"nolimits", Command::kSpacing},
    {"enspace", Command::kSpacing},
    {"thinspace", Command::kSpacing},
    {"medspace", Command::kSpacing},
    {"thickspace", Command::kSpacing},
    {"negthinspace", Command::kSpacing},
    {"negmedspace", Command::kSpacing},
    {"negthickspace", Command::kSpacing},
    {"enskip", Command::kSpacing},
    {"hfill", Command::kSpacing},
    {"relax", Command::kSpacing},
    {"allowbreak", Command::kSpacing},
    {"nobreak", Command::kSpacing},
    {"strut", Command::kSpacing},
    {"mathstrut", Command::kSpacing},
    {"noindent", Command::kSpacing},
    {"space", Command::kSpacing},
    // Dropped with their argument.
    {"hspace", Command::kDropped},
    {"vspace", Command::kDropped},
    {"phantom", Command::kDropped},
    {"hphantom", Command::kDropped},
    {"vphantom", Command::kDropped},
    {"label", Command::kDropped},
    {"tag", Command::kDropped},
    // Wrappers.
    {"text", Command::kWrapper},
    {"textbf", Command::kWrapper},
    {"textit", Command::kWrapper},
    {"textrm", Command::kWrapper},
    {"textsf", Command::kWrapper},
    {"texttt", Command::kWrapper},
    {"textnormal", Command::kWrapper},
    {"textup", Command::kWrapper},
    {"textmd", Command::kWrapper},
    {"emph", Command::kWrapper},
    {"mbox", Command::kWrapper},
    {"hbox", Command::kWrapper},
    {"mathrm", Command::kWrapper},
    {"mathbf", Command::kWrapper},
    {"mathit", Command::kWrapper},
    {"mathsf", Command::kWrapper},
    {"mathtt", Command::kWrapper},
    {"mathnormal", Command::kWrapper},
    {"boldsymbol", Command::kWrapper},
    {"bm", Command::kWrapper},
    {"boxed", Command::kWrapper},
    {"fbox", Command::kWrapper},
    {"operatorname", Command::kWrapper},
    {"ensuremath", Command::kWrapper},
    // Symbols.
    {"pi", Command::kSymbol},
    {"infty", Command::kSymbol},
    {"alpha", Command::kSymbol},
    {"beta", Command::kSymbol},
    {"gamma", Command::kSymbol},
    {"delta", Command::kSymbol},
    {"epsilon", Command::kSymbol},
    {"varepsilon", Command::kSymbol},
    {"theta", Command::kSymbol},
    {"vartheta", Command::kSymbol},
    {"lambda", Command::kSymbol},
    {"mu", Command::kSymbol},
    {"sigma", Command::kSymbol},
    {"tau", Command::kSymbol},
    {"phi", Command::kSymbol},
    {"varphi", Command::kSymbol},
    {"omega", Command::kSymbol},
    {"rho", Command::kSymbol},
    {"eta", Command::kSymbol},
    {"xi", Command::kSymbol},
    {"zeta", Command::kSymbol},
    {"kappa", Command::kSymbol},
    {"nu", Command::kSymbol},
    {"chi", Command::kSymbol},
    {"psi", Command::kSymbol},
    // Rewritten.
    {"frac", Command::kFrac},
    {"dfrac", Command::kFrac},
    {"tfrac", Command::kFrac},
    {"cfrac", Command::kFrac},
    {"binom", Command::kBinom},
    {"dbinom", Command::kBinom},
    {"tbinom", Command::kBinom},
    {"sqrt", Command::kSqrt},
    {"degree", Command::kDegree},
    {"le", Command::kLeq},
    {"leqslant", Command::kLeq},
    {"ge", Command::kGeq},
    {"geqslant", Command::kGeq},
    {"ne", Command::kNeq},
    {"lt", Command::kLess},
    {"gt", Command::kGreater},
    {"lvert", Command::kVert},
    {"rvert", Command::kVert},
    {"vert", Command::kVert},
    {"lVert", Command::kDoubleVert},
    {"rVert", Command::kDoubleVert},
    {"Vert", Command::kDoubleVert},
    {"lbrace", Command::kLbrace},
    {"rbrace", Command::kRbrace},
    {"lbrack", Command::kLbrack},
    {"rbrack", Command::kRbrack},
    {"varnothing", Command::kEmptyset},
};

// The names are found through an open-addressing table built at compile
// time: one hash of the length and two letters, then usually one comparison.
constexpr size_t kCommandSlots = 512;
constexpr size_t kLongestCommand = 17;  // "scriptscriptstyle"

constexpr size_t CommandHash(std::string_view name) {
  const size_t n = name.size();
  return (n * 97 + static_cast<unsigned char>(name[0]) * 31 +
          static_cast<unsigned char>(name[n - 1]) * 7 + static_cast<unsigned char>(name[n / 2])) %
         kCommandSlots;
}

// Slot -> 1 + index into kCommandNames, or 0 for an empty slot.
constexpr std::array<uint8_t, kCommandSlots> kCommandTable = [] {
  std::array<uint8_t, kCommandSlots> table{};
  for (size_t i = 0; i < std::size(kCommandNames); ++i) {
    size_t h = CommandHash(kCommandNames[i].name);
    while (table[h] != 0) h = (h + 1) % kCommandSlots;
    table[h] = static_cast<uint8_t>(i + 1);
  }
  return table;
}();

static_assert(std::size(kCommandNames) < 255 && std::size(kCommandNames) * 2 < kCommandSlots);

constexpr bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

constexpr Command Classify(std::string_view name) {
  if (name.empty() || name.size() > kLongestCommand) return Command::kOther;
  for (size_t h = CommandHash(name);; h = (h + 1) % kCommandSlots) {
    const uint8_t slot = kCommandTable[h];
    if (slot == 0) return Command::kOther;
    const CommandName& c = kCommandNames[slot - 1];
    if (SameName(c.name, name)) return c.command;
  }
}

constexpr bool EveryNameFound() {
  size_t longest = 0;
  for (const CommandName& c : kCommandNames) {
    if (Classify(c.name) != c.command) return false;  // also catches a name listed twice
    longest = std::max(longest, c.name.size());
  }
  return longest == kLongestCommand;
}
static_assert(EveryNameFound());

// Whether a trailing \text{} word is a unit that is dropped by the
// drop_trailing_text_units rule: letters and spaces only, and not a time of
// day ("4:30 \text{pm}" must not equal "4:30 \text{am}").
bool LooksLikeUnit(std::string_view word) {
  if (word.empty()) return false;
  bool letter = false;
  for (char c : word) {
    if (IsLetter(c)) {
      letter = true;
    } else if (!IsSpace(c)) {
      return false;
    }
  }
  return letter && !EqualsIgnoreCase(word, "am") && !EqualsIgnoreCase(word, "pm");
}

// The bytes that LatexNormalizer copies as they are wherever they stand, so
// that a text of nothing else is its own normal form (less a trailing "."):
// ASCII other than white space, `~ $ \ { } ^ _ %` and the comma. A letter is
// only spaced after a control word, and a digit only starts a thousands group
// before a comma.
constexpr std::array<bool, 256> kVerbatim = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x80; ++c) table[static_cast<size_t>(c)] = !IsSpace(static_cast<char>(c));
  for (char c : std::string_view("~$\\{}^_%,")) table[static_cast<unsigned char>(c)] = false;
  return table;
}();

// Output buffers are reserved for inputs longer than this; shorter ones
// start in a std::string's inline bytes (15) and grow when they must.
constexpr size_t kReserveAbove = 31;

// What to do at the '}' that closes a group.
enum class Close : uint8_t {
  kEmit,           // emit '}'
  kDrop,           // the group was a wrapper's argument: emit nothing
  kFirstArgument,  // emit '}' and canonicalise the second argument (\frac, \binom)
};

class LatexNormalizer {
 public:
  LatexNormalizer(std::string_view in, const LatexOptions& options) : in_(in), options_(options) {
    // A short input often gives an output that a std::string holds inline;
    // a long one gets its buffer at once.
    if (in.size() > kReserveAbove) out_.reserve(in.size());
  }

  std::string Run() {
    while (i_ < in_.size()) Step();
    while (!out_.empty() && (out_.back() == '.' || out_.back() == ' ')) out_.pop_back();
    size_t start = 0;
    while (start < out_.size() && out_[start] == ' ') ++start;
    // The buffer itself is the result unless most of it would be wasted.
    if (start > 0 || out_.capacity() > 2 * out_.size() + 64) return out_.substr(start);
    return std::move(out_);
  }

 private:
  char At(size_t i) const { return i < in_.size() ? in_[i] : '\0'; }

  size_t SkipSpaces(size_t i) const {
    while (i < in_.size() && IsSpace(in_[i])) ++i;
    return i;
  }

  void Emit(char c) {
    // A letter after a control word needs a space: "\pi r", "\cot x".
    if (after_control_word_ && IsLetter(c)) out_.push_back(' ');
    after_control_word_ = false;
    out_.push_back(c);
  }

  void EmitText(std::string_view s) {
    for (char c : s) Emit(c);
  }

  void EmitControlWord(std::string_view name) {
    out_.push_back('\\');
    out_.append(name);
    after_control_word_ = true;
  }

  void Step() {
    char c = in_[i_];
    if (IsSpace(c) || c == '~' || c == '$') {
      ++i_;
      return;
    }
    if (c == '\\') {
      Backslash();
      return;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      Unicode();
      return;
    }
    if (IsDigit(c) && ThousandsChain()) return;
    switch (c) {
      case '{':
        if (in_.substr(i_, 3) == "{,}") {
          Emit(',');
          i_ += 3;
          return;
        }
        stack_.push_back(Close::kEmit);
        Emit('{');
        ++i_;
        return;
      case '}':
        ++i_;
        CloseGroup();
        return;
      case '^':
        Superscript();
        return;
      case '_':
        ++i_;
        Emit('_');
        ShortScript();
        return;
      case '%':
        ++i_;
        if (!options_.strip_percent) Emit('%');
        return;
      case '(':
      case '[':
        ++depth_;
        break;
      case ')':
      case ']':
        --depth_;
        break;
      default:
        break;
    }
    Emit(c);
    ++i_;
  }

  void CloseGroup() {
    if (stack_.empty()) {
      Emit('}');
      return;
    }
    Close kind = stack_.back();
    stack_.pop_back();
    switch (kind) {
      case Close::kEmit:
        Emit('}');
        break;
      case Close::kDrop:
        break;
      case Close::kFirstArgument:
        Emit('}');
        Argument(Close::kEmit);
        break;
    }
  }

  // Reads the argument of \frac, \sqrt, \binom at i_: a braced group is
  // opened (and closed later by CloseGroup), a single digit, letter or symbol
  // is wrapped in braces: \frac12 -> \frac{1}{2}, \sqrt3 -> \sqrt{3}.
  void Argument(Close kind) {
    size_t j = SkipSpaces(i_);
    char c = At(j);
    if (c == '{') {
      i_ = j + 1;
      stack_.push_back(kind);
      Emit('{');
      return;
    }
    bool wrapped = false;
    if (IsDigit(c) || IsLetter(c)) {
      Emit('{');
      Emit(c);
      Emit('}');
      i_ = j + 1;
      wrapped = true;
    } else if (c == '\\') {
      std::string_view name = ControlWordAt(in_, j);
      if (Classify(name) == Command::kSymbol) {
        Emit('{');
        EmitControlWord(name);
        Emit('}');
        i_ = j + 1 + name.size();
        wrapped = true;
      }
    }
    if (wrapped && kind == Close::kFirstArgument) Argument(Close::kEmit);
  }

  // After '_' (already emitted): a digit run or one letter gets braces, so
  // that 4210_5 and 4210_{5} normalise alike.
  void ShortScript() {
    size_t j = SkipSpaces(i_);
    char c = At(j);
    size_t k = j + 1;
    if (IsDigit(c) || (c == '-' && IsDigit(At(j + 1)))) {
      while (k < in_.size() && IsDigit(in_[k])) ++k;
    } else if (!IsLetter(c)) {
      return;
    }
    out_.push_back('{');
    out_.append(in_.substr(j, k - j));
    out_.push_back('}');
    after_control_word_ = false;
    i_ = k;
  }

  // '^': degrees go; otherwise a short exponent gets braces (10^3 -> 10^{3}).
  void Superscript() {
    size_t j = SkipSpaces(i_ + 1);
    if (options_.strip_degrees) {
      size_t end = DegreeSignEnd(j);
      if (end != 0) {
        i_ = end;
        return;
      }
    }
    i_ = i_ + 1;
    Emit('^');
    ShortScript();
  }

  // The end of "\circ" or "{\circ}" at j, or 0.
  size_t DegreeSignEnd(size_t j) const {
    auto circ_at = [&](size_t k) { return in_.substr(k, 5) == "\\circ" && !IsLetter(At(k + 5)); };
    if (circ_at(j)) return j + 5;
    if (At(j) == '{') {
      size_t k = SkipSpaces(j + 1);
      if (circ_at(k)) {
        k = SkipSpaces(k + 5);
        if (At(k) == '}') return k + 1;
      }
    }
    return 0;
  }

  void Backslash() {
    char next = At(i_ + 1);
    if (!IsLetter(next)) {
      ControlSymbol(next);
      return;
    }
    std::string_view name = ControlWordAt(in_, i_);
    i_ += 1 + name.size();
    ControlWord(name);
  }

  // \lbrace and \rbrace, spelled as \{ and \}.
  void ControlSymbolText(char c) {
    depth_ += c == '{' ? 1 : -1;
    Emit('\\');
    Emit(c);
  }

  void ControlSymbol(char c) {
    i_ = std::min(in_.size(), i_ + 2);
    switch (c) {
      case ',':
      case ';':
      case ':':
      case '!':
      case ' ':
      case '>':
      case '\n':
      case '\t':
      case '(':
      case ')':
      case '[':
      case ']':
      case '\0':
        return;
      case '%':
        if (!options_.strip_percent) EmitText("\\%");
        return;
      case '$':
        if (!options_.strip_dollars) EmitText("\\$");
        return;
      case '{':
        ++depth_;
        break;
      case '}':
        --depth_;
        break;
      default:
        break;
    }
    Emit('\\');
    Emit(c);
  }

  void ControlWord(std::string_view name) {
    switch (Classify(name)) {
      case Command::kSizing: {
        // \left. and \right. are invisible delimiters.
        size_t j = SkipSpaces(i_);
        if (At(j) == '.') i_ = j + 1;
        return;
      }
      case Command::kSpacing:
        return;
      case Command::kDropped: {
        size_t j = i_;
        if (At(j) == '*') ++j;
        j = SkipSpaces(j);
        if (At(j) == '{') j = SkipGroup(j);
        i_ = j;
        return;
      }
      case Command::kWrapper:
        return Wrapper();
      case Command::kFrac:
        EmitControlWord("frac");
        return Argument(Close::kFirstArgument);
      case Command::kBinom:
        EmitControlWord("binom");
        return Argument(Close::kFirstArgument);
      case Command::kSqrt:
        return Sqrt();
      case Command::kDegree:
        if (!options_.strip_degrees) EmitControlWord(name);
        return;
      case Command::kLeq:
        return EmitControlWord("leq");
      case Command::kGeq:
        return EmitControlWord("geq");
      case Command::kNeq:
        return EmitControlWord("neq");
      case Command::kLess:
        return Emit('<');
      case Command::kGreater:
        return Emit('>');
      case Command::kVert:
        return Emit('|');
      case Command::kDoubleVert:
        return EmitText("\\|");
      case Command::kLbrace:
        return ControlSymbolText('{');
      case Command::kRbrace:
        return ControlSymbolText('}');
      case Command::kLbrack:
        ++depth_;
        return Emit('[');
      case Command::kRbrack:
        --depth_;
        return Emit(']');
      case Command::kEmptyset:
        return EmitControlWord("emptyset");
      case Command::kSymbol:
      case Command::kOther:
        break;
    }
    EmitControlWord(name);
  }

  void Sqrt() {
    EmitControlWord("sqrt");
    size_t j = SkipSpaces(i_);
    if (At(j) == '[') {
      // The index of a root: copied without spaces, up to 64 bytes.
      size_t k = j + 1;
      while (k < in_.size() && k - j < 64 && in_[k] != ']' && in_[k] != '[' && in_[k] != '{' &&
             in_[k] != '}') {
        ++k;
      }
      if (At(k) == ']') {
        Emit('[');
        for (size_t m = j + 1; m < k; ++m) {
          if (!IsSpace(in_[m])) Emit(in_[m]);
        }
        Emit(']');
        i_ = k + 1;
      }
    }
    Argument(Close::kEmit);
  }

  // The index just past the group that opens at `open` (which is '{'), or
  // the end of the input when it is unbalanced.
  size_t SkipGroup(size_t open) const {
    size_t close = GroupClose(in_, open);
    return close == std::string_view::npos ? in_.size() : close + 1;
  }

  // \text{..} and friends: the argument stays, the command goes, unless the
  // argument is a unit word after a number (then both go, with a ^2 or ^3).
  void Wrapper() {
    size_t j = SkipSpaces(i_);
    if (At(j) != '{') {
      i_ = j;  // "\boxed 5": only the command goes
      return;
    }
    // A simple argument, without braces, is looked at as a possible unit.
    size_t k = j + 1;
    while (k < in_.size() && in_[k] != '{' && in_[k] != '}') ++k;
    if (At(k) == '}') {
      std::string_view word = Trim(in_.substr(j + 1, k - j - 1));
      size_t end = UnitEnd(word, k + 1);
      if (end != 0) {
        i_ = end;
        return;
      }
    }
    stack_.push_back(Close::kDrop);
    i_ = j + 1;
  }

  // Where a unit `word`, whose group ends before `after`, ends together with
  // an exponent ^2, ^{3}; or 0 when the word is not dropped.
  size_t UnitEnd(std::string_view word, size_t after) const {
    if (word.empty() || out_.empty()) return 0;
    char last = out_.back();
    if (!(IsDigit(last) || IsLetter(last) || last == '}' || last == ')' || last == ']')) return 0;
    size_t end = after;
    size_t j = SkipSpaces(after);
    if (At(j) == '^') {
      size_t k = SkipSpaces(j + 1);
      if (IsDigit(At(k)) && !IsDigit(At(k + 1))) {
        end = k + 1;
      } else if (At(k) == '{' && IsDigit(At(k + 1)) && At(k + 2) == '}') {
        end = k + 3;
      }
    }
    for (const std::string& unit : options_.units) {
      if (!unit.empty() && EqualsIgnoreCase(word, Trim(unit))) return end;
    }
    if (!options_.drop_trailing_text_units || !LooksLikeUnit(word)) return 0;
    // Only at the end of the answer (closing braces and delimiters aside).
    for (size_t k = end; k < in_.size(); ++k) {
      char c = in_[k];
      if (IsSpace(c) || c == '.' || c == '$' || c == '}') continue;
      if (c == '\\' && (At(k + 1) == ')' || At(k + 1) == ']')) {
        ++k;
        continue;
      }
      return 0;
    }
    return end;
  }

  // A thousands-grouped integer at i_ ("10{,}000", "10,\!080", and a bare
  // "70,000" outside brackets) is emitted without its separators. Returns
  // false, emitting nothing, when the digits at i_ are not one.
  bool ThousandsChain() {
    if (i_ > 0) {
      char prev = in_[i_ - 1];
      if (IsDigit(prev) || prev == '.' || prev == ',' || prev == '!') return false;
    }
    if (in_[i_] == '0') return false;
    size_t p = i_;
    while (p < in_.size() && IsDigit(in_[p])) ++p;
    if (p - i_ > 3) return false;
    int groups = 0;
    while (true) {
      size_t sep = 0;
      std::string_view rest = in_.substr(p);
      if (rest.substr(0, 3) == "{,}") {
        sep = 3;
      } else if (rest.substr(0, 3) == ",\\!") {
        sep = 3;
        while (p + sep < in_.size() && IsSpace(in_[p + sep])) ++sep;
      } else if (!rest.empty() && rest[0] == ',' && depth_ == 0) {
        sep = 1;
      }
      if (sep == 0) break;
      size_t q = p + sep;
      bool three =
          IsDigit(At(q)) && IsDigit(At(q + 1)) && IsDigit(At(q + 2)) && !IsDigit(At(q + 3));
      if (!three) {
        // A separator before digits that are not a group of three ("1,000,00")
        // means this is not one grouped number.
        if (IsDigit(At(q))) return false;
        break;
      }
      p = q + 3;
      ++groups;
    }
    if (groups == 0) return false;
    for (size_t k = i_; k < p; ++k) {
      if (IsDigit(in_[k])) Emit(in_[k]);
    }
    i_ = p;
    return true;
  }

  // Non-ASCII characters with a LaTeX meaning; anything else is copied.
  void Unicode() {
    auto b = [&](size_t k) { return static_cast<unsigned char>(At(i_ + k)); };
    unsigned char c0 = b(0);
    if (c0 == 0xC2 || c0 == 0xC3 || c0 == 0xCF) {
      unsigned char c1 = b(1);
      i_ += 2;
      if (c0 == 0xC2 && c1 == 0xB0) {  // °
        if (!options_.strip_degrees) EmitText("^{\\circ}");
        return;
      }
      if (c0 == 0xC2 && c1 == 0xA0) return;                           // no-break space
      if (c0 == 0xC2 && c1 == 0xB1) return EmitControlWord("pm");     // ±
      if (c0 == 0xC2 && c1 == 0xB7) return EmitControlWord("cdot");   // ·
      if (c0 == 0xC3 && c1 == 0x97) return EmitControlWord("times");  // ×
      if (c0 == 0xC3 && c1 == 0xB7) return EmitControlWord("div");    // ÷
      if (c0 == 0xCF && c1 == 0x80) return EmitControlWord("pi");     // π
      i_ -= 2;
    } else if (c0 == 0xE2) {
      unsigned char c1 = b(1);
      unsigned char c2 = b(2);
      i_ += 3;
      if (c1 == 0x88) {
        if (c2 == 0x92) return Emit('-');                 // − minus sign
        if (c2 == 0x9E) return EmitControlWord("infty");  // ∞
        if (c2 == 0xAA) return EmitControlWord("cup");    // ∪
        if (c2 == 0x88) return EmitControlWord("in");     // ∈
        if (c2 == 0x9A) {                                 // √
          EmitControlWord("sqrt");
          return Argument(Close::kEmit);
        }
      }
      if (c1 == 0x89) {
        if (c2 == 0xA4) return EmitControlWord("leq");  // ≤
        if (c2 == 0xA5) return EmitControlWord("geq");  // ≥
        if (c2 == 0xA0) return EmitControlWord("neq");  // ≠
      }
      if (c1 == 0x80) {
        if (c2 >= 0x80 && c2 <= 0x8B) return;  // the U+2000 spaces
        if (c2 == 0xAF) return;                // narrow no-break space
        if (c2 == 0x93) return Emit('-');      // en dash
      }
      i_ -= 3;
    }
    Emit(in_[i_]);
    ++i_;
  }

  std::string_view in_;
  const LatexOptions& options_;
  size_t i_ = 0;
  std::string out_;
  absl::InlinedVector<Close, 16> stack_;  // deeper nesting is rare, and allowed
  int depth_ = 0;  // ( [ \{ nesting, for telling "1,000" from the pair "(1,000)"
  bool after_control_word_ = false;
};

// Whether LatexNormalizer would give back `s` itself, less trailing dots,
// for a reason that is cheap to see: `s` is made of kVerbatim bytes, control
// words that are kept as they are (\pi, \cdot; the next byte is never a
// letter, so no space is due), and fractions of digit strings written as
// \frac{12}{5} (a digit string before a '}' starts no thousands group).
bool IsOwnNormalForm(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const char c = s[i];
    if (kVerbatim[static_cast<unsigned char>(c)]) {
      ++i;
      continue;
    }
    if (c != '\\') return false;
    const std::string_view name = ControlWordAt(s, i);
    if (name.empty()) return false;
    i += 1 + name.size();
    const Command command = Classify(name);
    if (command == Command::kOther || command == Command::kSymbol) continue;
    if (name != "frac") return false;
    for (int argument = 0; argument < 2; ++argument) {
      if (i >= n || s[i] != '{') return false;
      size_t j = i + 1;
      while (j < n && IsDigit(s[j])) ++j;
      if (j == i + 1 || j >= n || s[j] != '}') return false;
      i = j + 1;
    }
  }
  return true;
}

}  // namespace

std::string NormalizeLatex(std::string_view latex, const LatexOptions& options) {
  // Most answers ("420", "4a-2", "\frac{3}{8}") have nothing to normalize.
  if (IsOwnNormalForm(latex)) {
    size_t end = latex.size();
    while (end > 0 && latex[end - 1] == '.') --end;
    return std::string(latex.substr(0, end));
  }
  return LatexNormalizer(latex, options).Run();
}

namespace internal {

std::string_view StripOuterMath(std::string_view text) {
  // Each round removes one layer; 16 layers is more than any real answer has.
  for (int round = 0; round < 16; ++round) {
    text = Trim(text);
    size_t n = text.size();
    if (n >= 4 && text.substr(0, 2) == "$$" && text.substr(n - 2) == "$$") {
      text = text.substr(2, n - 4);
    } else if (n >= 2 && text.front() == '$' && text.back() == '$' && text[n - 2] != '\\') {
      text = text.substr(1, n - 2);
    } else if (n >= 4 && (text.substr(0, 2) == "\\(" && text.substr(n - 2) == "\\)")) {
      text = text.substr(2, n - 4);
    } else if (n >= 4 && (text.substr(0, 2) == "\\[" && text.substr(n - 2) == "\\]")) {
      text = text.substr(2, n - 4);
    } else {
      size_t open = 0;
      if (text.substr(0, 7) == "\\boxed{") open = 6;
      if (text.substr(0, 6) == "\\fbox{") open = 5;
      if (open == 0) break;
      // The group must close at the very end.
      if (GroupClose(text, open) != n - 1) break;
      text = text.substr(open + 1, n - open - 2);
    }
  }
  return Trim(text);
}

std::string LatexToPlainText(std::string_view latex) {
  std::string out;
  if (latex.size() > kReserveAbove) out.reserve(latex.size());
  for (size_t i = 0; i < latex.size(); ++i) {
    char c = latex[i];
    if (c == '$' || c == '{' || c == '}') continue;
    if (c == '~') {
      out.push_back(' ');
      continue;
    }
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 1 >= latex.size()) break;
    char next = latex[i + 1];
    if (!IsLetter(next)) {
      ++i;
      if (next == '%' || next == '$' || next == '&' || next == '#' || next == '_') {
        out.push_back(next);
      } else {
        out.push_back(' ');
      }
      continue;
    }
    std::string_view name = ControlWordAt(latex, i);
    i += name.size();
    const Command command = Classify(name);
    if (command == Command::kWrapper || command == Command::kSizing) continue;
    if (command == Command::kSpacing) {
      out.push_back(' ');
      continue;
    }
    out.push_back(' ');
    out.append(name);
    out.push_back(' ');
  }
  return out;
}

}  // namespace internal
}  // namespace rewardkit
