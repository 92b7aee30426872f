// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "rewardkit/version.h"

namespace rewardkit {

int VersionNumber() { return RK_VERSION_NUMBER; }
const char* VersionString() { return RK_VERSION_STRING; }

}  // namespace rewardkit
