// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// SpecReader reads one JSON object of a spec into option structs, collecting
// every error (not just the first) with the JSON Pointer of the field at fault.

#ifndef REWARDKIT_SRC_SPEC_READER_H_
#define REWARDKIT_SRC_SPEC_READER_H_

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "simdjson.h"

namespace rewardkit::internal {

// The errors found while reading a spec, in document order.
class SpecErrors {
 public:
  void Add(std::string_view pointer, std::string_view message);
  bool empty() const { return messages_.empty(); }
  size_t size() const { return messages_.size(); }
  // Returns OK, or InvalidArgument listing every error, one per line.
  absl::Status ToStatus() const;

 private:
  std::vector<std::string> messages_;
};

// Reads the fields of one JSON object. Each getter leaves `*out` untouched
// when the field is absent, and records an error when it has the wrong type or
// value. Finish() records an error for every field no getter asked about, so a
// misspelt option is reported instead of silently ignored.
class SpecReader {
 public:
  // `element` should be an object; if it is not, one error is recorded and
  // every getter reports the field as absent.
  SpecReader(simdjson::dom::element element, std::string pointer, SpecErrors* errors);

  bool ok_object() const { return is_object_; }
  const std::string& pointer() const { return pointer_; }
  SpecErrors* errors() const { return errors_; }
  std::string FieldPointer(std::string_view key) const;

  bool Has(std::string_view key);
  // The raw element of `key`, marked as read.
  std::optional<simdjson::dom::element> Get(std::string_view key);

  void String(std::string_view key, std::string* out, bool allow_empty = true);
  void Bool(std::string_view key, bool* out);
  // A finite number in [min, max].
  void Double(std::string_view key, double* out, double min, double max);
  void Int(std::string_view key, int* out, int min, int max);
  void Size(std::string_view key, size_t* out, size_t min, size_t max);
  void StringList(std::string_view key, std::vector<std::string>* out, bool allow_empty_list);
  // A string naming one of `choices`.
  template <typename E>
  void Enum(std::string_view key, E* out,
            std::initializer_list<std::pair<std::string_view, E>> choices) {
    std::string s;
    if (!ReadEnumString(key, &s)) return;
    std::string expected;
    for (const auto& [name, value] : choices) {
      if (s == name) {
        *out = value;
        return;
      }
      if (!expected.empty()) expected += ", ";
      expected += '"' + std::string(name) + '"';
    }
    errors_->Add(FieldPointer(key), "expected one of " + expected + ", got \"" + s + "\"");
  }

  // Records an error for every field not read.
  void Finish();

  // Records an error at this object's field `key`.
  void Error(std::string_view key, std::string_view message);

 private:
  bool ReadEnumString(std::string_view key, std::string* out);
  std::optional<simdjson::dom::element> Lookup(std::string_view key);

  simdjson::dom::object object_;
  bool is_object_ = false;
  std::string pointer_;
  SpecErrors* errors_;
  std::vector<std::string_view> read_;
};

// Parses `json` (a spec fragment given as text) into `*out` with `parser`,
// recording a syntax error at `pointer` when it is not valid JSON.
bool ParseSpecJson(std::string_view json, std::string_view pointer, simdjson::dom::parser* parser,
                   simdjson::dom::element* out, SpecErrors* errors);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_SPEC_READER_H_
