"""An attenuation is held to the tissue it measures: fat or fluid named before it in its sentence, not denied, with no
other attenuation between. Fat anywhere in the sentence held every value in it to fat's: a fatty liver's 30 HU, a mass's
35 HU beside its clear fat planes ("脂肪间隙清晰"), a lesion's 35 HU "with no macroscopic fat"."""

from __future__ import annotations

import pytest

from radqc.agents.report.checks import measurement
from report_cases import confident


@pytest.mark.parametrize("language, text", [
    ("en", "FINDINGS: Fatty liver with liver attenuation of 25 HU versus splenic 48 HU.\nIMPRESSION: Hepatic steatosis."),
    ("zh", "检查所见：脂肪肝，肝脏CT值约30HU。\n诊断意见：脂肪肝。"),
    ("zh", "检查所见：胰头见低密度肿块，CT值约35HU，周围脂肪间隙清晰。\n诊断意见：胰头占位。"),
    ("en", "FINDINGS: Left renal lesion 2.1 cm, 35 HU unenhanced, with no macroscopic fat.\nIMPRESSION: Indeterminate renal lesion."),
    ("en", "FINDINGS: Appendix 11 mm with surrounding fat stranding, wall enhancing to 90 HU.\nIMPRESSION: Acute appendicitis."),
    ("zh", "检查所见：左侧肾上腺见结节，CT值约45HU，未见脂肪成分。\n诊断意见：左侧肾上腺结节。"),
    ("zh", "检查所见：右肾见混杂密度肿块，内见脂肪密度影，CT值约-60HU，实性部分CT值约40HU。\n诊断意见：右肾错构瘤。"),
])
def test_an_attenuation_of_something_other_than_the_fat_or_fluid_its_sentence_names(language, text):
    assert confident(measurement.check, text, language) == set()


@pytest.mark.parametrize("language, text, flagged", [
    ("en", "FINDINGS: Lipoma of the right thigh, attenuation 60 HU.\nIMPRESSION: Lipoma.", "60 HU"),
    ("en", "FINDINGS: Adrenal lipoma, fat density of 60 HU.\nIMPRESSION: Adrenal lipoma.", "60 HU"),
    ("zh", "检查所见：左侧肾上腺见脂肪密度结节，CT值约50HU。\n诊断意见：肾上腺髓样脂肪瘤。", "50HU"),
    ("en", "FINDINGS: Simple cyst in the right kidney, 2.1 cm, 45 HU.\nIMPRESSION: Simple renal cyst.", "45 HU"),
])
def test_an_attenuation_too_dense_for_the_fat_or_fluid_it_measures(language, text, flagged):
    assert confident(measurement.check, text, language) == {("measurement", flagged)}
