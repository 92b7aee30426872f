// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// What the commands that score files share: loading a spec, loading and
// splitting inputs, scoring them on threads in input order, and progress.

#ifndef REWARDKIT_SRC_CLI_BATCH_H_
#define REWARDKIT_SRC_CLI_BATCH_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rewardkit/evaluator.h"

namespace rewardkit::cli {

// Loads and compiles a spec; on failure prints every error, indented, as
// "rewardkit COMMAND: invalid spec PATH:" and returns null.
std::unique_ptr<Evaluator> LoadSpec(const std::string& command, const std::string& path);

// One sample of the inputs.
struct Item {
  BatchItem batch;
  size_t input = 0;  // index into Inputs::paths
};

struct Inputs {
  std::vector<std::string> paths;
  std::vector<std::string> texts;  // the items' views point into these
  std::vector<Item> items;
};

// Reads and splits every input ("-" is standard input). On failure sets
// `*error` naming the file and returns false.
bool LoadInputs(const std::vector<std::string>& paths, Inputs* out, std::string* error);

// How an input is named in messages: "-" is standard input.
std::string DisplayName(const std::string& path);

struct RunOptions {
  int threads = 1;            // 0: one per core
  bool id_from_line = false;  // a sample without an id takes its line number
  bool progress = false;      // show progress on standard error
  // Score each sample's reference, written the way the spec expects an
  // answer, instead of its response (validate-references).
  bool score_references = false;
};

// Returns the number of threads `threads` asks for (0: one per core).
int ThreadCount(int threads);

// Scores every item in input order, in blocks; `on_block(first, block)`
// receives the results of items [first, first + block.size()) in order, on
// the calling thread. A block's results may be moved from.
void RunBatch(const Evaluator& evaluator, const Inputs& inputs, const RunOptions& options,
              const std::function<void(size_t first, std::vector<Result>& block)>& on_block);

// Shows "scoring N / M samples (P%)" on standard error at most ten times a
// second, and erases it when done.
class Progress {
 public:
  Progress(bool enabled, size_t total) : enabled_(enabled), total_(total) {}
  void Update(size_t done);
  void Done();

 private:
  bool enabled_;
  size_t total_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// Formats n / total as a percentage, truncated (not rounded) to one decimal,
// so that 5,274 of 5,276 does not read as 100.0%; "-" when total is 0.
std::string Percent(size_t n, size_t total);

}  // namespace rewardkit::cli

#endif  // REWARDKIT_SRC_CLI_BATCH_H_
