// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Readers for the parts of a spec, used by spec.cc and the evaluator.

#ifndef REWARDKIT_SRC_SPEC_INTERNAL_H_
#define REWARDKIT_SRC_SPEC_INTERNAL_H_

#include <string>

#include "rewardkit/compare.h"
#include "rewardkit/extract.h"
#include "simdjson.h"
#include "spec_reader.h"

namespace rewardkit::internal {

void ReadExtractorOptions(simdjson::dom::element element, const std::string& pointer,
                          SpecErrors* errors, ExtractorOptions* out);
void ReadExtractorChainOptions(simdjson::dom::element element, const std::string& pointer,
                               SpecErrors* errors, ExtractorChainOptions* out);
void ReadCompareOptions(simdjson::dom::element element, const std::string& pointer,
                        SpecErrors* errors, CompareOptions* out);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_SPEC_INTERNAL_H_
