"""Patient identifiers never reach a provider that may not see them: labelled values in their many
shapes, the same values wherever else they appear in a case, and images with text burned in.

Model replies come from litellm's `mock_response`; what would go over the wire is read by the spy of
test_llm_auditors (a litellm callback)."""

from __future__ import annotations

import json
from pathlib import Path

import pydicom
import pytest
from PIL import Image, ImageDraw, ImageFont
from test_llm_auditors import DICOM, audit_report, cxr_case, reply, report_case, sent_text, wire  # noqa: F401 (fixture)

from radqc.agents.base import AuditContext, RetrievedCase
from radqc.agents.llm.cxr_auditor import LlmCxrAuditor
from radqc.agents.llm.redact import Redactor
from radqc.schemas import Finding

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydantic")

DATA = Path(__file__).resolve().parents[1] / "data"
REPORT = (
    "Patient Name: Zebulon Quixotefrank   MRN: 99887766\n"
    "FINDINGS: Mr. Quixotefrank (Zebulon Quixotefrank, record 99887766) has a 14 mm nodule in the right upper lobe.\n"
    "IMPRESSION: 14 mm nodule in the left upper lobe."
)
EXAM = "CT chest, Zebulon Quixotefrank"


# --- a value found once is hidden everywhere ---------------------------------------------------------


def test_a_found_identifier_is_hidden_wherever_it_appears_in_the_case():
    redactor = Redactor()
    redactor.learn(REPORT, EXAM)
    exam, report = redactor.redact(EXAM), redactor.redact(REPORT)
    assert exam == "CT chest, [NAME_1]"
    assert "FINDINGS: Mr. [NAME_1b] ([NAME_1], record [ID_1]) has a 14 mm nodule" in report  # same person, own spelling
    assert "Quixotefrank" not in exam + report and "99887766" not in report
    assert redactor.redact("zebulon QUIXOTEFRANK, id 99887766") == "[NAME_1c], id [ID_1]"  # any case; numbers as numbers
    assert redactor.redact("record 998877661 and Quixotefranks") == "record 998877661 and Quixotefranks"
    assert redactor.restore("[NAME_1] ([ID_1])") == "Zebulon Quixotefrank (99887766)"


def test_each_placeholder_restores_to_the_exact_spelling_it_replaced():
    """A placeholder reached through a name part gives back that part, not the full name: the model's
    quote of "Mr. [NAME_1b]" must be found in the report as written."""
    redactor = Redactor()
    redactor.learn(REPORT, EXAM)
    report = redactor.redact(REPORT)
    assert redactor.restore("Mr. [NAME_1b]") == "Mr. Quixotefrank"
    assert redactor.restore(report) == REPORT
    assert redactor.restore(redactor.redact("ZEBULON saw zebulon")) == "ZEBULON saw zebulon"


def test_the_report_auditor_sends_no_report_identifier_anywhere(wire):  # noqa: F811 (fixture)
    past = RetrievedCase(case_id="p1", modality="ct_report",
                         text="Name: Mary Mogsworth\nIMPRESSION: Mogsworth's nodule, like Quixotefrank's.",
                         findings=[Finding(error_type="omission", evidence="Mary Mogsworth", explanation="Mogsworth again")])
    explained = {"error_type": "laterality", "evidence": "14 mm nodule in the left upper lobe",
                 "explanation": "[NAME_1]'s findings say right", "confidence": 0.9}
    case = report_case(REPORT)
    case.exam = EXAM
    output = audit_report(reply(explained), case=case, context=AuditContext(role="recall", past_cases=[past]))
    text = sent_text(wire.sent[0])
    for identifier in ("Quixotefrank", "Zebulon", "99887766", "Mary", "Mogsworth"):
        assert identifier not in text
    assert output.findings[0].explanation == "Zebulon Quixotefrank's findings say right"


def test_evidence_quoting_a_name_part_is_found_in_the_report(wire):  # noqa: F811 (fixture)
    quoted = {"error_type": "laterality", "evidence": "Mr. [NAME_1b] ([NAME_1], record [ID_1]) has a 14 mm nodule",
              "explanation": "sides differ", "confidence": 0.9}
    output = audit_report(reply(quoted), case=report_case(REPORT), context=AuditContext(role="recall"))
    assert output.findings[0].evidence == "Mr. Quixotefrank (Zebulon Quixotefrank, record 99887766) has a 14 mm nodule"
    assert output.findings[0].confidence == pytest.approx(0.9) and output.usage["evidence_not_found"] == 0


# --- labelled values in more shapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, identifiers",
    [
        ("Name: José Núñez-Ærlingsson  Sex: M", ["José", "Núñez", "Ærlingsson"]),
        ("name: zebulon quixotefrank\n", ["zebulon", "quixotefrank"]),
        ("Patient: van der Berg, Hendrika\n", ["Berg", "Hendrika"]),
        ("NAME: SMITH,JOHN\n", ["SMITH", "JOHN"]),
        ("Medical Record #: ABCDE12345", ["ABCDE12345"]),
        ("Accession: ACCQQ4455667", ["ACCQQ4455667"]),
        ("DOB - 1941-02-03.", ["1941-02-03"]),
        ("Born on February 3, 1941.", ["February 3", "1941"]),
        ("Date of birth: 3rd of Feb 1941", ["Feb", "1941"]),
        ("姓名: 李 雷 病人姓名：司马·相如 性别：男", ["李", "雷", "司马", "相如"]),
        ("Address: 42 Wallaby Way, Springfield MA 01101\nEXAM: CT", ["Wallaby", "Springfield", "01101"]),
        ("住址：北京市海淀区中关村大街27号 身份证号：110101194102030012", ["北京市", "中关村", "27号"]),
        ("Referring physician: Dr. Vorpalblade\n", ["Vorpalblade"]),
        ("HISTORY: Mr. Ignatius Pemberton-Oddly, 67, smoker, seen by Dr Vorpalblade.", ["Ignatius", "Pemberton", "Vorpalblade"]),
        ("Ordered by: Prof. Anna Okonkwo-Reyes\n", ["Anna", "Okonkwo"]),
    ],
)
def test_labelled_identifiers_in_many_shapes_are_hidden(text, identifiers):
    redactor = Redactor()
    redacted = redactor.redact(text)
    for identifier in identifiers:
        assert identifier not in redacted
    assert redactor.restore(redacted) == text


def test_label_words_stay_and_the_next_field_is_not_eaten():
    redacted = Redactor().redact("姓名：欧阳娜娜 性别：女 年龄：67岁\nName: José Núñez  MRN: QX4411Z  Sex: M")
    assert redacted == "姓名：[NAME_2] 性别：女 年龄：67岁\nName: [NAME_1]  MRN: [ID_1]  Sex: M"


@pytest.mark.parametrize(
    "text",
    [
        "Patient: is a 63 year old male. Patient tolerated the procedure.",
        "Address the 8 mm nodule at follow-up; the address of the lesion is segment 6.",
        "Compared with CT of 2023-01-02, born by the left main bronchus.",
    ],
)
def test_ordinary_prose_is_left_alone(text):
    assert Redactor().redact(text) == text


@pytest.mark.parametrize(
    "text, found, kept",
    [
        ("Seen by Dr. Smith. Right pleural effusion.\nIMPRESSION: right effusion.", {"Smith"}, "right effusion"),
        ("Discussed with Dr Patel. Impression: small nodule.\nIMPRESSION: nodule.", {"Patel"}, "IMPRESSION: nodule"),
        ("Exam name: Chest PA and lateral\nFINDINGS: chest clear, lateral view and PA.", set(), "chest clear, lateral view and PA"),
        ("Referring physician: Emergency Department\nSeen in the emergency department.", set(), "emergency department"),
        ("Patient: Left-sided chest pain\nFINDINGS: left lower lobe consolidation.", set(), "left lower lobe"),
        ("Name: Mary Major\nFINDINGS: Major fissure thickened. Mary is well.", {"Mary Major"}, "Major fissure"),
        ("Case number: 150\nFINDINGS: Density 150 HU.", {"150"}, "Density 150 HU"),
    ],
)
def test_a_found_name_hides_no_word_of_the_report(text, found, kept):
    """Name words that reports use (sides, anatomy, section headings, everyday words), short numbers
    and words after a sentence's end are never spread over the case; the labelled value (FOUND) itself
    is still hidden, and a label followed by no name hides nothing."""
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert kept in redacted and redactor.restore(redacted) == text
    assert set(redactor.placeholders) == found and not any(value in redacted.split("\n")[0] for value in found)


def bundled_reports() -> list[str]:
    """Every report and exam text shipped under data/ (synthetic, identifier-free)."""
    texts = []
    for manifest in sorted(DATA.rglob("manifest.jsonl")):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            texts += [case[key] for key in ("report", "exam") if case.get(key)]
    return texts


def test_bundled_reports_lose_nothing_but_identifiers():
    """Every bundled report keeps its medical terms, measurements, sides and dates, on its own and under
    a header whose identifiers (and their parts) are hidden across the whole case: restoring gives
    back the exact text, which a placeholder put over any other word would break. The one name in the
    bundled reports is a doctor's ("Discussed with Dr Patel")."""
    header = "Patient Name: Hendrika van der Berg   MRN: ABCDE12345   DOB: 3 February 1941\nReferring physician: Dr. Vorpalblade\n"
    header_values = {"Hendrika van der Berg", "ABCDE12345", "3 February 1941", "Vorpalblade"}
    texts = bundled_reports()
    assert len(texts) > 1000
    for text in texts:
        alone, with_header = Redactor(), Redactor()
        assert alone.restore(alone.redact(text)) == text and set(alone.placeholders) <= {"Patel"}
        assert with_header.restore(with_header.redact(header + text)) == header + text
        assert set(with_header.placeholders) - {"Patel"} == header_values


# --- images with text burned in ----------------------------------------------------------------------


def cxr_auditor(**options) -> LlmCxrAuditor:
    return LlmCxrAuditor("gpt-4o", mock_response=reply(), image_side=256, backoff_seconds=0, **options)


def sent_parts(wire) -> list[str]:  # noqa: F811 (fixture)
    return [part["type"] for part in wire.sent[-1][1]["content"]]


@pytest.fixture
def burned_dicom(tmp_path) -> Path:
    """The fixture radiograph, its header declaring burned-in annotation."""
    dataset = pydicom.dcmread(DICOM)
    dataset.BurnedInAnnotation = "YES"
    path = tmp_path / "burned.dcm"
    dataset.save_as(path)
    return path


@pytest.fixture
def text_on_film(tmp_path) -> Path:
    """The fixture radiograph with a name and a year written over the lungs."""
    from radqc.agents.cxr.image_io import load_radiograph

    image = Image.fromarray((load_radiograph(DICOM, 512).pixels * 255).astype("uint8"))
    ImageDraw.Draw(image).text((90, 200), "DOE JOHN 1941", fill=255, font=ImageFont.load_default(size=20))
    path = tmp_path / "text.png"
    image.save(path)
    return path


def test_an_image_declared_to_carry_burned_in_text_is_not_sent(wire, burned_dicom):  # noqa: F811 (fixture)
    output = cxr_auditor().audit(cxr_case(burned_dicom), AuditContext())
    assert sent_parts(wire) == ["text"] and '"measurements"' in sent_text(wire.sent[-1])
    assert "BurnedInAnnotation YES" in output.degraded and "measurements alone" in output.degraded


def test_an_image_with_text_on_the_film_is_not_sent(wire, text_on_film):  # noqa: F811 (fixture)
    output = cxr_auditor().audit(cxr_case(text_on_film), AuditContext())
    assert sent_parts(wire) == ["text"]
    assert "text burned into the pixels" in output.degraded


def test_a_provider_allowed_identifiers_still_gets_the_image(wire, burned_dicom):  # noqa: F811 (fixture)
    output = cxr_auditor(phi_allowed_providers=["openai"]).audit(cxr_case(burned_dicom), AuditContext())
    assert sent_parts(wire) == ["text", "image_url"] and output.degraded is None


def test_a_film_without_text_is_sent(wire):  # noqa: F811 (fixture)
    output = cxr_auditor().audit(cxr_case(DICOM), AuditContext())
    assert sent_parts(wire) == ["text", "image_url"] and output.degraded is None
