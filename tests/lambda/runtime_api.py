# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""A local AWS Lambda Runtime API (version 2018-06-01), standard library only.

It plays the part of the Lambda service for a custom runtime under test: it
hands out queued events on GET /runtime/invocation/next and records what the
runtime posts back, checking the protocol as it goes.

    with RuntimeApiServer(function_name="rewardkit-test") as api:
        # start the runtime with AWS_LAMBDA_RUNTIME_API=api.endpoint
        out = api.invoke(b'[{"id": 1, "response": "#### 18", "reference_answer": "18"}]')
        assert out.kind == "response" and out.status == 202

What the server does, following the Runtime API reference
(docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html, its OpenAPI file, and
the Runtime Interface Emulator, aws/aws-lambda-runtime-interface-emulator):

- GET  /2018-06-01/runtime/invocation/next blocks until an event is queued,
  then replies 200 with the event and the headers Lambda-Runtime-Aws-Request-Id,
  Lambda-Runtime-Deadline-Ms, Lambda-Runtime-Invoked-Function-Arn and
  Lambda-Runtime-Trace-Id. Events over `chunk_threshold` bytes (2 KiB) are sent
  with Transfer-Encoding: chunked in chunks of varied sizes, some of 1 to 3
  bytes, some with chunk extensions, written to the socket in pieces that do
  not line up with the chunks; smaller ones with Content-Length.
- POST /2018-06-01/runtime/invocation/{id}/response -> 202 {"status":"OK"}.
  A body over `max_response_bytes` (6 MiB, 6,291,456 bytes) -> 413
  {"errorMessage": "Exceeded maximum allowed payload size (...)",
  "errorType": "RequestEntityTooLarge"}, and the invocation fails with
  Function.ResponseSizeTooLarge, as Lambda does.
- POST /2018-06-01/runtime/invocation/{id}/error -> 202. The header
  Lambda-Runtime-Function-Error-Type must be present and of the form
  Function.Reason or Runtime.Reason, and the body a JSON object
  {"errorMessage": str, "errorType": str (the same as the header),
  "stackTrace": [str, ...]}; anything else is still accepted (Lambda accepts
  any error) but recorded as a protocol violation.
- POST /2018-06-01/runtime/init/error -> 202, with the same checks; recorded.
- A response or error when no invocation is outstanding -> 403
  InvalidStateTransition; for another request id -> 400 InvalidRequestID
  (the emulator's replies). Unknown paths -> 404.
- Request bodies may come with Content-Length or Transfer-Encoding: chunked.
  Connections are kept alive (HTTP/1.1).

Everything the runtime gets wrong lands in `protocol_violations`, so a test can
assert that the list is empty.

Run as a script for manual use: it serves on --port and queues each line of
stdin (or each --event FILE) as an event, printing each outcome as a JSON line:

    python3 tests/lambda/runtime_api.py --port 9001 < events.jsonl
"""

import argparse
import dataclasses
import http.server
import json
import queue
import random
import re
import socket
import socketserver
import sys
import threading
import time
import uuid
from typing import Dict, List, Optional

API_PREFIX = "/2018-06-01/runtime"
MAX_RESPONSE_BYTES = 6 * 1024 * 1024  # Lambda's limit on a synchronous response
CHUNK_THRESHOLD = 2048
ERROR_TYPE_RE = re.compile(r"^(Function|Runtime)\.[A-Za-z][A-Za-z0-9]*$")
ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
_INVOCATION_PATH_RE = re.compile(r"^" + re.escape(API_PREFIX) + r"/invocation/([^/]+)/(response|error)$")


@dataclasses.dataclass
class Outcome:
    """How one invocation ended.

    kind: "response" (the runtime posted a response that was accepted) or
        "error" (the runtime posted an error, or its response was refused).
    body: the bytes the runtime posted (the response, or the error document).
    headers: the headers of the runtime's POST, names as sent.
    error_type: Lambda-Runtime-Function-Error-Type of an error; for a response
        refused as too large, "Function.ResponseSizeTooLarge"; else None.
    handler_ms: server-side time from the moment the event was written to the
        runtime to the moment its response or error had been read in full.
    request_id: the invocation's Lambda-Runtime-Aws-Request-Id.
    status: the HTTP status the server replied to the POST with (202, or 413).
    event_encoding: how the event went out: "chunked" or "content-length".
    """
    kind: str
    body: bytes
    headers: Dict[str, str]
    error_type: Optional[str]
    handler_ms: float
    request_id: str = ""
    status: int = 0
    event_encoding: str = ""

    def json(self):
        return json.loads(self.body)


@dataclasses.dataclass
class InitError:
    """A POST /runtime/init/error: its error type header, body and headers."""
    error_type: Optional[str]
    body: bytes
    headers: Dict[str, str]

    def json(self):
        return json.loads(self.body)


class _Invocation:
    def __init__(self, request_id: str, event: bytes, timeout: float):
        self.request_id = request_id
        self.event = event
        self.timeout = timeout
        self.state = "queued"  # queued -> handed -> done
        self.handed_at = 0.0   # time.perf_counter() when the event was written
        self.encoding = ""
        self.outcome: Optional[Outcome] = None
        self.done = threading.Event()


def validate_error(error_type: Optional[str], body: bytes) -> List[str]:
    """The ways an error report (its type header and body) breaks the rules;
    empty when it follows them."""
    problems = []
    if error_type is None:
        problems.append(f"no {ERROR_TYPE_HEADER} header")
    elif not ERROR_TYPE_RE.match(error_type):
        problems.append(f"{ERROR_TYPE_HEADER} {error_type!r} is not Function.Reason or Runtime.Reason")
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        return problems + [f"the error body is not JSON ({e}): {body[:120]!r}"]
    if not isinstance(doc, dict):
        return problems + [f"the error body is not a JSON object: {body[:120]!r}"]
    if not isinstance(doc.get("errorMessage"), str):
        problems.append("the error body has no string \"errorMessage\"")
    elif not doc["errorMessage"]:
        problems.append("the error body's \"errorMessage\" is empty")
    if not isinstance(doc.get("errorType"), str):
        problems.append("the error body has no string \"errorType\"")
    elif error_type is not None and doc["errorType"] != error_type:
        problems.append(f"the error body's errorType {doc['errorType']!r} differs from the header's "
                        f"{error_type!r}")
    trace = doc.get("stackTrace")
    if not isinstance(trace, list) or not all(isinstance(x, str) for x in trace):
        problems.append("the error body has no \"stackTrace\" list of strings")
    return problems


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "rewardkit-test-runtime-api/1"
    api: "RuntimeApiServer"  # set on the subclass made per server

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.api._count("connections")

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        if self.api.verbose:
            sys.stderr.write("runtime_api: " + (format % args) + "\n")

    # ------------------------------------------------------------------ I/O

    def _send_json(self, status: int, doc, close: bool = False):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def _read_body(self, limit: Optional[int]):
        """Reads the request body (Content-Length or chunked). Returns
        (body, total_size): past `limit` bytes the body is counted but not
        kept. Returns (None, 0) after replying 400 to a malformed body."""
        te = self.headers.get("Transfer-Encoding")
        cl = self.headers.get("Content-Length")
        keep = limit + 1 if limit is not None else None
        if te is not None:
            if te.strip().lower() != "chunked":
                self.api._violation(f"{self.command} {self.path}: unsupported Transfer-Encoding {te!r}")
                self._send_json(400, {"errorMessage": "unsupported Transfer-Encoding",
                                      "errorType": "InvalidRequestFormat"}, close=True)
                return None, 0
            if cl is not None:
                self.api._violation(f"{self.command} {self.path}: both Content-Length and chunked")
            parts, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                if not line.endswith(b"\r\n"):
                    return self._bad_chunk(f"chunk size line {line[:40]!r} not ended by CRLF")
                digits = line[:-2].split(b";", 1)[0].strip()
                try:
                    size = int(digits, 16)
                except ValueError:
                    return self._bad_chunk(f"malformed chunk size {line[:40]!r}")
                if size == 0:
                    break
                data = self.rfile.read(size)
                if len(data) != size or self.rfile.read(2) != b"\r\n":
                    return self._bad_chunk("chunk data truncated or not followed by CRLF")
                if keep is None or total < keep:
                    parts.append(data)
                total += size
            while True:  # trailers
                line = self.rfile.readline(8192)
                if line in (b"\r\n", b"\n", b""):
                    break
            return b"".join(parts), total
        if cl is None:
            if self.command == "POST":
                self.api._violation(f"POST {self.path}: neither Content-Length nor Transfer-Encoding")
            return b"", 0
        try:
            n = int(cl)
            if n < 0:
                raise ValueError(cl)
        except ValueError:
            self.api._violation(f"{self.command} {self.path}: malformed Content-Length {cl!r}")
            self._send_json(400, {"errorMessage": "malformed Content-Length",
                                  "errorType": "InvalidRequestFormat"}, close=True)
            return None, 0
        if keep is None or n <= keep:
            body = self.rfile.read(n)
            if len(body) != n:
                self.api._violation(f"{self.command} {self.path}: body shorter than Content-Length")
                self.close_connection = True
                return None, 0
            return body, n
        body = self.rfile.read(keep)
        left = n - keep
        while left > 0:
            got = self.rfile.read(min(left, 1 << 20))
            if not got:
                self.api._violation(f"{self.command} {self.path}: body shorter than Content-Length")
                self.close_connection = True
                return None, 0
            left -= len(got)
        return body, n

    def _bad_chunk(self, what: str):
        self.api._violation(f"{self.command} {self.path}: {what}")
        self.close_connection = True
        return None, 0

    def _write_event(self, inv: _Invocation):
        api = self.api
        deadline_ms = int((time.time() + inv.timeout) * 1000)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", inv.request_id)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(deadline_ms))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", api.function_arn)
        self.send_header("Lambda-Runtime-Trace-Id", api._trace_id())
        event = inv.event
        if len(event) > api.chunk_threshold:
            inv.encoding = "chunked"
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            data = api._chunked(event)
            for piece in api._pieces(data):
                self.wfile.write(piece)
        else:
            inv.encoding = "content-length"
            self.send_header("Content-Length", str(len(event)))
            self.end_headers()
            self.wfile.write(event)
        self.wfile.flush()

    # -------------------------------------------------------------- routing

    def _check_host(self):
        if self.request_version == "HTTP/1.1" and "Host" not in self.headers:
            self.api._violation(f"{self.command} {self.path}: HTTP/1.1 request without a Host header")

    def do_GET(self):
        self._check_host()
        if self.path != API_PREFIX + "/invocation/next":
            self._not_found()
            return
        api = self.api
        api._count("next_requests")
        with api._lock:
            if api.first_next_at is None:
                api.first_next_at = time.perf_counter()
            if api._current is not None:
                api._violation(f"GET /invocation/next while invocation {api._current.request_id} "
                               "has had no response or error")
            if api._init_error is not None:
                api._violation("GET /invocation/next after POST /init/error (the runtime should exit)")
        body, _ = self._read_body(None)
        if body is None:
            return
        while True:
            try:
                inv = api._queue.get(timeout=0.05)
                break
            except queue.Empty:
                if api._stopping.is_set():
                    self.close_connection = True
                    return
        with api._lock:
            inv.state = "handed"
            api._current = inv
            api._handed_any = True
        try:
            self._write_event(inv)
        finally:
            inv.handed_at = time.perf_counter()
        api._count("events_sent")
        api._count("events_chunked" if inv.encoding == "chunked" else "events_content_length")

    def do_POST(self):
        self._check_host()
        api = self.api
        if self.path == API_PREFIX + "/init/error":
            self._init_error()
            return
        m = _INVOCATION_PATH_RE.match(self.path)
        if not m:
            self._read_body(0)
            self._not_found()
            return
        request_id, what = m.group(1), m.group(2)
        limit = api.max_response_bytes if what == "response" else 1 << 20
        body, size = self._read_body(limit)
        received = time.perf_counter()
        if body is None:
            return
        with api._lock:
            inv = api._current
            if inv is None:
                known = request_id in api._invocations
                api._violation(f"POST /invocation/{request_id}/{what} when no invocation is outstanding"
                               + (" (it was already answered)" if known else " (unknown request id)"))
                self._send_json(403, {"errorMessage": "State transition failed: no invocation is "
                                      "outstanding", "errorType": "InvalidStateTransition"})
                return
            if inv.request_id != request_id:
                api._violation(f"POST /invocation/{request_id}/{what}: the outstanding invocation is "
                               f"{inv.request_id}")
                self._send_json(400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"})
                return
            api._current = None
            inv.state = "done"
        headers = dict(self.headers.items())
        handler_ms = (received - inv.handed_at) * 1000.0
        common = dict(headers=headers, handler_ms=handler_ms, request_id=request_id,
                      event_encoding=inv.encoding)
        if what == "response":
            if size > api.max_response_bytes:
                api._count("responses_too_large")
                message = (f"Response payload size ({size} bytes) exceeded maximum allowed payload size "
                           f"({api.max_response_bytes} bytes).")
                doc = {"errorMessage": message, "errorType": "Function.ResponseSizeTooLarge"}
                inv.outcome = Outcome(kind="error", body=json.dumps(doc).encode(),
                                      error_type="Function.ResponseSizeTooLarge", status=413, **common)
                self._send_json(413, {"errorMessage": "Exceeded maximum allowed payload size "
                                      f"({api.max_response_bytes} bytes).",
                                      "errorType": "RequestEntityTooLarge"})
            else:
                api._count("responses")
                inv.outcome = Outcome(kind="response", body=body, error_type=None, status=202, **common)
                self._send_json(202, {"status": "OK"})
        else:
            error_type = self.headers.get(ERROR_TYPE_HEADER)
            for problem in validate_error(error_type, body):
                api._violation(f"POST /invocation/{request_id}/error: {problem}")
            api._count("errors")
            inv.outcome = Outcome(kind="error", body=body, error_type=error_type, status=202, **common)
            self._send_json(202, {"status": "OK"})
        inv.done.set()

    def _init_error(self):
        api = self.api
        body, _ = self._read_body(1 << 20)
        if body is None:
            return
        error_type = self.headers.get(ERROR_TYPE_HEADER)
        for problem in validate_error(error_type, body):
            api._violation(f"POST /init/error: {problem}")
        with api._lock:
            if api._handed_any:
                api._violation("POST /init/error after an invocation was handed out")
            if api._init_error is not None:
                api._violation("POST /init/error a second time")
            else:
                api._init_error = InitError(error_type=error_type, body=body,
                                            headers=dict(self.headers.items()))
        api._count("init_errors")
        api._init_error_event.set()
        self._send_json(202, {"status": "OK"})

    def _not_found(self):
        self.api._violation(f"{self.command} {self.path}: no such path in the Runtime API")
        self._send_json(404, {"errorMessage": f"no such path: {self.path}", "errorType": "NotFound"})

    def do_PUT(self):
        self._read_body(0)
        self._not_found()

    do_DELETE = do_PUT


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class RuntimeApiServer:
    """The Runtime API on 127.0.0.1 (an ephemeral port unless `port` is given).

    Safe to call from any thread. One invocation is outstanding at a time, as
    in a Lambda execution environment; events queue behind it.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, function_name: str = "rewardkit",
                 chunk_threshold: int = CHUNK_THRESHOLD, max_response_bytes: int = MAX_RESPONSE_BYTES,
                 seed: int = 20260101, verbose: bool = False):
        self.function_name = function_name
        self.function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}"
        self.chunk_threshold = chunk_threshold
        self.max_response_bytes = max_response_bytes
        self.verbose = verbose
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self._lock = threading.Lock()        # invocation state
        self._stats_lock = threading.Lock()  # counters and violations
        self._handed_any = False
        # time.perf_counter() at the first GET /invocation/next: when the
        # runtime finished its start-up.
        self.first_next_at: Optional[float] = None
        self._queue: "queue.Queue[_Invocation]" = queue.Queue()
        self._invocations: Dict[str, _Invocation] = {}
        self._current: Optional[_Invocation] = None
        self._init_error: Optional[InitError] = None
        self._init_error_event = threading.Event()
        self._violations: List[str] = []
        self._counters: Dict[str, int] = {}
        self._stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"api": self})
        self._httpd = _Server((host, port), handler)
        self._thread: Optional[threading.Thread] = None

    # ----------------------------------------------------------- lifecycle

    def start(self) -> "RuntimeApiServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever,
                                            kwargs={"poll_interval": 0.05}, daemon=True,
                                            name="runtime-api")
            self._thread.start()
        return self

    def stop(self):
        """Stops serving; a GET /next still waiting is dropped."""
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def endpoint(self) -> str:
        """The value for AWS_LAMBDA_RUNTIME_API: "127.0.0.1:PORT"."""
        return f"{self._httpd.server_address[0]}:{self.port}"

    # ------------------------------------------------------------- the API

    def submit(self, event: bytes, timeout: float = 30.0) -> str:
        """Queues an event and returns its request id; see wait()."""
        if isinstance(event, str):
            event = event.encode()
        inv = _Invocation(str(uuid.uuid4()), bytes(event), timeout)
        with self._lock:
            self._invocations[inv.request_id] = inv
        self._queue.put(inv)
        self._count("events_queued")
        return inv.request_id

    def wait(self, request_id: str, timeout: float = 30.0) -> Outcome:
        """Waits for the outcome of a submitted event. Raises TimeoutError,
        saying whether the runtime ever took the event."""
        inv = self._invocations[request_id]
        if not inv.done.wait(timeout):
            if inv.state == "queued":
                why = "the runtime never took it (no GET /invocation/next)"
            else:
                why = (f"the runtime took it {time.perf_counter() - inv.handed_at:.1f} s ago and "
                       "posted neither a response nor an error")
            raise TimeoutError(f"invocation {request_id}: no outcome after {timeout} s: {why}")
        outcome = inv.outcome
        inv.event, inv.outcome = b"", None  # keeps a long run's memory flat
        return outcome

    def invoke(self, event: bytes, timeout: float = 30.0) -> Outcome:
        """Queues an event and waits for its outcome (see Outcome)."""
        return self.wait(self.submit(event, timeout), timeout)

    def init_error(self, timeout: float = 10.0) -> InitError:
        """Waits for a POST /runtime/init/error; raises TimeoutError."""
        if not self._init_error_event.wait(timeout):
            raise TimeoutError(f"no POST /runtime/init/error within {timeout} s")
        return self._init_error

    def counters(self) -> Dict[str, int]:
        """A snapshot: connections, next_requests, events_queued, events_sent,
        events_chunked, events_content_length, responses, responses_too_large,
        errors, init_errors (absent ones are 0)."""
        names = ["connections", "next_requests", "events_queued", "events_sent", "events_chunked",
                 "events_content_length", "responses", "responses_too_large", "errors", "init_errors"]
        with self._stats_lock:
            out = {n: 0 for n in names}
            out.update(self._counters)
            return out

    @property
    def protocol_violations(self) -> List[str]:
        """What the runtime got wrong so far, in order (a copy)."""
        with self._stats_lock:
            return list(self._violations)

    # ------------------------------------------------------------ internal

    # _stats_lock guards counters and violations only; it may be taken while
    # _lock is held, never the other way round.
    def _count(self, name: str, n: int = 1):
        with self._stats_lock:
            self._counters[name] = self._counters.get(name, 0) + n

    def _violation(self, what: str):
        with self._stats_lock:
            self._violations.append(what)
        if self.verbose:
            sys.stderr.write(f"runtime_api: protocol violation: {what}\n")

    def _trace_id(self) -> str:
        with self._rng_lock:
            r = self._rng
            return (f"Root=1-{int(time.time()):08x}-{r.getrandbits(96):024x};"
                    f"Parent={r.getrandbits(64):016x};Sampled=0")

    def _chunked(self, data: bytes) -> bytes:
        """`data` in chunked transfer coding, in chunks of varied sizes: the
        first of one byte, a quarter of 1 to 3 bytes, some up to 8 KiB; some
        sizes in upper case, some with an extension, as RFC 9112 allows."""
        out = []
        i = 0
        with self._rng_lock:
            r = self._rng
            while i < len(data):
                roll = r.random()
                if i == 0:
                    size = 1  # every chunked event starts with a one-byte chunk
                elif roll < 0.25:
                    size = r.randint(1, 3)
                elif roll < 0.6:
                    size = r.randint(4, 512)
                else:
                    size = r.randint(513, 8192)
                size = min(size, len(data) - i)
                digits = f"{size:x}" if r.random() < 0.8 else f"{size:X}"
                ext = ";rk=1" if r.random() < 0.05 else ""
                out.append(f"{digits}{ext}\r\n".encode())
                out.append(data[i:i + size])
                out.append(b"\r\n")
                i += size
        out.append(b"0\r\n\r\n")
        return b"".join(out)

    def _pieces(self, data: bytes):
        """`data` cut into up to 48 socket writes of random sizes (some tiny),
        so that reads on the other side end mid-line and mid-chunk."""
        with self._rng_lock:
            r = self._rng
            cuts = sorted({r.randint(1, len(data) - 1) for _ in range(min(47, len(data) - 1))})
            # A few cuts a byte apart: one-byte writes.
            cuts = sorted(set(cuts + [c + 1 for c in cuts[:8] if c + 1 < len(data)]))
        start = 0
        for c in cuts + [len(data)]:
            yield data[start:c]
            start = c


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="A local AWS Lambda Runtime API for testing a custom runtime. "
                                "Queues each line of stdin (or each --event file) as an event and prints "
                                "each outcome as a JSON line.")
    p.add_argument("--port", type=int, default=9001, help="port on 127.0.0.1 (0: any free port)")
    p.add_argument("--function-name", default="rewardkit")
    p.add_argument("--event", action="append", default=[], metavar="FILE",
                   help="an event file to queue (repeatable); without it, stdin lines are events")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for each outcome")
    p.add_argument("--verbose", action="store_true", help="log requests and violations on stderr")
    args = p.parse_args(argv)
    with RuntimeApiServer(port=args.port, function_name=args.function_name, verbose=args.verbose) as api:
        print(f"AWS_LAMBDA_RUNTIME_API={api.endpoint}", file=sys.stderr, flush=True)

        def events():
            for path in args.event:
                with open(path, "rb") as f:
                    yield f.read()
            if not args.event:
                for line in sys.stdin.buffer:
                    if line.strip():
                        yield line.rstrip(b"\r\n")

        for event in events():
            try:
                out = api.invoke(event, args.timeout)
            except TimeoutError as e:
                print(json.dumps({"timeout": str(e)}), flush=True)
                continue
            print(json.dumps({"kind": out.kind, "status": out.status, "error_type": out.error_type,
                              "handler_ms": round(out.handler_ms, 3),
                              "body": out.body.decode("utf-8", "replace")}), flush=True)
        for v in api.protocol_violations:
            print(f"protocol violation: {v}", file=sys.stderr)
        return 1 if api.protocol_violations else 0


if __name__ == "__main__":
    sys.exit(main())
