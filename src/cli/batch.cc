// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "cli/batch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "cli/cli.h"
#include "fmt/format.h"

namespace rewardkit::cli {

std::unique_ptr<Evaluator> LoadSpec(const std::string& command, const std::string& path) {
  std::string text;
  std::string error;
  if (!ReadInputFile(path, &text, &error)) {
    std::fprintf(stderr, "rewardkit %s: %s\n", command.c_str(), error.c_str());
    return nullptr;
  }
  auto evaluator = Evaluator::Create(text);
  if (!evaluator.ok()) {
    std::string message(evaluator.status().message());
    std::string indented;
    for (size_t start = 0; start < message.size();) {
      size_t end = message.find('\n', start);
      if (end == std::string::npos) end = message.size();
      indented += "  " + message.substr(start, end - start) + "\n";
      start = end + 1;
    }
    std::fprintf(stderr, "rewardkit %s: invalid spec %s:\n%s", command.c_str(), path.c_str(),
                 indented.c_str());
    return nullptr;
  }
  return *std::move(evaluator);
}

bool LoadInputs(const std::vector<std::string>& paths, Inputs* out, std::string* error) {
  out->paths = paths;
  out->texts.assign(paths.size(), std::string());
  out->items.clear();
  for (size_t i = 0; i < paths.size(); ++i) {
    if (!ReadInputFile(paths[i], &out->texts[i], error)) return false;
    for (BatchItem& b : SplitBatch(out->texts[i])) out->items.push_back({std::move(b), i});
  }
  return true;
}

std::string DisplayName(const std::string& path) { return path == "-" ? "standard input" : path; }

int ThreadCount(int threads) {
  return threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))
                      : std::max(1, threads);
}

void RunBatch(const Evaluator& evaluator, const Inputs& inputs, const RunOptions& options,
              const std::function<void(size_t first, std::vector<Result>& block)>& on_block) {
  const int threads = ThreadCount(options.threads);
  const auto& items = inputs.items;
  Progress progress(options.progress, items.size());
  std::vector<std::unique_ptr<Context>> contexts;
  for (int t = 0; t < threads; ++t) contexts.push_back(std::make_unique<Context>());

  auto score_one = [&](Context& context, const Item& item, Result* r) {
    std::string default_id = options.id_from_line ? std::to_string(item.batch.line) : "";
    if (options.score_references) {
      evaluator.ScoreReference(item.batch.json, default_id, context, r);
    } else {
      evaluator.ScoreSample(item.batch.json, default_id, context, r);
    }
    if (!item.batch.error.empty()) {
      // The element could not be delimited (an unclosed array, text after
      // it): an error even if its text happens to parse, but keep its id.
      evaluator.SetError(r->error.empty() ? item.batch.error : item.batch.error + "; " + r->error,
                         r);
    }
  };

  constexpr size_t kBlock = 2048;
  std::vector<Result> block;
  for (size_t base = 0; base < items.size(); base += kBlock) {
    const size_t n = std::min(kBlock, items.size() - base);
    block.resize(n);
    if (threads <= 1 || n < 64) {
      for (size_t k = 0; k < n; ++k) score_one(*contexts[0], items[base + k], &block[k]);
    } else {
      std::vector<std::thread> pool;
      const size_t per = (n + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
      for (size_t t = 0; t < static_cast<size_t>(threads); ++t) {
        const size_t lo = t * per;
        const size_t hi = std::min(n, lo + per);
        if (lo >= hi) break;
        pool.emplace_back([&, t, lo, hi] {
          for (size_t k = lo; k < hi; ++k) score_one(*contexts[t], items[base + k], &block[k]);
        });
      }
      for (auto& th : pool) th.join();
    }
    on_block(base, block);
    progress.Update(base + n);
  }
  progress.Done();
}

void Progress::Update(size_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::fprintf(stderr, "\r  scoring %s / %s samples (%s)", WithCommas(done).c_str(),
               WithCommas(total_).c_str(), Percent(done, total_).c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::Done() {
  if (shown_) std::fputs("\r\033[K", stderr);
}

std::string Percent(size_t n, size_t total) {
  if (total == 0) return "-";
  double tenths = std::floor(1000.0 * static_cast<double>(n) / static_cast<double>(total));
  return fmt::format("{:.1f}%", tenths / 10.0);
}

}  // namespace rewardkit::cli
