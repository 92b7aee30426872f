// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The rewardkit command-line tool: shared pieces of its commands.

#ifndef REWARDKIT_SRC_CLI_CLI_H_
#define REWARDKIT_SRC_CLI_CLI_H_

#include <string>
#include <string_view>
#include <vector>

namespace rewardkit::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSampleErrors = 1;  // score --fail-on-error; validate-references failures
inline constexpr int kExitUsage = 2;         // bad flags, unreadable file, invalid spec

// Reads a whole file ("-" is standard input) into `*out`; on failure returns
// false and sets `*error` to a message naming the file.
bool ReadInputFile(const std::string& path, std::string* out, std::string* error);

// Formats 1234567 as "1,234,567".
std::string WithCommas(size_t n);

int ScoreCommand(const std::vector<std::string_view>& args);
int ReportCommand(const std::vector<std::string_view>& args);
int ValidateReferencesCommand(const std::vector<std::string_view>& args);
int CheckSpecCommand(const std::vector<std::string_view>& args);

}  // namespace rewardkit::cli

#endif  // REWARDKIT_SRC_CLI_CLI_H_
