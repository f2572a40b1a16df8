"""openapi/openapi.json (OpenAPI 3.1) → OpenAPI 3.0.3 for progenitor, the Rust client
generator, which reads 3.0 only (oxidecomputer/progenitor#762). Only what 3.0 cannot
say is rewritten: `type: [T, "null"]` and `oneOf [null, X]` → `nullable`, `examples`
→ `example`, `const` → a one-value `enum`, 3.1-only fields dropped; and each operation
keeps its JSON body only (progenitor takes one media type per response), so the
negotiated ninjs/JSON-LD and the XML documents are left to other clients. progenitor
types only `application/json` bodies, so problem documents
(`application/problem+json`) are declared as that, to come out as `types::Problem`;
and it wants one type for all error answers, so `304 Not Modified` (bodiless, and only
ever the answer to a conditional request, which this client does not make) is left out.
progenitor cannot send `multipart/form-data`, so operations taking only that (the image
upload) are left to the other clients.

Usage: to_openapi30.py IN OUT
"""

import json
import sys


def schema(node):
    if isinstance(node, list):
        return [schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: schema(v) for k, v in node.items()}
    kind = node.get("type")
    if isinstance(kind, list):
        rest = [t for t in kind if t != "null"]
        if "null" in kind:
            node["nullable"] = True
        node["type"] = rest[0] if len(rest) == 1 else rest
        if len(rest) != 1:
            del node["type"]
    for key in ("oneOf", "anyOf"):
        options = node.get(key)
        if isinstance(options, list) and any(o == {"type": "null"} for o in options):
            rest = [o for o in options if o != {"type": "null"}]
            del node[key]
            node["nullable"] = True
            if len(rest) == 1:
                node["allOf"] = rest
            else:
                node[key] = rest
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if "examples" in node and isinstance(node["examples"], list):
        examples = node.pop("examples")
        if examples:
            node["example"] = examples[0]
    for dropped in ("$schema", "contentMediaType", "contentEncoding"):
        node.pop(dropped, None)
    return node


def main():
    source, target = sys.argv[1:3]
    spec = json.load(open(source))
    spec["openapi"] = "3.0.3"
    spec.pop("jsonSchemaDialect", None)
    spec.pop("webhooks", None)
    spec["info"].pop("summary", None)
    spec["info"].get("license", {}).pop("identifier", None)
    responses = list(spec.get("components", {}).get("responses", {}).values())
    for item in spec["paths"].values():
        for method in list(item):
            body = item[method].get("requestBody", {}) if isinstance(item[method], dict) else {}
            if set(body.get("content", {})) == {"multipart/form-data"}:
                del item[method]
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].pop("304", None)
                responses.extend(operation["responses"].values())
    for response in responses:
        content = response.get("content")
        if not content:
            continue
        json_types = [t for t in content if t == "application/json" or t.endswith("+json")]
        keep = "application/json" if "application/json" in content else (json_types or [None])[0]
        if keep is None:
            del response["content"]
        else:
            response["content"] = {"application/json" if keep == "application/problem+json" else keep: content[keep]}
    spec = schema(spec)
    json.dump(spec, open(target, "w"), indent=1)


main()
