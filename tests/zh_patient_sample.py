"""A seeded sample of what a Chinese note puts after 患者: names whose surname jieba reads as a function word
(曾 "once", 于 "on", 都 "all", 那 "that", ...) and prose sentences that start with those same characters.
Redaction reads both in one place, before the sex or the age, and no list of real notes' names may be
shipped, so the sample is built: tests/test_redaction.py checks every name is hidden and no prose is, and

    python tests/zh_patient_sample.py

prints how many of each the redactor gets right.
"""

from __future__ import annotations

import random

# Surnames of the Hundred Family Surnames (agents/llm/surnames_zh.txt) that jieba tags as prepositions,
# adverbs, conjunctions or pronouns, and 时 (a noun, "time"), which prose puts after 患者 as well.
FUNCTION_WORD_SURNAMES = "曾于都那尚常和时从别却尤终诸越边须"
# Characters of given names, as common as they come (国庆, 小红, 志强, 刚).
GIVEN_CHARACTERS = "国庆志明华伟建军平丽红英芳燕玲秀兰小海东强勇杰涛斌波辉刚静敏磊洋艳娟霞婷雪梅琳晨阳宇浩俊峰春桂凤金玉荣德福新永"
# Where a note names the patient: before the sex or the age, as its first line gives them.
NAME_FRAMES = ["患者{}，男，45岁。", "患者{}男，45岁，因胸痛就诊。", "病人{} 女 30岁", "患者{}，年龄52岁。", "患儿{}，男，5岁。", "患者{}，性别：女。"]
# Prose that starts with one of those characters right after 患者 and reaches a sex or an age with few
# characters between, where a name could stand, and prose that does not.
PROSE = [
    "患者曾于45岁时行阑尾切除术。", "患者曾在45岁时行胆囊切除术。", "患者曾是男性患者中最年轻的一例。", "患者曾于2020年行右肺上叶切除术。",
    "患者曾吸烟，男，60岁。", "患者曾经，男，60岁，咳嗽。", "患者于其女儿陪同下就诊。", "患者于其45岁时确诊。", "患者于昨日出现胸痛，男，45岁。",
    "患者于今日，男，45岁。", "患者于外院行CT检查，女，50岁。", "患者都为男性。", "患者都是女性。", "患者都有女儿陪同。", "患者都在45岁前发病。",
    "患者都有咳嗽。", "患者那时45岁。", "患者那年45岁。", "患者尚为男童。", "患者尚未45岁。", "患者尚可，男，70岁。", "患者常于女儿陪同下复查。",
    "患者常年吸烟，男，60岁。", "患者常有咳嗽，女，58岁。", "患者和其女儿同住。", "患者和家属，女，40岁。", "患者和平素体健，男。",
    "患者时年45岁。", "患者时有咳嗽，男，45岁。", "患者时常胸闷，女，60岁。", "患者从其女儿处得知结果。", "患者从事矿工，男，55岁。",
    "患者从未吸烟，女，50岁。", "患者别无不适，男，45岁。", "患者却为女性。", "患者尤以夜间咳嗽为著。", "患者终于45岁时确诊。",
    "患者诸如此类，男。", "患者越来越瘦，女，70岁。", "患者边缘模糊，男。", "患者须由女儿陪同。", "患者须于45岁后复查。",
]


def names(count: int = 500, seed: int = 15) -> list[tuple[str, str]]:
    """COUNT (text, name) pairs: a name of a surname of `FUNCTION_WORD_SURNAMES` and one or two given-name
    characters, in a frame of `NAME_FRAMES`."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        name = rng.choice(FUNCTION_WORD_SURNAMES) + "".join(rng.choices(GIVEN_CHARACTERS, k=rng.randint(1, 2)))
        pairs.append((rng.choice(NAME_FRAMES).format(name), name))
    return pairs


def main() -> None:
    from radqc.agents.llm.redact import Redactor

    sample = names()
    sent = [text for text, name in sample if name in Redactor().redact(text)]
    hidden = [text for text in PROSE if Redactor().redact(text) != text]
    print(f"names hidden: {len(sample) - len(sent)} of {len(sample)}; prose kept: {len(PROSE) - len(hidden)} of {len(PROSE)}")
    for text in sent[:10]:
        print("  name sent:", text)
    for text in hidden:
        print("  prose hidden:", text, "->", Redactor().redact(text))


if __name__ == "__main__":
    main()
