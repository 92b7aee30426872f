// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The rewardkit command-line tool.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli.h"
#include "rewardkit/version.h"

namespace rewardkit::cli {

bool ReadInputFile(const std::string& path, std::string* out, std::string* error) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    *out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    *error = "cannot read " + path;
    return false;
  }
  *out = ss.str();
  return true;
}

std::string WithCommas(size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

namespace {

constexpr std::string_view kUsage =
    R"(rewardkit - fast, exact reward functions for reinforcement fine-tuning

Usage:
  rewardkit score --spec SPEC [options] [INPUT ...]
  rewardkit report --spec SPEC [options] [INPUT ...]
  rewardkit validate-references --spec SPEC [options] [INPUT ...]
  rewardkit check-spec SPEC
  rewardkit version
  rewardkit help [COMMAND]

Commands:
  score                Score samples (JSON Lines or a JSON array) with a reward
                       spec and write one result per sample, in order, in the
                       shape Amazon Bedrock and SageMaker reward functions return.
  report               The distribution of the reward and of each component:
                       histogram, mean, std, p50/p90, zero fraction, extractors.
  validate-references  Score each sample's own reference answer as its response
                       and list every sample where it does not get full credit.
  check-spec           Validate a spec and print what it computes.
  version              Print the version.
  help                 Print this help, or a command's full help.

Run 'rewardkit help COMMAND' for a command's options.
Docs: docs/README.md in the source tree.
)";

}  // namespace
}  // namespace rewardkit::cli

int main(int argc, char** argv) {
  using namespace rewardkit::cli;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage.data(), stderr);
    return kExitUsage;
  }
  std::string_view command = args[0];
  std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (command == "-h" || command == "--help" || command == "help") {
    if (!rest.empty() && rest[0] == "score") return ScoreCommand({"--help"});
    if (!rest.empty() && rest[0] == "report") return ReportCommand({"--help"});
    if (!rest.empty() && rest[0] == "validate-references") {
      return ValidateReferencesCommand({"--help"});
    }
    if (!rest.empty() && rest[0] == "check-spec") return CheckSpecCommand({"--help"});
    std::fputs(kUsage.data(), stdout);
    return kExitOk;
  }
  if (command == "version" || command == "--version") {
    std::printf("rewardkit %s\n", rewardkit::VersionString());
    return kExitOk;
  }
  if (command == "score") return ScoreCommand(rest);
  if (command == "report") return ReportCommand(rest);
  if (command == "validate-references") return ValidateReferencesCommand(rest);
  if (command == "check-spec") return CheckSpecCommand(rest);
  std::fprintf(stderr, "rewardkit: unknown command '%.*s'\n\n%s", static_cast<int>(command.size()),
               command.data(), kUsage.data());
  return kExitUsage;
}
