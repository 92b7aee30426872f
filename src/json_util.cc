// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "json_util.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "utf8.h"

namespace rewardkit::internal {

namespace {

void AppendValidJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t run = 0;  // start of the current run of bytes that need no escape
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
  }
  out->append(text.data() + run, text.size() - run);
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  // Printable ASCII without a quote or backslash, most names and ids, is its
  // own JSON text: one append, no UTF-8 validation and no escaping loop.
  if (IsPlainJsonText(text)) {
    out->append(text);
    out->push_back('"');
    return;
  }
  size_t bad = FindInvalidUtf8(text);
  while (bad != std::string_view::npos) {
    AppendValidJsonString(text.substr(0, bad), out);
    out->append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
    text.remove_prefix(bad + 1);
    bad = FindInvalidUtf8(text);
  }
  AppendValidJsonString(text, out);
  out->push_back('"');
}

char* WriteOtherJsonNumber(double value, char* p) {
  if (!std::isfinite(value)) {  // JSON has no NaN or infinities
    *p = '0';
    return p + 1;
  }
  // Whole numbers the way fmt writes them, without its shortest-digits
  // search: a fifth of the cost.
  if (value >= -9007199254740992.0 && value <= 9007199254740992.0) {
    const auto whole = static_cast<int64_t>(value);
    if (static_cast<double>(whole) == value) {
      return std::to_chars(p, p + kMaxJsonNumberSize, whole).ptr;
    }
  }
  return fmt::format_to(p, "{}", value);
}

void AppendJsonNumber(double value, std::string* out) {
  char digits[kMaxJsonNumberSize];
  out->append(digits, static_cast<size_t>(WriteJsonNumber(value, digits) - digits));
}

std::string JsonPointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view JsonTypeName(simdjson::dom::element_type type) {
  using T = simdjson::dom::element_type;
  switch (type) {
    case T::ARRAY:
      return "array";
    case T::OBJECT:
      return "object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
      return "number";
    case T::STRING:
      return "string";
    case T::BOOL:
      return "boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "value";
}

namespace {

void AppendCanonical(simdjson::dom::element e, std::string* out) {
  using T = simdjson::dom::element_type;
  simdjson::dom::object object;
  simdjson::dom::array array;
  std::string_view string;
  double number = 0.0;
  if (e.get_object().get(object) == simdjson::SUCCESS) {
    std::vector<std::pair<std::string_view, simdjson::dom::element>> fields;
    for (auto field : object) fields.emplace_back(field.key, field.value);
    std::sort(fields.begin(), fields.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out->push_back('{');
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out->push_back(',');
      AppendJsonString(fields[i].first, out);
      out->push_back(':');
      AppendCanonical(fields[i].second, out);
    }
    out->push_back('}');
  } else if (e.get_array().get(array) == simdjson::SUCCESS) {
    out->push_back('[');
    bool first = true;
    for (auto v : array) {
      if (!first) out->push_back(',');
      first = false;
      AppendCanonical(v, out);
    }
    out->push_back(']');
  } else if (e.get_string().get(string) == simdjson::SUCCESS) {
    AppendJsonString(string, out);
  } else if (e.type() != T::BOOL && e.type() != T::NULL_VALUE &&
             e.get_double().get(number) == simdjson::SUCCESS) {
    // 1, 1.0 and 1e0 are the same number and hash the same.
    AppendJsonNumber(number, out);
  } else {
    out->append(simdjson::minify(e));
  }
}

}  // namespace

std::string CanonicalJson(simdjson::dom::element element) {
  std::string out;
  AppendCanonical(element, &out);
  return out;
}

std::string Fnv1a64Hex(std::string_view text) {
  std::string out;
  AppendFnv1a64Hex(text, &out);
  return out;
}

void AppendFnv1a64Hex(std::string_view text, std::string* out) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  char digits[16];
  for (int i = 15; i >= 0; --i, h >>= 4) digits[i] = kHex[h & 0xF];
  out->append(digits, sizeof digits);
}

}  // namespace rewardkit::internal

namespace rewardkit::internal {

namespace {

// One open container in a tolerant scan.
struct Frame {
  bool object = false;
  std::string key;   // objects: the current key
  size_t index = 0;  // arrays: the current index
  bool expect_key = true;
};

// Walks `json` token by token, calling `on_value(frames, begin, end)` for
// every string or scalar value with the containers open around it. Stops
// when `on_value` returns true or the text ends.
template <typename OnValue>
void ScanValues(std::string_view json, OnValue on_value) {
  std::vector<Frame> frames;
  size_t i = 0;
  const size_t n = json.size();
  while (i < n) {
    const char c = json[i];
    if (c == '{' || c == '[') {
      frames.push_back(Frame{c == '{', "", 0, c == '{'});
      ++i;
    } else if (c == '}' || c == ']') {
      if (!frames.empty()) frames.pop_back();
      ++i;
    } else if (c == ',') {
      if (!frames.empty()) {
        if (frames.back().object) {
          frames.back().expect_key = true;
        } else {
          ++frames.back().index;
        }
      }
      ++i;
    } else if (c == ':') {
      if (!frames.empty()) frames.back().expect_key = false;
      ++i;
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < n && json[end] != '"') end += json[end] == '\\' ? size_t{2} : size_t{1};
      end = std::min(end + 1, n);
      if (!frames.empty() && frames.back().object && frames.back().expect_key) {
        size_t content_end = (end - i >= 2 && json[end - 1] == '"') ? end - 1 : end;
        frames.back().key = std::string(json.substr(i + 1, content_end - i - 1));
        if (on_value(frames, i, end, true)) return;
      } else if (on_value(frames, i, end, false)) {
        return;
      }
      i = end;
    } else if (IsJsonSpace(c)) {
      ++i;
    } else {
      size_t end = i;
      while (end < n && json[end] != ',' && json[end] != '}' && json[end] != ']' &&
             !IsJsonSpace(json[end])) {
        ++end;
      }
      if (end == i) end = i + 1;
      if (on_value(frames, i, end, false)) return;
      i = end;
    }
  }
}

std::string PointerOf(const std::vector<Frame>& frames) {
  std::string out;
  for (const Frame& f : frames) {
    out += '/';
    out += f.object ? JsonPointerToken(f.key) : std::to_string(f.index);
  }
  return out;
}

}  // namespace

std::string JsonPointerAt(std::string_view json, size_t offset) {
  std::string result = "/";
  ScanValues(json, [&](const std::vector<Frame>& frames, size_t begin, size_t end, bool is_key) {
    if (offset < begin || offset >= end) return false;
    if (is_key) {
      std::vector<Frame> parents(frames.begin(), frames.end());
      result = PointerOf(parents);
      if (result.empty()) result = "/";
      result += " (in a key)";
    } else {
      result = PointerOf(frames);
      if (result.empty()) result = "/";
    }
    return true;
  });
  return result;
}

std::string RecoverId(std::string_view json) {
  std::string id;
  ScanValues(json, [&](const std::vector<Frame>& frames, size_t begin, size_t end, bool is_key) {
    if (is_key || frames.size() != 1 || !frames[0].object || frames[0].key != "id") return false;
    std::string_view raw = json.substr(begin, end - begin);
    bool is_string = raw.size() >= 2 && raw.front() == '"' && raw.back() == '"';
    bool is_integer =
        !raw.empty() && raw.find_first_not_of("-0123456789") == std::string_view::npos;
    if (is_string) {
      // Re-escape through AppendJsonString so the result is valid JSON even
      // when the raw text held invalid UTF-8.
      std::string unescaped;
      bool simple = raw.find('\\') == std::string_view::npos;
      if (simple) {
        AppendJsonString(raw.substr(1, raw.size() - 2), &unescaped);
        id = unescaped;
      } else if (FindInvalidUtf8(raw) == std::string_view::npos) {
        id = std::string(raw);
      }
    } else if (is_integer) {
      id = std::string(raw);
    }
    return true;
  });
  return id;
}

}  // namespace rewardkit::internal
