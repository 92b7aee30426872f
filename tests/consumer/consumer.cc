// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A C++ program outside rewardkit's tree using the installed C++ library
// (rewardkit::rewardkit) through find_package.

#include <cstdio>
#include <fstream>
#include <sstream>

#include "rewardkit/evaluator.h"
#include "rewardkit/version.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1]);
  std::stringstream spec;
  spec << in.rdbuf();
  auto evaluator = rewardkit::Evaluator::Create(spec.str());
  if (!evaluator.ok()) {
    std::fprintf(stderr, "consumer_cxx: %s\n", std::string(evaluator.status().message()).c_str());
    return 1;
  }
  rewardkit::Context context;
  rewardkit::Sample sample;
  sample.response = "16 - 3 - 4 = 9 eggs, 9 * 2 = 18.\n#### 18";
  sample.reference = "18";
  rewardkit::Result result;
  (*evaluator)->Score(sample, context, &result);
  std::printf("rewardkit %s (C++): %g\n", rewardkit::VersionString(), result.aggregate);
  return result.aggregate == 1.0 ? 0 : 1;
}
