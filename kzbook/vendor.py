"""Third-party assets installed from the npm package registry, pinned.

Three packages are not on PyPI in a usable form:

* ``world-atlas`` — Natural Earth 1:50m country boundaries (public domain)
  as TopoJSON, for the map of Kazakhstan;
* ``axe-core`` — the accessibility engine the browser tests inject;
* ``tablesort`` — a small script that lets readers sort the ledger and the
  project register by any column (with its number plugin).

``python -m kzbook.vendor`` (run by ``make setup``) downloads each tarball from
registry.npmjs.org once, checks it against the pinned SRI hash (the registry's
``dist.integrity``) and unpacks it under ``.vendor/<name>-<version>/``. After
that the book builds offline. Provenance of the boundary data is recorded in
``data/datapackage.json`` (``x-external-data``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kzbook.paths import PACKAGE_ROOT


@dataclass(frozen=True)
class Asset:
    name: str
    version: str
    integrity: str  # "sha512-<base64>", as published by the registry

    @property
    def url(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.name}-{self.version}.tgz"

    @property
    def folder(self) -> Path:
        return vendor_dir() / f"{self.name}-{self.version}"


ASSETS = {
    "world-atlas": Asset(
        "world-atlas", "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="),
    "axe-core": Asset(
        "axe-core", "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="),
    # sorting of the ledger and register tables in the HTML book (MIT licence)
    "tablesort": Asset(
        "tablesort", "5.7.1",
        "sha512-wm+xSponmlN1spiuwGlrvNGoG8fEso+y86OOjS+Pl0Qsje/cOVSfUvELcXILWc8/sgEdY/NGMPo0qhFGyYKnwQ=="),
}


class VendorMissing(RuntimeError):
    """A pinned asset is not installed; the message says how to install it."""


def vendor_dir() -> Path:
    override = os.environ.get("KZBOOK_VENDOR")
    return Path(override).resolve() if override else PACKAGE_ROOT / ".vendor"


def check_integrity(payload: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, payload).digest()).decode()
    if actual != expected:
        raise ValueError(f"integrity mismatch: expected {integrity}, got {algorithm}-{actual}")


def install(asset: Asset) -> Path:
    """Download, verify and unpack ``asset`` unless it is already there."""
    if (asset.folder / "package.json").exists():
        return asset.folder
    with urllib.request.urlopen(asset.url, timeout=120) as response:
        payload = response.read()
    check_integrity(payload, asset.integrity)
    asset.folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            relative = Path(member.name).relative_to("package")  # npm tarballs nest in package/
            target = asset.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    return asset.folder


def path(name: str, relative: str) -> Path:
    """The installed file ``relative`` of asset ``name``; a clear error if absent."""
    asset = ASSETS[name]
    target = asset.folder / relative
    if not target.exists():
        raise VendorMissing(
            f"{asset.name} {asset.version} is not installed ({target} is missing). "
            "Run `make setup` (or `python -m kzbook.vendor`) once with network access "
            "to the npm registry.")
    return target


def main() -> int:
    for asset in ASSETS.values():
        folder = install(asset)
        print(f"{asset.name} {asset.version}: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
