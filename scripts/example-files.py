"""Writes the binary files of the SYSU example campaign, which are made,
not photographed or typed in a spreadsheet program:

- content/sysu-2026-graduation-photos/attachments/schedule.xlsx: Attachment
  4, the per-school schedule that the office publishes and that the
  campaign reads its slots from (`slots_from`). The rows are sample data
  (the real notice gives the campuses' days and times, not each unit's
  slot).
- content/sysu-2026-graduation-photos/images/photo-layout.png: the
  drawing of a certificate photo's layout the notice shows (blue
  background, head and shoulders), drawn here pixel by pixel.

Run it again after editing ROWS or the drawing:

    scripts/install-test-tools      # once: .tools/venv with openpyxl
    .tools/venv/bin/python scripts/example-files.py

Both files are written with fixed dates, so running it twice gives the
same bytes.
"""

import datetime
import io
import pathlib
import struct
import zipfile
import zlib

import openpyxl
from openpyxl.styles import Alignment, Font

CAMPAIGN = pathlib.Path(__file__).resolve().parent.parent / "content/sysu-2026-graduation-photos"
OUT = CAMPAIGN / "attachments/schedule.xlsx"
IMAGE = CAMPAIGN / "images/photo-layout.png"
TITLE = "各校园2026年预毕业研究生学历相片采集时间安排"
HEADER = ["序号", "校园", "日期", "时间", "地点", "培养单位"]
ZHUHAI = ("珠海校区", datetime.date(2025, 10, 25), "公共教学楼C201")
SHENZHEN = ("深圳校区", datetime.date(2025, 11, 4), "公共教学楼西3-107")
NORTH = ("北校园", datetime.date(2025, 11, 4), "新教学楼306")
SOUTH = ("南校园", datetime.date(2025, 11, 5), "丰盛堂102")
ROWS = [
    (ZHUHAI, "09:00-10:00", "数学学院（珠海）"),
    (ZHUHAI, "10:00-11:00", "物理与天文学院"),
    (ZHUHAI, "11:00-12:00", "附属第五医院"),
    (ZHUHAI, "13:30-15:00", "海洋科学学院"),
    (ZHUHAI, "15:00-17:00", "大气科学学院"),
    (SHENZHEN, "09:00-10:30", "医学院"),
    (SHENZHEN, "10:30-12:00", "药学院（深圳）"),
    (SHENZHEN, "13:30-14:30", "材料学院"),
    (SHENZHEN, "14:30-15:00", "附属第七医院"),
    (SHENZHEN, "15:00-15:30", "附属第八医院"),
    (NORTH, "08:30-10:00", "中山医学院"),
    (NORTH, "10:00-11:00", "公共卫生学院"),
    (NORTH, "11:00-12:00", "护理学院"),
    (NORTH, "13:30-15:00", "光华口腔医学院"),
    (NORTH, "15:00-17:00", "附属第一医院"),
    (SOUTH, "08:30-10:00", "中国语言文学系"),
    (SOUTH, "10:00-11:00", "历史学系"),
    (SOUTH, "11:00-12:00", "哲学系"),
    (SOUTH, "13:30-15:00", "岭南学院"),
    (SOUTH, "15:00-17:00", "法学院"),
]
FIXED = datetime.datetime(2025, 10, 15, 9, 0)


def workbook():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "各校园安排"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["（示例数据）"])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for n, ((campus, day, venue), time, unit) in enumerate(ROWS, start=1):
        ws.append([n, campus, day, time, venue, unit])
        ws.cell(row=ws.max_row, column=3).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEF", [6, 12, 12, 14, 20, 22]):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A4"
    wb.properties.creator = "noticeboard example"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    return wb


def photo_layout(width=240, height=320):
    """A certificate photo's layout: a blue background (RGB 67, 142, 219, as
    photo studios use for 学历照片), a head and shoulders in grey, and a
    dashed guide where the top of the head and the chin should fall."""
    blue, person, guide = (67, 142, 219), (96, 96, 104), (255, 255, 255)
    rows = []
    for y in range(height):
        row = bytearray([0])  # PNG filter: none
        for x in range(width):
            dx = (x - width / 2) / (width * 0.2)
            head = dx * dx + ((y - height * 0.36) / (height * 0.17)) ** 2 <= 1
            sx = (x - width / 2) / (width * 0.46)
            shoulders = y >= height * 0.62 and sx * sx + ((y - height) / (height * 0.36)) ** 2 <= 1
            neck = abs(x - width / 2) <= width * 0.08 and height * 0.48 <= y <= height * 0.66
            line = y in (int(height * 0.19), int(height * 0.53)) and (x // 6) % 2 == 0
            color = guide if line else person if (head or shoulders or neck) else blue
            row.extend(color)
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def main():
    IMAGE.parent.mkdir(exist_ok=True)
    IMAGE.write_bytes(photo_layout())
    print(f"wrote {IMAGE}")
    raw = io.BytesIO()
    workbook().save(raw)
    # The zip entries carry the time of writing; fixed, the file is the
    # same bytes every time.
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 10, 15, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    OUT.write_bytes(out.getvalue())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
