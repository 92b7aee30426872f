// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the tests: reading golden JSON Lines files.

#ifndef REWARDKIT_TESTS_TEST_UTIL_H_
#define REWARDKIT_TESTS_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "simdjson.h"

namespace rewardkit::testing {

// The path of a file in the source tree ("tests/golden/extract.jsonl").
inline std::string SourcePath(std::string_view relative) {
  return std::string(RK_SOURCE_DIR) + "/" + std::string(relative);
}

// The path of a file in ../shared/data.
inline std::string SharedDataPath(std::string_view name) {
  return std::string(RK_SHARED_DATA_DIR) + "/" + std::string(name);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Returns `s` repeated `n` times, for hostile inputs.
inline std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out.append(s);
  return out;
}

// One non-blank, non-comment line of a JSON Lines file, with its line number.
struct JsonLine {
  size_t line = 0;
  std::string text;
};

// Returns the lines of a JSON Lines file; lines starting with "//" are comments.
inline std::vector<JsonLine> ReadJsonLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<JsonLine> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    size_t i = line.find_first_not_of(" \t\r");
    if (i == std::string::npos || line.compare(i, 2, "//") == 0) continue;
    out.push_back({n, line});
  }
  return out;
}

// Returns the string field `key` of a DOM object, or `fallback`.
inline std::string GetString(simdjson::dom::element e, const char* key, std::string fallback = "") {
  std::string_view v;
  if (e[key].get(v) == simdjson::SUCCESS) return std::string(v);
  return fallback;
}

// Returns the raw JSON text of field `key`, or "" when absent.
inline std::string GetRaw(simdjson::dom::element e, const char* key) {
  simdjson::dom::element v;
  if (e[key].get(v) != simdjson::SUCCESS) return "";
  return simdjson::minify(v);
}

}  // namespace rewardkit::testing

#endif  // REWARDKIT_TESTS_TEST_UTIL_H_
