// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// UTF-8 validation, for error messages that say where input went wrong.

#ifndef REWARDKIT_SRC_UTF8_H_
#define REWARDKIT_SRC_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace rewardkit::internal {

// An invalid UTF-8 byte b decodes to kInvalidUtf8Base + b: above every code
// point, and equal only to the same invalid byte.
inline constexpr char32_t kInvalidUtf8Base = 0x110000;

// Decodes the UTF-8 sequence at text[i] (i < text.size()) into `*cp` and
// returns its length in bytes. An invalid byte (a stray continuation byte, a
// truncated sequence, an overlong form, a surrogate, a value past U+10FFFF)
// is a sequence of length 1 decoding to kInvalidUtf8Base + the byte.
size_t DecodeUtf8(std::string_view text, size_t i, char32_t* cp);

// Appends code point `cp` (at most U+10FFFF) to `*out` as UTF-8.
void AppendUtf8(char32_t cp, std::string* out);

// Returns the byte offset of the first byte that does not start a valid UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF are
// invalid), or npos when all of `text` is valid.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace rewardkit::internal

#endif  // REWARDKIT_SRC_UTF8_H_
