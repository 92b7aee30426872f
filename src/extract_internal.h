// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Extraction with a JSON parser the caller keeps, for the components that
// run extractors on every sample (similarity, format): the same answers as
// Extractor::Extract and ExtractorChain::Extract, without a parser (and its
// buffers) per call.

#ifndef REWARDKIT_SRC_EXTRACT_INTERNAL_H_
#define REWARDKIT_SRC_EXTRACT_INTERNAL_H_

#include <optional>
#include <string_view>

#include "rewardkit/extract.h"
#include "simdjson.h"

namespace rewardkit::internal {

// Returns extractor.Extract(text); a JSON extractor validates its candidates
// with `parser`, which keeps its buffers for the next call. Not thread-safe
// for one `parser`: use one per thread.
std::optional<Extraction> ExtractReusing(const Extractor& extractor, std::string_view text,
                                         simdjson::dom::parser& parser);

// Returns chain.Extract(response), reusing `parser` as above.
std::optional<Extraction> ExtractReusing(const ExtractorChain& chain, std::string_view response,
                                         simdjson::dom::parser& parser);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_EXTRACT_INTERNAL_H_
