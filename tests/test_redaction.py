"""Patient identifiers never reach a provider that may not see them: labelled values in their many
shapes, the same values wherever else they appear in a case, and images with text burned in.

Model replies come from litellm's `mock_response`; what would go over the wire is read by the spy of
test_llm_auditors (a litellm callback)."""

from __future__ import annotations

import base64
import io
import json
import random
import re
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image, ImageDraw, ImageFont
from test_llm_auditors import DICOM, audit_report, cxr_case, reply, report_case, sent_text, wire  # noqa: F401 (fixture)
import zh_patient_sample

from radqc.agents.base import AuditContext, RetrievedCase
from radqc.agents.cxr.image_io import load_radiograph
from radqc.agents.llm.cxr_auditor import LlmCxrAuditor, png_data_url
from radqc.agents.llm import redact
from radqc.agents.llm.redact import Redactor
from radqc.agents.report.eponyms import EPONYM_NOUNS, GRADING_NOUNS
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



def test_many_distinct_values_are_each_hidden_wherever_they_appear():
    """Spreading looks each spelling up by the word it starts with: every one of many distinct e-mails
    is still found elsewhere in the case, in any case, and a longer spelling wins over a shorter one."""
    letters = {n: "".join(chr(ord("a") + int(digit)) for digit in str(n)) for n in range(300)}  # 12: "bc"
    redactor = Redactor()
    redactor.learn("".join(f"patient{n}@example.com, Patient name: Zeb{letters[n]} Quill{letters[n]}\n" for n in range(300)))
    text = "PATIENT7@EXAMPLE.COM wrote to patient299@example.com about ZEBBC QUILLBC and quilli."
    redacted = redactor.redact(text)
    assert redacted == "[EMAIL_8b] wrote to [EMAIL_300] about [NAME_13b] and [NAME_9b]."
    assert redactor.restore(redacted) == text


# --- placeholders never nest ---------------------------------------------------------------------------

# Header fields, each with the fragments of its identifiers that must never be sent.
HEADER_FIELDS = [
    ("Dr. John Smith", ["John", "Smith"]), ("Mr. Quixotefrank", ["Quixotefrank"]), ("Patient name: Zeb Quill", ["Zeb", "Quill"]),
    ("MRN: QX4411Z", ["4411"]), ("john.smith@example.com", ["john", "example"]), ("Tel: 555-123-4567", ["123", "4567"]),
    ("(555) 321-7654", ["321", "7654"]), ("DOB: 03/02/1941", ["03/02", "1941"]), ("住址：北京市海淀区", ["北京", "海淀"]),
    ("王主任", ["王"]), ("Address: 12 Oak Road, Springfield", ["Oak", "Road", "Springfield"]),
    ("ADDRESS: 12 Elm Street", ["Elm", "Street"]), ("address: 12 Elm Street", ["Elm", "Street"]),
    ("住址：12 Elm Street", ["Elm", "Street"]), ("Phone: +44 (0)20 7946 0958", ["7946", "0958"]),
    ("Reported by: Ann Lee", ["Lee"]), ("Patient: Hendrika Vandermolen", ["Hendrika", "Vandermolen"]),
    ("报告医生：赵六", ["赵六"]), ("家庭住址：上海市徐汇区", ["上海", "徐汇"]), ("phone: (01) 2345 6789", ["2345", "6789"]),
]


def test_a_chinese_address_ends_at_a_full_stop():
    """No address holds a full stop: the findings after one were hidden with the address."""
    assert Redactor().redact("住址：北京市海淀区。右肺上叶见结节。") == "住址：[ADDRESS_1]。右肺上叶见结节。"


def test_no_identifier_put_in_header_fields_is_sent():
    """Header fields in any order on one line or several, after an address label or not: no fragment of
    an identifier they hold is sent. An address runs to its line's end over the values hidden before
    it: each text between their placeholders is hidden on its own, so that every placeholder restores
    in one pass to the text it replaced (a placeholder inside another read back as "[EMAIL_1]"), and an
    address that starts with one is hidden all the same (its rest was left visible). Side by side, a
    name ran on over the next label in mixed case ("Dr. John Smith Address: ..."), an address in Latin
    letters after 住址 ended at its first space and a phone number ran into the next one; after a full stop
    or an enumeration comma (Chinese or a bare "."), an e-mail's domain and a Chinese address ran on over
    the next label ("john@x.org.Address: ...", "海淀区、phone: ...") and its value was sent."""
    rng = random.Random(6)
    for _ in range(800):
        label = rng.choice(["", "Address: ", "Home address: ", "ADDRESS: "])
        fields = [(label + rng.choice(["", "12 Ash Lane, "]) * bool(label), ["Ash", "Lane"])]
        fields += rng.sample(HEADER_FIELDS, rng.randint(1, 5))
        text = rng.choice([" ", ", ", "; ", "\n", ". ", "，", "。", "、", "."]).join(field for field, _ in fields).lstrip(" ,;\n.，。、")
        redactor = Redactor()
        redacted = redactor.redact(text)
        assert redactor.restore(redacted) == text
        assert not any(re.search(r"\[[A-Z]+_\d", original) for original in redactor.originals.values()), text
        assert not [secret for _, secrets in fields for secret in secrets if secret.casefold() in redacted.casefold()], text
    redactor = Redactor()
    assert redactor.redact("Address: john@x.org, 12 Oak Road.") == "Address: [EMAIL_1], [ADDRESS_1]."
    # Nor does a field run on over a full stop or an enumeration comma into the next one.
    assert Redactor().redact("john@x.org.Address: 12 Oak Road") == "[EMAIL_1].Address: [ADDRESS_1]"
    assert Redactor().redact("john@x.org.住址：12 Elm Street") == "[EMAIL_1].住址：[ADDRESS_1]"
    assert Redactor().redact("住址：北京市海淀区、Tel: 555-123-4567") == "住址：[ADDRESS_1]Tel: [PHONE_1]"
    assert redactor.redact("Address: Dr. Ann Lee 12 Oak Road") == "Address: Dr. [NAME_1] [ADDRESS_1]"  # the title stays


def test_no_identifier_in_header_fields_glued_together_is_sent():
    """Text taken from a PDF or an HL7 segment runs the fields together with no separator ("Tel:
    555-123-4567Dr. John Smith", "赵六MRN: QX4411Z"): a label needed a word boundary before it, so the
    value before it ran on over the label and the next value was sent. Glued in its own case, after a
    lower-case letter in lower case ("Quilladdress:") or after capitals in capitals ("QX4411ZDOB:"), a
    label was never read, and a Chinese address ran into a phone number glued to it ("北京市海淀区(555)
    321-7654" sent 321-7654)."""
    rng = random.Random(6)
    for _ in range(800):
        fields = rng.sample(HEADER_FIELDS, rng.randint(2, 6))
        text = "".join(field for field, _ in fields)
        redactor = Redactor()
        redacted = redactor.redact(text)
        assert redactor.restore(redacted) == text
        assert not [secret for _, secrets in fields for secret in secrets if secret.casefold() in redacted.casefold()], text
    assert Redactor().redact("MRN: 12345678Patient: Jane Doe") == "MRN: [ID_1]Patient: [NAME_1]"
    assert Redactor().redact("Address: 12 Elm Street出生日期：1960-01-01") == "Address: [ADDRESS_1]出生日期：[DOB_1]"
    # Inside a word in its own case no title starts, and a name with a capital inside stays whole.
    assert Redactor().redact("T2 5Ms Smith") == "T2 5Ms Smith"
    assert Redactor().redact("Dr. Ann McDonald") == "Dr. [NAME_1]"


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient name: Zeb Quilladdress: 12 High St", "Patient name: [NAME_1]address: [ADDRESS_1]"),
        ("Dr. Ann Smithphone: 555-123-4567", "Dr. [NAME_1]phone: [PHONE_1]"),
        ("ann@example.orgtel: (01) 2345 6789", "[EMAIL_1]tel: [PHONE_1]"),
        ("PATIENT NAME: ZEB SMITHMRN: 12345", "PATIENT NAME: [NAME_1]MRN: [ID_1]"),
        ("MRN: QX4411ZDOB: 03/02/1941", "MRN: [ID_1]DOB: [DOB_1]"),
        # A number after "Hotel:" is hidden as one after "Smithtel:" is: the text cannot tell them apart.
        ("Hotel: 5550 1234", "Hotel: [PHONE_1]"),
        # With no value of the label's shape after it, a word that ends in a label's word stays whole.
        ("Dr. Purcell: seen today. DR. FAIRFAX: NODULE STABLE.", "Dr. [NAME_1]: seen today. DR. [NAME_2]: NODULE STABLE."),
        ("Fluid: 200 ml, carotid: 50%. FLUID: 200 ML. Hotel: lobby.", "Fluid: 200 ml, carotid: 50%. FLUID: 200 ML. Hotel: lobby."),
    ],
)
def test_a_label_glued_in_its_own_case_starts_a_field_before_a_value_of_its_shape(text, redacted):
    """"Quilladdress: 12 High St" and "SMITHMRN: 12345" were sent whole: a surname's tail looks like a
    label ("Purcell:"), so a label glued in its own case was never read. It is read before its colon and
    a value of its shape, which prose puts after a surname or a word ending in "id" only by chance."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("住址：北京市海淀区(555) 321-7654", "住址：[ADDRESS_1][PHONE_1]"),
        ("住址：北京市朝阳区建国路88号13812345678", "住址：[ADDRESS_1][PHONE_1]"),
        ("家庭住址：北京市朝阳区+86 138 0013 8000", "家庭住址：[ADDRESS_1][PHONE_1]"),
        ("住址：北京市朝阳区建国路88号，3单元", "住址：[ADDRESS_1]"),
    ],
)
def test_a_chinese_address_ends_before_a_phone_number_glued_to_it(text, redacted):
    """The address ran into the number up to its first space, so the rest of the number was sent
    ("(555)" hidden with the address, "321-7654" sent), and a whole mobile number hidden as the address
    was not known as a phone number."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Call +44 20 7946 0958 or +86 138 0013 8000.", "Call [PHONE_1] or [PHONE_2]."),
        # The trunk prefix in brackets, read as a group that needs a separator after it, hid nothing.
        ("Call +44 (0)20 7946 0958 or +44(0)20 7946 0959.", "Call [PHONE_1] or [PHONE_2]."),
        ("Shift +1 (0) 5 mm", "Shift +1 (0) 5 mm"),  # must stay
        ("Nodule +20% increase since 2020 7946", "Nodule +20% increase since 2020 7946"),  # must stay
        ("Density +35 HU, shift +5 mm, +2020 7946", "Density +35 HU, shift +5 mm, +2020 7946"),  # must stay
    ],
)
def test_international_numbers_without_a_label_are_hidden(text, redacted):
    assert Redactor().redact(text) == redacted


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
        # A title starts the next name: a name before it ends at the comma.
        ("Discussed with Dr. John Smith, Dr. Jane Doe.", ["John", "Smith", "Jane", "Doe"]),
        ("Referring physician: Dr. Ann Lee, Dr. Bo Quill", ["Ann", "Lee", "Quill"]),
        ("Patient name: Smith, Mr John", ["Smith", "John"]),
        ("PATIENT: SMITH, MR JOHN", ["SMITH", "JOHN"]),  # a bare MR is no title in capitals, so part of the name
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
    "text, redacted",
    [
        ("Dr. John Smith Address: 12 Oak Road", "Dr. [NAME_1] Address: [ADDRESS_1]"),
        ("Patient name: Zeb Quill, Reported by: Ann Lee", "Patient name: [NAME_1], Reported by: [NAME_2]"),
        ("name: zeb quill Patient: Ann Lee", "name: [NAME_1] Patient: [NAME_2]"),
        ("name: zeb quill 王主任 PATIENT NAME: ZEB QUILL", "name: [NAME_1] PATIENT NAME: [NAME_2]"),
        ("name: zeb quill 姓 名：欧阳娜娜", "name: [NAME_1] 姓 名：[NAME_2]"),
        ("Mr. Tom Quill Phone: 555-123-4567", "Mr. [NAME_1] Phone: [PHONE_1]"),
        ("Referring physician: Dr. Ann Lee Tel : 555 1234", "Referring physician: Dr. [NAME_1] Tel : [PHONE_1]"),
        ("Patient name: Zeb Quill 住址：北京市海淀区", "Patient name: [NAME_1] 住址：[ADDRESS_1]"),
        ("Patient: Ann Lee 家庭住址：北京市海淀区", "Patient: [NAME_1] 家庭住址：[ADDRESS_1]"),
        # Without its colon a label word in mixed case is a surname, and a name's first word is one.
        ("Dr. Anna Born, 1960", "Dr. [NAME_1], 1960"),
        ("Mr. Tom Ward", "Mr. [NAME_1]"),
        ("Dr. Born: nodule stable", "Dr. [NAME_1]: nodule stable"),
    ],
)
def test_a_name_ends_before_the_next_fields_label_in_any_case(text, redacted):
    """A name ran on over "Address" (a label word only in capitals after a title) and over "住址", hiding
    the label with the name, so the address behind it was sent."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient name: Zeb Born", "Patient name: [NAME_1]"),
        ("PATIENT NAME: ZEB BORN\n", "PATIENT NAME: [NAME_1]\n"),
        ("Name: Zeb Quill Born 03/02/1941", "Name: [NAME_1] Born [DOB_1]"),
        ("NAME: ZEB QUILL BORN ON 3 MARCH 1941", "NAME: [NAME_1] BORN ON [DOB_1]"),
        ("Patient name: Zeb Quill\nHistory: Born at term.", "Patient name: [NAME_1]\nHistory: Born at term."),
    ],
)
def test_born_ends_a_name_only_before_a_date(text, redacted):
    """"Born" is a surname as well as a date of birth's label: as a label word it ended every name, so
    "Born" of "Zeb Born" was sent."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with Dr. J0hn Smith.", "Discussed with Dr. [NAME_1]."),
        ("Patient name: Zeb Qu1ll\nMr. Qu1ll has a 5 mm nodule.", "Patient name: [NAME_1]\nMr. [NAME_1b] has a 5 mm nodule."),
        # A code or a number after a label is no name word.
        ("Patient: L5S1 level. Patient: T2w images.", "Patient: L5S1 level. Patient: T2w images."),
        ("Patient: John Smith 2", "Patient: [NAME_1] 2"),
    ],
)
def test_a_name_written_with_a_digit_for_a_letter_is_hidden(text, redacted):
    """A digit ended a name word, so "Dr. J0hn Smith" was sent whole."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("住址：12 Oak Road, Springfield\n性别：男", "住址：[ADDRESS_1]\n性别：男"),
        ("地址：Flat 3, 7 Elm Street  电话：010-62345678", "地址：[ADDRESS_1]  电话：[PHONE_1]"),
        # A Chinese address ends at its first space, or at a comma before the next field.
        ("住址：北京市海淀区 性别：男", "住址：[ADDRESS_1] 性别：男"),
        ("家庭住址：上海市徐汇区，phone: (01) 2345 6789", "家庭住址：[ADDRESS_1]，phone: [PHONE_1]"),
        ("住址：北京市海淀区；报告医生：赵六", "住址：[ADDRESS_1]；报告医生：[NAME_1]"),
        ("家庭住址：上海市徐汇区，(555) 321-7654", "家庭住址：[ADDRESS_1]，[PHONE_1]"),
        ("住址：北京市海淀区中关村大街27号，3单元", "住址：[ADDRESS_1]"),  # must stay
    ],
)
def test_an_address_after_a_chinese_label_ends_where_its_field_does(text, redacted):
    """In Latin letters it ended at its first space ("Oak Road" was sent); in Han text it ran over a comma
    and the next field's label, whose value was then sent."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Tel: 555-123-4567 (555) 321-7654", "Tel: [PHONE_1]"),
        ("Tel: +44 (0)20 7946 0958 / +44 (0)20 7946 0959", "Tel: [PHONE_1]"),
        ("Tel: (01) 2345 6789", "Tel: [PHONE_1]"),
        ("Call (555) 321-7654. Then", "Call [PHONE_1]. Then"),  # a period after it ends a sentence
        ("ip 10.555.123.4567.8", "ip 10.555.123.4567.8"),  # must stay: a dotted number is no phone
        # The number ends at its line (it ran on into "12 mm"); a short number after a label is no phone.
        ("Tel: 555-1234\n12 mm nodule", "Tel: [PHONE_1]\n12 mm nodule"),
        ("Phone: 12 34", "Phone: 12 34"),
    ],
)
def test_a_labelled_phone_number_is_hidden_to_its_last_digit(text, redacted):
    """The value stopped after 20 characters, inside the next number, which was then sent in part
    ("[PHONE_1]21-7654")."""
    assert Redactor().redact(text) == redacted



@pytest.mark.parametrize(
    "text",
    [
        "Patient: is a 63 year old male. Patient tolerated the procedure.",
        "Address the 8 mm nodule at follow-up; the address of the lesion is segment 6.",
        "Compared with CT of 2023-01-02, born by the left main bronchus.",
        "Patient: May benefit from a follow-up CT; the nodule may resolve.",  # a function word is no name
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
        ("REFERRED BY OBSTETRIC MEDICINE AFTER DISCUSSION.\nFINDINGS: NO PULMONARY EMBOLUS.", set(), "OBSTETRIC MEDICINE"),
        ("Referred by: Paediatrics\nFINDINGS: paediatrics ward patient, clear lungs.", set(), "paediatrics ward"),
        ("Patient: Left-sided chest pain\nFINDINGS: left lower lobe consolidation.", set(), "left lower lobe"),
        ("Name: Mary Major\nFINDINGS: Major fissure thickened. Mary is well.", {"Mary Major"}, "Major fissure"),
        ("Case number: 150\nFINDINGS: Density 150 HU.", {"150"}, "Density 150 HU"),
        # A capitalised everyday word after a name word is taken into it, and spread no more than the name's
        # other report words.
        ("Dr. Patel Said the nodule is stable, as he said.", {"Patel Said"}, "the nodule is stable, as he said."),
        ("Seen by Dr. Jones Today\nFINDINGS: nodule, today smaller.", {"Jones Today"}, "\nFINDINGS: nodule, today smaller."),
        ("Name: Edward Said\nFINDINGS: as said, no change.", {"Edward Said"}, "as said, no change."),
        # A name word that is a function word ("will", "may") stays readable in the prose.
        ("Name: Will Smith\nFINDINGS: the nodule will need follow-up. Will review.", {"Will Smith"},
         "the nodule will need follow-up. Will review."),
        ("Name: May Lee\nIMPRESSION: may be atelectasis. May resolve.", {"May Lee"}, "may be atelectasis. May resolve."),
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


@pytest.mark.parametrize(
    "text, found, redacted",
    [
        # Capitalised after a capitalised name word: the surname, which is also a verb.
        ("Discussed with Dr. Anna Said on the phone.", {"Anna Said"}, "Discussed with Dr. [NAME_1] on the phone."),
        ("Referring physician: Dr. Anna Said\nFINDINGS: as said, stable.", {"Anna Said"},
         "Referring physician: Dr. [NAME_1]\nFINDINGS: as said, stable."),
        # In lower case: the verb of running text, which stays.
        ("Dr. Anna said the findings were stable.", {"Anna"}, "Dr. [NAME_1] said the findings were stable."),
        ("Dr. Jones reviewed the films today.", {"Jones"}, "Dr. [NAME_1] reviewed the films today."),
        # In capitals case cannot tell them apart: an everyday word ends the name.
        ("DR. PATEL SAID THE NODULE IS STABLE.", {"PATEL"}, "DR. [NAME_1] SAID THE NODULE IS STABLE."),
    ],
)
def test_a_capitalised_word_after_a_name_word_is_part_of_the_name_in_mixed_case(text, found, redacted):
    """Running text writes a verb in lower case, so in mixed case a capitalised everyday word right after
    a name word is the name's ("Dr. Anna Said"), and a lower-case one is the verb ("Dr. Anna said")."""
    redactor = Redactor()
    assert redactor.redact(text) == redacted and set(redactor.placeholders) == found
    assert redactor.restore(redacted) == text


# --- names in capitals after a title -----------------------------------------------------------------

CAPS_REPORT = (
    "MR. JOHN SMITH\nCT CHEST WITHOUT CONTRAST\n"
    "FINDINGS: MRS SMITH HAS A 14 MM NODULE IN THE RIGHT UPPER LOBE. DISCUSSED WITH DR. A. JONES.\n"
    "IMPRESSION: 14 MM NODULE IN THE LEFT UPPER LOBE."
)


@pytest.mark.parametrize(
    "text, hidden, kept",
    [
        ("MR. JOHN SMITH HAS A 14 MM NODULE.", ["JOHN", "SMITH"], "MR. [NAME_1] HAS A 14 MM NODULE."),
        ("HISTORY: MRS SMITH, 67, SMOKER.", ["SMITH"], "HISTORY: MRS [NAME_1], 67, SMOKER."),
        ("DISCUSSED WITH DR. A. JONES ON THE WARD.", ["JONES"], "DISCUSSED WITH DR. [NAME_1] ON THE WARD."),
        ("MISS OKONKWO-REYES RIGHT LOWER LOBE", ["OKONKWO"], "MISS [NAME_1] RIGHT LOWER LOBE"),
        ("MR. JOHN STONE\nFINDINGS: NO STONE.", ["JOHN"], "MR. [NAME_1]\nFINDINGS: NO STONE."),  # a name may end in a report word
        ("MRS VAN DER BERG WAS SEEN BY PROF TUGWELL.", ["BERG", "TUGWELL"], "MRS [NAME_1] WAS SEEN BY PROF [NAME_2]."),
        # Everyday words end a name, also as its last word, and stay readable wherever the case uses them.
        ("DR. PATEL SAID THE NODULE IS STABLE. AS SAID, NO CHANGE.", ["PATEL"],
         "DR. [NAME_1] SAID THE NODULE IS STABLE. AS SAID, NO CHANGE."),
        ("DR. A. JONES REVIEWED, AGREED AND CALLED THE WARD.", ["JONES"], "DR. [NAME_1] REVIEWED, AGREED AND CALLED THE WARD."),
        ("DISCUSSED WITH DR. PATEL TODAY. DR. PATEL AWARE.", ["PATEL"], "DISCUSSED WITH DR. [NAME_1] TODAY. DR. [NAME_1] AWARE."),
        # A word in -ED before an article or a pronoun is a verb; a name in -ED before other words stays whole.
        ("DR. PATEL MENTIONED THE FINDING. NODULE MENTIONED.", ["PATEL"], "DR. [NAME_1] MENTIONED THE FINDING. NODULE MENTIONED."),
        ("MRS JANE DOE EXCLUDED IT. PE EXCLUDED.", ["JANE", "DOE"], "MRS [NAME_1] EXCLUDED IT. PE EXCLUDED."),
        ("MR. MOHAMMED AHMED HAS A NODULE, SEEN BY DR. REED.", ["MOHAMMED", "AHMED", "REED"],
         "MR. [NAME_1] HAS A NODULE, SEEN BY DR. [NAME_2]."),
        # The words after a name cut short are searched again: they may hold the next title and name.
        ("DR. PATEL MENTIONED IT TO DR. JOHN REED. MRS SMITH AND DR. A. JONES.", ["PATEL", "JOHN", "REED", "SMITH", "JONES"],
         "DR. [NAME_1] MENTIONED IT TO DR. [NAME_2]. MRS [NAME_3] AND DR. [NAME_4]."),
        # Initials and particles, then at most three name words: a run into words no list holds stays short.
        ("MR. JOHN PAUL SMITH HOPES TO ATTEND.", ["JOHN", "PAUL", "SMITH"], "MR. [NAME_1] HOPES TO ATTEND."),
        # A reporting verb in the past tense ends the name, irregular ones too, when more words follow it.
        ("DR. PATEL TOLD THE TEAM. DR. JONES SAW THE PATIENT.", ["PATEL", "JONES"],
         "DR. [NAME_1] TOLD THE TEAM. DR. [NAME_2] SAW THE PATIENT."),
        ("DR. LEE SPOKE TO MR. JOHN REED, MET HIM AND NOTIFIED THE WARD.", ["LEE", "JOHN", "REED"],
         "DR. [NAME_1] SPOKE TO MR. [NAME_2], MET HIM AND NOTIFIED THE WARD."),
        ("DR. PATEL SAW 3 NODULES.", ["PATEL"], "DR. [NAME_1] SAW 3 NODULES."),
        # Before a sentence's or a line's end or a comma such a word would tell nothing: it is the surname.
        ("MR. JOHN SAW\nFINDINGS: NODULE.", ["JOHN", "SAW"], "MR. [NAME_1]\nFINDINGS: NODULE."),
        ("MR. JOHN SAW, 67, SMOKER. SEEN BY DR. ANNA MET.", ["JOHN", "SAW", "ANNA", "MET"],
         "MR. [NAME_1], 67, SMOKER. SEEN BY DR. [NAME_2]."),
        ("DR. LEE SAID THE NODULE IS STABLE. DR. PATEL MENTIONED.", ["LEE", "PATEL", "MENTIONED"],
         "DR. [NAME_1] SAID THE NODULE IS STABLE. DR. [NAME_2]."),
        # Surnames that look like those verbs stay whole: AHMED and REED are no listed verb, also at a
        # sentence's end, and the surname SAW is found as the first word after a title.
        ("DR. SAMIR AHMED. MR. JOHN REED. SEEN BY DR. SAW.", ["SAMIR", "AHMED", "JOHN", "REED", "SAW"],
         "DR. [NAME_1]. MR. [NAME_2]. SEEN BY DR. [NAME_3]."),
        # An everyday verb after a name word is a surname there too, and spread no more than other report
        # words ("AS SAID"); before more words of its sentence it is the verb.
        ("DR. ANNA SAID. AS SAID, NO CHANGE.", ["ANNA", "ANNA SAID"], "DR. [NAME_1]. AS SAID, NO CHANGE."),
        ("SEEN BY DR. ANNA SAID", ["ANNA", "SAID"], "SEEN BY DR. [NAME_1]"),
        ("DR. JOHN REVIEWED, 45, SMOKER.", ["JOHN", "REVIEWED"], "DR. [NAME_1], 45, SMOKER."),
        ("DR. PATEL SAID 3 NODULES. DR. LEE SAID IT.", ["PATEL", "LEE"], "DR. [NAME_1] SAID 3 NODULES. DR. [NAME_2] SAID IT."),
        # A title starts the next name, so a name ends at the comma before it.
        ("DR. JOHN SAW, DR. JOHN SAW", ["JOHN", "SAW"], "DR. [NAME_1], DR. [NAME_1]"),
        ("MR. JOHN SMITH, DR. JANE DOE.", ["JOHN", "SMITH", "JANE", "DOE"], "MR. [NAME_1], DR. [NAME_2]."),
    ],
)
def test_a_name_in_capitals_after_a_title_is_hidden_up_to_its_end(text, hidden, kept):
    """Case cannot show where a name in capitals ends: it ends before a function word ("HAS") or a
    report word that more words follow ("RIGHT LOWER LOBE"), and the words after it stay."""
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert redacted == kept and not any(identifier in redacted for identifier in hidden)
    assert redactor.restore(redacted) == text


@pytest.mark.parametrize(
    "text",
    [
        "COMPARISON: MR BRAIN WITHOUT CONTRAST, DR CHEST PA AND LATERAL.",  # bare MR, DR: imaging, not titles
        "HISTORY OF MS. NEW PERIVENTRICULAR LESIONS. MS PLAQUES IN THE CORONA RADIATA.",
        "PRIOR MR. NO CHANGE. COMPARED WITH MR. FINDINGS: STABLE NODULE.",  # the period ends a sentence
        "FINDINGS: MISSED FRACTURE. IMPRESSION: PROFILE OF THE AORTA IS NORMAL.",
        # Bare MR or DR before two words that no list of radqc's knows: still imaging, not a name.
        "COMPARISON: MR WRIST ARTHROGRAM, MR DIFFUSION WEIGHTED IMAGING, DR STITCHED FILM. MR CONDITIONAL DEVICE.",
    ],
)
def test_capitals_that_are_no_title_and_name_stay(text):
    assert Redactor().redact(text) == text


def test_a_report_in_capitals_keeps_its_headings_and_medical_words():
    redactor = Redactor()
    redacted = redactor.redact(CAPS_REPORT)
    assert redacted == (
        "MR. [NAME_1]\nCT CHEST WITHOUT CONTRAST\n"
        "FINDINGS: MRS [NAME_1b] HAS A 14 MM NODULE IN THE RIGHT UPPER LOBE. DISCUSSED WITH DR. [NAME_2].\n"
        "IMPRESSION: 14 MM NODULE IN THE LEFT UPPER LOBE."
    )
    assert redactor.restore(redacted) == CAPS_REPORT


def test_the_report_auditor_sends_no_name_written_in_capitals(wire):  # noqa: F811 (fixture)
    audit_report(reply(), case=report_case(CAPS_REPORT), context=AuditContext(role="recall"))
    text = sent_text(wire.sent[0])
    assert not any(name in text for name in ("JOHN", "SMITH", "JONES"))
    assert "CT CHEST WITHOUT CONTRAST\nFINDINGS: MRS [NAME_1b] HAS A 14 MM NODULE IN THE RIGHT UPPER LOBE." in text


# --- sign-offs: the staff who reported, dictated, checked or signed ---------------------------------


# A sign-off line as written, and as sent: the name hidden, degrees and roles after it left readable.
SIGN_OFFS = [
    ("Reported by: John Smith", "Reported by: [NAME_1]"),
    ("Dictated by Dr Smith, transcribed by Ann Lee.", "Dictated by Dr [NAME_1], transcribed by [NAME_2]."),
    ("Signed: Jane Doe, MD", "Signed: [NAME_1], MD"),
    ("Electronically signed by John Smith, M.D., FRCR on 2024-01-02 10:32",
     "Electronically signed by [NAME_1], M.D., FRCR on 2024-01-02 10:32"),
    ("Verified by: Jane Doe PhD, Consultant Radiologist", "Verified by: [NAME_1] PhD, Consultant Radiologist"),
    ("REPORTED BY: JOHN SMITH MD", "REPORTED BY: [NAME_1] MD"),
    ("技师：王五 报告者：李四 审核者：赵六 记录者：孙七", "技师：[NAME_1] 报告者：[NAME_2] 审核者：[NAME_3] 记录者：[NAME_4]"),
    ("报告医师：王五 主任医师  审核医生：赵六副教授", "报告医师：[NAME_1] 主任医师  审核医生：[NAME_2]副教授"),
    # Sign-off verbs without a colon, at a line's or a sentence's start.
    ("Reported by John Smith", "Reported by [NAME_1]"),
    ("No change. Verified by Jane Doe, MD\n  Read by Ann Lee", "No change. Verified by [NAME_1], MD\n  Read by [NAME_2]"),
    ("Interpreted by Dr Barnaby Quillfeather. Reviewed by Ottoline Gribblesworth, Consultant Radiologist",
     "Interpreted by Dr [NAME_1]. Reviewed by [NAME_2], Consultant Radiologist"),
    ("REPORTED BY JOHN SMITH", "REPORTED BY [NAME_1]"),
    # A Chinese surname, or a full name after a sign-off label, before a title that stays.
    ("审核者：王主任 报告医生 李医师", "审核者：[NAME_1]主任 报告医生 [NAME_2]医师"),
    ("报告医生李四主任医师  审核：黄副教授", "报告医生[NAME_1]主任医师  审核：[NAME_2]副教授"),
    ("张医生，刘技师\n欧阳大夫", "[NAME_1]医生，[NAME_2]技师\n[NAME_3]大夫"),
    # A title as the label: the name after it hidden, the title kept.
    ("副主任医师：王五 主任医师：李四\n住院医师：欧阳娜娜。副教授：黄小明",
     "副主任医师：[NAME_1] 主任医师：[NAME_2]\n住院医师：[NAME_3]。副教授：[NAME_4]"),
    ("主治医师：赵六", "主治医师：[NAME_1]"),
    # Fields run together: a name ends before the next label.
    ("主任医师：王五审核医师：赵六", "主任医师：[NAME_1]审核医师：[NAME_2]"),
    ("主治医师：李四报告医生：欧阳娜娜技师：孙七", "主治医师：[NAME_1]报告医生：[NAME_2]技师：[NAME_3]"),
    # A name before a title: the name hidden, the title kept, as after a surname ("审核者：王主任").
    ("主治医师：李四主任医师", "主治医师：[NAME_1]主任医师"),
    ("报告医生：王五副教授 审核医生：赵六医师。技师：孙七技师", "报告医生：[NAME_1]副教授 审核医生：[NAME_2]医师。技师：[NAME_3]技师"),
    ("副主任医师：欧阳娜娜主任", "副主任医师：[NAME_1]主任"),
]


@pytest.mark.parametrize("text, redacted", SIGN_OFFS)
def test_a_sign_off_name_is_hidden_and_its_degrees_and_roles_stay(text, redacted):
    redactor = Redactor()
    assert redactor.redact(text) == redacted and redactor.restore(redacted) == text


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("a@x.org+b@y.org", "[EMAIL_1]+[EMAIL_2]"),
        ("Contact: zhang.san+1@example.com+li.si@example.cn", "Contact: [EMAIL_1]+[EMAIL_2]"),
        ("j.smith+radiology@x.org", "[EMAIL_1]"),  # a "+" inside an address keeps it whole
    ],
)
def test_each_e_mail_address_is_its_own_value(text, redacted):
    """A domain holds no "+", so an address joined to the one before it by a "+" starts after it."""
    redactor = Redactor()
    assert redactor.redact(text) == redacted and redactor.restore(redacted) == text


@pytest.mark.parametrize("start, piece, redacted", [
    ("联系邮箱：", "右肺上叶见结节影边界清楚" * 40 + "zhang.san+1@example.com，", "[EMAIL_1]，"),
    ("", "邮箱zhang.san@example.com，", "[EMAIL_1]，"),
    ("Contact: ", "j.smith@x.org; ", "[EMAIL_1]; "),
    ("Contact: ", "j.smith@x.org+", "[EMAIL_1]+"),
    ("主治医师：", "李四主任医师", "[NAME_1]主任医师"),
    ("患者", "右肺上叶见结节影边界清楚", "右肺上叶见结节影边界清楚"),
])
def test_long_runs_without_punctuation_are_redacted_as_short_ones(start, piece, redacted):
    """The e-mail pattern was tried at every character of a run of letters (Han text has no spaces) and
    scanned the rest of the run for an "@": a 1 MB report took minutes (benchmarks/bench_redact.py).
    Now it starts only where such a run does, which finds each address whole as before."""
    assert Redactor().redact(start + piece * 30) == start + redacted * 30


@pytest.mark.parametrize(
    "text, found, kept",
    [
        ("Dr. Jones, Radiologist\nFINDINGS: discussed with the radiologist.", {"Jones"}, "discussed with the radiologist."),
        ("DR. A. JONES, CONSULTANT RADIOLOGIST\nNO CONSULTANT REVIEW.", {"A. JONES"}, "NO CONSULTANT REVIEW."),
        ("Seen by Dr Jane Doe PhD, resident.\nFINDINGS: PhD thesis; resident artefact.", {"Jane Doe"}, "PhD thesis; resident artefact."),
        ("Name: Md Abdul Rahman\nFINDINGS: normal.", {"Md Abdul Rahman"}, "FINDINGS: normal."),  # "Md", a given name
    ],
)
def test_a_name_ends_before_a_degree_or_role_which_stays_readable_elsewhere(text, found, kept):
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert set(redactor.placeholders) == found and kept in redacted and redactor.restore(redacted) == text


@pytest.mark.parametrize(
    "text",
    [
        "Pneumothorax verified by CT; nodule as reported by the patient's GP was signed by the referrer.",
        "Lesion verified by MRI and Ultrasound. Reported by Pathology as benign.",  # prose: "by" labels need a colon
        "Reported by: Radiology Registrar\nSigned: yes",
        "技师未见异常。报告者未签名。",
        "Stable. Reviewed by Multidisciplinary Team. Read by CT. Reported by Oncology as stable.",
        "REPORTED BY NUCLEAR MEDICINE. SIGNED BY PATIENT.",
        "Appearance as reported by Smith and Jones in 2019.",  # prose: "by" inside a sentence
        "主任医师\n副主任医师：\n报告医师向上级医师汇报，建议向医生咨询。高年资医师复核。",  # 任 of 主任, 向 "to"
        "审核医师：主任医师",
        # After a title's colon, only a name alone before a punctuation mark: not what the doctor said.
        "主任医师：建议随访。副主任医师：高度怀疑恶性。教授：同意。",
        "主治医师：右肺上叶结节，建议随访。主治医生：左肺。",
        "主任医师：方可诊断。",  # a label's word with no colon after it does not end a name
        # Every sign-off label takes only a name, as a title does.
        "报告医生：右肺上叶结节，建议随访。审核医生：右肺上叶结节。技师：右肺上叶结节",
        "报告者：双肺纹理增多。审核者：同意。记录者：左侧胸腔积液。签名：右肺上叶结节。签字：未见异常",
        "报告医师：高度怀疑恶性。诊断医生：毛刺征明显。复核人：右肺下叶。技术员：双侧胸膜增厚。",
    ],
)
def test_report_words_after_sign_off_labels_stay(text):
    assert Redactor().redact(text) == text


def test_a_chinese_surname_alone_is_hidden_only_before_its_title():
    """A surname alone is no word of its own in Han text ("张" of "扩张", "叶" of "肺叶"): hidden before
    its title, it is not looked for elsewhere in the case."""
    redactor = Redactor()
    redacted = redactor.redact("叶医生：右肺中叶支气管扩张。张技师。叶医生复核。")
    assert redacted == "[NAME_1]医生：右肺中叶支气管扩张。[NAME_2]技师。[NAME_1]医生复核。"
    assert redactor.redact("右肺中叶") == "右肺中叶" and redactor.restore(redacted) == "叶医生：右肺中叶支气管扩张。张技师。叶医生复核。"


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("与张医生沟通，请张医生会诊。", "与[NAME_1]医生沟通，请[NAME_1]医生会诊。"),
        ("经王主任同意，由欧阳教授复核。", "经[NAME_1]主任同意，由[NAME_2]教授复核。"),
        ("已告知李医师，通知黄技师。", "已告知[NAME_1]医师，通知[NAME_2]技师。"),
        ("已和张医生沟通。", "已和[NAME_1]医生沟通。"),
        # Words, not surnames, after those words; and 张 of 扩张, which puts no person next.
        ("由高年资医师复核，与主任医师沟通，请上级医师会诊，由白班医生复核，与任何医生沟通。",
         "由高年资医师复核，与主任医师沟通，请上级医师会诊，由白班医生复核，与任何医生沟通。"),
        ("和高年资医师复核，和主治医生沟通，和临床医生商议，缓和，饱和度下降。",
         "和高年资医师复核，和主治医生沟通，和临床医生商议，缓和，饱和度下降。"),
        ("支气管扩张医生已知，经治医生、值班医生同意，通知临床医生。", "支气管扩张医生已知，经治医生、值班医生同意，通知临床医生。"),
    ],
)
def test_a_surname_before_a_title_after_a_word_that_puts_a_person_next_is_hidden(text, redacted):
    """Mid-sentence, a surname follows a Han character: only after 与 和 请 经 由 告知 通知 ("with", "and",
    "ask", "through", "by", "tell") is it taken, and then the surname alone."""
    redactor = Redactor()
    assert redactor.redact(text) == redacted and redactor.restore(redacted) == text


@pytest.mark.parametrize("label", ["Verified by", "Referred by", "Signed", "Referring physician"])
@pytest.mark.parametrize("word", ["MRI", "MR", "CT", "CTA", "PET", "PET-CT", "Ultrasound", "US", "X-ray", "CXR",
                                  "Doppler", "PACS", "RIS", "Fluoroscopy"])
def test_an_imaging_word_after_a_staff_label_is_no_name(label, word):
    assert Redactor().redact(f"{label}: {word}") == f"{label}: {word}"


@pytest.mark.parametrize("text, name", [("Verified by: Jane Pacsley", "Jane Pacsley"),
                                        ("Referred by: Chris Petersen, MD", "Chris Petersen")])
def test_a_name_beside_imaging_words_is_still_hidden(text, name):
    redactor = Redactor()
    assert name not in redactor.redact(text) and set(redactor.placeholders) == {name}


SIGNED_REPORT = (
    "FINDINGS: 14 mm nodule in the right upper lobe, discussed with the radiologist on call.\n"
    "IMPRESSION: 14 mm nodule in the left upper lobe.\n"
    "Dictated by Dr. Ottoline Gribblesworth, Radiologist\nElectronically signed by: Barnaby Quillfeather, MD, FRCR\n"
    "Reported by Percival Thistlewood"
)


def test_the_report_auditor_sends_no_sign_off_name(wire):  # noqa: F811 (fixture)
    audit_report(reply(), case=report_case(SIGNED_REPORT), context=AuditContext(role="recall"))
    text = sent_text(wire.sent[0])
    assert not any(name in text for name in ("Ottoline", "Gribblesworth", "Barnaby", "Quillfeather", "Percival", "Thistlewood"))
    assert "discussed with the radiologist on call" in text and "[NAME_2], MD, FRCR\nReported by [NAME_3]" in text
    audit_report(reply(), case=report_case("检查所见：右肺上叶结节。\n技师：钱七 报告者：孙八 主任医师 审核医生 周主任", language="zh"),
                 context=AuditContext(role="recall"))
    text = sent_text(wire.sent[-1])
    assert "钱七" not in text and "孙八" not in text and "[NAME_2] 主任医师 审核医生 [NAME_3]主任" in text


def redacts_and_restores(text: str, redacted: str) -> bool:
    """Whether a fresh redactor turns TEXT into REDACTED and restores REDACTED to exactly TEXT."""
    redactor = Redactor()
    return redactor.redact(text) == redacted and redactor.restore(redacted) == text


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
    back the exact text, which a placeholder put over any other word would break. The names the bundled
    reports hold are doctors' after a title or in a sign-off ("Discussed with Dr Patel", and in capitals "DISCUSSED
    WITH DR PATEL", where no examination follows; "审核医师：..."), and numbers after an id's label ("检查号："): nothing
    else is hidden, and no medical word is, as "DR CHEST" in a
    report in capitals. (Checked by that rule, not by a list of the names: the evaluation-only sets are read
    here too, and nobody reads them to list theirs.)"""
    header = "Patient Name: Hendrika van der Berg   MRN: ABCDE12345   DOB: 3 February 1941\nReferring physician: Dr. Vorpalblade\n"
    header_values = {"Hendrika van der Berg", "ABCDE12345", "3 February 1941", "Vorpalblade"}
    texts = bundled_reports()
    assert len(texts) > 1000
    for text in texts:
        alone, with_header, capitals = Redactor(), Redactor(), Redactor()
        assert alone.restore(alone.redact(text)) == text and _only_titled_names(alone, text)
        assert with_header.restore(with_header.redact(header + text)) == header + text
        assert header_values <= set(with_header.placeholders) and _only_titled_names(with_header, text, header_values)
        assert capitals.restore(capitals.redact(text.upper())) == text.upper() and _only_titled_names(capitals, text.upper())


def _only_titled_names(redactor: Redactor, text: str, also: set[str] = frozenset()) -> bool:
    """Whether every value REDACTOR hid, but ALSO, is a doctor's name as a report signs it in TEXT (`_TITLED`)
    and no medical word."""
    from radqc.agents.report.lexicon import medical_words

    return all(any(re.search(pattern.format(name=re.escape(value)), text) for pattern in _TITLED + _ID_LABELLED)
               and value.lower() not in medical_words() for value in set(redactor.placeholders) - also)


# Words that tell a result to a person, and the roles of the staff told as the redactor reads them: up to two
# capitalised words of a service or a grade before the role ("Charge Nurse", "Chest Physician").
_TELLING = r"\b(?i:discussed with|informed|told|phoned to|handed over to|spoke to|given to)\s+"
_TOLD_STAFF_ROLE = (
    r"(?:[A-Z][\w'’-]*\s+){{0,2}}(?i:nurse|sister|matron|midwife|surgeon|clinician|consultant|radiologist|radiographer|"
    r"technologist|sonographer|resident|registrar|fellow|attending|physician|specialist)s?\s+"
)
# A name told before another in a list, and what joins them: ", ", " and ", " & ".
_TOLD_BEFORE = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}}(?:\s*[,&]\s*|\s+(?i:and)\s+)"
# Where a report names its staff: after "Dr", after a sign-off ("Dictated by", "Resident:", "审核医师：", "住院医师 "), before
# a title ("张三医生", "王主任"), or after a role or another person told ("Discussed with Charge Nurse Smith").
_TITLED = (
    r"\b(?i:dr)\.?\s+{name}\b",
    r"(?i:\b(?:dictated|reviewed|signed|reported|read|verified|approved|corrected|edited)\s+by|\b(?:resident|attending|fellow|"
    r"radiologist|registrar|consultant|reader)s?)\s*:?\s*(?:dr\.?\s+)?{name}\b",
    r"(?:医[生师]|主任|教授|技师|者|人|签名|签字|审核|复核|报告)[ \t]*[:：]?[ \t]*{name}",
    r"{name}[ \t]*(?:副?主任|副?教授|医[生师]|技师|大夫)",
    # right after words of telling and a role the person told holds ("Informed Charge Nurse Smith"), or in a list of
    # those told, after the names before it ("Discussed with Smith, Jones & Patel")
    _TELLING + _TOLD_STAFF_ROLE + r"{name}\b",
    _TELLING + r"(?:(?:" + _TOLD_STAFF_ROLE + r")?" + _TOLD_BEFORE + r")+(?:" + _TOLD_STAFF_ROLE + r")?{name}\b",
)
@pytest.mark.parametrize("text, titled", [
    ("Discussed with Smith, Patel & Jones at 14:00.", True),
    ("Informed Charge Nurse Jones.", True),
    ("Discussed with Smith and Nurse Jones.", True),
    # Not any value after a comma or "and" later in a sentence of telling, nor any word after a role's.
    ("Discussed with the team, and Jones fracture was excluded.", False),
    ("Informed the ward; the nurse Jones saw it.", False),
])
def test_the_guard_takes_for_titled_only_a_name_told_as_the_redactor_reads_it(text, titled):
    """The guard of the bundled reports took for a staff name any value after a comma or "and" anywhere in a sentence
    of telling, and any word after a role's, so a word hidden there wrongly passed it."""
    assert any(re.search(pattern.format(name="Jones"), text) for pattern in _TITLED) == titled


# Where a report header gives an exam's, a patient's or a bed's number ("检查号：CT-N0417", "Accession: A123456", "床号：12"), or what
# follows a patient's label: a description there in capitals ("PATIENT: FRAIL NURSING HOME RESIDENT") reads as a name
# in capitals does, and hiding it is the safe side (a report of handwritten-eval6 in capitals does so; not read).
_ID_LABELLED = (r"(?:检查号|住院号|门诊号|病案号|影像号|登记号|床号|(?i:accession|mrn|hospital number)(?i: no\.?| number)?)[ \t]*[:：#]?[ \t]*{name}",
                r"\b(?i:patient|pt)[ \t]*[:：][ \t]*{name}")

# --- a Chinese name after 患者 with no label -----------------------------------------------------------

ZH_REPORT = "患者张三，男，67岁。\n检查所见：右肺上叶见结节，直径约14mm。\n诊断意见：左肺上叶结节。张三请随诊。"


@pytest.mark.parametrize(
    "text, name",
    [
        ("患者张三，男，67岁。", "张三"),
        ("患者王小明性别男", "王小明"),
        ("病人李四 女 45岁，因咳嗽就诊", "李四"),
        ("患者赵六，年龄52岁", "赵六"),
        ("患儿李小宝，男，5岁", "李小宝"),
        ("患者孙七男性", "孙七"),
        ("患者张三男，45岁", "张三"),
        ("患者王小明女性", "王小明"),
    ],
)
def test_a_chinese_name_between_patient_and_sex_or_age_is_hidden(text, name):
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert name not in redacted and "[NAME_1]" in redacted and redactor.restore(redacted) == text


@pytest.mark.parametrize(
    "text",
    [
        "患者男，67岁。", "患者男性，67岁。", "患者，女，39岁。", "患者老年男性，咳嗽。", "患者今年67岁。",
        "患者术后复查，男，67岁。", "患者既往体健，男。", "患者右肺上叶见结节。",
        "患者咳嗽，男，45岁。", "患者是一名男性。", "患者大约45岁。", "患者入院时45岁。", "患者高龄女性。",
        "患者因胸痛，男，45岁。", "患者诉咳嗽，45岁。", "患者约为45岁。", "患者于今日，男。", "患者中年男性。", "患者发热，女。",
        "患者无诱因，男。", "患者肺结节，女，60岁。", "患者高龄，女，80岁。", "患者高热，男，45岁。", "患者水肿，女，60岁。",
        "患者高血压，男，60岁。",
    ],
)
def test_words_after_patient_that_are_no_name_before_sex_or_age_stay(text):
    """What follows 患者 in clinical prose stays: two or three characters right before the sex or the age
    are taken for a name only when they start with a common surname or hold no word of Chinese but a
    person's name, nor a lexicon term, nor start with a function word; never the words of that sex or
    age themselves."""
    assert Redactor().redact(text) == text


@pytest.mark.parametrize(
    "text, name",
    [
        ("患者阮小二，男，45岁。", "阮小二"),
        ("患者仇十洲男性", "仇十洲"),
        ("病人柏志强 女 45岁", "柏志强"),
        # A surname the dictionary knows before a given name that is also a word ("海波" a noun).
        ("患儿聂海波，男，5岁", "聂海波"),
        ("患者滕飞，年龄52岁", "滕飞"),
    ],
)
def test_a_name_of_a_surname_not_on_the_list_before_sex_or_age_is_hidden(text, name):
    """A surname radqc does not list no longer lets the name through before the sex or the age, and the
    name found there is hidden wherever the case names it."""
    redactor = Redactor()
    redacted = redactor.redact(text + f"\n诊断意见：右肺结节。{name}请随诊。")
    assert name not in redacted and "[NAME_1]" in redacted and redactor.restore(redacted).startswith(text)



@pytest.mark.parametrize(
    "text, names",
    [
        ("患者张三，因胸痛就诊。", ["张三"]),
        ("病人欧阳娜娜，咳嗽两周。", ["欧阳娜娜"]),
        ("患儿王小宝。\n检查所见：双肺纹理清晰。", ["王小宝"]),
        ("患者 李四\n检查所见：未见异常。", ["李四"]),
        ("姓　名：李四　性　别：男", ["李四"]),
        ("报告医生：王五 审核医生：赵六", ["王五", "赵六"]),
        ("受检者：孙七，因咳嗽就诊", ["孙七"]),
        ("患者张三住院号：123456", ["张三"]),  # a name ends before the next label
        ("报告医生：赵六. 性别：男", ["赵六"]),  # and before a period in Latin text
        ("主任医师：王五.", ["王五"]),
    ],
)
def test_a_chinese_name_after_patient_or_a_name_label_is_hidden(text, names):
    """A name after 患者 starting with a common surname, before a punctuation mark or the line's end;
    names after a spaced 姓名 label and the reporting and reviewing doctors'."""
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert not any(name in redacted for name in names) and "[NAME_1]" in redacted
    assert redactor.restore(redacted) == text
    assert "性　别：男" in redacted or "性　别" not in text


@pytest.mark.parametrize(
    "text",
    [
        "患者术后，恢复可。", "患者胸痛，咳嗽、咳痰2周。", "患者高热，咳嗽。", "患者黄疸，尿色深。", "患者于今日，行CT检查。",
        "患者曾吸烟，已戒。", "患者苏醒，生命体征平稳。", "患者既往体健。", "主治医生认为结节良性。", "受检者右肺上叶见结节。",
    ],
)
def test_medical_words_after_patient_before_punctuation_stay(text):
    """Words prose puts right after 患者 start with no surname of the list, and labels that are also
    words of prose need their colon."""
    assert Redactor().redact(text) == text


@pytest.mark.parametrize(
    "text, names",
    [
        ("申请医生：王五", ["王五"]), ("送检医生：阮小二", ["阮小二"]),  # after a colon, any Han characters
        ("申请医生 王五\n检查所见：未见异常。", ["王五"]), ("开单医生李四", ["李四"]), ("申请医师张三，送检科室：呼吸科", ["张三"]),
        ("患者：张三", ["张三"]), ("病人：欧阳娜娜，男", ["欧阳娜娜"]),
        # A patient's name is assumed wherever the text after the label could be one: a surname not on
        # radqc's list, a name before clinical words, or words no lexicon term of radqc's is in.
        ("患者：阮小二", ["阮小二"]), ("患者：王五右肺结节", ["王五"]), ("病人：咳嗽三天", ["咳嗽三天"]),
    ],
)
def test_a_name_after_a_request_or_patient_label_is_hidden(text, names):
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert not any(name in redacted for name in names) and "[NAME_1]" in redacted
    assert redactor.restore(redacted) == text


@pytest.mark.parametrize(
    "text",
    ["申请医生建议随访。", "送检医生右肺结节待查。", "开单医生已告知。", "患者：右肺结节术后复查。", "病人：双肺纹理增多。", "受检者：肝囊肿"],
)
def test_clinical_words_after_a_request_or_patient_label_stay(text):
    """After the doctor who asked for the examination without a colon only a name is taken, as after a
    sign-off label; after a patient label, clinical text that starts with no common surname stays."""
    assert Redactor().redact(text) == text



def test_the_sex_after_a_patient_label_is_no_name():
    """No name starts with 男 or 女, no surname being one: hidden, 女性 would be hidden wherever the
    case says it. A name after the sex is still hidden."""
    text = "患者：女性，45岁\n检查所见：女性乳腺腺体致密。"
    assert Redactor().redact(text) == text and Redactor().redact("病人：男性") == "病人：男性"
    redactor = Redactor()
    assert redactor.redact("患者：男性，张三，67岁") == "患者：男性，[NAME_1]，67岁" and redactor.redact("患者：女张三") == "患者：女[NAME_1]"

def test_the_report_auditor_sends_no_unlabelled_chinese_name(wire):  # noqa: F811 (fixture)
    audit_report(reply(), case=report_case(ZH_REPORT, language="zh"), context=AuditContext(role="recall"))
    text = sent_text(wire.sent[0])
    assert "张三" not in text and "患者[NAME_1]，男，67岁" in text and "[NAME_1]请随诊" in text


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


# --- text in a film's margin: blacked out of the image sent ------------------------------------------

FILMS = DATA / "cxr" / "dev" / "images"
# Real MHH films (640 x 524). Boxes are (x0, y0, x1, y1) in the file's pixels, end-exclusive, read off
# the films by eye, not by radqc.
LIEGEND = FILMS / "mhh-b343e657-a.jpg"  # "liegend" burned in at the top right, a ringed "L" below it
LIEGEND_TEXT = (526, 13, 572, 26)
RINGED_L = (559, 40, 564, 51)  # the letter inside the ring
PLAIN_L = FILMS / "mhh-08d780ae-a.jpg"  # a lone "L" in a grey box at the right edge, no other writing
AP_SITTING = FILMS / "mhh-00870a9c-b.jpg"  # "AP SITTING" in grey over the right lung (a simulated label)
AP_SITTING_TEXT = (131, 233, 233, 246)
OVER_LUNG = FILMS / "mhh-5f619d7e-b.jpg"  # a label in white over the left lung, read by the lung search


def sent_pixels(wire) -> np.ndarray:  # noqa: F811 (fixture)
    """The image of the last request on the wire, decoded back to 8-bit grey pixels."""
    url = wire.sent[-1][1]["content"][1]["image_url"]["url"]
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))


def unredacted(path: Path, side: int) -> np.ndarray:
    """The image the auditor would send with nothing blacked out, decoded the same way."""
    url = png_data_url(load_radiograph(path, side).pixels)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))


def scaled(box, image: np.ndarray, original: tuple[int, int]) -> tuple[slice, slice]:
    """BOX (in a file of ORIGINAL width, height) as slices of IMAGE, the same film resized."""
    sx, sy = image.shape[1] / original[0], image.shape[0] / original[1]
    return slice(int(box[1] * sy), int(np.ceil(box[3] * sy))), slice(int(box[0] * sx), int(np.ceil(box[2] * sx)))


def audited(wire, path: Path, image_side: int = 768, **options):  # noqa: F811 (fixture)
    auditor = LlmCxrAuditor("gpt-4o", mock_response=reply(), image_side=image_side, backoff_seconds=0, **options)
    return auditor.audit(cxr_case(path), AuditContext())


@pytest.fixture
def enlarged_liegend(tmp_path) -> Path:
    """The "liegend" film enlarged 2.5 times (1600 x 1310), so that the image sent (1280 px) is 2.5 times
    the working size, and the boxes found there must be scaled up."""
    path = tmp_path / "liegend-large.png"
    with Image.open(LIEGEND) as image:
        image.convert("L").resize((1600, 1310), Image.Resampling.BICUBIC).save(path)
    return path


@pytest.mark.parametrize("image_side", [256, 768, 1280])
def test_text_in_the_margin_is_blacked_out_of_the_image_sent(wire, enlarged_liegend, image_side):  # noqa: F811 (fixture)
    """Found at the working size (512 px), blacked out at the size sent: smaller (256), the file's own
    640 px, and 1280 px of the enlarged copy."""
    path = enlarged_liegend if image_side > 640 else LIEGEND
    output = audited(wire, path, image_side)
    sent = sent_pixels(wire)
    assert max(sent.shape) == min(image_side, 640) if path == LIEGEND else max(sent.shape) == image_side
    assert sent[scaled(LIEGEND_TEXT, sent, (640, 524))].max() == 0  # every pixel of the word is black
    assert unredacted(path, image_side)[scaled(LIEGEND_TEXT, sent, (640, 524))].max() > 200  # the word was white
    assert output.degraded is None and output.usage["blacked_out_text_regions"] == 1
    assert "Regions of burned-in text blacked out by radqc: 1" in sent_text(wire.sent[-1])
    assert "radqc's redaction" in sent_text(wire.sent[-1])  # the system prompt says what the boxes are


@pytest.mark.parametrize("image_side", [256, 768])
def test_a_side_marker_stays_visible(wire, image_side):  # noqa: F811 (fixture)
    """A lone "L" is no text row: its film goes out untouched. The ringed "L" under "liegend" stays
    too, while the word above it is blacked out."""
    audited(wire, PLAIN_L, image_side)
    assert np.array_equal(sent_pixels(wire), unredacted(PLAIN_L, image_side))
    assert "Regions of burned-in text blacked out by radqc: 0" in sent_text(wire.sent[-1])
    audited(wire, LIEGEND, image_side)
    sent, original = sent_pixels(wire), unredacted(LIEGEND, image_side)
    letter = scaled(RINGED_L, sent, (640, 524))
    assert np.array_equal(sent[letter], original[letter]) and sent[letter].max() > 120  # white on black
    assert sent[scaled(LIEGEND_TEXT, sent, (640, 524))].max() == 0


def test_text_over_the_lungs_is_never_sent(wire):  # noqa: F811 (fixture)
    """Text over a lung that only the whole-film search reads (a grey label) is blacked out; text the
    lung search reads withholds the image, as before (a box there would hide the anatomy judged)."""
    output = audited(wire, AP_SITTING)
    sent = sent_pixels(wire)
    assert sent[scaled(AP_SITTING_TEXT, sent, (640, 524))].max() == 0
    assert unredacted(AP_SITTING, 768)[scaled(AP_SITTING_TEXT, sent, (640, 524))].max() > 180
    assert output.degraded is None and output.usage["blacked_out_text_regions"] == 1
    output = audited(wire, OVER_LUNG)
    assert sent_parts(wire) == ["text"] and "text burned into the pixels" in output.degraded
    assert output.usage["blacked_out_text_regions"] == 0
    assert "Regions of burned-in text blacked out by radqc: none (no image)" in sent_text(wire.sent[-1])


def test_a_provider_allowed_identifiers_gets_the_film_untouched(wire):  # noqa: F811 (fixture)
    audited(wire, LIEGEND, phi_allowed_providers=["azure"])  # another provider's agreement is not this one's
    sent = sent_pixels(wire)
    assert sent[scaled(LIEGEND_TEXT, sent, (640, 524))].max() == 0
    output = audited(wire, LIEGEND, phi_allowed_providers=["openai"])
    assert np.array_equal(sent_pixels(wire), unredacted(LIEGEND, 768))
    assert output.usage["blacked_out_text_regions"] == 0


def test_radqc_audit_sends_the_film_with_its_margin_text_blacked_out(wire, tmp_path):  # noqa: F811 (fixture)
    """End to end: `radqc audit` with an LLM role (litellm's mock_response) through the workflow."""
    from typer.testing import CliRunner

    from radqc.cli.main import app

    profile = tmp_path / "mocked.yaml"
    profile.write_text(json.dumps({
        "name": "mocked", "offline": False, "retrieval": {"enabled": False}, "verifier": "union",
        "recall": {"auditor": "llm", "model": "gpt-4o", "options": {"backoff_seconds": 0, "mock_response": reply()}},
        "precision": {"auditor": "rules", "min_confidence": 0.7}}))
    result = CliRunner().invoke(app, ["audit", str(LIEGEND), "-p", str(profile)])
    assert result.exit_code == 0, result.output
    sent = sent_pixels(wire)
    assert max(sent.shape) == 640 and sent[scaled(LIEGEND_TEXT, sent, (640, 524))].max() == 0


@pytest.mark.parametrize(
    "text, redacted",
    [
        # A name label glued to a word in its own case is read before a name of two capitalised words.
        ("Quillname: Zeb Born", "Quillname: [NAME_1]"),
        ("SMITHPATIENT: JANE DOE", "SMITHPATIENT: [NAME_1]"),
        ("Quillpatient: Jane Doe", "Quillpatient: [NAME_1]"),
        # Words that end in a name label keep what follows them: prose, or a report's words.
        ("Outpatient: Follow-up in 2 weeks", "Outpatient: Follow-up in 2 weeks"),
        ("OUTPATIENT: FOLLOW UP IN 2 WEEKS", "OUTPATIENT: FOLLOW UP IN 2 WEEKS"),
        ("Outpatient: Clinic Review", "Outpatient: Clinic Review"),
        ("Rename: Lesion A", "Rename: Lesion A"),
        ("Username: jdoe", "Username: jdoe"),
        # A date after a word that ends in a phone label is no phone number: "cell" of the name was sent.
        ("Dr. Purcell: 12/03/2020", "Dr. [NAME_1]: 12/03/2020"),
        ("Quillphone: 01-23-4567 890", "Quillphone: [PHONE_1]"),
    ],
)
def test_glued_name_label_and_glued_date(text, redacted):
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DR. J0HN SMITH REVIEWED IT.", "DR. [NAME_1] REVIEWED IT."),
        ("DISCUSSED WITH MR. SM1TH TODAY.", "DISCUSSED WITH MR. [NAME_1] TODAY."),
        # A sequence name after "MR." is a letter and a digit, no misread name.
        ("PRIOR MR. T2WI HYPERINTENSE.", "PRIOR MR. T2WI HYPERINTENSE."),
        ("Patient: L5S1 level", "Patient: L5S1 level"),
    ],
)
def test_digit_misread_in_a_name_in_capitals(text, redacted):
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        # After a sign-off label's colon any surname is a name's, rare or compound.
        ("审核医师：阮小二", "审核医师：[NAME_1]"),
        ("报告医师：仇十洲，审核医师：欧阳明", "报告医师：[NAME_1]，审核医师：[NAME_2]"),
        ("技术员：蔺相如 主任医师：阮小二", "技术员：[NAME_1] 主任医师：[NAME_2]"),
        ("审核医师：阮小二主任医师", "审核医师：[NAME_1]主任医师"),
        # What a doctor says after the colon stays, and so does advice with no colon.
        ("主任医师：同意。审核医师：同上", "主任医师：同意。审核医师：同上"),
        ("报告医生：右肺，结节", "报告医生：右肺，结节"),
        ("申请医生建议随访", "申请医生建议随访"),
    ],
)
def test_chinese_sign_off_label_hides_any_surname(text, redacted):
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        # Labels of UK and Chinese headers that were not read: their values were sent.
        ("Hosp No: H7734521", "Hosp No: [ID_1]"),
        ("NHS No: 9434765919", "NHS No: [ID_1]"),
        ("检查医师：谷丽萍  复核医师：公孙胜", "检查医师：[NAME_1]  复核医师：[NAME_2]"),
        # An NHS number in its groups was sent but its first three digits.
        ("NHS Number: 943 476 5919   Patient: Mrs Edith Crabtree", "NHS Number: [ID_1]   Patient: Mrs [NAME_1]"),
        ("Signed: Dr. Ann Lee  GMC: 7012345", "Signed: Dr. [NAME_1]  GMC: [ID_1]"),
        # A role before a colon is a label; its credentials stay, and so does a field left empty.
        ("Technologist: R. Okonkwo, RT(R)", "Technologist: [NAME_1], RT(R)"),
        ("Attending: Gregor Halvorsen MD", "Attending: [NAME_1] MD"),
        ("Radiologist: Pending. Referring physician: Unassigned.", "Radiologist: Pending. Referring physician: Unassigned."),
        # A four-character name with a compound surname.
        ("报告医师：司空摘星", "报告医师：[NAME_1]"),
    ],
)
def test_record_and_sign_off_labels_of_other_systems(text, redacted):
    assert Redactor().redact(text) == redacted


def test_hl7_segment_fields_are_hidden_by_their_position():
    """An HL7 v2 segment pasted into a report has no labels, so every identifier it held was sent: the
    patient's ids, name, birth date, address and phone (PID), the doctors (PV1) and the next of kin (NK1)
    are found by their field's position. Codes stay (an id's type "MR", a name's prefix "DR"), and so
    does a segment of results (OBX), whose text is the report's."""
    text = (
        "PID|1||12345^^^HOSP^MR||SMITH^JOHN^A||19600101|M|||12 ELM ST^^LEEDS^^LS1 1AA||0113 496 0000|\r"
        "PV1|1|O|RAD^^^HOSP||||1234^JONES^MARY^^^DR|5678^BROWN^ALAN|\n"
        "NK1|1|SMITH^JANE|SPO|4 ASH RD^^YORK|0113 496 0001\n"
        "OBX|1|TX|RAD^Report||Right lower lobe consolidation.||||||F"
    )
    redactor = Redactor()
    redacted = redactor.redact(text)
    for secret in ("12345", "SMITH", "JOHN", "1960", "ELM", "LEEDS", "1AA", "496", "1234", "JONES", "MARY", "BROWN", "ALAN", "JANE", "ASH", "YORK"):
        assert secret not in redacted, secret
    assert redacted.startswith("PID|1||[ID_1]^^^HOSP^MR||[NAME_1]^[NAME_2]^A||[DOB_1]|M|||")
    assert "^^^DR|" in redacted and redacted.endswith("OBX|1|TX|RAD^Report||Right lower lobe consolidation.||||||F")
    assert redactor.restore(redacted) == text
    # Once found by position, the name is hidden in the report's prose too.
    assert redactor.redact("Discussed with Mr Smith.") == "Discussed with Mr [NAME_1b]."


@pytest.mark.parametrize(
    "text, redacted",
    [
        # A DICOM person name: the given name after the caret was sent.
        ("Patient: SMITH^JOHN", "Patient: [NAME_1]"),
        ("Referring: Jones^Mary^^Dr", "Referring: [NAME_1]^^Dr"),
        # The patient's home, with no colon after "Home address" only before its number.
        ("Patient home: 12 Elm Street, Leeds", "Patient home: [ADDRESS_1]"),
        ("Home address 12 Elm Street, Leeds", "Home address [ADDRESS_1]"),
        ("Home address unknown", "Home address unknown"),
        # The family doctor and the practice, and the doctors a copy goes to.
        ("GP: A Khan, Elm Tree Surgery", "GP: [NAME_1]"),
        ("GP practice: Elm Tree Surgery, Leeds", "GP practice: [ADDRESS_1]"),
        ("Copy to: A Khan; B Patel", "Copy to: [NAME_1]"),
        ("CC: A Khan and B Patel\nGiven 10 cc: no reaction", "CC: [NAME_1]\nGiven 10 cc: no reaction"),
        # One name word after a name label glued to a word, where it ends its clause.
        ("Quillname: Zeb", "Quillname: [NAME_1]"),
        ("SMITHPATIENT: DOE.", "SMITHPATIENT: [NAME_1]."),
        ("Outpatient: Clinic.", "Outpatient: Clinic."),
        # A title in capitals with no period, before a word with a letter misread as a digit; not before a code.
        ("DR J0HN SMITH", "DR [NAME_1]"),
        ("MR SM1TH HAS A NODULE", "MR [NAME_1] HAS A NODULE"),
        ("MR T2WI SHOWS NO LESION. DR CHEST PA", "MR T2WI SHOWS NO LESION. DR CHEST PA"),
    ],
)
def test_labels_and_name_shapes_that_were_sent(text, redacted):
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        # A full name before a title: a listed surname and one or two more characters.
        ("张三医生说结节稳定", "[NAME_1]医生说结节稳定"),
        ("已告知李四主任", "已告知[NAME_1]主任"),
        ("，王小明护士执行", "，[NAME_1]护士执行"),
        ("王小明先生来电", "[NAME_1]先生来电"),
        # A surname and a title stay apart, and words of seniority are no name.
        ("张主任医师", "[NAME_1]主任医师"),
        ("由高年资医师复核，请上级医生会诊，白班医生，任何医生", "由高年资医师复核，请上级医生会诊，白班医生，任何医生"),
    ],
)
def test_chinese_full_name_before_a_title(text, redacted):
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("报告医生：赵六:MRN:12345678", "报告医生：[NAME_1]:MRN:[ID_1]"),
        ("审核医师：阮小二:住址：北京市海淀区", "审核医师：[NAME_1]:住址：[ADDRESS_1]"),
        ("主任医师：王五:Dr. Ann Lee", "主任医师：[NAME_2]:Dr. [NAME_1]"),
        # What a doctor says stays, and so does Han text before a bare colon after 患者, a label there.
        ("报告医生：同意:MRN:12345678", "报告医生：同意:MRN:[ID_1]"),
        ("患者陈述:胸痛", "患者陈述:胸痛"),
    ],
)
def test_a_bare_colon_between_glued_fields_ends_a_chinese_name(text, redacted):
    """Fields glued by a bare ASCII colon put it right after the name of a Chinese sign-off label, where a
    name needed a punctuation mark, a space or the next label after it: "赵六" was sent."""
    assert Redactor().redact(text) == redacted


def test_hl7_insurance_guarantor_order_and_merge_segments_are_hidden_by_position():
    """Segments besides PID, PV1 and NK1 carry people too, and every identifier they held was sent: the
    insured (IN1) and the guarantor (GT1) with their ids, birth dates, addresses and phones, the doctors
    of an order (ORC, OBR) and a merged record's prior ids and name (MRG). The examination an order
    names (OBR-4) and the insurer's own name stay."""
    segments = [
        ("IN1", {1: "1", 2: "PLAN7^Gold", 4: "ACME INSURANCE", 10: "EMP3344", 16: "QUILL^ZEBULON", 17: "SEL", 18: "19520314",
                 19: "7 BIRCH AVE^^HULL", 36: "POL4455667", 49: "INSD889911"}),
        ("GT1", {1: "1", 2: "GUA778899", 3: "PEMBERTON^ODDLY", 5: "9 CEDAR CT^^BATH", 6: "0117 496 0002", 7: "0117 496 0003",
                 8: "19490101", 12: "221-33-4444"}),
        ("ORC", {1: "NW", 2: "ORD100", 10: "7001^KEELING^MARGO", 12: "7002^VORPAL^BEDE", 14: "0113 496 0004"}),
        ("OBR", {1: "1", 2: "ORD100", 4: "71046^CHEST XRAY 2 VIEWS", 16: "7003^FANSHAWE^TILDA", 17: "0113 496 0005",
                 28: "7004^MARCHBANKS^ROWENA", 32: "7005&TREGARTHEN&CASPIAN"}),
        ("MRG", {1: "OLD5566^^^HOSP^MR", 3: "ACCT2233", 7: "OLDNAME^FORMER"}),
    ]
    text = "\r".join("|".join([name] + [fields.get(n, "") for n in range(1, max(fields) + 1)]) for name, fields in segments)
    redactor = Redactor()
    redacted = redactor.redact(text)
    secrets = ("3344", "QUILL", "ZEBULON", "1952", "BIRCH", "HULL", "4455667", "889911", "778899", "PEMBERTON", "ODDLY", "CEDAR", "BATH",
               "0002", "0003", "1949", "221-33", "7001", "KEELING", "MARGO", "VORPAL", "BEDE", "0004", "FANSHAWE", "TILDA", "0005",
               "MARCHBANKS", "ROWENA", "TREGARTHEN", "CASPIAN", "5566", "2233", "OLDNAME", "FORMER")
    assert [secret for secret in secrets if secret in redacted] == []
    assert "ACME INSURANCE" in redacted and "71046^CHEST XRAY 2 VIEWS" in redacted and "^^^HOSP^MR|" in redacted
    assert redactor.restore(redacted) == text


@pytest.mark.parametrize(
    "text, kept",
    [
        ("患者神清，男，45岁。", "神清"),
        ("患者神志清楚，男。", "神志清楚"),
        ("患者一般情况可，男。", "一般情况可"),
        ("患者术后，男，45岁。", "术后"),
        ("患者自诉，女，45岁。", "自诉"),
    ],
)
def test_a_clinical_short_form_after_patient_before_the_sex_is_no_name(text, kept):
    """"神清", the short form of 神志清楚, is in neither the lexicon nor jieba's dictionary, so it was
    taken for a name of a surname not on the list and hidden wherever the case said it; it starts a
    longer word of that dictionary that is no name, as names rarely do. A real name there is still hidden."""
    redactor = Redactor()
    assert redactor.redact(text + f"复查{kept}。") == text + f"复查{kept}。"
    assert redactor.redact("患者阮小二，男，45岁。") == "患者[NAME_1]，男，45岁。"


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DISCUSSED WITH DR JOHN SMITH AT 14:00.", "DISCUSSED WITH DR [NAME_1] AT 14:00."),
        ("SPOKE TO DR PRIYA PATEL, WHO AGREED.", "SPOKE TO DR [NAME_1], WHO AGREED."),
        ("FINDINGS INFORMED MS JANE DOE TODAY.", "FINDINGS INFORMED MS [NAME_1] TODAY."),
        # Examinations after the same words elsewhere, or report words after them, stay.
        ("RECOMMENDED MR BRAIN. COMPARED WITH DR STITCHED FILM.", "RECOMMENDED MR BRAIN. COMPARED WITH DR STITCHED FILM."),
        ("DISCUSSED WITH DR CHEST TEAM.", "DISCUSSED WITH DR CHEST TEAM."),
        # Alone, a bare DR cannot be told from digital radiography by the words after it.
        ("DR JOHN SMITH. DR EXPOSURE INDEX 300.", "DR JOHN SMITH. DR EXPOSURE INDEX 300."),
    ],
)
def test_a_bare_title_in_capitals_after_words_that_put_a_person_next(text, redacted):
    """"DISCUSSED WITH DR JOHN SMITH" sent the name: a bare DR, MR or MS is also an examination ("DR
    CHEST"), but no examination is discussed with, spoken to or informed."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Findings discussed with DR John Smith today.", "Findings discussed with DR [NAME_1] today."),
        ("Discussed With DR JOHN SMITH at 14:00.", "Discussed With DR [NAME_1] at 14:00."),
        ("Result informed MR John Smith by phone.", "Result informed MR [NAME_1] by phone."),
        # The same words before an examination or report words still stay.
        ("Compared with DR Chest Film. discussed with DR Chest Team.", "Compared with DR Chest Film. discussed with DR Chest Team."),
    ],
)
def test_a_bare_title_after_words_that_put_a_person_next_in_any_case(text, redacted):
    """Those words were read in capitals only, so "discussed with DR John Smith" sent the name a report in
    capitals hides; a report in mixed case writes them in lower case."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("报告医生：赵六：MRN：12345678", "报告医生：[NAME_1]：MRN：[ID_1]"),
        ("审核医生：钱七：", "审核医生：[NAME_1]："),
        ("审核医师：阮小二：住址：北京市海淀区", "审核医师：[NAME_1]：住址：[ADDRESS_1]"),
        # What a doctor says before one stays.
        ("报告医生：同意：MRN：12345678", "报告医生：同意：MRN：[ID_1]"),
    ],
)
def test_a_full_width_colon_between_glued_fields_ends_a_chinese_name(text, redacted):
    """A bare ASCII colon after a sign-off name ended it, a full-width one did not: "赵六" and "钱七" were
    sent (the colon-separated header fuzz with "：" sent 69 of 4000)."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize("kept", ["神萎", "纳可", "眠差", "寐安", "纳眠可", "二便调"])
def test_a_general_condition_short_form_after_patient_before_the_sex_is_no_name(kept):
    """The short forms of a note's general-condition line ("神萎", 精神萎靡; "纳可", appetite fair) are in
    neither the lexicon nor jieba's dictionary, nor start a longer word of it as "神清" does, so they were
    taken for a name of a surname not on the list and hidden wherever the case said them."""
    text = f"患者{kept}，男，67岁。复查{kept}。"
    assert Redactor().redact(text) == text


@pytest.mark.parametrize(
    "name", ["牛国庆", "马建国", "张三", "王小明", "李红", "聂海波", "安然", "江河", "向阳", "文静", "平静", "文华", "安宁", "都兰庆"]
)
@pytest.mark.parametrize("before, after", [("患者", "，男，45岁"), ("姓名：", " 性别：男"), ("报告医生：", "。")])
def test_a_name_whose_given_name_is_a_word_is_hidden(before, after, name):
    """"牛国庆" after 患者 before the sex was sent: 牛 (ox) is no surname to jieba, so 国庆 (National Day) made
    the name prose. After a surname of the Hundred Family Surnames only a word the text starts with does, and
    only one that reads as prose there: "患者文静，女" sent 文静 ("quiet"), a surname and a character jieba tags
    as a given name's, and "患者都兰庆，女" and "患者文华，男" sent proper nouns, a county and a name."""
    redactor = Redactor()
    assert redactor.redact(before + name + after) == before + "[NAME_1]" + after
    assert redactor.redact(f"复查{name}。") == "复查[NAME_1]。"


@pytest.mark.parametrize("name", ["曾国庆", "于小红", "都福桂", "那英", "尚娟", "常刚", "和静", "时晨阳", "越德婷"])
@pytest.mark.parametrize("before, after", [("患者", "，男，45岁"), ("病人", " 女 30岁"), ("患儿", "，年龄5岁")])
def test_a_name_whose_surname_is_a_function_word_is_hidden_before_sex_or_age(before, after, name):
    """曾, 于, 都, 那, 尚, 常 and 和 are surnames of the Hundred Family Surnames that jieba tags as function words
    ("once", "on", "all", "that", ...): the whole text was read as prose and "患者曾国庆，男，45岁" sent the name.
    It is prose only where the next character links a phrase, as a given name's rarely does."""
    redactor = Redactor()
    assert redactor.redact(before + name + after) == before + "[NAME_1]" + after
    assert redactor.redact(f"复查{name}。") == "复查[NAME_1]。"


@pytest.mark.parametrize(
    "text",
    [
        "患者曾于45岁时行阑尾切除术。", "患者曾在45岁时行胆囊切除术。", "患者于其女儿陪同下就诊。", "患者于今日，男，45岁。", "患者都为男性。",
        "患者都是女性。", "患者都有女儿陪同。", "患者那时45岁。", "患者和其女儿同住。", "患者从其女儿处得知结果。", "患者须由女儿陪同。",
        "患者尚未45岁。", "患者常于女儿陪同下复查。",
    ],
)
def test_prose_that_starts_with_a_function_word_surname_before_sex_or_age_stays(text):
    """A function word that is also a surname, then a preposition, pronoun, conjunction, "是" or "有", or after a
    preposition a word of time, is prose even where a sex or an age follows."""
    assert Redactor().redact(text) == text


def test_names_of_function_word_surnames_are_hidden_and_prose_is_kept_on_a_sample():
    """The seeded sample of tests/zh_patient_sample.py: 33 of its 500 names were hidden, then 496, then 499. A name whose
    surname and given name start a place's name is hidden ("常东平", 常东 a place, was sent), and so is one that starts
    an adverb ending in a given name's character ("从小明", 从小 "since childhood", was sent); a clinical verb after an
    adverb is taken for a given name, as verbs are given names too ("曾振兴"): "患者曾吸烟，男" hides 曾吸烟."""
    sample = zh_patient_sample.names()
    sent = [name for text, name in sample if name in Redactor().redact(text)]
    hidden = {text for text in zh_patient_sample.PROSE if Redactor().redact(text) != text}
    assert sent == []
    assert hidden == {"患者曾吸烟，男，60岁。", "患者和家属，女，40岁。"}


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("审核医师：意见：同意", "审核医师：意见：同意"),
        ("技师：结论：未见异常", "技师：结论：未见异常"),
        ("报告医生：方法：平扫", "报告医生：方法：平扫"),
        ("审核医师：印象：右肺结节", "审核医师：印象：右肺结节"),
        # A heading without its colon, ending its line or before a mark.
        ("审核医师：意见\n同意。", "审核医师：意见\n同意。"),
        ("报告医生：结论\n未见异常。", "报告医生：结论\n未见异常。"),
        ("主任医师：提示。右肺结节", "主任医师：提示。右肺结节"),
        ("审核医师：意见", "审核医师：意见"),
        # A name before a colon still is one, and so is one that starts as a heading does (方法).
        ("审核医师：方明：MRN：12345678", "审核医师：[NAME_1]：MRN：[ID_1]"),
        ("技师：方明\n检查所见：未见异常。", "技师：[NAME_1]\n检查所见：未见异常。"),
    ],
)
def test_a_heading_after_an_empty_sign_off_is_no_name(text, redacted):
    """An empty sign-off before the next section's heading ("审核医师：意见：") hid the heading as a name, and
    with it every 意见 of the case; without the heading's colon ("审核医师：意见" ending its line) it still did."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize("text", ["姓名：阮小二", "姓名：仇十洲。", "姓　名：乜小北　住院号：123456", "患者姓名：訾东\n检查所见：双肺清晰。"])
def test_a_name_of_a_surname_not_on_the_list_after_a_name_label_is_hidden_with_nothing_after_it(text):
    """A name label says a name follows: no sex or age need follow it, whatever the surname."""
    redactor = Redactor()
    redacted = redactor.redact(text)
    assert "[NAME_1]" in redacted and redactor.restore(redacted) == text
    assert not re.search(r"阮|仇|乜|訾", redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("姓名：阮小二右肺上叶见结节。", "姓名：[NAME_1]右肺上叶见结节。"),
        ("姓名：张三双肺纹理增多。", "姓名：[NAME_1]双肺纹理增多。"),
        ("患者：王五右肺结节", "患者：[NAME_1]右肺结节"),
        ("申请医生：王小明左肾囊肿", "申请医生：[NAME_1]左肾囊肿"),
        ("姓名：阮小二肝内见低密度影", "姓名：[NAME_1]肝内见低密度影"),
        ("姓名：欧阳娜娜右肺上叶", "姓名：[NAME_1]右肺上叶"),
        # With nothing glued after it, or no organ, the name is whole.
        ("姓名：欧阳娜娜", "姓名：[NAME_1]"),
        ("姓名：李文心\n检查所见：心影不大。", "姓名：[NAME_1]\n检查所见：心影不大。"),
    ],
)
def test_a_chinese_name_glued_to_the_findings_hides_the_name_only(text, redacted):
    """"姓名：阮小二右肺上叶..." hid "阮小二右肺": a name label's value ran over the findings a form glued to it. A name
    ends where an organ, or a side and an organ, starts after its second character; the findings stay readable,
    and restoring gives back the text."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DR JOHN SMITH, CONSULTANT RADIOLOGIST", "DR [NAME_1], CONSULTANT RADIOLOGIST"),
        ("IMPRESSION: STABLE.\nDR JOHN SMITH MBBS FRCR", "IMPRESSION: STABLE.\nDR [NAME_1] MBBS FRCR"),
        ("DR JOHN SMITH\nCONSULTANT RADIOLOGIST", "DR [NAME_1]\nCONSULTANT RADIOLOGIST"),
        ("MR A KHAN (REGISTRAR)", "MR [NAME_1] (REGISTRAR)"),
        # A role before its colon is the next field's label, RT also radiotherapy, and an examination alone stays.
        ("DR CHEST\nRADIOLOGIST: JOHN SMITH", "DR CHEST\nRADIOLOGIST: [NAME_1]"),
        ("MR PELVIS RT PLANNING", "MR PELVIS RT PLANNING"),
        ("DR STITCHED FILM. DR EXPOSURE INDEX 300.", "DR STITCHED FILM. DR EXPOSURE INDEX 300."),
        # With a title in mixed case, or after a sign-off label, a name in capitals needs no role.
        ("Dr JOHN SMITH", "Dr [NAME_1]"),
        ("REPORTED BY: JOHN SMITH", "REPORTED BY: [NAME_1]"),
    ],
)
def test_a_bare_title_in_capitals_before_a_signed_name(text, redacted):
    """"DR JOHN SMITH, CONSULTANT RADIOLOGIST" sent the name: a bare DR, MR or MS is also an examination ("DR CHEST"),
    but no examination is followed by a role or a degree, as a sign-off's name is."""
    assert Redactor().redact(text) == redacted


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Dr JOHN SMITH ST3", "Dr [NAME_1] ST3"),
        ("DR JOHN SMITH, FY1", "DR [NAME_1], FY1"),
        ("Dr John Smith, SpR", "Dr [NAME_1], SpR"),
        ("Reported by: Dr John Smith, SPECIALIST", "Reported by: Dr [NAME_1], SPECIALIST"),
        ("REPORTED BY: JOHN SMITH, SPECIALIST REGISTRAR", "REPORTED BY: [NAME_1], SPECIALIST REGISTRAR"),
    ],
)
def test_a_grade_or_a_specialist_after_a_name_stays(text, redacted):
    """A trainee's grade ("ST3") was read as a name word, "Dr JOHN SMITH ST3" hid "JOHN SMITH ST" and sent the "3";
    "SPECIALIST" after a comma was hidden with the name, as a family name after a comma is ("SMITH, JOHN")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("REPORTED BY - JOHN SMITH", "REPORTED BY - [NAME_1]"),
        ("Reported by – Dr John Smith", "Reported by – Dr [NAME_1]"),
        ("REPORTED BY:\nJOHN SMITH", "REPORTED BY:\n[NAME_1]"),
        ("Radiologist:\nDr. Jane Doe\nIMPRESSION: Stable.", "Radiologist:\nDr. [NAME_1]\nIMPRESSION: Stable."),
        ("报告医师：\n张三", "报告医师：\n[NAME_1]"),
        ("审核医师：\n阮小二\n", "审核医师：\n[NAME_1]\n"),
        # What starts the next line is no name when it is a heading, what a doctor says or the next label.
        ("REPORTED BY:\nIMPRESSION: STABLE.", "REPORTED BY:\nIMPRESSION: STABLE."),
        ("审核医师：\n意见：同意", "审核医师：\n意见：同意"),
        ("报告医师：\n右肺结节", "报告医师：\n右肺结节"),
    ],
)
def test_a_sign_off_name_after_a_dash_or_on_the_next_line_is_hidden(text, redacted):
    """"REPORTED BY - JOHN SMITH" (a dash, not a colon) and a name alone on the line after "REPORTED BY:" or "报告医师："
    were sent: a sign-off's verb took a name after spaces only, its label after a colon on the same line only."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("姓名：张三男45岁", "姓名：[NAME_1]男45岁"),
        ("姓名：张三 男 45岁", "姓名：[NAME_1] 男 45岁"),
        ("患者：张三女性45岁", "患者：[NAME_1]女性45岁"),
        ("姓名：欧阳娜娜女3月", "姓名：[NAME_1]女3月"),
        # A given name that ends in 男 or 女, with no age right after it, stays whole, and a name keeps two characters.
        ("姓名：王亚男 45岁", "姓名：[NAME_1] 45岁"),
        ("姓名：王亚男，45岁", "姓名：[NAME_1]，45岁"),
        ("姓名：李男 45岁", "姓名：[NAME_1] 45岁"),
    ],
)
def test_the_sex_and_age_glued_to_a_labelled_chinese_name_stay(text, redacted):
    """"姓名：张三男45岁" hid "张三男": the sex the form glued to the name went with it, and the sex is what the
    sex-mismatch check of a report needs."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text",
    ["PATIENT: ELDERLY MAN FOR REVIEW", "Patient: ELDERLY WOMAN, FALL.", "PATIENT: FRAIL ELDERLY MALE", "Patient: Elderly man for review"],
)
def test_a_description_after_a_patient_label_is_no_name(text):
    """"PATIENT: ELDERLY MAN FOR REVIEW" hid "ELDERLY MAN", which no list of report words held; a name there still
    is hidden, with a description word before it too."""
    assert Redactor().redact(text) == text
    assert Redactor().redact("PATIENT: ELDERLY JOHN QUILL") == "PATIENT: [NAME_1]"
    assert Redactor().redact("Patient: Mr. Young") == "Patient: Mr. [NAME_1]"


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DR JOHN SMITH, RADIOLOGY REGISTRAR", "DR [NAME_1], RADIOLOGY REGISTRAR"),
        ("Dr John Smith, Radiology Registrar", "Dr [NAME_1], Radiology Registrar"),
        ("Reported by: JOHN SMITH, EMERGENCY MEDICINE REGISTRAR", "Reported by: [NAME_1], EMERGENCY MEDICINE REGISTRAR"),
        # Without a comma, or after a family name written first, the word may be a name's, and is hidden.
        ("Dr John Ward Registrar", "Dr [NAME_1] Registrar"),
        ("Dr SMITH, WARD REGISTRAR", "Dr [NAME_1] REGISTRAR"),
    ],
)
def test_a_department_before_a_role_after_a_comma_is_no_name(text, redacted):
    """"DR JOHN SMITH, RADIOLOGY REGISTRAR" hid "JOHN SMITH, RADIOLOGY": a name runs on over a comma ("SMITH, JOHN"),
    and the role's department was read as the name's last word."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Dr WILL SMITH reported it.", "Dr [NAME_1] reported it."),
        ("Discussed with Mr. MAY LEE.", "Discussed with Mr. [NAME_1]."),
        # After a title in capitals, whose period may end a sentence, a report word still starts no name.
        ("PRIOR MR. NO CHANGE.", "PRIOR MR. NO CHANGE."),
    ],
)
def test_a_given_name_that_is_a_word_after_a_title_in_mixed_case_is_hidden(text, redacted):
    """"Dr WILL SMITH" was sent: a name in capitals after a title had to start with no report word, as "PRIOR MR. NO
    CHANGE" needs, though a title in mixed case ends no sentence. The word is not hidden elsewhere."""
    redactor = Redactor()
    assert redactor.redact(text) == redacted
    assert redactor.redact("Will review.") == "Will review."


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Dr LI NA", "Dr [NAME_1]"),
        ("DISCUSSED WITH DR. LI NA TODAY.", "DISCUSSED WITH DR. [NAME_1] TODAY."),
        ("Patient: Wu Yu, 45", "Patient: [NAME_1], 45"),
        ("REPORTED BY: LI NA", "REPORTED BY: [NAME_1]"),
        ("MR. WANG LI MING SAID IT", "MR. [NAME_1] SAID IT"),
        # One syllable alone is as often an abbreviation, and two-letter abbreviations that are none stay.
        ("Radiologist: NA", "Radiologist: NA"),
        ("Patient: AP PA", "Patient: AP PA"),
        ("PRIOR MR. NO CHANGE.", "PRIOR MR. NO CHANGE."),
    ],
)
def test_a_pinyin_name_of_short_syllables_is_hidden(text, redacted):
    """"Dr LI NA" was sent: words under three letters are report words, and a name needed one that is none."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DR JOHN SMITH", "DR [NAME_1]"),
        ("IMPRESSION: STABLE.\nMR JOHN SMITH.\n", "IMPRESSION: STABLE.\nMR [NAME_1].\n"),
        ("DR WANG FANG\nCONCLUSION: NORMAL.", "DR [NAME_1]\nCONCLUSION: NORMAL."),
        # An examination's line names its part or technique, and a bare title in a sentence is still read as one.
        ("MR DIFFUSION WEIGHTED\nDR STITCHED FILM\nMR PROSTATE MULTIPARAMETRIC", "MR DIFFUSION WEIGHTED\nDR STITCHED FILM\nMR PROSTATE MULTIPARAMETRIC"),
        ("MR ANKLE FOOT\nMR KNEE LEFT\nMR BRAIN", "MR ANKLE FOOT\nMR KNEE LEFT\nMR BRAIN"),
        ("DR EXPOSURE INDEX 300.", "DR EXPOSURE INDEX 300."),
    ],
)
def test_a_bare_title_in_capitals_alone_on_its_line_with_a_name_is_hidden(text, redacted):
    """"DR JOHN SMITH" and "MR JOHN SMITH" alone in capitals were sent, as a bare DR or MR is also an examination ("DR
    CHEST", "MR BRAIN"); on a line of its own with name words only, it is a sign-off's or an addressee's."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("name", ["平安", "明亮", "从小明", "安康"])
def test_a_name_whose_surname_and_given_name_read_as_a_word_is_hidden(name):
    """"患者平安，男" and "患者明亮，女" (平安 "safe", 明亮 "bright") and "患者从小明，男" (从小 "since childhood") were sent: a
    surname and a character jieba did not tag as a given name's read as prose, though given names commonly hold it.
    The words a note puts there about the patient stay."""
    redactor = Redactor()
    assert redactor.redact(f"患者{name}，男，45岁。") == "患者[NAME_1]，男，45岁。"
    assert redactor.redact(f"复查{name}。") == "复查[NAME_1]。"
    for kept in ("患者高龄，女，80岁。", "患者高热，男，45岁。", "患者尚可，男，70岁。", "患者平稳，男，60岁。", "患者高大，男。"):
        assert Redactor().redact(kept) == kept


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DISCUSSED WITH DR. JOHN STONE WHO AGREED.", "DISCUSSED WITH DR. [NAME_1] WHO AGREED."),
        ("DR. JOHN STONE REVIEWED THE FILMS.", "DR. [NAME_1] REVIEWED THE FILMS."),
        ("MR. JOHN STONE HAS A NODULE.", "MR. [NAME_1] HAS A NODULE."),
        # A report word before more words of the sentence, or before a comma, still ends the name.
        ("MRS. SMITH RIGHT LOWER LOBE NODULE.", "MRS. [NAME_1] RIGHT LOWER LOBE NODULE."),
        ("DR. A. JONES REVIEWED, AGREED AND CALLED.", "DR. [NAME_1] REVIEWED, AGREED AND CALLED."),
    ],
)
def test_a_surname_in_capitals_that_is_a_report_word_is_hidden_before_a_word_that_ends_a_name(text, redacted):
    """"DR. JOHN STONE WHO AGREED" sent "STONE": a report word in a name in capitals was its last word only at the
    name's end, while a function word or a reporting verb after it ends the name whatever it is."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Seen by DR John Smith today.", "Seen by DR [NAME_1] today."),
        ("DR John Smith, Consultant Radiologist", "DR [NAME_1], Consultant Radiologist"),
        ("Copy to MS Jane Doe Kerr.", "Copy to MS [NAME_1]."),
        # An examination after a modality in capitals names a part, a technique or a view.
        ("MR Brain with contrast. DR Chest PA. MR Ankle Foot. MR Diffusion Weighted.",) * 2,
    ],
)
def test_a_bare_title_in_capitals_before_a_name_in_mixed_case_is_hidden(text, redacted):
    """"DR John Smith" mid-sentence was sent: a bare DR, MR or MS is also a modality ("MR Brain"), but before two
    words in mixed case that are all name words and no part of the body it is a title."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Mr. Li was seen today.", "Mr. [NAME_1] was seen today."),
        ("Dr. Ma reviewed the case.", "Dr. [NAME_1] reviewed the case."),
        # Hidden where the title says it is a name, and only there: the same two letters elsewhere are words.
        ("Ms. He attended. He agreed. LI-RADS 4 in Mr. Li.", "Ms. [NAME_1] attended. He agreed. LI-RADS 4 in Mr. [NAME_2]."),
        # Not after a title in capitals, whose full stop may end a sentence, nor after a label.
        ("COMPARED WITH PRIOR MR. NA. Radiologist: NA", "COMPARED WITH PRIOR MR. NA. Radiologist: NA"),
    ],
)
def test_a_one_syllable_pinyin_surname_after_a_written_title_is_hidden(text, redacted):
    """"Mr. Li" was sent: a word of two letters is a report word, and one pinyin syllable alone as often an
    abbreviation; after a title written in mixed case with its full stop only a person follows."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Results conveyed to SMITH PA at 14:00.", "Results conveyed to [NAME_1] PA at 14:00."),
        ("DISCUSSED WITH JOHN SMITH MD.", "DISCUSSED WITH [NAME_1] MD."),
        ("Called Jane Doe, NP, who agreed.", "Called [NAME_1], NP, who agreed."),
        # A radiograph's projection after its part or position, and degrees one after another, stay.
        ("CHEST PA AND LATERAL. XR HAND PA. Upright PA view. The main PA is dilated.",) * 2,
        ("DR JOHN SMITH MBBS FRCR", "DR [NAME_1] MBBS FRCR"),
    ],
)
def test_a_name_before_the_letters_of_a_role_is_hidden(text, redacted):
    """"SMITH PA" was sent: a surname before a role's or a degree's letters, with no title or label before it."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("患者王亚男，男，45岁。", "患者[NAME_1]，男，45岁。"),
        ("患者王亚男男45岁。", "患者[NAME_1]男45岁。"),
        ("患者李女 女 30岁。", "患者[NAME_1] 女 30岁。"),
        # The sex right after a name that the sex does not follow again is the patient's.
        ("患者张三男，45岁。", "患者[NAME_1]男，45岁。"),
        ("姓名：王亚男45岁", "姓名：[NAME_1]男45岁"),
    ],
)
def test_a_chinese_name_ending_in_the_character_of_a_sex_before_the_sex_is_hidden_whole(text, redacted):
    """"患者王亚男，男，45岁" sent the 男 of the name 王亚男: after 患者 a name held no 男 or 女, as the sex follows the
    name there. When the sex follows it again, the name's last 男 or 女 is its own."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text", ["患者尚佳，男，45岁。", "患者平卧，男，45岁。", "患者俯卧，女，60岁。", "患者欠佳，女。"])
def test_the_general_condition_and_the_position_after_the_patient_are_no_names(text):
    """"患者尚佳，男" and "患者平卧，男" hid 尚佳 ("still good") and 平卧 ("lying flat") wherever the case said them:
    jieba's dictionary tags both as person names."""
    assert Redactor().redact(text) == text


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Name: John Smith Male 45", "Name: [NAME_1] Male 45"),
        ("NAME: JOHN SMITH MALE 45Y", "NAME: [NAME_1] MALE 45Y"),
        ("Patient: Jane Doe Right knee pain.", "Patient: [NAME_1] Right knee pain."),
        ("Referred by: Dr Ann Lee Left hip.", "Referred by: Dr [NAME_1] Left hip."),
    ],
)
def test_a_name_ends_before_a_side_or_the_sex(text, redacted):
    """"Name: John Smith Male 45" hid "Male", and "Patient: Jane Doe Right knee pain" "Right", with the name: a name
    with no comma after it ran on over the capitalised words after it, and no name holds a side or the sex."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Results phoned to DR JOHN SMITH. He agreed.", "Results phoned to DR [NAME_1]. He agreed."),
        ("FINDINGS CONVEYED TO DR JOHN SMITH AT 14:00.", "FINDINGS CONVEYED TO DR [NAME_1] AT 14:00."),
        ("Typed by Jane Doe", "Typed by [NAME_1]"),
        ("打字：张三 录入：李四 抄送：王五", "打字：[NAME_1] 录入：[NAME_2] 抄送：[NAME_3]"),
        # An examination is recommended or compared with, not phoned to.
        ("RECOMMENDED MR BRAIN. COMPARED WITH DR CHEST.",) * 2,
    ],
)
def test_results_phoned_to_a_doctor_and_the_typist_are_hidden(text, redacted):
    """"Results phoned to DR JOHN SMITH" and the typist's and copy's labels ("Typed by", "打字：", "录入：", "抄送：")
    sent the names."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("(0010,0010) PN [SMITH^JOHN]   #  10, 1 PatientName", "(0010,0010) PN [[NAME_1]]   #  10, 1 PatientName"),
        ("(0010, 0010) Patient's Name        PN: 'SMITH^JOHN'", "(0010, 0010) Patient's Name        PN: '[NAME_1]'"),
        ("(0008,0090) PN [JONES^PETER]\n(0010,0020) LO [ABC12345]", "(0008,0090) PN [[NAME_1]]\n(0010,0020) LO [[ID_1]]"),
        ("(0010,0030) DA [19560403]\n(0010,2154) SH [555-123-4567]", "(0010,0030) DA [[DOB_1]]\n(0010,2154) SH [[PHONE_1]]"),
        ("Patient's Birth Date: 19560403", "Patient's Birth Date: [DOB_1]"),
        # The elements a report needs stay: modality, sex, age, slice thickness, and an element with no value.
        ("(0008,0060) CS [CT]\n(0010,0040) CS [M]\n(0010,1010) AS [045Y]\n(0018,0050) DS [5.0]\n(0010,0010) PN (no value available)",) * 2,
    ],
)
def test_the_identifying_elements_of_a_dumped_dicom_header_are_hidden(text, redacted):
    """A DICOM header dumped into a report ("(0010,0010) PN [SMITH^JOHN]") was sent whole: its elements are named by
    tag, and a date of birth written as DICOM writes one (19560403) had no date's shape."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("MRN# 12 34 56 78  Hosp No. RX1 234 567", "MRN# [ID_1]  Hosp No. [ID_2]"),
        ("Accession No.: 2024.03.12.001. CT chest.", "Accession No.: [ID_1]. CT chest."),
        ("UR No: 1234567, URN: 7654321", "UR No: [ID_1], URN: [ID_2]"),
        ("住院号：0012345 床号：12床 床位号：08", "住院号：[ID_1] 床号：[ID_2]床 床位号：[ID_3]"),
        ("Ward 7 Bed no: 12. Density 12 HU.", "Ward 7 Bed no: [ID_1]. Density 12 HU."),
        # A number after an id is no group of it, and a findings heading is no bed's label.
        ("MRN: 1234567 45 yo. THYROID BED: 9 MM NODULE. The tumour bed 12 mm.", "MRN: [ID_1] 45 yo. THYROID BED: 9 MM NODULE. The tumour bed 12 mm."),
    ],
)
def test_record_numbers_in_groups_dots_and_short_bed_numbers_are_hidden(text, redacted):
    """"MRN# 12 34 56 78" and "Accession No.: 2024.03.12.001" sent all but their first group, "UR No:"/"URN:" (a unit
    record number) was no label, and a bed's number ("床号：12") was too short for an id."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DOB: 03-Mar-1956. D.O.B. 3-MAR-56", "DOB: [DOB_1]. D.O.B. [DOB_2]"),
        ("Born on the third of March 1956.", "Born on [DOB_1]."),
        ("Date of birth: twenty-first of May 1960", "Date of birth: [DOB_1]"),
        ("DOB: March 1956", "DOB: [DOB_1]"),
        ("出生日期：1956年3月 出生日期：一九五六年三月三日", "出生日期：[DOB_1] 出生日期：[DOB_2]"),
    ],
)
def test_a_date_of_birth_with_a_month_in_words_or_without_its_day_is_hidden(text, redacted):
    """Dates of birth written "03-Mar-1956", "3-MAR-56", "the third of March 1956", "March 1956", "1956年3月" and in Han
    numerals were sent after their labels."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Please call ext. 4521 or x4522 with questions.", "Please call ext. [PHONE_1] or x[PHONE_2] with questions."),
        ("Bleep 1234 if concerned. Density 1234 HU.", "Bleep [PHONE_1] if concerned. Density 1234 HU."),
        ("Phone 020 7946 0958 ext 123", "Phone [PHONE_1] ext [PHONE_2]"),
        ("如有疑问请致电分机：8021。", "如有疑问请致电分机：[PHONE_1]。"),
        # Measurements stay.
        ("Lesion 3 x 4 cm, 2x3x4 cm; 100 x1000.",) * 2,
    ],
)
def test_a_telephone_extension_bleep_or_pager_number_is_hidden(text, redacted):
    """"ext. 4521", "x4521", "bleep 1234" and "分机：8021" were sent: too short for a phone number, they name the staff
    member who answers them. Short, they are not hidden elsewhere in the case ("1234 HU")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Findings discussed with John Smith at 14:00.", "Findings discussed with [NAME_1] at 14:00."),
        ("Results given to Mary Ann Lee by telephone.", "Results given to [NAME_1] by telephone."),
        ("Discussed with Jane Doe Monday, who agreed.", "Discussed with [NAME_1] Monday, who agreed."),
        # A service, a role or a relative is told, not a person named; and one capitalised word may be an eponym.
        ("Discussed with Stroke Team. Discussed with Charge Nurse. Informed the Patient's Family.",) * 2,
        ("Consideration given to Crohn disease. Verified by Doppler Ultrasound. Reported by Pathology as benign.",) * 2,
    ],
)
def test_a_full_name_after_words_that_put_a_person_next_is_hidden(text, redacted):
    """"discussed with John Smith at 14:00" and "Results given to Mary Ann Lee" were sent: a name with no title, label
    or role was found nowhere, though the words before it say a person follows."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Report reviewed by DR JOHN STONE.", "Report reviewed by DR [NAME_1]."),
        ("Seen by DR Patel today. DR Patel agreed.", "Seen by DR [NAME_1] today. DR [NAME_1] agreed."),
        ("Findings phoned to MR. LI at 15:30.", "Findings phoned to MR. [NAME_1] at 15:30."),
        ("DISCUSSED WITH DR. MA.", "DISCUSSED WITH DR. [NAME_1]."),
        # A bare DR before a part of the body is an examination; MR before one word may be a technique; a capitals
        # title's full stop may end a sentence.
        ("DR Chest. DR Skull. DR Babygram. MR Venography. COMPARED WITH PRIOR MR. NA. PRIOR MR. HE IS WELL.",) * 2,
    ],
)
def test_a_bare_or_capitals_title_before_a_name_that_was_sent(text, redacted):
    """"Report reviewed by DR JOHN STONE." (a sign-off's verb mid-sentence), "DR Patel" (one word after a bare DR) and
    "MR. LI" (one pinyin syllable after a title in capitals) were sent."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Reported by Dr. A. Jones. J.S.", "Reported by Dr. [NAME_2]. [NAME_1]"),
        ("JS/ab 12/03/2024", "[NAME_1] 12/03/2024"),
        ("Dictated by: Dr Jones JS/ab", "Dictated by: Dr [NAME_2] [NAME_1]"),
        # Abbreviations and doses stay.
        ("Follow-up U.S. Dose 10 mg/kg IV/po daily.\nGive 10 mg/kg IV/po.",) * 2,
    ],
)
def test_initials_that_sign_a_report_are_hidden(text, redacted):
    """Initials as a signature, "J.S." ending its line and a typist's code "JS/ab", were sent ("Dr Jones JS/ab" hid
    "Jones JS" and sent "/ab")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("与李明医生沟通。已转告王医生。", "与[NAME_1]医生沟通。已转告[NAME_2]医生。"),
        ("危急值已通报张伟医生，已电话联系李明医生。", "危急值已通报[NAME_1]医生，已电话联系[NAME_2]医生。"),
        ("已电话告知李明。已告知家属张伟，已通知临床医生王小明。", "已电话告知[NAME_1]。已告知家属[NAME_2]，已通知临床医生[NAME_3]。"),
        # Prose after the same verbs stays.
        ("已电话告知患者家属。已通知临床医生。告知程序。请留联系方式。由高年资医师复核。",) * 2,
    ],
)
def test_a_chinese_name_after_a_verb_of_passing_a_result_on_is_hidden(text, redacted):
    """"与李明医生沟通", "已转告王医生", "已电话告知李明" and "已告知家属张伟" were sent: a full name before a title only
    at a Han run's start or after 告知/通知, and no name without a title."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient: Jane Doe Chest pain for 3 days.", "Patient: [NAME_1] Chest pain for 3 days."),
        ("Name: Jane Doe Abdominal mass", "Name: [NAME_1] Abdominal mass"),
        # A surname that is a lexicon word stays the name's.
        ("Patient: Jane Stone presents with pain. Dr. John Stone reviewed it.", "Patient: [NAME_1] presents with pain. Dr. [NAME_2] reviewed it."),
        ("姓名：张三胸痛3天。", "姓名：[NAME_1]胸痛3天。"),
        ("姓名：欧阳明月咳嗽 患者：王五发热3天", "姓名：[NAME_1]咳嗽 患者：[NAME_2]发热3天"),
    ],
)
def test_the_complaint_run_on_after_a_name_stays(text, redacted):
    """"Patient: Jane Doe Chest pain" hid "Chest", and "姓名：张三胸痛" 胸痛, with the name: a form runs the complaint on
    after the name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Lives at 12 Elm Street, Leeds LS1 4AB. Nursing home.", "Lives at [ADDRESS_1]. Nursing home."),
        ("Home visit to 5 Oak Rd, Springfield, IL 62704 arranged.", "Home visit to [ADDRESS_1] arranged."),
        ("患者家住北京市海淀区中关村大街27号，因咳嗽就诊。", "患者家住[ADDRESS_1]，因咳嗽就诊。"),
        # A catheter's size and kind are no house and street.
        ("22 Fr Three Way Foley catheter in situ. 22 FR THREE WAY FOLEY CATHETER IN SITU.",) * 2,
        # Nor is a finding in capitalised words, a street's shape but the lexicon's words.
        ("4 Surgical Clips Close to the anastomosis. 2 Enlarged Nodes Way above the carina.",) * 2,
    ],
)
def test_an_address_with_no_label_is_hidden_by_its_shape(text, redacted):
    """"Lives at 12 Elm Street, Leeds LS1 4AB" and "家住北京市海淀区中关村大街27号" were sent: an address was found only
    after a label."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("FINDINGS DISCUSSED WITH JOHN SMITH AT 14:00.", "FINDINGS DISCUSSED WITH [NAME_1] AT 14:00."),
        ("RESULTS GIVEN TO MARY LEE BY TELEPHONE.", "RESULTS GIVEN TO [NAME_1] BY TELEPHONE."),
        ("CRITICAL RESULT DISCUSSED WITH ZHANG WEI AT 02:10.", "CRITICAL RESULT DISCUSSED WITH [NAME_1] AT 02:10."),
        ("Urgent findings phoned to Li Na at 15:30.", "Urgent findings phoned to [NAME_1] at 15:30."),
        # A service, a team, a role or a consent is told or informed of, not a person named.
        ("DISCUSSED WITH STROKE TEAM. DISCUSSED WITH CHILD PROTECTION TEAM. PHONED TO TRAUMA TEAM.",) * 2,
        ("DISCUSSED WITH ONCOLOGY AND ANAESTHESIA. DISCUSSED WITH VASCULAR SURGERY REGISTRAR.",) * 2,
        ("INFORMED CONSENT WAS OBTAINED. INFORMED CONSENT OBTAINED.",) * 2,
    ],
)
def test_a_name_in_capitals_after_words_of_telling_is_hidden(text, redacted):
    """"DISCUSSED WITH JOHN SMITH" and "RESULTS GIVEN TO MARY LEE" were sent: after words that put a person next only a
    name in mixed case was taken, and a pinyin name of two-letter syllables ("Li Na") had no name word."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Findings discussed with Smith at 14:00.", "Findings discussed with [NAME_1] at 14:00."),
        ("Results phoned to Jones today. Case discussed with Patel via telephone.",
         "Results phoned to [NAME_1] today. Case discussed with [NAME_2] via telephone."),
        ("DISCUSSED WITH SMITH AT 14:00.", "DISCUSSED WITH [NAME_1] AT 14:00."),
        ("Discussed with Okafor, who agreed.", "Discussed with [NAME_1], who agreed."),
        # A service or a role alone, and a disease after words that are no telling, stay.
        ("Discussed with Neurosurgery. Discussed with ENT at 14:00. Informed Registrar. Discussed with ICU.",) * 2,
        ("Consideration given to Crohn. Verified by Doppler. Discussed with Stroke at 14:00.",) * 2,
    ],
)
def test_a_surname_alone_after_words_of_telling_a_person_is_hidden(text, redacted):
    """"discussed with Smith at 14:00" was sent: a name after words that put a person next needed two words; one is a
    surname after words of telling a person, before its clause's end or a word that ends a name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DR. MA AGREED.", "DR. [NAME_1] AGREED."),
        ("DR. LI NA SAID.", "DR. [NAME_1] SAID."),
        ("IMPRESSION: STABLE.\nMR. LI.\n", "IMPRESSION: STABLE.\nMR. [NAME_1].\n"),
        ("MR. LI", "MR. [NAME_1]"),
        # After a given name the verb still is the surname; mid-line a capitals title's full stop may end a sentence.
        ("DR. PATEL AGREED. DR. ANNA SAID.", "DR. [NAME_1]. DR. [NAME_2]."),
        ("COMPARED WITH PRIOR MR. NA.\nPRIOR MR. HE IS WELL.",) * 2,
    ],
)
def test_a_one_syllable_surname_after_a_title_in_capitals_is_hidden(text, redacted):
    """"DR. MA AGREED." took "MA AGREED" for the name, which as a whole named no one, and sent both; "MR. LI." alone on its
    line, an addressee's or a sign-off's, was sent."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Consideration given to Budd Chiari syndrome.",) * 2,
        ("Consideration given to Dandy Walker malformation. Attention given to Morison pouch.",) * 2,
        ("Discussed with Dr. Murphy. Positive sonographic Murphy sign.", "Discussed with Dr. [NAME_1]. Positive sonographic Murphy sign."),
        ("Name: John Murphy\nMurphy's sign positive. Mr Murphy has pain.", "Name: [NAME_1]\nMurphy's sign positive. Mr [NAME_1b] has pain."),
        ("Dr. Jones reviewed. Jones fracture of the fifth metatarsal.", "Dr. [NAME_1] reviewed. Jones fracture of the fifth metatarsal."),
        ("Reported by: Dr Chilaiditi\nChilaiditi sign. Bosniak IIF cyst. Fleischner criteria apply.",
         "Reported by: Dr [NAME_1]\nChilaiditi sign. Bosniak IIF cyst. Fleischner criteria apply."),
    ],
)
def test_eponyms_survive(text, redacted):
    """"Consideration given to Budd Chiari syndrome" hid "Budd Chiari", and a surname found once hid the sign named after
    it wherever the case said it ("Positive [NAME_1] sign"): a capitalised word before the noun an eponym names is the
    sign's, not a person's."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("危急值已通知白班。已通知白班医生。",) * 2,
        ("Patient: Jane Doe Referred for CT chest.", "Patient: [NAME_1] Referred for CT chest."),
        ("PATIENT: JANE DOE ADMITTED WITH CHEST PAIN.", "PATIENT: [NAME_1] ADMITTED WITH CHEST PAIN."),
        # A name after a verb of passing a result on is still hidden.
        ("已通知白晓明。", "已通知[NAME_1]。"),
    ],
)
def test_a_shift_and_a_history_verb_are_no_name(text, redacted):
    """"已通知白班" hid 白班 (the day shift, 白 a surname) and "Patient: Jane Doe Referred for CT" hid "Referred" with the
    name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Registrar: A. Khan\nConsultant: Jane Doe", "Registrar: [NAME_1]\nConsultant: [NAME_2]"),
        ("Performed by: John Smith. Approved by: Mary Lee.", "Performed by: [NAME_1]. Approved by: [NAME_2]."),
        ("Transcriptionist: ab12  Typed by: kl", "Transcriptionist: [ID_1]  Typed by: [ID_2]"),
        ("Dictated by: JS  D: 03/12/2024", "Dictated by: [ID_1]  D: 03/12/2024"),
        ("Urgent queries: pager no. 4471 or pgr 4472.", "Urgent queries: pager no. [PHONE_1] or pgr [PHONE_2]."),
        # An e-mail ends before the full stop that ends its sentence.
        ("Rad ID 4471. Queries to radiology.reporting@nhs.net.", "Rad ID [ID_1]. Queries to [EMAIL_1]."),
        # Already hidden, kept so: a copy list.
        ("cc: Dr Smith, Dr Jones", "cc: Dr [NAME_1], Dr [NAME_2]"),
        # A typist's letters are not hidden elsewhere, a field left empty names no one, and prose stays.
        ("Typed by: ct\nCT chest.", "Typed by: [ID_1]\nCT chest."),
        ("Resident: Pending. Biopsy performed by Interventional Radiology.",) * 2,
    ],
)
def test_staff_roles_sign_off_verbs_and_typists_codes_are_hidden(text, redacted):
    """"Registrar:", "Consultant:", "Performed by:" and "Approved by:" named no staff label, a typist's or a
    transcriptionist's code ("kl", "ab12", "JS") and "pager no." were sent, and an e-mail took its sentence's full stop."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("报告医师 张三 审核医师 李四", "报告医师 [NAME_1] 审核医师 [NAME_2]"),
        ("报告医生：张三/李四", "报告医生：[NAME_1]/[NAME_2]"),
        ("审核医师：张三、阮小二", "审核医师：[NAME_1]、[NAME_2]"),
        ("王护士长已知晓。经李主治同意。", "[NAME_1]护士长已知晓。经[NAME_2]主治同意。"),
        ("已通知护士长王芳。已告知上级医师张三。", "已通知护士长[NAME_1]。已告知上级医师[NAME_2]。"),
        # What a doctor says, findings listed after a name, and a heading after an empty sign-off stay.
        ("主任医师高度怀疑肺癌。报告医生建议随访。技师建议复查。",) * 2,
        ("报告医生：张三、右肺结节", "报告医生：[NAME_1]、右肺结节"),
        ("报告医生 方法：平扫", "报告医生 方法：平扫"),
    ],
)
def test_chinese_staff_names_in_sign_offs_and_after_titles_are_hidden(text, redacted):
    """A sign-off label without its colon ("报告医师 张三"), the second of two names after one ("张三/李四", "张三、李四"),
    a surname before 护士长 or 主治 and a name after a verb of passing a result on and 护士长 or 上级医师 were sent."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("line", ["AP/lat views of the left knee.", "IV/po contrast given.", "History: SOB. ?P.E.",
                                  "No P.E. seen.", "Normal L.V. R.V. size."])
def test_clinical_abbreviations_opening_or_ending_a_line_are_no_initials(line):
    redactor = Redactor()
    redactor.learn(line, "")
    assert redactor.redact(line) == line


def test_a_grouped_id_ending_a_sentence_is_hidden_whole():
    redactor = Redactor()
    redactor.learn("MRN: 12 34 56 78.", "")
    assert redactor.redact("MRN: 12 34 56 78.") == "MRN: [ID_1]."


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Findings discussed with Smith and Jones at 14:00.", "Findings discussed with [NAME_1] and [NAME_2] at 14:00."),
        ("Discussed with Smith, Jones & Patel today.", "Discussed with [NAME_1], [NAME_2] & [NAME_3] today."),
        ("Results given to Mary Lee and John Smith by phone.", "Results given to [NAME_1] and [NAME_2] by phone."),
        ("DISCUSSED WITH SMITH AND JONES AT 14:00.", "DISCUSSED WITH [NAME_1] AND [NAME_2] AT 14:00."),
        # Services, an eponym after a name, and a list with no words of telling before it stay.
        ("Discussed with Oncology and ICU. Discussed with Smith and Jones fracture was excluded.",
         "Discussed with Oncology and ICU. Discussed with [NAME_1] and Jones fracture was excluded."),
        ("Liver, Spleen and Kidneys normal. Seen by Crohn and Smith.",) * 2,
        # A title before a name of the list, a role before the next, and the words of telling said again.
        ("Discussed with Dr. Smith and Jones at 14:00.", "Discussed with Dr. [NAME_1] and [NAME_2] at 14:00."),
        ("Discussed with Dr. Smith and Nurse Jones.", "Discussed with Dr. [NAME_1] and Nurse [NAME_2]."),
        ("Discussed with Smith and with Jones.", "Discussed with [NAME_1] and with [NAME_2]."),
        ("Discussed with Dr. Smith and with Oncology. Discussed with Dr. Smith and Jones fracture was excluded.",
         "Discussed with Dr. [NAME_1] and with Oncology. Discussed with Dr. [NAME_1] and Jones fracture was excluded."),
    ],
)
def test_every_name_listed_after_words_of_telling_is_hidden(text, redacted):
    """"discussed with Smith and Jones" hid "Smith" and sent "Jones": only the name right after the words was taken."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with Chest Physician Lee.", "Discussed with Chest Physician [NAME_1]."),
        ("Informed Charge Nurse Smith at 14:00.", "Informed Charge Nurse [NAME_1] at 14:00."),
        ("Results given to Consultant Radiologist Jones.", "Results given to Consultant Radiologist [NAME_1]."),
        # A role alone, and a name before its role, stay as they were.
        ("Discussed with Vascular Surgery Registrar. Discussed with Charge Nurse.",) * 2,
        ("Discussed with Jane Doe Nurse Practitioner.", "Discussed with [NAME_1] Nurse Practitioner."),
    ],
)
def test_a_name_after_its_holders_role_is_hidden(text, redacted):
    """"Discussed with Chest Physician Lee" was sent: a role of two words between the words of telling and the name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Reported by Radiologist #4471.", "Reported by Radiologist #[ID_1]."),
        ("Technologist no. 2714 performed the scan.", "Technologist no. [ID_1] performed the scan."),
        ("Radiologist No 4471 reported.", "Radiologist No [ID_1] reported."),
        ("技师工号4471。报告医师工号：4471", "技师工号[ID_1]。报告医师工号：[ID_1]"),
        # Numbers after no role stay.
        ("Lesion #4471 in segment no. 4. Radiologist review in 2 weeks. Series #305.",) * 2,
        # Nor is the negation "no" an abbreviation, nor an ordinal a number.
        ("Reviewed by second radiologist no 2nd read needed. Radiologist no 2 opinions differ.",) * 2,
    ],
)
def test_a_staff_number_after_a_role_is_hidden(text, redacted):
    """"Radiologist #4471" was sent: a number after a role names the member of staff, as one after 工号 does."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("IMPRESSION: STABLE. MR. LI. FOLLOW UP IN 3 MONTHS.", "IMPRESSION: STABLE. MR. [NAME_1]. FOLLOW UP IN 3 MONTHS."),
        ("MR. LI. HE AGREED.", "MR. [NAME_1]. HE AGREED."),
        # A title's full stop that ends its sentence's words stays.
        ("COMPARED WITH PRIOR MR. NA. NO CHANGE.",) * 2,
        # Nor after a sentence's end: "MR." is the modality too, and "NA" says its study is missing.
        ("SEE ALSO PRIOR. MR. NA. NO CHANGE.",) * 2,
        ("SEE ALSO PRIOR.\nMR. NA.\n",) * 2,
    ],
)
def test_a_one_syllable_name_alone_in_its_sentence_mid_line_is_hidden(text, redacted):
    """"MR. LI." was hidden alone on its line only; between two sentences of a line it was sent."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("护士长王芳已知晓。", "护士长[NAME_1]已知晓。"),
        ("经主任李明同意，值班医生王小明已告知家属。", "经主任[NAME_1]同意，值班医生[NAME_2]已告知家属。"),
        # Prose after a title stays.
        ("主任医师高度怀疑肺癌。据临床医生陈述，经主任同意。主任周一已阅。护士长安排复查。",) * 2,
    ],
)
def test_a_chinese_name_after_a_title_before_what_the_person_did_is_hidden(text, redacted):
    """"护士长王芳已知晓" was sent: a name after a title was found only after a verb of passing a result on."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Queries to j dot smith at hospital dot org please.", "Queries to [EMAIL_1] please."),
        ("Contact: jsmith [at] nhs [dot] net", "Contact: [EMAIL_1]"),
        ("E-MAIL J DOT SMITH AT NHS DOT UK", "E-MAIL [EMAIL_1]"),
        # A dot and "at" of prose stay.
        ("Calcific focus at T4, dot like. A dot at the apex. Focus at T4 dot like.",) * 2,
        # Nor is a word of two letters after "dot" a domain's ending unless it is one.
        ("Skin marker at nipple dot on the image.",) * 2,
        ("Calcified focus at T4 dot is stable.",) * 2,
        ("Queries to j dot smith at trust dot nhs dot uk.", "Queries to [EMAIL_1]."),
    ],
)
def test_an_e_mail_address_spelled_out_is_hidden(text, redacted):
    """"j dot smith at hospital dot org" was sent: an e-mail was found only with its "@"."""
    assert redacts_and_restores(text, redacted)


def test_the_words_joined_by_dot_before_a_spelled_out_address_are_bounded():
    """Each word of "x dot x dot ..." was scanned to the run's end for an "at" (0.9 s for 4,000 of them, quadratic):
    at most four words joined by "dot" are read on each side of "at", so the pattern's work per word is bounded (the
    time itself is `benchmarks/bench_redact.py`'s to measure)."""
    assert redacts_and_restores("Queries to aa dot bb dot cc dot dd dot ee dot ff at trust dot nhs dot uk.",
                                "Queries to aa dot [EMAIL_1].")


def test_a_long_list_of_names_is_read_once_for_its_last_word(monkeypatch):
    """Whether a name word is its value's last was read by stripping the separators from all of the value after it,
    once per word: "CC: Khan^Ann; Khan^Ann; ..." took 1.1 s at 20 kB and grew with the square (the time itself is
    `benchmarks/bench_redact.py`'s to measure). Counted here: the characters the module's `re.sub` reads."""
    class CountingRe:
        read = 0

        def __getattr__(self, name):
            return getattr(re, name)

        def sub(self, pattern, repl, string, *args, **kwargs):
            CountingRe.read += len(string)
            return re.sub(pattern, repl, string, *args, **kwargs)

    value = "Khan^Ann; " * 500
    monkeypatch.setattr(redact, "re", CountingRe())
    assert redact._before_a_side_sex_or_complaint(value, "CC: " + value, 4) == value
    assert CountingRe.read <= 2 * len(value)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient: Mary Ann Stone presents with cough.", "Patient: [NAME_1] presents with cough."),
        ("Patient: Mary Ann Stone reviewed today.", "Patient: [NAME_1] reviewed today."),
        # The complaint after a name stays.
        ("Patient: Mary Ann Lee Chest pain for 3 days.", "Patient: [NAME_1] Chest pain for 3 days."),
    ],
)
def test_a_lexicon_surname_after_a_given_name_of_two_words_is_hidden(text, redacted):
    """"Patient: Mary Ann Stone presents" hid "Mary Ann" and sent "Stone", read as a complaint's first word."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with Dr. Lee. Lee type 2 diabetic.", "Discussed with Dr. [NAME_1]. [NAME_1] type 2 diabetic."),
        ("Name: Zeb Quill\nQuill grade 3 on the scale used.", "Name: [NAME_1]\n[NAME_1b] grade 3 on the scale used."),
        # Before the noun only an eponym puts a name before, a name found elsewhere stays.
        ("Discussed with Dr. Murphy. Positive sonographic Murphy sign.", "Discussed with Dr. [NAME_1]. Positive sonographic Murphy sign."),
    ],
)
def test_a_name_found_elsewhere_is_hidden_before_a_grading_noun(text, redacted):
    """"Lee type 2" of a case that names Dr. Lee was sent: every eponym's noun kept a found name, a grading's too, which
    follows a person's name as readily."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("eponym", ["Pott disease", "Nissen repair", "Lewy body", "Bosniak type", "Killip class",
                                    "Riedel lobe", "Wirsung duct", "Monro foramina", "Murphy signs"])
def test_the_redactor_reads_every_eponym_the_spelling_check_reads_and_its_own(eponym):
    """The redactor and the spelling check listed the nouns an eponym names apart, and the redactor missed some of the
    spelling check's ("Nissen repair"): it reads the shared nouns (eponyms.py) and its own ("Riedel lobe"), which the
    spelling check does not, so that a slip before them is still found ("Uper lobes")."""
    from radqc.agents.report.checks import spelling

    name, noun = eponym.split()
    text = f"Consideration given to {eponym}."
    word = re.compile(name).search(text)
    assert bool(spelling._eponym(text, word)) == bool(re.fullmatch(f"{EPONYM_NOUNS}|{GRADING_NOUNS}", noun))
    assert redacts_and_restores(text, text)
    assert redacts_and_restores(f"Discussed with Dr. {name}. {eponym}.", f"Discussed with Dr. [NAME_1]. {eponym}.") == (
        not re.fullmatch(GRADING_NOUNS, noun))


@pytest.mark.parametrize("verb", ["告知", "通知", "转告", "告诉", "通报"])
def test_every_verb_of_passing_a_result_on_puts_a_name_next_before_a_title_or_none(verb):
    """The verbs before a name with no title and those before a surname and a title were two lists of the same words:
    one list now, read the same by both."""
    assert redacts_and_restores(f"已{verb}李明。已{verb}王医生。", f"已{verb}[NAME_2]。已{verb}[NAME_1]医生。")


def test_a_told_name_spaced_widely_restores_to_its_spacing():
    """"Discussed with Mary  Lee" (two spaces) hid "Mary  L" under the placeholder of "Mary Lee" and restored "Mary Leee":
    the name was put back together with one space."""
    assert redacts_and_restores("Discussed with Mary  Lee at 03:05.", "Discussed with [NAME_1] at 03:05.")


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Reported by Radiologist no. 2714B.", "Reported by Radiologist no. [ID_1]."),
        ("Radiologist #RAD4471 reported.", "Radiologist #[ID_1] reported."),
        # A short code of a letter and a digit stays, as it would be spread over codes the report writes.
        ("Technologist no. 4B. Segment 4B is clear.",) * 2,
    ],
)
def test_a_staff_number_with_letters_after_a_role_is_hidden(text, redacted):
    """"Radiologist no. 2714B" was sent: a staff number after a role was hidden only when it was digits alone."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("已告知张医生、李医生和王护士。", "已告知[NAME_1]医生、[NAME_2]医生和[NAME_3]护士。"),
        ("已告知张医生、李医生及王医生。", "已告知[NAME_1]医生、[NAME_2]医生及[NAME_3]医生。"),
        ("与王护士沟通。", "与[NAME_1]护士沟通。"),
        # A nurse by role, words with 及 in them and a surname before 先生 stay.
        ("由护士执行。以及高年资医师复核，及时告知护士长。值班护士已知晓。王先生来电。",) * 2,
    ],
)
def test_every_surname_of_a_chinese_list_of_staff_before_a_title_is_hidden(text, redacted):
    """"已告知张医生、李医生和王护士" sent 王: a surname alone was hidden before 护士长 but not 护士, and "及" joined no
    name on as "和" does."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("TOLD DR SMITH, JONES AND BROWN ABOUT THE FINDINGS.", "TOLD DR [NAME_1] AND [NAME_2] ABOUT THE FINDINGS."),
        # The title's name ends at "AND", so the list alone hides the names after it.
        ("TOLD DR SMITH AND JONES AND BROWN ABOUT IT.", "TOLD DR [NAME_1] AND [NAME_2] AND [NAME_3] ABOUT IT."),
        ("DISCUSSED WITH DR. PATEL AND JONES AT 14:00.", "DISCUSSED WITH DR. [NAME_1] AND [NAME_2] AT 14:00."),
        # A verb after the list's join is no name, after a title or none.
        ("SPOKE TO MR. JOHN REED, MET HIM.", "SPOKE TO MR. [NAME_1], MET HIM."),
        ("SPOKE TO JOHN REED AND MET HIM.", "SPOKE TO [NAME_1] AND MET HIM."),
        ("DISCUSSED WITH SMITH AND EXCLUDED IT.", "DISCUSSED WITH [NAME_1] AND EXCLUDED IT."),
    ],
)
def test_every_name_of_a_list_in_capitals_after_a_title_is_hidden(text, redacted):
    """"TOLD DR SMITH, JONES AND BROWN" sent "BROWN": a list went on after a title in mixed case only, as a verb in
    capitals after it would have been taken for a name ("SPOKE TO JOHN REED AND MET HIM" hid "MET")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Given to Ward Nurse Handover.",) * 2,
        ("Seen by Consultant Physician Teams.",) * 2,
        ("Discussed with Duty Radiologist Whilst on call.",) * 2,
        ("Will discuss with Oncology Next Week. Repeat CT in one week.",) * 2,
        ("Discuss with Urology Next Visit.",) * 2,
        ("Inform Coroner Office. The office was closed.",) * 2,
        # Surnames after a role or an official's word stay hidden, one that English has as a word too.
        ("Discussed with Duty Radiologist Patel.", "Discussed with Duty Radiologist [NAME_1]."),
        ("Discussed with Ward Nurse Baker.", "Discussed with Ward Nurse [NAME_1]."),
        ("Inform Coroner Young.", "Inform Coroner [NAME_1]."),
        ("Discussed with Duty Radiologist Day.", "Discussed with Duty Radiologist [NAME_1]."),
    ],
)
def test_an_everyday_word_after_a_staff_role_is_no_surname(text, redacted):
    """"Given to Ward Nurse Handover" hid "Handover": a conjunction, a service's plural and a shift's meeting were no
    report word, so any capitalised word after a role was taken for a surname; so were "Week", "Visit" and "Office"
    after "Next" and "Coroner", which title a name as a relative's word does."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with Jones while on call.", "Discussed with [NAME_1] while on call."),
        ("Results phoned to Nurse Smith during handover.", "Results phoned to Nurse [NAME_1] during handover."),
        ("Discussed with Smith and Jones during the MDT.", "Discussed with [NAME_1] and [NAME_2] during the MDT."),
        # a surname of such a word is still hidden where its position tells a name, after a label or a title
        ("Patient Name: Ann While. Mrs. While attended.", "Patient Name: [NAME_1]. Mrs. [NAME_1b] attended."),
    ],
)
def test_a_name_told_ends_before_a_conjunction(text, redacted):
    """"Discussed with Jones while on call" sent "Jones": a name read as running on into "while", which no list of
    function words held, was no one-word name."""
    assert redacts_and_restores(text, redacted)


def test_the_words_joining_a_list_of_the_people_told_are_no_name_words():
    """In capitals "SMITH AND SMITH AND ..." read each "AND" as a name word or a join, and the look-back for the words
    of telling tried every reading before it failed (5 ms a name for 14 names, seconds for a report of such lists): a
    join's word is no name word, so a list is read one way (the time is `benchmarks/bench_redact.py`'s to measure)."""
    from radqc.agents.llm.redact import _TOLD_BEFORE_IN_A_LIST, _TOLD_NAME

    assert re.match(_TOLD_NAME, "SMITH AND JONES WITH BROWN").group() == "SMITH"
    assert re.fullmatch(_TOLD_BEFORE_IN_A_LIST, "SMITH AND JONES AND ") and not re.fullmatch(_TOLD_BEFORE_IN_A_LIST, "SMITH AND JONES SAID ")
    assert redacts_and_restores(
        "DISCUSSED WITH SMITH AND JONES AND BROWN.", "DISCUSSED WITH [NAME_1] AND [NAME_2] AND [NAME_3].")


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient Name: Tom Huddle. HUDDLE, TOM. Dr Smith discussed with Mr Huddle.",
         "Patient Name: [NAME_1]. [NAME_1c], [NAME_1d]. Dr [NAME_2] discussed with Mr [NAME_1b]."),
        ("Patient Name: Ann While. Mrs. While attended.", "Patient Name: [NAME_1]. Mrs. [NAME_1b] attended."),
        ("Discussed with Dr. Huddle.", "Discussed with Dr. [NAME_1]."),
        # Clean guards: after a staff role those words are the sentence's.
        ("Given to Ward Nurse Huddle. Discussed with Duty Radiologist While on call.",) * 2,
    ],
)
def test_words_no_surname_after_a_role_are_names_elsewhere(text, redacted):
    """"Mr Huddle" and "Mrs. While" were sent: the words that are no surname after a staff role were report words
    everywhere, so a patient's name of them was never spread over the case nor found after a title."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Given to Ward Nurse Verbally.",) * 2,
        ("Discussed with Consultant Radiologist Overnight.",) * 2,
        ("Discussed with Duty Radiologist Regarding the nodule.",) * 2,
        ("Discussed with Consultant Radiologist Wards.",) * 2,
        # Surnames stay hidden, those in -ly and -s too.
        ("Discussed with Duty Radiologist Kelly.", "Discussed with Duty Radiologist [NAME_1]."),
        ("Given to Ward Nurse Connolly.", "Given to Ward Nurse [NAME_1]."),
        ("Given to Ward Nurse Burns.", "Given to Ward Nurse [NAME_1]."),
        ("Given to Ward Nurse Baker.", "Given to Ward Nurse [NAME_1]."),
    ],
)
def test_an_adverb_a_preposition_or_a_services_plural_after_a_role_is_no_surname(text, redacted):
    """"Given to Ward Nurse Verbally." hid "Verbally": an adverb, a preposition or a plural of a service's word after a
    role was taken for its holder's surname."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("TOLD JONES AND AHMED THE RESULT.", "TOLD [NAME_1] AND [NAME_2] THE RESULT."),
        ("TOLD SMITH AND REED THE RESULT.", "TOLD [NAME_1] AND [NAME_2] THE RESULT."),
        # Clean guard: a verb in -ED of an English word stays.
        ("TOLD SMITH AND EXCLUDED IT.", "TOLD [NAME_1] AND EXCLUDED IT."),
    ],
)
def test_a_surname_in_ed_in_a_list_in_capitals_is_hidden(text, redacted):
    """"TOLD JONES AND AHMED THE RESULT." sent "AHMED": any word in -ED before an article was taken for a verb."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("DISCUSSED WITH DR SMITH AND REFERRED TO SURGEONS. PATIENT REFERRED FOR CT.",
         "DISCUSSED WITH DR [NAME_1] AND REFERRED TO SURGEONS. PATIENT REFERRED FOR CT."),
        ("TOLD DR SMITH AND ARRANGED REPEAT CT.", "TOLD DR [NAME_1] AND ARRANGED REPEAT CT."),
        ("TOLD DR SMITH AND DOCUMENTED.", "TOLD DR [NAME_1] AND DOCUMENTED."),
        # Clean guard: a name after the join is hidden.
        ("TOLD DR SMITH AND BROWN.", "TOLD DR [NAME_1] AND [NAME_2]."),
    ],
)
def test_a_verb_after_a_list_in_capitals_is_no_name(text, redacted):
    """"DISCUSSED WITH DR SMITH AND REFERRED TO SURGEONS" hid "REFERRED", and with it every "REFERRED" of the case: a
    verb in -ED was taken for no name only before an article or a pronoun."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Radiologist #RAD-4471 reported.", "Radiologist #[ID_1] reported."),
        ("Radiologist #ABCD4471 reported.", "Radiologist #[ID_1] reported."),
        ("Radiologist #4471ABCD reported.", "Radiologist #[ID_1] reported."),
        ("技师工号：RAD-4471", "技师工号：[ID_1]"),
        ("报告医师工号：HZ12345。", "报告医师工号：[ID_1]。"),
        ("报告医师工号：HZ12345放射科。", "报告医师工号：[ID_1]放射科。"),
        # Clean guards: a measurement after a role's "no." is no staff number.
        ("CHEST PA no. 125kVp.",) * 2,
        ("CHEST PA no. 125 kVp.",) * 2,
        ("Technologist no. 123mm",) * 2,
    ],
)
def test_a_staff_number_with_a_hyphen_four_letters_or_han_text_next_is_hidden(text, redacted):
    """"Radiologist #RAD-4471", "#ABCD4471" and "工号：HZ12345" before Han text were sent (a hyphen, four letters, no word boundary
    before a Han character), while "CHEST PA no. 125kVp" hid the tube voltage as a staff number's code."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("已告知张三和李四。", "已告知[NAME_1]和[NAME_2]。"),
        ("电话告知李明及王芳。", "电话告知[NAME_1]及[NAME_2]。"),
        ("已告知张三、李四。", "已告知[NAME_1]、[NAME_2]。"),
        ("告知张三、李四和王五。", "告知[NAME_1]、[NAME_2]和[NAME_3]。"),
        ("已通知值班医生李明及护士王芳。", "已通知值班医生[NAME_1]及护士[NAME_2]。"),
        ("护士：王芳。", "护士：[NAME_1]。"),
        # Clean guards: roles joined to roles, and a nurse's label before what was done, stay.
        ("已告知患者及家属。已通知临床医生和护士长。",) * 2,
        ("护士：已知晓。",) * 2,
    ],
)
def test_every_name_of_a_chinese_list_of_the_people_told_is_hidden(text, redacted):
    """"已告知张三和李四。" sent both names, and "护士：王芳。" the nurse's: a name with no title was hidden after a
    verb of passing a result on only before a mark, and 护士 was no label."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient John Smith, MRN 12345678. Discussed with Mr Smith.", "Patient [NAME_1b], MRN [ID_1]. Discussed with Mr [NAME_1]."),
        ("Name: Smith. Patient Mary Ann Smith.", "Name: [NAME_1]. Patient [NAME_1b]."),
        ("Name: SMITH. PATIENT JOHN SMITH.", "Name: [NAME_1]. PATIENT [NAME_1b]."),
        # Clean guards: a title, a role, a verb that puts a person next and a conjunction stay before the name.
        ("Name: Smith. Mr Smith. Radiologist Smith. Contacted Smith. Paged Smith. Informed Smith. While Smith was on call.",
         "Name: [NAME_1]. Mr [NAME_1]. Radiologist [NAME_1]. Contacted [NAME_1]. Paged [NAME_1]. Informed [NAME_1]. "
         "While [NAME_1] was on call."),
    ],
)
def test_a_given_name_right_before_a_name_found_elsewhere_is_hidden_with_it(text, redacted):
    """"Patient John Smith, MRN ..." of a case that names Mr Smith sent "John" beside the surname's placeholder: only the
    spelling found was hidden, not the given name written right before it."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with Dr Brown While on call.", "Discussed with Dr [NAME_1] While on call."),
        ("Discussed with Dr Brown At 14:00.", "Discussed with Dr [NAME_1] At 14:00."),
        ("Reported by John Smith On the ward.", "Reported by [NAME_1] On the ward."),
        ("DISCUSSED WITH JOHN SMITH DURING THE ROUND.", "DISCUSSED WITH [NAME_1] DURING THE ROUND."),
        # Clean guards: after a title in capitals the word stayed already, and a function word that names are spelled
        # as too stays in a name in mixed case.
        ("DISCUSSED WITH DR BROWN DURING THE ROUND.", "DISCUSSED WITH DR [NAME_1] DURING THE ROUND."),
        ("Discussed with Dr Anna May on the phone.", "Discussed with Dr [NAME_1] on the phone."),
    ],
)
def test_a_word_that_opens_the_next_phrase_is_no_part_of_a_name(text, redacted):
    """"Discussed with Dr Brown While on call" and "DISCUSSED WITH JOHN SMITH DURING THE ROUND" hid "While" and "DURING"
    with the name, and so wherever the case said them: a capitalised word after a name word ran the name on."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with Dr While during the session. Stable while on treatment.",
         "Discussed with Dr [NAME_1] during the session. Stable while on treatment."),
        ("Patient Name: Ann While. Mrs. While attended. Stable while on treatment.",
         "Patient Name: [NAME_1]. Mrs. [NAME_1b] attended. Stable while on treatment."),
    ],
)
def test_a_surname_spelled_as_a_conjunction_is_hidden_only_where_its_position_tells_a_name(text, redacted):
    """"Dr While" hid every "while" of the case: a surname found was spread over the case whatever word it is spelled
    as, though after a title or a label only its position tells it is a name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Referred by: Outpatient Clinics.",) * 2,
        ("Requested by: Medical Outpatients.",) * 2,
        ("Referring physician: Emergency Departments",) * 2,
        ("Reported by Pathology Services.",) * 2,
        # Clean guards: a name of such a word beside a given name, or after a title, stays hidden.
        ("Referred by: Jane Wards.", "Referred by: [NAME_1]."),
        ("Referred by: Dr. Wards.", "Referred by: Dr. [NAME_1]."),
    ],
)
def test_a_service_after_a_staff_label_is_no_name(text, redacted):
    """"Referred by: Outpatient Clinics." hid "Outpatient Clinics": the plural of a service's word was no report word, so
    a service after a staff label was taken for a person."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Discussed with the Duty Radiologist Patel.", "Discussed with the Duty Radiologist [NAME_1]."),
        ("Discussed with the on-call radiologist Patel.", "Discussed with the on-call radiologist [NAME_1]."),
        ("Informed the Charge Nurse Smith.", "Informed the Charge Nurse [NAME_1]."),
        ("Results given to our Consultant Radiologist Jones.", "Results given to our Consultant Radiologist [NAME_1]."),
        # Clean guards: after the article, words of the sentence after a role stay.
        ("Discussed with the Duty Radiologist Whilst on call.",) * 2,
        ("Discussed with the duty radiologist Today.",) * 2,
    ],
)
def test_a_name_after_a_staff_role_after_an_article_is_hidden(text, redacted):
    """"Discussed with the Duty Radiologist Patel." sent "Patel", which "Discussed with Duty Radiologist Patel." hid: the
    words that put a person next had to come right before the role."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("已告知张三和家属。", "已告知[NAME_1]和家属。"),
        ("电话告知李明及患者本人。", "电话告知[NAME_1]及患者本人。"),
        ("已告知张三和患者。", "已告知[NAME_1]和患者。"),
        ("已通知王芳与值班医生。", "已通知[NAME_1]与值班医生。"),
        ("告知张三、李四与王五。", "告知[NAME_1]、[NAME_2]与[NAME_3]。"),
        # Clean guards: what was told, joined to a role, stays.
        ("已告知方案和家属。",) * 2,
        ("已告知方案与家属。",) * 2,
    ],
)
def test_a_chinese_name_listed_before_a_person_named_by_role_is_hidden(text, redacted):
    """"已告知张三和家属。" sent "张三": a name before a list's join was taken only before another name, and 与 joined no list."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("工号：HZ12345王五", "工号：[ID_1][NAME_1]"),
        ("技师工号4471李四。", "技师工号[ID_1][NAME_1]。"),
        ("住院号：123456张三，男", "住院号：[ID_1][NAME_1]，男"),
        ("住院号：123456 张三男45岁", "住院号：[ID_1] [NAME_1]男45岁"),
        # Clean guards: a disease, a preparation or what was told, glued to an identifier, stay, though they start with
        # a surname's character.
        ("检查号：CT12345石骨症", "检查号：[ID_1]石骨症"),
        ("住院号：123456 汤剂", "住院号：[ID_1] 汤剂"),
        ("住院号：123456 方案", "住院号：[ID_1] 方案"),
    ],
)
def test_a_chinese_name_glued_to_an_identifier_is_hidden(text, redacted):
    """"工号：HZ12345王五" sent "王五": the staff number was hidden and the name glued to it, with no label of its own, was
    read as no field."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Pt: Wong Wai On, 45M", "Pt: [NAME_1], 45M"),
        ("Radiologist: Lee Ka On", "Radiologist: [NAME_1]"),
        ("Patient: Ann While, 45F", "Patient: [NAME_1], 45F"),
        ("Reported by Dr Mary When.", "Reported by Dr [NAME_1]."),
        ("Seen by Mrs Wong Wai On 45F.", "Seen by Mrs [NAME_1] 45F."),
        # Clean guard: before more words of its sentence the word opens the next phrase.
        ("Seen by Mrs Wong Wai On the ward.", "Seen by Mrs [NAME_1] On the ward."),
    ],
)
def test_a_word_that_opens_a_phrase_ends_a_name_only_before_more_words_of_its_sentence(text, redacted):
    """"Pt: Wong Wai On, 45M" sent "On", a given name: a name ended before a word that opens a phrase wherever it stood,
    also at a line's end, before a mark or an age, and after a label."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Referred by: Whitely", "Referred by: [NAME_1]"),
        ("Referrer: Greenly", "Referrer: [NAME_1]"),
        ("Reported by: Huddle", "Reported by: [NAME_1]"),
        # Clean guard: the plural of a service's word stays.
        ("Referred by: Outpatient Clinics.",) * 2,
    ],
)
def test_a_surname_spelled_as_a_word_after_a_role_is_hidden_after_a_staff_label(text, redacted):
    """"Referred by: Whitely" was sent: a staff label's value was taken for a service by the words that follow a role
    in a sentence (adverbs in -ly, "huddle"), not only by a service's plural."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Name: Smith. Patient John Smith. John was seen today.",
         "Name: [NAME_1]. Patient [NAME_1b]. [NAME_1c] was seen today."),
        ("Name: van Dijk. Patient Anna van Dijk. Anna agreed.", "Name: [NAME_1]. Patient [NAME_1b]. [NAME_1c] agreed."),
        # Clean guard: a word opening a sentence before the name is hidden there only.
        ("Name: Smith. Later Smith agreed. Review later.", "Name: [NAME_1]. [NAME_1b] agreed. Review later."),
    ],
)
def test_a_given_name_found_before_a_name_is_hidden_across_the_case(text, redacted):
    """"Patient John Smith. John was seen" of a case that names Smith sent the second "John", and "Patient Anna van
    Dijk" sent "Anna": a given name was hidden only right before the name, and not before a particle."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("已告知患者孙子及家属。患者孙子陪同检查。",) * 2,
        ("已告知患者孙女及家属。",) * 2,
        ("Discussed with the surgeon Tonight; the surgeon will operate tonight.",) * 2,
        ("Discussed with the surgeon Afterwards.",) * 2,
        ("Discussed with the surgeon Herself.",) * 2,
        ("Discussed with the surgeon Too.",) * 2,
        # Clean guards: a name listed before a relative, and a surname after a role, stay hidden.
        ("已告知张三及家属。", "已告知[NAME_1]及家属。"),
        ("已告知孙子然及家属。", "已告知[NAME_1]及家属。"),
        ("已告知孙女士和家属。", "已告知[NAME_1]和家属。"),
        ("Discussed with the surgeon Patel.", "Discussed with the surgeon [NAME_1]."),
    ],
)
def test_a_kinship_word_or_an_adverb_after_the_person_told_is_no_name(text, redacted):
    """"已告知患者孙子及家属" hid 孙子 (grandson), which starts with the surname 孙, and "Discussed with the surgeon Tonight"
    hid "Tonight", both wherever the case said them."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Name: Smith. Ask Smith. Page Smith. Contact Smith.",
         "Name: [NAME_1]. Ask [NAME_1]. Page [NAME_1]. Contact [NAME_1]."),
        ("Name: Smith. Consultant Professor Smith. Reverend Smith.",
         "Name: [NAME_1]. Consultant Professor [NAME_1]. Reverend [NAME_1]."),
        # Clean guard: a given name before the name still goes with it.
        ("Name: Smith. Patient Anna Smith.", "Name: [NAME_1]. Patient [NAME_1b]."),
    ],
)
def test_a_verb_in_the_present_or_a_title_in_full_before_a_found_name_is_kept(text, redacted):
    """"Ask Smith", "Page Smith" and "Consultant Professor Smith" of a case that names Smith hid the verb or the title with
    the name, as a given name: only verbs in the past tense and short titles were known."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient: Ho Man Wai, 45M", "Patient: [NAME_1], 45M"),
        ("Pt: Chan Tai Man", "Pt: [NAME_1]"),
        ("Radiologist: Ho Man Wai", "Radiologist: [NAME_1]"),
        # Clean guards: a description of the patient, and a sex word after a name, stay.
        ("PATIENT: ELDERLY MAN FOR REVIEW",) * 2,
        ("Name: John Smith Male 45", "Name: [NAME_1] Male 45"),
    ],
)
def test_a_word_for_a_person_between_or_after_name_words_is_a_given_name(text, redacted):
    """"Patient: Ho Man Wai" sent the whole name and "Pt: Chan Tai Man" its last word: "Man", a Cantonese given name's
    syllable, was read as the patient's description and ended the name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("已通知李主任、王五和张三。", "已通知[NAME_1]主任、[NAME_2]和[NAME_3]。"),
        ("已通知李医生及王五。", "已通知[NAME_1]医生及[NAME_2]。"),
        ("已告知张三与患者本人、李四及王五。", "已告知[NAME_1]与患者本人、[NAME_2]及[NAME_3]。"),
        ("已告知张三和家属、李四。", "已告知[NAME_1]和家属、[NAME_2]。"),
        ("已告知家属、张三和李四。", "已告知家属、[NAME_1]和[NAME_2]。"),
        # Clean guards: a title or a role in the list is no name, nor is what follows the list.
        ("已通知李主任及家属。", "已通知[NAME_1]主任及家属。"),
        ("已告知张三与患者本人及时复查。", "已告知[NAME_1]与患者本人及时复查。"),
    ],
)
def test_a_chinese_list_of_the_people_told_goes_on_over_titles_and_roles(text, redacted):
    """"已通知李主任、王五和张三" and "已告知张三与患者本人、李四及王五" sent the names after the first: a list went on only
    right after a name, not after a surname's title or a person told by role."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient John Smith was seen in clinic.", "Patient [NAME_1] was seen in clinic."),
        ("The patient Mary Ann Lee attended.", "The patient [NAME_1] attended."),
        # Clean guards: report words, a label or one word after "patient" stay.
        ("Patient Information Leaflet given.",) * 2,
        ("Patient Position: supine.",) * 2,
        ("Patient Transport Service booked.",) * 2,
        ("Patient Denies Chest Pain.",) * 2,
    ],
)
def test_a_full_name_right_after_patient_in_running_text_is_hidden(text, redacted):
    """"Patient John Smith was seen" sent the name: only a patient label's colon said a name follows."""
    assert redacts_and_restores(text, redacted)


# Known gaps, each listed under "Not found" in README.md and docs/llm-providers.md: what the redactor is known to send,
# stated so that a change that finds it shows here and moves it to the tests above.
KNOWN_GAPS_SENT = [
    # after "patient" a name is read in mixed case only: in capitals "PATIENT" starts as many headings as names
    "PATIENT JOHN SMITH WAS SEEN.",
    # one name word after "patient" is read as a noun of the patient's would be, but before a verb it is the subject of
    "Patient O'Brien today.",
]


@pytest.mark.parametrize("text", KNOWN_GAPS_SENT)
def test_a_known_gap_is_sent_as_written(text):
    assert redacts_and_restores(text, text)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Tell John Smith about the nodule.", "Tell [NAME_1] about the nodule."),
        ("Please notify John Smith urgently.", "Please notify [NAME_1] urgently."),
        ("Inform Smith of the result.", "Inform [NAME_1] of the result."),
        ("NOTIFY DR JOHN SMITH.", "NOTIFY DR [NAME_1]."),
        # Clean guards: what is told, not who, stays.
        ("Notify Radiology of any change.",) * 2,
        ("Contact Dermatitis noted.",) * 2,
    ],
)
def test_a_name_after_a_verb_of_telling_in_the_present_is_hidden(text, redacted):
    """"Tell John Smith" and "Please notify John Smith" sent the name: only the past tense ("told", "notified") put a
    person next."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Referred by: Overnight team", "Referred by: Overnight team"),
        ("Requested by: Night Team.",) * 2,
        ("Referred by: Dr Smith On Call", "Referred by: Dr [NAME_1] On Call"),
        ("Reported by: John Smith Via Teams", "Reported by: [NAME_1] Via Teams"),
        ("Patient: Jane Doe At M ward", "Patient: [NAME_1] At M ward"),
        ("Seen by Dr Lee At M ward", "Seen by Dr [NAME_1] At M ward"),
        # Clean guards: a name and a name's syllable after a label stay whole.
        ("Referred by: Jane Team", "Referred by: [NAME_1]"),
        ("Pt: Wong Wai On Kee", "Pt: [NAME_1]"),
        ("Pt: Wong Wai On M 45", "Pt: [NAME_1] 45"),
    ],
)
def test_a_labelled_name_ends_before_a_service_or_the_phrase_it_opens(text, redacted):
    """"Referred by: Overnight team" hid "Overnight", and "Dr Smith On Call", "John Smith Via Teams", "Jane Doe At M ward"
    hid the words after the name with it, and so wherever the case said them."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient Name: Anil Patel\nd/w dr patel.", "Patient Name: [NAME_1]\nd/w dr [NAME_1b]."),
        ("Referred by: Dr Jones\nresult phoned to jones at 14:00.", "Referred by: Dr [NAME_1]\nresult phoned to [NAME_1b] at 14:00."),
        ("Patient Name: Mary Smith\nSeen by mrs smith's daughter.", "Patient Name: [NAME_1]\nSeen by mrs [NAME_1b]'s daughter."),
        ("Patient Name: Tom Wong\nwong tom", "Patient Name: [NAME_1]\n[NAME_1b] [NAME_1c]"),
        ("Patient Name: Grace Smith\nWithin the grace period. Grace was informed.",
         "Patient Name: [NAME_1]\nWithin the [NAME_1b] period. [NAME_1c] was informed."),
        # Clean guards: another surname in lower case, and a word of the report that is no part of the name, stay.
        ("Patient Name: Anil Patel\nd/w dr lee.", "Patient Name: [NAME_1]\nd/w dr lee."),
        ("Patient Name: Mary Smith\nThere is clear fluid.", "Patient Name: [NAME_1]\nThere is clear fluid."),
    ],
)
def test_a_name_part_is_hidden_elsewhere_in_lower_case_too(text, redacted):
    """Sparing a name part written in lower case where it is an English word sent most surnames ("d/w dr patel",
    "phoned to jones", "mrs smith's"): the English vocabulary holds smith, jones, patel, lee, wong."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("患者许可欣，因咳嗽就诊。", "患者[NAME_1]，因咳嗽就诊。"),
        ("已告知许可欣和李四。", "已告知[NAME_1]和[NAME_2]。"),
        ("患者马力强，因咳嗽就诊。", "患者[NAME_1]，因咳嗽就诊。"),
        ("患者夏天明，因咳嗽就诊。", "患者[NAME_1]，因咳嗽就诊。"),
        ("患者夏天，因咳嗽就诊。", "患者[NAME_1]，因咳嗽就诊。"),
        ("患者马力，于今日就诊。", "患者[NAME_1]，于今日就诊。"),
        ("患者陈旧明，因咳嗽就诊。", "患者[NAME_1]，因咳嗽就诊。"),
        ("已告知许诺。", "已告知[NAME_1]。"),
        # Clean guards: what follows 患者 that starts with no surname stays.
        ("患者因咳嗽就诊。",) * 2,
        ("患者诉咳嗽，因胸痛就诊。",) * 2,
    ],
)
def test_a_name_after_patient_or_a_verb_of_telling_is_hidden_where_it_starts_with_a_word(text, redacted):
    """Reading a word jieba tags as a name (许可, 陈旧, 马力, 夏天) as that word sent the names that start with it
    ("患者许可欣，", "已告知许可欣和李四。"): a name of a surname and one or two characters stands there as often."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Name: Ann While F DOB 01/02/1960", "Name: [NAME_1] DOB [DOB_1]"),
        ("Patient: Wong Wai On M MRN 12345", "Patient: [NAME_1] MRN [ID_1]"),
        ("Patient: Wong Wai On F Age 45", "Patient: [NAME_1] Age 45"),
        ("Pt: Wong Wai On Hospital No 123", "Pt: [NAME_1] Hospital No [ID_1]"),
        ("Patient: Lee Ka On Tuesday", "Patient: [NAME_1] Tuesday"),
        # Clean guards: a letter before a word that is no label, and a phrase of its own, stay out of the name.
        ("Patient: Jane Doe At M ward", "Patient: [NAME_1] At M ward"),
        ("Referred by: Dr Smith On Call", "Referred by: Dr [NAME_1] On Call"),
    ],
)
def test_a_labelled_name_runs_on_to_a_sex_or_a_header_label_after_a_word_that_opens_a_phrase(text, redacted):
    """A sex's letter before a word was read as a word's initial, and a word that opens a phrase before a header's next
    label or a weekday as the phrase's start: "While", "On" of "Ann While F DOB", "Wong Wai On M MRN" were sent."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient Name: Mary Smith\nDiscussed with Dr John Smith (husband).",
         "Patient Name: [NAME_1]\nDiscussed with Dr [NAME_2] (husband)."),
        # Clean guards: the same given name, or a surname found with none, is the same person.
        ("Patient Name: Mary Smith\nPatient Mary Smith was seen.", "Patient Name: [NAME_1]\nPatient [NAME_1] was seen."),
        ("Mr Smith seen.\nPatient John Smith was seen.", "Mr [NAME_1] seen.\nPatient [NAME_1b] was seen."),
    ],
)
def test_a_full_name_of_another_given_name_is_another_person(text, redacted):
    """"Dr John Smith" of a case that names Mary Smith was given her placeholder, as if one person: a different given
    name is a different person."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("已通知李主任医师、王五。", "已通知[NAME_1]主任医师、[NAME_2]。"),
        ("已和李主任、王五沟通。", "已和[NAME_1]主任、[NAME_2]沟通。"),
        ("已告知李主任、王五：右肺结节", "已告知[NAME_1]主任、[NAME_2]：右肺结节"),
        # Clean guards: a finding after the list's join stays, before a colon too.
        ("已告知张三、右肺结节：稳定", "已告知[NAME_1]、右肺结节：稳定"),
        ("已告知张三、陈旧病灶", "已告知[NAME_1]、陈旧病灶"),
    ],
)
def test_a_chinese_list_goes_on_past_a_title_of_two_words_to_a_name_before_a_colon_or_a_verb(text, redacted):
    """"已通知李主任医师、王五。", "已和李主任、王五沟通。" and "已告知李主任、王五：" sent 王五: the list went on past a title of
    one word only, to a name before its clause's end or the next join."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("Patient Mary O'Brien attended.", "Patient [NAME_1] attended."),
        ("Patient Anne D'Arcy attended.", "Patient [NAME_1] attended."),
    ],
)
def test_a_full_name_after_patient_takes_an_o_or_d_surname(text, redacted):
    """"Patient Mary O'Brien attended." sent the name: a name word after "patient" had to start with a capital and a
    small letter."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, expected", [
    ("Pt: John Smith Hospital No 1234567", "Pt: [NAME_1] Hospital No [ID_1]"),
    ("Pt: John Smith, Hospital No 1234567", "Pt: [NAME_1], Hospital No [ID_1]"),
    ("Pt: John Smith Case No 7654321", "Pt: [NAME_1] Case No [ID_1]"),
    ("Patient John Smith Hospital No 998877 attended.", "Patient [NAME_1] Hospital No [ID_1] attended."),
    # after a name label too, in any case, past a sex's letter
    ("Name: Ann While F Hospital No 1234567", "Name: [NAME_1] Hospital No [ID_1]"),
    ("NAME: JOHN SMITH HOSPITAL NO 1234567", "NAME: [NAME_1] HOSPITAL NO [ID_1]"),
    ("Surname: Smith Hospital Number 123456", "Surname: [NAME_1] Hospital Number [ID_1]"),
    ("Full name: JOHN SMITH CASE NO 7654321", "Full name: [NAME_1] CASE NO [ID_1]"),
    # Clean guards: a name word that starts as a label does stays in the name, and "Born" before no date is a surname.
    ("Name: Anna Sexton Hospital No 123456", "Name: [NAME_1] Hospital No [ID_1]"),
    ("Patient name: Zeb Born", "Patient name: [NAME_1]"),
])
def test_a_name_ends_before_the_next_header_label_so_its_number_is_hidden(text, expected):
    """A name that took the next field's label in sent that field's number, which no label then announced."""
    assert Redactor().redact(text) == expected


@pytest.mark.parametrize("text, redacted", [
    ("PATIENT: HO MAN WAI", "PATIENT: [NAME_1]"),
    ("Patient Ho Man Wai was seen", "Patient [NAME_1] was seen"),
    ("Patient Chan Tai Man attended.", "Patient [NAME_1] attended."),
    ("Discussed with Ho Man Wai at 14:00", "Discussed with [NAME_1] at 14:00"),
    # Clean guards: a description of the patient stays, after a label or not.
    ("PATIENT: ELDERLY MAN FOR REVIEW",) * 2,
    ("Discussed with Young Man",) * 2,
])
def test_a_syllable_of_two_letters_or_a_word_for_a_person_between_name_words_is_a_given_names(text, redacted):
    """"PATIENT: HO MAN WAI" and "Patient Ho Man Wai was seen" sent the name: "HO" is no name word (two letters) and "MAN"
    ended the name in capitals and after "patient"."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Patient Smith attended.", "Patient [NAME_1] attended."),
    ("Patient O'Brien was seen.", "Patient [NAME_1] was seen."),
    # Clean guards: a noun of the patient's before a verb, and a surname with no verb after it, stay.
    ("Patient Weight was 70 kg.",) * 2,
    ("Patient Leaflet was given.",) * 2,
    ("Patient Smith",) * 2,
])
def test_one_surname_after_patient_before_the_verb_it_is_the_subject_of_is_hidden(text, redacted):
    """"Patient Smith attended." and "Patient O'Brien attended." sent the name: one word after "patient" was read as a
    noun of the patient's, whatever followed it."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Patient Denies Smoking",) * 2,
    ("Patient Reports Pain Since Monday",) * 2,
    ("Tell Mum",) * 2,
    ("Notify Coroner",) * 2,
    ("Inform Next Of Kin",) * 2,
    ("Patient: Young Woman",) * 2,
    ("PT: OLD MAN, 80",) * 2,
    # Clean guards: a name after the same cues, and a surname spelled as an adjective of age, are still hidden.
    ("Tell John Smith about the nodule.", "Tell [NAME_1] about the nodule."),
    ("Patient: Jane Young", "Patient: [NAME_1]"),
    ("Mr. Young attended.", "Mr. [NAME_1] attended."),
    ("Patient: Jane Doe Denies smoking", "Patient: [NAME_1] Denies smoking"),
])
def test_a_verb_a_relative_an_official_or_a_description_after_a_name_cue_is_no_name(text, redacted):
    """"Patient Denies Smoking", "Tell Mum", "Notify Coroner", "Inform Next Of Kin" and "Patient: Young Woman" hid the
    words as a name, and so wherever the case said them."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("与张三、王五等讨论。王五同意。", "与[NAME_1]、[NAME_2]等讨论。[NAME_2]同意。"),
    ("与张三、王五等人讨论。王五同意。", "与[NAME_1]、[NAME_2]等人讨论。[NAME_2]同意。"),
    ("与张三、王五进行讨论。", "与[NAME_1]、[NAME_2]进行讨论。"),
    ("与张三、王五电话讨论。", "与[NAME_1]、[NAME_2]电话讨论。"),
    ("已和张三、王五等沟通。", "已和[NAME_1]、[NAME_2]等沟通。"),
    ("已告知李主任、王五等：", "已告知[NAME_1]主任、[NAME_2]等："),
    ("已和张三、王五电话沟通。王五同意。", "已和[NAME_1]、[NAME_2]电话沟通。[NAME_2]同意。"),
    ("已与张三、王五进行沟通。", "已与[NAME_1]、[NAME_2]进行沟通。"),
    ("已电话告知李明等。李明同意。", "已电话告知[NAME_1]等。[NAME_1]同意。"),
    ("已告知张三等人。张三同意。", "已告知[NAME_1]等人。[NAME_1]同意。"),
    # Clean guards: findings or a service listed with 等 before the same words stay.
    ("与叶间裂等关系密切",) * 2,
    ("与外科等讨论",) * 2,
    ("与外科进行讨论",) * 2,
    ("已和外科等电话沟通。",) * 2,
    ("瘘管已与胸膜腔进行沟通。",) * 2,
    ("已告知外科等。",) * 2,
    ("已告知家属等候结果。",) * 2,
])
def test_and_others_or_how_after_a_chinese_list_of_people_is_no_part_of_the_last_name(text, redacted):
    """"与张三、王五等讨论。王五同意。" hid 王五等 and sent 王五 where the case said it again; "等人讨论", "进行讨论" and
    "电话讨论" sent the names, the list ending right before the verb only; so did "电话沟通" and "进行沟通" after 已和/已与,
    and "已电话告知李明等。" hid 李明等, sending 李明 where the case said it again."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text", [
    "患者陈述因外伤就诊，陈述不清。",
    "患者许可在检查后离院。",
    "患者孙女因事陪同。",
    "患者孙子于今日陪同。",
    "患者江西人因咳嗽就诊。",
    "患者黎明时因胸痛来院。",
    "患者雷雨天自觉胸闷。",
    "患者丁克无子女。",
])
def test_prose_after_patient_run_on_into_its_clause_is_no_name(text):
    """A relative, a place's native, a time, the weather or a way of life after 患者 before a word that opens a clause
    ("患者陈述因外伤就诊" hid 陈述, and so wherever the case said it) is prose, though it starts with a surname and jieba tags
    it a person's name: no name is read there without a mark, the sex or the age after it."""
    assert Redactor().redact(text) == text


@pytest.mark.parametrize("text, redacted", [
    ("Patient Fatigue is severe. Fatigue persists.",) * 2,
    ("Patient Size was large.",) * 2,
    ("Patient Effort was poor.",) * 2,
    ("Patient Breathing was laboured.",) * 2,
    ("Patient Mobility is limited.",) * 2,
    ("Patient Tolerance was good.",) * 2,
    ("Patient Anxiety was noted.",) * 2,
    ("Patient Discomfort was noted.",) * 2,
    ("Patient Respiration was shallow.",) * 2,
    ("Patient Habitus is large.",) * 2,
    # Clean guards: a surname before the same verbs is hidden, whether English has the word (the commonest surnames,
    # Smith, Lee, Young, Wang, Patel) or not, as is one before a verb of the history, and a given name that is also a
    # noun of the patient's before a surname.
    ("Patient Mensah was seen.", "Patient [NAME_1] was seen."),
    ("Patient Nkemelu has pain.", "Patient [NAME_1] has pain."),
    ("Patient Smith was seen.", "Patient [NAME_1] was seen."),
    ("Patient Lee has chest pain.", "Patient [NAME_1] has chest pain."),
    ("Patient Young was seen.", "Patient [NAME_1] was seen."),
    ("Patient Wang was seen.", "Patient [NAME_1] was seen."),
    ("Patient Patel is 45.", "Patient [NAME_1] is 45."),
    ("Patient Smith attended.", "Patient [NAME_1] attended."),
    ("Patient Comfort Mensah was seen.", "Patient [NAME_1] was seen."),
])
def test_an_english_noun_after_patient_before_is_or_has_is_no_surname(text, redacted):
    """"Patient Fatigue is severe." hid "Fatigue" as a surname, and so "fatigue" wherever the case said it. Read off a dictionary
    of English instead, the commonest surnames were sent ("Patient Smith was seen."): the nouns are listed. "Patient
    Comfort Mensah was seen." sent the name when "Comfort" was no name word anywhere."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Discussed with Brother Smith, charge nurse", "Discussed with Brother [NAME_1], charge nurse"),
    ("Handed over to Brother Smith", "Handed over to Brother [NAME_1]"),
    ("Discussed with Dad John Smith at 14:00", "Discussed with Dad [NAME_1] at 14:00"),
    ("Inform Grandmother Jones", "Inform Grandmother [NAME_1]"),
    ("Discussed with Guardian Smith", "Discussed with Guardian [NAME_1]"),
    ("Discussed with Coroner Smith", "Discussed with Coroner [NAME_1]"),
    ("Discussed with John Brother at 14:00", "Discussed with [NAME_1] at 14:00"),
    ("Mr. Brother attended.", "Mr. [NAME_1] attended."),
    # Clean guards: the relative or the official alone, or before a word of the sentence, is no name.
    ("Discussed with Dad at 14:00",) * 2,
    ("Informed Dad Verbally",) * 2,
    ("Told Mum and Dad.",) * 2,
])
def test_a_relative_or_an_official_before_a_name_is_its_title_and_is_a_name_word_elsewhere(text, redacted):
    """"Discussed with Brother Smith" and "Discussed with John Brother" sent the name: the role words of relatives and
    officials were report words everywhere, so no name word after a title or a given name, and the name after one was no
    person's."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Mr. Young Man Kit attended.", "Mr. [NAME_1] attended."),
    ("Dr. Young Man Kit reported this study.", "Dr. [NAME_1] reported this study."),
    ("Reported by: Dr Young Man Kit", "Reported by: Dr [NAME_1]"),
    ("Patient name: Young Man Yee", "Patient name: [NAME_1]"),
    ("Referring physician: Young Man Kit", "Referring physician: [NAME_1]"),
    ("Pt: Young Woman Lee", "Pt: [NAME_1]"),
    ("Patient: Young Boy Chan", "Patient: [NAME_1]"),
    ("Mr. Young Woman attended.", "Mr. [NAME_1] attended."),
    # Clean guards: the description alone after a patient's label stays.
    ("Patient: Young Woman, 45F",) * 2,
    ("Patient: Young Woman for review",) * 2,
])
def test_an_adjective_of_age_after_a_title_or_before_more_name_words_is_a_name(text, redacted):
    """"Mr. Young Man Kit attended." and "Pt: Young Woman Lee" sent the name: "Young Woman" read as a description
    wherever it started a name, though "Young" is a surname and a title or a further name word says it is one here."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("与张三、王五讨论后决定随访", "与[NAME_1]、[NAME_2]讨论后决定随访"),
    ("与李明商议", "与[NAME_1]商议"),
    ("与张三和王五讨论", "与[NAME_1]和[NAME_2]讨论"),
    ("已和张三、王五沟通", "已和[NAME_1]、[NAME_2]沟通"),
    # Clean guards: findings after 与, and a cavity that communicates with a fissure stay.
    ("与叶间裂关系密切",) * 2,
    ("空洞与叶间裂沟通",) * 2,
    ("与外科讨论",) * 2,
])
def test_chinese_names_listed_before_a_discussion_are_hidden(text, redacted):
    """"与张三、王五讨论后" and "已和张三、王五沟通" sent both names, found in a list only after a verb of passing a result on
    or a title."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Patient Hearing is impaired. Hearing loss is bilateral.",) * 2,
    ("Patient Fever was high. Fever settled.",) * 2,
    ("Patient Cough has improved.",) * 2,
    ("Patient Vision is blurred.",) * 2,
    ("Patient Gait is unsteady. Gait was reviewed.",) * 2,
    ("Patient Memory is poor.",) * 2,
    ("Patient Appetite is reduced.",) * 2,
    ("Patient Mobility Score was 3. Mobility Score improved.",) * 2,
    ("Patient Hearing Loss is bilateral.",) * 2,
    # Clean guards: a surname before the same verbs, and a given name that is such a noun before a surname, are hidden.
    ("Patient Hearn was seen.", "Patient [NAME_1] was seen."),
    ("Patient Fevers was seen.", "Patient [NAME_1] was seen."),
    ("Patient Comfort Mensah was seen.", "Patient [NAME_1] was seen."),
    ("Patient Hope Mensah has pain.", "Patient [NAME_1] has pain."),
])
def test_a_noun_of_the_patients_faculties_or_symptoms_after_patient_is_no_name(text, redacted):
    """"Patient Hearing is impaired." hid "Hearing" as a surname, and so wherever the case said it ("Hearing loss"); so
    did "Fever", "Cough", "Vision", "Gait", and "Patient Mobility Score was 3" hid both words: the nouns of a patient's
    faculties, symptoms and their measures are no surname there (patient_states_en.txt)."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text", [
    "空洞已与叶间裂沟通。",
    "脓腔已与叶间隙沟通。",
    "瘘管已和胆囊管沟通。",
])
def test_a_structure_of_the_body_a_finding_communicates_with_is_no_name(text):
    """"空洞已与叶间裂沟通" hid 叶间裂 (the interlobar fissure) as a name of a list before 沟通, which a cavity does with a
    structure too: a name ends in no character that ends a structure's name (裂 fissure, 隙 space, 管 duct, ...)."""
    assert Redactor().redact(text) == text


def test_a_name_before_communicated_with_is_still_hidden_where_its_last_character_is_no_structures():
    """Clean guard: names listed before 沟通 after 已与 stay hidden."""
    assert redacts_and_restores("已与叶明、王五沟通。", "已与[NAME_1]、[NAME_2]沟通。")


@pytest.mark.parametrize("text, redacted", [
    ("Discussed with Mother Smith", "Discussed with Mother [NAME_1]"),
    ("Discussed with Father Smith at 14:00", "Discussed with Father [NAME_1] at 14:00"),
    ("Informed Wife Mary Smith.", "Informed Wife [NAME_1]."),
    ("Discussed with Husband John Smith", "Discussed with Husband [NAME_1]"),
    ("Results given to Daughter Jane Smith", "Results given to Daughter [NAME_1]"),
    # Clean guards: the relative alone, or before a word of the sentence, is no name.
    ("Discussed with Mother at 14:00",) * 2,
    ("Discussed with Mother.",) * 2,
    ("Discussed with Mother Today.",) * 2,
    ("Discussed with Father Verbally.",) * 2,
    ("Discussed with Wife and Daughter.",) * 2,
])
def test_a_relatives_word_before_a_name_told_is_its_title(text, redacted):
    """"Discussed with Mother Smith" and "Informed Wife Mary Smith" sent the name: "Mother" and "Wife" are report words, so
    the name after them was read as none, though a relative's word before a name is its title as "Brother" and "Dad" are."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Discussed with Ho at 14:00", "Discussed with [NAME_1] at 14:00"),
    ("Discussed with Ho.", "Discussed with [NAME_1]."),
    ("Discussed with Ng and Lee.", "Discussed with [NAME_1] and [NAME_2]."),
    ("Findings phoned to Li at 15:30.", "Findings phoned to [NAME_1] at 15:30."),
    # Clean guards: a two-letter word that is a report word, an abbreviation or a pinyin syllable of no surname stays, and a
    # full name that starts with such a syllable is still hidden.
    ("Discussed with ED at 14:00",) * 2,
    ("Discussed with GP at 14:00",) * 2,
    ("Discussed with Us at 14:00",) * 2,
    ("Discussed with Pt at 14:00",) * 2,
    ("Discussed with Re the nodule.",) * 2,
    ("Discussed with Ho Chi Minh at 14:00", "Discussed with [NAME_1] at 14:00"),
])
def test_a_surname_of_two_letters_alone_after_words_of_telling_is_hidden(text, redacted):
    """"Discussed with Ho at 14:00" sent the name: a word of two letters is a report word, though a capitalised syllable
    that no list of radqc's holds is a surname there, as "discussed with Smith at 14:00" is."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("DR. LI MAN WAI", "DR. [NAME_1]"),
    # Clean guards: a title in capitals whose full stop ends a sentence before a word of two letters stays; and a
    # romanised surname of two letters in capitals is as often a report's abbreviation after a name ("NG TUBE"), so it
    # is read as none there (which sends "DR. HO MAN WAI", a known gap).
    ("PRIOR MR. NO CHANGE.",) * 2,
    ("SEE PRIOR MR. IN 2020.",) * 2,
    ("REVIEWED BY DR. JONES NG TUBE IN SITU.", "REVIEWED BY DR. [NAME_1] NG TUBE IN SITU."),
    ("CXR REVIEWED BY DR. SMITH OH REFERRAL ADVISED.", "CXR REVIEWED BY DR. [NAME_1] OH REFERRAL ADVISED."),
])
def test_a_name_in_capitals_after_a_title_may_start_with_a_syllable_of_two_letters(text, redacted):
    """After a title in capitals a name must start with a name word, and a pinyin syllable is a report word by its
    length, though before name words it is a given name's or a surname ("DR. LI MAN WAI")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("与张三及其家属讨论", "与[NAME_1]及其家属讨论"),
    ("与张三和家属讨论", "与[NAME_1]和家属讨论"),
    ("已和张三及其家属沟通。张三同意。", "已和[NAME_1]及其家属沟通。[NAME_1]同意。"),
    ("与张三、李四及其家属讨论", "与[NAME_1]、[NAME_2]及其家属讨论"),
    # Clean guards: findings or a service before the same words stay.
    ("与叶间裂及其周围组织关系密切",) * 2,
    ("与外科及其家属讨论",) * 2,
    ("病灶与叶间胸膜及其邻近组织关系密切，已与家属讨论。",) * 2,
])
def test_a_chinese_name_listed_with_people_told_by_role_before_a_discussion_is_hidden(text, redacted):
    """"与张三及其家属讨论" sent the name: the list before a verb of discussing took names only, though the people a case is
    discussed with are named by role too (家属, 其家属 "the family", 患者本人), as after a verb of passing a result on."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Patient Swallow was seen in clinic.", "Patient [NAME_1] was seen in clinic."),
    ("Patient Voice was seen.", "Patient [NAME_1] was seen."),
    ("Patient Pain was seen. Mr Pain agreed.", "Patient [NAME_1] was seen. Mr [NAME_1] agreed."),
    ("Patient Comfort Swallow was seen.", "Patient [NAME_1] was seen."),
    ("Patient Hope Voice has pain.", "Patient [NAME_1] has pain."),
    # Clean guards: nouns of the patient's state that are no surname, alone or two together, stay.
    ("Patient Hearing is impaired.",) * 2,
    ("Patient Hearing Loss is bilateral.",) * 2,
    # Pain and Comfort, surnames too, are far more often the patient's state there, and stay wherever the case says them.
    ("Patient Pain is severe. Pain in the right upper quadrant.",) * 2,
    ("Patient Comfort was good. Comfort measures only.",) * 2,
])
def test_a_noun_of_the_patients_state_that_is_a_surname_too_is_hidden_after_patient(text, redacted):
    """"Patient Swallow was seen in clinic." and "Patient Voice was seen" sent the surname, and "Patient Comfort Swallow
    was seen." the name, once the nouns of the patient's state were no surname there: Swallow and Voice are surnames
    and given names too, so the list of those nouns leaves them out (patient_states_en.txt); Pain and Comfort stay on it,
    as they were before it grew, since a report says them of a state far more often than of a person."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Discussed with Dr Smith and He will review.", "Discussed with Dr [NAME_1] and He will review."),
    ("Told Smith and He will inform.", "Told [NAME_1] and He will inform."),
    ("Discussed with Smith and He is aware.", "Discussed with [NAME_1] and He is aware."),
    ("Informed Ma by phone.",) * 2,
    ("Informed Ma.",) * 2,
    ("Discussed with Jones and Mo on call.", "Discussed with [NAME_1] and Mo on call."),
    # Clean guards: other surnames of two letters are still hidden there, and these three after a title.
    ("Discussed with Smith and Li.", "Discussed with [NAME_1] and [NAME_2]."),
    ("Discussed with Ho at 14:00", "Discussed with [NAME_1] at 14:00"),
    ("Ms. He agreed. Dr. Ma reviewed.", "Ms. [NAME_1] agreed. Dr. [NAME_2] reviewed."),
])
def test_a_two_letter_word_of_english_or_a_role_is_no_surname_after_words_of_telling(text, redacted):
    """"and He will review" hid the pronoun, "Informed Ma" the mother and "and Mo on call" the medical officer as surnames
    of two letters: words that English or a report capitalises there are surnames only after a title."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("REFERRED BY THE DIVE MEDICINE CLINIC",) * 2,
    ("Referred by the dive medicine clinic.",) * 2,
    ("Referred by the GP",) * 2,
    ("REFERRED BY THE ED TEAM",) * 2,
    ("REPORTED BY THE ON-CALL TEAM",) * 2,
    ("Reported by the on-call team.",) * 2,
    ("REFERRED BY OUR CLINIC",) * 2,
    ("REFERRED BY YOUR TEAM",) * 2,
    # Clean guards: a name, an initial or a name of two letters after the same words is hidden.
    ("REPORTED BY JOHN SMITH", "REPORTED BY [NAME_1]"),
    ("Reported by A. Smith", "Reported by [NAME_1]"),
    ("REPORTED BY A SMITH", "REPORTED BY [NAME_1]"),
    ("REFERRED BY DR THEODORE", "REFERRED BY DR [NAME_1]"),
])
def test_an_article_after_a_sign_off_starts_no_name(text, redacted):
    """"REFERRED BY THE DIVE MEDICINE CLINIC" hid "THE DIVE" as a name: an article or a determiner after a sign-off's verb
    starts a team's or a service's name, no person's."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text", [
    "COMPARED WITH PRIOR MR. NG TIP IN STOMACH. THE NG TIP IS UNCHANGED.",
    "PORTABLE DR. NG TIP SATISFACTORY.",
    "DR. NG TUBE IN SITU.",
    "DR. OH REFERRAL ADVISED.",
    "PRIOR MR. HO.",
])
def test_a_romanised_surname_of_two_letters_right_after_a_title_in_capitals_starts_no_name(text):
    """Clean guards: right after "MR." or "DR." in capitals, a modality's name as well as a title, "NG" or "OH" is as often
    a report's abbreviation before a word of it ("NG TIP"), and read as a surname it hid and spread the report's words
    ("TIP", "SATISFACTORY") through the case; so a romanised surname of two letters starts no name there ("DR. HO MAN
    WAI" is sent, a known gap)."""
    assert redacts_and_restores(text, text)


@pytest.mark.parametrize("text", [
    "Discussed with GU at 14:00.",
    "Discussed with ENT and GU.",
    "Handed over to OH.",
    "DISCUSSED WITH ER AT 14:00.",
    "DISCUSSED WITH ED.",
    "DISCUSSED WITH NG TUBE TEAM.",
    "DISCUSSED WITH OH TEAM.",
    "INFORMED MA.",
    "DISCUSSED WITH MO ON CALL.",
])
def test_a_surname_of_two_letters_in_capitals_after_words_of_telling_is_no_name(text):
    """Clean guards: a two-letter surname's letters in capitals after words of telling are as often a service's
    abbreviation as a name (read as one, "Discussed with GU", "Discussed with ENT and GU" and "Handed over to OH" hid
    them), so in capitals they are left to the title's and the capitals' rules ("DISCUSSED WITH HO" is sent, a known
    gap)."""
    assert redacts_and_restores(text, text)


@pytest.mark.parametrize("text, redacted", [
    ("患者张三因咳嗽就诊。", "患者[NAME_1]因咳嗽就诊。"),
    ("患者张志行于今日来院。", "患者[NAME_1]于今日来院。"),
    ("病人李明因外伤入院。李明既往体健。", "病人[NAME_1]因外伤入院。[NAME_1]既往体健。"),
    # Clean guards: words that start as a surname and run on into their clause stay.
    ("患者夏天因胸痛来院。",) * 2,
    ("患者方才因胸痛来院。",) * 2,
    ("患者万一因故未到。",) * 2,
    ("患者周身因疼痛不适。",) * 2,
    ("患者金属于体内残留。",) * 2,
])
def test_a_chinese_name_run_on_into_its_clause_after_patient_is_hidden(text, redacted):
    """"患者张三因咳嗽就诊" sent the name: after 患者 a name was read only before a mark, the sex or the age, as prose runs on
    there too; a surname and one or two characters before 因 or 于 that start no word of jieba's dictionary are a name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("患者李娜因咳嗽就诊。", "患者[NAME_1]因咳嗽就诊。"),
    ("患者王建国于3天前出现发热。", "患者[NAME_1]于3天前出现发热。"),
    ("病人李秀英因胸痛来院。李秀英既往体健。", "病人[NAME_1]因胸痛来院。[NAME_1]既往体健。"),
    ("患儿李强于今日来院。", "患儿[NAME_1]于今日来院。"),
    ("患者欧阳明因咳嗽就诊。", "患者[NAME_1]因咳嗽就诊。"),
    ("患者司马光明于今日来院。", "患者[NAME_1]于今日来院。"),
    # Clean guards: words jieba tags a person's name that hold a character no given name commonly does, or start a
    # longer word, and words that are no name, stay.
    ("患者王水因接触后灼伤就诊。",) * 2,
    ("患者李子因误食后腹痛就诊。",) * 2,
    ("患者黎明因胸痛来院。",) * 2,
    ("患者许可因病情稳定出院。",) * 2,
    ("患者方可于明日出院。",) * 2,
    ("患者周围于术后出现水肿。",) * 2,
    ("患者江南于今年入院。",) * 2,
    ("患者石灰因烧伤就诊。",) * 2,
    ("患者常规于今日复查。",) * 2,
    ("患者白细胞于术后升高。",) * 2,
])
def test_a_common_chinese_name_of_jiebas_dictionary_run_on_after_patient_is_hidden(text, redacted):
    """"患者李娜因咳嗽就诊" and "患者欧阳明因咳嗽就诊" sent the name: a run-on name was read only where it started no word of
    jieba's dictionary, which holds many common names, and every compound surname as a word; a given name of common
    given-name characters after a compound surname, or after a surname where jieba tags the whole a person's name, is
    a name."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("患者张三入院。", "患者[NAME_1]入院。"),
    ("患者李娜入院。", "患者[NAME_1]入院。"),
    ("患者王某入院。", "患者[NAME_1]入院。"),
    # Clean guards: prose that starts with a surname's character before 入院, and the words left out of the clause words
    # on purpose, visiting and telling, which prose puts there after 向 ("to") or 余 ("the rest"), stay.
    ("患者方可入院。",) * 2,
    ("患者周四入院。",) * 2,
    ("患者向医院就诊。",) * 2,
    ("患者余未诉不适。",) * 2,
    ("患者向医生诉说病情。",) * 2,
])
def test_a_chinese_name_run_on_into_admission_after_patient_is_hidden(text, redacted):
    """"患者张三入院" sent the name: a run-on name was read only before 因 or 于, though a history's first clause opens as
    often with the admission; not before the visit (就诊), which follows a place ("患者向医院就诊", 向 "to")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("与家属及张三讨论。", "与家属及[NAME_1]讨论。"),
    ("与患者本人及张三讨论。", "与患者本人及[NAME_1]讨论。"),
    ("已与家属、张三和李四沟通。", "已与家属、[NAME_1]和[NAME_2]沟通。"),
    ("与值班医生和张三商议。", "与值班医生和[NAME_1]商议。"),
    # Clean guards: the people told by role alone, or 及时 (in time) after them, stay.
    ("与患者及家属讨论。",) * 2,
    ("已与家属及时沟通。",) * 2,
    ("与家属及叶间裂沟通",) * 2,
])
def test_a_chinese_name_listed_after_people_told_by_role_before_a_discussion_is_hidden(text, redacted):
    """"与家属及张三讨论" sent the name: the list before a verb of discussing had to start with a name, though the people
    named by role come first as readily, as after a verb of passing a result on ("已告知家属、张三和李四")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Patient Jones is limited in mobility.", "Patient [NAME_1] is limited in mobility."),
    ("Patient Smith is poor historian.", "Patient [NAME_1] is poor historian."),
    ("Patient Khan was extensive smoker.", "Patient [NAME_1] was extensive smoker."),
])
def test_a_surname_after_patient_before_is_or_was_and_a_word_of_quality_is_hidden(text, redacted):
    """Read as a state's quality or degree after is or was ("Patient Hygiene is poor"), a word said of a person sent the
    surname before it: a patient is limited, a poor historian or an extensive smoker, so the word after is or was tells
    no state from a surname ("Patient Hygiene is poor" hides "Hygiene", a known gap)."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text, redacted", [
    ("Discussed with Ho at 14:00. Ho agreed.", "Discussed with [NAME_1] at 14:00. [NAME_1] agreed."),
    ("Mr. Wu was seen. Wu agreed. WU AGREED.", "Mr. [NAME_1] was seen. [NAME_1] agreed. [NAME_1b] AGREED."),
    ("DISCUSSED WITH DR. WU. Wu agreed.", "DISCUSSED WITH DR. [NAME_1]. [NAME_1b] agreed."),
    ("Dr. John Ho reviewed the films. Ho agreed.", "Dr. [NAME_1] reviewed the films. [NAME_1b] agreed."),
    # Clean guards: not in lower case, where the letters are a word ("ho"); not a romanised surname in capitals, as often
    # a role there ("the HO on call"); not a surname that reports also write as an abbreviation, a unit or a
    # classification, in any letter case ("Asc Ao", "Ba swallow", "Bi-RADS", "45 Hu", "LI-RADS", "NG tube"); no particle
    # ("Du"); and no surname that is an English word or a role ("Ms. He", "Dr. Ma"), which stays where the case writes it.
    ("Mr. Ho was seen. Land ho.", "Mr. [NAME_1] was seen. Land ho."),
    ("Mr. Ho was seen. Please discuss with the HO on call.", "Mr. [NAME_1] was seen. Please discuss with the HO on call."),
    ("Dr. Ao reviewed. Asc Ao 3.8 cm.", "Dr. [NAME_1] reviewed. Asc Ao 3.8 cm."),
    ("Mr. Ba was seen. Ba swallow normal.", "Mr. [NAME_1] was seen. Ba swallow normal."),
    ("Mr. Bi was seen. Bi-RADS 4.", "Mr. [NAME_1] was seen. Bi-RADS 4."),
    ("Dr. Hu reviewed. Density 45 Hu.", "Dr. [NAME_1] reviewed. Density 45 Hu."),
    ("Mr. Li was seen. LI-RADS 4 lesion.", "Mr. [NAME_1] was seen. LI-RADS 4 lesion."),
    ("Mr. Ng was seen. NG tube in the stomach.", "Mr. [NAME_1] was seen. NG tube in the stomach."),
    ("Mr. Xi was seen. Cranial nerve XI is intact.", "Mr. [NAME_1] was seen. Cranial nerve XI is intact."),
    ("Mr. Du was seen. Du agreed.", "Mr. [NAME_1] was seen. Du agreed."),
    ("Ms. He attended. He agreed.", "Ms. [NAME_1] attended. He agreed."),
    ("Dr. Ma reviewed. Ma agreed.", "Dr. [NAME_1] reviewed. Ma agreed."),
    ("No nodule. Wu agreed.",) * 2,
    ("Dr. Da Costa reviewed. Da agreed.", "Dr. [NAME_1] reviewed. Da agreed."),
])
def test_a_surname_of_two_letters_found_is_hidden_where_the_case_names_it_again(text, redacted):
    """"Discussed with Ho at 14:00. Ho agreed" sent the second "Ho": a name of two letters was hidden where its context
    found it and never spread, as a longer name is, since such letters are words elsewhere. A surname of two letters that
    is no English word, role nor report abbreviation is hidden capitalised, and in capitals where a name may be written so
    (a pinyin syllable, not a romanised surname such as "HO")."""
    assert redacts_and_restores(text, redacted)


@pytest.mark.parametrize("text", [
    "患者戴口罩来院。",
    "患者戴颈托来院。",
])
def test_what_comes_before_coming_to_hospital_after_patient_is_sent(text):
    """What prose puts between 患者 and 来院 may be a way of coming that starts with a surname's character and is no word of
    jieba's dictionary (戴, "wearing", glued to what is worn: "戴口罩"), so a name run on into 来院 is not read, and the text
    stays as written (a known gap, "患者张三来院复查" is sent)."""
    assert redacts_and_restores(text, text)


@pytest.mark.parametrize("value, parts", [
    ("Prof.. Smith", ["Smith"]),
    ("Mrs... Jane Doe-Smith", ["Jane", "Doe-Smith", "Doe", "Smith"]),
    ("Dr. John Smith", ["John", "Smith"]),
])
def test_a_title_with_doubled_full_stops_is_no_part_of_the_name(value, parts):
    """A title is no name part whatever full stops follow it: read before its stops were stripped, "Prof.." was kept,
    and would have been hidden wherever the case writes "Prof"."""
    from radqc.agents.llm.redact import name_parts

    assert name_parts(value) == parts
