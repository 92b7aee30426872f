// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// rewardkit/rk.h as C++ sees it, next to the C++ headers: both define the
// version macros, and they must agree (an identical redefinition is not even
// a warning; a different one fails this build).

#include "rewardkit/rk.h"
#include "rewardkit/evaluator.h"
#include "rewardkit/version.h"

static_assert(RK_VERSION_NUMBER == RK_VERSION_MAJOR * 10000 + RK_VERSION_MINOR * 100 +
                                       RK_VERSION_PATCH);
static_assert(sizeof(rk_status) == 4);
static_assert(RK_OK == 0 && RK_UNAUTHENTICATED == 16 && RK_INVALID_UTF8 == 100);

int main() {
  rk_sample sample = RK_SAMPLE_INIT;
  return sample.version == RK_SAMPLE_VERSION && rk_version_number() == RK_VERSION_NUMBER &&
                 rewardkit::VersionNumber() == RK_VERSION_NUMBER
             ? 0
             : 1;
}
