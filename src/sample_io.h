// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Reading one service sample (the shapes of docs/input.md) from its DOM.

#ifndef REWARDKIT_SRC_SAMPLE_IO_H_
#define REWARDKIT_SRC_SAMPLE_IO_H_

#include <algorithm>
#include <cstddef>
#include <cstring>
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

// Reads the sample at `root` when it is a flat sample whose fields are all
// good, {"id", "response", "reference_answer"} and members no reader reads:
// an integer or string id, a string response and a string reference that
// is not blank. Sets `*id` as ReadSample does, and the response and the
// reference of `*sample` (a default Sample), to what ReadSample would read.
// Returns false, having set nothing to rely on, for any other sample
// (another shape, a member ReadSample reads besides these, one of these
// twice, a field of another type or at fault): ReadSample reads it then.
// ReadSample's work for the commonest sample, without its generality.
bool ReadGoodFlatSample(simdjson::dom::element root, std::string* id, Sample* sample);

// Puts an id's JSON text at `p`; returns the end. An id is most often a few
// digits: when its buffer holds sixteen bytes (a std::string's buffer is its
// capacity and a NUL), it is copied as one fixed sixteen-byte block, not by
// a call to memcpy for a few bytes. `p` needs room for sixteen bytes however
// short the id; what follows overwrites the rest.
inline char* PutId(char* p, const std::string& id) {
  if (id.size() <= 16 && id.capacity() >= 15) {
    std::memcpy(p, id.data(), 16);
  } else {
    std::memcpy(p, id.data(), id.size());
  }
  return p + id.size();
}

// Writes a response array, the results' JSON, to a string through a buffer,
// so that a result is not an append of its own: room for each result is
// asked of Begin and the result written there, or, when the buffer could
// not hold it (or it is better written by AppendResultJson), by Write.
class ResponseWriter {
 public:
  explicit ResponseWriter(std::string* out) : out_(out) { buffer_[used_++] = '['; }
  ResponseWriter(const ResponseWriter&) = delete;
  ResponseWriter& operator=(const ResponseWriter&) = delete;

  // Where to write a result of at most `bound` bytes (whatever the writing
  // overruns included), the separating comma written; null, with nothing
  // written, when the buffer could never hold that much: then Write it.
  char* Begin(size_t bound) {
    // One byte more for the comma.
    if (bound + 1 > sizeof buffer_ - used_) {
      Flush();
      if (bound + 1 > sizeof buffer_) return nullptr;
    }
    if (!first_) buffer_[used_++] = ',';
    first_ = false;
    return buffer_ + used_;
  }
  // The end of the result written at Begin's pointer.
  void End(char* end) { used_ = static_cast<size_t>(end - buffer_); }
  // Appends `result` as AppendResultJson does.
  void Write(const Result& result, const OutputOptions& options);
  // Ends the array and flushes it to the string.
  void Close() {
    if (used_ == sizeof buffer_) Flush();
    buffer_[used_++] = ']';
    Flush();
  }

 private:
  void Flush() {
    out_->append(buffer_, used_);
    used_ = 0;
  }

  std::string* out_;
  char buffer_[8192];
  size_t used_ = 0;
  bool first_ = true;
};

// A result object's text after its id, shared by every result that has it:
// made once, then written after each one's id.
class ResultTail {
 public:
  ResultTail() = default;
  explicit ResultTail(std::string_view text) : text_(text) {}

  const std::string& text() const { return text_; }
  // The most bytes Write writes for `id`, PutId's overrun included.
  size_t Bound(const std::string& id) const {
    return kIdKey.size() + std::max<size_t>(id.size(), 16) + text_.size();
  }
  // Writes {"id":, `id` and the tail at `p`; returns the end.
  char* Write(const std::string& id, char* p) const {
    std::memcpy(p, kIdKey.data(), kIdKey.size());
    p = PutId(p + kIdKey.size(), id);
    std::memcpy(p, text_.data(), text_.size());
    return p + text_.size();
  }

  static constexpr std::string_view kIdKey = "{\"id\":";

 private:
  std::string text_;
};

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_SAMPLE_IO_H_
