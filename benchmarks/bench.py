"""Build benchmark: `make bench`.

Measures, on this machine, in the same run (the median of ``BENCH_RUNS`` runs,
3 by default):

* a clean HTML build of a fresh copy of the book (every page with code
  executed), and the execution time of each page, from the records the build
  writes (``chapters/_generated/execution/``);
* a rebuild with no change, and which pages it executed;
* a rebuild after editing one chapter's code, and which pages it executed;
* a PDF build with the cache warm (when TeX is installed);
* the weight of every HTML page as Chromium loads it (``benchmarks/weigh.py``):
  requests, and bytes raw and gzip-compressed.

It prints a table beside the targets of issue 19, each marked met or missed,
and writes ``benchmarks/results.json``. Keep README.md's benchmark section in
step with it.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))
from conftest import build_html, copy_book, reader_pages, serve  # noqa: E402  (the tests' copy, build and server)
from weigh import weigh  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
EDITED = "02-industrial-projects"  # the chapter whose code the one-chapter rebuild edits
PAGE_LIMIT_MB = 1.2
NO_CHANGE_RATIO = 0.2
CLEAN_OVER_EXECUTION = 1.6
EXECUTED = re.compile(r"(\S+\.(?:md|ipynb)): Executing notebook")


def build(root: Path, builder: str = "html") -> tuple[float, list[str]]:
    """Run the cache guard as `make book` does, then time one build; return the
    seconds and the pages that executed."""
    env = {**os.environ, "KZBOOK_ROOT": str(root)}
    subprocess.run([sys.executable, "-m", "kzbook.cache_guard", str(root / "_build")], env=env, check=True,
                   capture_output=True)
    start = time.perf_counter()
    out = build_html(root, builder)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{builder} build failed:\n{(out.stdout + out.stderr)[-3000:]}")
    return elapsed, sorted(Path(p).stem for p in EXECUTED.findall(out.stdout + out.stderr))


def execution_seconds(root: Path) -> dict[str, float]:
    """Each page's execution time in the last build that executed it, from the
    records the build writes (see kzbook.sphinxext)."""
    times = {}
    for record in sorted((root / "chapters" / "_generated" / "execution").glob("*.json")):
        entry = json.loads(record.read_text())
        if entry.get("runtime") is not None and not entry.get("from_cache"):
            times[Path(entry["page"]).name] = round(entry["runtime"], 2)
    return times


def collectors() -> list[str]:
    from kzbook.sphinxext import COLLECTORS
    return sorted(Path(name).name for name in COLLECTORS)


def page_weights(html_root: Path) -> list:
    """Every page of the site, weighed in Chromium."""
    from playwright.sync_api import sync_playwright

    pages = reader_pages(html_root)
    base, server = serve(html_root)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            try:
                return [weigh(browser, f"{base}/{p.relative_to(html_root).as_posix()}") for p in pages]
            finally:
                browser.close()
    finally:
        server.shutdown()


def main() -> int:
    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                 "cpus": os.cpu_count()}, "runs": RUNS}
    clean, nochange, one, ratios = [], [], [], []
    nochange_executed: list[str] = []
    one_executed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(RUNS):
            root = copy_book(Path(tmp) / f"book{run}")
            t, _ = build(root)
            clean.append(t)
            seconds = execution_seconds(root)
            ratios.append(t / sum(seconds.values()))
            t, nochange_executed = build(root)
            nochange.append(t)
            chapter = root / "chapters" / f"{EDITED}.md"
            text = chapter.read_text()
            cell = re.search(r"```\{code-cell\}[^\n]*\n", text).start()
            end = text.index("\n```\n", cell)  # end of the first code cell: add a comment line
            chapter.write_text(text[:end] + f"\n# benchmark edit {run}" + text[end:])
            t, one_executed = build(root)
            one.append(t)
        from kzbook.build_ru import build as build_russian  # as `make book` does: the pages in ru/ too
        if build_russian(root, "html").returncode != 0:
            raise SystemExit("the Russian summary did not build")
        weights = page_weights(root / "_build" / "html")
        pdf_s = None
        if shutil.which("xelatex") and shutil.which("latexmk"):
            pdf_s = round(build(root, "pdflatex")[0], 1)
    heaviest = max(weights, key=lambda w: w.raw)
    results.update({
        "clean_html_s": round(statistics.median(clean), 1),
        "no_change_s": round(statistics.median(nochange), 1),
        "no_change_executed": nochange_executed,
        "one_chapter_s": round(statistics.median(one), 1),
        "one_chapter_edited": EDITED,
        "one_chapter_executed": one_executed,
        "execution_s": seconds,
        "execution_total_s": round(sum(seconds.values()), 1),
        "clean_over_execution": round(statistics.median(ratios), 2),
        "pdf_s": pdf_s,
        "pages": {w.page: {"requests": w.requests, "raw_bytes": w.raw, "gzip_bytes": w.gzip,
                           "largest": w.largest(3), "failed": w.failed} for w in weights},
        "heaviest_page": heaviest.page,
        "heaviest_page_mb": round(heaviest.raw / 1e6, 3),
        "heaviest_page_gzip_mb": round(heaviest.gzip / 1e6, 3),
    })
    expected_one = sorted({EDITED, *collectors()})
    checks = [
        ("heaviest page, raw", f"{heaviest.raw / 1e6:.2f} MB ({heaviest.page}, {heaviest.requests} requests; "
         f"{heaviest.gzip / 1e6:.2f} MB gzip)", f"≤ {PAGE_LIMIT_MB} MB", heaviest.raw <= PAGE_LIMIT_MB * 1e6),
        ("pages over the limit", f"{sum(w.raw > PAGE_LIMIT_MB * 1e6 for w in weights)} of {len(weights)}",
         "0", all(w.raw <= PAGE_LIMIT_MB * 1e6 for w in weights)),
        ("files a page requested that returned an error", str(sum(len(w.failed) for w in weights)), "0",
         not any(w.failed for w in weights)),
        ("no-change rebuild / clean build",
         f"{results['no_change_s']} s / {results['clean_html_s']} s = "
         f"{results['no_change_s'] / results['clean_html_s']:.2f}", f"≤ {NO_CHANGE_RATIO}",
         results["no_change_s"] <= NO_CHANGE_RATIO * results["clean_html_s"]),
        ("pages the no-change rebuild executed", ", ".join(nochange_executed) or "none", "none",
         not nochange_executed),
        ("pages the one-chapter rebuild executed", ", ".join(one_executed) or "none",
         f"{EDITED} and the collectors", one_executed == expected_one),
        ("clean build / pages' execution time",
         f"{results['clean_html_s']} s / {results['execution_total_s']} s = {results['clean_over_execution']}",
         f"≤ {CLEAN_OVER_EXECUTION}", results["clean_over_execution"] <= CLEAN_OVER_EXECUTION),
    ]
    results["targets"] = [{"measure": m, "value": v, "target": t, "met": ok} for m, v, t, ok in checks]
    (REPO / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")

    print(f"Median of {RUNS} runs on {results['machine']['cpus']} CPUs, Python {results['machine']['python']}")
    width = max(len(c[0]) for c in checks)
    print(f"{'measure':<{width}}  {'value':<72} {'target':<28} result")
    for measure, value, target, ok in checks:
        print(f"{measure:<{width}}  {value:<72} {target:<28} {'met' if ok else 'MISSED'}")
    print()
    info = [("one-chapter rebuild", f"{results['one_chapter_s']} s"),
            ("PDF build (cache warm)", f"{pdf_s} s" if pdf_s is not None else "skipped (no TeX)")]
    info += [(f"execute {name}", f"{secs} s") for name, secs in seconds.items()]
    for label, value in info:
        print(f"{label:<{width}}  {value}")
    print()
    print(f"{'page':<44} {'requests':>8} {'raw MB':>8} {'gzip MB':>8}  largest items")
    for w in sorted(weights, key=lambda w: -w.raw):
        largest = ", ".join(f"{Path(p).name} {b / 1e6:.2f}" for p, b in w.largest(3))
        print(f"{w.page:<44} {w.requests:>8} {w.raw / 1e6:>8.2f} {w.gzip / 1e6:>8.2f}  {largest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
