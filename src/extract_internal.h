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

// ExtractReusing for an extractor of kind kJson.
std::optional<Extraction> ExtractJsonReusing(const Extractor& extractor, std::string_view text,
                                             simdjson::dom::parser& parser);

// Returns extractor.Extract(text); a JSON extractor validates its candidates
// with `parser`, which keeps its buffers for the next call. Not thread-safe
// for one `parser`: use one per thread. Inline, so that calling any other
// extractor through it costs one check of its kind and no extra call.
inline std::optional<Extraction> ExtractReusing(const Extractor& extractor, std::string_view text,
                                                simdjson::dom::parser& parser) {
  if (extractor.options().kind == ExtractorKind::kJson) {
    return ExtractJsonReusing(extractor, text, parser);
  }
  return extractor.Extract(text);
}

// What scoring needs of chain.Extract(response), reusing `parser` as
// above: the answer's text, in `*answer`, and the chain position of the
// extractor that found it, in `*index`. Returns false, leaving both alone,
// when no extractor finds one. Scoring calls this on every sample: it hands
// over two fields where an Extraction, just written by the extractor, would
// be copied whole through the stack, and such a copy reads 16 bytes at once
// that were written 8 or 4 at a time, which stalls store-to-load forwarding
// (about half of a GSM8K batch's 6% in the chain walk and the correctness
// component, in the wall-clock profile of docs/performance.md).
bool FindAnswer(const ExtractorChain& chain, std::string_view response,
                simdjson::dom::parser& parser, std::string_view* answer, int* index);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_EXTRACT_INTERNAL_H_
