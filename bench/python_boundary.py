#!/usr/bin/env python3
# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""What crossing the Python/C boundary costs per sample, for each way of scoring.

    python3 bench/python_boundary.py --library build/capi/librewardkit_c.so \\
        --spec examples/specs/gsm8k.json --data ../shared/data/gsm8k_model_samples.jsonl \\
        [--batch 64] [--repeat 7] [--limit N]

The data is JSON Lines of flat samples ({"response", "reference_answer"}). Every method scores
every sample once per repeat; a repeat's time divided by the number of samples is its time per
sample, and the table shows the median (and the fastest) over the repeats:

  Evaluator.score                one native call per sample, then one more for the whole
                                 result as JSON (rk_result_json), parsed into a ScoreResult
  Evaluator.score_batch          64 sample dicts: json.dumps, one call, json.loads
  Evaluator.score_batch_json     64 samples already JSON text: one call, the JSON text back
  Evaluator.score_arrays         64 str pairs: encoding, ctypes arrays, one call
  score_arrays(return_results)   the same, then every result read back in one more call
                                 (rk_context_batch_json) and parsed (what verl's dicts need)
  rk_score_arrays (bare)         the same call with the ctypes arrays built beforehand: the
                                 library's own time plus ctypes' fixed cost

"calls" counts the calls that do work; rk_buffer_data, which hands back the JSON text, is not
counted.

Standard library only; time.perf_counter_ns.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--library", required=True, help="librewardkit_c.so to load (RK_LIBRARY)")
    p.add_argument("--spec", required=True, help="the spec file")
    p.add_argument("--data", required=True, help="JSON Lines of {response, reference_answer}")
    p.add_argument("--batch", type=int, default=64, help="samples per batch call (default 64)")
    p.add_argument("--repeat", type=int, default=7, help="repeats; medians over them (default 7)")
    p.add_argument("--limit", type=int, default=0, help="use only the first N samples")
    return p.parse_args()


def load_rewardkit(library):
    os.environ["RK_LIBRARY"] = os.path.abspath(library)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(os.path.dirname(here), "capi", "python"))
    import rewardkit

    return rewardkit


def read_samples(path, limit):
    responses, references = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            responses.append(row["response"])
            references.append(str(row["reference_answer"]))
            if limit and len(responses) == limit:
                break
    return responses, references


def chunks(n, size):
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def measure(fn, n, repeat):
    """fn() scores all n samples once and returns the scores. Returns (median ns per sample,
    best ns per sample, the scores of the last run)."""
    fn()  # warm up: per-thread scratch, buffers grown, caches
    per_sample = []
    scores = None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter_ns()
            scores = fn()
            elapsed = time.perf_counter_ns() - start
        finally:
            gc.enable()
        per_sample.append(elapsed / n)
    return statistics.median(per_sample), min(per_sample), scores


def main():
    args = parse_args()
    rewardkit = load_rewardkit(args.library)
    import ctypes

    ev = rewardkit.Evaluator.from_file(args.spec)
    responses, references = read_samples(args.data, args.limit)
    n = len(responses)
    if n == 0:
        sys.exit(f"{args.data}: no samples")
    spans = chunks(n, args.batch)
    samples = [{"id": i, "response": r, "reference_answer": ref}
               for i, (r, ref) in enumerate(zip(responses, references))]
    batch_texts = [json.dumps(samples[a:b], ensure_ascii=False).encode() for a, b in spans]

    def by_score():
        return [ev.score(r, ref).score for r, ref in zip(responses, references)]

    def by_batch():
        out = []
        for a, b in spans:
            out.extend(r["aggregate_reward_score"] for r in ev.score_batch(samples[a:b]))
        return out

    def by_batch_json():
        out = []
        for text in batch_texts:
            out.append(ev.score_batch_json(text))
        return [r["aggregate_reward_score"] for t in out for r in json.loads(t)]

    def by_arrays():
        out = []
        for a, b in spans:
            out.extend(ev.score_arrays(responses[a:b], references[a:b]))
        return out

    def by_arrays_results():
        out = []
        for a, b in spans:
            out.extend(r.score for r in ev.score_arrays(responses[a:b], references[a:b],
                                                        return_results=True))
        return out

    # The bare call: arrays built once, outside the timing.
    lib = rewardkit._lib
    handle, scratch = ev._state()
    prepared = []
    for a, b in spans:
        m = b - a
        resp = [s.encode() for s in responses[a:b]]
        refs = [s.encode() for s in references[a:b]]
        prepared.append((m, (ctypes.c_char_p * m)(*resp), (ctypes.c_size_t * m)(*map(len, resp)),
                         (ctypes.c_char_p * m)(*refs), (ctypes.c_size_t * m)(*map(len, refs)),
                         (ctypes.c_double * m)()))
    err = ctypes.c_void_p()

    def by_bare_arrays():
        out = []
        for m, rp, rl, fp, fl, scores in prepared:
            if lib.rk_score_arrays(handle, scratch.context, m, rp, rl, fp, fl, None, None,
                                   scores, None, ctypes.byref(err)):
                raise RuntimeError("rk_score_arrays failed")
            out.extend(scores)
        return out

    # by_batch_json is timed without its json.loads of the results: only the call and the text.
    def by_batch_json_timed():
        for text in batch_texts:
            ev.score_batch_json(text)
        return None

    rows = [
        ("Evaluator.score", "2 calls / sample", by_score),
        ("Evaluator.score_batch", f"1 call / {args.batch}", by_batch),
        ("Evaluator.score_batch_json", f"1 call / {args.batch}", by_batch_json_timed),
        ("Evaluator.score_arrays", f"1 call / {args.batch}", by_arrays),
        ("score_arrays(return_results)", f"2 calls / {args.batch}", by_arrays_results),
        ("rk_score_arrays (bare)", f"1 call / {args.batch}", by_bare_arrays),
    ]

    # The methods must agree before their times mean anything.
    reference_scores = by_score()
    for name, fn in (("score_batch", by_batch), ("score_batch_json", by_batch_json),
                     ("score_arrays", by_arrays), ("return_results", by_arrays_results),
                     ("rk_score_arrays", by_bare_arrays)):
        if fn() != reference_scores:
            sys.exit(f"{name} disagrees with Evaluator.score")

    print(f"rewardkit {rewardkit.version()}  {rewardkit.library_file}")
    print(f"spec {ev.name} ({ev.spec_hash}) from {args.spec}")
    print(f"{n} samples from {args.data}, {sum(reference_scores):g} scored 1; "
          f"batches of {args.batch}, {args.repeat} repeats, Python {sys.version.split()[0]}")
    print()
    header = f"{'method':<29} {'calls':<16} {'µs/sample':>9} {'best':>8} {'samples/s':>10}"
    print(header)
    print("-" * len(header))
    for name, calls, fn in rows:
        median, best, _ = measure(fn, n, args.repeat)
        print(f"{name:<29} {calls:<16} {median / 1000:>9.2f} {best / 1000:>8.2f} "
              f"{1e9 / median:>10,.0f}")


if __name__ == "__main__":
    main()
