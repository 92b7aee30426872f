// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Similarity and repetition metrics. Tokens are interned to dense integer
// ids (one string hash per token); n-grams get exact ids by interning pairs
// of shorter n-gram ids (an n-gram is a k-gram followed by an (n-k)-gram,
// with k a power of two), so counting n-grams costs O(tokens * log n) array
// and hash-table steps with no collisions possible. An n-gram that cannot
// count (it occurs once, or only on one side) is marked dead and so is every
// n-gram containing it, without a look-up. The two dynamic programs (edit
// distance, longest common subsequence) keep one row.

#include "rewardkit/text_metrics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ascii.h"
#include "rewardkit/language.h"
#include "rewardkit/normalize.h"
#include "utf8.h"

namespace rewardkit {
namespace {

using internal::IsDigit;
using internal::IsLetter;
using internal::IsSpace;
using internal::ToLower;

constexpr char32_t kInvalidBase = internal::kInvalidUtf8Base;

using internal::DecodeUtf8;

// The lower case of a Latin-1, Latin Extended-A, Greek or Cyrillic capital;
// any other code point unchanged. (ASCII is handled by the callers.)
char32_t FoldCase(char32_t c) {
  if (c >= 0xC0 && c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    if (c == 0x178) return 0xFF;  // Ÿ
    // Capital then small, from an even code point except in 0139..0148 and 0179..017E.
    const bool odd_pairs = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    const bool capital = odd_pairs ? (c & 1) == 1 : (c & 1) == 0;
    return capital ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;  // Α..Ω
  if (c == 0x386) return 0x3AC;                                 // Ά
  if (c >= 0x388 && c <= 0x38A) return c + 0x25;                // Έ Ή Ί
  if (c == 0x38C) return 0x3CC;                                 // Ό
  if (c == 0x38E || c == 0x38F) return c + 0x3F;                // Ύ Ώ
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                // Ѐ..Џ
  return c;
}

// A non-ASCII code point that separates tokens as white space does
// (Python's str.split() set).
bool IsUnicodeSpace(char32_t c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// A non-ASCII code point that separates tokens as ASCII punctuation does:
// Latin-1 punctuation and symbols (but ª µ º), × ÷, general punctuation
// (but the zero-width joiners), CJK punctuation (but 々 〆 〇) and the
// full-width forms of ASCII punctuation.
bool IsUnicodePunctuation(char32_t c) {
  if (c >= 0x80 && c <= 0xBF) return c != 0xAA && c != 0xB5 && c != 0xBA;
  if (c == 0xD7 || c == 0xF7) return true;
  if (c >= 0x2000 && c <= 0x206F) return c != 0x200C && c != 0x200D;
  if (c >= 0x3000 && c <= 0x303F) return c < 0x3005 || c > 0x3007;
  return (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

// Han, Kana, Hangul and Thai characters are tokens of their own.
bool IsOwnToken(char32_t c) {
  if (c < 0xE00) return false;
  const Script s = ScriptOf(c);
  return s == Script::kHan || s == Script::kKana || s == Script::kHangul || s == Script::kThai;
}

// Writes `cp` (at most U+10FFFF) as UTF-8 to out[0...]; returns its length.
size_t EncodeUtf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Tokens stored as one string and the end offset of each.
struct TokenList {
  std::string text;
  std::vector<size_t> ends;

  size_t size() const { return ends.size(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(begin, ends[i] - begin);
  }
};

// For each byte, its lower case when it is an ASCII letter or digit, else 0.
constexpr auto kAlnumLower = [] {
  std::array<char, 256> out{};
  for (size_t b = 0; b < 128; ++b) {
    const char c = static_cast<char>(b);
    if (IsLetter(c) || IsDigit(c)) out[b] = ToLower(c);
  }
  return out;
}();

// Appends the bytes of the Tokenize tokens of `in` to `*text`, calling
// on_token(data, begin, end) as each ends, where data[begin, end) is the
// token and data[0, begin) what came before; on_token returns where the text
// goes on, from `begin` (to drop the token's bytes) to `end` (to keep them).
// Stops after `max_tokens` tokens. Inputs beyond 4 GiB are cut there, so
// that token counts fit the 32-bit ids used below.
template <typename OnToken>
void TokenizeWith(std::string_view in, size_t max_tokens, std::string* text, OnToken on_token) {
  constexpr size_t kMaxBytes = 0xFFFFFFF0u;
  if (in.size() > kMaxBytes) in = in.substr(0, kMaxBytes);
  // Tokens never take more bytes than the input they come from (case
  // folding keeps each code point's length), so the text is sized once and
  // written through a pointer: out <= base + i throughout.
  const size_t base = text->size();
  text->resize(base + in.size());
  char* const data = text->data();
  size_t out = base;
  size_t count = 0;
  size_t begin = base;
  auto end_token = [&] {
    if (out > begin) {
      out = on_token(data, begin, out);
      ++count;
      begin = out;
    }
  };
  size_t i = 0;
  while (i < in.size() && count < max_tokens) {
    const char c = in[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      if (kAlnumLower[static_cast<unsigned char>(c)] != 0) {
        // A run of ASCII letters and digits goes on one token. Locals only:
        // every store through `data` may alias memory.
        const char* const from = in.data();
        const size_t n = in.size();
        size_t k = i;
        size_t o = out;
        char lower = 0;
        while (k < n && (lower = kAlnumLower[static_cast<unsigned char>(from[k])]) != 0) {
          data[o++] = lower;
          ++k;
        }
        i = k;
        out = o;
      } else {
        end_token();
        ++i;
      }
      continue;
    }
    char32_t cp = 0;
    const size_t len = DecodeUtf8(in, i, &cp);
    if (cp >= kInvalidBase) {
      data[out++] = c;  // an invalid byte is a word byte
    } else if (IsUnicodeSpace(cp) || IsUnicodePunctuation(cp)) {
      end_token();
    } else if (IsOwnToken(cp)) {
      end_token();
      if (count < max_tokens) {
        std::memcpy(data + out, in.data() + i, len);
        out += len;
        end_token();
      }
    } else {
      const char32_t folded = FoldCase(cp);
      if (folded == cp) {
        std::memcpy(data + out, in.data() + i, len);
        out += len;
      } else {
        out += EncodeUtf8(folded, data + out);
      }
    }
    i += len;
  }
  if (count < max_tokens) end_token();
  text->resize(out);
}

// Appends the Tokenize tokens of `in` to an empty `out`, at most
// `max_tokens` of them.
void TokenizeInto(std::string_view in, size_t max_tokens, TokenList* out) {
  TokenizeWith(in, max_tokens, &out->text, [out](const char*, size_t, size_t end) {
    out->ends.push_back(end);
    return end;
  });
}

// The id of an n-gram that cannot count: for repetition one that occurs
// once, for matching one that is not in every sequence. An n-gram that
// contains such a gram cannot count either, so it is kDead without a
// look-up; long n-grams of text that does not repeat then cost little.
constexpr uint32_t kDead = 0xFFFFFFFF;

uint64_t Load64(const char* p) {
  uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return w;
}

uint64_t Load32(const char* p) {
  uint32_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A hash of `bytes` for TokenTable, reading short tokens (most are) in two
// overlapping loads. Any hash gives the same results: the table compares
// tokens, and assigns ids in first-seen order.
uint64_t HashBytes(std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  uint64_t h = 0x9E3779B97F4A7C15u ^ n;
  uint64_t w = 0;
  if (n >= 8) {
    for (size_t k = 0; k + 8 < n; k += 8) {
      h = (h ^ Load64(p + k)) * 0xBF58476D1CE4E5B9u;
      h ^= h >> 31;
    }
    w = Load64(p + n - 8);
  } else if (n >= 4) {
    w = Load32(p) | (Load32(p + n - 4) << 32);
  } else if (n > 0) {
    w = uint64_t{static_cast<unsigned char>(p[0])} |
        uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
        uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
  }
  h = (h ^ w) * 0x94D049BB133111EBu;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9u;
  h ^= h >> 32;
  return h;
}

// Whether a[0, n) equals b[0, n): a byte loop, cheaper than memcmp for the
// short tokens compared here.
bool EqualBytes(const char* a, const char* b, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

// Maps tokens to dense ids in first-seen order: an open-addressing hash
// table with linear probing that doubles when half full. Each slot keeps 32
// bits of the hash, so a probe touches the token only when these agree. It
// keeps its memory from call to call (Clear), and holds each token as a
// range of a text that the caller passes to every call: a text that may
// grow, and move, between calls.
class TokenTable {
 public:
  // Forgets every token, and makes room for about `expected` of them;
  // keeps the memory.
  void Clear(size_t expected) {
    entries_.clear();
    size_t slots = kMinSlots;
    while (slots < 2 * expected && slots < kMaxInitialSlots) slots *= 2;
    Rebuild(slots);
  }

  // Returns the id of the token text.substr(offset, length), assigning the
  // next id to a new token; sets `*added` to whether it was new.
  uint32_t Intern(std::string_view text, size_t offset, size_t length, bool* added) {
    const std::string_view token = text.substr(offset, length);
    const uint64_t hash = HashBytes(token);
    size_t slot = Find(text, token, hash);
    *added = slots_[slot].id_plus_one == 0;
    if (!*added) return slots_[slot].id_plus_one - 1;
    if (2 * (entries_.size() + 1) > mask_ + 1) {
      Rebuild(2 * (mask_ + 1));
      slot = Find(text, token, hash);
    }
    entries_.push_back({offset, length, hash});
    slots_[slot] = {static_cast<uint32_t>(entries_.size()), Check(hash)};
    return static_cast<uint32_t>(entries_.size() - 1);
  }

  // Returns the id of `token`, or kDead when it has none; `text` as for Intern.
  uint32_t Lookup(std::string_view text, std::string_view token) const {
    const size_t slot = Find(text, token, HashBytes(token));
    return slots_[slot].id_plus_one == 0 ? kDead : slots_[slot].id_plus_one - 1;
  }

  // Returns the number of distinct tokens.
  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }

 private:
  static constexpr size_t kMinSlots = 64;
  static constexpr size_t kMaxInitialSlots = size_t{1} << 16;

  struct Slot {
    uint32_t id_plus_one = 0;  // 0: empty
    uint32_t check = 0;        // Check(hash) of the token
  };
  struct Entry {
    size_t offset;
    size_t length;
    uint64_t hash;
  };

  static uint32_t Check(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

  // Returns the slot of `token`, or the empty slot where it belongs.
  size_t Find(std::string_view text, std::string_view token, uint64_t hash) const {
    const uint32_t check = Check(hash);
    size_t slot = static_cast<size_t>(hash) & mask_;
    while (slots_[slot].id_plus_one != 0) {
      const Entry& e = entries_[slots_[slot].id_plus_one - 1];
      if (slots_[slot].check == check && e.length == token.size() &&
          EqualBytes(text.data() + e.offset, token.data(), token.size())) {
        break;
      }
      slot = (slot + 1) & mask_;
    }
    return slot;
  }

  // Uses the first `count` (a power of two) slots, empty but for the entries.
  void Rebuild(size_t count) {
    if (slots_.size() < count) slots_.resize(count);
    std::fill_n(slots_.begin(), count, Slot{});
    mask_ = count - 1;
    for (size_t id = 0; id < entries_.size(); ++id) {
      size_t slot = static_cast<size_t>(entries_[id].hash) & mask_;
      while (slots_[slot].id_plus_one != 0) slot = (slot + 1) & mask_;
      slots_[slot] = {static_cast<uint32_t>(id + 1), Check(entries_[id].hash)};
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<Entry> entries_;
};

// Maps pairs of ids to new dense ids in first-seen order: an open-addressing
// hash table with linear probing that doubles when half full, so its memory
// follows the number of distinct pairs, not the length of the text; like
// TokenTable, it keeps its memory from call to call.
class PairTable {
 public:
  // Forgets every pair; keeps the memory.
  void Clear() {
    keys_.clear();
    Rebuild(kMinSlots);
  }

  // Returns the id of (a, b), assigning the next free id to a new pair.
  uint32_t Intern(uint32_t a, uint32_t b) {
    const uint64_t key = (uint64_t{a} << 32) | b;
    size_t slot = Find(key);
    if (slots_[slot].key == key) return slots_[slot].value;
    if (2 * (keys_.size() + 1) > mask_ + 1) {
      Rebuild(2 * (mask_ + 1));
      slot = Find(key);
    }
    const auto id = static_cast<uint32_t>(keys_.size());
    slots_[slot] = {key, id};
    keys_.push_back(key);
    return id;
  }

  // Returns the number of distinct pairs seen.
  uint32_t size() const { return static_cast<uint32_t>(keys_.size()); }

 private:
  static constexpr size_t kMinSlots = 16;
  // No pair has this key: ids are below 2^32 - 16 (and kDead is never interned).
  static constexpr uint64_t kEmpty = ~uint64_t{0};

  struct Slot {
    uint64_t key = kEmpty;
    uint32_t value = 0;
  };

  // The splitmix64 finalizer.
  static uint64_t Mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBu;
    x ^= x >> 31;
    return x;
  }

  // Returns the slot that holds `key`, or the empty slot where it belongs.
  size_t Find(uint64_t key) const {
    size_t slot = static_cast<size_t>(Mix(key)) & mask_;
    while (slots_[slot].key != key && slots_[slot].key != kEmpty) slot = (slot + 1) & mask_;
    return slot;
  }

  // Uses the first `count` (a power of two) slots, empty but for the pairs.
  void Rebuild(size_t count) {
    if (slots_.size() < count) slots_.resize(count);
    std::fill_n(slots_.begin(), count, Slot{});
    mask_ = count - 1;
    for (size_t id = 0; id < keys_.size(); ++id) {
      slots_[Find(keys_[id])] = {keys_[id], static_cast<uint32_t>(id)};
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<uint64_t> keys_;  // by id
};

// The n-gram ids of one token sequence or two (the candidate and the
// reference), equal n-grams getting equal ids below num_ids. Reset keeps the
// sequences' memory.
struct IdSequences {
  static constexpr size_t kMaxSequences = 2;

  std::array<std::vector<uint32_t>, kMaxSequences> seqs;
  size_t count = 0;  // the sequences in use: seqs[0, count)
  uint32_t num_ids = 0;

  // Makes `n` (at most kMaxSequences) empty sequences.
  void Reset(size_t n) {
    count = n;
    num_ids = 0;
    for (size_t s = 0; s < n; ++s) seqs[s].clear();
  }

  // Makes this a copy of `other`.
  void CopyFrom(const IdSequences& other) {
    Reset(other.count);
    for (size_t s = 0; s < count; ++s) seqs[s].assign(other.seqs[s].begin(), other.seqs[s].end());
    num_ids = other.num_ids;
  }
};

enum class Keep {
  kRepeated,  // ids that occur at least twice in all
  kShared,    // ids that occur in every sequence
};

// The buffers of the n-gram metrics (RougeN, RougeL, Bleu, LevenshteinRatio
// and NgramRepetition for large n), kept from call to call.
struct NgramScratch {
  TokenList candidate, reference;  // the tokens of each side
  IdSequences unigrams;
  std::array<IdSequences, 3> grams;  // n-gram ids being built (NgramIds, Bleu)
  PairTable pairs;
  std::vector<uint8_t> marks;       // per id: Prune's marks, repetition's "seen"
  std::vector<uint32_t> available;  // per id: ClippedMatches' counts
  std::vector<char32_t> code_points_a, code_points_b;
  std::vector<size_t> row;  // of a dynamic program
};

// Empties `list`, keeping its memory.
void ClearTokens(TokenList* list) {
  list->text.clear();
  list->ends.clear();
}

// Replaces by kDead the ids of `grams` that `keep` does not keep.
void Prune(Keep keep, IdSequences* grams, std::vector<uint8_t>* marks_buffer) {
  std::vector<uint8_t>& marks = *marks_buffer;
  marks.assign(grams->num_ids, 0);
  uint8_t wanted = 0;
  if (keep == Keep::kRepeated) {
    wanted = 2;  // seen twice
    for (size_t s = 0; s < grams->count; ++s) {
      for (uint32_t id : grams->seqs[s]) {
        if (id != kDead && marks[id] < 2) ++marks[id];
      }
    }
  } else {
    wanted = static_cast<uint8_t>((1u << grams->count) - 1);  // one bit per sequence
    for (size_t s = 0; s < grams->count; ++s) {
      for (uint32_t id : grams->seqs[s]) {
        if (id != kDead) marks[id] = static_cast<uint8_t>(marks[id] | (1u << s));
      }
    }
  }
  for (size_t s = 0; s < grams->count; ++s) {
    for (uint32_t& id : grams->seqs[s]) {
      if (id != kDead && marks[id] != wanted) id = kDead;
    }
  }
}

// Sets `*out` to the unigram ids of `s.candidate` and, with `two`, of
// `s.reference` too, pruned for `keep` (kShared needs both). For kShared
// only the shorter side goes into the table; a token of the longer one that
// is not there is kDead at once, so a 10 MB response against a short
// reference builds a short table.
void InternTokens(bool two, Keep keep, NgramScratch& s, TokenTable& table, IdSequences* out) {
  const TokenList* lists[] = {&s.candidate, &s.reference};
  const size_t count = two ? 2 : 1;
  out->Reset(count);
  size_t lookup_only = count;  // none
  if (keep == Keep::kShared && count == 2) {
    lookup_only = lists[0]->size() > lists[1]->size() ? 0 : 1;
  }
  // The tokens of the table's side are ranges of its text.
  const TokenList& table_list = *lists[lookup_only == 0 ? 1 : 0];
  table.Clear(table_list.size());
  for (size_t k = 0; k < count; ++k) {
    const size_t side = lookup_only == 0 ? count - 1 - k : k;  // the table's side first
    const TokenList& list = *lists[side];
    std::vector<uint32_t>& seq = out->seqs[side];
    seq.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      if (side == lookup_only) {
        seq.push_back(table.Lookup(table_list.text, list[i]));
      } else {
        const size_t begin = i == 0 ? 0 : list.ends[i - 1];
        bool added = false;
        seq.push_back(table.Intern(table_list.text, begin, list.ends[i] - begin, &added));
      }
    }
  }
  out->num_ids = table.size();
  Prune(keep, out, &s.marks);
}

// Given the ids of the left_len-grams (`left`) and of the right_len-grams
// (`right`) of the same sequences, sets `*out` (neither of them) to the ids
// of their (left_len + right_len)-grams, pruned for `keep`: the gram at i is
// left[i] followed by right[i + left_len].
void Concatenate(const IdSequences& left, size_t left_len, const IdSequences& right, Keep keep,
                 NgramScratch& scratch, IdSequences* out) {
  PairTable& pairs = scratch.pairs;
  pairs.Clear();
  out->Reset(right.count);
  for (size_t s = 0; s < right.count; ++s) {
    const std::vector<uint32_t>& l = left.seqs[s];
    const std::vector<uint32_t>& r = right.seqs[s];
    std::vector<uint32_t>& seq = out->seqs[s];
    if (r.size() <= left_len) continue;
    seq.resize(r.size() - left_len);
    for (size_t i = 0; i < seq.size(); ++i) {
      const uint32_t a = l[i];
      const uint32_t b = r[i + left_len];
      seq[i] = a == kDead || b == kDead ? kDead : pairs.Intern(a, b);
    }
  }
  out->num_ids = pairs.size();
  Prune(keep, out, &scratch.marks);
}

// Returns the ids of the n-grams (n >= 1) of `unigrams` (not one of
// `scratch.grams`), pruned for `keep`, by binary decomposition of n:
// O(total length * log n). The result is one of `scratch.grams`.
const IdSequences& NgramIds(const IdSequences& unigrams, size_t n, Keep keep,
                            NgramScratch& scratch) {
  IdSequences* result = &scratch.grams[0];  // the r-grams, r = the low bits of n seen so far
  IdSequences* power = &scratch.grams[1];   // the p-grams, p = 2^k
  IdSequences* spare = &scratch.grams[2];
  size_t r = 0;
  power->CopyFrom(unigrams);
  size_t p = 1;
  while (true) {
    if (n & p) {
      if (r == 0) {
        result->CopyFrom(*power);
      } else {
        Concatenate(*result, r, *power, keep, scratch, spare);
        std::swap(result, spare);
      }
      r += p;
    }
    if (r == n) return *result;
    Concatenate(*power, p, *power, keep, scratch, spare);
    std::swap(power, spare);
    p *= 2;
  }
}

// Returns the number of n-grams of `candidate` matched by n-grams of
// `reference`, each reference n-gram used at most as often as it occurs.
size_t ClippedMatches(const std::vector<uint32_t>& candidate,
                      const std::vector<uint32_t>& reference, uint32_t num_ids,
                      std::vector<uint32_t>* available_buffer) {
  std::vector<uint32_t>& available = *available_buffer;
  available.assign(num_ids, 0);
  for (uint32_t id : reference) {
    if (id != kDead) ++available[id];
  }
  size_t matches = 0;
  for (uint32_t id : candidate) {
    if (id != kDead && available[id] > 0) {
      --available[id];
      ++matches;
    }
  }
  return matches;
}

double Ratio(size_t num, size_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

OverlapScore MakeScore(size_t overlap, size_t candidate_count, size_t reference_count) {
  OverlapScore s;
  s.precision = Ratio(overlap, candidate_count);
  s.recall = Ratio(overlap, reference_count);
  if (s.precision + s.recall > 0) s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

// Drops the common prefix and suffix of `a` and `b`, which change neither
// the edit distance nor (added back) the longest common subsequence;
// returns the length of what was dropped.
template <typename T>
size_t TrimCommon(std::vector<T>* a, std::vector<T>* b) {
  size_t prefix = 0;
  while (prefix < a->size() && prefix < b->size() && (*a)[prefix] == (*b)[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a->size() - prefix && suffix < b->size() - prefix &&
         (*a)[a->size() - 1 - suffix] == (*b)[b->size() - 1 - suffix]) {
    ++suffix;
  }
  a->erase(a->end() - static_cast<std::ptrdiff_t>(suffix), a->end());
  b->erase(b->end() - static_cast<std::ptrdiff_t>(suffix), b->end());
  a->erase(a->begin(), a->begin() + static_cast<std::ptrdiff_t>(prefix));
  b->erase(b->begin(), b->begin() + static_cast<std::ptrdiff_t>(prefix));
  return prefix + suffix;
}

// Sets `*out` to the first `max` code points of `text` (invalid bytes are
// units of their own).
void CodePoints(std::string_view text, size_t max, std::vector<char32_t>* out) {
  out->clear();
  size_t i = 0;
  while (i < text.size() && out->size() < max) {
    char32_t cp = 0;
    i += DecodeUtf8(text, i, &cp);
    out->push_back(cp);
  }
}

// The Levenshtein distance, with one row over the shorter sequence.
size_t EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b,
                    std::vector<size_t>* row_buffer) {
  const std::vector<char32_t>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<char32_t>& longer = a.size() <= b.size() ? b : a;
  if (shorter.empty()) return longer.size();
  std::vector<size_t>& row = *row_buffer;
  row.resize(shorter.size() + 1);
  for (size_t i = 0; i < row.size(); ++i) row[i] = i;
  for (size_t j = 0; j < longer.size(); ++j) {
    size_t diagonal = row[0];
    row[0] = j + 1;
    const char32_t c = longer[j];
    for (size_t i = 0; i < shorter.size(); ++i) {
      const size_t above = row[i + 1];
      const size_t substitute = diagonal + (shorter[i] == c ? 0 : 1);
      row[i + 1] = std::min({above + 1, row[i] + 1, substitute});
      diagonal = above;
    }
  }
  return row[shorter.size()];
}

// The length of the longest common subsequence, with one row over the
// shorter sequence.
size_t LcsLength(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                 std::vector<size_t>* row_buffer) {
  const std::vector<uint32_t>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<uint32_t>& longer = a.size() <= b.size() ? b : a;
  if (shorter.empty()) return 0;
  std::vector<size_t>& row = *row_buffer;
  row.assign(shorter.size() + 1, 0);
  for (uint32_t c : longer) {
    size_t diagonal = 0;
    for (size_t i = 0; i < shorter.size(); ++i) {
      const size_t above = row[i + 1];
      row[i + 1] = shorter[i] == c ? diagonal + 1 : std::max(above, row[i]);
      diagonal = above;
    }
  }
  return row[shorter.size()];
}

// ---- TokenF1

// Python's string.punctuation, which NormalizeText strips.
constexpr bool IsAsciiPunctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// A byte of a word for NormalizeText's article rule (as Python's \b sees
// words): letters, digits, underscore and any non-ASCII byte.
constexpr bool IsArticleWordByte(char c) {
  return static_cast<unsigned char>(c) >= 0x80 || internal::IsWordChar(c);
}

bool IsArticle(std::string_view word) {
  return word.size() <= 3 &&
         (internal::EqualsIgnoreCase(word, "a") || internal::EqualsIgnoreCase(word, "an") ||
          internal::EqualsIgnoreCase(word, "the"));
}

// What FoldPass needs to know of a byte, as bits.
constexpr uint8_t kFoldUpper = 1;        // an ASCII capital
constexpr uint8_t kFoldPunctuation = 2;  // IsAsciiPunctuation
constexpr uint8_t kFoldWord = 4;         // IsArticleWordByte
constexpr uint8_t kFoldC3 = 8;           // 0xC3, which may start a Latin-1 capital

constexpr auto kFoldClass = [] {
  std::array<uint8_t, 256> out{};
  for (size_t b = 0; b < out.size(); ++b) {
    const char c = static_cast<char>(b);
    out[b] = static_cast<uint8_t>(
        (internal::IsUpper(c) ? kFoldUpper : 0) | (IsAsciiPunctuation(c) ? kFoldPunctuation : 0) |
        (IsArticleWordByte(c) ? kFoldWord : 0) | (b == 0xC3 ? kFoldC3 : 0));
  }
  return out;
}();

// Writes NormalizeText(text, options) to out[0...] (room for text.size()
// bytes) as far as TokenF1 can tell, and returns its length: lower case,
// punctuation and articles step for step, in one pass, but white space left
// alone, as TokenF1's split treats every run of it (U+00A0 included) as
// NormalizeText's single space. Lower case and punctuation change neither
// the length of the text nor which bytes are digits, '.', punctuation or
// word bytes, so the punctuation rule reads the input's bytes and the
// article rule sees the words of what is written. Sets `*any_other_word` to
// whether a word other than an article was written.
size_t FoldPass(std::string_view text, const TextOptions& options, bool remove_articles, char* out,
                bool* any_other_word) {
  // Locals only in the loop: every store through `out` may alias memory.
  const char* const in = text.data();
  const size_t n = text.size();
  const bool lowercase = options.lowercase;
  const bool strip_punctuation = options.strip_punctuation;
  size_t o = 0;
  bool second_of_pair = false;  // in[i] follows a 0xC3 that lower-cases it
  bool in_word = false;
  size_t word_start = 0;
  bool other_word = false;
  for (size_t i = 0; i < n; ++i) {
    const char c = in[i];
    const uint8_t cls = kFoldClass[static_cast<unsigned char>(c)];
    if (cls == kFoldWord && !second_of_pair) {
      // A run of bytes that stay as they are and go on a word: lower-case
      // letters, digits, and non-ASCII bytes but 0xC3.
      if (remove_articles && !in_word) {
        word_start = o;
        in_word = true;
      }
      do {
        out[o++] = in[i++];
      } while (i < n && kFoldClass[static_cast<unsigned char>(in[i])] == kFoldWord);
      --i;
      continue;
    }
    char lower = c;
    if (lowercase) {
      if (second_of_pair) {
        const auto d = static_cast<unsigned char>(c);
        if (d >= 0x80 && d <= 0x9E && d != 0x97) lower = static_cast<char>(d + 0x20);
        second_of_pair = false;
      } else if ((cls & kFoldUpper) != 0) {
        lower = ToLower(c);
      } else if ((cls & kFoldC3) != 0 && i + 1 < n) {
        second_of_pair = true;
      }
    }
    if ((cls & kFoldPunctuation) != 0 && strip_punctuation &&
        !(c == '.' && i > 0 && i + 1 < n && IsDigit(in[i - 1]) && IsDigit(in[i + 1]))) {
      continue;
    }
    if (remove_articles) {
      if ((cls & kFoldWord) != 0) {
        if (!in_word) word_start = o;
        in_word = true;
      } else if (in_word) {
        in_word = false;
        if (IsArticle(std::string_view(out + word_start, o - word_start))) {
          o = word_start;
          out[o++] = ' ';
        } else {
          other_word = true;
        }
      }
    }
    out[o++] = lower;
  }
  if (in_word) {
    if (IsArticle(std::string_view(out + word_start, o - word_start))) {
      o = word_start;
      out[o++] = ' ';
    } else {
      other_word = true;
    }
  }
  *any_other_word = other_word;
  return o;
}

// Returns the text whose TokenF1 tokens are those of NormalizeText(text,
// options) (see FoldPass): `text` itself, or what is written to `*buffer`.
std::string_view FoldForF1(std::string_view text, const TextOptions& options, std::string* buffer) {
  if (!options.lowercase && !options.strip_punctuation && !options.remove_articles) return text;
  if (buffer->size() < text.size()) buffer->resize(text.size());
  char* const out = buffer->data();
  bool any_other_word = false;
  size_t length = FoldPass(text, options, options.remove_articles, out, &any_other_word);
  // Nothing but articles: NormalizeText keeps them.
  if (options.remove_articles && !any_other_word) {
    length = FoldPass(text, options, false, out, &any_other_word);
  }
  return std::string_view(out, length);
}

// Calls emit(token) for each token TokenF1 splits `text` into (see the
// header).
template <typename Emit>
void ForEachF1Token(std::string_view text, bool strip_punctuation, Emit&& emit) {
  size_t start = 0;
  size_t i = 0;
  auto end_token = [&](size_t end) {
    if (end > start) emit(text.substr(start, end - start));
  };
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      end_token(i);
      start = ++i;
      continue;
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (IsUnicodeSpace(cp) || (strip_punctuation && IsUnicodePunctuation(cp))) {
      end_token(i);
      start = i + len;
    } else if (IsOwnToken(cp)) {
      end_token(i);
      emit(text.substr(i, len));
      start = i + len;
    }
    i += len;
  }
  end_token(text.size());
}

// Returns the n-gram repetition of `text` for n > kMaxDirectOrder: the
// n-grams' ids by binary decomposition, O(tokens * log n).
double RepetitionByDecomposition(std::string_view text, size_t n, NgramScratch& s,
                                 TokenTable& table) {
  ClearTokens(&s.candidate);
  TokenizeInto(text, SIZE_MAX, &s.candidate);
  if (s.candidate.size() < n) return 0.0;
  InternTokens(/*two=*/false, Keep::kRepeated, s, table, &s.unigrams);
  const IdSequences& grams = NgramIds(s.unigrams, n, Keep::kRepeated, s);
  // What repeats: each live n-gram (one that occurs at least twice) after
  // its first occurrence.
  std::vector<uint8_t>& seen = s.marks;
  seen.assign(grams.num_ids, 0);
  size_t repeats = 0;
  for (uint32_t id : grams.seqs[0]) {
    if (id == kDead) continue;
    if (seen[id] != 0) ++repeats;
    seen[id] = 1;
  }
  return Ratio(repeats, grams.seqs[0].size());
}

// The largest n whose n-grams NgramRepetition compares token by token.
constexpr size_t kMaxDirectOrder = 16;

}  // namespace

struct TextMetricsScratch::Impl {
  TokenTable tokens;
  // TokenF1: each side's folded text, and the reference tokens' counts.
  std::string reference_folded, prediction_folded;
  std::vector<uint32_t> available;
  // NgramRepetition: the distinct tokens' text, the token ids, how often each
  // id occurs (up to 2), and a table of n-gram starts.
  std::string token_text;
  std::vector<uint32_t> ids;
  std::vector<uint8_t> occurs;
  std::vector<uint32_t> grams;  // start + 1 of an n-gram; 0 for an empty slot
  // The other metrics.
  NgramScratch ngrams;
};

TextMetricsScratch::TextMetricsScratch() : impl_(std::make_unique<Impl>()) {}
TextMetricsScratch::~TextMetricsScratch() = default;

std::vector<std::string> Tokenize(std::string_view text) {
  TokenList list;
  TokenizeInto(text, SIZE_MAX, &list);
  std::vector<std::string> out;
  out.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list[i]);
  return out;
}

double LevenshteinRatio(std::string_view a, std::string_view b, size_t max_code_points) {
  TextMetricsScratch scratch;
  return LevenshteinRatio(a, b, max_code_points, scratch);
}

double LevenshteinRatio(std::string_view a, std::string_view b, size_t max_code_points,
                        TextMetricsScratch& scratch) {
  NgramScratch& s = scratch.impl().ngrams;
  std::vector<char32_t>& x = s.code_points_a;
  std::vector<char32_t>& y = s.code_points_b;
  CodePoints(a, max_code_points, &x);
  CodePoints(b, max_code_points, &y);
  const size_t longest = std::max(x.size(), y.size());
  if (longest == 0) return 1.0;
  TrimCommon(&x, &y);
  const size_t distance = EditDistance(x, y, &s.row);
  return std::clamp(1.0 - Ratio(distance, longest), 0.0, 1.0);
}

double TokenF1(std::string_view prediction, std::string_view reference,
               const TextOptions& options) {
  TextMetricsScratch scratch;
  return TokenF1(prediction, reference, options, scratch);
}

double TokenF1(std::string_view prediction, std::string_view reference, const TextOptions& options,
               TextMetricsScratch& scratch) {
  TextMetricsScratch::Impl& s = scratch.impl();
  const std::string_view r = FoldForF1(reference, options, &s.reference_folded);
  s.tokens.Clear(reference.size() / 8);
  s.available.clear();
  size_t r_count = 0;
  ForEachF1Token(r, options.strip_punctuation, [&](std::string_view token) {
    ++r_count;
    bool added = false;
    const uint32_t id =
        s.tokens.Intern(r, static_cast<size_t>(token.data() - r.data()), token.size(), &added);
    if (added) s.available.push_back(0);
    ++s.available[id];
  });
  const std::string_view p = FoldForF1(prediction, options, &s.prediction_folded);
  size_t p_count = 0;
  size_t common = 0;
  ForEachF1Token(p, options.strip_punctuation, [&](std::string_view token) {
    ++p_count;
    const uint32_t id = s.tokens.Lookup(r, token);
    if (id != kDead && s.available[id] > 0) {
      --s.available[id];
      ++common;
    }
  });
  if (p_count == 0 || r_count == 0) return p_count == 0 && r_count == 0 ? 1.0 : 0.0;
  return MakeScore(common, p_count, r_count).f1;
}

OverlapScore RougeN(std::string_view candidate, std::string_view reference, int n) {
  TextMetricsScratch scratch;
  return RougeN(candidate, reference, n, scratch);
}

OverlapScore RougeN(std::string_view candidate, std::string_view reference, int n,
                    TextMetricsScratch& scratch) {
  if (n < 1) return {};
  NgramScratch& s = scratch.impl().ngrams;
  ClearTokens(&s.candidate);
  ClearTokens(&s.reference);
  TokenizeInto(candidate, SIZE_MAX, &s.candidate);
  TokenizeInto(reference, SIZE_MAX, &s.reference);
  const auto order = static_cast<size_t>(n);
  if (s.candidate.size() < order || s.reference.size() < order) return {};
  InternTokens(/*two=*/true, Keep::kShared, s, scratch.impl().tokens, &s.unigrams);
  const IdSequences& grams = NgramIds(s.unigrams, order, Keep::kShared, s);
  const size_t overlap = ClippedMatches(grams.seqs[0], grams.seqs[1], grams.num_ids, &s.available);
  return MakeScore(overlap, grams.seqs[0].size(), grams.seqs[1].size());
}

OverlapScore RougeL(std::string_view candidate, std::string_view reference, size_t max_tokens) {
  TextMetricsScratch scratch;
  return RougeL(candidate, reference, max_tokens, scratch);
}

OverlapScore RougeL(std::string_view candidate, std::string_view reference, size_t max_tokens,
                    TextMetricsScratch& scratch) {
  NgramScratch& s = scratch.impl().ngrams;
  ClearTokens(&s.candidate);
  ClearTokens(&s.reference);
  TokenizeInto(candidate, max_tokens, &s.candidate);
  TokenizeInto(reference, max_tokens, &s.reference);
  if (s.candidate.size() == 0 || s.reference.size() == 0) return {};
  // Tokens on one side only cannot be in a common subsequence: drop them.
  IdSequences& ids = s.unigrams;
  InternTokens(/*two=*/true, Keep::kShared, s, scratch.impl().tokens, &ids);
  for (size_t k = 0; k < ids.count; ++k) std::erase(ids.seqs[k], kDead);
  const size_t common = TrimCommon(&ids.seqs[0], &ids.seqs[1]);
  const size_t lcs = common + LcsLength(ids.seqs[0], ids.seqs[1], &s.row);
  return MakeScore(lcs, s.candidate.size(), s.reference.size());
}

double Bleu(std::string_view candidate, std::string_view reference, int max_n, bool smooth) {
  TextMetricsScratch scratch;
  return Bleu(candidate, reference, max_n, smooth, scratch);
}

double Bleu(std::string_view candidate, std::string_view reference, int max_n, bool smooth,
            TextMetricsScratch& scratch) {
  if (max_n < 1 || max_n > 32) return 0.0;
  NgramScratch& s = scratch.impl().ngrams;
  ClearTokens(&s.candidate);
  ClearTokens(&s.reference);
  TokenizeInto(candidate, SIZE_MAX, &s.candidate);
  TokenizeInto(reference, SIZE_MAX, &s.reference);
  if (s.candidate.size() == 0) return 0.0;
  const IdSequences& unigrams = s.unigrams;
  InternTokens(/*two=*/true, Keep::kShared, s, scratch.impl().tokens, &s.unigrams);
  IdSequences* grams = &s.grams[0];
  IdSequences* spare = &s.grams[1];
  grams->CopyFrom(unigrams);
  double log_sum = 0;
  for (size_t n = 1; n <= static_cast<size_t>(max_n); ++n) {
    if (n > 1) {
      Concatenate(*grams, n - 1, unigrams, Keep::kShared, s, spare);
      std::swap(grams, spare);
    }
    const size_t matches =
        ClippedMatches(grams->seqs[0], grams->seqs[1], grams->num_ids, &s.available);
    const size_t total = std::max<size_t>(1, grams->seqs[0].size());
    double precision = 0;
    if (n > 1 && smooth) {
      precision = static_cast<double>(matches + 1) / static_cast<double>(total + 1);
    } else {
      if (matches == 0) return 0.0;
      precision = Ratio(matches, total);
    }
    log_sum += std::log(precision);
  }
  const double brevity = s.candidate.size() > s.reference.size()
                             ? 1.0
                             : std::exp(1.0 - Ratio(s.reference.size(), s.candidate.size()));
  const double bleu = brevity * std::exp(log_sum / max_n);
  return std::isfinite(bleu) ? std::clamp(bleu, 0.0, 1.0) : 0.0;
}

double NgramRepetition(std::string_view text, int n) {
  TextMetricsScratch scratch;
  return NgramRepetition(text, n, scratch);
}

double NgramRepetition(std::string_view text, int n, TextMetricsScratch& scratch) {
  if (n < 1) return 0.0;
  const auto order = static_cast<size_t>(n);
  TextMetricsScratch::Impl& s = scratch.impl();
  if (order > kMaxDirectOrder) return RepetitionByDecomposition(text, order, s.ngrams, s.tokens);
  // Token ids, keeping the text of each distinct token once.
  s.token_text.clear();
  s.tokens.Clear(text.size() / 8);  // about one distinct token in 8 bytes of prose
  s.ids.clear();
  TokenizeWith(text, SIZE_MAX, &s.token_text, [&s](const char* data, size_t begin, size_t end) {
    bool added = false;
    s.ids.push_back(s.tokens.Intern(std::string_view(data, end), begin, end - begin, &added));
    return added ? end : begin;
  });
  const size_t count = s.ids.size();
  if (count < order) return 0.0;
  s.occurs.assign(s.tokens.size(), 0);
  for (uint32_t id : s.ids) s.occurs[id] = static_cast<uint8_t>(std::min(s.occurs[id] + 1, 2));
  // An n-gram holding a token that occurs once occurs once: only the others
  // (the live ones) can repeat. `next_live` walks the starts of live n-grams.
  size_t once = 0;                     // 1 + the position of the last token seen that occurs once
  auto next_live = [&](size_t* end) {  // *end: 1 + the last token of the next n-gram to look at
    for (; *end <= count; ++*end) {
      if (s.occurs[s.ids[*end - 1]] < 2) once = *end;
      if (*end >= order && once <= *end - order) return true;
    }
    return false;
  };
  size_t live = 0;
  for (size_t end = 1; next_live(&end); ++end) ++live;
  // The live n-grams in an open-addressing table, compared token by token:
  // a repeat is one found there already.
  size_t slots = 16;
  while (slots < 2 * live) slots *= 2;
  if (s.grams.size() < slots) s.grams.resize(slots);
  std::fill_n(s.grams.begin(), slots, 0u);
  const size_t mask = slots - 1;
  const uint32_t* ids = s.ids.data();
  size_t repeats = 0;
  once = 0;
  for (size_t end = 1; next_live(&end); ++end) {
    const size_t start = end - order;
    uint64_t hash = 0;
    for (size_t k = 0; k < order; ++k) hash = (hash + ids[start + k]) * 0x9E3779B97F4A7C15u;
    hash ^= hash >> 31;
    hash *= 0xBF58476D1CE4E5B9u;
    hash ^= hash >> 29;
    size_t slot = static_cast<size_t>(hash) & mask;
    while (true) {
      const uint32_t other = s.grams[slot];
      if (other == 0) {
        s.grams[slot] = static_cast<uint32_t>(start + 1);
        break;
      }
      if (std::equal(ids + start, ids + start + order, ids + other - 1)) {
        ++repeats;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return Ratio(repeats, count - order + 1);
}

}  // namespace rewardkit
