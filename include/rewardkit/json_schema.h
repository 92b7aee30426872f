// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/json_schema.h
// -----------------------------------------------------------------------------
//
// Validates a model's JSON output against a subset of JSON Schema (draft
// 2020-12), and reports partial credit: the fraction of constraints the
// instance satisfies, so that "almost right" JSON earns more than garbage.
//
// The supported keywords:
//
//   type                  a type name or an array of them: "null", "boolean",
//                         "object", "array", "number", "string", "integer"
//                         ("integer" is a number with no fraction: 1.0 is one)
//   enum, const           the value equals one of the listed values (numbers
//                         compare by value: 1 equals 1.0; object keys in any
//                         order)
//   minimum, maximum, exclusiveMinimum, exclusiveMaximum
//                         numbers only, compared exactly (no rounding of
//                         64-bit integers)
//   minLength, maxLength  strings only, in Unicode code points
//   minItems, maxItems    arrays only
//   items                 a schema every element of an array must match (the
//                         array form, draft 2019's tuples, is an error)
//   required              object properties that must be present
//   properties            schemas for named properties, where present
//   additionalProperties  a schema (or true/false) for the other properties
//
// Annotations are accepted and ignored: $schema, $id, $comment, title,
// description, default, examples, deprecated, readOnly, writeOnly. Any other
// keyword ($ref, pattern, oneOf, format, ...) is an error at Create, so no
// one believes a constraint is enforced when it is not. Boolean schemas
// (true, false) are allowed wherever a schema is.
//
// Counting: every assertion keyword that applies to the instance value at
// one location counts one constraint (minimum counts only for numbers,
// minLength only for strings, required once per object, and so on); a
// `false` schema counts one, always unsatisfied, at each location it is
// applied to (each additional property under `additionalProperties: false`,
// each item under `items: false`). Applicators (properties, items,
// additionalProperties) count nothing themselves: their subschemas count at
// the locations they apply to.
//
// Example:
//
//   auto schema = rewardkit::JsonSchema::Create(R"({
//     "type": "object", "required": ["name", "age"],
//     "properties": {"name": {"type": "string", "minLength": 1},
//                    "age": {"type": "integer", "minimum": 18}},
//     "additionalProperties": false})");
//   rewardkit::JsonSchema::Result r = (*schema)->Check(R"({"name": "Ada", "age": 17})");
//   // r.valid_json, r.satisfied == 5, r.total == 6, r.credit() == 5/6,
//   // r.violations == {"/age: 17 is less than minimum 18"}
//
// Two tiers of objects, as elsewhere in rewardkit:
//   * A JsonSchema is immutable once created and safe for concurrent use by
//     multiple threads.
//   * A JsonSchema::Scratch holds a JSON parser and its buffers. It is not
//     thread-safe: use one per thread and reuse it, or call the Check without
//     one, which makes its own.
//
// Hostile instances are safe: validation follows the schema, never recursing
// deeper than it; an instance nested deeper than 1024 levels, or that is not
// valid JSON or UTF-8, or holds a number simdjson cannot hold (an integer
// beyond 64 bits, 1e400), gets valid_json == false and credit 0.

#ifndef REWARDKIT_JSON_SCHEMA_H_
#define REWARDKIT_JSON_SCHEMA_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace rewardkit {

class JsonSchema {
 public:
  // Subschemas may nest at most this deep (the root is depth 0).
  static constexpr int kMaxSchemaDepth = 64;
  // Instances nested deeper than this are not parsed.
  static constexpr size_t kMaxInstanceDepth = 1024;
  // At most this many violations are kept in a Result.
  static constexpr size_t kMaxViolations = 20;

  // Per-thread scratch for Check and Credit: a JSON parser and a padded copy of the
  // input, reused across calls. Not thread-safe; use one per thread.
  class Scratch {
   public:
    Scratch();
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    struct Impl;
    Impl& impl() { return *impl_; }

   private:
    std::unique_ptr<Impl> impl_;
  };

  // The outcome of one Check.
  struct Result {
    bool valid_json = false;  // the instance parsed as JSON
    size_t satisfied = 0;     // constraints satisfied
    size_t total = 0;         // constraints checked (see the counting rule above)
    // What failed, as "<JSON Pointer>: <message>" ("/items/2/age: 17 is less
    // than minimum 18"; the root is "(root)"); at most kMaxViolations, in
    // document order. When the instance is not JSON, one entry says why.
    std::vector<std::string> violations;

    // Returns satisfied / total; 1 when total is 0 and the instance is JSON;
    // 0 when it is not JSON.
    double credit() const;
  };

  // Compiles `schema_json`. Returns InvalidArgument, with a JSON Pointer into
  // the schema, when it is not JSON, uses a keyword outside the subset
  // ("/properties/age/pattern: unsupported keyword ..."), gives a keyword a
  // value of the wrong kind ("/minLength: must be a non-negative integer"),
  // repeats a keyword, or nests deeper than kMaxSchemaDepth.
  static absl::StatusOr<std::unique_ptr<JsonSchema>> Create(std::string_view schema_json);

  ~JsonSchema();
  JsonSchema(const JsonSchema&) = delete;
  JsonSchema& operator=(const JsonSchema&) = delete;

  // Validates the JSON text `instance_json` with a parser of its own.
  Result Check(std::string_view instance_json) const;

  // Validates the JSON text `instance_json`, reusing `scratch`'s parser.
  Result Check(std::string_view instance_json, Scratch& scratch) const;

  // Returns Check(instance_json, scratch).credit() without building the
  // violations: no allocation once `scratch` has grown.
  double Credit(std::string_view instance_json, Scratch& scratch) const;

  struct Impl;

 private:
  explicit JsonSchema(std::unique_ptr<Impl> impl);
  // Check and Credit: fills `*out` (violations only with `messages`).
  void Validate(std::string_view instance_json, Scratch& scratch, bool messages, Result* out) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rewardkit

#endif  // REWARDKIT_JSON_SCHEMA_H_
