"""The demo batch: realistic generated inputs of every kind baomi reads, with the truth needed to check a run.

Developers send spreadsheets with their own header conventions (title rows, merged cells, a second sheet, IDs
typed as numbers), a GBK CSV and a UTF-8-with-BOM CSV; clerks transcribe paper survey and census forms into text
files. Everything is generated (Faker zh_CN and ``pipelines.synthetic``); no real person is in it.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from pipelines.synthetic import MOBILE_STYLES, PiiFaker


@dataclass
class DemoTruth:
    """What was planted: PII values (entity, value as written) and the PII-free request texts."""

    planted: list[tuple[str, str]] = field(default_factory=list)
    clean_requests: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    damaged_rows: int = 0


class _DemoWriter:
    def __init__(self, seed: int) -> None:
        self.fake = PiiFaker(seed)
        self.rng = random.Random(seed)
        self.truth = DemoTruth()

    def plant(self, entity: str, value: str) -> str:
        self.truth.planted.append((entity, value))
        return value

    def mobile(self) -> str:
        return self.plant(
            "CN_MOBILE", self.fake.format_mobile(self.fake.mobile(), self.rng.choice(MOBILE_STYLES))
        )

    def id_number(self) -> str:
        return self.plant("CN_RESIDENT_ID", self.fake.resident_id())

    def request(self) -> str:
        """Two thirds PII-free; the rest carry a phone, email, card or ID written some way people write it."""
        text = self.fake.request()
        roll = self.rng.random()
        if roll < 2 / 3:
            self.truth.clean_requests.append(text)
            return text
        if roll < 0.8:
            return f"{text}请回电{self.mobile()}。"
        if roll < 0.87:
            return f"{text}资料发我邮箱{self.plant('EMAIL_ADDRESS', self.fake.email())}谢谢"
        if roll < 0.94:
            card = self.fake.format_digits(self.fake.bank_card(), self.rng.choice(("plain", "spaced4")))
            return f"{text}退款请打到银行卡{self.plant('CN_BANK_CARD', card)}"
        return f"{text}（业主身份证{self.id_number()}）"

    def landline(self) -> str:
        return self.plant("CN_LANDLINE", self.fake.landline())


def make_demo_inputs(folder: Path, rows: int = 200, seed: int = 7) -> list[Path]:
    """Write the demo input files into ``folder`` and return their paths."""
    return make_demo_batch(folder, rows, seed).files


def make_demo_batch(folder: Path, rows: int = 200, seed: int = 7) -> DemoTruth:
    """Write the demo inputs and return what was planted in them."""
    folder.mkdir(parents=True, exist_ok=True)
    writer = _DemoWriter(seed)
    for make in (_developer_workbook, _gbk_csv, _bom_csv, _dash_forms, _blank_line_forms):
        writer.truth.files.append(make(writer, folder, rows))
    return writer.truth


def _developer_workbook(w: _DemoWriter, folder: Path, rows: int) -> Path:
    """Title rows above the header, a merged title, a merged 楼栋 column, some IDs typed as numbers."""
    path = folder / "开发商_业主信息表.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "业主信息"
    project = w.fake.project_name()
    headers = ["序号", "业主姓名", "联系电话", "身份证号", "工作单位", "楼栋", "房号", "诉求", "备注"]
    sheet.append([f"{project}业主信息登记表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(["导出日期：2026-11-01", None, None, None, None, None, None, None, "受控文件"])
    sheet.append(headers)
    row_number = 4
    for index in range(rows):
        building = f"{index // 10 + 1}栋"
        id_cell: str | float = w.id_number()
        if index % 40 == 39 and str(id_cell)[-1].isdigit():
            id_cell = float(
                id_cell
            )  # typed as a number, as Excel keeps it: a double, digits lost in the file
            w.truth.damaged_rows += 1
        note = w.mobile() if index % 17 == 0 else ("已交房" if index % 3 == 0 else None)
        clean_before = len(w.truth.clean_requests)
        request = w.request()
        if isinstance(id_cell, float) and len(w.truth.clean_requests) > clean_before:
            w.truth.clean_requests.pop()  # the damaged row is quarantined by design, its request with it
        sheet.append(
            [
                index + 1,
                w.fake.person(),
                w.mobile(),
                id_cell,
                w.fake.employer(),
                building,
                w.fake.room(),
                request,
                note,
            ]
        )
        if index % 10 == 0 and index + 9 < rows:
            sheet.merge_cells(start_row=row_number, start_column=6, end_row=row_number + 9, end_column=6)
        row_number += 1
    complaints = book.create_sheet("投诉记录")
    complaints.append(["客户名称", "手机号码", "问题描述", "反映时间", "处理状态"])
    for _ in range(max(rows // 4, 1)):
        complaints.append(
            [w.fake.person(), w.mobile(), w.request(), "2026-10-12", w.rng.choice(["已处理", "处理中"])]
        )
    book.save(path)
    return path


def _gbk_csv(w: _DemoWriter, folder: Path, rows: int) -> Path:
    """A GBK CSV with yet other header spellings, an unmapped free-text column and an unmapped phone column."""
    path = folder / "碧桂园_交付客户.csv"
    with path.open("w", encoding="gbk", errors="replace", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["户主", "手机", "证件号码", "单位", "房间号", "反映问题", "登记日期", "装修情况", "紧急联络"]
        )
        for _ in range(rows):
            out.writerow(
                [
                    w.fake.person(),
                    w.mobile(),
                    w.id_number(),
                    w.fake.employer(),
                    w.fake.room(),
                    w.request(),
                    "2026-09-30",
                    w.rng.choice(["未装修", "装修中", "已入住"]),
                    w.plant("CN_MOBILE", w.fake.mobile()),
                ]
            )
    return path


def _bom_csv(w: _DemoWriter, folder: Path, rows: int) -> Path:
    """UTF-8 with BOM, as Excel saves it: email, landline and a bank account column."""
    path = folder / "意见征集.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["联系人", "联系方式", "固定电话", "电子邮箱", "开户账号", "意见建议", "问题类型"])
        for _ in range(max(rows // 2, 1)):
            out.writerow(
                [
                    w.fake.honorific(),
                    w.mobile(),
                    w.landline(),
                    w.plant("EMAIL_ADDRESS", w.fake.email()),
                    w.plant("CN_BANK_CARD", w.fake.bank_card()),
                    w.request(),
                    w.rng.choice(["维修", "安全", "收费"]),
                ]
            )
    return path


def _form(w: _DemoWriter, colon: str) -> list[str]:
    lines = [
        f"姓名{colon}{w.fake.person()}",
        f"联系电话{colon}{w.mobile()}　　身份证号{colon}{w.id_number()}",
        f"工作单位{colon}{w.fake.employer()}",
        f"房号{colon}{w.fake.room()}",
    ]
    request = w.request()
    cut = len(request) // 2
    lines.append(f"诉求{colon}{request[:cut]}")
    lines.append(request[cut:])  # the clerk's transcription wraps the request over two lines
    if w.truth.clean_requests and w.truth.clean_requests[-1] is request:
        # Ingest keeps the transcription's line break and trims whitespace at the ends of lines: that is the
        # text that must survive intact.
        w.truth.clean_requests[-1] = request[:cut].rstrip() + "\n" + request[cut:].lstrip()
    return lines


def _dash_forms(w: _DemoWriter, folder: Path, rows: int) -> Path:
    path = folder / "人口普查_转录.txt"
    forms = ["\n".join(_form(w, "：" if index % 2 else ":")) for index in range(max(rows // 5, 1))]
    path.write_text("\n----------------\n".join(forms) + "\n", encoding="utf-8")
    return path


def _blank_line_forms(w: _DemoWriter, folder: Path, rows: int) -> Path:
    path = folder / "满意度访谈_转录.txt"
    forms = ["\n".join(_form(w, "：")) for _ in range(max(rows // 5, 1))]
    path.write_text("\n\n".join(forms) + "\n", encoding="gb18030")
    return path
