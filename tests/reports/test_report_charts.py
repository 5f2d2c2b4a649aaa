"""The SVG charts: well-formed, accessible, one bar per period, no script or style, and
scaled by their container so they fit a 390 px phone."""

import re
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse

from kundcenter.reports.charts import CHAR_WIDTH, nice_step, render_chart
from kundcenter.reports.framework import TEXT, Chart, Column, Table
from tests.conftest import login
from tests.reports.helpers import FIRST, LAST

SVG = "{http://www.w3.org/2000/svg}"


def svgs(html):
    return [ElementTree.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_one_bar_per_period_and_a_title_and_description(client, manager, many_tickets):
    login(client, manager)
    query = {"date_from": FIRST, "date_to": LAST, "grouping": "week"}
    response = client.get(reverse("reports:volumes"), query)
    charts = svgs(response.text)
    assert len(charts) == 4
    bars = charts[0]
    periods = response.context["sections"][0]["rows"]
    assert len(periods) == 5  # ISO weeks 40–44 touch October 2026
    for series in (0, 1):
        rects = [r for r in bars.iter(f"{SVG}rect") if f"series-{series}" in r.get("class", "")]
        assert len(rects) == len(periods)
    assert bars.find(f"{SVG}title").text == "New and closed tickets per period"
    assert "Bar chart" in bars.find(f"{SVG}desc").text
    assert bars.get("viewBox") and bars.get("width") is None
    line = charts[1]
    assert len(list(line.iter(f"{SVG}circle"))) == len(periods)


def test_bar_heights_follow_the_values():
    table = Table(
        "t", "T", [Column("p", "P", TEXT), Column("n", "N")], [["a", 0], ["b", 5], ["c", 10]]
    )
    svg = ElementTree.fromstring(render_chart(Chart("bar", "p", ["n"]), table))
    heights = [
        float(r.get("height")) for r in svg.iter(f"{SVG}rect") if "bar" in r.get("class", "")
    ]
    assert heights[0] == 0 and heights[1] * 2 == heights[2]


def test_labels_are_escaped_and_thinned():
    rows = [[f"<Kund {n} & co>", n] for n in range(30)]
    table = Table("t", "A & B", [Column("p", "P", TEXT), Column("n", "N")], rows)
    markup = render_chart(Chart("bar", "p", ["n"]), table)
    svg = ElementTree.fromstring(markup)
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert len(labels) <= 6
    assert svg.find(f"{SVG}title").text == "A & B"
    assert labels[0].text.startswith("<Kund 0")  # cut to the room it has (below)


def test_axis_labels_are_cut_so_that_neighbours_never_overlap():
    # The overview's new-today chart: four category names in a narrow panel.
    names = ["Support question", "Software bug", "Feature request", "Order"]
    table = Table("t", "T", [Column("p", "P", TEXT), Column("n", "N")], [[n, 1] for n in names])
    svg = ElementTree.fromstring(render_chart(Chart("bar", "p", ["n"]), table))
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert [t.text[:3] for t in labels] == ["Sup", "Sof", "Fea", "Ord"]
    for left, right in zip(labels, labels[1:], strict=False):
        room = float(right.get("x")) - float(left.get("x"))
        assert (len(left.text) + len(right.text)) / 2 * CHAR_WIDTH < room


def test_day_and_week_labels_of_one_year_leave_the_year_to_the_table():
    from kundcenter.reports.charts import axis_labels

    assert axis_labels(["2026-10-01", "2026-10-02"]) == ["10-01", "10-02"]
    assert axis_labels(["2026-W52", "2026-W53"]) == ["W52", "W53"]
    assert axis_labels(["2026-W52", "2027-W01"]) == ["2026-W52", "2027-W01"]
    assert axis_labels(["2026-11", "2026-12"]) == ["2026-11", "2026-12"]


def test_nice_steps():
    assert [nice_step(n) for n in (0, 3, 9, 40, 41, 130, 999)] == [
        1,
        1,
        5,
        10,
        20,
        50,
        500,
    ]


def test_no_script_no_style_attribute_and_no_fixed_width(client, manager):
    login(client, manager)
    for name in ("reports:volumes", "reports:deflection"):
        html = client.get(reverse(name)).text
        main = html[html.index("<main") :]
        assert "<script" not in main and " style=" not in main and "<style" not in main
        assert not re.search(r'width="\d{3,}', main)
    css = (Path(settings.BASE_DIR) / "kundcenter/static/css/kundcenter.css").read_text()
    assert re.search(r"svg\.chart \{[^}]*width: 100%", css)
    templates = Path(settings.BASE_DIR) / "kundcenter/reports/templates/reports"
    for template in templates.iterdir():
        assert not re.search(r"\d{3,}px", template.read_text())
