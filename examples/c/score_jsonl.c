/* Copyright 2026 The rewardkit Authors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * File: examples/c/score_jsonl.c
 * -----------------------------------------------------------------------------
 *
 * Scores a file of service samples through rewardkit's C ABI alone
 * (rewardkit/rk.h and the C standard library, C99):
 *
 *   score_jsonl examples/specs/gsm8k.json examples/data/gsm8k_bedrock.jsonl
 *
 * writes one result object per line on standard output, exactly as
 * `rewardkit score -q` does, and a summary on standard error.
 *
 * JSON Lines are read and scored in chunks of whole lines, so that memory
 * stays bounded however big the file is: each chunk goes to
 * rk_score_batch_json (with RK_BATCH_JSON_LINES) and the JSON array it
 * returns is split into one line per result. A file whose first non-blank
 * character is '[' is one JSON array, scored in one call.
 *
 * When a chunk has samples that could not be scored, it is scored again with
 * RK_BATCH_EXPLAIN, whose "details" say why, and each is reported on standard
 * error with its line.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rewardkit/rk.h"

#define DEFAULT_CHUNK_LINES 1000
/* A chunk is also scored once it holds this many bytes, however few lines. */
#define CHUNK_BYTES_LIMIT ((size_t)16 << 20)

enum {
  EXIT_OK = 0,      /* every sample got its result (some may be errors) */
  EXIT_FAILED = 1,  /* scoring or writing the results failed midway */
  EXIT_BAD_INPUT = 2 /* bad usage, an unreadable file, an invalid spec */
};

static const char* const kProgram = "score_jsonl";

static void print_usage(FILE* out) {
  fprintf(out,
          "Usage: %s [-n LINES] SPEC.json INPUT.jsonl\n"
          "\n"
          "Scores every sample of INPUT (JSON Lines, or one JSON array; '-' reads\n"
          "standard input) with the reward function of SPEC, through rewardkit's C\n"
          "ABI, and writes one result per sample, in input order, as JSON Lines on\n"
          "standard output. A summary (samples, mean score, samples with an error)\n"
          "and one line per sample that could not be scored go to standard error.\n"
          "\n"
          "Options:\n"
          "  -n, --chunk-lines N  Score JSON Lines N lines at a time (default %d);\n"
          "                       0 scores the whole file in one batch. A spec with\n"
          "                       \"normalize\" normalizes within each batch, so use\n"
          "                       -n 0 to normalize across the file.\n"
          "  -h, --help           Show this help.\n"
          "\n"
          "Exit status: 0 when every sample got its result (even samples that could\n"
          "not be scored: they have the spec's error score and an \"error\" metric),\n"
          "1 when scoring or writing the results failed midway, 2 for bad usage, an\n"
          "unreadable file or an invalid spec.\n",
          kProgram, DEFAULT_CHUNK_LINES);
}

/* -------------------------------------------------------------------------
 * Growable byte strings
 * ------------------------------------------------------------------------- */

typedef struct {
  char* data;
  size_t len;
  size_t cap;
} text;

/* Returns 0, or -1 when out of memory (then `t` is unchanged). */
static int text_append(text* t, const char* bytes, size_t n) {
  if (n > t->cap - t->len) {
    size_t cap = t->cap ? t->cap : 4096;
    char* data;
    while (n > cap - t->len) {
      if (cap > ((size_t)-1) / 2) return -1;
      cap *= 2;
    }
    data = (char*)realloc(t->data, cap);
    if (data == NULL) return -1;
    t->data = data;
    t->cap = cap;
  }
  if (n > 0) memcpy(t->data + t->len, bytes, n);
  t->len += n;
  return 0;
}

static void text_free(text* t) {
  free(t->data);
  t->data = NULL;
  t->len = t->cap = 0;
}

/* -------------------------------------------------------------------------
 * Reading lines (any length, NUL bytes included)
 * ------------------------------------------------------------------------- */

typedef struct {
  FILE* file;
  size_t pos;
  size_t len;
  char block[1 << 16];
} line_reader;

/* Appends the next line, with its '\n' when it has one, to `out`. Returns 1
 * for a line, 0 at the end of the file, -1 on a read error (errno set) and -2
 * when out of memory. */
static int read_line(line_reader* r, text* out) {
  int got = 0;
  for (;;) {
    const char* start;
    const char* newline;
    size_t n;
    if (r->pos == r->len) {
      r->pos = 0;
      r->len = fread(r->block, 1, sizeof r->block, r->file);
      if (r->len == 0) {
        if (ferror(r->file)) return -1;
        return got;
      }
    }
    start = r->block + r->pos;
    newline = (const char*)memchr(start, '\n', r->len - r->pos);
    n = newline ? (size_t)(newline - start) + 1 : r->len - r->pos;
    if (text_append(out, start, n) != 0) return -2;
    r->pos += n;
    got = 1;
    if (newline) return 1;
  }
}

/* The first character of `s[0, len)` that is not JSON whitespace, or 0. */
static char first_non_blank(const char* s, size_t len) {
  size_t i;
  for (i = 0; i < len; ++i) {
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return s[i];
  }
  return 0;
}

/* Reads all of `path` into `out`; on failure, says why on stderr. */
static int read_file(const char* path, text* out) {
  FILE* f = fopen(path, "rb");
  char block[1 << 16];
  size_t n;
  if (f == NULL) {
    fprintf(stderr, "%s: %s: cannot open: %s\n", kProgram, path, strerror(errno));
    return -1;
  }
  while ((n = fread(block, 1, sizeof block, f)) > 0) {
    if (text_append(out, block, n) != 0) {
      fprintf(stderr, "%s: %s: out of memory\n", kProgram, path);
      fclose(f);
      return -1;
    }
  }
  if (ferror(f)) {
    fprintf(stderr, "%s: %s: cannot read: %s\n", kProgram, path, strerror(errno));
    fclose(f);
    return -1;
  }
  fclose(f);
  return 0;
}

/* Prints a failed call's error, "PROGRAM: WHERE: WHAT (CODE): MESSAGE", with
 * a message of several lines (an invalid spec's, one per bad field) indented
 * below, and frees it. */
static void report_error(const char* where, const char* what, rk_status status, rk_error* error) {
  const char* message = error ? rk_error_message(error, NULL) : "";
  const char* newline = strchr(message, '\n');
  if (newline == NULL) {
    fprintf(stderr, "%s: %s: %s (%s): %s\n", kProgram, where, what, rk_status_name(status),
            message);
  } else {
    const char* line = message;
    fprintf(stderr, "%s: %s: %s (%s):\n", kProgram, where, what, rk_status_name(status));
    while (*line != '\0') {
      size_t n;
      newline = strchr(line, '\n');
      n = newline ? (size_t)(newline - line) : strlen(line);
      fprintf(stderr, "  %.*s\n", (int)n, line);
      line += n + (newline ? 1 : 0);
    }
  }
  rk_error_free(error);
}

/* -------------------------------------------------------------------------
 * Reading the results: a scanner for the library's JSON output
 * ------------------------------------------------------------------------- */

static const char* skip_ws(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
  return p;
}

/* Returns the end of the JSON value at `p` (tracking strings and nesting), or
 * NULL when there is none. */
static const char* skip_value(const char* p, const char* end) {
  int depth = 0;
  p = skip_ws(p, end);
  if (p == end) return NULL;
  do {
    if (*p == '"') {
      for (++p; p < end && *p != '"'; ++p) {
        if (*p == '\\') ++p;
      }
      if (p >= end) return NULL;
      ++p;
    } else if (*p == '{' || *p == '[') {
      ++depth;
      ++p;
    } else if (*p == '}' || *p == ']') {
      if (--depth < 0) return NULL;
      ++p;
    } else if (depth > 0) {
      ++p;
    } else {
      /* A number, true, false or null. */
      while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n') ++p;
    }
  } while (depth > 0 && p < end);
  return depth == 0 ? p : NULL;
}

/* Steps through the elements of the JSON array `[*p, end)`: call with `*p`
 * at the '['; each call sets `[*elem, *elem_end)` and returns 1, then 0 after
 * the last one, -1 when the text is not an array. */
static int next_element(const char** p, const char* end, const char** elem,
                        const char** elem_end) {
  const char* q = skip_ws(*p, end);
  if (q == end) return -1;
  if (*q == '[') {
    q = skip_ws(q + 1, end);
    if (q < end && *q == ']') {
      *p = end;
      return 0;
    }
  } else if (*q == ',') {
    q = skip_ws(q + 1, end);
  } else if (*q == ']') {
    *p = end;
    return 0;
  } else {
    return -1;
  }
  *elem = q;
  *elem_end = skip_value(q, end);
  if (*elem_end == NULL) return -1;
  *p = *elem_end;
  return 1;
}

/* Finds the member `key` (a plain ASCII key) of the JSON object
 * `[obj, end)` and sets `[*value, *value_end)`. Returns 1 when found. */
static int find_member(const char* obj, const char* end, const char* key, const char** value,
                       const char** value_end) {
  size_t key_len = strlen(key);
  const char* p = skip_ws(obj, end);
  if (p == end || *p != '{') return 0;
  p = skip_ws(p + 1, end);
  while (p < end && *p == '"') {
    const char* name = p + 1;
    const char* name_end = skip_value(p, end);
    const char* v;
    const char* v_end;
    if (name_end == NULL) return 0;
    p = skip_ws(name_end, end);
    if (p == end || *p != ':') return 0;
    v = skip_ws(p + 1, end);
    v_end = skip_value(v, end);
    if (v_end == NULL) return 0;
    if ((size_t)(name_end - 1 - name) == key_len && memcmp(name, key, key_len) == 0) {
      *value = v;
      *value_end = v_end;
      return 1;
    }
    p = skip_ws(v_end, end);
    if (p < end && *p == ',') p = skip_ws(p + 1, end);
  }
  return 0;
}

/* The result's "aggregate_reward_score". */
static double result_score(const char* obj, const char* end) {
  const char* v;
  const char* v_end;
  if (!find_member(obj, end, "aggregate_reward_score", &v, &v_end)) return 0.0;
  /* The number is followed by ',' or '}', which stop strtod. */
  return strtod(v, NULL);
}

/* Finds the metric `name` (a plain ASCII name) in the result's
 * "metrics_list" and sets `*value`. Returns 1 when found. */
static int result_metric(const char* obj, const char* end, const char* name, double* value) {
  size_t name_len = strlen(name);
  const char* list;
  const char* list_end;
  const char* metric;
  const char* metric_end;
  const char* p;
  if (!find_member(obj, end, "metrics_list", &list, &list_end)) return 0;
  p = list;
  while (next_element(&p, list_end, &metric, &metric_end) == 1) {
    const char* v;
    const char* v_end;
    if (find_member(metric, metric_end, "name", &v, &v_end) &&
        (size_t)(v_end - v) == name_len + 2 && memcmp(v + 1, name, name_len) == 0 &&
        find_member(metric, metric_end, "value", &v, &v_end)) {
      *value = strtod(v, NULL);
      return 1;
    }
  }
  return 0;
}

/* Whether the result's "error" metric is set: the sample could not be scored. */
static int result_has_error(const char* obj, const char* end) {
  double value = 0.0;
  return result_metric(obj, end, "error", &value) && value != 0.0;
}

/* Prints the JSON string `[s, end)` (with its quotes) unescaped; \uXXXX
 * escapes stay as they are. */
static void print_json_string(FILE* out, const char* s, const char* end) {
  if (s < end && *s == '"') ++s;
  if (s < end && end[-1] == '"') --end;
  for (; s < end; ++s) {
    if (*s == '\\' && s + 1 < end) {
      char c = *++s;
      switch (c) {
        case 'n': fputc('\n', out); break;
        case 't': fputc('\t', out); break;
        case 'r': fputc('\r', out); break;
        case 'b': fputc('\b', out); break;
        case 'f': fputc('\f', out); break;
        case 'u': fputs("\\u", out); break;
        default: fputc(c, out); break; /* '"', '\\', '/' */
      }
    } else {
      fputc(*s, out);
    }
  }
}

/* -------------------------------------------------------------------------
 * Scoring
 * ------------------------------------------------------------------------- */

typedef struct {
  const char* input_path;
  rk_evaluator* evaluator;
  rk_context* context;
  rk_buffer* results;
  rk_buffer* explained; /* the chunk scored again with RK_BATCH_EXPLAIN */
  /* The line number of each sample of the current chunk (JSON Lines only). */
  size_t* lines;
  size_t line_count;
  size_t line_cap;
  /* Totals. */
  size_t chunks;
  size_t samples;
  size_t errors;
  double score_sum;
  int normalized; /* the results carry "raw_reward": the spec normalizes */
} scorer;

/* Says on stderr why each sample of `batch` that has an error could not be
 * scored, from the "details" of an explained scoring. */
static int report_sample_errors(scorer* s, const char* batch, size_t batch_len, size_t first) {
  rk_error* error = NULL;
  rk_status status;
  const char* data;
  const char* end;
  const char* elem;
  const char* elem_end;
  size_t len;
  size_t index = 0;
  status = rk_score_batch_json(s->evaluator, s->context, batch, batch_len,
                               RK_BATCH_JSON_LINES | RK_BATCH_EXPLAIN, s->explained, &error);
  if (status != RK_OK) {
    report_error(s->input_path, "scoring failed", status, error);
    return -1;
  }
  data = rk_buffer_data(s->explained, &len);
  end = data + len;
  while (next_element(&data, end, &elem, &elem_end) == 1) {
    const char* details;
    const char* details_end;
    const char* v;
    const char* v_end;
    if (result_has_error(elem, elem_end)) {
      if (s->line_count > 0 && index < s->line_count) {
        fprintf(stderr, "%s:%lu: sample ", s->input_path, (unsigned long)s->lines[index]);
      } else {
        fprintf(stderr, "%s: element %lu: sample ", s->input_path,
                (unsigned long)(first + index + 1));
      }
      if (find_member(elem, elem_end, "id", &v, &v_end)) {
        fwrite(v, 1, (size_t)(v_end - v), stderr);
      }
      fputs(": ", stderr);
      if (find_member(elem, elem_end, "details", &details, &details_end) &&
          find_member(details, details_end, "error", &v, &v_end)) {
        print_json_string(stderr, v, v_end);
      } else {
        fputs("could not be scored", stderr);
      }
      fputc('\n', stderr);
    }
    ++index;
  }
  return 0;
}

/* Scores one batch (a chunk of JSON Lines, or the whole JSON array), writes
 * one result per line to stdout and adds to the totals. Returns 0, or -1 after
 * saying what failed. */
static int score_batch(scorer* s, const char* batch, size_t batch_len) {
  rk_error* error = NULL;
  rk_status status;
  const char* data;
  const char* p;
  const char* end;
  const char* elem;
  const char* elem_end;
  size_t len;
  size_t count = 0;
  size_t errors = 0;
  int step;

  status = rk_score_batch_json(s->evaluator, s->context, batch, batch_len, RK_BATCH_JSON_LINES,
                               s->results, &error);
  if (status != RK_OK) {
    report_error(s->input_path, "scoring failed", status, error);
    return -1;
  }
  data = rk_buffer_data(s->results, &len);
  end = data + len;
  /* Count first: a chunk's results must match its lines one for one. */
  p = data;
  while ((step = next_element(&p, end, &elem, &elem_end)) == 1) ++count;
  if (step < 0) {
    fprintf(stderr, "%s: %s: the library's results are not a JSON array\n", kProgram,
            s->input_path);
    return -1;
  }
  if (s->line_count > 0 && count != s->line_count) {
    fprintf(stderr,
            "%s: %s: the library returned %lu results for the %lu samples of lines %lu to "
            "%lu\n",
            kProgram, s->input_path, (unsigned long)count, (unsigned long)s->line_count,
            (unsigned long)s->lines[0], (unsigned long)s->lines[s->line_count - 1]);
    return -1;
  }
  p = data;
  while (next_element(&p, end, &elem, &elem_end) == 1) {
    fwrite(elem, 1, (size_t)(elem_end - elem), stdout);
    putchar('\n');
    s->score_sum += result_score(elem, elem_end);
    if (result_has_error(elem, elem_end)) ++errors;
    if (!s->normalized) {
      double raw = 0.0;
      s->normalized = result_metric(elem, elem_end, "raw_reward", &raw);
    }
  }
  if (ferror(stdout)) {
    fprintf(stderr, "%s: writing the results: %s\n", kProgram, strerror(errno));
    return -1;
  }
  if (errors > 0 && report_sample_errors(s, batch, batch_len, s->samples) != 0) return -1;
  s->samples += count;
  s->errors += errors;
  s->chunks += 1;
  return 0;
}

static int add_line_number(scorer* s, size_t line) {
  if (s->line_count == s->line_cap) {
    size_t cap = s->line_cap ? s->line_cap * 2 : 256;
    size_t* lines = (size_t*)realloc(s->lines, cap * sizeof *lines);
    if (lines == NULL) return -1;
    s->lines = lines;
    s->line_cap = cap;
  }
  s->lines[s->line_count++] = line;
  return 0;
}

/* Scores the whole input; returns an exit status. */
static int score_input(scorer* s, FILE* in, size_t chunk_lines) {
  static line_reader reader; /* 64 KiB: not on the stack */
  text chunk = {NULL, 0, 0};
  text line = {NULL, 0, 0};
  size_t line_number = 0;
  int array = -1; /* unknown until the first non-blank line */
  int got;
  int status = EXIT_OK;

  reader.file = in;
  reader.pos = reader.len = 0;
  while ((got = read_line(&reader, &line)) == 1) {
    char first = first_non_blank(line.data, line.len);
    ++line_number;
    if (first == 0) { /* a blank line is not a sample */
      line.len = 0;
      continue;
    }
    if (array < 0) array = first == '[';
    /* A chunk is full at chunk_lines lines (or CHUNK_BYTES_LIMIT bytes), but
     * only ends before a line that does not start with '[': the library takes
     * a batch starting with '[' for a JSON array. */
    if (!array && chunk_lines > 0 && s->line_count > 0 &&
        (s->line_count >= chunk_lines || chunk.len >= CHUNK_BYTES_LIMIT) && first != '[') {
      if (score_batch(s, chunk.data, chunk.len) != 0) {
        status = EXIT_FAILED;
        break;
      }
      chunk.len = 0;
      s->line_count = 0;
    }
    if (text_append(&chunk, line.data, line.len) != 0 ||
        (!array && add_line_number(s, line_number) != 0)) {
      fprintf(stderr, "%s: %s: out of memory at line %lu\n", kProgram, s->input_path,
              (unsigned long)line_number);
      status = EXIT_FAILED;
      break;
    }
    line.len = 0;
  }
  if (got == -1) {
    fprintf(stderr, "%s: %s: cannot read: %s\n", kProgram, s->input_path, strerror(errno));
    status = EXIT_BAD_INPUT;
  } else if (got == -2) {
    fprintf(stderr, "%s: %s: out of memory at line %lu\n", kProgram, s->input_path,
            (unsigned long)line_number + 1);
    status = EXIT_FAILED;
  } else if (status == EXIT_OK && chunk.len > 0) {
    /* The last chunk, or the whole JSON array. */
    if (score_batch(s, chunk.data, chunk.len) != 0) status = EXIT_FAILED;
  }
  text_free(&chunk);
  text_free(&line);
  return status;
}

/* -------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------- */

int main(int argc, char** argv) {
  const char* spec_path = NULL;
  const char* input_path = NULL;
  size_t chunk_lines = DEFAULT_CHUNK_LINES;
  text spec = {NULL, 0, 0};
  rk_error* error = NULL;
  rk_status status;
  scorer s;
  FILE* in;
  int exit_status;
  int i;

  for (i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      print_usage(stdout);
      return EXIT_OK;
    } else if (strcmp(arg, "-n") == 0 || strcmp(arg, "--chunk-lines") == 0) {
      char* end = NULL;
      unsigned long n;
      if (i + 1 == argc) {
        fprintf(stderr, "%s: %s needs a number of lines\n", kProgram, arg);
        return EXIT_BAD_INPUT;
      }
      errno = 0;
      n = strtoul(argv[++i], &end, 10);
      if (errno != 0 || end == argv[i] || *end != '\0' || argv[i][0] == '-') {
        fprintf(stderr, "%s: %s: expected a number of lines, got \"%s\"\n", kProgram, arg,
                argv[i]);
        return EXIT_BAD_INPUT;
      }
      chunk_lines = (size_t)n;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      fprintf(stderr, "%s: unknown option %s (see --help)\n", kProgram, arg);
      return EXIT_BAD_INPUT;
    } else if (spec_path == NULL) {
      spec_path = arg;
    } else if (input_path == NULL) {
      input_path = arg;
    } else {
      fprintf(stderr, "%s: unexpected argument %s (see --help)\n", kProgram, arg);
      return EXIT_BAD_INPUT;
    }
  }
  if (spec_path == NULL || input_path == NULL) {
    print_usage(stderr);
    return EXIT_BAD_INPUT;
  }

  memset(&s, 0, sizeof s);
  s.input_path = strcmp(input_path, "-") == 0 ? "<stdin>" : input_path;

  /* The evaluator: compiled once, shareable by threads (this program has one). */
  if (read_file(spec_path, &spec) != 0) return EXIT_BAD_INPUT;
  status = rk_evaluator_create(spec.data, spec.len, &s.evaluator, &error);
  text_free(&spec);
  if (status != RK_OK) {
    report_error(spec_path, "invalid spec", status, error);
    return EXIT_BAD_INPUT;
  }

  /* This thread's scratch context and output buffers, reused for every chunk. */
  if ((status = rk_context_create(&s.context, &error)) != RK_OK ||
      (status = rk_buffer_create(&s.results, &error)) != RK_OK ||
      (status = rk_buffer_create(&s.explained, &error)) != RK_OK) {
    report_error("rewardkit", "cannot set up scoring", status, error);
    exit_status = EXIT_FAILED;
    goto done;
  }

  if (strcmp(input_path, "-") == 0) {
    in = stdin;
  } else if ((in = fopen(input_path, "rb")) == NULL) {
    fprintf(stderr, "%s: %s: cannot open: %s\n", kProgram, input_path, strerror(errno));
    exit_status = EXIT_BAD_INPUT;
    goto done;
  }
  exit_status = score_input(&s, in, chunk_lines);
  if (in != stdin) fclose(in);
  if ((fflush(stdout) != 0 || ferror(stdout)) && exit_status == EXIT_OK) {
    fprintf(stderr, "%s: writing the results: %s\n", kProgram, strerror(errno));
    exit_status = EXIT_FAILED;
  }

  {
    size_t name_len = 0;
    const char* name = rk_evaluator_name(s.evaluator, &name_len);
    fprintf(stderr, "%s  %s  (spec %s, hash %s)\n", kProgram, name_len ? name : "-", spec_path,
            rk_evaluator_spec_hash(s.evaluator, NULL));
    fprintf(stderr, "  samples     %lu  from %s\n", (unsigned long)s.samples, s.input_path);
    fprintf(stderr, "  mean score  %.4f\n", s.samples ? s.score_sum / (double)s.samples : 0.0);
    fprintf(stderr, "  errors      %lu\n", (unsigned long)s.errors);
    if (s.normalized && s.chunks > 1) {
      fprintf(stderr,
              "%s: warning: the spec normalizes scores, and each of the %lu chunks was "
              "normalized on its own; use -n 0 to normalize across the whole file\n",
              kProgram, (unsigned long)s.chunks);
    }
    if (exit_status != EXIT_OK) {
      fprintf(stderr, "%s: %s: stopped early; the results above are incomplete\n", kProgram,
              s.input_path);
    }
  }

done:
  free(s.lines);
  rk_buffer_free(s.explained);
  rk_buffer_free(s.results);
  rk_context_free(s.context);
  rk_evaluator_free(s.evaluator);
  return exit_status;
}
