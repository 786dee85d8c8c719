#!/usr/bin/env python3
"""Independent conformance checks of the generated crate, with tools this project did not write.

1. hypothesis-jsonschema makes spec-valid instances of every top-level request and response
   schema of both specs (filtered with the `jsonschema` validator); each must deserialize into the
   generated Rust type, serialize back to the identical JSON value and, for requests, pass
   `validate()`. A second set re-sends every instance that holds integers with each integer
   written as a float (`3` -> `3.0`, still a JSON Schema integer). Numbers are compared exactly
   (as decimals, not doubles): free-form fields must keep every digit.
   Besides the derandomized instances (the same on every run), every run draws fresh ones from a
   seed printed in the log; `--seed N` (or `CONFORMANCE_SEED=N`) replays a run's draw.
2. Prism (`prism mock --errors`) must accept (no 422) every request that `build_*` makes from the
   spec examples and from the generated request instances; the responses that `prism mock -d`
   (dynamic) makes up must parse with `parse_*`.

The Rust side is `cargo run -p workspace-tests --bin conformance` (JSON lines on stdin/stdout).
Usage: run.py [--instances N] [--fresh-instances N] [--seed N] [--prism-requests N]
              [--time-budget SECONDS]
Exit status 1 when any check fails; the summary lists failures per type and cause.
"""
import argparse
import copy
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

# hypothesis keeps a cache (its Unicode tables) in `.hypothesis/` of the working directory unless
# told otherwise: keep it in the ignored `out/`, so a CI run leaves the checkout clean.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(__file__).resolve().parent / "out" / "hypothesis"))

import jsonschema  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed as seeded, settings  # noqa: E402
from hypothesis_jsonschema import from_schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# Integers are generated within the interoperable JSON range (RFC 7493, I-JSON: IEEE 754 doubles):
# Prism (JavaScript) rejects int64 values beyond 2**53 - 1, and no real timestamp or count is near.
I64 = (-(2**53 - 1), 2**53 - 1)
KNOWN_STRING_FORMATS = {"date-time", "date", "email", "ipv4", "ipv6", "uri"}
ANNOTATIONS = {"description", "title", "examples", "default", "deprecated", "readOnly",
               "writeOnly", "$comment"}
REQUEST_TYPES = {"V3OrderRequest", "OrderStatusRequest", "UnifiedCompensationRequest",
                 "CreateProductRequest", "UpdateProductRequest"}


def load(api):
    return json.loads((ROOT / "spec" / api / "openapi.json").read_text())


def apis():
    """Every API: the folders of spec/ with an openapi.json (a new API needs no edit here)."""
    return sorted(path.parent.name for path in (ROOT / "spec").glob("*/openapi.json"))


def top_level(doc):
    """(operation_id_snake, 'request' | status, component name) for every JSON body."""
    out = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            name = re.sub(r"(?<!^)(?=[A-Z])", "_", op["operationId"]).lower()
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                out.append((name, "request", body["schema"]["$ref"].split("/")[-1], path, method))
            for status, resp in op["responses"].items():
                if "$ref" in resp:
                    resp = doc["components"]["responses"][resp["$ref"].split("/")[-1]]
                schema = resp.get("content", {}).get("application/json", {}).get("schema")
                if schema and "$ref" in schema:
                    out.append((name, status, schema["$ref"].split("/")[-1], path, method))
    return out


def clean(node):
    """A copy fit for generation: refs into $defs, no x-*/annotations, closed objects, i64."""
    if isinstance(node, list):
        return [clean(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-") or key in ANNOTATIONS:
            continue
        if key == "$ref":
            out[key] = value.replace("#/components/schemas/", "#/$defs/")
        elif key in ("properties", "$defs"):
            out[key] = {k: clean(v) for k, v in value.items()}
        else:
            out[key] = clean(value)
    types = out.get("type")
    types = types if isinstance(types, list) else [types]
    # The generated structs model exactly `properties`: unknown keys are ignored when reading
    # (README), so an instance with extra keys cannot round-trip. Generate closed objects.
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if "integer" in types:  # the generated type is i64; see I64 for the range
        out.setdefault("minimum", I64[0])
        out.setdefault("maximum", I64[1])
    if out.get("format") and "string" in types and out["format"] not in KNOWN_STRING_FORMATS:
        out.pop("format")
    if out.get("format") and "string" not in types:
        out.pop("format")
    return out


def standalone(doc, name):
    defs = {k: clean(v) for k, v in doc["components"]["schemas"].items()}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs,
            "$ref": f"#/$defs/{name}"}


def generate(schema, count, validator, seed=None):
    """`count` instances: derandomized (the same every run) without `seed`, else drawn from it."""
    found = []

    @settings(max_examples=count, derandomize=seed is None, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    @given(from_schema(schema))
    def collect(value):
        found.append(value)

    if seed is not None:
        collect = seeded(seed)(collect)
    collect()
    valid = [v for v in found if validator.is_valid(v)]
    return valid, len(found) - len(valid)


def floats_for_ints(value):
    # Only where the text `json.dumps` writes for the float is exactly the integer: `float()` of a
    # large integer is another number, and even an exact double is written in its shortest form
    # (`9.316824318715533e+16` for 93168243187155328), which as JSON text is a third number. The
    # crate keeps the text it is sent (free-form JSON), so comparing with the integer would blame
    # the crate for the harness's rounding.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        as_float = float(value)
        return as_float if Decimal(json.dumps(as_float)) == value else value
    if isinstance(value, list):
        return [floats_for_ints(v) for v in value]
    if isinstance(value, dict):
        return {k: floats_for_ints(v) for k, v in value.items()}
    return value


def has_int(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, list):
        return any(has_int(v) for v in value)
    if isinstance(value, dict):
        return any(has_int(v) for v in value.values())
    return False


def exact(value):
    """`value` as JSON reads it with exact numbers: integers as ints, the rest as Decimals."""
    return json.loads(json.dumps(value), parse_float=Decimal)


def exact_diff(a, b, path=""):
    """Where two JSON values (numbers exact: ints and Decimals) differ, or None. `3` equals
    `3.0`: the same JSON Schema number."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                return f"{path}/{k} dropped"
            d = exact_diff(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        for k in b:
            if k not in a:
                return f"{path}/{k} added"
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path} length"
        for i, (x, y) in enumerate(zip(a, b)):
            d = exact_diff(x, y, f"{path}/{i}")
            if d:
                return d
        return None
    number = (int, Decimal)
    if (isinstance(a, number) and not isinstance(a, bool)
            and isinstance(b, number) and not isinstance(b, bool)):
        return None if a == b else f"{path} number changed"
    return None if a == b and type(a) is type(b) else f"{path} value changed"


class Rust:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def ask(self, line, exact_numbers=False):
        self.proc.stdin.write(json.dumps(line) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        # Exact numbers for round trips: `back` must keep every digit of what was sent.
        return json.loads(answer, parse_float=Decimal) if exact_numbers else json.loads(answer)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def cause(answer):
    error = answer.get("error", "")
    stage = answer.get("stage", "?")
    if stage == "roundtrip":
        return "roundtrip: " + diff_summary(answer)
    error = re.sub(r" at line \d+ column \d+", "", error)
    error = re.sub(r"`[^`]*`", "`…`", error) if "invalid type" in error else error
    return f"{stage}: {error[:120]}"


def diff_summary(answer):
    return answer.get("diff", "the JSON value changed")


def first_diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                return f"{path}/{k} dropped"
            d = first_diff(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        for k in b:
            if k not in a:
                return f"{path}/{k} added ({json.dumps(b[k])})"
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path} length"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}/{i}")
            if d:
                return d
        return None
    return None if a == b and type(a) is type(b) else f"{path}: {json.dumps(a)} -> {json.dumps(b)}"


def generalise(diff):
    return re.sub(r"/\d+", "/*", re.sub(r": .*", "", diff))


# ------------------------------------------------------------------------------------------
# Prism

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Prism:
    def __init__(self, api, dynamic):
        self.port = free_port()
        binary = HERE / "node_modules" / ".bin" / "prism"
        args = [str(binary), "mock", "-h", "127.0.0.1", "-p", str(self.port)]
        args += ["-d"] if dynamic else ["--errors"]
        args.append(str(ROOT / "spec" / api / "openapi.json"))
        self.log = open(HERE / "out" / f"prism-{api}-{'dynamic' if dynamic else 'errors'}.log", "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"prism did not start for {api}")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def send(self, built):
        data = None if built["body"] is None else json.dumps(built["body"]).encode()
        req = urllib.request.Request(built["uri"], data=data, method=built["method"],
                                     headers=built["headers"])
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read().decode(), r.headers.get("sl-violations")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), e.headers.get("sl-violations")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def path_id(api, body=None, field=None):
    """The path id to send. Where the spec ties it to a body property (`x-body-field`), the two
    must be equal (build_* refuses a mismatch): the body's value, or the default written into
    the body when its value cannot be a path segment."""
    default = "prd_0123456789abcdef" if api == "forte" else "conformance-order-1"
    if field and isinstance(body, dict):
        value = body.get(field)
        if isinstance(value, str) and value not in ("", ".", ".."):
            return value
        body[field] = default
    return default


def body_field(doc, path, method):
    """`x-body-field` of the operation's path parameter, if any."""
    for param in doc["paths"][path][method].get("parameters", []):
        if isinstance(param, dict) and param.get("in") == "path" and "x-body-field" in param:
            return param["x-body-field"]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=100)
    ap.add_argument("--fresh-instances", type=int, default=25,
                    help="instances per type drawn from the run's seed, besides the fixed ones")
    ap.add_argument("--seed", type=int,
                    default=int(os.environ["CONFORMANCE_SEED"])
                    if os.environ.get("CONFORMANCE_SEED") else None,
                    help="the seed of the fresh instances (default: a new one, printed)")
    ap.add_argument("--prism-requests", type=int, default=20,
                    help="generated request instances per operation sent to Prism")
    ap.add_argument("--dynamic-responses", type=int, default=10)
    ap.add_argument("--time-budget", type=float, default=900)
    ap.add_argument("--binary", default=os.environ.get("CONFORMANCE_BIN"))
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fresh instances: seed {seed} (replay: --seed {seed} or CONFORMANCE_SEED={seed})",
          flush=True)
    started = time.time()
    (HERE / "out").mkdir(exist_ok=True)
    rust = Rust(args.binary)
    failures = defaultdict(Counter)   # type -> cause -> count
    counts = Counter()
    samples = {}
    requests_for_prism = defaultdict(list)  # (api, op) -> bodies

    def over_budget():
        return time.time() - started > args.time_budget

    # 1. hypothesis-jsonschema instances ------------------------------------------------------
    for api in apis():
        doc = load(api)
        seen = set()
        for op, kind, name, _path, _method in top_level(doc):
            if name in seen:
                continue
            seen.add(name)
            schema = standalone(doc, name)
            # The filter is the spec itself (open objects, no i64 bounds), not the copy above.
            validator = jsonschema.Draft202012Validator(
                {"components": doc["components"], "$ref": f"#/components/schemas/{name}"},
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            t0 = time.time()
            valid, invalid = [], 0
            budget = args.instances
            while len(valid) < args.instances and budget <= args.instances * 4:
                valid, invalid = generate(schema, budget, validator)
                budget *= 2
            counts[f"{name} generated"] = len(valid)
            counts[f"{name} rejected by jsonschema"] = invalid
            fresh, fresh_invalid = ([], 0) if args.fresh_instances <= 0 else generate(
                schema, args.fresh_instances, validator, seed=seed)
            counts[f"{name} fresh (seed {seed})"] = len(fresh)
            counts[f"{name} fresh rejected by jsonschema"] = fresh_invalid
            # The second set writes every integer as a float (`3.0`, still a JSON Schema
            # integer); it must come back as the same value, written as the integer (`3`).
            for variant, pairs in (("", [(v, None) for v in valid]),
                                   (" (integers as floats)",
                                    [(floats_for_ints(v), v) for v in valid if has_int(v)]),
                                   (f" (fresh, seed {seed})", [(v, None) for v in fresh]),
                                   (f" (fresh, seed {seed}, integers as floats)",
                                    [(floats_for_ints(v), v) for v in fresh if has_int(v)])):
                key = name + variant
                for value, expect in pairs:
                    line = {"op": "roundtrip", "type": name, "value": value}
                    if expect is not None:
                        line["expect"] = expect
                    answer = rust.ask(line, exact_numbers=True)
                    counts[key + " checked"] += 1
                    if answer["ok"]:
                        # Every number exactly as sent (Rust compares doubles).
                        lost = exact_diff(exact(value if expect is None else expect),
                                          answer.get("back"))
                        if lost:
                            answer = {"ok": False, "stage": "roundtrip", "diff": generalise(lost)}
                    if not answer["ok"]:
                        if answer.get("stage") == "roundtrip" and "diff" not in answer:
                            answer["diff"] = generalise(
                                first_diff(value if expect is None else expect, answer.get("back"))
                                or "?")
                        c = cause(answer)
                        failures[key][c] += 1
                        samples.setdefault((key, c), value)
            if name in REQUEST_TYPES:
                requests_for_prism[(api, op)] = valid[: args.prism_requests]
            print(f"  {api}.{name}: {len(valid)} instances ({invalid} filtered out) "
                  f"in {time.time() - t0:.1f}s", flush=True)
            if over_budget():
                print("time budget exhausted during generation", flush=True)
                break

    # 2. Prism --------------------------------------------------------------------------------
    prism_ok = (HERE / "node_modules" / ".bin" / "prism").exists()
    if not prism_ok:
        failures["prism"]["prism is not installed (npm ci in conformance/)"] += 1
    for api in apis() if prism_ok else ():
        doc = load(api)
        ops = {}
        for op, kind, name, path, method in top_level(doc):
            ops.setdefault(op, (path, method))
        for path, item in doc["paths"].items():
            for method, opdef in item.items():
                if isinstance(opdef, dict) and "operationId" in opdef:
                    op = re.sub(r"(?<!^)(?=[A-Z])", "_", opdef["operationId"]).lower()
                    ops.setdefault(op, (path, method))
        examples = ROOT / "spec" / api / "examples"
        server = Prism(api, dynamic=False)
        try:
            for op in sorted(ops):
                bodies = [("example " + f.name, json.loads(f.read_text()))
                          for f in sorted(examples.glob(f"{op}.request*.json"))]
                bodies += [(f"instance {i}", b) for i, b in enumerate(requests_for_prism.get((api, op), []))]
                if not bodies:
                    bodies = [("no body", None)]
                for label, body in bodies:
                    if over_budget():
                        break
                    built = rust.ask({"op": "build", "api": api, "operation": op,
                                      "base_url": server.base, "id": path_id(api, body, body_field(doc, *ops[op])), "body": body})
                    key = f"prism --errors {api}.{op}"
                    counts[key + " sent"] += 1
                    if not built["ok"]:
                        failures[key][cause(built)] += 1
                        samples.setdefault((key, cause(built)), body)
                        continue
                    status, text, violations = server.send(built)
                    try:
                        problems = json.loads(text).get("validation", []) if status >= 400 else []
                    except (ValueError, AttributeError):
                        problems = []
                    if violations:  # Prism answers a documented 4xx and lists the violations here
                        problems = problems + json.loads(violations)
                    on_request = [p for p in problems if (p.get("location") or [""])[0] != "response"]
                    if status == 422 or on_request:
                        c = f"{status}: " + "; ".join(p.get("message", "") for p in on_request)[:160]
                        failures[key][c] += 1
                        samples.setdefault((key, c), body)
                    elif problems:
                        # The request passed; Prism's own static mock response broke the spec
                        # (e.g. "string" for a pattern). Not a finding about the request.
                        counts[key + " accepted (Prism's static response invalid)"] += 1
                    else:
                        counts[key + f" accepted ({status})"] += 1
        finally:
            server.stop()
        server = Prism(api, dynamic=True)
        try:
            for op in sorted(ops):
                body = None
                req_bodies = requests_for_prism.get((api, op)) or [
                    json.loads(f.read_text()) for f in sorted(examples.glob(f"{op}.request*.json"))]
                for i in range(args.dynamic_responses):
                    if over_budget():
                        break
                    body = req_bodies[i % len(req_bodies)] if req_bodies else None
                    built = rust.ask({"op": "build", "api": api, "operation": op,
                                      "base_url": server.base, "id": path_id(api, body, body_field(doc, *ops[op])), "body": body})
                    key = f"prism -d {api}.{op}"
                    if not built["ok"]:
                        failures[key]["build: " + built.get("error", "")[:100]] += 1
                        continue
                    status, text, _ = server.send(built)
                    counts[key + " responses"] += 1
                    answer = rust.ask({"op": "parse", "api": api, "operation": op,
                                       "status": status, "body": text})
                    if not answer["ok"]:
                        c = f"status {status}: " + re.sub(r"\d+", "N", answer.get("error", ""))[:140]
                        failures[key][c] += 1
                        samples.setdefault((key, c), text)
        finally:
            server.stop()
    rust.close()

    # Summary ---------------------------------------------------------------------------------
    elapsed = time.time() - started
    print("\ncounts:")
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    total = sum(sum(c.values()) for c in failures.values())
    print(f"\nfailures: {total}")
    for key in sorted(failures):
        for c, n in failures[key].most_common():
            print(f"  {key}: {n} x {c}")
    with open(HERE / "out" / "failure-samples.json", "w") as f:
        json.dump({f"{k} | {c}": v for (k, c), v in samples.items()}, f, indent=1)
    print(f"\nfresh instances were drawn with seed {seed} (replay: --seed {seed})")
    print(f"\nconformance: {total} failures in {elapsed:.0f}s"
          + (" (time budget exhausted)" if over_budget() else ""))
    sys.exit(1 if total or over_budget() else 0)


if __name__ == "__main__":
    main()
