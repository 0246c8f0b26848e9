"""The benchmark's page weigher (benchmarks/weigh.py), on a page with known assets."""

from __future__ import annotations

import gzip
import sys

from conftest import REPO, serve

sys.path.insert(0, str(REPO / "benchmarks"))
import weigh  # noqa: E402


def test_a_page_with_known_assets_weighs_what_its_files_weigh(browser, tmp_path):
    files = {
        "style.css": ("body { color: #333; }\n" * 200).encode(),
        "script.js": ("console.log('kz');\n" * 100).encode(),
        "picture.png": bytes(range(256)) * 40,                  # not compressible text: counted as is
    }
    page = ('<!doctype html><html lang="en"><head><title>t</title><link rel="icon" href="data:,">'
            '<link rel="stylesheet" href="style.css"><script src="script.js"></script></head>'
            '<body><img src="picture.png" alt="x"><a href="other.html">not loaded</a>'
            '<a href="data.csv">not loaded either</a></body></html>').encode()
    for name, body in {**files, "index.html": page, "other.html": b"<p>x</p>", "data.csv": b"a\n1\n"}.items():
        (tmp_path / name).write_bytes(body)
    base, server = serve(tmp_path)
    try:
        weight = weigh.weigh(browser, f"{base}/index.html")
    finally:
        server.shutdown()
    loaded = {path.lstrip("/") for path, *_ in weight.items}
    assert loaded == {"index.html", "style.css", "script.js", "picture.png"}
    assert weight.requests == 4 and weight.failed == []
    expected_raw = len(page) + sum(len(b) for b in files.values())
    assert weight.raw == expected_raw
    expected_gzip = (len(gzip.compress(page, 6)) + len(gzip.compress(files["style.css"], 6))
                     + len(gzip.compress(files["script.js"], 6)) + len(files["picture.png"]))
    assert weight.gzip == expected_gzip
    assert weight.largest(1) == [("/picture.png", len(files["picture.png"]))]


def test_a_missing_asset_is_recorded_as_failed(browser, tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><html lang="en"><head><title>t</title>'
                                         '<link rel="icon" href="data:,"><link rel="stylesheet" href="gone.css">'
                                         '</head><body>x</body></html>')
    base, server = serve(tmp_path)
    try:
        weight = weigh.weigh(browser, f"{base}/index.html")
    finally:
        server.shutdown()
    assert weight.failed == [("/gone.css", 404)]
