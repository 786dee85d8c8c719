#!/usr/bin/env python3
"""What-if copies of the generated crate, to measure a lever before implementing it.

    python3 benches/whatif.py OUT_DIR [VARIANT | NAME=GENERATED_DIR ...]

writes a small cargo workspace into OUT_DIR with one copy of `generated/` per variant (each its own
package and lib name, dependencies as in this workspace, this workspace's Cargo.lock):

- `baseline`: unchanged (controls for the copy itself);
- `no-de-requests`: no `Deserialize` (derive or impl) on the model types that no response body
  reaches (request-only models), i.e. `Deserialize` only where `parse_*` needs it;
- `no-builders`: every `builders.rs` emptied (an upper bound for cheaper builders);
- `lean-de`: the derived `Deserialize` of plain structs replaced by a lean hand-written one (one
  `visit_map`, keys matched as borrowed strings, unknown keys ignored, missing/duplicate field
  errors as serde's), what a generator could emit instead of the derive.
- `schemars-spec`: every `derive(schemars::JsonSchema)` replaced by a thin impl that hands the
  type's name and its referenced types to one non-generic function, which would serve the spec's
  own component schema (embedded text) with its `$ref`s pointed at the generator's definitions:
  what a generator could emit instead of the derive. Measure it with `--extra-features
  forte,forter,schemars` beside the feature set `schemars`.

Then time them beside the real crate in one interleaved run:

    cargo xtask compile-cost --sets forter --extra baseline=OUT_DIR/baseline ...

Only the crate alone is compiled (`--no-default-features --features forter`); tests and docs of the
workspace are not, so a variant only has to compile, not to behave.
"""

import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"

# The response bodies `parse_*` deserializes: every type a `crate::support::decode::<T, ...>` names.
DECODE = re.compile(r"decode::<\s*([^,>]+?)\s*,", re.S)
ITEM = re.compile(r"^pub (struct|enum) (\w+)", re.M)


def items(text):
    """(kind, name, start, end) of every top-level `pub struct|enum` block (end: after the `}`)."""
    out = []
    for m in ITEM.finditer(text):
        start = m.start()
        # A unit/tuple struct ends with `;` on its line.
        line_end = text.index("\n", start)
        if text[start:line_end].rstrip().endswith(";"):
            out.append((m.group(1), m.group(2), start, line_end + 1))
            continue
        end = text.index("\n}\n", start) + 3
        out.append((m.group(1), m.group(2), start, end))
    return out


def reachable_from_responses(api_dir):
    types = (api_dir / "types.rs").read_text()
    ops = (api_dir / "operations.rs").read_text()
    blocks = {name: types[s:e] for _, name, s, e in items(types)}
    roots = {m.strip().split("::")[-1] for m in DECODE.findall(ops)}
    seen, todo = set(), [r for r in roots if r in blocks]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        body = blocks[name].split("{", 1)[-1] if "{" in blocks[name] else blocks[name]
        for ident in re.findall(r"\b[A-Z]\w*\b", body):
            if ident in blocks and ident not in seen:
                todo.append(ident)
    return seen, set(blocks)


def drop_deserialize(text, names):
    """Removes `serde::Deserialize` from the derives of `names` and their manual impls."""
    for name in names:
        text = re.sub(
            r"impl<'de> serde::Deserialize<'de> for " + name + r" \{\n.*?\n\}\n",
            "",
            text,
            flags=re.S,
        )
    out, lines = [], text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#[derive(") and "serde::Deserialize" in line:
            # The item this derive belongs to: the next `pub struct|enum` line.
            j = i + 1
            while not lines[j].startswith("pub "):
                j += 1
            m = ITEM.match(lines[j])
            if m and m.group(2) in names:
                line = line.replace(", serde::Deserialize", "")
        out.append(line)
    return "\n".join(out)


FIELD = re.compile(r"^    pub (r#)?(\w+): (.+),$")
SERDE_ATTR = re.compile(r"#\[serde\((.*?)\)\]", re.S)


def lean_de(text):
    """Replaces the derived Deserialize of plain named-field structs by a hand-written one."""
    out = text
    count = 0
    for kind, name, start, end in reversed(items(text)):
        if kind != "struct":
            continue
        block = text[start:end]
        head = text[:start]
        derive_at = head.rfind("#[derive(")
        derive_line = head[derive_at : head.index("\n", derive_at)]
        if "serde::Deserialize" not in derive_line:
            continue
        # Struct-level serde attributes between the derive and the item.
        between = head[derive_at:]
        if "#[serde(" in between or "{" not in block:
            continue
        fields = []
        ok = True
        pending = ""
        for line in block.split("\n")[1:-2]:
            stripped = line.strip()
            if pending or stripped.startswith("#[serde("):
                pending += " " + stripped
                if not stripped.endswith(")]"):
                    continue
                attr = pending
                pending = ""
                if any(k in attr for k in ("flatten", "with", "skip_deserializing", "alias")):
                    ok = False
                fields.append(("attr", attr))
                continue
            m = FIELD.match(line)
            if m:
                fields.append(("field", (m.group(1) or "") + m.group(2), m.group(3)))
        declared = sum(1 for line in block.split("\n") if line.startswith("    pub "))
        if not ok or declared != sum(1 for e in fields if e[0] == "field"):
            continue
        parsed = []
        attr = ""
        for entry in fields:
            if entry[0] == "attr":
                attr = entry[1]
                continue
            _, rust, ty = entry
            rename = re.search(r'rename = "([^"]*)"', attr)
            wire = rename.group(1) if rename else rust.removeprefix("r#")
            optional = "default" in attr or ty.startswith("Option<")
            parsed.append((rust, ty, wire, optional))
            attr = ""
        lets = "".join(f"let mut f{i}: Option<{ty}> = None;\n" for i, (_, ty, _, _) in enumerate(parsed))
        arms = "".join(
            f'"{wire}" => {{ if f{i}.is_some() {{ return Err(serde::de::Error::duplicate_field("{wire}")); }} '
            f"f{i} = Some(map.next_value()?); }}\n"
            for i, (_, _, wire, _) in enumerate(parsed)
        )
        inits = "".join(
            (
                f"{rust}: f{i}.unwrap_or_default(),\n"
                if optional
                else f'{rust}: f{i}.ok_or_else(|| serde::de::Error::missing_field("{wire}"))?,\n'
            )
            for i, (rust, _, wire, optional) in enumerate(parsed)
        )
        wires = ", ".join(f'"{wire}"' for _, _, wire, _ in parsed)
        impl = f"""
impl<'de> serde::Deserialize<'de> for {name} {{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {{
            type Value = {name};
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {{
                f.write_str("struct {name}")
            }}
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<{name}, A::Error> {{
                {lets}
                while let Some(key) = map.next_key::<crate::LeanKey<'de>>()? {{
                    match &*key.0 {{
                        {arms}
                        _ => {{ map.next_value::<serde::de::IgnoredAny>()?; }}
                    }}
                }}
                Ok({name} {{ {inits} }})
            }}
        }}
        deserializer.deserialize_struct("{name}", &[{wires}], V)
    }}
}}
"""
        new_derive = derive_line.replace(", serde::Deserialize", "")
        out = out[:derive_at] + new_derive + out[derive_at + len(derive_line) : end] + impl + out[end:]
        count += 1
    return out, count


LEAN_KEY = """
/// A JSON key, borrowed from the input when it has no escapes (what-if `lean-de`).
pub(crate) struct LeanKey<'de>(pub(crate) std::borrow::Cow<'de, str>);
impl<'de> serde::Deserialize<'de> for LeanKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = LeanKey<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(LeanKey(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LeanKey(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(V)
    }
}
"""


SCHEMARS_DERIVE = '#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]\n'


def schemars_spec(text):
    """Replaces each derived JsonSchema by a thin impl naming the type and the types it refers to."""
    blocks = {name: (kind, s, e) for kind, name, s, e in items(text)}
    out, count = text, 0
    for kind, name, start, end in reversed(items(text)):
        head = out[:start]
        at = head.rfind(SCHEMARS_DERIVE)
        # The derive belongs to this item if no other item starts in between.
        if at < 0 or ITEM.search(head[at:]) or "\n}\n" in head[at:]:
            continue
        body = text[start:end]
        deps = []
        for ident in re.findall(r"\b[A-Z]\w*\b", body.split("{", 1)[-1] if "{" in body else body):
            if ident in blocks and ident != name and ident not in deps:
                deps.append(ident)
        refs = ", ".join(f"|g| g.subschema_for::<{d}>()" for d in deps)
        impl = f"""#[cfg(feature = "schemars")]
impl schemars::JsonSchema for {name} {{
    fn schema_name() -> std::borrow::Cow<'static, str> {{
        "{name}".into()
    }}
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {{
        crate::spec_schema(generator, "{name}", &[{refs}])
    }}
}}
"""
        end_in_out = end
        out = out[:at] + out[at + len(SCHEMARS_DERIVE) : end_in_out] + impl + out[end_in_out:]
        count += 1
    return out, count


SPEC_SCHEMA = """
/// What-if `schemars-spec`: the spec's component schema of `name`, its `$ref`s registered.
#[cfg(feature = "schemars")]
pub(crate) fn spec_schema(
    generator: &mut schemars::SchemaGenerator,
    name: &str,
    refs: &[fn(&mut schemars::SchemaGenerator) -> schemars::Schema],
) -> schemars::Schema {
    let components: serde_json::Value = serde_json::from_str(SPEC_COMPONENTS).unwrap_or_default();
    let mut schema = components
        .pointer(&format!("/components/schemas/{name}"))
        .cloned()
        .unwrap_or_default();
    let targets: Vec<serde_json::Value> = refs.iter().map(|r| r(generator).to_value()).collect();
    fn point(value: &mut serde_json::Value, targets: &[serde_json::Value]) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get_mut("$ref") {
                    let name = r.rsplit('/').next().unwrap_or_default().to_owned();
                    if let Some(t) = targets.iter().find(|t| t["$ref"].as_str().is_some_and(|x| x.ends_with(&name))) {
                        *r = t["$ref"].as_str().unwrap_or_default().to_owned();
                    }
                }
                map.values_mut().for_each(|v| point(v, targets));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| point(v, targets)),
            _ => {}
        }
    }
    point(&mut schema, &targets);
    schemars::Schema::try_from(schema).unwrap_or_default()
}

#[cfg(feature = "schemars")]
const SPEC_COMPONENTS: &str = include_str!("spec_components.json");
"""


def rewrite_types(src, apis, rewrite, lib_items):
    """Rewrites every API's `types.rs` with `rewrite` (text -> (text, count)), appends `lib_items`
    to `lib.rs`, and returns the total count."""
    total = 0
    for api in apis:
        text, count = rewrite((api / "types.rs").read_text())
        (api / "types.rs").write_text(text)
        total += count
    lib = src / "lib.rs"
    lib.write_text(lib.read_text() + lib_items)
    return total


def copy_variant(out_dir, variant, workspace, source=GENERATED):
    dest = out_dir / variant
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest)
    manifest = (dest / "Cargo.toml").read_text()
    manifest = manifest.replace('name = "commerce-apis"', f'name = "commerce-apis-{variant}"')
    manifest = manifest.replace('name = "commerce_apis"', f'name = "commerce_apis_{variant.replace("-", "_")}"')
    (dest / "Cargo.toml").write_text(manifest)
    src = dest / "src"
    apis = [d for d in src.iterdir() if d.is_dir() and (d / "types.rs").exists()]
    notes = []
    if variant == "no-de-requests":
        for api in apis:
            keep, every = reachable_from_responses(api)
            drop = every - keep
            text = drop_deserialize((api / "types.rs").read_text(), drop)
            (api / "types.rs").write_text(text)
            notes.append(f"{api.name}: Deserialize kept on {len(keep)} of {len(every)} types")
    elif variant == "no-builders":
        for api in apis:
            (api / "builders.rs").write_text("//! (what-if: no builders)\n")
            # Examples or docs in other modules may name builders; the crate alone must compile.
    elif variant == "lean-de":
        total = rewrite_types(src, apis, lean_de, LEAN_KEY)
        notes.append(f"lean Deserialize on {total} structs")
    elif variant == "schemars-spec":
        total = rewrite_types(src, apis, schemars_spec, SPEC_SCHEMA)
        # The embedded text a real implementation would carry: both specs' components.
        components = {}
        for spec in sorted((ROOT / "spec").glob("*/openapi.json")):
            components.update(json.loads(spec.read_text()).get("components", {}).get("schemas", {}))
        (src / "spec_components.json").write_text(json.dumps({"components": {"schemas": components}}))
        notes.append(f"thin JsonSchema impl on {total} types")
    return notes


def main():
    out_dir = Path(sys.argv[1]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    # `NAME=DIR`: a generated crate from elsewhere (another commit's `generated/`, or the output of
    # a generator change not yet committed), copied unchanged as variant NAME.
    args = sys.argv[2:] or ["baseline", "no-de-requests", "no-builders", "lean-de"]
    sources = dict(a.split("=", 1) for a in args if "=" in a)
    variants = [a.split("=", 1)[0] for a in args]
    root_manifest = tomllib.loads((ROOT / "Cargo.toml").read_text())
    text = (ROOT / "Cargo.toml").read_text()
    package = text[text.index("[workspace.package]") :]
    members = ", ".join(f'"{v}"' for v in variants)
    (out_dir / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [{members}]\n\n{package}')
    shutil.copy(ROOT / "Cargo.lock", out_dir / "Cargo.lock")
    del root_manifest
    for variant in variants:
        source = Path(sources[variant]).resolve() if variant in sources else GENERATED
        for note in copy_variant(out_dir, variant, out_dir, source):
            print(f"{variant}: {note}")
        print(f"{variant}: {out_dir / variant}")


if __name__ == "__main__":
    main()
