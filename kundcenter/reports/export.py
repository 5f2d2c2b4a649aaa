"""CSV and Excel files of one report table: exactly the rows and columns the page shows.

CSV is for Swedish Excel: `;` between fields, UTF-8 with a byte-order mark, shares as
percent with a decimal comma (12,5); a text that a spreadsheet would take for a formula
gets a leading apostrophe. Excel files hold real numbers: counts as integers,
shares as fractions formatted as percent, so they sum and chart in Excel.
"""

import csv
import io

import xlsxwriter
from django.utils.formats import number_format

from kundcenter.reports.framework import HOURS, SHARE, Table


def display(value, kind: str) -> str:
    """A cell as the page shows it (in the current language)."""
    if value is None:
        return "–"
    if kind == SHARE:
        # Rounded as the CSV rounds it (number_format alone cuts the digits off).
        return f"{number_format(round(value * 100, 1), 1)} %"
    if kind == HOURS:
        return number_format(round(value, 1), 1)
    return str(value)


def display_rows(table: Table) -> list[list[str]]:
    kinds = [c.kind for c in table.columns]
    return [[display(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]


# A text cell starting with one of these is a formula to a spreadsheet (CSV injection):
# a customer's or an article's name must not run as one in the reader's Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value, kind: str):
    if value is None:
        return ""
    if kind == SHARE:
        return f"{value * 100:.1f}".replace(".", ",")
    if kind == HOURS:
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(c.label) for c in table.columns])
    kinds = [c.kind for c in table.columns]
    for row in table.rows:
        writer.writerow([_csv_cell(v, k) for v, k in zip(row, kinds, strict=True)])
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(table: Table) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    # Sheet names: at most 31 characters, none of []:*?/\
    name = "".join(ch for ch in str(table.title) if ch not in "[]:*?/\\")[:31] or "Rapport"
    sheet = workbook.add_worksheet(name)
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    hours = workbook.add_format({"num_format": "0.0"})
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, str(column.label), bold)
        sheet.set_column(col, col, 12 if col else 28)
    for number, row in enumerate(table.rows, start=1):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            if value is None:
                sheet.write_blank(number, col, None)
            elif column.kind == SHARE:
                sheet.write_number(number, col, value, percent)
            elif column.kind == HOURS:
                sheet.write_number(number, col, value, hours)
            elif isinstance(value, int | float):
                sheet.write_number(number, col, value)
            else:
                sheet.write_string(number, col, str(value))
    workbook.close()
    return out.getvalue()
