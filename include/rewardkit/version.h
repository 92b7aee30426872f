// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// File: rewardkit/version.h
// -----------------------------------------------------------------------------
// The library's version, at compile time and at run time.

#ifndef REWARDKIT_VERSION_H_
#define REWARDKIT_VERSION_H_

#define RK_VERSION_MAJOR 0
#define RK_VERSION_MINOR 1
#define RK_VERSION_PATCH 0
#define RK_VERSION_NUMBER (RK_VERSION_MAJOR * 10000 + RK_VERSION_MINOR * 100 + RK_VERSION_PATCH)
#define RK_VERSION_STRING "0.1.0"

namespace rewardkit {

// Returns RK_VERSION_NUMBER of the library actually linked.
int VersionNumber();
// Returns RK_VERSION_STRING of the library actually linked.
const char* VersionString();

}  // namespace rewardkit

#endif  // REWARDKIT_VERSION_H_
