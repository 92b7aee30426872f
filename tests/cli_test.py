# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the rewardkit command-line tool (standard library only).

Run by ctest with RK_CLI set to the built binary and the source tree as the
working directory.
"""

import json
import os
import subprocess
import tempfile
import unittest

CLI = os.environ.get("RK_CLI", "build/rewardkit")
GSM8K_SPEC = "examples/specs/gsm8k.json"
MATH_SPEC = "examples/specs/math.json"
MALFORMED = "tests/data/malformed.jsonl"


def run(*args, stdin=None):
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, timeout=120)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("//"):
                rows.append(json.loads(line))
    return rows


class HelpTest(unittest.TestCase):
    def test_help_lists_every_option(self):
        p = run("help", "score")
        self.assertEqual(p.returncode, 0)
        text = p.stdout.decode()
        for command in ["report", "validate-references", "check-spec"]:
            q = run("help", command)
            self.assertEqual(q.returncode, 0)
            self.assertIn(b"Usage: rewardkit " + command.encode(), q.stdout)
        for option in ["--spec", "--id-from-line", "--with-spec-hash", "--output", "--no-output", "--explain", "--threads",
                       "--label-field", "--disagreements", "--summary-json", "--fail-on-error",
                       "--progress", "--no-progress", "--quiet", "--help", "Exit status"]:
            self.assertIn(option, text)

    def test_no_arguments_is_a_usage_error(self):
        p = run()
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"Usage:", p.stderr)

    def test_unknown_option(self):
        p = run("score", "--spec", GSM8K_SPEC, "--frobnicate")
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"unknown option '--frobnicate'", p.stderr)

    def test_version(self):
        p = run("version")
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout.decode(), r"^rewardkit \d+\.\d+\.\d+")


class MalformedInputTest(unittest.TestCase):
    def test_one_result_per_line_in_order_with_ids(self):
        p = run("score", "--spec", GSM8K_SPEC, MALFORMED)
        self.assertEqual(p.returncode, 0, p.stderr)
        results = [json.loads(line) for line in p.stdout.decode().splitlines()]
        expected = read_jsonl("tests/data/malformed.expected.jsonl")
        self.assertEqual(len(results), len(expected))
        stderr = p.stderr.decode()
        for line_no, (got, want) in enumerate(zip(results, expected), start=1):
            self.assertEqual(got["id"], want["id"], f"line {line_no}")
            self.assertEqual(got["aggregate_reward_score"], want["score"], f"line {line_no}")
            names = [m["name"] for m in got["metrics_list"]]
            self.assertIn("error", names)
            error_value = [m["value"] for m in got["metrics_list"] if m["name"] == "error"][0]
            self.assertEqual(error_value, 0 if want["error"] is None else 1, f"line {line_no}")
            if want["error"] is not None:
                # stderr names the file, the line and the field.
                self.assertIn(f"{MALFORMED}:{line_no}: ", stderr)
                self.assertIn(want["error"], stderr)

    def test_fail_on_error(self):
        p = run("score", "--spec", GSM8K_SPEC, "--fail-on-error", "--no-output", MALFORMED)
        self.assertEqual(p.returncode, 1)

    def test_summary_counts(self):
        with tempfile.TemporaryDirectory() as d:
            summary = os.path.join(d, "summary.json")
            p = run("score", "--spec", GSM8K_SPEC, "--no-output", "--summary-json", summary, MALFORMED)
            self.assertEqual(p.returncode, 0)
            s = load_json(summary)
            self.assertEqual(s["samples"], 21)
            self.assertEqual(s["errors"], 17)
            self.assertEqual(s["correct"], 3)
            self.assertEqual(s["no_answer"], 1)
            self.assertIn("samples", p.stderr.decode())
            self.assertIn("errors      17", p.stderr.decode())


class CommandsTest(unittest.TestCase):
    def test_check_spec_prints_the_plan(self):
        p = run("check-spec", MATH_SPEC)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = p.stdout.decode()
        self.assertIn("correctness [correctness] Reward", out)
        self.assertIn("extract boxed > marker", out)
        self.assertIn("aggregate: weighted sum", out)

    def test_check_spec_lists_every_error(self):
        spec = {"version": "rewardkit/v1", "components": [
            {"type": "length", "shape": "band", "low": 10, "high": 5},
            {"type": "safety"},
            {"type": "similarity", "metric": "cosine"}]}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(spec, f)
        try:
            p = run("check-spec", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(p.returncode, 2)
        err = p.stderr.decode()
        self.assertIn("/components/0/high: must be at least \"low\"", err)
        self.assertIn("/components/1: a safety component needs a \"blocklist\" or \"pii\"", err)
        self.assertIn("/components/2/metric: expected one of", err)

    def test_report_shows_each_component(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "report.json")
            p = run("report", "-s", GSM8K_SPEC, "--no-progress", "--json", out,
                    "examples/data/gsm8k_bedrock.jsonl")
            self.assertEqual(p.returncode, 0, p.stderr)
            text = p.stdout.decode()
            self.assertIn("aggregate_reward_score  (n 96)", text)
            self.assertIn("correctness [correctness, Reward]", text)
            self.assertIn("answers found by extractor:", text)
            r = load_json(out)
            self.assertEqual(r["samples"], 96)
            agg = r["distributions"][0]
            self.assertEqual(sum(agg["histogram"]), 96)
            self.assertAlmostEqual(agg["mean"], 26 / 96)
            self.assertAlmostEqual(agg["zero_fraction"], 70 / 96)

    def test_validate_references_passes_and_fails(self):
        p = run("validate-references", "-s", GSM8K_SPEC, "examples/data/gsm8k_bedrock.jsonl")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn(b"96 of 96 references get full credit", p.stdout)
        data = (b'{"id": "a", "reference_answer": "18"}\n'
                b'{"id": "b", "reference_answer": "eighteen"}\n'
                b'{"id": "c", "response": "x"}\n')
        p = run("validate-references", "-s", GSM8K_SPEC, stdin=data)
        self.assertEqual(p.returncode, 1)
        out = p.stdout.decode()
        self.assertIn('standard input:2: sample "b"', out)
        self.assertIn("answer_not_number", out)
        self.assertIn('standard input:3: sample "c": /reference_answer: missing', out)
        self.assertIn("1 of 3 references get full credit", out)


class ScoreTest(unittest.TestCase):
    def test_invalid_spec_exits_2_naming_the_field(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write('{"version": "rewardkit/v1", "components": [{"type": "correctness", '
                    '"extract": {"type": "boxd"}}]}')
        try:
            p = run("score", "--spec", f.name, MALFORMED)
        finally:
            os.unlink(f.name)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"/components/0/extract/type", p.stderr)
        self.assertEqual(p.stdout, b"")

    def test_unreadable_input_exits_2(self):
        p = run("score", "--spec", GSM8K_SPEC, "no/such/file.jsonl")
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"no/such/file.jsonl", p.stderr)

    def test_json_array_input(self):
        p = run("score", "--spec", GSM8K_SPEC, "examples/data/gsm8k_flat_array.json")
        self.assertEqual(p.returncode, 0, p.stderr)
        results = [json.loads(line) for line in p.stdout.decode().splitlines()]
        samples = load_json("examples/data/gsm8k_flat_array.json")
        self.assertEqual([r["id"] for r in results], [s["id"] for s in samples])

    def test_stdin_and_threads_give_identical_output(self):
        data = read_bytes("examples/data/gsm8k_bedrock.jsonl")
        one = run("score", "--spec", GSM8K_SPEC, "-q", stdin=data)
        two = run("score", "--spec", GSM8K_SPEC, "-q", "--threads", "2", stdin=data)
        three = run("score", "--spec=" + GSM8K_SPEC, "-q", "-j3", stdin=data)
        self.assertEqual(one.stdout, three.stdout)
        self.assertEqual(one.returncode, 0)
        self.assertEqual(one.stdout, two.stdout)
        self.assertEqual(len(one.stdout.splitlines()), data.count(b"\n"))

    def test_label_agreement_on_bundled_samples(self):
        with tempfile.TemporaryDirectory() as d:
            summary = os.path.join(d, "s.json")
            p = run("score", "--spec", GSM8K_SPEC, "--no-output", "--label-field", "label",
                    "--summary-json", summary, "examples/data/gsm8k_bedrock.jsonl")
            self.assertEqual(p.returncode, 0, p.stderr)
            s = load_json(summary)
            self.assertEqual(s["labelled"], 96)
            self.assertEqual(s["agree"], 96)

    def test_explain_adds_details(self):
        p = run("score", "--spec", MATH_SPEC, "--explain", "examples/data/math_nova.jsonl")
        self.assertEqual(p.returncode, 0, p.stderr)
        first = json.loads(p.stdout.decode().splitlines()[0])
        self.assertIn("details", first)
        self.assertEqual(first["details"]["extractor"], "boxed")
        self.assertIn("normalized_answer", first["details"])

    def test_id_from_line(self):
        data = b'{"response": "#### 1", "reference_answer": "1"}\n\n{"id": "x", "response": "#### 2", "reference_answer": "1"}\n'
        p = run("score", "-s", GSM8K_SPEC, "-q", "--id-from-line", stdin=data)
        self.assertEqual(p.returncode, 0)
        results = [json.loads(line) for line in p.stdout.decode().splitlines()]
        self.assertEqual([r["id"] for r in results], [1, "x"])
        self.assertEqual([r["aggregate_reward_score"] for r in results], [1, 0])
        p = run("score", "-s", GSM8K_SPEC, "-q", stdin=data)
        self.assertIsNone(json.loads(p.stdout.decode().splitlines()[0])["id"])

    def test_unclosed_array_loses_no_sample(self):
        data = b'[{"id": "a", "response": "#### 1", "reference_answer": "1"},\n {"id": "b", "response": "#### 1", "reference_answer": "1"}\n'
        p = run("score", "-s", GSM8K_SPEC, stdin=data)
        self.assertEqual(p.returncode, 0)
        results = [json.loads(line) for line in p.stdout.decode().splitlines()]
        self.assertEqual([r["id"] for r in results], ["a", "b"])
        self.assertEqual([r["aggregate_reward_score"] for r in results], [1, 0])
        self.assertIn(b'standard input:2: sample "b": the JSON array is not closed', p.stderr)

    def test_with_spec_hash(self):
        check = run("check-spec", GSM8K_SPEC).stdout.decode()
        p = run("score", "-s", GSM8K_SPEC, "-q", "--with-spec-hash", "examples/data/gsm8k_flat_array.json")
        self.assertEqual(p.returncode, 0)
        first = json.loads(p.stdout.decode().splitlines()[0])
        self.assertEqual(len(first["spec_hash"]), 16)
        self.assertIn("(hash " + first["spec_hash"] + ")", check)

    def test_output_file(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out.jsonl")
            p = run("score", "-s", GSM8K_SPEC, "-o", out, "examples/data/gsm8k_bedrock.jsonl")
            self.assertEqual(p.returncode, 0)
            self.assertEqual(p.stdout, b"")
            self.assertEqual(len(read_bytes(out).splitlines()), 96)


if __name__ == "__main__":
    unittest.main()
