// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "spec_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "json_util.h"

namespace rewardkit::internal {

void SpecErrors::Add(std::string_view pointer, std::string_view message) {
  messages_.push_back(fmt::format("{}{}{}", pointer.empty() ? "/" : pointer, ": ", message));
}

absl::Status SpecErrors::ToStatus() const {
  if (messages_.empty()) return absl::OkStatus();
  std::string joined;
  for (const std::string& m : messages_) {
    if (!joined.empty()) joined += '\n';
    joined += m;
  }
  return absl::InvalidArgumentError(joined);
}

SpecReader::SpecReader(simdjson::dom::element element, std::string pointer, SpecErrors* errors)
    : pointer_(std::move(pointer)), errors_(errors) {
  if (element.get_object().get(object_) == simdjson::SUCCESS) {
    is_object_ = true;
  } else {
    errors_->Add(pointer_,
                 fmt::format("{}{}", "expected an object, got ", JsonTypeName(element.type())));
  }
}

std::string SpecReader::FieldPointer(std::string_view key) const {
  return fmt::format("{}{}{}", pointer_, "/", JsonPointerToken(key));
}

std::optional<simdjson::dom::element> SpecReader::Lookup(std::string_view key) {
  if (!is_object_) return std::nullopt;
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
  if (std::find(read_.begin(), read_.end(), key) == read_.end()) read_.push_back(key);
  return e;
}

bool SpecReader::Has(std::string_view key) {
  if (!is_object_) return false;
  simdjson::dom::element e;
  return object_.at_key(key).get(e) == simdjson::SUCCESS;
}

std::optional<simdjson::dom::element> SpecReader::Get(std::string_view key) { return Lookup(key); }

void SpecReader::Error(std::string_view key, std::string_view message) {
  errors_->Add(FieldPointer(key), message);
}

namespace {

std::string Got(simdjson::dom::element e) {
  return fmt::format("{}{}", "got ", JsonTypeName(e.type()));
}

}  // namespace

void SpecReader::String(std::string_view key, std::string* out, bool allow_empty) {
  auto e = Lookup(key);
  if (!e) return;
  std::string_view s;
  if (e->get_string().get(s) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected a string, ", Got(*e)));
    return;
  }
  if (!allow_empty && s.empty()) {
    Error(key, "expected a non-empty string");
    return;
  }
  *out = std::string(s);
}

bool SpecReader::ReadEnumString(std::string_view key, std::string* out) {
  auto e = Lookup(key);
  if (!e) return false;
  std::string_view s;
  if (e->get_string().get(s) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected a string, ", Got(*e)));
    return false;
  }
  *out = std::string(s);
  return true;
}

void SpecReader::Bool(std::string_view key, bool* out) {
  auto e = Lookup(key);
  if (!e) return;
  bool b = false;
  if (e->get_bool().get(b) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected true or false, ", Got(*e)));
    return;
  }
  *out = b;
}

void SpecReader::Double(std::string_view key, double* out, double min, double max) {
  auto e = Lookup(key);
  if (!e) return;
  double d = 0.0;
  if (e->type() == simdjson::dom::element_type::BOOL ||
      e->get_double().get(d) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected a number, ", Got(*e)));
    return;
  }
  if (!std::isfinite(d) || d < min || d > max) {
    Error(key, fmt::format("{}{}{}{}{}{}", "expected a number in [", min, ", ", max, "], got ", d));
    return;
  }
  *out = d;
}

void SpecReader::Int(std::string_view key, int* out, int min, int max) {
  auto e = Lookup(key);
  if (!e) return;
  int64_t v = 0;
  if (e->get_int64().get(v) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected an integer, ", Got(*e)));
    return;
  }
  if (v < min || v > max) {
    Error(key,
          fmt::format("{}{}{}{}{}{}", "expected an integer in [", min, ", ", max, "], got ", v));
    return;
  }
  *out = static_cast<int>(v);
}

void SpecReader::Size(std::string_view key, size_t* out, size_t min, size_t max) {
  auto e = Lookup(key);
  if (!e) return;
  uint64_t v = 0;
  if (e->get_uint64().get(v) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected a non-negative integer, ", Got(*e)));
    return;
  }
  if (v < min || v > max) {
    Error(key,
          fmt::format("{}{}{}{}{}{}", "expected an integer in [", min, ", ", max, "], got ", v));
    return;
  }
  *out = static_cast<size_t>(v);
}

void SpecReader::StringList(std::string_view key, std::vector<std::string>* out,
                            bool allow_empty_list) {
  auto e = Lookup(key);
  if (!e) return;
  simdjson::dom::array array;
  if (e->get_array().get(array) != simdjson::SUCCESS) {
    Error(key, fmt::format("{}{}", "expected an array of strings, ", Got(*e)));
    return;
  }
  std::vector<std::string> values;
  size_t i = 0;
  bool ok = true;
  for (simdjson::dom::element item : array) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      errors_->Add(fmt::format("{}{}{}", FieldPointer(key), "/", i),
                   fmt::format("{}{}", "expected a string, ", Got(item)));
      ok = false;
    } else if (s.empty()) {
      errors_->Add(fmt::format("{}{}{}", FieldPointer(key), "/", i), "expected a non-empty string");
      ok = false;
    } else {
      values.emplace_back(s);
    }
    ++i;
  }
  if (!ok) return;
  if (values.empty() && !allow_empty_list) {
    Error(key, "expected at least one string");
    return;
  }
  *out = std::move(values);
}

void SpecReader::Finish() {
  if (!is_object_) return;
  for (auto field : object_) {
    if (std::find(read_.begin(), read_.end(), field.key) != read_.end()) continue;
    errors_->Add(FieldPointer(field.key), "unknown field");
  }
}

bool ParseSpecJson(std::string_view json, std::string_view pointer, simdjson::dom::parser* parser,
                   simdjson::dom::element* out, SpecErrors* errors) {
  auto error = parser->parse(json.data(), json.size()).get(*out);
  if (error != simdjson::SUCCESS) {
    errors->Add(pointer, fmt::format("{}{}", "not valid JSON: ", simdjson::error_message(error)));
    return false;
  }
  return true;
}

}  // namespace rewardkit::internal
