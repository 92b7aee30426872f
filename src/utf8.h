// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// UTF-8 validation, for error messages that say where input went wrong.

#ifndef REWARDKIT_SRC_UTF8_H_
#define REWARDKIT_SRC_UTF8_H_

#include <cstddef>
#include <string_view>

namespace rewardkit::internal {

// Returns the byte offset of the first byte that does not start a valid UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF are
// invalid), or npos when all of `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_UTF8_H_
