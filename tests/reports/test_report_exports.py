"""CSV and Excel exports hold exactly the rows and columns of the table on the page."""

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.knowledge.helpers import make_article
from tests.reports.conftest import report_table
from tests.reports.helpers import FIRST, LAST, local, log_form

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
QUERY = {"date_from": FIRST.isoformat(), "date_to": LAST.isoformat(), "grouping": "week"}


def read_xlsx(content: bytes) -> list[list]:
    """The first sheet's cells, row by row: strings as str, numbers as int or float."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = (
            [
                "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
                for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(
                    "m:si", NS
                )
            ]
            if "xl/sharedStrings.xml" in book.namelist()
            else []
        )
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = []
        for cell in row.findall("m:c", NS):
            column = ord(re.match(r"[A-Z]", cell.get("r")).group()) - ord("A")
            while len(cells) < column:
                cells.append(None)
            value = cell.find("m:v", NS)
            if value is None:
                cells.append(None)
            elif cell.get("t") == "s":
                cells.append(shared[int(value.text)])
            else:
                number = float(value.text)
                cells.append(int(number) if number.is_integer() else number)
        rows.append(cells)
    return rows


@pytest.mark.parametrize("key", ["periods", "backlog", "breakdown", "age", "customers"])
def test_volume_exports_equal_the_table_shown(client, manager, many_tickets, key):
    login(client, manager)
    url = reverse("reports:volumes")
    header, rows = report_table(client.get(url, QUERY), key)
    assert rows

    response = client.get(url, {**QUERY, "format": "csv", "table": key})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"volymer-{key}-2026-10-01-2026-10-31.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines == [header, *rows]

    response = client.get(url, {**QUERY, "format": "xlsx", "table": key})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = read_xlsx(response.content)
    assert sheet[0] == header
    assert [[str(v) for v in row] for row in sheet[1:]] == rows


def test_deflection_exports_write_the_rate_as_a_number(client, manager, superuser_a):
    article = make_article("Lönekörning", module="lon")
    log_form(superuser_a, local(2026, 10, 5), article=article)
    log_form(superuser_a, local(2026, 10, 5))
    log_form(superuser_a, local(2026, 10, 6))
    login(client, manager)
    url = reverse("reports:deflection")
    query = {**QUERY, "grouping": "month"}
    header, rows = report_table(client.get(url, query), "periods")
    assert rows == [["2026-10", "3", "1", "1", "33.3 %"]]

    lines = list(
        csv.reader(
            io.StringIO(client.get(url, {**query, "format": "csv"}).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert lines == [header, ["2026-10", "3", "1", "1", "33,3"]]
    sheet = read_xlsx(client.get(url, {**query, "format": "xlsx"}).content)
    assert sheet == [header, ["2026-10", 3, 1, 1, pytest.approx(1 / 3)]]


def test_an_unknown_table_is_404(client, manager):
    login(client, manager)
    response = client.get(reverse("reports:volumes"), {"format": "csv", "table": "secrets"})
    assert response.status_code == 404


def test_a_name_that_looks_like_a_formula_is_not_one_in_the_files(client, manager, customers):
    from kundcenter.accounts.models import Organization
    from tests import factories
    from tests.reports.helpers import place

    org, reporter = customers[0]
    Organization.objects.filter(pk=org.pk).update(name='=HYPERLINK("http://x","klicka")')
    place(factories.make_ticket(org, reporter), created=local(2026, 10, 3))
    login(client, manager)
    url = reverse("reports:volumes")
    query = {**QUERY, "table": "customers"}
    text = client.get(url, {**query, "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x","klicka")', "1"]
    sheet = read_xlsx(client.get(url, {**query, "format": "xlsx"}).content)
    assert sheet[1] == ['=HYPERLINK("http://x","klicka")', 1]  # a string cell, not a formula
