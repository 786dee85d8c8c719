#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets, fuzz/corpus/<api>/, from spec/<api>/examples/.

Run from anywhere: python3 fuzz/seed_corpus.py [--check]

The selector byte of each input is read from the target's table (fuzz_targets/<api>.rs), and the
table is checked against the spec first: every request and response body type and every operation
of spec/<api>/openapi.json must have an arm, with the documented statuses. `--check` writes nothing
and fails when a seed file is missing or different.

Seeds:
- per example file: its type's selector byte + the file (e.g. `0-validate_order.request.json`);
- per type without an example: `{}` and a skeleton made from the schema (every property, the first
  enum value or branch);
- per operation and documented status: the parse selector, the status (two bytes, little-endian,
  status - 100) and an example body of that status (or the skeleton of its type), and one
  undocumented status (418).
Files are only added or rewritten, never deleted: inputs the fuzzer found and saved are kept.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
TYPE_ARM = re.compile(r"(\d+)\s*=>\s*round_trip::<\s*\w+::(\w+)\s*>")
PARSE_ARM = re.compile(
    r"(\d+)\s*=>\s*parse\(\s*rest,\s*\w+::parse_(\w+),\s*&\[([\d,\s]*)\],\s*&\[([\d,\s]*)\]"
)


def statuses(text):
    return sorted(int(s) for s in text.replace(" ", "").split(",") if s)


def snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def resolve(doc, ref):
    node = doc
    for token in ref.lstrip("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def schema_name(doc, schema):
    if schema is None or "$ref" not in schema:
        raise SystemExit(f"body schema {schema} is not a $ref to a component")
    return schema["$ref"].rsplit("/", 1)[-1]


def spec_operations(doc, section="paths"):
    """(snake operation id, request type or None, {status: type or None}) of every operation of
    `paths` (or, with section="webhooks", of every notification the API sends)."""
    out = []
    for item in doc.get(section, {}).values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            body = op.get("requestBody")
            if body and "$ref" in body:
                body = resolve(doc, body["$ref"])
            request = None
            if body:
                request = schema_name(doc, body["content"]["application/json"]["schema"])
            responses = {}
            for status, response in op["responses"].items():
                if "$ref" in response:
                    response = resolve(doc, response["$ref"])
                content = response.get("content")
                responses[int(status)] = (
                    schema_name(doc, content["application/json"]["schema"]) if content else None
                )
            out.append((snake(op["operationId"]), request, responses))
    return out


def skeleton(doc, schema, depth=0):
    """A value of the schema's shape: every property, the first enum value, branch or example."""
    if depth > 12:
        return None
    if "$ref" in schema:
        return skeleton(doc, resolve(doc, schema["$ref"]), depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            if key == "allOf":
                merged = {}
                for part in schema[key]:
                    value = skeleton(doc, part, depth + 1)
                    if isinstance(value, dict):
                        merged.update(value)
                return merged
            return skeleton(doc, schema[key][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {k: skeleton(doc, v, depth + 1) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [skeleton(doc, schema.get("items", {}), depth + 1)]
    return {"string": "x", "integer": 1, "number": 1.5, "boolean": True}.get(kind)


def seeds(api):
    target = (FUZZ / "fuzz_targets" / f"{api}.rs").read_text()
    types = {name: int(n) for n, name in TYPE_ARM.findall(target)}
    parses = {op: (int(n), statuses(ok), statuses(api_)) for n, op, ok, api_ in PARSE_ARM.findall(target)}
    arms = re.search(r"match selector % (\d+)", target)
    count = int(arms.group(1)) if arms else 0
    selectors = sorted(list(types.values()) + [p[0] for p in parses.values()])
    problems = []
    if selectors != list(range(count)):
        problems.append(f"arms {selectors} are not 0..{count} (`match selector % {count}`)")

    doc = json.loads((ROOT / "spec" / api / "openapi.json").read_text())
    examples_of = {}
    for path in sorted((ROOT / "spec" / api / "examples").glob("*.json")):
        operation, kind = path.name.split(".")[:2]
        examples_of.setdefault((operation, kind), []).append(path)

    out = {}
    by_type = {}
    for operation, request, responses in spec_operations(doc):
        if operation not in parses:
            problems.append(f"no parse arm for operation {operation}")
            continue
        selector, ok, api_errors = parses[operation]
        want_ok = sorted(s for s in responses if 200 <= s < 300)
        want_errors = sorted(s for s in responses if not 200 <= s < 300)
        if (ok, api_errors) != (want_ok, want_errors):
            problems.append(
                f"parse_{operation}: the arm says success {ok}, errors {api_errors}; "
                f"the spec documents success {want_ok}, errors {want_errors}"
            )
        bodies = [(request, "request")] + [(t, str(s)) for s, t in responses.items()]
        for type_name, kind in bodies:
            if type_name is None:
                continue
            if type_name not in types:
                problems.append(f"no round_trip arm for {type_name} ({operation} {kind})")
                continue
            for path in examples_of.get((operation, kind), []):
                by_type.setdefault(type_name, []).append(path)
        for status, type_name in sorted(responses.items()):
            paths = examples_of.get((operation, str(status)), [])
            if type_name is None:
                bodies_ = [("empty", b"")]
            elif paths:
                bodies_ = [(p.name, p.read_bytes()) for p in paths]
            else:
                schema = doc["components"]["schemas"][type_name]
                bodies_ = [("skeleton", json.dumps(skeleton(doc, schema), indent=2).encode())]
            for name, body in bodies_:
                head = bytes([selector]) + (status - 100).to_bytes(2, "little")
                out[f"{selector}-parse-{status}-{name}"] = head + body
        head = bytes([selector]) + (418 - 100).to_bytes(2, "little")
        out[f"{selector}-parse-418-undocumented"] = head + b"I'm a teapot"
    # Notifications (webhooks) have no parse arm: their payload and answer types are seeded from
    # their examples like any body type.
    for operation, request, responses in spec_operations(doc, "webhooks"):
        bodies = [(request, "request")] + [(t, str(s)) for s, t in responses.items()]
        for type_name, kind in bodies:
            if type_name is None:
                continue
            if type_name not in types:
                problems.append(f"no round_trip arm for {type_name} (webhook {operation} {kind})")
                continue
            for path in examples_of.get((operation, kind), []):
                by_type.setdefault(type_name, []).append(path)
    for type_name, selector in types.items():
        for path in sorted(set(by_type.get(type_name, []))):
            out[f"{selector}-{path.name}"] = bytes([selector]) + path.read_bytes()
        if type_name not in by_type:
            schema = doc["components"]["schemas"][type_name]
            text = json.dumps(skeleton(doc, schema), indent=2).encode()
            out[f"{selector}-{type_name}.skeleton.json"] = bytes([selector]) + text
            out[f"{selector}-{type_name}.empty.json"] = bytes([selector]) + b"{}"
    return out, problems


def main():
    check = "--check" in sys.argv[1:]
    failed = False
    for api in sorted(p.name for p in (ROOT / "spec").iterdir() if (p / "openapi.json").exists()):
        if not (FUZZ / "fuzz_targets" / f"{api}.rs").exists():
            print(f"error: no fuzz target fuzz/fuzz_targets/{api}.rs for spec/{api}")
            failed = True
            continue
        out, problems = seeds(api)
        for problem in problems:
            print(f"error: fuzz/fuzz_targets/{api}.rs: {problem}")
            failed = True
        corpus = FUZZ / "corpus" / api
        for name, data in sorted(out.items()):
            path = corpus / name
            if path.exists() and path.read_bytes() == data:
                continue
            if check:
                print(f"error: {path.relative_to(ROOT)} is missing or stale")
                failed = True
            else:
                corpus.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                print(f"wrote {path.relative_to(ROOT)}")
        print(f"{api}: {len(out)} seed(s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
