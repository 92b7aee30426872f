// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `rewardkit score`: scores a batch file with a spec.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/batch.h"
#include "cli/cli.h"
#include "fmt/format.h"
#include "json_util.h"
#include "rewardkit/evaluator.h"
#include "simdjson.h"

namespace rewardkit::cli {
namespace {

constexpr std::string_view kScoreHelp =
    R"(Usage: rewardkit score --spec SPEC [options] [INPUT ...]

Scores every sample in the INPUT files (JSON Lines, or one JSON array; '-' or
no INPUT reads standard input) with the reward function declared in SPEC, and
writes one result per sample, in input order, as JSON Lines:

  {"id":"..","aggregate_reward_score":1,"metrics_list":[{"name":"correctness",
   "value":1,"type":"Reward"},{"name":"correctness_answer_found","value":1,
   "type":"Metric"},{"name":"error","value":0,"type":"Metric"}]}

A sample may be {id, messages:[{role, content}], metadata:{reference_answer}},
{id, messages (content as [{"type":"text","text":..}]), reference_answer}, or
{id, response, reference_answer}. A sample that cannot be read (not JSON, no
id, no assistant turn, a wrong type) still gets its result, with the spec's
error score and an "error" metric, and stderr names its line and field.

A summary goes to standard error: samples, mean score, fraction correct, how
many had no answer, which extractors found the answers, and errors.

Options:
  -s, --spec FILE         The reward spec (JSON). Required.
  -o, --output FILE       Write results to FILE instead of standard output.
      --no-output         Do not write results (only the summary).
      --explain           Add a "details" object to each result: extracted
                          answer, extractor, normalized forms, comparison
                          method, and why it was not correct.
      --with-spec-hash    Add "spec_hash" (the spec's canonical hash) to each
                          result, so results say which reward made them.
      --id-from-line      A sample without an "id" takes its line number as
                          id instead of being an error (for evaluation sets
                          whose rows have no ids).
  -j, --threads N         Score with N threads sharing one evaluator
                          (default 1; 0 means one per core).
      --label-field NAME  Compare each verdict with the boolean field NAME of
                          the input sample (for example a human or reference
                          grader's label) and report the agreement.
      --disagreements FILE
                          With --label-field: write every sample whose verdict
                          differs from its label to FILE as JSON Lines.
      --summary-json FILE Also write the summary to FILE as JSON.
      --fail-on-error     Exit with status 1 when any sample had an error.
      --progress          Always show progress on standard error.
      --no-progress       Never show progress (default: shown when standard
                          error is a terminal).
  -q, --quiet             No summary, no per-sample error lines.
  -h, --help              Show this help.

Exit status: 0 when every sample got its result (even with per-sample errors,
unless --fail-on-error), 1 with --fail-on-error and a sample error, 2 for bad
usage, an unreadable input file or an invalid spec.

Examples:
  rewardkit score --spec examples/specs/gsm8k.json examples/data/gsm8k_bedrock.jsonl
  rewardkit score -s examples/specs/math.json --explain -o results.jsonl samples.jsonl
)";

struct Options {
  std::string spec;
  std::string output;
  bool no_output = false;
  bool explain = false;
  bool with_spec_hash = false;
  bool id_from_line = false;
  int threads = 1;
  std::string label_field;
  std::string disagreements;
  std::string summary_json;
  bool fail_on_error = false;
  int progress = -1;  // -1: when stderr is a terminal
  bool quiet = false;
  std::vector<std::string> inputs;
};

// What the summary needs of one scored sample.
struct Outcome {
  double score = 0.0;
  bool correct = false;
  bool answer_found = false;
  std::string extractor;
  std::string error;
  std::string id;
  int label = -1;  // -1 none, 0 false, 1 true
  std::string answer;
  std::string reason;
};

int UsageError(const std::string& message) {
  std::fprintf(stderr, "rewardkit score: %s\nRun 'rewardkit help score' for usage.\n",
               message.c_str());
  return kExitUsage;
}

bool ParseArgs(const std::vector<std::string_view>& args, Options* o, int* exit_code) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::string_view value;
    bool has_inline = false;
    if (a.size() > 2 && a.substr(0, 2) == "--") {
      size_t eq = a.find('=');
      if (eq != std::string_view::npos) {
        value = a.substr(eq + 1);
        a = a.substr(0, eq);
        has_inline = true;
      }
    } else if (a.size() > 2 && a[0] == '-' && (a[1] == 's' || a[1] == 'o' || a[1] == 'j')) {
      value = a.substr(2);  // -j2, -ofile
      a = a.substr(0, 2);
      has_inline = true;
    }
    auto take = [&](std::string* out) {
      if (has_inline) {
        *out = std::string(value);
        return true;
      }
      if (i + 1 >= args.size()) {
        *exit_code = UsageError(fmt::format("{} needs a value", a));
        return false;
      }
      *out = std::string(args[++i]);
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      std::fputs(kScoreHelp.data(), stdout);
      *exit_code = kExitOk;
      return false;
    } else if (a == "-s" || a == "--spec") {
      if (!take(&o->spec)) return false;
    } else if (a == "-o" || a == "--output") {
      if (!take(&o->output)) return false;
    } else if (a == "--no-output") {
      o->no_output = true;
    } else if (a == "--explain") {
      o->explain = true;
    } else if (a == "--with-spec-hash") {
      o->with_spec_hash = true;
    } else if (a == "--id-from-line") {
      o->id_from_line = true;
    } else if (a == "-j" || a == "--threads") {
      if (!take(&v)) return false;
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 0 || n > 256) {
        *exit_code = UsageError("--threads takes a whole number from 0 to 256, got '" + v + "'");
        return false;
      }
      o->threads = static_cast<int>(n);
    } else if (a == "--label-field") {
      if (!take(&o->label_field)) return false;
    } else if (a == "--disagreements") {
      if (!take(&o->disagreements)) return false;
    } else if (a == "--summary-json") {
      if (!take(&o->summary_json)) return false;
    } else if (a == "--fail-on-error") {
      o->fail_on_error = true;
    } else if (a == "--progress") {
      o->progress = 1;
    } else if (a == "--no-progress") {
      o->progress = 0;
    } else if (a == "-q" || a == "--quiet") {
      o->quiet = true;
    } else if (a.size() > 1 && a[0] == '-') {
      *exit_code = UsageError(fmt::format("unknown option '{}'", a));
      return false;
    } else {
      o->inputs.emplace_back(a);
    }
  }
  if (o->spec.empty()) {
    *exit_code = UsageError("--spec is required");
    return false;
  }
  if (!o->disagreements.empty() && o->label_field.empty()) {
    *exit_code = UsageError("--disagreements needs --label-field");
    return false;
  }
  if (o->inputs.empty()) o->inputs.push_back("-");
  return true;
}

// Reads the label field of a sample: true/false, 1/0, or "true"/"false".
int ReadLabel(simdjson::dom::parser& parser, std::string_view json, const std::string& field) {
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) return -1;
  simdjson::dom::element v;
  if (root[field].get(v) != simdjson::SUCCESS) return -1;
  bool b = false;
  int64_t n = 0;
  std::string_view s;
  if (v.get_bool().get(b) == simdjson::SUCCESS) return b ? 1 : 0;
  if (v.get_int64().get(n) == simdjson::SUCCESS && (n == 0 || n == 1)) return static_cast<int>(n);
  if (v.get_string().get(s) == simdjson::SUCCESS) {
    if (s == "true" || s == "True" || s == "1") return 1;
    if (s == "false" || s == "False" || s == "0") return 0;
  }
  return -1;
}

}  // namespace

int ScoreCommand(const std::vector<std::string_view>& args) {
  Options o;
  int exit_code = kExitOk;
  if (!ParseArgs(args, &o, &exit_code)) return exit_code;

  std::unique_ptr<Evaluator> evaluator = LoadSpec("score", o.spec);
  if (!evaluator) return kExitUsage;
  const Evaluator& eval = *evaluator;
  Inputs inputs;
  std::string error;
  if (!LoadInputs(o.inputs, &inputs, &error)) return UsageError(error);
  const auto& items = inputs.items;

  std::FILE* out = nullptr;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out_file(nullptr, std::fclose);
  if (!o.no_output) {
    if (o.output.empty() || o.output == "-") {
      out = stdout;
    } else {
      out_file.reset(std::fopen(o.output.c_str(), "wb"));
      if (!out_file) return UsageError("cannot write " + o.output);
      out = out_file.get();
    }
  }

  RunOptions run;
  run.threads = o.threads;
  run.id_from_line = o.id_from_line;
  run.progress = o.progress == 1 || (o.progress == -1 && !o.quiet && isatty(2));
  OutputOptions output_options;
  output_options.explain = o.explain;
  if (o.with_spec_hash) output_options.spec_hash = eval.spec_hash();
  // Normalization needs the whole batch before anything is written.
  const bool normalize = eval.normalize_options().method != NormalizeMethod::kNone;
  std::vector<Result> all;

  auto start = std::chrono::steady_clock::now();
  std::vector<Outcome> outcomes(items.size());
  simdjson::dom::parser label_parser;
  std::string json;
  auto write = [&](const Result& r) {
    if (!out) return;
    json.clear();
    AppendResultJson(r, output_options, &json);
    json.push_back('\n');
    std::fwrite(json.data(), 1, json.size(), out);
  };
  RunBatch(eval, inputs, run, [&](size_t first, std::vector<Result>& block) {
    for (size_t k = 0; k < block.size(); ++k) {
      const Result& r = block[k];
      Outcome& oc = outcomes[first + k];
      oc.score = r.aggregate;
      oc.correct = r.verdict.correct;
      oc.answer_found = r.verdict.answer_found;
      oc.extractor = r.verdict.extractor;
      oc.error = r.error;
      oc.id = r.id;
      if (!o.label_field.empty()) {
        oc.label = ReadLabel(label_parser, items[first + k].batch.json, o.label_field);
        oc.answer = r.verdict.answer;
        oc.reason = r.verdict.reason;
      }
      if (normalize) {
        all.push_back(std::move(block[k]));
      } else {
        write(r);
      }
    }
  });
  if (normalize) {
    eval.NormalizeBatch(&all);
    for (const Result& r : all) write(r);
  }
  if (out) std::fflush(out);
  if (out && std::ferror(out)) {
    std::fprintf(stderr, "rewardkit score: error writing %s\n",
                 o.output.empty() ? "standard output" : o.output.c_str());
    return kExitUsage;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int threads = ThreadCount(o.threads);

  // The summary.
  size_t correct = 0, no_answer = 0, errors = 0, labelled = 0, agree = 0;
  double sum = 0.0;
  std::map<std::string, size_t> by_extractor;
  std::vector<size_t> disagreements;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& oc = outcomes[i];
    sum += oc.score;
    if (!oc.error.empty()) {
      ++errors;
      continue;
    }
    correct += oc.correct;
    if (!oc.answer_found) ++no_answer;
    ++by_extractor[oc.answer_found ? oc.extractor : "(no answer)"];
    if (oc.label >= 0) {
      ++labelled;
      if ((oc.label == 1) == oc.correct) {
        ++agree;
      } else {
        disagreements.push_back(i);
      }
    }
  }
  const size_t total = outcomes.size();
  const size_t scored = total - errors;
  const double mean = total ? sum / static_cast<double>(total) : 0.0;

  if (!o.quiet) {
    size_t shown = 0;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].error.empty()) continue;
      if (shown++ == 20) {
        std::fprintf(stderr, "  ... and %zu more errors\n", errors - 20);
        break;
      }
      std::fprintf(stderr, "%s:%zu: sample %s: %s\n", DisplayName(o.inputs[items[i].input]).c_str(),
                   items[i].batch.line, outcomes[i].id.c_str(), outcomes[i].error.c_str());
    }
    std::string extractors;
    for (const auto& [name, count] : by_extractor) {
      if (!extractors.empty()) extractors += ", ";
      extractors += fmt::format("{} {}", name, WithCommas(count));
    }
    std::string sources =
        o.inputs.size() == 1 ? DisplayName(o.inputs[0]) : fmt::format("{} files", o.inputs.size());
    std::fprintf(stderr, "rewardkit score  %s  (spec %s, hash %s)\n",
                 eval.name().empty() ? "-" : eval.name().c_str(), o.spec.c_str(),
                 eval.spec_hash().c_str());
    std::fprintf(stderr, "  samples     %s  from %s\n", WithCommas(total).c_str(), sources.c_str());
    std::fprintf(stderr, "  mean score  %.4f%s\n", mean,
                 eval.normalize_options().method == NormalizeMethod::kNone
                     ? ""
                     : "  (before normalization; results are normalized)");
    std::vector<ComponentInfo> components = eval.components();
    const bool has_correctness =
        std::any_of(components.begin(), components.end(),
                    [](const ComponentInfo& c) { return c.type == "correctness"; });
    if (has_correctness) {
      std::fprintf(stderr, "  correct     %s / %s  %s\n", WithCommas(correct).c_str(),
                   WithCommas(scored).c_str(), Percent(correct, scored).c_str());
      std::fprintf(stderr, "  no answer   %s  %s\n", WithCommas(no_answer).c_str(),
                   Percent(no_answer, scored).c_str());
    } else {
      std::fprintf(stderr, "  correct     -  (the spec has no correctness component)\n");
    }
    std::fprintf(stderr, "  errors      %s\n", WithCommas(errors).c_str());
    if (has_correctness) {
      std::fprintf(stderr, "  extractors  %s\n", extractors.empty() ? "-" : extractors.c_str());
    }
    if (!o.label_field.empty()) {
      std::fprintf(stderr, "  agreement   %s / %s  %s  with field \"%s\"%s\n",
                   WithCommas(agree).c_str(), WithCommas(labelled).c_str(),
                   Percent(agree, labelled).c_str(), o.label_field.c_str(),
                   labelled < scored
                       ? fmt::format(" ({} without a label)", WithCommas(scored - labelled)).c_str()
                       : "");
      size_t shown_d = 0;
      for (size_t i : disagreements) {
        if (shown_d++ == 10) {
          std::fprintf(stderr, "    ... %zu more disagreements\n", disagreements.size() - 10);
          break;
        }
        const Outcome& oc = outcomes[i];
        std::fprintf(stderr, "    line %zu id %s: label %s, scored %s (answer \"%.60s\"%s%s)\n",
                     items[i].batch.line, oc.id.c_str(), oc.label ? "true" : "false",
                     oc.correct ? "correct" : "wrong", oc.answer.c_str(),
                     oc.reason.empty() ? "" : ", ", oc.reason.c_str());
      }
    }
    std::fprintf(
        stderr, "  time        %.2f s  (%s samples/s, %d thread%s)\n", seconds,
        WithCommas(seconds > 0 ? static_cast<size_t>(static_cast<double>(total) / seconds) : total)
            .c_str(),
        threads, threads == 1 ? "" : "s");
  }

  if (!o.disagreements.empty()) {
    std::ofstream d(o.disagreements, std::ios::binary);
    if (!d) return UsageError("cannot write " + o.disagreements);
    for (size_t i : disagreements) {
      const Outcome& oc = outcomes[i];
      std::string line = fmt::format(
          "{{\"line\":{},\"id\":{},\"label\":{},\"correct\":{},\"answer\":", items[i].batch.line,
          oc.id, oc.label ? "true" : "false", oc.correct ? "true" : "false");
      internal::AppendJsonString(oc.answer, &line);
      line += ",\"reason\":";
      internal::AppendJsonString(oc.reason, &line);
      line += "}\n";
      d << line;
    }
  }
  if (!o.summary_json.empty()) {
    std::ofstream s(o.summary_json, std::ios::binary);
    if (!s) return UsageError("cannot write " + o.summary_json);
    std::string summary = "{\"spec\":{\"name\":";
    internal::AppendJsonString(eval.name(), &summary);
    summary +=
        fmt::format(",\"hash\":\"{}\"}},\"samples\":{},\"mean_score\":", eval.spec_hash(), total);
    internal::AppendJsonNumber(mean, &summary);
    summary += fmt::format(
        ",\"correct\":{},\"scored\":{},\"no_answer\":{},\"errors\":{},\"extractors\":{{", correct,
        scored, no_answer, errors);
    bool first = true;
    for (const auto& [name, count] : by_extractor) {
      if (!first) summary += ',';
      first = false;
      internal::AppendJsonString(name, &summary);
      summary += fmt::format(":{}", count);
    }
    summary += "}";
    if (!o.label_field.empty()) {
      summary += fmt::format(",\"labelled\":{},\"agree\":{}", labelled, agree);
    }
    summary += "}\n";
    s << summary;
  }
  if (o.fail_on_error && errors > 0) return kExitSampleErrors;
  return kExitOk;
}

}  // namespace rewardkit::cli
