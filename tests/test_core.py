"""The taxonomy and profiles load from package data; bad profiles fail with a message that helps."""

import pytest

from radqc.profiles import ProfileError, load_profile
from radqc.schemas import Case
from radqc.taxonomy import error_types, load_taxonomy


def test_taxonomy_has_the_11_criteria_and_8_report_error_types():
    assert len(error_types("cxr")) == 11 and len(error_types("ct_report")) == 8
    assert "laterality" in error_types("ct_report") and "orientation_photometric" in error_types("cxr")
    assert load_taxonomy().get("ct_report", "omission").zh == "诊断遗漏"
    with pytest.raises(KeyError):
        load_taxonomy().get("cxr", "laterality")


def test_default_profile_is_offline():
    profile = load_profile("offline")
    assert profile.offline and profile.retrieval.enabled
    assert profile.recall.min_confidence < profile.precision.min_confidence


def test_user_profiles_and_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("RADQC_PROFILES_DIR", str(tmp_path))
    (tmp_path / "mine.yaml").write_text("description: my own\nverifier: union\nretrieval: {enabled: false}\n")
    mine = load_profile("mine")
    assert mine.name == "mine" and mine.verifier == "union" and not mine.retrieval.enabled
    (tmp_path / "typo.yaml").write_text("verifer: union\n")
    with pytest.raises(ProfileError, match="invalid"):
        load_profile("typo")
    with pytest.raises(ProfileError, match="available: .*offline"):
        load_profile("no-such-profile")
    assert load_profile(str(tmp_path / "mine.yaml")).verifier == "union"


def test_a_user_profile_may_be_named_yml(tmp_path, monkeypatch):
    """A profile saved as NAME.yml was neither listed nor found ("unknown profile"), without a word on why."""
    from radqc.profiles import available_profiles

    monkeypatch.setenv("RADQC_PROFILES_DIR", str(tmp_path))
    (tmp_path / "short.yml").write_text("verifier: union\n")
    (tmp_path / "both.yml").write_text("verifier: union\n")
    (tmp_path / "both.yaml").write_text("verifier: intersection\n")
    assert {"short", "both"} <= set(available_profiles())
    assert load_profile("short").verifier == "union" and load_profile("short").name == "short"
    assert load_profile("both").verifier == "intersection"


def test_a_user_profile_named_otherwise_inside_is_refused(tmp_path, monkeypatch):
    """A copy of a shipped profile that kept its `name:` ran, and was recorded and compared, as the original."""
    monkeypatch.setenv("RADQC_PROFILES_DIR", str(tmp_path))
    (tmp_path / "cheaper.yaml").write_text("name: openai\nverifier: union\n")
    with pytest.raises(ProfileError, match="says `name: openai`.*set `name: cheaper`"):
        load_profile("cheaper")
    (tmp_path / "cheaper.yaml").write_text("name: cheaper\nverifier: union\n")
    assert load_profile("cheaper").name == "cheaper"
    # a file given by its path is not looked up by its name: the name inside is the one to record
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "draft.yaml").write_text("name: gpt-mini-trial\n")
    assert load_profile(str(tmp_path / "elsewhere" / "draft.yaml")).name == "gpt-mini-trial"


def test_case_normalises_view_and_sex():
    case = Case.model_validate({"case_id": "c1", "modality": "cxr", "view": "ap", "patient": {"sex": "male"}})
    assert case.view == "AP" and case.sex == "M"


@pytest.mark.parametrize("written, sex", [("女性", "F"), ("男性", "M"), ("O", "U"), ("other", "U")])
def test_sex_as_chinese_records_and_dicom_write_it(written, sex):
    """"女性"/"男性" and DICOM's "O" (other) made the whole case an error ("Input should be 'M', 'F' or 'U'")."""
    assert Case.model_validate({"case_id": "c1", "modality": "ct_report", "report": "x", "patient": {"sex": written}}).sex == sex


def test_identifier_opt_in_reaches_the_llm_auditor():
    from radqc.agents.registry import make_auditor
    from radqc.profiles import RoleConfig

    opted_in = make_auditor("ct_report", RoleConfig(auditor="llm", model="azure/gpt-4o", phi_allowed_providers=["azure"]))
    default = make_auditor("ct_report", RoleConfig(auditor="llm", model="azure/gpt-4o"))
    assert opted_in.client.phi_allowed and not default.client.phi_allowed


@pytest.mark.parametrize("count, words, said", [
    (1, ("case",), "1 case"), (0, ("case",), "0 cases"), (2, ("case waits", "cases wait"), "2 cases wait"),
    (1, ("cached reply", "cached replies"), "1 cached reply"), (3, ("cached reply", "cached replies"), "3 cached replies"),
])
def test_a_count_takes_its_noun_in_the_number_it_asks_for(count, words, said):
    from radqc.plural import counted

    assert counted(count, *words) == said
