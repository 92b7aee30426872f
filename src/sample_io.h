// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Reading one service sample (the shapes of docs/input.md) from its DOM.

#ifndef REWARDKIT_SRC_SAMPLE_IO_H_
#define REWARDKIT_SRC_SAMPLE_IO_H_

#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/evaluator.h"
#include "simdjson.h"

namespace rewardkit::internal {

// Where the fields of one sample were found: `sample`, ready to be scored
// as it is, whose views point into the parsed document, or into
// `reference_text`, `group` and the caller's `joined` buffer.
struct SampleFields {
  Sample sample;
  std::string reference_text;  // a numeric reference, as text
  std::string group;  // "group_id" or "uid" as JSON text, when the sample has one
  std::vector<std::string> errors;  // every field at fault, as "pointer: message"

  // Makes these the fields of no sample, keeping the storage.
  void Reset() {
    sample = Sample();
    reference_text.clear();
    group.clear();
    errors.clear();
  }
};

// Reads the sample at `root` into `*fields`, which the caller has Reset().
// Sets `*id` to the id's JSON text, `default_id` when the sample has none
// and `default_id` is not empty, or "null"; `joined` receives the text parts
// of a multi-part message.
void ReadSample(simdjson::dom::element root, const InputOptions& input,
                std::string_view default_id, std::string* joined, std::string* id,
                SampleFields* fields);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_SAMPLE_IO_H_
