# Copyright 2026 The rewardkit Authors.
# SPDX-License-Identifier: Apache-2.0
"""Checks docs/spec.schema.json against the spec reader (standard library only).

The schema must declare exactly what the reader accepts: every component,
extractor, check and comparison type and every enumerated value (the lists
below, from docs/spec.md, cross-checked against the lists the reader itself
prints when it rejects a value), every field the reader reads (a spec holding
every declared field is accepted by `rewardkit check-spec`), and no other (an
unknown field is rejected at every place the schema closes). Every spec in
examples/specs/ must validate against the schema.

Run by ctest with RK_CLI set to the built binary and the source tree as the
working directory.
"""

import copy
import glob
import json
import os
import re
import subprocess
import tempfile
import unittest

CLI = os.environ.get("RK_CLI", "build/rewardkit")
SCHEMA_PATH = "docs/spec.schema.json"
SPECS = sorted(glob.glob("examples/specs/*.json"))
VERSION = "rewardkit/v1"

# What the reader accepts, as docs/spec.md lists it.
COMPONENT_TYPES = ["correctness", "format", "length", "language", "safety", "repetition", "similarity"]
EXTRACTOR_TYPES = ["boxed", "tag", "marker", "last_number", "json", "code_block", "choice", "label", "regex"]
FORMAT_CHECKS = ["regex", "tag", "json", "code_fence"]
LENGTH_SHAPES = ["band", "dapo", "cosine"]
COMPARE_TYPES = ["exact", "text", "numeric", "math", "choice", "label"]
LANGUAGES = ["prompt", "en", "es", "fr", "de", "pt", "it", "zh", "ja", "ko", "ru", "ar", "hi", "el", "he", "th"]
PII_KINDS = ["all", "email", "phone", "payment_card", "us_ssn", "ipv4", "ipv6", "aws_access_key_id"]
METRICS = ["equals", "not_equals", "contains", "contains_ignore_case", "fuzzy", "token_f1", "rouge1", "rouge2",
           "rougeL", "bleu"]
JSON_SCHEMA_KEYWORDS = ["type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                        "minLength", "maxLength", "minItems", "maxItems", "items", "required", "properties",
                        "additionalProperties"]
JSON_SCHEMA_ANNOTATIONS = ["$schema", "$id", "$comment", "title", "description", "default", "examples",
                           "deprecated", "readOnly", "writeOnly"]


def spec(components, **top):
    out = {"version": VERSION, "components": components}
    out.update(top)
    return out


def correctness(extract=None, **fields):
    out = {"type": "correctness", "extract": extract or {"type": "boxed"}}
    out.update(fields)
    return out


BASE = correctness()
LABELS = {"type": "label", "labels": ["a", "b"]}

# One enumerated field each: (name, schema pointer of its schema, the spec
# that uses `value` there, the JSON Pointer the reader reports, the values).
ENUM_FIELDS = [
    ("think", "/$defs/extractor_chain/properties/think",
     lambda v: spec([correctness({"think": v, "extractors": [{"type": "boxed"}]})]),
     "/components/0/extract/think", ["keep", "strip"]),
    ("occurrence", "/$defs/extractor_boxed/properties/occurrence",
     lambda v: spec([correctness({"type": "boxed", "occurrence": v})]),
     "/components/0/extract/occurrence", ["last", "first"]),
    ("marker end", "/$defs/extractor_marker/properties/end",
     lambda v: spec([correctness({"type": "marker", "end": v})]),
     "/components/0/extract/end", ["line", "sentence"]),
    ("extractor json_kind", "/$defs/extractor_json/properties/json_kind",
     lambda v: spec([correctness({"type": "json", "json_kind": v})]),
     "/components/0/extract/json_kind", ["any", "object", "array"]),
    ("label precedence", "/$defs/extractor_label/properties/precedence",
     lambda v: spec([correctness({"type": "label", "labels": ["a", "b"], "precedence": v}, compare=LABELS)]),
     "/components/0/extract/precedence", ["last", "first", "unique"]),
    ("compare type", "/$defs/compare/properties/type",
     lambda v: spec([correctness(compare={"type": v, "labels": ["a", "b"]})]),
     "/components/0/compare/type", COMPARE_TYPES),
    ("check json_kind", "/$defs/check_json/properties/json_kind",
     lambda v: spec([{"type": "format", "checks": [{"check": "json", "json_kind": v}]}]),
     "/components/0/checks/0/json_kind", ["any", "object", "array"]),
    ("length unit", "/$defs/component_length_band/properties/unit",
     lambda v: spec([{"type": "length", "shape": "band", "low": 1, "high": 2, "unit": v}]),
     "/components/0/unit", ["tokens", "characters", "words"]),
    ("band falloff", "/$defs/component_length_band/properties/falloff",
     lambda v: spec([{"type": "length", "shape": "band", "low": 1, "high": 2, "falloff": v}]),
     "/components/0/falloff", ["linear", "cosine"]),
    ("language expect", "/$defs/component_language/properties/expect",
     lambda v: spec([{"type": "language", "expect": v}]),
     "/components/0/expect", LANGUAGES),
    ("language match", "/$defs/component_language/properties/match",
     lambda v: spec([{"type": "language", "match": v}]),
     "/components/0/match", ["language", "script"]),
    ("pii", "/$defs/component_safety/properties/pii/items",
     lambda v: spec([{"type": "safety", "pii": [v]}]),
     "/components/0/pii/0", PII_KINDS),
    ("similarity metric", "/$defs/component_similarity/properties/metric",
     lambda v: spec([{"type": "similarity", "metric": v}]),
     "/components/0/metric", METRICS),
    ("aggregate method", "/$defs/aggregate/properties/method",
     lambda v: spec([BASE], aggregate={"method": v}),
     "/aggregate/method", ["weighted_sum", "weighted_mean", "min", "product"]),
    ("normalize method", "/$defs/normalize/properties/method",
     lambda v: spec([BASE], normalize={"method": v}),
     "/normalize/method", ["none", "batch", "group"]),
]

# The discriminating fields: the reader's error for a bad value lists them.
DISCRIMINATORS = [
    ("component type", lambda v: spec([{"type": v}]), "/components/0/type", COMPONENT_TYPES),
    ("extractor type", lambda v: spec([correctness({"type": v})]), "/components/0/extract/type", EXTRACTOR_TYPES),
    ("format check", lambda v: spec([{"type": "format", "checks": [{"check": v}]}]),
     "/components/0/checks/0/check", FORMAT_CHECKS),
    ("length shape", lambda v: spec([{"type": "length", "shape": v}]), "/components/0/shape", LENGTH_SHAPES),
]


def at_pointer(document, pointer):
    node = document
    for token in pointer.lstrip("/").split("/"):
        if not token:
            continue
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


# ---------------------------------------------------------------------------
# A checker for the subset of JSON Schema that docs/spec.schema.json uses.

SUPPORTED = {"$ref", "type", "const", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
             "minLength", "maxLength", "pattern", "minItems", "maxItems", "required", "properties",
             "additionalProperties", "items", "oneOf", "anyOf", "not"}
ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"}


def is_type(value, name):
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    raise AssertionError(f"unknown type {name!r}")


class Checker:
    def __init__(self, root):
        self.root = root

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise AssertionError(f"only local references are supported, got {ref!r}")
        return at_pointer(self.root, ref[1:])

    def errors(self, schema, value, path="(root)"):
        """Returns a list of "<path>: <message>" for what `value` breaks."""
        if schema is True:
            return []
        if schema is False:
            return [f"{path}: not allowed here"]
        out = []
        unknown = set(schema) - SUPPORTED - ANNOTATIONS
        if unknown:
            raise AssertionError(f"the checker does not support {sorted(unknown)}")
        if "$ref" in schema:
            out += self.errors(self.resolve(schema["$ref"]), value, path)
        if "type" in schema and not is_type(value, schema["type"]):
            return out + [f"{path}: expected {schema['type']}, got {json.dumps(value)[:60]}"]
        if "const" in schema and value != schema["const"]:
            out.append(f"{path}: expected {json.dumps(schema['const'])}")
        if "enum" in schema and value not in schema["enum"]:
            out.append(f"{path}: {json.dumps(value)} is not one of {schema['enum']}")
        if is_type(value, "number"):
            if "minimum" in schema and value < schema["minimum"]:
                out.append(f"{path}: less than {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                out.append(f"{path}: more than {schema['maximum']}")
            if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
                out.append(f"{path}: not more than {schema['exclusiveMinimum']}")
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0):
                out.append(f"{path}: shorter than {schema['minLength']}")
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                out.append(f"{path}: longer than {schema['maxLength']}")
            if "pattern" in schema and not re.search(schema["pattern"], value):
                out.append(f"{path}: does not match {schema['pattern']}")
        if isinstance(value, list):
            if len(value) < schema.get("minItems", 0):
                out.append(f"{path}: fewer than {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                out.append(f"{path}: more than {schema['maxItems']} items")
            if "items" in schema:
                for i, item in enumerate(value):
                    out += self.errors(schema["items"], item, f"{path}/{i}")
        if isinstance(value, dict):
            for key in schema.get("required", []):
                if key not in value:
                    out.append(f"{path}/{key}: missing")
            properties = schema.get("properties", {})
            for key, item in value.items():
                if key in properties:
                    out += self.errors(properties[key], item, f"{path}/{key}")
                elif "additionalProperties" in schema:
                    extra = schema["additionalProperties"]
                    if extra is False:
                        out.append(f"{path}/{key}: unknown property")
                    else:
                        out += self.errors(extra, item, f"{path}/{key}")
        if "anyOf" in schema:
            branches = [self.errors(s, value, path) for s in schema["anyOf"]]
            if all(branches):
                out += min(branches, key=len)
        if "oneOf" in schema:
            branches = [self.errors(s, value, path) for s in schema["oneOf"]]
            matched = sum(1 for b in branches if not b)
            if matched == 0:
                out += min(branches, key=len)
            elif matched > 1:
                out.append(f"{path}: matches {matched} branches of a oneOf")
        if "not" in schema and not self.errors(schema["not"], value, path):
            out.append(f"{path}: matches a 'not' schema")
        return out


def walk_schemas(schema, visit):
    """Calls visit(subschema) on `schema` and every schema nested in it."""
    if not isinstance(schema, dict):
        return
    visit(schema)
    for key in ("properties", "$defs"):
        for sub in schema.get(key, {}).values():
            walk_schemas(sub, visit)
    for key in ("items", "additionalProperties", "not"):
        walk_schemas(schema.get(key), visit)
    for key in ("oneOf", "anyOf"):
        for sub in schema.get(key, []):
            walk_schemas(sub, visit)


# ---------------------------------------------------------------------------
# Instances built from the schema: every declared property, with a valid value.

def make(checker, schema):
    if schema is True or schema is None:
        return None
    if "examples" in schema:
        return copy.deepcopy(schema["examples"][0])
    if "$ref" in schema:
        return make(checker, checker.resolve(schema["$ref"]))
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if key in schema and "type" not in schema:
            return make(checker, schema[key][0])
    kind = schema.get("type")
    if kind == "object":
        return {k: make(checker, s) for k, s in schema.get("properties", {}).items()}
    if kind == "array":
        item = schema.get("items", {"type": "string"})
        return [make(checker, item) for _ in range(max(1, schema.get("minItems", 0)))]
    if kind in ("number", "integer"):
        lo, hi = schema.get("minimum", float("-inf")), schema.get("maximum", float("inf"))
        return 1 if lo <= 1 <= hi else lo
    if kind == "string":
        return "x"
    if kind == "boolean":
        return True
    return None


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, timeout=60)


class SchemaFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            cls.schema = json.load(f)
        cls.checker = Checker(cls.schema)

    def def_names(self, prefix):
        return [name for name in self.schema["$defs"] if name.startswith(prefix)]

    def consts(self, union, field):
        """The const values of `field` across the branches of the oneOf `union`."""
        values = []
        for branch in self.schema["$defs"][union]["oneOf"]:
            values.append(self.checker.resolve(branch["$ref"])["properties"][field]["const"])
        return values

    def test_is_draft_2020_12_and_every_keyword_is_checked(self):
        self.assertEqual(self.schema["$schema"], "https://json-schema.org/draft/2020-12/schema")
        refs = []

        def visit(s):
            unknown = set(s) - SUPPORTED - ANNOTATIONS
            self.assertFalse(unknown, f"keywords the checker does not know: {unknown}")
            if "$ref" in s:
                refs.append(s["$ref"])
        walk_schemas(self.schema, visit)
        for ref in refs:
            self.checker.resolve(ref)  # raises when it does not resolve

    def test_top_level_fields(self):
        self.assertEqual(set(self.schema["properties"]),
                         {"version", "name", "description", "error_score", "input", "components", "aggregate",
                          "normalize"})
        self.assertEqual(self.schema["properties"]["version"]["const"], VERSION)

    def test_component_types(self):
        self.assertEqual(sorted(set(self.consts("component", "type"))), sorted(COMPONENT_TYPES))
        shapes = [self.checker.resolve(b["$ref"])["properties"]["shape"]["const"]
                  for b in self.schema["$defs"]["component"]["oneOf"] if "length" in b["$ref"]]
        self.assertEqual(sorted(shapes), sorted(LENGTH_SHAPES))

    def test_extractor_types(self):
        self.assertEqual(sorted(self.consts("extractor", "type")), sorted(EXTRACTOR_TYPES))
        for name in self.def_names("extractor_"):
            if name == "extractor_chain":
                continue
            occurrence = self.schema["$defs"][name]["properties"]["occurrence"]["enum"]
            self.assertEqual(occurrence, ["last", "first"], name)

    def test_format_checks(self):
        self.assertEqual(sorted(self.consts("format_check", "check")), sorted(FORMAT_CHECKS))

    def test_enumerated_values(self):
        for name, pointer, _, _, values in ENUM_FIELDS:
            with self.subTest(name):
                self.assertEqual(sorted(at_pointer(self.schema, pointer)["enum"]), sorted(values))
        for name in self.def_names("component_length_"):
            self.assertEqual(self.schema["$defs"][name]["properties"]["unit"]["enum"],
                             ["tokens", "characters", "words"], name)

    def test_json_schema_subset(self):
        branch = [b for b in self.schema["$defs"]["json_schema"]["anyOf"] if b.get("type") == "object"][0]
        self.assertEqual(set(branch["properties"]), set(JSON_SCHEMA_KEYWORDS) | set(JSON_SCHEMA_ANNOTATIONS))

    def test_example_specs_validate(self):
        self.assertGreaterEqual(len(SPECS), 5)
        for path in SPECS:
            with self.subTest(path), open(path, encoding="utf-8") as f:
                self.assertEqual(self.checker.errors(self.schema, json.load(f)), [])

    def test_checker_rejects_a_misspelt_field(self):
        with open("examples/specs/gsm8k.json", encoding="utf-8") as f:
            bad = json.load(f)
        bad["components"][0]["extract"]["extractors"][0]["marker"] = ["####"]
        self.assertIn("(root)/components/0/extract/extractors/0/marker: unknown property",
                      self.checker.errors(self.schema, bad))
        bad = spec([BASE], aggregate={"method": "mean"})
        self.assertEqual(self.checker.errors(self.schema, bad),
                         ["(root)/aggregate/method: \"mean\" is not one of "
                          "['weighted_sum', 'weighted_mean', 'min', 'product']"])


@unittest.skipUnless(os.path.exists(CLI), f"no rewardkit CLI at {CLI} (set RK_CLI)")
class ReaderAgreementTest(unittest.TestCase):
    """The schema against `rewardkit check-spec`."""

    @classmethod
    def setUpClass(cls):
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            cls.schema = json.load(f)
        cls.checker = Checker(cls.schema)
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_spec(self, document):
        path = os.path.join(self.tmp.name, "spec.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f)
        p = run("check-spec", path)
        return p.returncode, p.stdout.decode() + p.stderr.decode()

    def assertAccepted(self, document):
        self.assertEqual(self.checker.errors(self.schema, document), [], json.dumps(document))
        code, text = self.check_spec(document)
        self.assertEqual(code, 0, f"{json.dumps(document)}\n{text}")

    def reader_list(self, document, pointer):
        """The values the reader names when it rejects the value at `pointer`."""
        code, text = self.check_spec(document)
        self.assertEqual(code, 2, text)
        lines = [line.strip() for line in text.splitlines() if line.strip().startswith(pointer + ":")]
        self.assertTrue(lines, f"no error at {pointer}:\n{text}")
        body = lines[0].split("expected", 1)[1].rsplit("got", 1)[0]
        values = set(re.findall(r'"([^"]+)"', body))
        listed = re.search(r"\(([^)]*)\)", body) or re.search(r"one of ([a-z0-9_, ]+);", body)
        if listed:
            values |= {v.strip() for v in listed.group(1).split(",")}
        return values

    def test_reader_lists_the_schema_values(self):
        for name, pointer, build, reader_pointer, _ in ENUM_FIELDS:
            with self.subTest(name):
                self.assertEqual(self.reader_list(build("zz-bogus"), reader_pointer),
                                 set(at_pointer(self.schema, pointer)["enum"]))
        lists = {"component type": self.consts_of("component", "type"),
                 "extractor type": self.consts_of("extractor", "type"),
                 "format check": self.consts_of("format_check", "check"),
                 "length shape": LENGTH_SHAPES}
        for name, build, reader_pointer, values in DISCRIMINATORS:
            with self.subTest(name):
                self.assertEqual(self.reader_list(build("zz-bogus"), reader_pointer), set(values))
                self.assertEqual(set(lists[name]), set(values))

    def consts_of(self, union, field):
        return [self.checker.resolve(b["$ref"])["properties"][field]["const"]
                for b in self.schema["$defs"][union]["oneOf"]]

    def test_every_enumerated_value_is_accepted(self):
        for name, pointer, build, _, _ in ENUM_FIELDS:
            for value in at_pointer(self.schema, pointer)["enum"]:
                with self.subTest(name, value=value):
                    self.assertAccepted(build(value))

    # Where each object of the schema goes in a spec, and the JSON Pointer the
    # reader gives it there.
    def placements(self):
        defs = self.schema["$defs"]
        out = []
        for name in defs:
            if name.startswith("component_"):
                out.append((name, lambda i: spec([BASE, i]), "/components/1"))
            elif name.startswith("extractor_") and name != "extractor_chain":
                out.append((name, lambda i: spec([correctness({"extractors": [i]})]),
                            "/components/0/extract/extractors/0"))
            elif name.startswith("check_"):
                out.append((name, lambda i: spec([{"type": "format", "checks": [i]}]), "/components/0/checks/0"))
        out += [
            ("extractor_chain", lambda i: spec([correctness(i)]), "/components/0/extract"),
            ("compare", lambda i: spec([correctness(compare=i)]), "/components/0/compare"),
            ("gate", lambda i: spec([correctness(gate=i)]), "/components/0/gate"),
            ("input", lambda i: spec([BASE], input=i), "/input"),
            ("aggregate", lambda i: spec([BASE], aggregate=i), "/aggregate"),
            ("normalize", lambda i: spec([BASE], normalize=i), "/normalize"),
        ]
        return out

    def test_every_declared_field_is_accepted_and_no_other(self):
        placed = set()
        for name, build, pointer in self.placements():
            placed.add(name)
            schema = self.schema["$defs"][name]
            instance = make(self.checker, schema)
            self.assertEqual(set(instance), set(schema["properties"]), name)
            with self.subTest(name):
                self.assertAccepted(build(instance))
                self.assertFalse(schema.get("additionalProperties", True), f"{name} is not closed")
                instance["zz_unknown"] = 1
                code, text = self.check_spec(build(instance))
                self.assertEqual(code, 2, text)
                self.assertIn(f"{pointer}/zz_unknown: unknown field", text)
            # Closed objects written inline (compare's text and latex, correctness's scores).
            for field, sub in schema["properties"].items():
                if sub.get("type") != "object" or sub.get("additionalProperties") is not False:
                    continue
                with self.subTest(name, field=field):
                    instance = make(self.checker, schema)
                    instance[field]["zz_unknown"] = 1
                    code, text = self.check_spec(build(instance))
                    self.assertEqual(code, 2, text)
                    self.assertIn(f"{pointer}/{field}/zz_unknown: unknown field", text)
        closed = {n for n, s in self.schema["$defs"].items() if s.get("additionalProperties") is False}
        self.assertEqual(closed - placed, set(), "closed objects the test does not place")

    def test_numeric_bounds_match_the_reader(self):
        for name, build, pointer in self.placements():
            schema = self.schema["$defs"][name]
            for field, sub in schema["properties"].items():
                if sub.get("type") not in ("number", "integer"):
                    continue
                outside = []
                if "minimum" in sub:
                    outside.append(sub["minimum"] - 1)
                if "maximum" in sub:
                    hi = sub["maximum"]
                    outside.append(hi + 1 if hi < 1e15 else hi * 10)
                for value in outside:
                    with self.subTest(name, field=field, value=value):
                        instance = make(self.checker, schema)
                        instance[field] = value
                        self.assertTrue(self.checker.errors(self.schema, build(instance)))
                        code, text = self.check_spec(build(instance))
                        self.assertEqual(code, 2, text)
                        self.assertIn(f"{pointer}/{field}:", text)

    def test_full_spec_is_accepted(self):
        self.assertAccepted(make(self.checker, self.schema))
        code, text = self.check_spec(dict(make(self.checker, self.schema), zz_unknown=1))
        self.assertEqual(code, 2)
        self.assertIn("/zz_unknown: unknown field", text)

    def test_json_schema_keywords(self):
        branch = [b for b in self.schema["$defs"]["json_schema"]["anyOf"] if b.get("type") == "object"][0]
        schema = make(self.checker, branch)
        self.assertEqual(set(schema), set(branch["properties"]))
        self.assertAccepted(spec([{"type": "format", "checks": [{"check": "json", "schema": schema}]}]))
        for keyword in ("pattern", "oneOf", "$ref", "format"):
            with self.subTest(keyword):
                document = spec([{"type": "format", "checks": [{"check": "json", "schema": {keyword: "x"}}]}])
                self.assertTrue(self.checker.errors(self.schema, document))
                code, text = self.check_spec(document)
                self.assertEqual(code, 2, text)
                self.assertIn("unsupported keyword", text)

    def test_example_specs_pass_check_spec(self):
        for path in SPECS:
            with self.subTest(path):
                p = run("check-spec", path)
                self.assertEqual(p.returncode, 0, p.stderr.decode())


if __name__ == "__main__":
    unittest.main()
