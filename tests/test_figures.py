"""The chart helper's guarantees (kzbook.charts) and the HTML post-processing of
tables and figures (kzbook.htmlpost), on small inputs."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kzbook import charts, htmlpost  # noqa: E402

charts.use_style()


@pytest.mark.parametrize("scale", ["log", "symlog"])
def test_bars_on_a_non_linear_value_axis_are_refused(scale):
    fig, ax = charts.figure()
    ax.bar(["a", "b"], [10, 1000])
    ax.set_yscale(scale)
    with pytest.raises(ValueError, match=f"bars on a {scale} value axis"):
        charts.check_value_axes(fig, "fig-test")
    fig2, ax2 = charts.figure()
    ax2.barh(["a", "b"], [10, 1000])
    ax2.set_xscale(scale)
    with pytest.raises(ValueError, match="fig-test"):
        charts.check_value_axes(fig2, "fig-test")
    plt.close("all")


def test_bars_on_a_linear_axis_and_dots_on_a_log_axis_pass():
    fig, (a, b) = charts.figure(2)
    a.barh(["a", "b"], [10, 1000])
    b.scatter([10, 1000], [0, 1])
    b.set_xscale("log")
    charts.check_value_axes(fig, "fig-test")  # no error
    plt.close(fig)


def test_text_sizes_name_the_source_line_and_every_label():
    fig, ax = charts.figure()
    ax.plot([2000, 2010], [1, 2])
    ax.set_xlabel("year")
    ax.annotate("a label", (2005, 1.5), fontsize=6)
    charts.add_source(fig, "Source: a publisher.")
    texts = charts.text_sizes(fig)
    assert [t for t in texts if t["role"] == "source"] == [
        {"role": "source", "size_pt": charts.SOURCE_PT, "text": "Source: a publisher."}]
    assert {"role": "label", "size_pt": 6.0, "text": "a label"} in texts
    assert any(t["text"] == "year" and t["size_pt"] == charts.TEXT_PT for t in texts)
    plt.close(fig)


def test_house_type_is_legible_in_a_phone_column():
    """The house sizes, in a figure of the house width shown in a phone's
    column, render at the promised least sizes (the browser test measures the
    real pages)."""
    natural = charts.WIDTH * 96  # CSS pixels
    assert charts.rendered_px(charts.TEXT_PT, charts.PHONE_COLUMN_PX, natural) >= charts.MIN_LABEL_PX
    assert charts.rendered_px(charts.SOURCE_PT, charts.PHONE_COLUMN_PX, natural) >= charts.MIN_SOURCE_PX
    assert charts.rendered_px(7.5, charts.PHONE_COLUMN_PX, natural) < charts.MIN_LABEL_PX  # the old size fails


def test_the_source_line_lies_below_an_outside_legend():
    fig, (a, b) = charts.figure(2, height=5)
    a.plot([1, 2], [1, 2], label="one")
    b.plot([1, 2], [2, 1], label="two")
    fig.legend(loc="outside lower center", ncol=2)
    charts.add_source(fig, "Source: " + "a long list of publishers " * 8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")  # as the book saves it
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    source = fig.texts[0].get_window_extent(renderer)
    assert source.y1 < legend.y0
    plt.close(fig)


def test_year_ticks_end_at_the_last_year():
    fig, ax = charts.figure()
    charts.year_ticks(ax, 1993, 2024, 5)
    assert list(ax.get_xticks())[-1] == 2024 and list(ax.get_xticks())[0] >= 1993
    plt.close(fig)


def test_placed_labels_do_not_overlap():
    fig, ax = charts.figure()
    points = [(0.5, 0.5), (0.51, 0.5), (0.5, 0.51), (0.52, 0.52)]
    ax.scatter(*zip(*points))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    charts.place_labels(ax, [(x, y, f"place {i}") for i, (x, y) in enumerate(points)])
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == len(points)
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            assert not first.overlaps(second)
    plt.close(fig)


def test_hover_needs_one_title_per_point_and_skips_gaps():
    fig, ax = charts.figure()
    with pytest.raises(ValueError, match="titles"):
        charts.hover(ax, [1, 2], [1, 2], ["only one"])
    charts.hover(ax, [1, 2, 3], [1, float("nan"), 3], ["a", "b", "c"])
    assert fig._kz_hover == {"kzhover-0": ["a", "c"]}
    plt.close(fig)


# ---- The map of chapter 2 (kzbook.maps) ---------------------------------------

MAP_MAX_BYTES = 150_000  # issue 19: the map's SVG as the HTML page loads it


def _svg_of(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")  # as the inline backend saves a figure
    return buffer.getvalue()


def test_the_map_boundaries_take_at_most_a_third_of_the_map_budget():
    """The boundaries drawn at the precision the figure needs are light (at the
    atlas's full 1:50m precision they alone weigh about 79 KB, more than half
    of the budget; thinned by a minimum step of 4 km, about 75 KB)."""
    from kzbook import maps

    fig, ax = charts.figure(height=4.5)
    maps.draw_kazakhstan(ax)
    size = len(_svg_of(fig).encode())
    plt.close(fig)
    assert size <= MAP_MAX_BYTES / 3, f"the bare map's SVG is {size:,} bytes"


def test_simplified_outlines_stay_within_the_tolerance_of_the_atlas():
    import shapely

    from kzbook import geo, maps

    full = [np.column_stack(maps.project(*polygon[0].T)) for polygon in geo.country_polygons("KAZ")]
    simple = maps.projected_rings("KAZ")
    assert len(simple) == len(full)  # no part of Kazakhstan is lost
    for original, drawn in zip(full, simple):
        gap = shapely.hausdorff_distance(shapely.LineString(original), shapely.LineString(drawn))
        assert gap <= maps.TOLERANCE_KM * 1.0001
    assert sum(map(len, simple)) < 0.6 * sum(map(len, full))


def test_neighbours_outlines_run_on_kazakhstan_s_own():
    """Each border is simplified once for both countries: every vertex of a
    neighbour's outline that lies on Kazakhstan's boundary is a vertex of
    Kazakhstan's outline too, so the two lines coincide (simplifying each
    country on its own draws two slightly different lines along a border)."""
    import shapely

    from kzbook import geo, maps

    boundary = shapely.MultiLineString(
        [np.column_stack(maps.project(*polygon[0].T)) for polygon in geo.country_polygons("KAZ")])
    home = {tuple(point) for ring in maps.projected_rings("KAZ") for point in np.round(ring, 6)}
    shared = 0
    for iso3 in maps.NEIGHBOURS:
        for ring in maps.projected_rings(iso3):
            on_border = shapely.distance(boundary, shapely.points(ring)) < 1e-6
            shared += int(on_border.sum())
            stray = [tuple(p) for p in np.round(ring[on_border], 6) if tuple(p) not in home]
            assert not stray, f"{iso3}: {len(stray)} border vertices off Kazakhstan's outline"
    assert shared > 100  # the test saw the borders


def test_every_mapped_site_lies_inside_kazakhstan_as_drawn():
    import shapely

    from kzbook import load, maps
    from kzbook.projects import latest

    outline = shapely.MultiPolygon([shapely.Polygon(ring) for ring in maps.projected_rings("KAZ")])
    sites = latest(load("us_projects_register")).dropna(subset=["lat"])
    for name, frame in [("project", sites), ("deposit", load("deposit_locations"))]:
        x, y = maps.project(frame["lon"], frame["lat"])
        inside = shapely.contains_xy(outline, x, y)
        assert len(frame) and inside.all(), f"{name}s outside the drawn outline: {list(frame.index[~inside])}"


def test_the_map_as_the_html_loads_it_is_at_most_150_kb(tmp_path, monkeypatch):
    """Chapter 2 run in a fresh kernel on a copy of the book: its map's SVG
    output (the file the page links to) and the SVG the page inlines, with
    its hover titles (kzbook.htmlpost), are each at most 150 KB."""
    import json

    import jupytext
    from nbclient import NotebookClient

    from conftest import copy_book

    root = copy_book(tmp_path / "book")
    monkeypatch.setenv("KZBOOK_ROOT", str(root))
    chapter = root / "chapters" / "02-industrial-projects.md"
    notebook = jupytext.read(chapter)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(chapter.parent)}}).execute()
    cell = next(c for c in notebook.cells
                if c.metadata.get("mystnb", {}).get("figure", {}).get("name") == "fig-ch02-map")
    svg = next(o["data"]["image/svg+xml"] for o in cell.outputs if "image/svg+xml" in o.get("data", {}))
    record = json.loads((root / "chapters" / "_generated" / "figures" / "fig-ch02-map.json").read_text())
    inlined = htmlpost.titled_svg(svg, record["hover"], "fig-ch02-map", cell.metadata["mystnb"]["image"]["alt"])
    assert record["hover"] and inlined.count("<title>") == sum(map(len, record["hover"].values()))
    sizes = {"file": len(svg.encode()), "inlined": len(inlined.encode())}
    assert max(sizes.values()) <= MAP_MAX_BYTES, f"the map's SVG weighs {sizes} bytes"


# ---- HTML --------------------------------------------------------------------

TABLE = ('<div class="pst-scrollable-table-container"><table class="table kz-cards" id="tbl-x">\n'
         '<caption><span class="caption-number">Table 1.1 </span>A caption</caption>\n'
         '<thead>\n<tr class="row-odd"><th class="head"><p>Year</p></th>\n<th class="head"><p>Amount, t</p></th>\n'
         '</tr>\n</thead>\n<tbody>\n<tr class="row-even"><td class="text-left"><p>2024</p></td>\n'
         '<td class="text-right"><p>1,000</p></td>\n</tr>\n</tbody>\n</table>\n</div>')


def test_captions_move_out_of_the_scrolling_box_and_name_the_table():
    page = htmlpost.wrap_tables(TABLE)
    caption_at = page.index('class="kz-table-caption"')
    box_at = page.index('class="pst-scrollable-table-container"')
    assert caption_at < box_at and "<caption>" not in page
    assert 'aria-labelledby="tbl-x-caption"' in page and 'id="tbl-x-caption"' in page
    assert 'role="region"' in page and 'tabindex="0"' in page
    assert page.count("<div") == page.count("</div>")


def test_card_tables_label_every_cell_with_its_column():
    page = htmlpost.wrap_tables(TABLE)
    assert '<td data-label="Year" class="text-left">' in page
    assert '<td data-label="Amount, t" class="text-right">' in page
    plain = htmlpost.wrap_tables(TABLE.replace(" kz-cards", ""))
    assert "data-label" not in plain


SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="360pt" height="200pt" viewBox="0 0 360 200"
 xmlns="http://www.w3.org/2000/svg" version="1.1"><metadata>m</metadata>
<defs><clipPath id="p1"><rect x="0" y="0" width="10" height="10"/></clipPath></defs>
<g id="kzhover-0"><defs><path id="m1" d="M 0 0"/></defs><g clip-path="url(#p1)">
<use xlink:href="#m1" x="1" y="1"/><use xlink:href="#m1" x="2" y="2"/></g></g></svg>"""


def test_hover_titles_and_prefixed_ids_in_an_inlined_svg():
    out = htmlpost.titled_svg(SVG, {"kzhover-0": ["first <point>", "second"]}, "fig-x", "An alt text")
    assert out.count("<title>") == 2 and "first &lt;point&gt;" in out
    assert 'id="fig-x-p1"' in out and 'url(#fig-x-p1)' in out and 'href="#fig-x-m1"' in out
    assert 'role="img"' in out and 'aria-label="An alt text"' in out
    assert "<metadata" not in out and "<?xml" not in out
    ids = re.findall(r'\bid="([^"]+)"', out)
    assert all(i.startswith("fig-x-") for i in ids)


def test_a_hover_group_that_does_not_match_its_titles_is_an_error():
    with pytest.raises(ValueError, match="2 markers but 3 titles"):
        htmlpost.titled_svg(SVG, {"kzhover-0": ["a", "b", "c"]}, "fig-x", "alt")
    with pytest.raises(ValueError, match="not found"):
        htmlpost.titled_svg(SVG, {"kzhover-9": ["a"]}, "fig-x", "alt")


def test_every_figure_opens_full_size(tmp_path):
    page = ('<figure class="align-default" id="fig-ch09-test">\n'
            '<img alt="Some alt" src="../_images/abc.svg" />\n<figcaption>c</figcaption></figure>')
    out = htmlpost.open_figures(page, tmp_path / "chapters" / "x.html", {})
    assert '<a class="kz-figure-open" href="../_images/abc.svg"' in out and '<img alt="Some alt"' in out


def test_a_table_with_dates_gets_widths_that_keep_each_date_whole():
    import pandas as pd

    from kzbook import gluing

    frame = pd.DataFrame({"Date": ["24 Oct 2007", "4 Oct 2011"], "What": ["a long description " * 6, "short"]})
    source = gluing.markdown_table(frame, "Caption", "tbl-test")
    assert "24\u00a0Oct\u00a02007" in source  # never wraps in the HTML
    widths = [int(w) for w in source.split(":widths: ")[1].split("\n")[0].split()]
    # the date column is wide enough for its longest date on the PDF line
    assert widths[0] / sum(widths) >= len("24 Oct 2007") / gluing.LINE_CHARS - 0.01
    no_dates = gluing.markdown_table(pd.DataFrame({"A": ["x"], "B": ["y"]}), "Caption", "tbl-test2")
    assert ":widths:" not in no_dates
