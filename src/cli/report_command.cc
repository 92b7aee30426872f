// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `rewardkit report`: the distribution of the reward and of each component
// over a batch, so a user can see before training whether the reward gives
// any signal; and `rewardkit validate-references`: whether each sample's own
// reference answer would get full credit.

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/batch.h"
#include "cli/cli.h"
#include "fmt/format.h"
#include "json_util.h"
#include "rewardkit/evaluator.h"

namespace rewardkit::cli {
namespace {

constexpr std::string_view kReportHelp =
    R"(Usage: rewardkit report --spec SPEC [options] [INPUT ...]

Scores the samples in INPUT (as 'rewardkit score' does) and prints, for the
aggregate reward and for each component: a text histogram over its range,
mean, standard deviation, p50, p90, the fraction of samples at zero, and the
number of distinct values; then how many answers each extractor found and how
many samples had errors. A reward whose histogram is one bar gives the model
no signal: see this before training.

Options:
  -s, --spec FILE       The reward spec (JSON). Required.
  -j, --threads N       Score with N threads (default 1; 0: one per core).
      --id-from-line    A sample without an "id" takes its line number.
      --bins N          Histogram bins (default 10, 2 to 50).
      --json FILE       Also write the figures to FILE as JSON.
      --no-progress     Never show progress.
  -h, --help            Show this help.

Exit status: 0 on success, 2 for bad usage, an unreadable input or an invalid
spec.
)";

constexpr std::string_view kValidateHelp =
    R"(Usage: rewardkit validate-references --spec SPEC [options] [INPUT ...]

For every sample, writes its reference answer the way the spec's first
correctness component expects an answer (inside \boxed{}, after the first
marker, between the tags, ...), scores that as the response, and lists every
sample where it does not get full credit: every correctness component must
judge it correct (a reference the spec cannot read, or a comparison that
cannot see that an answer equals itself, fails). A spec without correctness
components scores the bare reference, and every Reward component must reach
the top of its range. Every reward function should pass this before training.

Options:
  -s, --spec FILE       The reward spec (JSON). Required.
  -j, --threads N       Score with N threads (default 1; 0: one per core).
      --id-from-line    A sample without an "id" takes its line number.
      --max-listed N    List at most N failures (default 50).
      --no-progress     Never show progress.
  -h, --help            Show this help.

Exit status: 0 when every reference gets full credit, 1 when some do not, 2
for bad usage, an unreadable input or an invalid spec.
)";

struct CommonOptions {
  std::string spec;
  int threads = 1;
  bool id_from_line = false;
  bool progress = true;
  size_t bins = 10;
  size_t max_listed = 50;
  std::string json;
  std::vector<std::string> inputs;
};

int Usage(std::string_view command, const std::string& message) {
  std::fprintf(stderr, "rewardkit %.*s: %s\nRun 'rewardkit help %.*s' for usage.\n",
               static_cast<int>(command.size()), command.data(), message.c_str(),
               static_cast<int>(command.size()), command.data());
  return kExitUsage;
}

// Parses the options both commands share; returns false with `*exit_code`
// set when the command should stop.
bool ParseCommon(std::string_view command, std::string_view help,
                 const std::vector<std::string_view>& args, CommonOptions* o, int* exit_code) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::string value;
    auto take = [&]() {
      size_t eq = a.find('=');
      if (a.substr(0, 2) == "--" && eq != std::string_view::npos) {
        value = std::string(a.substr(eq + 1));
        a = a.substr(0, eq);
        return true;
      }
      if (a.size() > 2 && a[0] == '-' && a[1] != '-') {
        value = std::string(a.substr(2));
        a = a.substr(0, 2);
        return true;
      }
      if (i + 1 >= args.size()) return false;
      value = std::string(args[++i]);
      return true;
    };
    auto number = [&](size_t lo, size_t hi, size_t* out) {
      char* end = nullptr;
      unsigned long n = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < lo || n > hi) {
        *exit_code = Usage(command, fmt::format("{} takes a whole number from {} to {}, got '{}'",
                                                a, lo, hi, value));
        return false;
      }
      *out = n;
      return true;
    };
    if (a == "-h" || a == "--help") {
      std::fputs(help.data(), stdout);
      *exit_code = kExitOk;
      return false;
    }
    bool valued =
        a.rfind("--spec", 0) == 0 || a.rfind("-s", 0) == 0 || a.rfind("--threads", 0) == 0 ||
        a.rfind("-j", 0) == 0 ||
        (command == "report" && (a.rfind("--bins", 0) == 0 || a.rfind("--json", 0) == 0)) ||
        (command == "validate-references" && a.rfind("--max-listed", 0) == 0);
    if (valued) {
      if (!take()) {
        *exit_code = Usage(command, fmt::format("{} needs a value", a));
        return false;
      }
      size_t n = 0;
      if (a == "-s" || a == "--spec") {
        o->spec = value;
      } else if (a == "-j" || a == "--threads") {
        if (!number(0, 256, &n)) return false;
        o->threads = static_cast<int>(n);
      } else if (a == "--bins") {
        if (!number(2, 50, &o->bins)) return false;
      } else if (a == "--json") {
        o->json = value;
      } else if (a == "--max-listed") {
        if (!number(0, 1000000, &o->max_listed)) return false;
      } else {
        *exit_code = Usage(command, fmt::format("unknown option '{}'", args[i]));
        return false;
      }
    } else if (a == "--id-from-line") {
      o->id_from_line = true;
    } else if (a == "--no-progress") {
      o->progress = false;
    } else if (a.size() > 1 && a[0] == '-') {
      *exit_code = Usage(command, fmt::format("unknown option '{}'", a));
      return false;
    } else {
      o->inputs.emplace_back(a);
    }
  }
  if (o->spec.empty()) {
    *exit_code = Usage(command, "--spec is required");
    return false;
  }
  if (o->inputs.empty()) o->inputs.push_back("-");
  return true;
}

// The figures of one distribution.
struct Distribution {
  std::string name;
  double low = 0.0;  // the histogram's range
  double high = 1.0;
  std::vector<double> values;

  double Mean() const {
    double s = 0.0;
    for (double v : values) s += v;
    return values.empty() ? 0.0 : s / static_cast<double>(values.size());
  }
  double Std() const {
    if (values.size() < 2) return 0.0;
    double m = Mean();
    double s = 0.0;
    for (double v : values) s += (v - m) * (v - m);
    return std::sqrt(s / static_cast<double>(values.size()));
  }
  // The q-quantile (nearest rank) of the sorted values.
  static double Quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0.0;
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
  }
};

void PrintDistribution(const Distribution& d, size_t bins, std::string* json) {
  std::vector<double> sorted = d.values;
  for (double& v : sorted) v += 0.0;  // -0 prints as "-0"; it is 0
  std::sort(sorted.begin(), sorted.end());
  double lo = d.low;
  double hi = d.high;
  if (!sorted.empty()) {
    lo = std::min(lo, sorted.front());
    hi = std::max(hi, sorted.back());
  }
  if (!(hi > lo)) hi = lo + 1.0;
  std::vector<size_t> counts(bins, 0);
  size_t zeros = 0;
  for (double v : sorted) {
    zeros += v == 0.0;
    double f = (v - lo) / (hi - lo);
    size_t b =
        std::min(bins - 1, static_cast<size_t>(std::max(0.0, f) * static_cast<double>(bins)));
    ++counts[b];
  }
  const double p50 = Distribution::Quantile(sorted, 0.5);
  const double p90 = Distribution::Quantile(sorted, 0.9);
  size_t distinct = static_cast<size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
  const size_t n = d.values.size();
  std::printf("\n%s  (n %s)\n", d.name.c_str(), WithCommas(n).c_str());
  std::printf("  mean %.4f  std %.4f  p50 %.4g  p90 %.4g  zero %s  distinct %zu\n", d.Mean(),
              d.Std(), p50, p90, Percent(zeros, n).c_str(), distinct);
  size_t most = *std::max_element(counts.begin(), counts.end());
  constexpr int kWidth = 40;
  for (size_t b = 0; b < bins; ++b) {
    double from = lo + (hi - lo) * static_cast<double>(b) / static_cast<double>(bins);
    double to = lo + (hi - lo) * static_cast<double>(b + 1) / static_cast<double>(bins);
    int bar = most ? static_cast<int>(std::lround(kWidth * static_cast<double>(counts[b]) /
                                                  static_cast<double>(most)))
                   : 0;
    if (counts[b] > 0 && bar == 0) bar = 1;
    std::printf("  %8.3g .. %-8.3g %c %-*s %s\n", from, to, b + 1 == bins ? ']' : ')', kWidth,
                std::string(static_cast<size_t>(bar), '#').c_str(), WithCommas(counts[b]).c_str());
  }
  if (json) {
    if (json->back() != '[') json->push_back(',');
    json->append("{\"name\":");
    internal::AppendJsonString(d.name, json);
    *json += fmt::format(",\"n\":{},\"mean\":", n);
    internal::AppendJsonNumber(d.Mean(), json);
    json->append(",\"std\":");
    internal::AppendJsonNumber(d.Std(), json);
    json->append(",\"p50\":");
    internal::AppendJsonNumber(p50, json);
    json->append(",\"p90\":");
    internal::AppendJsonNumber(p90, json);
    json->append(",\"zero_fraction\":");
    internal::AppendJsonNumber(n ? static_cast<double>(zeros) / static_cast<double>(n) : 0.0, json);
    *json += fmt::format(",\"distinct\":{},\"histogram\":[", distinct);
    for (size_t b = 0; b < bins; ++b) *json += fmt::format("{}{}", b ? "," : "", counts[b]);
    json->append("]}");
  }
}

}  // namespace

int ReportCommand(const std::vector<std::string_view>& args) {
  CommonOptions o;
  int exit_code = kExitOk;
  if (!ParseCommon("report", kReportHelp, args, &o, &exit_code)) return exit_code;
  std::unique_ptr<Evaluator> evaluator = LoadSpec("report", o.spec);
  if (!evaluator) return kExitUsage;
  Inputs inputs;
  std::string error;
  if (!LoadInputs(o.inputs, &inputs, &error)) return Usage("report", error);

  std::vector<ComponentInfo> components = evaluator->components();
  std::vector<Distribution> dists(components.size() + 1);
  const AggregateOptions& ag = evaluator->aggregate_options();
  dists[0].name = "aggregate_reward_score";
  dists[0].low = ag.clamp ? ag.low : 0.0;
  dists[0].high = ag.clamp ? ag.high : 1.0;
  for (size_t c = 0; c < components.size(); ++c) {
    dists[c + 1].name = fmt::format("{} [{}, {}]", components[c].name, components[c].type,
                                    components[c].reward ? "Reward" : "Metric");
    dists[c + 1].low = components[c].min_value;
    dists[c + 1].high = components[c].max_value;
  }
  std::map<std::string, size_t> extractors;
  size_t errors = 0;
  std::map<std::string, size_t> error_kinds;
  RunOptions run;
  run.threads = o.threads;
  run.id_from_line = o.id_from_line;
  run.progress = o.progress && isatty(2);
  std::vector<Result> all;
  const bool normalize = evaluator->normalize_options().method != NormalizeMethod::kNone;
  auto take = [&](const Result& r) {
    if (!r.error.empty()) {
      ++errors;
      ++error_kinds[r.error.substr(0, r.error.find(':'))];
      return;
    }
    dists[0].values.push_back(r.aggregate);
    for (size_t c = 0; c < components.size(); ++c) {
      for (const Metric& m : r.metrics) {
        if (m.name == components[c].name) {
          dists[c + 1].values.push_back(m.value);
          break;
        }
      }
    }
    ++extractors[std::string(r.verdict.answer_found ? r.verdict.extractor : "(no answer)")];
  };
  RunBatch(*evaluator, inputs, run, [&](size_t, std::vector<Result>& block) {
    for (Result& r : block) {
      if (normalize) {
        all.push_back(std::move(r));
      } else {
        take(r);
      }
    }
  });
  if (normalize) {
    evaluator->NormalizeBatch(&all);
    for (const Result& r : all) take(r);
  }

  std::printf("rewardkit report  %s  (spec %s, hash %s)\n",
              evaluator->name().empty() ? "-" : evaluator->name().c_str(), o.spec.c_str(),
              evaluator->spec_hash().c_str());
  std::printf("samples %s, scored %s, errors %s\n", WithCommas(inputs.items.size()).c_str(),
              WithCommas(dists[0].values.size()).c_str(), WithCommas(errors).c_str());
  std::string json = fmt::format("{{\"spec\":{{\"name\":");
  internal::AppendJsonString(evaluator->name(), &json);
  json += fmt::format(",\"hash\":\"{}\"}},\"samples\":{},\"errors\":{},\"distributions\":[",
                      evaluator->spec_hash(), inputs.items.size(), errors);
  for (const Distribution& d : dists)
    PrintDistribution(d, o.bins, o.json.empty() ? nullptr : &json);
  if (!extractors.empty() &&
      !(extractors.size() == 1 && extractors.count("(no answer)") &&
        std::none_of(components.begin(), components.end(),
                     [](const ComponentInfo& c) { return c.type == "correctness"; }))) {
    std::printf("\nanswers found by extractor:\n");
  } else {
    extractors.clear();  // no correctness component: nothing is extracted
  }
  for (const auto& [name, count] : extractors) {
    std::printf("  %-24s %s  %s\n", name.c_str(), WithCommas(count).c_str(),
                Percent(count, dists[0].values.size()).c_str());
  }
  if (errors) {
    std::printf("\nerrors by field:\n");
    for (const auto& [kind, count] : error_kinds) {
      std::printf("  %-40s %s\n", kind.c_str(), WithCommas(count).c_str());
    }
  }
  json += "],\"extractors\":{";
  bool first = true;
  for (const auto& [name, count] : extractors) {
    if (!first) json.push_back(',');
    first = false;
    internal::AppendJsonString(name, &json);
    json += fmt::format(":{}", count);
  }
  json += "}}\n";
  if (!o.json.empty()) {
    std::ofstream f(o.json, std::ios::binary);
    if (!f) return Usage("report", "cannot write " + o.json);
    f << json;
  }
  return kExitOk;
}

int ValidateReferencesCommand(const std::vector<std::string_view>& args) {
  CommonOptions o;
  int exit_code = kExitOk;
  if (!ParseCommon("validate-references", kValidateHelp, args, &o, &exit_code)) return exit_code;
  std::unique_ptr<Evaluator> evaluator = LoadSpec("validate-references", o.spec);
  if (!evaluator) return kExitUsage;
  Inputs inputs;
  std::string error;
  if (!LoadInputs(o.inputs, &inputs, &error)) return Usage("validate-references", error);
  RunOptions run;
  run.threads = o.threads;
  run.id_from_line = o.id_from_line;
  run.progress = o.progress && isatty(2);
  run.score_references = true;
  const std::vector<ComponentInfo> components = evaluator->components();
  const bool has_correctness =
      std::any_of(components.begin(), components.end(),
                  [](const ComponentInfo& c) { return c.type == "correctness"; });
  size_t failures = 0;
  size_t errors = 0;
  RunBatch(*evaluator, inputs, run, [&](size_t first, std::vector<Result>& block) {
    for (size_t k = 0; k < block.size(); ++k) {
      const Result& r = block[k];
      const Item& item = inputs.items[first + k];
      std::string why;
      if (!r.error.empty()) {
        why = r.error;
        ++errors;
      } else if (has_correctness && !r.verdict.answer_found) {
        why = "the spec finds no answer in the reference";
      } else if (has_correctness && !r.verdict.correct) {
        why = fmt::format("read as \"{}\", compared as \"{}\" vs \"{}\": {}", r.verdict.answer,
                          r.verdict.normalized_answer, r.verdict.normalized_reference,
                          r.verdict.reason);
      } else {
        // Every correctness component at its best, or without any, every
        // Reward component at its best.
        for (const ComponentInfo& c : components) {
          if (has_correctness ? c.type != "correctness" : !c.reward) continue;
          for (const Metric& m : r.metrics) {
            if (m.name == c.name && m.value < c.max_value - 1e-9) {
              why += fmt::format("{}{} is {:.4g}, not its best {:.4g}", why.empty() ? "" : "; ",
                                 c.name, m.value, c.max_value);
            }
          }
        }
      }
      if (why.empty()) continue;
      if (failures++ < o.max_listed) {
        std::printf("%s:%zu: sample %s: %s\n", DisplayName(inputs.paths[item.input]).c_str(),
                    item.batch.line, r.id.c_str(), why.c_str());
      }
    }
  });
  if (failures > o.max_listed) std::printf("... and %zu more\n", failures - o.max_listed);
  const size_t total = inputs.items.size();
  std::printf("rewardkit validate-references  %s: %s of %s references get full credit (%s)%s\n",
              evaluator->name().empty() ? o.spec.c_str() : evaluator->name().c_str(),
              WithCommas(total - failures).c_str(), WithCommas(total).c_str(),
              Percent(total - failures, total).c_str(),
              errors ? fmt::format("; {} samples could not be read", errors).c_str() : "");
  return failures ? kExitSampleErrors : kExitOk;
}

int CheckSpecCommand(const std::vector<std::string_view>& args) {
  if (args.size() != 1 || args[0] == "-h" || args[0] == "--help") {
    bool help = !args.empty() && (args[0] == "-h" || args[0] == "--help");
    std::fputs(
        "Usage: rewardkit check-spec SPEC\n\n"
        "Validates SPEC and prints the compiled plan: each component with its type,\n"
        "whether it counts toward the reward, its weight, range, gate and what it\n"
        "checks; the aggregation, clamping and normalization. An invalid spec gets\n"
        "one line per error, each naming the field as a JSON Pointer.\n\n"
        "Exit status: 0 for a valid spec, 2 otherwise.\n",
        help ? stdout : stderr);
    return help ? kExitOk : kExitUsage;
  }
  std::unique_ptr<Evaluator> evaluator = LoadSpec("check-spec", std::string(args[0]));
  if (!evaluator) return kExitUsage;
  std::fputs(evaluator->plan().c_str(), stdout);
  return kExitOk;
}

}  // namespace rewardkit::cli
