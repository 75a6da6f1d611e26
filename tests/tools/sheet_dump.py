"""Reads a schedule spreadsheet with openpyxl and its CSV twin with Python's
csv module, and prints what they hold as JSON, for tests/spreadsheet.rs:

    .tools/venv/bin/python tests/tools/sheet_dump.py FILE.xlsx FILE.csv

{"xlsx": {"sheets": [...], "title": ..., "creator": ..., "created": ...,
          "rows": [[cell, ...], ...], "date_cells": [...], "bold": [...],
          "freeze": "A2", "filter": "A1:H9", "widths": [...]},
 "csv": {"rows": [[...], ...]}}

Cells are text as Excel shows them; the last column's dates (real Excel
dates) are written YYYY-MM-DD, and "date_cells" says, row by row, whether
that cell was a date or text, with its number format.
"""

import csv
import json
import sys
from datetime import datetime

import openpyxl


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    return str(value)


def widths(sheet, columns):
    """Each column's width; None where none is set. A <col> element may
    cover several columns (min..max), which openpyxl files under the first."""
    found = [None] * columns
    for dim in sheet.column_dimensions.values():
        if dim.customWidth:
            for i in range(dim.min, dim.max + 1):
                if i <= columns:
                    found[i - 1] = dim.width
    return found


def dump_xlsx(path):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = [[cell_text(c.value) for c in row] for row in sheet.iter_rows()]
    last = sheet.max_column
    date_cells = [
        [isinstance(row[last - 1].value, datetime), row[last - 1].number_format]
        for row in sheet.iter_rows(min_row=2)
    ]
    props = book.properties
    return {
        "sheets": book.sheetnames,
        "title": props.title,
        "creator": props.creator,
        "created": props.created.strftime("%Y-%m-%dT%H:%M:%S") if props.created else None,
        "rows": rows,
        "date_cells": date_cells,
        "bold": [bool(c.font.b) for c in sheet[1]],
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "widths": widths(sheet, last),
        "landscape": sheet.page_setup.orientation == "landscape",
        "print_titles": sheet.print_title_rows,
        "paper": sheet.page_setup.paperSize,
        "one_page_wide": bool(sheet.sheet_properties.pageSetUpPr.fitToPage)
        and sheet.page_setup.fitToHeight in (0, "0"),
        "page_header": sheet.oddHeader.center.text,
    }


def dump_csv(path):
    # utf-8-sig takes the byte-order mark off, as Excel does.
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {"rows": [row for row in csv.reader(f, strict=True)]}


def main():
    xlsx, csv_path = sys.argv[1:3]
    print(json.dumps({"xlsx": dump_xlsx(xlsx), "csv": dump_csv(csv_path)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
