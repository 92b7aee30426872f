# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the AWS Lambda deployment package, rewardkit-lambda.zip
(standard library only).

The zip is unpacked into a temporary LAMBDA_TASK_ROOT and its `bootstrap` is
run as Lambda runs a provided.al2023 custom runtime, against the Runtime API
server of tests/lambda/runtime_api.py. Run by ctest with
    RK_LAMBDA_ZIP        the zip the packaging command produced (required)
    RK_SHARED_DATA_DIR   ../shared/data (gsm8k_model_samples.jsonl)
and the source tree as the working directory:
    RK_LAMBDA_ZIP=build-lambda/rewardkit-lambda.zip RK_SHARED_DATA_DIR=../shared/data \\
        python3 tests/lambda_e2e_test.py -v

The figures the lead copies into docs/lambda.md are printed in blocks headed
"==== rewardkit Lambda".
"""

import http.client
import json
import math
import os
import shutil
import socket
import stat
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lambda"))
import runtime_api  # noqa: E402  (tests/lambda/runtime_api.py)
from runtime_api import RuntimeApiServer  # noqa: E402

ZIP = os.environ.get("RK_LAMBDA_ZIP", "")
DATA_DIR = os.environ.get("RK_SHARED_DATA_DIR", os.path.join(HERE, "..", "..", "shared", "data"))
SAMPLES = os.path.join(DATA_DIR, "gsm8k_model_samples.jsonl")
GSM8K_SPEC = os.path.join(HERE, "..", "examples", "specs", "gsm8k.json")
FUNCTION_NAME = "rewardkit-e2e"
GSM8K_METRICS = ["correctness", "correctness_answer_found", "error"]
EMF_UNITS = {  # CloudWatch's StandardUnit values
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes",
    "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
    "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
    "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
    "Count/Second", "None"}


# ---------------------------------------------------------------------------
# The package and the data

_task_root_dir = None


def require_zip():
    """The zip's path; an error (never a skip) when it is not given."""
    if not ZIP:
        raise RuntimeError("RK_LAMBDA_ZIP is not set: it must name the deployment package "
                           "(build-lambda/rewardkit-lambda.zip, made by the lambda_zip target)")
    if not os.path.isfile(ZIP):
        raise RuntimeError(f"RK_LAMBDA_ZIP={ZIP}: no such file")
    return ZIP


def unpack(zip_path, dest):
    """Unpacks the zip into dest as Lambda does, with each entry's Unix mode."""
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            z.extract(info, dest)
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(os.path.join(dest, info.filename), mode)


def task_root():
    """The zip unpacked once into a temporary directory, for every test."""
    global _task_root_dir
    if _task_root_dir is None:
        d = tempfile.TemporaryDirectory(prefix="rk-lambda-task-")
        unpack(require_zip(), d.name)
        _task_root_dir = d
    return _task_root_dir.name


def tearDownModule():
    if _task_root_dir is not None:
        _task_root_dir.cleanup()


_rows = None


def rows():
    """gsm8k_model_samples.jsonl: problem, response, reference_answer, label."""
    global _rows
    if _rows is None:
        with open(SAMPLES, encoding="utf-8") as f:
            _rows = [json.loads(line) for line in f if line.strip()]
    return _rows


def chat_sample(i, row):
    return {"id": f"gsm8k-{i}",
            "messages": [{"role": "user", "content": row["problem"]},
                         {"role": "assistant", "content": row["response"]}],
            "metadata": {"reference_answer": row["reference_answer"]}}


def flat_sample(i, row):
    return {"id": i, "response": row["response"], "reference_answer": row["reference_answer"]}


def batch(shape, start, count):
    """Samples start..start+count of the data set in one shape, with their
    expected ids and labels."""
    make = chat_sample if shape == "chat" else flat_sample
    picked = rows()[start:start + count]
    samples = [make(start + k, r) for k, r in enumerate(picked)]
    return samples, [s["id"] for s in samples], [r["label"] for r in picked]


def encode(samples):
    return json.dumps(samples, ensure_ascii=False).encode("utf-8")


def percentile(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


# ---------------------------------------------------------------------------
# A running bootstrap

class Runtime:
    """`bootstrap` from a task root, started as Lambda starts it, with its own
    Runtime API server. stdout and stderr are read by threads, so that the
    pipes never fill."""

    def __init__(self, root, handler="spec.json"):
        self.api = RuntimeApiServer(function_name=FUNCTION_NAME).start()
        env = {
            "AWS_LAMBDA_RUNTIME_API": self.api.endpoint,
            "LAMBDA_TASK_ROOT": root,
            "LAMBDA_RUNTIME_DIR": "/var/runtime",
            "AWS_LAMBDA_FUNCTION_NAME": FUNCTION_NAME,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{FUNCTION_NAME}",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2026/01/01/[$LATEST]e2e",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "_HANDLER": handler,
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "PATH": "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
        }
        self.lines = []        # stdout lines, decoded
        self.emf = []          # the stdout lines that start with {"_aws":
        self.stderr = []
        self._cond = threading.Condition()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([os.path.join(root, "bootstrap")], cwd=root, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self._threads = [threading.Thread(target=self._read, args=(self.proc.stdout, True), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, False), daemon=True)]
        for t in self._threads:
            t.start()

    def _read(self, pipe, is_stdout):
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._cond:
                if is_stdout:
                    self.lines.append(line)
                    if line.startswith('{"_aws":'):
                        self.emf.append(line)
                else:
                    self.stderr.append(line)
                self._cond.notify_all()

    def invocations(self):
        """How many events the runtime has taken so far: the index of the
        next invocation's EMF line."""
        return self.api.counters()["events_sent"]

    def wait_emf(self, count, timeout=10.0):
        """The first `count` EMF lines, once that many were printed."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.emf) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} EMF lines on stdout, got {len(self.emf)}"
                                         f"{self.describe()}")
                self._cond.wait(left)
            return list(self.emf[:count])

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS in /proc/PID/status")

    def describe(self):
        """The process's state and the end of its stderr, for failure messages."""
        rc = self.proc.poll()
        state = "running" if rc is None else f"exited with status {rc}"
        with self._cond:
            tail = "\n  ".join(self.stderr[-15:])
        return f"\n[bootstrap {state}; stderr:\n  {tail}]"

    def invoke(self, test, event, timeout=30.0):
        try:
            return self.api.invoke(event, timeout)
        except TimeoutError as e:
            test.fail(f"{e}{self.describe()}")

    def assert_healthy(self, test):
        test.assertEqual(self.api.protocol_violations, [], "Runtime API protocol violations")
        test.assertIsNone(self.proc.poll(), f"bootstrap stopped serving{self.describe()}")

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.api.stop()
        for t in self._threads:
            t.join(5)
        self.proc.stdout.close()
        self.proc.stderr.close()


def scores_and_labels_check(test, body, ids, labels, where=""):
    """The response is a JSON array of one result per sample, in order, with
    the sample's id, the result shape of docs/input.md, and a score of 1
    exactly where the sample's label is true."""
    results = json.loads(body)
    test.assertIsInstance(results, list, where)
    test.assertEqual(len(results), len(ids), f"{where}: results for {len(ids)} samples")
    for k, (r, want_id, label) in enumerate(zip(results, ids, labels)):
        at = f"{where} result {k}"
        test.assertEqual(set(r), {"id", "aggregate_reward_score", "metrics_list"}, at)
        test.assertEqual(r["id"], want_id, at)
        test.assertIs(type(r["id"]), type(want_id), f"{at}: the id is written back as it came")
        test.assertEqual([m["name"] for m in r["metrics_list"]], GSM8K_METRICS, at)
        for m in r["metrics_list"]:
            test.assertEqual(set(m), {"name", "value", "type"}, at)
            test.assertIn(m["type"], ("Reward", "Metric"), at)
            test.assertIsInstance(m["value"], (int, float), at)
            test.assertNotIsInstance(m["value"], bool, at)
        test.assertEqual(r["metrics_list"][2]["value"], 0, f"{at}: error metric")
        test.assertIn(r["aggregate_reward_score"], (0, 1), at)
        test.assertEqual(r["aggregate_reward_score"] == 1, label,
                         f"{at}: score {r['aggregate_reward_score']} but label {label}")
    return results


def check_emf(test, line, components, delivered=True):
    """`line` is one valid CloudWatch Embedded Metric Format document with the
    members the runtime promises; returns it parsed. A failed invocation
    (`delivered` false) reports FailedInvocations and no means."""
    doc = json.loads(line)
    test.assertIsInstance(doc, dict)
    aws = doc["_aws"]
    test.assertIsInstance(aws["Timestamp"], int)
    test.assertLess(abs(aws["Timestamp"] - time.time() * 1000), 300_000, "Timestamp is epoch ms")
    directives = aws["CloudWatchMetrics"]
    test.assertIsInstance(directives, list)
    test.assertGreaterEqual(len(directives), 1)
    d = directives[0]
    test.assertEqual(d["Namespace"], "rewardkit")
    test.assertEqual(d["Dimensions"], [["FunctionName", "Spec"]])
    metrics = d["Metrics"]
    test.assertIsInstance(metrics, list)
    test.assertLessEqual(len(metrics), 100, "CloudWatch takes at most 100 metrics a directive")
    names = [m["Name"] for m in metrics]
    test.assertEqual(len(names), len(set(names)), "metric names are unique")
    for dims in d["Dimensions"]:
        for key in dims:
            test.assertIsInstance(doc.get(key), str, f"dimension {key} is a top-level string")
    for m in metrics:
        test.assertIn(m.get("Unit", "None"), EMF_UNITS, m)
        value = doc.get(m["Name"])
        test.assertIsInstance(value, (int, float), f"metric {m['Name']} is a top-level number")
        test.assertNotIsInstance(value, bool)
        test.assertTrue(math.isfinite(value), m["Name"])
    units = {m["Name"]: m.get("Unit") for m in metrics}
    expected = {"Samples": "Count", "Errors": "Count", "FailedInvocations": "Count",
                "HandlerLatency": "Milliseconds"}
    if delivered:
        expected["MeanReward"] = "None"
        expected.update({f"Mean.{c}": "None" for c in components})
    test.assertEqual(units, expected)
    test.assertEqual(doc["FailedInvocations"], 0 if delivered else 1)
    if not delivered:
        test.assertEqual(doc["Samples"], 0)
        test.assertNotIn("MeanReward", doc)
    test.assertEqual(doc["FunctionName"], FUNCTION_NAME)
    return doc


def spec_components(root):
    with open(os.path.join(root, "spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    return [c.get("name", c["type"]) for c in spec["components"]], spec.get("name")


# ---------------------------------------------------------------------------
# The package

class PackageTest(unittest.TestCase):
    def test_bootstrap_and_spec_at_the_root(self):
        with zipfile.ZipFile(require_zip()) as z:
            infos = {i.filename: i for i in z.infolist()}
            self.assertIn("bootstrap", infos, f"entries: {sorted(infos)}")
            self.assertIn("spec.json", infos, f"entries: {sorted(infos)}")
            boot = infos["bootstrap"]
            self.assertEqual(boot.create_system, 3, "made on Unix, so that Lambda reads the mode")
            mode = boot.external_attr >> 16
            self.assertEqual(mode & 0o777, 0o755, f"bootstrap mode {oct(mode)}")
            self.assertTrue(stat.S_ISREG(mode), f"bootstrap is a regular file ({oct(mode)})")
            spec = json.loads(z.read("spec.json"))
        with open(GSM8K_SPEC, encoding="utf-8") as f:
            self.assertEqual(spec, json.load(f), "spec.json is examples/specs/gsm8k.json, which the "
                             "label checks below rely on")
        path = os.path.join(task_root(), "bootstrap")
        self.assertTrue(os.access(path, os.X_OK), "bootstrap is executable once unpacked")


# ---------------------------------------------------------------------------
# Invocations

class InvocationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = task_root()
        cls.components, cls.spec_name = spec_components(cls.root)
        cls.rt = Runtime(cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.rt.close()

    def tearDown(self):
        self.rt.assert_healthy(self)

    def invoke(self, event, timeout=30.0):
        return self.rt.invoke(self, event, timeout)

    def assert_response(self, out):
        self.assertEqual(out.kind, "response",
                         f"{out.error_type}: {out.body[:300]!r}{self.rt.describe()}")
        self.assertEqual(out.status, 202)

    def test_128_samples_in_each_shape(self):
        by_shape = {}
        for shape in ("chat", "flat"):
            samples, ids, labels = batch(shape, 0, 128)
            out = self.invoke(encode(samples))
            self.assert_response(out)
            self.assertEqual(out.event_encoding, "chunked")
            by_shape[shape] = scores_and_labels_check(self, out.body, ids, labels, shape)
        for chat, flat in zip(by_shape["chat"], by_shape["flat"]):
            self.assertEqual(chat["aggregate_reward_score"], flat["aggregate_reward_score"])
            self.assertEqual(chat["metrics_list"], flat["metrics_list"])
        self.assertGreater(sum(r["aggregate_reward_score"] for r in by_shape["chat"]), 0)
        self.assertLess(sum(r["aggregate_reward_score"] for r in by_shape["chat"]), 128)

    def test_trajectories_wrapper_gives_the_same_results(self):
        for shape in ("chat", "flat"):
            samples, ids, labels = batch(shape, 0, 128)
            plain = self.invoke(encode(samples))
            wrapped = self.invoke(json.dumps({"trajectories": samples}).encode())
            self.assert_response(plain)
            self.assert_response(wrapped)
            scores_and_labels_check(self, wrapped.body, ids, labels, f"{shape} in trajectories")
            self.assertEqual(json.loads(wrapped.body), json.loads(plain.body), shape)

    def test_small_event_with_content_length(self):
        samples = [{"id": "a", "response": "9 * 2 = 18\n#### 18", "reference_answer": "18"},
                   {"id": 7, "response": "The answer is 5", "reference_answer": "4"}]
        out = self.invoke(encode(samples))
        self.assert_response(out)
        self.assertEqual(out.event_encoding, "content-length")
        scores_and_labels_check(self, out.body, ["a", 7], [True, False], "small")
        out = self.invoke(b"[]")
        self.assert_response(out)
        self.assertEqual(json.loads(out.body), [])

    def test_malformed_event_is_a_function_error_and_the_runtime_goes_on(self):
        cases = [(b"this is not JSON", "not a JSON array of samples"),
                 (b'{"samples": [{"id": 1}]}', "trajectories"),
                 (b"42", "not a JSON array of samples"),
                 (b'{"trajectories": 5}', "trajectories")]
        good, ids, labels = batch("flat", 200, 4)
        for event, named in cases:
            mark = self.rt.invocations()
            out = self.invoke(event)
            check_emf(self, self.rt.wait_emf(mark + 1)[mark], self.components, delivered=False)
            self.assertEqual(out.kind, "error", f"{event!r}: {out.body[:200]!r}")
            self.assertEqual(out.status, 202)
            self.assertTrue(out.error_type and out.error_type.startswith("Function."),
                            f"{event!r}: error type {out.error_type!r}")
            doc = out.json()
            self.assertEqual(doc["errorType"], out.error_type)
            self.assertIn(named, doc["errorMessage"], f"{event!r}: the message names the problem")
            after = self.invoke(encode(good))
            self.assert_response(after)
            scores_and_labels_check(self, after.body, ids, labels, f"after {event!r}")

    def test_bad_samples_get_error_results_in_place(self):
        good, good_ids, good_labels = batch("chat", 300, 3)
        elements = [json.dumps(good[0]).encode(),
                    b'{"id": "bad-json", "response": "#### 5" "reference_answer": "5"}',
                    json.dumps(good[1]).encode(),
                    b'{"id": "bad-utf8", "response": "The answer is 5 \xff\xfe", "reference_answer": "5"}',
                    b'{"id": "no-reference", "response": "#### 5"}',
                    json.dumps(good[2]).encode()]
        event = b"[" + b",\n".join(elements) + b"]"
        mark = self.rt.invocations()  # one EMF line per invocation, in order
        out = self.invoke(event)
        self.assert_response(out)
        results = json.loads(out.body)
        self.assertEqual([r["id"] for r in results],
                         [good_ids[0], "bad-json", good_ids[1], "bad-utf8", "no-reference", good_ids[2]])
        for k in (1, 3, 4):
            self.assertEqual(results[k]["aggregate_reward_score"], 0, results[k])
            self.assertEqual(results[k]["metrics_list"], [{"name": "error", "value": 1, "type": "Metric"}])
        for k, label in zip((0, 2, 5), good_labels):
            names = {m["name"]: m["value"] for m in results[k]["metrics_list"]}
            self.assertEqual(names["error"], 0, results[k])
            self.assertEqual(results[k]["aggregate_reward_score"] == 1, label, results[k])
        emf = check_emf(self, self.rt.wait_emf(mark + 1)[mark], self.components)
        self.assertEqual(emf["Samples"], 6)
        self.assertEqual(emf["Errors"], 3)
        scores = [r["aggregate_reward_score"] for r in results]
        self.assertAlmostEqual(emf["MeanReward"], sum(scores) / len(scores), places=9)

    def test_oversize_response_is_a_function_error_not_a_413(self):
        samples = [{"id": f"o{i}", "response": "#### 1", "reference_answer": "1"} for i in range(40000)]
        event = encode(samples)
        too_large_before = self.api_counters()["responses_too_large"]
        mark = self.rt.invocations()
        out = self.invoke(event, timeout=60.0)
        emf = check_emf(self, self.rt.wait_emf(mark + 1)[mark], self.components, delivered=False)
        self.assertEqual(emf["Samples"], 0, "the service got none of the batch")
        self.assertEqual(self.api_counters()["responses_too_large"], too_large_before,
                         "the runtime posted a response over 6 MiB and got a 413 from the service")
        self.assertEqual(out.kind, "error", out.body[:200])
        self.assertEqual(out.status, 202)
        self.assertEqual(out.error_type, "Function.ResponseSizeTooLarge")
        doc = out.json()
        self.assertEqual(doc["errorType"], "Function.ResponseSizeTooLarge")
        self.assertTrue(doc["errorMessage"])
        good, ids, labels = batch("chat", 400, 16)
        after = self.invoke(encode(good))
        self.assert_response(after)
        scores_and_labels_check(self, after.body, ids, labels, "after the oversize batch")

    def api_counters(self):
        return self.rt.api.counters()


# ---------------------------------------------------------------------------
# Start-up errors

class InitErrorTest(unittest.TestCase):
    def start_with(self, write_spec):
        """Runs bootstrap from a copy of the task root whose spec.json
        `write_spec(path)` replaced or removed; returns (init error, runtime)
        once the process has exited."""
        d = tempfile.TemporaryDirectory(prefix="rk-lambda-bad-")
        self.addCleanup(d.cleanup)
        shutil.copytree(task_root(), d.name, dirs_exist_ok=True)
        self.assertTrue(os.access(os.path.join(d.name, "bootstrap"), os.X_OK))
        write_spec(os.path.join(d.name, "spec.json"))
        rt = Runtime(d.name)
        self.addCleanup(rt.close)
        try:
            init = rt.api.init_error(10.0)
        except TimeoutError as e:
            self.fail(f"{e}{rt.describe()}")
        try:
            rc = rt.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.fail(f"bootstrap did not exit after POST /runtime/init/error{rt.describe()}")
        self.assertNotEqual(rc, 0, "bootstrap exits non-zero after an init error")
        self.assertEqual(rt.api.protocol_violations, [])
        self.assertEqual(rt.api.counters()["next_requests"], 0,
                         "no GET /invocation/next after an init error")
        self.assertTrue(init.error_type and init.error_type.startswith("Runtime."),
                        f"error type {init.error_type!r}")
        doc = init.json()
        self.assertEqual(doc["errorType"], init.error_type)
        return doc["errorMessage"], rt

    def test_invalid_spec_names_the_field(self):
        def write(path):
            with open(path, encoding="utf-8") as f:
                spec = json.load(f)
            spec["components"][0]["compare"]["type"] = "nonsense"
            with open(path, "w", encoding="utf-8") as f:
                json.dump(spec, f)
        message, _ = self.start_with(write)
        self.assertIn("/components/0/compare/type", message)
        self.assertIn("nonsense", message)

    def test_spec_that_is_not_json(self):
        def write(path):
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"version": "rewardkit/v1", "components": [')
        message, _ = self.start_with(write)
        self.assertIn("spec.json", message)
        self.assertIn("JSON", message)

    def test_missing_spec(self):
        message, _ = self.start_with(os.remove)
        self.assertIn("spec.json", message)


# ---------------------------------------------------------------------------
# Many invocations: memory, throughput, latency, metrics

class SoakTest(unittest.TestCase):
    INVOCATIONS = 10_000
    BATCH = 8

    def test_no_resident_memory_growth_over_10000_invocations(self):
        rt = Runtime(task_root())
        self.addCleanup(rt.close)
        n_rows = len(rows())
        events = []
        for k, start in enumerate(range(0, n_rows - self.BATCH, self.BATCH)):
            shape = "chat" if k % 2 == 0 else "flat"
            samples, ids, labels = batch(shape, start, self.BATCH)
            events.append((encode(samples), ids, labels))
        rss = {}
        started = time.perf_counter()
        for i in range(1, self.INVOCATIONS + 1):
            event, ids, labels = events[(i - 1) % len(events)]
            out = rt.invoke(self, event)
            if out.kind != "response":
                self.fail(f"invocation {i}: {out.error_type}: {out.body[:300]!r}{rt.describe()}")
            results = json.loads(out.body)
            self.assertEqual([r["id"] for r in results], ids, f"invocation {i}")
            self.assertEqual([r["aggregate_reward_score"] == 1 for r in results], labels, f"invocation {i}")
            if i in (1_000, self.INVOCATIONS):
                rss[i] = rt.rss_kb()
        elapsed = time.perf_counter() - started
        growth = rss[self.INVOCATIONS] - rss[1_000]
        print(f"\n==== rewardkit Lambda: memory over {self.INVOCATIONS:,} invocations "
              f"({self.BATCH} samples each, chat and flat shapes alternating) ====\n"
              f"VmRSS after  1,000 invocations: {rss[1_000]:>8,} kB\n"
              f"VmRSS after {self.INVOCATIONS:,} invocations: {rss[self.INVOCATIONS]:>8,} kB\n"
              f"growth: {growth:+,} kB (limit < 1,024 kB)\n"
              f"wall time: {elapsed:.1f} s ({self.INVOCATIONS / elapsed:,.0f} invocations/s with "
              f"{self.BATCH}-sample batches)\n"
              f"TCP connections the runtime opened: {rt.api.counters()['connections']}\n"
              f"====", flush=True)
        self.assertLess(growth, 1024, f"VmRSS grew by {growth} kB between invocation 1,000 and "
                        f"{self.INVOCATIONS:,}")
        self.assertEqual(len(rt.wait_emf(self.INVOCATIONS)), self.INVOCATIONS,
                         "one EMF line per invocation")
        self.assertEqual(rt.api.counters()["connections"], 1,
                         "the runtime keeps one connection alive to the Runtime API")
        rt.assert_healthy(self)


class FiguresTest(unittest.TestCase):
    INVOCATIONS = 300
    BATCH = 128

    def test_throughput_latency_and_emf(self):
        root = task_root()
        components, spec_name = spec_components(root)
        rt = Runtime(root)
        self.addCleanup(rt.close)
        n_rows = len(rows())
        events = []
        for k in range(self.INVOCATIONS):
            start = (k * self.BATCH) % (n_rows - self.BATCH)
            shape = "chat" if k % 2 == 0 else "flat"
            samples, ids, labels = batch(shape, start, self.BATCH)
            events.append((encode(samples), ids, labels))
        # Warm up (page in the binary, fill the caches) before measuring.
        for event, _, _ in events[:10]:
            rt.invoke(self, event)
        init_ms = (rt.api.first_next_at - rt.started) * 1000
        mark = rt.invocations()
        self.assertEqual(mark, 10)
        outcomes = []
        started = time.perf_counter()
        for event, _, _ in events:
            outcomes.append(rt.invoke(self, event))
        elapsed = time.perf_counter() - started
        for k, (out, (_, ids, labels)) in enumerate(zip(outcomes, events)):
            self.assertEqual(out.kind, "response", f"invocation {k}: {out.body[:200]!r}")
            scores_and_labels_check(self, out.body, ids, labels, f"invocation {k}")

        lines = rt.wait_emf(mark + self.INVOCATIONS)[mark:]
        emf_latency = []
        for k, (line, out) in enumerate(zip(lines, outcomes)):
            doc = check_emf(self, line, components)
            self.assertEqual(doc["Spec"], spec_name)
            self.assertEqual(doc["Samples"], self.BATCH, f"invocation {k}")
            self.assertEqual(doc["Errors"], 0, f"invocation {k}")
            results = json.loads(out.body)
            scores = [r["aggregate_reward_score"] for r in results]
            self.assertAlmostEqual(doc["MeanReward"], sum(scores) / len(scores), places=9,
                                   msg=f"invocation {k}")
            for c in components:
                values = [m["value"] for r in results for m in r["metrics_list"] if m["name"] == c]
                self.assertAlmostEqual(doc[f"Mean.{c}"], sum(values) / len(values), places=9,
                                       msg=f"invocation {k}: Mean.{c}")
            self.assertGreaterEqual(doc["HandlerLatency"], 0)
            emf_latency.append(doc["HandlerLatency"])

        server_ms = [o.handler_ms for o in outcomes]
        # HandlerLatency is in milliseconds: within a factor of 20 of the
        # server's measure of nearly the same interval (seconds or
        # microseconds would be a factor of 1,000 off).
        s50, e50 = statistics.median(server_ms), statistics.median(emf_latency)
        self.assertTrue(s50 / 20 < e50 < s50 * 20,
                        f"EMF HandlerLatency median {e50} ms vs the server's {s50} ms: not milliseconds?")

        event_kb = statistics.mean(len(e) for e, _, _ in events) / 1024
        response_kb = statistics.mean(len(o.body) for o in outcomes) / 1024
        print(f"\n==== rewardkit Lambda: measured ({os.cpu_count()} CPUs, {cpu_model()}) ====\n"
              f"batches: {self.INVOCATIONS} invocations of {self.BATCH} GSM8K samples "
              f"(chat and flat shapes alternating), one after another\n"
              f"event {event_kb:.1f} KiB, response {response_kb:.1f} KiB on average\n"
              f"invocations per second: {self.INVOCATIONS / elapsed:,.1f} "
              f"({self.INVOCATIONS * self.BATCH / elapsed:,.0f} samples/s), through the local "
              f"Runtime API\n"
              f"handler latency (server side, event handed out -> response read): "
              f"p50 {percentile(server_ms, 50):.2f} ms, p99 {percentile(server_ms, 99):.2f} ms\n"
              f"EMF HandlerLatency (runtime side): p50 {percentile(emf_latency, 50):.2f} ms, "
              f"p99 {percentile(emf_latency, 99):.2f} ms\n"
              f"start-up (process start -> first GET /invocation/next, spec compiled): "
              f"{init_ms:.1f} ms\n"
              f"====", flush=True)
        rt.assert_healthy(self)


# ---------------------------------------------------------------------------
# The Runtime API server itself (needs no zip)

class RuntimeApiServerTest(unittest.TestCase):
    """tests/lambda/runtime_api.py, driven by http.client as the runtime."""

    def setUp(self):
        self.api = RuntimeApiServer(function_name="self-test").start()
        self.addCleanup(self.api.stop)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.api.port, timeout=10)
        self.addCleanup(self.conn.close)

    def request(self, method, path, body=None, headers=None, chunked=False):
        if chunked:
            body = iter([body[i:i + 7] for i in range(0, len(body), 7)])
        self.conn.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers or {},
                          encode_chunked=chunked)
        r = self.conn.getresponse()
        return r, r.read()

    def next(self, event):
        rid = self.api.submit(event)
        r, body = self.request("GET", "/invocation/next")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Lambda-Runtime-Aws-Request-Id"), rid)
        return rid, r, body

    def test_next_sends_the_event_and_its_headers(self):
        big = json.dumps([{"id": i, "response": "x" * 50} for i in range(100)]).encode()
        rid, r, body = self.next(big)
        self.assertEqual(body, big)
        self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
        self.assertGreater(int(r.getheader("Lambda-Runtime-Deadline-Ms")), time.time() * 1000)
        self.assertTrue(r.getheader("Lambda-Runtime-Invoked-Function-Arn").endswith(":function:self-test"))
        self.assertTrue(r.getheader("Lambda-Runtime-Trace-Id").startswith("Root=1-"))
        r, reply = self.request("POST", f"/invocation/{rid}/response", b"[]")
        self.assertEqual((r.status, json.loads(reply)), (202, {"status": "OK"}))
        _, r, body = self.next(b"[1]")
        self.assertEqual((body, r.getheader("Content-Length")), (b"[1]", "3"))
        self.assertIsNone(r.getheader("Transfer-Encoding"))

    def test_chunks_vary_down_to_one_byte(self):
        data = bytes(range(256)) * 64
        coded = self.api._chunked(data)
        sizes, out, i = [], [], 0
        while True:
            eol = coded.index(b"\r\n", i)
            size = int(coded[i:eol].split(b";")[0], 16)
            if size == 0:
                break
            sizes.append(size)
            out.append(coded[eol + 2:eol + 2 + size])
            self.assertEqual(coded[eol + 2 + size:eol + 4 + size], b"\r\n")
            i = eol + 4 + size
        self.assertEqual(b"".join(out), data)
        self.assertIn(1, sizes)
        self.assertGreater(max(sizes), 512)
        self.assertEqual(coded[i:], b"0\r\n\r\n")

    def test_response_outcome_with_chunked_body(self):
        rid = self.api.submit(b"[]")
        self.request("GET", "/invocation/next")
        r, _ = self.request("POST", f"/invocation/{rid}/response", b'[{"id": 1}]' * 3, chunked=True)
        self.assertEqual(r.status, 202)
        out = self.api.wait(rid, 5)
        self.assertEqual((out.kind, out.body, out.status), ("response", b'[{"id": 1}]' * 3, 202))
        self.assertGreaterEqual(out.handler_ms, 0)
        self.assertEqual(self.api.protocol_violations, [])

    def test_response_over_6_mib_is_refused_with_413(self):
        rid, _, _ = self.next(b"[]")
        r, reply = self.request("POST", f"/invocation/{rid}/response", b"x" * (6 * 1024 * 1024 + 1))
        self.assertEqual(r.status, 413)
        self.assertEqual(json.loads(reply)["errorType"], "RequestEntityTooLarge")
        out = self.api.wait(rid, 5)
        self.assertEqual((out.kind, out.status, out.error_type), ("error", 413, "Function.ResponseSizeTooLarge"))
        self.assertEqual(self.api.counters()["responses_too_large"], 1)
        rid, _, _ = self.next(b"[]")  # the connection is still usable
        r, _ = self.request("POST", f"/invocation/{rid}/response", b"x" * (6 * 1024 * 1024))
        self.assertEqual(r.status, 202)

    def test_wrong_or_late_request_ids(self):
        rid, _, _ = self.next(b"[]")
        r, reply = self.request("POST", "/invocation/not-the-id/response", b"[]")
        self.assertEqual((r.status, json.loads(reply)["errorType"]), (400, "InvalidRequestID"))
        r, _ = self.request("POST", f"/invocation/{rid}/response", b"[]")
        self.assertEqual(r.status, 202)
        r, reply = self.request("POST", f"/invocation/{rid}/response", b"[]")
        self.assertEqual((r.status, json.loads(reply)["errorType"]), (403, "InvalidStateTransition"))
        r, _ = self.request("GET", "/invocation/nope")
        self.assertEqual(r.status, 404)
        self.assertEqual(len(self.api.protocol_violations), 3, self.api.protocol_violations)

    def test_error_reports_are_checked(self):
        good = {"errorMessage": "bad event", "errorType": "Function.InvalidEvent", "stackTrace": []}
        cases = [({"Lambda-Runtime-Function-Error-Type": "Function.InvalidEvent"}, good, 0),
                 ({}, good, 1),
                 ({"Lambda-Runtime-Function-Error-Type": "Oops"}, dict(good, errorType="Oops"), 1),
                 ({"Lambda-Runtime-Function-Error-Type": "Function.InvalidEvent"},
                  {"errorMessage": "m", "errorType": "Function.InvalidEvent"}, 1),
                 ({"Lambda-Runtime-Function-Error-Type": "Function.InvalidEvent"},
                  dict(good, errorType="Function.Other"), 1)]
        for headers, doc, violations in cases:
            before = len(self.api.protocol_violations)
            rid, _, _ = self.next(b"[]")
            r, _ = self.request("POST", f"/invocation/{rid}/error", json.dumps(doc).encode(), headers)
            self.assertEqual(r.status, 202)
            out = self.api.wait(rid, 5)
            self.assertEqual((out.kind, out.error_type), ("error", headers.get("Lambda-Runtime-Function-Error-Type")))
            self.assertEqual(len(self.api.protocol_violations) - before, violations,
                             f"{headers} {doc}: {self.api.protocol_violations[before:]}")

    def test_init_error_is_recorded(self):
        doc = {"errorMessage": "invalid spec", "errorType": "Runtime.InvalidSpec", "stackTrace": []}
        r, _ = self.request("POST", "/init/error", json.dumps(doc).encode(),
                            {"Lambda-Runtime-Function-Error-Type": "Runtime.InvalidSpec"}, chunked=True)
        self.assertEqual(r.status, 202)
        init = self.api.init_error(1)
        self.assertEqual((init.error_type, init.json()), ("Runtime.InvalidSpec", doc))
        self.assertEqual(self.api.protocol_violations, [])

    def test_invoke_times_out_with_a_reason(self):
        with self.assertRaisesRegex(TimeoutError, "never took it"):
            self.api.invoke(b"[]", 0.2)


if __name__ == "__main__":
    unittest.main()
