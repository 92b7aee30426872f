// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of JsonSchema (json_schema.h): the golden cases of
// tests/golden/json_schema.jsonl (every keyword valid and violated, credit
// fractions, schema errors), hostile instances and schemas, scratch reuse,
// and concurrent use.

#include "rewardkit/json_schema.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "simdjson.h"
#include "test_util.h"

namespace rewardkit {
namespace {

using testing::Repeat;

std::unique_ptr<JsonSchema> MakeSchema(std::string_view json) {
  absl::StatusOr<std::unique_ptr<JsonSchema>> schema = JsonSchema::Create(json);
  INFO(schema.status().ToString());
  REQUIRE(schema.ok());
  return *std::move(schema);
}

TEST_CASE("golden JSON Schema cases", "[json_schema][golden]") {
  const std::vector<testing::JsonLine> lines =
      testing::ReadJsonLines(testing::SourcePath("tests/golden/json_schema.jsonl"));
  REQUIRE(lines.size() >= 100);
  simdjson::dom::parser parser;
  JsonSchema::Scratch scratch;
  size_t checks = 0, errors = 0;
  for (const testing::JsonLine& line : lines) {
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line.text).get(doc) == simdjson::SUCCESS);
    const std::string note = testing::GetString(doc, "note");
    INFO("json_schema.jsonl line " << line.line << ": " << note);
    REQUIRE_FALSE(note.empty());
    std::string schema_json = testing::GetRaw(doc, "schema");
    simdjson::dom::element e;
    if (doc["schema_text"].get(e) == simdjson::SUCCESS) {
      schema_json = testing::GetString(doc, "schema_text");
    }
    absl::StatusOr<std::unique_ptr<JsonSchema>> schema = JsonSchema::Create(schema_json);
    if (doc["error"].get(e) == simdjson::SUCCESS) {
      const std::string error = testing::GetString(doc, "error");
      INFO("status: " << schema.status().ToString());
      REQUIRE_FALSE(schema.ok());
      CHECK(schema.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(std::string(schema.status().message()).rfind(error, 0) == 0);
      ++errors;
      continue;
    }
    INFO("create: " << schema.status().ToString());
    REQUIRE(schema.ok());
    std::string instance = testing::GetRaw(doc, "instance");
    if (doc["instance_text"].get(e) == simdjson::SUCCESS) {
      instance = testing::GetString(doc, "instance_text");
    }
    bool valid_json = false;
    REQUIRE(doc["valid_json"].get(valid_json) == simdjson::SUCCESS);
    uint64_t satisfied = 0, total = 0;
    REQUIRE(doc["satisfied"].get(satisfied) == simdjson::SUCCESS);
    REQUIRE(doc["total"].get(total) == simdjson::SUCCESS);

    const JsonSchema::Result r = (*schema)->Check(instance, scratch);
    std::string got_violations;
    for (const std::string& v : r.violations) got_violations += v + "\n";
    INFO("violations:\n" << got_violations);
    CHECK(r.valid_json == valid_json);
    CHECK(r.satisfied == satisfied);
    CHECK(r.total == total);
    const double credit = !valid_json ? 0.0
                          : total == 0
                              ? 1.0
                              : static_cast<double>(satisfied) / static_cast<double>(total);
    CHECK(r.credit() == credit);
    // Counting only, through the same scratch: the same credit.
    CHECK((*schema)->Credit(instance, scratch) == r.credit());
    simdjson::dom::array expected;
    if (doc["violations"].get(expected) == simdjson::SUCCESS) {
      std::vector<std::string> want;
      for (simdjson::dom::element v : expected) want.emplace_back(v.get_string().value());
      CHECK(r.violations == want);
    } else if (!valid_json) {
      REQUIRE(r.violations.size() == 1);
      CHECK(r.violations[0].rfind("(root): not valid JSON: ", 0) == 0);
    }
    // Without a scratch, the same.
    const JsonSchema::Result again = (*schema)->Check(instance);
    CHECK(again.satisfied == r.satisfied);
    CHECK(again.total == r.total);
    CHECK(again.violations == r.violations);
    ++checks;
  }
  CHECK(checks >= 70);
  CHECK(errors >= 20);
}

TEST_CASE("Result::credit", "[json_schema]") {
  JsonSchema::Result r;
  CHECK(r.credit() == 0.0);
  r.valid_json = true;
  CHECK(r.credit() == 1.0);
  r.total = 4;
  r.satisfied = 3;
  CHECK(r.credit() == 0.75);
  r.valid_json = false;
  CHECK(r.credit() == 0.0);
}

TEST_CASE("Schemas nest at most kMaxSchemaDepth deep", "[json_schema]") {
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += R"({"items":)";
    s += "{}";
    for (int i = 0; i < depth; ++i) s += "}";
    return s;
  };
  CHECK(JsonSchema::Create(nested(JsonSchema::kMaxSchemaDepth)).ok());
  absl::StatusOr<std::unique_ptr<JsonSchema>> deep =
      JsonSchema::Create(nested(JsonSchema::kMaxSchemaDepth + 1));
  REQUIRE_FALSE(deep.ok());
  CHECK(std::string(deep.status().message()).find("nest deeper than 64") != std::string::npos);
  // A schema document nested far deeper fails to parse, without recursion.
  CHECK_FALSE(JsonSchema::Create(Repeat(R"({"enum":[)", 5000)).ok());
  CHECK_FALSE(JsonSchema::Create(Repeat("[", 100000)).ok());
}

TEST_CASE("Hostile instances", "[json_schema]") {
  auto schema = MakeSchema(R"({"type":"array","items":{"type":"array","items":{"maxLength":3}},
                               "maxItems":5})");
  JsonSchema::Scratch scratch;

  // Nested deeper than the parser allows: not JSON, one violation.
  JsonSchema::Result r = schema->Check(Repeat("[", 5000) + Repeat("]", 5000), scratch);
  CHECK_FALSE(r.valid_json);
  CHECK(r.credit() == 0.0);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0] == "(root): not valid JSON: nested deeper than 1024 levels");

  // Deep but within the limit: validation follows the schema, not the depth.
  r = schema->Check(Repeat("[", 1000) + Repeat("]", 1000), scratch);
  CHECK(r.valid_json);
  CHECK(r.total == 3);  // type, maxItems, then the inner array's type

  // A 10 MB string is counted in code points; the message quotes nothing of it.
  const std::string big = "[[\"" + Repeat("\xc3\xa9", 5 << 20) + "\"]]";
  r = schema->Check(big, scratch);
  CHECK(r.valid_json);
  CHECK(r.satisfied == 3);
  CHECK(r.total == 4);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0] == "/0/0: string of 5242880 code points is longer than maxLength 3");

  // Invalid UTF-8 is not JSON.
  r = schema->Check("[[\"\xff\"]]", scratch);
  CHECK_FALSE(r.valid_json);

  // Many violations: all counted, 20 kept.
  std::string many = "[[";
  for (int i = 0; i < 100000; ++i) many += i == 0 ? "\"long\"" : ",\"long\"";
  many += "]]";
  r = schema->Check(many, scratch);
  CHECK(r.valid_json);
  CHECK(r.total == 100000 + 3);
  CHECK(r.satisfied == 3);
  CHECK(r.violations.size() == JsonSchema::kMaxViolations);
  CHECK(r.violations.back() == "/0/19: string of 4 code points is longer than maxLength 3");

  // A huge key is cut in the pointer.
  auto closed = MakeSchema(R"({"additionalProperties":false})");
  r = closed->Check("{\"" + Repeat("k", 1 << 20) + "\":1}", scratch);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].size() < 300);
  CHECK(r.violations[0].rfind("/kkkk", 0) == 0);
}

TEST_CASE("Scratch reuse across sizes", "[json_schema]") {
  auto schema = MakeSchema(R"({"type":"object","required":["a"],
                               "properties":{"a":{"type":"integer","minimum":0}}})");
  JsonSchema::Scratch scratch;
  for (int round = 0; round < 3; ++round) {
    for (size_t n : {size_t{1}, size_t{1000}, size_t{10}, size_t{100000}, size_t{0}}) {
      const std::string instance =
          "{\"pad\":\"" + Repeat("x", n) + "\",\"a\":" + std::to_string(round - 1) + "}";
      const JsonSchema::Result r = schema->Check(instance, scratch);
      CHECK(r.valid_json);
      CHECK(r.total == 4);
      CHECK(r.satisfied == (round == 0 ? 3u : 4u));
    }
    CHECK_FALSE(schema->Check("", scratch).valid_json);
    CHECK_FALSE(schema->Check("{", scratch).valid_json);
  }
}

TEST_CASE("Enum values outlive the schema text", "[json_schema]") {
  std::unique_ptr<JsonSchema> schema;
  {
    std::string text = R"({"enum":[{"a":[1,2,{"b":null}]},"x"]})";
    schema = MakeSchema(text);
    text.assign(text.size(), '#');
  }
  CHECK(schema->Check(R"({"a":[1,2.0,{"b":null}]})").satisfied == 1);
  CHECK(schema->Check(R"("x")").satisfied == 1);
  CHECK(schema->Check(R"("y")").satisfied == 0);
}

TEST_CASE("Mutated instances never break the result's invariants", "[json_schema]") {
  auto schema = MakeSchema(R"({"type":["object","array"],"required":["a","b"],
      "properties":{"a":{"enum":[1,"x",[1,{"k":null}]]},"b":{"type":"string","maxLength":4},
                    "c":{"items":{"minimum":-1.5,"exclusiveMaximum":1e300}}},
      "additionalProperties":{"const":{"z":[true]}},"items":false,"minItems":1})");
  const std::string base =
      R"({"a":[1,{"k":null}],"b":"héllo","c":[0,-2,1e301,18446744073709551615],"d":{"z":[true]},"e":[]})";
  std::mt19937 rng(99);
  const std::string alphabet = "{}[]\",:0123456789-.eE truefalsnul\\u\xc3\xa9\xff";
  JsonSchema::Scratch scratch;
  size_t parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !s.empty(); ++k) {
      const size_t pos = rng() % s.size();
      switch (rng() % 3) {
        case 0:
          s[pos] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          s.erase(pos, 1 + rng() % 3);
          break;
        default:
          s.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
      }
    }
    const JsonSchema::Result r = schema->Check(s, scratch);
    INFO(s);
    REQUIRE(schema->Credit(s, scratch) == r.credit());
    REQUIRE(r.satisfied <= r.total);
    REQUIRE(r.violations.size() <= JsonSchema::kMaxViolations);
    REQUIRE(r.credit() >= 0.0);
    REQUIRE(r.credit() <= 1.0);
    if (r.valid_json) {
      ++parsed;
      REQUIRE(r.violations.size() == std::min(r.total - r.satisfied, JsonSchema::kMaxViolations));
    } else {
      REQUIRE(r.total == 0);
      REQUIRE(r.violations.size() == 1);
    }
  }
  CHECK(parsed > 1000);
}

TEST_CASE("JsonSchema is safe for concurrent use", "[json_schema]") {
  auto schema = MakeSchema(R"({"type":"object","required":["name","age"],
      "properties":{"name":{"type":"string","minLength":1},"age":{"type":"integer","minimum":18}},
      "additionalProperties":false})");
  const std::vector<std::string> instances = {R"({"name":"Ada","age":17})",
                                              R"({"name":"","age":40,"x":1})", "not json"};
  std::vector<JsonSchema::Result> expected;
  for (const std::string& s : instances) expected.push_back(schema->Check(s));
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      JsonSchema::Scratch scratch;
      for (int i = 0; i < 3000; ++i) {
        const size_t k = (t + static_cast<size_t>(i)) % instances.size();
        const JsonSchema::Result r = schema->Check(instances[k], scratch);
        if (r.satisfied != expected[k].satisfied || r.total != expected[k].total ||
            r.violations != expected[k].violations) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(failures == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace rewardkit
