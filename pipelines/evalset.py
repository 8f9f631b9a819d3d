"""The domain evaluation set: generated property-management texts with exhaustive, exact gold spans.

Every record is built by concatenating segments, literal text and generated values, and recording the
offsets of each value as it is appended, so the gold spans are exact and exhaustive by construction: every
PII value in a text was put there by a slot, and every slot is a span. Values come from
:class:`pipelines.synthetic.PiiFaker`; the templates below are our own text. Nothing here is real.

Labels are baomi entity names (``CN_MOBILE``, ``CN_LANDLINE``, ``PERSON`` …). Annotation conventions:

* a form of address (王先生, 李女士, 张阿姨) is one ``PERSON`` span including the honorific;
* an address that ends in a room (…阳光花园3栋2单元501) is one ``ADDRESS`` span; a room on its own is
  ``ROOM``;
* a phone written with a country code (+86-138-…, （+86）138…) is one ``CN_MOBILE`` span including the code;
* building-level locations (3号楼, 地下车库B2), compound names, dates, amounts, hotlines (400/800, 95xxx,
  12345), order numbers and postcodes are not PII and carry no span.

Kinds: ``request`` (诉求, half with no PII at all), ``form`` (transcribed ``key：value`` forms), ``note``
(clerk and call-centre notes) and ``negative`` (PII-free texts dense with look-alikes).

Run ``python -m pipelines.evalset --out domain_eval.jsonl`` to write the set with the fixed default seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipelines.synthetic import MOBILE_STYLES, REQUEST_LEADS, PiiFaker, to_fullwidth_digits

DOMAIN_SEED = 20240601
DOMAIN_SIZE = 2000

# One cycle of record kinds: 2 PII-free requests, 2 requests with PII, 2 forms, 3 notes, 1 hard negative.
KIND_CYCLE = ("request_clean", "request_pii", "form", "note", "note", "request_clean", "request_pii", "form",
              "note", "negative")  # fmt: skip

SLOT_RE = re.compile(r"\{(\w+)\}")

# Requests that carry PII. Upper-case slots are PII (labelled), lower-case slots are filler (not labelled).
PII_REQUEST_TEMPLATES = (
    "我是{ROOM}的业主{PERSON}，电话{MOBILE}，{request}",
    "我是{project}{ROOM}的{HONORIFIC}，{request}有事打我电话{MOBILE}",
    "{request}联系人：{HONORIFIC}，{MOBILE}",
    "本人{PERSON}，身份证号{ID}，{request}",
    "{request}我的邮箱是{EMAIL}，处理结果请发邮件告诉我。",
    "{request}我在{EMPLOYER}上班，白天不在家，请晚上联系{MOBILE}。",
    "住在{ADDRESS}的业主反映：{request}电话{LANDLINE}",
    "{HONORIFIC}（{ROOM}）：{request}",
    "{request}——{PERSON} {MOBILE}",
    "你好，我是{HONORIFIC}，{request}我的手机号是{MOBILE}，微信同号。",
    "{request}我车牌是{PLATE}，有问题打{MOBILE}找{HONORIFIC}。",
    "业主{PERSON}（{MOBILE}）：{request}",
)

NOTE_TEMPLATES = (
    "{time}来电，{HONORIFIC}（{MOBILE}）反映：{request}",
    "{date} {time} 业主{PERSON}来电，称{request}回拨号码{MOBILE}。",
    "客户{HONORIFIC}，住{ADDRESS}，手机{MOBILE}，{request}",
    "{PERSON}在{EMPLOYER}工作，{request}联系方式：{MOBILE}",
    "业主{PERSON}就职于{EMPLOYER}，房号{ROOM}，{request}",
    "回访：已联系{HONORIFIC}，电话 {MOBILE}，表示满意。",
    "{HONORIFIC}说在{EMPLOYER}上班，白天不在家，晚上打{LANDLINE}或者{MOBILE}都行。",
    "{ROOM}住户{PERSON}报修：{request}身份证{ID}已登记。",
    "代扣物业费卡号{CARD}（户名{PERSON}），{request}",
    "{HONORIFIC}的车{PLATE}停在消防通道，已电话{MOBILE}通知挪车。",
    "请{HONORIFIC}加微信{WECHAT}或QQ{QQ}沟通装修方案，邮箱{EMAIL}。",
    "租户{PERSON}持护照{PASSPORT}办理入住登记，房号{ROOM}。",
    "{PERSON}出示港澳通行证{PERMIT}代办手续，电话{MOBILE}",
    "商户{EMPLOYER}（统一社会信用代码{USCC}）负责人{PERSON}，{request}",
    "{date}{HONORIFIC}到前台反映{request}留的电话是{MOBILE}，住{ROOM}",
    "来电号码：{MOBILE}；来电人：{HONORIFIC}；地址：{ADDRESS}；内容：{request}",
    "{PERSON}（{EMPLOYER}）投诉：{request}要求回电{LANDLINE}",
    "{HONORIFIC}{MOBILE}：{request}",
    "电话{MOBILE} {HONORIFIC} {ROOM} {request}",
    "工单{ticket}：{request}处理人已联系{HONORIFIC}（{ROOM}），手机尾号不对，改为{MOBILE}。",
    "{HONORIFIC}就职于{EMPLOYER}，身份证号码{ID}，银行卡{CARD}，申请物业费自动扣款。",
    "业主{PERSON}委托{PERSON2}代办，代办人电话{MOBILE}，身份证{ID}",
    "【夜班记录】{time} {HONORIFIC}称{request}已通知维修，回访电话{MOBILE}",
    "{PERSON}，{EMPLOYER}，{MOBILE}，{ROOM}，{request}",
)

NEGATIVE_TEMPLATES = (
    "{request}",
    "{date} {time} {request}",
    "工单{ticket}：{request}",
    "{request}{request2}",
    "【{project}】{request}",
    "{date}巡查：{request}",
)

# Form fields: (PII slot or filler slot, key spellings). Forms always hold a name and a phone.
FORM_NAME_KEYS = ("姓名", "业主姓名", "户主", "联系人", "客户姓名", "住户姓名", "户主姓名")
FORM_PHONE_KEYS = ("联系电话", "手机", "电话", "手机号码", "联系方式", "手机号")
FORM_OPTIONAL_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("EMPLOYER", ("工作单位", "单位", "任职单位", "就职单位", "工作单位名称")),
    ("ADDRESS", ("住址", "家庭住址", "通讯地址", "现住址", "户籍地址")),
    ("ROOM", ("房号", "房间号", "房屋编号", "楼栋房号", "门牌号")),
    ("ID", ("身份证号", "证件号码", "身份证号码", "公民身份号码")),
    ("EMAIL", ("邮箱", "电子邮箱", "E-mail", "email")),
    ("PLATE", ("车牌号", "车牌", "车牌号码")),
    ("CARD", ("银行卡号", "扣款账号", "卡号")),
    ("QQ", ("QQ", "QQ号")),
    ("WECHAT", ("微信", "微信号")),
    ("PASSPORT", ("护照号", "护照号码")),
    ("PERMIT", ("港澳通行证", "通行证号码")),
    ("LANDLINE", ("固定电话", "座机", "家庭电话")),
    ("request", ("诉求", "反映问题", "备注", "诉求内容", "问题描述")),
    ("date", ("登记日期", "日期", "填表日期")),
    ("project", ("项目", "项目名称", "小区")),
    ("household", ("家庭人数", "常住人口", "人口数")),
    ("yesno", ("是否有车", "是否出租", "是否养宠物")),
)
FORM_TITLES = ("", "", "业主信息登记表", "住户信息调查表", "人口普查登记表", "客户回访记录", "装修申请登记")
FORM_COLONS = ("：", "：", "：", ":", "： ", ": ")
FORM_PAIR_SEPARATORS = ("  ", "　", "，", "\t", "    ", "；")

# Slot -> gold label for PII slots.
SLOT_LABELS = {
    "PERSON": "PERSON",
    "PERSON2": "PERSON",
    "HONORIFIC": "PERSON",
    "MOBILE": "CN_MOBILE",
    "LANDLINE": "CN_LANDLINE",
    "ID": "CN_RESIDENT_ID",
    "CARD": "CN_BANK_CARD",
    "EMAIL": "EMAIL_ADDRESS",
    "PASSPORT": "CN_PASSPORT",
    "PERMIT": "CN_HK_MACAO_PERMIT",
    "PLATE": "CN_LICENSE_PLATE",
    "QQ": "QQ_NUMBER",
    "WECHAT": "WECHAT_ID",
    "EMPLOYER": "EMPLOYER",
    "ADDRESS": "ADDRESS",
    "ROOM": "ROOM",
    "USCC": "CN_USCC",
}


class _TextBuilder:
    """Concatenate segments and record the offsets of labelled ones."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.spans: list[dict[str, Any]] = []

    def text(self, segment: str) -> None:
        self._parts.append(segment)
        self._length += len(segment)

    def entity(self, value: str, label: str) -> None:
        self.spans.append({"start": self._length, "end": self._length + len(value), "label": label})
        self.text(value)

    def build(self) -> tuple[str, list[dict[str, Any]]]:
        return "".join(self._parts), self.spans


class _DomainGenerator:
    """Fills templates with generated values; one instance per evaluation set."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = PiiFaker(seed)

    # -- values --------------------------------------------------------------------------------------------
    def pii(self, slot: str) -> str:
        """A generated value for a PII slot, written the way people write it."""
        fake, rng = self.fake, self.rng
        producers: dict[str, Callable[[], str]] = {
            "PERSON": fake.person,
            "PERSON2": fake.person,
            "HONORIFIC": fake.honorific,
            "MOBILE": lambda: fake.format_mobile(fake.mobile(), rng.choice(MOBILE_STYLES + ("plain",) * 4)),
            "LANDLINE": fake.landline,
            "ID": lambda: self._maybe_fullwidth(fake.resident_id(), 0.08),
            "CARD": lambda: fake.format_digits(
                fake.bank_card(), rng.choice(("plain", "plain", "spaced4", "dashed4", "fullwidth"))
            ),
            "EMAIL": fake.email,
            "PASSPORT": fake.passport,
            "PERMIT": fake.hk_macao_permit,
            "PLATE": fake.license_plate,
            "QQ": fake.qq,
            "WECHAT": fake.wechat,
            "EMPLOYER": fake.employer,
            "ADDRESS": fake.address,
            "ROOM": lambda: self._maybe_fullwidth(fake.room(), 0.1),
            "USCC": fake.uscc,
        }
        return producers[slot]()

    def filler(self, slot: str) -> str:
        """A generated non-PII value for a filler slot."""
        rng = self.rng
        fillers: dict[str, Callable[[], str]] = {
            "request": self._bare_request,
            "request2": self._bare_request,
            "project": self.fake.project_name,
            "date": lambda: rng.choice(
                (
                    f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    f"{rng.randint(2021, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                    f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                )
            ),
            "time": lambda: rng.choice(
                (
                    f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                    f"上午{rng.randint(8, 11)}点",
                    f"下午{rng.randint(1, 6)}点{rng.randint(1, 59)}分",
                )
            ),
            "ticket": lambda: (
                f"GD{rng.randint(2021, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                f"{rng.randint(0, 99999):05d}"
            ),
            "household": lambda: str(rng.randint(1, 7)),
            "yesno": lambda: rng.choice(("是", "否", "无", "有")),
        }
        return fillers[slot]()

    def _bare_request(self) -> str:
        """A PII-free request without its opening word (您好，/投诉：), to embed inside a sentence."""
        text = self.fake.request()
        for lead in REQUEST_LEADS:
            if lead and text.startswith(lead):
                return text[len(lead) :]
        return text

    def _maybe_fullwidth(self, value: str, probability: float) -> str:
        return to_fullwidth_digits(value) if self.rng.random() < probability else value

    # -- records -------------------------------------------------------------------------------------------
    def fill(self, template: str) -> tuple[str, list[dict[str, Any]]]:
        """Fill a template's slots, labelling the PII ones."""
        builder = _TextBuilder()
        position = 0
        for match in SLOT_RE.finditer(template):
            builder.text(template[position : match.start()])
            slot = match.group(1)
            if slot in SLOT_LABELS:
                builder.entity(self.pii(slot), SLOT_LABELS[slot])
            else:
                builder.text(self.filler(slot))
            position = match.end()
        builder.text(template[position:])
        return builder.build()

    def form(self) -> tuple[str, list[dict[str, Any]]]:
        """A transcribed key：value form: a name, a phone, and a random subset of other fields, shuffled."""
        rng = self.rng
        fields: list[tuple[str, str]] = [("PERSON", rng.choice(FORM_NAME_KEYS))]
        fields.append(("MOBILE" if rng.random() < 0.85 else "LANDLINE", rng.choice(FORM_PHONE_KEYS)))
        for slot, keys in rng.sample(FORM_OPTIONAL_FIELDS, rng.randint(1, 6)):
            fields.append((slot, rng.choice(keys)))
        rng.shuffle(fields)
        builder = _TextBuilder()
        title = rng.choice(FORM_TITLES)
        if title:
            builder.text(title + rng.choice(("\n", "\n\n", "\n")))
        colon = rng.choice(FORM_COLONS)
        index = 0
        while index < len(fields):
            on_line = 2 if rng.random() < 0.25 and index + 1 < len(fields) else 1
            for k in range(on_line):
                slot, key = fields[index + k]
                if k:
                    builder.text(rng.choice(FORM_PAIR_SEPARATORS))
                builder.text(key + (colon if rng.random() < 0.9 else rng.choice(FORM_COLONS)))
                if slot in SLOT_LABELS:
                    builder.entity(self.pii(slot), SLOT_LABELS[slot])
                else:
                    builder.text(self.filler(slot))
            index += on_line
            if index < len(fields):
                builder.text("\n")
        return builder.build()

    def record(self, index: int, kind_slot: str, seed: int) -> dict[str, Any]:
        """One evaluation record of the kind named by ``kind_slot``."""
        spans: list[dict[str, Any]]
        if kind_slot == "request_clean":
            kind, (text, spans) = "request", (self.fake.request(), [])
        elif kind_slot == "request_pii":
            kind, (text, spans) = "request", self.fill(self.rng.choice(PII_REQUEST_TEMPLATES))
        elif kind_slot == "form":
            kind, (text, spans) = "form", self.form()
        elif kind_slot == "note":
            kind, (text, spans) = "note", self.fill(self.rng.choice(NOTE_TEMPLATES))
        else:
            kind, (text, spans) = "negative", self.fill(self.rng.choice(NEGATIVE_TEMPLATES))
        return {"id": f"domain-{seed}-{index:05d}", "kind": kind, "text": text, "spans": spans}


def generate_domain_set(seed: int = DOMAIN_SEED, n: int = DOMAIN_SIZE) -> list[dict[str, Any]]:
    """Generate ``n`` records ``{"id", "kind", "text", "spans": [{"start", "end", "label"}]}``.

    The same ``seed`` and ``n`` always give the same records; record ``i`` does not depend on ``n``.
    """
    generator = _DomainGenerator(seed)
    return [generator.record(i, KIND_CYCLE[i % len(KIND_CYCLE)], seed) for i in range(n)]


def write_jsonl(records: Sequence[dict[str, Any]], path: str | Path) -> None:
    """Write records as UTF-8 JSON lines (one object a line, ``\\n`` separated)."""
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    temporary.replace(target)


def main(argv: Sequence[str] | None = None) -> None:
    """Write the domain evaluation set: ``python -m pipelines.evalset --out FILE [--seed S] [--n N]``."""
    parser = argparse.ArgumentParser(
        description="Write baomi's generated domain evaluation set as JSON lines."
    )
    parser.add_argument("--out", required=True, type=Path, help="output .jsonl path")
    parser.add_argument("--seed", type=int, default=DOMAIN_SEED, help=f"random seed (default {DOMAIN_SEED})")
    parser.add_argument(
        "--n", type=int, default=DOMAIN_SIZE, help=f"number of records (default {DOMAIN_SIZE})"
    )
    args = parser.parse_args(argv)
    write_jsonl(generate_domain_set(args.seed, args.n), args.out)


if __name__ == "__main__":
    main()
