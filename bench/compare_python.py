#!/usr/bin/env python3
# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""A Python reward handler as people write one today, against rewardkit, per sample, in one run.

    taskset -c 1 python3 bench/compare_python.py [--build-dir build] [--library LIB]
        [--data-dir ../shared/data] [--repeat 7] [--batch 64]

Every path scores the same service batches: JSON arrays of --batch samples with ids, built from
../shared/data exactly as build/bench/batch_bench builds them (the first 5,120 of the 5,276 GSM8K
GPT-3 solutions, the first 512 of the 800 Qwen2.5-Math MATH responses), in the flat shape
{"id","response","reference_answer"} and, for GSM8K, Bedrock's chat shape
{"id","messages":[user, assistant],"metadata":{"reference_answer"}}. Each path takes the batch's
JSON text and returns the response's JSON text:

  Python handler        json.loads of the event; per sample, extract, normalise, compare, build
                        {"id","aggregate_reward_score","metrics_list"}; json.dumps of the list.
                        Modelled on AWS's sample RFT reward Lambdas and verl's reward_score:
                        GSM8K takes the number after "#### " (verl's strict regex, on the last
                        300 characters as verl does) and else the last number (verl's
                        "flexible"), strips commas, "$" and a final ".", and compares floats
                        within 1e-6 (AWS's template). MATH takes the last \\boxed{...} by brace
                        matching (verl's last_boxed_only_string) and compares after the
                        Hendrycks/verl string normalisation (strip_string, is_equiv).
  Python handler, ...   the same with a shortcut people take: GSM8K "####" only (verl's default
                        "strict"), MATH a regex \\\\boxed\\{(.*?)\\} (AWS's template's style).
  ... skeleton          the handler with no extraction or comparison at all: json.loads, the
                        fields read, a result dict per sample, json.dumps: the floor of any
                        Python handler, and what the binding's JSON path replaces.
  rk score_batch_json   the binding: one native call on the JSON text, the JSON text back
                        (rk_score_batch_json with RK_BATCH_SCORES_ONLY | RK_BATCH_NO_RESULTS).
  rk score_batch        the binding from dicts, as a Python Lambda using it runs: json.loads of
                        the event, score_batch(list) (json.dumps, one call, json.loads), and
                        json.dumps of the results.
  rk_score_batch_json   the bare C ABI call through ctypes on the same bytes, with
                        RK_BATCH_SCORES_ONLY as the Lambda runtime passes it, and the output
                        bytes copied out: the library plus one ctypes call per batch.
  C++ batch_bench       build/bench/batch_bench's BM_Batch_<data>/<batch> (ScoreBatch and
                        AppendResultsJson, nothing from Python) and BM_BatchJson_<data>/<batch>
                        (ScoreBatchJson: the response without the results), run here as
                        subprocesses.

Times are per sample: each batch is timed on its own (time.perf_counter_ns) and divided by its
size; the median and 90th percentile are over every batch of every repeat, with the garbage
collector left on, as in a Lambda. The C++ row's are over the repetitions of batch_bench, each
the mean of a pass over all batches. "vs handler" is how many times faster than the Python
handler. Agreement is each path's verdict (score 1) against the data's labels (OpenAI's for
GSM8K, Qwen's grader's for MATH) over every sample of the data set, not only the timed ones.

Standard library only.
"""

import argparse
import ctypes
import datetime
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MAX_BATCH = 512  # batch_bench's largest batch: every batch size scores the same samples
SKELETON = "Python handler skeleton (JSON and result dicts only)"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build"),
                   help="the build tree with bench/batch_bench and capi/librewardkit_c.so "
                        "(default: build)")
    p.add_argument("--library", help="librewardkit_c.so for the binding "
                                     "(default: BUILD_DIR/capi/librewardkit_c.so)")
    p.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "data"),
                   help="where gsm8k_model_samples.jsonl and math_qwen25_samples.jsonl are "
                        "(default: ../shared/data)")
    p.add_argument("--repeat", type=int, default=7,
                   help="passes over the batches per path, and batch_bench's repetitions "
                        "(default 7)")
    p.add_argument("--batch", type=int, default=64, help="samples per batch (default 64)")
    p.add_argument("--no-cpp", action="store_true", help="skip the batch_bench subprocess")
    return p.parse_args()


# -------------------------------------------------------------------------------------------
# The Python handler: our own code, modelled on AWS's sample reward Lambdas and verl's
# reward_score/gsm8k.py and math.py (after Hendrycks et al.'s MATH evaluation).
# -------------------------------------------------------------------------------------------

GSM8K_CLIP = 300  # verl matches only the last 300 characters
GSM8K_STRICT = re.compile(r"#### (\-?[0-9\.\,]+)")
GSM8K_FLEXIBLE = re.compile(r"(\-?[0-9\.\,]+)")


def gsm8k_extract(text, flexible=True):
    """The answer after "#### ", else (flexible) the last number; None when there is none."""
    text = text[-GSM8K_CLIP:]
    m = GSM8K_STRICT.search(text)
    if m:
        return m.group(1)
    if flexible:
        for candidate in reversed(GSM8K_FLEXIBLE.findall(text)):
            if candidate not in ("", "."):
                return candidate
    return None


def to_float(text):
    text = text.strip().replace(",", "").replace("$", "").rstrip(".")
    try:
        return float(text)
    except ValueError:
        return None


def gsm8k_check(response, reference, flexible=True):
    """(answer found, correct)."""
    answer = gsm8k_extract(response, flexible)
    if answer is None:
        return False, False
    predicted, expected = to_float(answer), to_float(reference)
    if predicted is None or expected is None:
        return True, False
    return True, abs(predicted - expected) < 1e-6


def last_boxed(text):
    """The last \\boxed{...} (or \\fbox{...}) with balanced braces, or "\\boxed x"; None."""
    start = text.rfind("\\boxed")
    if "\\boxed " in text:
        return "\\boxed " + text.split("\\boxed ")[-1].split("$")[0]
    if start < 0:
        start = text.rfind("\\fbox")
        if start < 0:
            return None
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    return None


def unbox(boxed):
    if boxed.startswith("\\boxed "):
        return boxed[len("\\boxed "):]
    for left in ("\\boxed{", "\\fbox{"):
        if boxed.startswith(left) and boxed.endswith("}"):
            return boxed[len(left):-1]
    return boxed


def fix_fracs(s):
    parts = s.split("\\frac")
    out = parts[0]
    for part in parts[1:]:
        out += "\\frac"
        if part[0] == "{":
            out += part
        elif len(part) < 2:
            return s
        elif part[1] != "{":
            out += "{" + part[0] + "}{" + part[1] + "}" + part[2:]
        else:
            out += "{" + part[0] + "}" + part[1:]
    return out


def fix_a_slash_b(s):
    parts = s.split("/")
    if len(parts) != 2:
        return s
    try:
        a, b = int(parts[0]), int(parts[1])
    except ValueError:
        return s
    if s != f"{a}/{b}":
        return s
    return "\\frac{" + str(a) + "}{" + str(b) + "}"


def fix_sqrt(s):
    if "\\sqrt" not in s:
        return s
    parts = s.split("\\sqrt")
    out = parts[0]
    for part in parts[1:]:
        if part and part[0] != "{":
            out += "\\sqrt{" + part[0] + "}" + part[1:]
        else:
            out += "\\sqrt" + part
    return out


def strip_string(s):
    """The Hendrycks MATH normalisation that verl's math reward uses."""
    s = s.replace("\n", "").replace("\\!", "").replace("\\\\", "\\")
    s = s.replace("tfrac", "frac").replace("dfrac", "frac")
    s = s.replace("\\left", "").replace("\\right", "")
    s = s.replace("^{\\circ}", "").replace("^\\circ", "")
    s = s.replace("\\$", "")
    if "\\text{ " in s:  # units on the right
        parts = s.split("\\text{ ")
        if len(parts) != 2:
            raise ValueError("units")
        s = parts[0]
    s = s.replace("\\%", "")
    s = s.replace(" .", " 0.").replace("{.", "{0.")
    if not s:
        return s
    if s[0] == ".":
        s = "0" + s
    sides = s.split("=")
    if len(sides) == 2 and len(sides[0]) <= 2:
        s = sides[1]
    s = fix_sqrt(s)
    s = s.replace(" ", "")
    s = fix_fracs(s)
    if s == "0.5":
        s = "\\frac{1}{2}"
    return fix_a_slash_b(s)


def is_equiv(a, b):
    if a is None or b is None:
        return False
    try:
        return strip_string(a) == strip_string(b)
    except Exception:  # a malformed answer: compare as written, as verl does
        return a == b


BOXED_REGEX = re.compile(r"\\boxed\{(.*?)\}")


def math_check(response, reference):
    """(answer found, correct): the last box by brace matching, then is_equiv."""
    boxed = last_boxed(response)
    if boxed is None:
        return False, False
    return True, is_equiv(unbox(boxed), reference)


def math_check_regex(response, reference):
    """(answer found, correct): the last \\boxed{...} a lazy regex finds, then is_equiv."""
    found = BOXED_REGEX.findall(response)
    if not found:
        return False, False
    return True, is_equiv(found[-1].strip(), reference)


def content_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content or "")


def sample_fields(sample):
    """(response, reference) of a flat or a chat (Bedrock) sample."""
    if "response" in sample:
        response = sample["response"]
    else:
        response = ""
        for message in sample.get("messages", []):
            if message.get("role") in ("assistant", "nova_assistant"):
                response = content_text(message.get("content"))
    reference = sample.get("reference_answer")
    if reference is None:
        reference = sample.get("metadata", {}).get("reference_answer")
    if isinstance(reference, dict):
        reference = reference.get("answer", reference.get("final_answer"))
    return response, "" if reference is None else str(reference)


def reward(sample, check):
    try:
        response, reference = sample_fields(sample)
        found, correct = check(response, reference)
        score = 1.0 if correct else 0.0
        metrics = [{"name": "correctness", "value": score, "type": "Reward"},
                   {"name": "answer_found", "value": 1.0 if found else 0.0, "type": "Metric"}]
    except Exception:
        score, metrics = 0.0, []
    return {"id": sample.get("id"), "aggregate_reward_score": score, "metrics_list": metrics}


def make_handler(check):
    """The handler and what the Lambda runtime does around it: event text in, response out."""

    def handle(event_text):
        samples = json.loads(event_text)
        return json.dumps([reward(s, check) for s in samples])

    return handle


# -------------------------------------------------------------------------------------------
# Data and batches (the same bytes as bench/bench_util.h's MakeBatches)
# -------------------------------------------------------------------------------------------


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rows.append((row["problem"], row["response"], str(row["reference_answer"]),
                             bool(row["label"])))
    if not rows:
        sys.exit(f"{path}: no rows")
    return rows


def flat_sample(i, row):
    return {"id": i, "response": row[1], "reference_answer": row[2]}


def chat_sample(i, row):
    return {"id": i,
            "messages": [{"role": "user", "content": row[0]},
                         {"role": "assistant", "content": row[1]}],
            "metadata": {"reference_answer": row[2]}}


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def batches(rows, shape, size, count):
    """JSON texts of `size` samples each, from the first `count` rows (whole batches only)."""
    n = count // size * size
    return [dumps([shape(i, rows[i]) for i in range(first, first + size)])
            for first in range(0, n, size)]


# -------------------------------------------------------------------------------------------
# Measuring
# -------------------------------------------------------------------------------------------


def percentile(values, q):
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_paths(paths, texts, size, repeat):
    """{name: [ns per sample, one per batch per repeat]}. Paths take turns within each repeat,
    so that the machine's drift touches them alike."""
    for _, fn, prepared in paths:  # warm up
        for t in prepared(texts):
            fn(t)
    out = {name: [] for name, _, _ in paths}
    for _ in range(repeat):
        for name, fn, prepared in paths:
            inputs = prepared(texts)
            gc.collect()
            timings = out[name]
            for t in inputs:
                start = time.perf_counter_ns()
                fn(t)
                timings.append((time.perf_counter_ns() - start) / size)
    return out


def run_batch_bench(binary, name, size, repeat):
    """(per-sample ns of each repetition, mean score) of the benchmark <name>/<size>."""
    cmd = [binary, f"--benchmark_filter=^{name}/{size}$", "--benchmark_format=json",
           f"--benchmark_repetitions={repeat}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    runs = [b for b in json.loads(proc.stdout)["benchmarks"] if b.get("run_type") == "iteration"]
    if not runs:
        sys.exit(f"{' '.join(cmd)}: no benchmark matched")
    for b in runs:
        if b.get("error_occurred"):
            sys.exit(f"{b['name']}: {b.get('error_message')}")
    return [b["per_sample"] * 1e9 for b in runs], runs[0]["mean"]


def agreement(verdicts, rows):
    agree = sum(1 for v, row in zip(verdicts, rows) if v == row[3])
    return agree, len(rows)


def main():
    args = parse_args()
    if args.batch < 1:
        sys.exit("--batch must be at least 1")
    library = args.library or os.path.join(args.build_dir, "capi", "librewardkit_c.so")
    bench_binary = os.path.join(args.build_dir, "bench", "batch_bench")
    os.environ["RK_LIBRARY"] = os.path.abspath(library)
    sys.path.insert(0, os.path.join(ROOT, "capi", "python"))
    import rewardkit

    lib = rewardkit._lib
    specs = os.path.join(ROOT, "examples", "specs")
    evaluators = {"gsm8k": rewardkit.Evaluator.from_file(os.path.join(specs, "gsm8k.json")),
                  "math": rewardkit.Evaluator.from_file(os.path.join(specs, "math.json"))}
    gsm8k_rows = read_rows(os.path.join(args.data_dir, "gsm8k_model_samples.jsonl"))
    math_rows = read_rows(os.path.join(args.data_dir, "math_qwen25_samples.jsonl"))
    cpp = (not args.no_cpp and os.access(bench_binary, os.X_OK)
           and args.batch <= MAX_BATCH and args.batch & (args.batch - 1) == 0)

    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        cpus = []
    print(f"compare_python  {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"  Python {platform.python_version()}, rewardkit {rewardkit.version()} "
          f"({rewardkit.library_file}), CPUs {cpus}")
    print(f"  batches of {args.batch}, {args.repeat} repeats; C++: "
          f"{bench_binary if cpp else 'skipped'}")
    print()

    handler_main = {"gsm8k": ("Python handler (#### or last number)",
                              make_handler(gsm8k_check)),
                    "math": ("Python handler (brace-matched box, strip_string)",
                             make_handler(math_check))}
    handler_short = {"gsm8k": ("Python handler, #### only (verl strict)",
                               make_handler(lambda r, ref: gsm8k_check(r, ref, flexible=False))),
                     "math": ("Python handler, regex \\boxed\\{(.*?)\\}",
                              make_handler(math_check_regex))}
    cases = [("GSM8K", "flat", "Gsm8k", "gsm8k", gsm8k_rows, flat_sample),
             ("GSM8K", "Bedrock chat", "Gsm8kChat", "gsm8k", gsm8k_rows, chat_sample),
             ("MATH", "flat", "Math", "math", math_rows, flat_sample)]

    for title, shape_name, bench_name, spec, rows, shape in cases:
        ev = evaluators[spec]
        handle, scratch = ev._state()
        size = args.batch
        count = len(rows) // MAX_BATCH * MAX_BATCH
        texts = batches(rows, shape, size, count)
        timed = len(texts) * size

        def rk_json(text, ev=ev):
            return ev.score_batch_json(text)

        def rk_dicts(text, ev=ev):
            return json.dumps(ev.score_batch(json.loads(text)))

        err = ctypes.c_void_p()
        out_size = ctypes.c_size_t()

        scores_only = 16  # RK_BATCH_SCORES_ONLY, as the Lambda runtime passes it

        def rk_bare(data, handle=handle, scratch=scratch, err=err, out_size=out_size):
            if lib.rk_score_batch_json(handle, scratch.context, data, len(data), scores_only,
                                       scratch.buffer, ctypes.byref(err)):
                raise RuntimeError("rk_score_batch_json failed")
            return ctypes.string_at(lib.rk_buffer_data(scratch.buffer, ctypes.byref(out_size)),
                                    out_size.value)

        as_text = lambda ts: ts  # noqa: E731
        encoded = [t.encode("utf-8") for t in texts]
        as_bytes = lambda ts: encoded  # noqa: E731
        paths = [(handler_main[spec][0], handler_main[spec][1], as_text),
                 (handler_short[spec][0], handler_short[spec][1], as_text),
                 (SKELETON, make_handler(lambda response, reference: (False, False)), as_text),
                 ("rk score_batch_json (binding)", rk_json, as_text),
                 ("rk score_batch (binding, dicts)", rk_dicts, as_text),
                 ("rk_score_batch_json (bare ctypes)", rk_bare, as_bytes)]

        # Verdicts over every sample of the data set, not timed, in the same batch size.
        all_texts = batches(rows, shape, size, len(rows))
        tail = len(rows) % size
        if tail:
            all_texts.append(dumps([shape(i, rows[i]) for i in range(len(rows) - tail,
                                                                        len(rows))]))
        verdicts = {}
        rk_scores = []
        for name, fn, prepared in paths:
            inputs = all_texts if prepared is as_text else [t.encode("utf-8") for t in all_texts]
            scores = []
            for t in inputs:
                scores.extend(r["aggregate_reward_score"] for r in json.loads(fn(t)))
            verdicts[name] = [s == 1 for s in scores]
            if fn is rk_json:
                rk_scores = scores

        cpp_rows = []
        if cpp:
            for bench in (f"BM_Batch_{bench_name}", f"BM_BatchJson_{bench_name}"):
                cpp_rows.append((bench, *run_batch_bench(bench_binary, bench, size, args.repeat)))
        timings = time_paths(paths, texts, size, args.repeat)

        print(f"## {title}, {shape_name} shape: {timed:,} samples timed in {len(texts)} batches "
              f"of {size}; agreement over all {len(rows):,}")
        print()
        print("| path | µs/sample median | p90 | vs handler | agreement with labels |")
        print("|---|---:|---:|---:|---:|")
        base = statistics.median(timings[paths[0][0]])
        for name, _, _ in paths:
            t = timings[name]
            agree, n = agreement(verdicts[name], rows)
            median = statistics.median(t)
            agreed = "(scores nothing)" if name == SKELETON else (
                f"{agree:,} / {n:,} ({100 * agree / n:.1f}%)")
            print(f"| {name} | {median / 1000:.2f} | {percentile(t, 0.9) / 1000:.2f} | "
                  f"{base / median:.1f}x | {agreed} |")
        for bench, cpp_timings, cpp_mean in cpp_rows:
            median = statistics.median(cpp_timings)
            mean_here = sum(rk_scores[:timed]) / timed
            check = "same mean score" if abs(mean_here - cpp_mean) < 1e-9 else (
                f"MEAN SCORE DIFFERS: {cpp_mean:.6f} vs {mean_here:.6f}")
            print(f"| C++ batch_bench {bench}/{size} | {median / 1000:.2f} | "
                  f"{percentile(cpp_timings, 0.9) / 1000:.2f} | {base / median:.1f}x | "
                  f"(as the library; {check}) |")
        print()


if __name__ == "__main__":
    main()
