// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/spec.h
// -----------------------------------------------------------------------------
//
// A spec is the JSON document that declares a reward function once, so that
// one file is reused across training runs. This header reads its parts into
// the option structs of extract.h and compare.h; evaluator.h compiles a whole
// spec. docs/spec.md documents every field.
//
//   {
//     "version": "rewardkit/v1",
//     "name": "gsm8k",
//     "components": [{
//       "type": "correctness",
//       "extract": {"think": "strip",
//                   "extractors": [{"type": "marker", "markers": ["####", "A:"]}]},
//       "compare": {"type": "numeric"},
//       "scores": {"correct": 1, "wrong": 0, "no_answer": 0}
//     }]
//   }
//
// Every error names the offending field as a JSON Pointer ("/components/0/
// extract/extractors/2/type") and says what was expected.

#ifndef REWARDKIT_SPEC_H_
#define REWARDKIT_SPEC_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "rewardkit/compare.h"
#include "rewardkit/extract.h"

namespace rewardkit {

// The version string a spec must declare.
inline constexpr std::string_view kSpecVersion = "rewardkit/v1";

// Parses one extractor object ({"type": "boxed", ...}). `json` is the text of
// a JSON object; `pointer` prefixes the JSON Pointers in error messages.
absl::StatusOr<ExtractorOptions> ParseExtractorOptions(std::string_view json,
                                                       std::string_view pointer = "");

// Parses an extraction object ({"think": ..., "extractors": [...]}). A lone
// extractor object ({"type": ...}) is accepted as a chain of one.
absl::StatusOr<ExtractorChainOptions> ParseExtractorChainOptions(std::string_view json,
                                                                 std::string_view pointer = "");

// Parses a comparison object ({"type": "math", "relative_tolerance": 1e-9, ...}).
absl::StatusOr<CompareOptions> ParseCompareOptions(std::string_view json,
                                                   std::string_view pointer = "");

}  // namespace rewardkit

#endif  // REWARDKIT_SPEC_H_
