/* Copyright 2026 The rewardkit Authors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A program outside rewardkit's tree, built against the installed package
 * (find_package or pkg-config): scores one right and one wrong answer with
 * the installed gsm8k spec through the C interface and prints the scores. */

#include <rewardkit/rk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* ReadAll(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* text = NULL;
  long size = 0;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = malloc((size_t)size + 1);
    if (text != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
      free(text);
      text = NULL;
    }
  }
  fclose(f);
  if (text != NULL) *len = (size_t)size;
  return text;
}

static double Score(const rk_evaluator* ev, rk_context* ctx, rk_result* res, const char* response,
                    const char* reference) {
  rk_sample s = RK_SAMPLE_INIT;
  s.response = response;
  s.response_len = strlen(response);
  s.reference = reference;
  s.reference_len = strlen(reference);
  return rk_score(ev, ctx, &s, res, NULL) == RK_OK ? rk_result_score(res) : -99;
}

int main(int argc, char** argv) {
  size_t len = 0;
  char* spec = NULL;
  rk_evaluator* ev = NULL;
  rk_context* ctx = NULL;
  rk_result* res = NULL;
  rk_error* err = NULL;
  double right = 0;
  double wrong = 0;
  if (argc != 2 || (spec = ReadAll(argv[1], &len)) == NULL) {
    fprintf(stderr, "usage: consumer SPEC.json (a readable file)\n");
    return 2;
  }
  if (rk_evaluator_create(spec, len, &ev, &err) != RK_OK) {
    fprintf(stderr, "consumer: %s\n", rk_error_message(err, NULL));
    rk_error_free(err);
    free(spec);
    return 1;
  }
  free(spec);
  if (rk_context_create(&ctx, NULL) != RK_OK || rk_result_create(&res, NULL) != RK_OK) return 1;
  right = Score(ev, ctx, res, "16 - 3 - 4 = 9 eggs, 9 * 2 = 18.\n#### 18", "18");
  wrong = Score(ev, ctx, res, "She makes 20 dollars.\n#### 20", "18");
  printf("rewardkit %s (ABI %d): right %g, wrong %g\n", rk_version_string(), rk_abi_version(),
         right, wrong);
  rk_result_free(res);
  rk_context_free(ctx);
  rk_evaluator_free(ev);
  return right == 1.0 && wrong == 0.0 ? 0 : 1;
}
