"""Time to redact long adversarial reports: a remote model's report passes the redactor first, and a
report may be as long as the size limit `radqc audit` and `radqc eval` accept (RADQC_MAX_REPORT_BYTES).

    python benchmarks/bench_redact.py [--bytes N] [--repeat N]

Each input repeats one piece (a Chinese sign-off, a name in capitals after a title, ...) up to N bytes
of UTF-8 (default: the size limit), then half and a quarter of that: time that doubles with the size is
linear, time that quadruples is not.
"""

from __future__ import annotations

import argparse
import time

from radqc.agents.llm.redact import Redactor
from radqc.limits import MAX_REPORT_BYTES

# (what it is, its start, the piece repeated after it)
INPUTS = [
    ("Chinese sign-off, titles repeated", "主治医师：", "李四主任医师"),
    ("Chinese sign-offs run together", "", "主任医师：王五审核医师：赵六"),
    ("Chinese surname before a title", "", "与张医生沟通"),
    ("Han characters, no punctuation", "患者", "右肺上叶见结节影边界清楚"),
    ("Han surnames, no punctuation", "姓名：", "王李张刘陈杨赵吴周徐"),
    ("patient labels, no lexicon term", "", "患者：阮小二，"),
    ("capitals name after a title", "", "DR. JOHN SAW, "),
    ("capitals words, no punctuation", "DR. ", "JOHN SMITH "),
    ("capitals words after a label", "Patient: ", "JOHN "),
    ("mixed-case names, no punctuation", "Reported by ", "John Smith "),
    ("capitalised words before a role", "", "Upright Chest PA "),
    ("DICOM tags with no value", "", "(0010,0010) PN "),
    ("names of many people", "", "Patient name: Zeb{n} Quix{n}\n"),
    ("e-mail characters joined by +", "", "zhang.san+"),
    ("e-mails joined by +", "", "zhang.san@example.com+"),
    ("many distinct e-mails", "", "patient{n}@example.com "),
    ("phone characters after a label", "Tel: 5", "55 (5"),
    ("Han address, commas", "住址：北京", "，北 京"),
    ("name, spaced Han text after it", "Patient name: Zeb ", "王 "),
    ("header fields glued together", "", "MRN: 12345678Patient: Jane DoeTel: 555-123-4567"),
    ("Latin glued to Han, no colon", "Address: 12 ", "Street出生日期"),
    ("labels glued in their own case", "Patient name: Zeb ", "Quillphone: 5mrn: "),
    ("Han address, phone digits glued", "住址：北京", "区(555) 3"),
    ("HL7 segments of many people", "", "PID|1||{n}^^^HOSP^MR||QUIX{n}^ZEB^A||19600101|M|||12 ELM ST^^LEEDS\r"),
    ("names listed after CC, carets", "CC: ", "Khan^Ann; "),
    ("Chinese full names before titles", "", "张三医生，"),
    ("patient, words or a name before sex", "", "患者咳嗽，男，患者阮小二，女，患者神清，男，"),
    ("bare title after a spoken-to word", "DISCUSSED WITH DR ", "JOHN SMITH "),
    ("Chinese sign-offs glued by a colon", "", "报告医生：赵六:MRN:12345678:"),
    ("sign-offs glued by a full-width colon", "", "审核医生：钱七：MRN：12345678："),
    ("spoken-to word in mixed case", "discussed with DR ", "John Smith "),
    ("short forms and names before sex", "", "患者神萎，男，患者牛国庆，女，患者纳眠可，男，"),
    ("function-word surnames before sex", "", "患者曾国庆，男，患者曾于45岁时，患者都为男性，患者于今日，女，"),
    ("empty sign-offs before headings", "", "审核医师：意见：报告医生：方明："),
    ("HL7 order and insurance segments", "", "OBR|1|{n}||71046^CHEST|||||||||||7003^QUIX{n}^ZEB|\rIN1|1|||||||||||||||QUIX{n}^ZEB\r"),
    ("bare titles, signed or not", "", "DR JOHN SMITH, CONSULTANT RADIOLOGIST\nDR STITCHED FILM "),
    ("names glued to findings", "", "姓名：阮小二右肺上叶见结节。患者：王五双肺纹理增多，"),
    ("given names that are words, before sex", "", "患者文静，女，患者都兰庆，男，患者高龄，女，"),
    ("bare titles alone on their lines", "", "DR JOHN SMITH\nMR ANKLE FOOT\nDR LI NA.\n"),
    ("sign-off labels ending their lines", "", "REPORTED BY:\n报告医师：\nREPORTED BY - "),
    ("sex and age glued to labelled names", "", "姓名：张三男45岁 姓名：王亚男 45岁 "),
    ("departments and grades before roles", "Dr ", "JOHN SMITH, RADIOLOGY ST3 "),
    ("capitals names told, joined by AND", "DISCUSSED WITH ", "SMITH AND "),
    ("capitals lists told, each broken", "", "TOLD " + "SMITH AND " * 13 + "x AND JONES. "),
    ("Chinese list of the people told", "已告知", "张三和李四及王五与"),
]


def text_of(start: str, piece: str, size: int) -> str:
    """START and PIECE repeated until SIZE bytes of UTF-8 ("{n}" in PIECE numbered, so that each repeat
    is another value)."""
    pieces, used, n = [start], len(start.encode("utf-8")), 0
    while used < size:
        n += 1
        pieces.append(piece.format(n=n) if "{n}" in piece else piece)
        used += len(pieces[-1].encode("utf-8"))
    return "".join(pieces)


def seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        Redactor().redact(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=MAX_REPORT_BYTES, help="the longest input (default: the report size limit)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each input; the fastest is shown")
    args = parser.parse_args()
    Redactor().redact("warm up: Dr. Smith")  # the report words' lists load once
    sizes = [args.bytes // 4, args.bytes // 2, args.bytes]
    print(f"{'input':36} " + " ".join(f"{size:>10,} B" for size in sizes) + "   growth x2")
    for name, start, piece in INPUTS:
        times = [seconds(text_of(start, piece, size), args.repeat) for size in sizes]
        print(f"{name:36} " + " ".join(f"{t:>10.3f} s" for t in times) + f"   {times[2] / max(times[1], 1e-9):.1f}x")


if __name__ == "__main__":
    main()
