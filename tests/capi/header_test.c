/* Copyright 2026 The rewardkit Authors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * rewardkit/rk.h as a C program sees it: this file is compiled as C99 with
 * -Wall -Wextra -pedantic -Werror, and run, so the header is plain C and
 * its macros and initializers work from C. */

#include "rewardkit/rk.h"

#include <stdio.h>
#include <string.h>

static int failures = 0;

#define EXPECT(cond)                                                 \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

static const char kSpec[] =
    "{\"version\":\"rewardkit/v1\",\"name\":\"c99\",\"components\":[{\"type\":\"correctness\","
    "\"extract\":{\"extractors\":[{\"type\":\"marker\",\"markers\":[\"####\"]}]},"
    "\"compare\":{\"type\":\"numeric\"}}]}";

int main(void) {
  rk_evaluator* ev = NULL;
  rk_context* ctx = NULL;
  rk_result* res = NULL;
  rk_error* err = NULL;
  rk_sample sample = RK_SAMPLE_INIT;
  size_t len = 0;
  const char* text = NULL;

  EXPECT(rk_version_number() == RK_VERSION_NUMBER);
  EXPECT(strcmp(rk_version_string(), RK_VERSION_STRING) == 0);
  EXPECT(rk_abi_version() == RK_ABI_VERSION);
  EXPECT(sample.version == RK_SAMPLE_VERSION);
  EXPECT(strcmp(rk_status_name(RK_INVALID_UTF8), "INVALID_UTF8") == 0);

  if (rk_evaluator_create(kSpec, sizeof(kSpec) - 1, &ev, &err) != RK_OK) {
    fprintf(stderr, "rk_evaluator_create: %s\n", rk_error_message(err, NULL));
    rk_error_free(err);
    return 1;
  }
  EXPECT(rk_context_create(&ctx, NULL) == RK_OK);
  EXPECT(rk_result_create(&res, NULL) == RK_OK);

  sample.response = "3 + 4 = 7 apples\n#### 7";
  sample.response_len = strlen(sample.response);
  sample.reference = "7";
  sample.reference_len = 1;
  EXPECT(rk_score(ev, ctx, &sample, res, &err) == RK_OK);
  EXPECT(rk_result_score(res) == 1.0);
  EXPECT(rk_result_correct(res));
  text = rk_result_answer(res, &len);
  EXPECT(len == 1 && text[0] == '7' && text[1] == '\0');
  EXPECT(rk_result_metric_type(res, 0) == RK_METRIC_REWARD);

  sample.reference = "8";
  EXPECT(rk_score(ev, ctx, &sample, res, &err) == RK_OK);
  EXPECT(rk_result_score(res) == 0.0);

  sample.response = "\xff";
  sample.response_len = 1;
  EXPECT(rk_score(ev, ctx, &sample, res, &err) == RK_INVALID_UTF8);
  EXPECT(err != NULL && rk_error_code(err) == RK_INVALID_UTF8);
  rk_error_free(err);

  rk_result_free(res);
  rk_context_free(ctx);
  rk_evaluator_free(ev);
  if (failures == 0) printf("rk.h works from C99\n");
  return failures == 0 ? 0 : 1;
}
