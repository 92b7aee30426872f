// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The JSON Schema subset of json_schema.h.
//
// Create compiles the schema into a tree of Nodes that keeps the schema's
// simdjson document alive for enum and const values. Check walks the schema
// tree over the instance: it recurses only where a subschema applies, so its
// depth is bounded by the schema's (kMaxSchemaDepth), never by the
// instance's, and each instance value is visited once per subschema that
// applies to it.

#include "rewardkit/json_schema.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fmt/format.h"
#include "json_util.h"
#include "simdjson.h"

namespace rewardkit {
namespace {

using simdjson::SUCCESS;
using simdjson::dom::element;
using simdjson::dom::element_type;

// How deep the schema's JSON text may nest (subschemas take two levels each).
constexpr size_t kMaxSchemaJsonDepth = 2 * JsonSchema::kMaxSchemaDepth + 64;
// Keys longer than this are cut in violation pointers.
constexpr size_t kMaxPointerToken = 128;
// Strings longer than this are cut in violation messages.
constexpr size_t kMaxQuoted = 40;

// ---------------------------------------------------------------------------
// Numbers, compared exactly across int64, uint64 and double.

struct Num {
  enum Kind { kInt, kUint, kDouble } kind = kInt;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
};

std::optional<Num> ToNum(element e) {
  Num n;
  switch (e.type()) {
    case element_type::INT64:
      n.kind = Num::kInt;
      n.i = e.get_int64().value_unsafe();
      return n;
    case element_type::UINT64:
      n.kind = Num::kUint;
      n.u = e.get_uint64().value_unsafe();
      return n;
    case element_type::DOUBLE:
      n.kind = Num::kDouble;
      n.d = e.get_double().value_unsafe();
      return n;
    default:
      return std::nullopt;
  }
}

int Sign(bool less, bool greater) { return less ? -1 : (greater ? 1 : 0); }

// Compares an integer (as sign and magnitude held by `i` or `u`) with a
// finite double exactly.
int CompareIntDouble(const Num& a, double d) {
  constexpr double kTwo63 = 9223372036854775808.0;
  constexpr double kTwo64 = 18446744073709551616.0;
  if (a.kind == Num::kUint) {
    if (d >= kTwo64) return -1;
    if (d < 0) return 1;
    const auto t = static_cast<uint64_t>(d);  // trunc, in range
    if (a.u != t) return Sign(a.u<t, a.u> t);
    const double frac = d - static_cast<double>(t);
    return Sign(frac > 0, frac < 0);
  }
  if (d >= kTwo63) return -1;
  if (d < -kTwo63) return 1;
  const auto t = static_cast<int64_t>(d);  // trunc toward zero, in range
  if (a.i != t) return Sign(a.i<t, a.i> t);
  const double frac = d - static_cast<double>(t);  // exact: |d| < 2^63
  return Sign(frac > 0, frac < 0);
}

// Returns -1, 0 or 1 as a <, ==, > b.
int Compare(const Num& a, const Num& b) {
  if (a.kind == Num::kDouble && b.kind == Num::kDouble) return Sign(a.d<b.d, a.d> b.d);
  if (b.kind == Num::kDouble) return CompareIntDouble(a, b.d);
  if (a.kind == Num::kDouble) return -CompareIntDouble(b, a.d);
  if (a.kind == Num::kInt && b.kind == Num::kInt) return Sign(a.i<b.i, a.i> b.i);
  if (a.kind == Num::kUint && b.kind == Num::kUint) return Sign(a.u<b.u, a.u> b.u);
  if (a.kind == Num::kInt) {  // b is uint64
    if (a.i < 0) return -1;
    const auto ai = static_cast<uint64_t>(a.i);
    return Sign(ai<b.u, ai> b.u);
  }
  return -Compare(b, a);
}

std::string NumText(const Num& n) {
  switch (n.kind) {
    case Num::kInt:
      return fmt::format("{}", n.i);
    case Num::kUint:
      return fmt::format("{}", n.u);
    case Num::kDouble:
      return fmt::format("{}", n.d);
  }
  return "";
}

bool IsIntegerValued(element e) {
  switch (e.type()) {
    case element_type::INT64:
    case element_type::UINT64:
      return true;
    case element_type::DOUBLE: {
      const double d = e.get_double().value_unsafe();
      return std::isfinite(d) && std::trunc(d) == d;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// JSON equality, for enum and const. Recursion follows `a`, a value from the
// schema, whose depth Create bounded.

bool IsNumber(element_type t) {
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

bool JsonEqual(element a, element b) {
  const element_type ta = a.type();
  const element_type tb = b.type();
  if (IsNumber(ta) && IsNumber(tb)) return Compare(*ToNum(a), *ToNum(b)) == 0;
  if (ta != tb) return false;
  switch (ta) {
    case element_type::NULL_VALUE:
      return true;
    case element_type::BOOL:
      return a.get_bool().value_unsafe() == b.get_bool().value_unsafe();
    case element_type::STRING:
      return a.get_string().value_unsafe() == b.get_string().value_unsafe();
    case element_type::ARRAY: {
      simdjson::dom::array x;
      simdjson::dom::array y;
      if (a.get(x) != SUCCESS || b.get(y) != SUCCESS || x.size() != y.size()) return false;
      auto yi = y.begin();
      for (element xe : x) {
        if (!JsonEqual(xe, *yi)) return false;
        ++yi;
      }
      return true;
    }
    case element_type::OBJECT: {
      simdjson::dom::object x;
      simdjson::dom::object y;
      if (a.get(x) != SUCCESS || b.get(y) != SUCCESS || x.size() != y.size()) return false;
      for (auto field : x) {
        element other;
        if (y.at_key(field.key).get(other) != SUCCESS) return false;
        if (!JsonEqual(field.value, other)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// The compiled schema.

enum TypeBit : uint8_t {
  kNullBit = 1,
  kBooleanBit = 2,
  kObjectBit = 4,
  kArrayBit = 8,
  kNumberBit = 16,
  kStringBit = 32,
  kIntegerBit = 64,
};

constexpr std::pair<std::string_view, uint8_t> kTypeNames[] = {
    {"null", kNullBit},       {"boolean", kBooleanBit}, {"object", kObjectBit},
    {"array", kArrayBit},     {"number", kNumberBit},   {"string", kStringBit},
    {"integer", kIntegerBit},
};

struct Node {
  std::optional<bool> boolean;  // set for the schemas `true` and `false`
  uint8_t types = 0;            // 0: no "type"
  std::string type_text;        // "integer", "string or null"
  std::optional<std::vector<element>> enum_values;
  std::optional<element> const_value;
  std::optional<Num> minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<uint64_t> min_length, max_length, min_items, max_items;
  std::vector<std::string> required;                                      // sorted, unique
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> properties;  // sorted by name
  std::unique_ptr<Node> items;
  std::unique_ptr<Node> additional;
};

constexpr std::string_view kAnnotations[] = {
    "$schema", "$id",      "$comment",   "title",    "description",
    "default", "examples", "deprecated", "readOnly", "writeOnly",
};

constexpr std::string_view kSupported =
    "type, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, "
    "maxLength, minItems, maxItems, items, required, properties, additionalProperties";

class Compiler {
 public:
  absl::StatusOr<std::unique_ptr<Node>> Compile(element e, const std::string& pointer, int depth) {
    if (depth > JsonSchema::kMaxSchemaDepth) {
      return Error(pointer,
                   fmt::format("schemas nest deeper than {} levels", JsonSchema::kMaxSchemaDepth));
    }
    auto node = std::make_unique<Node>();
    bool b = false;
    if (e.get_bool().get(b) == SUCCESS) {
      node->boolean = b;
      return node;
    }
    simdjson::dom::object object;
    if (e.get_object().get(object) != SUCCESS) {
      return Error(pointer, fmt::format("a schema must be an object or a boolean, not {}",
                                        internal::JsonTypeName(e.type())));
    }
    std::vector<std::string_view> seen;
    for (auto field : object) {
      const std::string_view key = field.key;
      const std::string at = pointer + "/" + internal::JsonPointerToken(key);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        return Error(at, "keyword given twice");
      }
      seen.push_back(key);
      absl::Status status = Keyword(key, field.value, at, depth, node.get());
      if (!status.ok()) return status;
    }
    return node;
  }

 private:
  static absl::Status Error(std::string_view pointer, std::string_view message) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", pointer.empty() ? "(root)" : pointer, message));
  }

  static absl::StatusOr<Num> Number(element v, const std::string& at) {
    std::optional<Num> n = ToNum(v);
    if (!n) {
      return Error(at, v.is_bool() ? "must be a number (the draft-04 boolean form is not "
                                     "supported; draft 2020-12 takes the bound itself)"
                                   : "must be a number");
    }
    return *n;
  }

  static absl::StatusOr<uint64_t> Count(element v, const std::string& at) {
    if (v.type() == element_type::UINT64) return v.get_uint64().value_unsafe();
    if (v.type() == element_type::INT64 && v.get_int64().value_unsafe() >= 0) {
      return static_cast<uint64_t>(v.get_int64().value_unsafe());
    }
    if (v.type() == element_type::DOUBLE) {
      const double d = v.get_double().value_unsafe();
      if (d >= 0 && std::trunc(d) == d) {
        return d >= 18446744073709551616.0 ? UINT64_MAX : static_cast<uint64_t>(d);
      }
    }
    return Error(at, "must be a non-negative integer");
  }

  absl::Status Keyword(std::string_view key, element v, const std::string& at, int depth,
                       Node* node) {
    if (key == "type") return Type(v, at, node);
    if (key == "enum") {
      simdjson::dom::array array;
      if (v.get_array().get(array) != SUCCESS) return Error(at, "must be an array");
      node->enum_values.emplace();
      for (element value : array) node->enum_values->push_back(value);
      return absl::OkStatus();
    }
    if (key == "const") {
      node->const_value = v;
      return absl::OkStatus();
    }
    std::optional<Num>* bound = key == "minimum"            ? &node->minimum
                                : key == "maximum"          ? &node->maximum
                                : key == "exclusiveMinimum" ? &node->exclusive_minimum
                                : key == "exclusiveMaximum" ? &node->exclusive_maximum
                                                            : nullptr;
    if (bound != nullptr) {
      absl::StatusOr<Num> n = Number(v, at);
      if (!n.ok()) return n.status();
      *bound = *n;
      return absl::OkStatus();
    }
    std::optional<uint64_t>* count = key == "minLength"   ? &node->min_length
                                     : key == "maxLength" ? &node->max_length
                                     : key == "minItems"  ? &node->min_items
                                     : key == "maxItems"  ? &node->max_items
                                                          : nullptr;
    if (count != nullptr) {
      absl::StatusOr<uint64_t> n = Count(v, at);
      if (!n.ok()) return n.status();
      *count = *n;
      return absl::OkStatus();
    }
    if (key == "required") return Required(v, at, node);
    if (key == "properties") {
      simdjson::dom::object object;
      if (v.get_object().get(object) != SUCCESS) {
        return Error(at, "must be an object of schemas");
      }
      for (auto field : object) {
        const std::string name(field.key);
        absl::StatusOr<std::unique_ptr<Node>> sub =
            Compile(field.value, at + "/" + internal::JsonPointerToken(name), depth + 1);
        if (!sub.ok()) return sub.status();
        node->properties.emplace_back(name, *std::move(sub));
      }
      std::sort(node->properties.begin(), node->properties.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      const auto repeat =
          std::adjacent_find(node->properties.begin(), node->properties.end(),
                             [](const auto& a, const auto& b) { return a.first == b.first; });
      if (repeat != node->properties.end()) {
        return Error(at + "/" + internal::JsonPointerToken(repeat->first), "property given twice");
      }
      return absl::OkStatus();
    }
    if (key == "items" || key == "additionalProperties") {
      if (v.is_array()) {
        return Error(at,
                     "must be a schema (the array form of items is draft 2019's tuple "
                     "validation, which this subset does not support)");
      }
      absl::StatusOr<std::unique_ptr<Node>> sub = Compile(v, at, depth + 1);
      if (!sub.ok()) return sub.status();
      (key == "items" ? node->items : node->additional) = *std::move(sub);
      return absl::OkStatus();
    }
    if (std::find(std::begin(kAnnotations), std::end(kAnnotations), key) !=
        std::end(kAnnotations)) {
      return absl::OkStatus();
    }
    return Error(at, fmt::format("unsupported keyword \"{}\"; the subset supports {} (and "
                                 "annotations such as title and description)",
                                 std::string(key), kSupported));
  }

  static absl::Status Type(element v, const std::string& at, Node* node) {
    std::vector<std::string_view> names;
    std::string_view one;
    simdjson::dom::array array;
    if (v.get_string().get(one) == SUCCESS) {
      names.push_back(one);
    } else if (v.get_array().get(array) == SUCCESS) {
      for (element name : array) {
        if (name.get_string().get(one) != SUCCESS) {
          return Error(at, "must be a type name or an array of type names");
        }
        names.push_back(one);
      }
      if (names.empty()) return Error(at, "must not be an empty array");
    } else {
      return Error(at, "must be a type name or an array of type names");
    }
    for (std::string_view name : names) {
      uint8_t bit = 0;
      for (const auto& [type_name, type_bit] : kTypeNames) {
        if (name == type_name) bit = type_bit;
      }
      if (bit == 0) {
        return Error(at, fmt::format("unknown type \"{}\" (the types: null, boolean, object, "
                                     "array, number, string, integer)",
                                     std::string(name)));
      }
      if ((node->types & bit) != 0) {
        return Error(at, fmt::format("lists \"{}\" twice", std::string(name)));
      }
      node->types = static_cast<uint8_t>(node->types | bit);
      if (!node->type_text.empty()) node->type_text += " or ";
      node->type_text += name;
    }
    return absl::OkStatus();
  }

  static absl::Status Required(element v, const std::string& at, Node* node) {
    simdjson::dom::array array;
    if (v.get_array().get(array) != SUCCESS) return Error(at, "must be an array of strings");
    for (element name : array) {
      std::string_view s;
      if (name.get_string().get(s) != SUCCESS) return Error(at, "must be an array of strings");
      node->required.emplace_back(s);
    }
    std::vector<std::string> sorted = node->required;
    std::sort(sorted.begin(), sorted.end());
    const auto repeat = std::adjacent_find(sorted.begin(), sorted.end());
    if (repeat != sorted.end()) {
      return Error(at, fmt::format("lists \"{}\" twice", *repeat));
    }
    node->required = std::move(sorted);
    return absl::OkStatus();
  }
};

// ---------------------------------------------------------------------------
// Validation.

// Returns `s` cut to at most `max` bytes at a UTF-8 boundary, with "..." when
// cut.
std::string Cut(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0u) == 0x80u) --end;
  return std::string(s.substr(0, end)) + "...";
}

// A short description of a value for messages: numbers and short strings in
// full, long strings cut, containers by kind.
std::string Describe(element e) {
  switch (e.type()) {
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return NumText(*ToNum(e));
    case element_type::STRING: {
      std::string out;
      internal::AppendJsonString(Cut(e.get_string().value_unsafe(), kMaxQuoted), &out);
      return out;
    }
    case element_type::BOOL:
      return e.get_bool().value_unsafe() ? "true" : "false";
    case element_type::NULL_VALUE:
      return "null";
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
  }
  return "a value";
}

std::string_view TypeOf(element e) {
  if (e.type() == element_type::DOUBLE || e.type() == element_type::INT64 ||
      e.type() == element_type::UINT64) {
    return IsIntegerValued(e) ? "integer" : "number";
  }
  return internal::JsonTypeName(e.type());
}

uint8_t TypeBits(element e) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return kNullBit;
    case element_type::BOOL:
      return kBooleanBit;
    case element_type::OBJECT:
      return kObjectBit;
    case element_type::ARRAY:
      return kArrayBit;
    case element_type::STRING:
      return kStringBit;
    default:
      return static_cast<uint8_t>(kNumberBit | (IsIntegerValued(e) ? kIntegerBit : 0));
  }
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

// Counts the constraints an instance satisfies and, when asked for
// messages, says what failed and where.
class Validator {
 public:
  // Counts into `*result`, adding violations only when `messages`; `*found`
  // is scratch for the required properties of one object at a time.
  Validator(JsonSchema::Result* result, bool messages, std::vector<uint8_t>* found)
      : result_(result), messages_(messages), found_(found) {}

  // Validates `v` at the current path against `node`. `false_reason` is the
  // message when `node` is the schema `false`.
  void Validate(const Node& node, element v, std::string_view false_reason) {
    if (node.boolean.has_value()) {
      if (!*node.boolean) Fail(false_reason);
      return;
    }
    if (node.types != 0) {
      Check((TypeBits(v) & node.types) != 0,
            [&] { return fmt::format("expected {}, got {}", node.type_text, TypeOf(v)); });
    }
    if (node.enum_values.has_value()) {
      const bool found = std::any_of(node.enum_values->begin(), node.enum_values->end(),
                                     [&](element e) { return JsonEqual(e, v); });
      Check(found, [&] { return fmt::format("{} is not one of the enum values", Describe(v)); });
    }
    if (node.const_value.has_value()) {
      Check(JsonEqual(*node.const_value, v), [&] {
        return fmt::format("{} is not the const value {}", Describe(v),
                           Describe(*node.const_value));
      });
    }
    switch (v.type()) {
      case element_type::INT64:
      case element_type::UINT64:
      case element_type::DOUBLE:
        Numeric(node, *ToNum(v));
        break;
      case element_type::STRING:
        String(node, v.get_string().value_unsafe());
        break;
      case element_type::ARRAY:
        Array(node, v.get_array().value_unsafe());
        break;
      case element_type::OBJECT:
        Object(node, v.get_object().value_unsafe());
        break;
      default:
        break;
    }
  }

 private:
  template <typename Message>
  void Check(bool ok, Message message) {
    ++result_->total;
    if (ok) {
      ++result_->satisfied;
    } else if (messages_) {
      AddViolation(message());
    }
  }

  void Fail(std::string_view message) {
    ++result_->total;
    if (messages_) AddViolation(std::string(message));
  }

  void AddViolation(const std::string& message) {
    if (result_->violations.size() >= JsonSchema::kMaxViolations) return;
    result_->violations.push_back(fmt::format("{}: {}", path_.empty() ? "(root)" : path_, message));
  }

  void Numeric(const Node& node, const Num& n) {
    if (node.minimum) {
      Check(Compare(n, *node.minimum) >= 0, [&] {
        return fmt::format("{} is less than minimum {}", NumText(n), NumText(*node.minimum));
      });
    }
    if (node.maximum) {
      Check(Compare(n, *node.maximum) <= 0, [&] {
        return fmt::format("{} is greater than maximum {}", NumText(n), NumText(*node.maximum));
      });
    }
    if (node.exclusive_minimum) {
      Check(Compare(n, *node.exclusive_minimum) > 0, [&] {
        return fmt::format("{} is not greater than exclusiveMinimum {}", NumText(n),
                           NumText(*node.exclusive_minimum));
      });
    }
    if (node.exclusive_maximum) {
      Check(Compare(n, *node.exclusive_maximum) < 0, [&] {
        return fmt::format("{} is not less than exclusiveMaximum {}", NumText(n),
                           NumText(*node.exclusive_maximum));
      });
    }
  }

  void String(const Node& node, std::string_view s) {
    if (!node.min_length && !node.max_length) return;
    const size_t n = CodePoints(s);
    if (node.min_length) {
      Check(n >= *node.min_length, [&] {
        return fmt::format("string of {} code points is shorter than minLength {}", n,
                           *node.min_length);
      });
    }
    if (node.max_length) {
      Check(n <= *node.max_length, [&] {
        return fmt::format("string of {} code points is longer than maxLength {}", n,
                           *node.max_length);
      });
    }
  }

  void Array(const Node& node, simdjson::dom::array array) {
    if (node.min_items || node.max_items) {
      const size_t n = array.size();
      if (node.min_items) {
        Check(n >= *node.min_items, [&] {
          return fmt::format("array of {} items is shorter than minItems {}", n, *node.min_items);
        });
      }
      if (node.max_items) {
        Check(n <= *node.max_items, [&] {
          return fmt::format("array of {} items is longer than maxItems {}", n, *node.max_items);
        });
      }
    }
    if (node.items == nullptr) return;
    size_t index = 0;
    for (element item : array) {
      const size_t mark = messages_ ? Push(fmt::format("{}", index)) : 0;
      ++index;
      Validate(*node.items, item, "no item is allowed here (items is false)");
      if (messages_) Pop(mark);
    }
  }

  void Object(const Node& node, simdjson::dom::object object) {
    if (!node.required.empty()) {
      // Done with `found_` before any recursion below needs it again.
      std::vector<uint8_t>& found = *found_;
      found.assign(node.required.size(), 0);
      size_t found_count = 0;
      for (auto field : object) {
        const auto it = std::lower_bound(node.required.begin(), node.required.end(), field.key);
        if (it != node.required.end() && *it == field.key) {
          uint8_t& f = found[static_cast<size_t>(it - node.required.begin())];
          found_count += f == 0 ? 1 : 0;
          f = 1;
        }
      }
      Check(found_count == found.size(), [&] {
        std::vector<std::string_view> missing;
        for (size_t k = 0; k < found.size(); ++k) {
          if (found[k] == 0) missing.push_back(node.required[k]);
        }
        std::string names;
        for (size_t k = 0; k < missing.size() && k < 5; ++k) {
          if (k > 0) names += ", ";
          internal::AppendJsonString(Cut(missing[k], kMaxQuoted), &names);
        }
        if (missing.size() > 5) names += fmt::format(" and {} more", missing.size() - 5);
        return fmt::format("missing required propert{} {}", missing.size() == 1 ? "y" : "ies",
                           names);
      });
    }
    if (node.properties.empty() && node.additional == nullptr) return;
    for (auto field : object) {
      const auto it = std::lower_bound(
          node.properties.begin(), node.properties.end(), field.key,
          [](const auto& property, std::string_view key) { return property.first < key; });
      const Node* sub = nullptr;
      bool additional = false;
      if (it != node.properties.end() && it->first == field.key) {
        sub = it->second.get();
      } else if (node.additional != nullptr) {
        sub = node.additional.get();
        additional = true;
      }
      if (sub == nullptr) continue;
      const size_t mark =
          messages_ ? Push(internal::JsonPointerToken(Cut(field.key, kMaxPointerToken))) : 0;
      Validate(*sub, field.value,
               additional ? "additional property not allowed (additionalProperties is false)"
                          : "property not allowed (its schema is false)");
      if (messages_) Pop(mark);
    }
  }

  size_t Push(std::string_view token) {
    const size_t mark = path_.size();
    path_ += '/';
    path_ += token;
    return mark;
  }
  void Pop(size_t mark) { path_.resize(mark); }

  JsonSchema::Result* result_;
  const bool messages_;
  std::vector<uint8_t>* found_;
  std::string path_;  // with messages only
};

}  // namespace

struct JsonSchema::Impl {
  simdjson::dom::document document;  // holds the enum and const values
  std::unique_ptr<Node> root;
};

struct JsonSchema::Scratch::Impl {
  simdjson::dom::parser parser;
  std::string padded;
  std::vector<uint8_t> found;  // Validator's
};

JsonSchema::Scratch::Scratch() : impl_(std::make_unique<Impl>()) {}
JsonSchema::Scratch::~Scratch() = default;

double JsonSchema::Result::credit() const {
  if (!valid_json) return 0.0;
  if (total == 0) return 1.0;
  return static_cast<double>(satisfied) / static_cast<double>(total);
}

JsonSchema::JsonSchema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonSchema::~JsonSchema() = default;

absl::StatusOr<std::unique_ptr<JsonSchema>> JsonSchema::Create(std::string_view schema_json) {
  auto impl = std::make_unique<Impl>();
  simdjson::dom::parser parser;
  if (const auto error =
          parser.allocate(std::max<size_t>(schema_json.size(), 64), kMaxSchemaJsonDepth);
      error != SUCCESS) {
    return absl::InvalidArgumentError(
        fmt::format("schema: cannot parse: {}", simdjson::error_message(error)));
  }
  const simdjson::padded_string padded(schema_json.data(), schema_json.size());
  element root;
  if (const auto error = parser.parse_into_document(impl->document, padded).get(root);
      error != SUCCESS) {
    return absl::InvalidArgumentError(
        fmt::format("schema is not valid JSON: {}", simdjson::error_message(error)));
  }
  absl::StatusOr<std::unique_ptr<Node>> node = Compiler().Compile(root, "", 0);
  if (!node.ok()) return node.status();
  impl->root = *std::move(node);
  return std::unique_ptr<JsonSchema>(new JsonSchema(std::move(impl)));
}

JsonSchema::Result JsonSchema::Check(std::string_view instance_json) const {
  Scratch scratch;
  return Check(instance_json, scratch);
}

JsonSchema::Result JsonSchema::Check(std::string_view instance_json, Scratch& scratch) const {
  Result result;
  Validate(instance_json, scratch, /*messages=*/true, &result);
  return result;
}

double JsonSchema::Credit(std::string_view instance_json, Scratch& scratch) const {
  Result result;  // counts only: its violations stay empty
  Validate(instance_json, scratch, /*messages=*/false, &result);
  return result.credit();
}

void JsonSchema::Validate(std::string_view instance_json, Scratch& scratch, bool messages,
                          Result* out) const {
  Result& result = *out;
  Scratch::Impl& s = scratch.impl();
  // A padded copy, so that the parser never reallocates the input.
  s.padded.resize(instance_json.size() + simdjson::SIMDJSON_PADDING);
  if (!instance_json.empty()) {
    std::memcpy(s.padded.data(), instance_json.data(), instance_json.size());
  }
  std::memset(s.padded.data() + instance_json.size(), 0, simdjson::SIMDJSON_PADDING);
  if (s.parser.max_depth() != kMaxInstanceDepth ||
      s.parser.capacity() < std::max<size_t>(instance_json.size(), 64)) {
    if (const auto error =
            s.parser.allocate(std::max<size_t>(instance_json.size(), 64), kMaxInstanceDepth);
        error != SUCCESS) {
      if (messages) {
        result.violations.push_back(
            fmt::format("(root): cannot parse: {}", simdjson::error_message(error)));
      }
      return;
    }
  }
  element root;
  if (const auto error = s.parser.parse(s.padded.data(), instance_json.size(), false).get(root);
      error != SUCCESS) {
    if (messages) {
      result.violations.push_back(
          error == simdjson::DEPTH_ERROR
              ? fmt::format("(root): not valid JSON: nested deeper than {} levels",
                            kMaxInstanceDepth)
              : fmt::format("(root): not valid JSON: {}", simdjson::error_message(error)));
    }
    return;
  }
  result.valid_json = true;
  Validator(&result, messages, &s.found)
      .Validate(*impl_->root, root, "no value is allowed (the schema is false)");
}

}  // namespace rewardkit
