"""DICOM header QC. Neither fixture carries exposure indices or a view mismatch, so the tests write those
tags into copies of the fixtures (in tmp dirs) with pydicom and read them back through the image loader."""

import math
from pathlib import Path

import pydicom
import pytest
from pydicom.dataelem import DataElement

from radqc.agents.cxr.dicom_qc import check_header, effective_view, other_examination, pixel_spacing_mm
from radqc.agents.cxr.image_io import load_radiograph

FIXTURES = Path(__file__).parent / "fixtures" / "dicom"
MONO2 = FIXTURES / "nih_siim_chest_pa_mono2.dcm"
MONO1 = FIXTURES / "rg1_chest_pa_mono1_j2k.dcm"


def header_of_copy(tmp_path, source=MONO2, **tags):
    """Write TAGS into a copy of SOURCE and return the header the loader extracts from it."""
    dataset = pydicom.dcmread(source)
    for keyword, value in tags.items():
        if value is None:
            delattr(dataset, keyword)
        else:
            setattr(dataset, keyword, value)
    path = tmp_path / "copy.dcm"
    dataset.save_as(path)
    return load_radiograph(path, max_side=64).header


@pytest.mark.parametrize(
    "ei, target, expected_type, band",
    [
        (560, 500, None, "acceptable"),  # DI +0.49
        (300, 500, "underexposure", "review"),  # DI -2.2
        (200, 500, "underexposure", "act"),  # DI -4.0
        (900, 500, "overexposure", "review"),  # DI +2.6
        (1600, 400, "overexposure", "act"),  # DI +6.0
    ],
)
def test_deviation_index_bands_from_written_exposure_indices(tmp_path, ei, target, expected_type, band):
    header = header_of_copy(tmp_path, ExposureIndex=ei, TargetExposureIndex=target)
    result = check_header(header, "PA")
    assert result.measurements["band"] == band
    assert result.measurements["deviation_index"] == pytest.approx(10 * math.log10(ei / target), abs=1e-3)
    if expected_type is None:
        assert result.findings == []
        return
    (finding,) = result.findings
    assert finding.error_type == expected_type and finding.source == "dicom-header"
    assert finding.confidence == (0.9 if band == "act" else 0.6)
    assert finding.measurements["exposure_index"] == ei and finding.measurements["band"] == band


def test_reported_deviation_index_is_used_and_a_contradiction_is_reported(tmp_path):
    header = header_of_copy(tmp_path, DeviationIndex=-3.5)
    result = check_header(header)
    assert result.findings[0].error_type == "underexposure"
    assert result.measurements["deviation_index_source"] == "header"
    contradicting = header_of_copy(tmp_path, DeviationIndex=0.0, ExposureIndex=1000, TargetExposureIndex=250)
    result = check_header(contradicting)
    assert result.findings == []  # the modality's own DI (0) is what it reported
    assert any("disagrees" in issue for issue in result.issues)


def test_exposure_index_without_target_gives_no_finding_but_says_why(tmp_path):
    result = check_header(header_of_copy(tmp_path, ExposureIndex=120))
    assert result.findings == [] and any("TargetExposureIndex" in issue for issue in result.issues)


def test_dicom_view_position_wins_over_the_declared_view(tmp_path):
    header = header_of_copy(tmp_path, ViewPosition="AP")
    result = check_header(header, "PA")
    assert result.effective_view == "AP"
    assert any("declared view PA" in issue for issue in result.issues)
    assert effective_view("PA", {"ViewPosition": "LL"}) == "LAT"
    assert effective_view("ap", {}) == "AP"
    assert effective_view(None, None) is None


def test_a_decubitus_film_is_audited_as_a_frontal_bedside_film(tmp_path):
    """LLD and RLD are frontal films of a patient lying on one side, not laterals."""
    for position in ("LLD", "RLD"):
        result = check_header(header_of_copy(tmp_path, ViewPosition=position), "AP")
        assert result.effective_view == "AP" and not any("View" in issue or "declared" in issue for issue in result.issues)


def test_unknown_or_missing_view_position_falls_back_to_the_declared_view(tmp_path):
    odd = check_header(header_of_copy(tmp_path, ViewPosition="OBLIQUE"), "PA")
    assert odd.effective_view == "PA" and any("OBLIQUE" in issue for issue in odd.issues)
    missing = check_header(header_of_copy(tmp_path, ViewPosition=None), "AP")
    assert missing.effective_view == "AP" and not any("View" in issue for issue in missing.issues)


def test_zero_pixel_spacing_of_a_real_file_is_unknown_not_a_crash():
    header = load_radiograph(MONO1, max_side=64).header
    result = check_header(header, "PA")
    assert result.pixel_spacing_mm is None
    assert any("PixelSpacing" in issue for issue in result.issues)
    assert pixel_spacing_mm({"PixelSpacing": [0.143, 0.143]}) == (0.143, 0.143)
    assert pixel_spacing_mm({"PixelSpacing": "0.2\\0.2"}) == (0.2, 0.2)
    assert pixel_spacing_mm({"PixelSpacing": "abc"}) is None


def test_photometric_oddities_are_issues():
    assert any("unusual" in i for i in check_header({"PhotometricInterpretation": "RGB"}).issues)
    assert any("missing" in i for i in check_header({"Modality": "DX"}).issues)
    assert check_header({"PhotometricInterpretation": "MONOCHROME1", "Modality": "CR"}).issues == []


def test_a_file_without_header_gives_nothing_to_report():
    result = check_header({}, "PA")
    assert result.findings == [] and result.issues == [] and result.effective_view == "PA"


def test_other_odd_attributes_are_reported():
    issues = check_header({"PhotometricInterpretation": "MONOCHROME2", "Modality": "CT", "BodyPartExamined": "ABDOMEN", "ImageLaterality": "L"}).issues
    assert len(issues) == 1 and "ImageLaterality" in issues[0]  # another examination is `other_examination`'s


@pytest.mark.parametrize("modality", ["CR", "DX", "DR", "RG", "dx", "OT", "", None])
@pytest.mark.parametrize("body_part", ["CHEST", "CHEST ", "chest", "THORAX", "Thorax PA", "CHEST_AP", "CHESTABDOMEN", "LUNG", "TORAX", "", None])
def test_a_chest_film_header_or_an_empty_value_declares_no_other_examination(modality, body_part):
    assert other_examination({"Modality": modality, "BodyPartExamined": body_part}) == []


@pytest.mark.parametrize("tags, named", [
    ({"Modality": "CT"}, "Modality 'CT'"),
    ({"Modality": "MG"}, "Modality 'MG'"),
    ({"Modality": "PX"}, "Modality 'PX'"),  # a dental panoramic film
    ({"BodyPartExamined": "HAND"}, "BodyPartExamined 'HAND'"),
    ({"BodyPartExamined": "SKULL", "Modality": "CR"}, "BodyPartExamined 'SKULL'"),
])
def test_a_header_of_another_examination_is_named(tags, named):
    (note,) = other_examination({"Modality": "DX", "BodyPartExamined": "CHEST", **tags})
    assert named in note and "audited as a chest radiograph anyway" in note
    assert len(other_examination({"Modality": "CT", "BodyPartExamined": "ABDOMEN"})) == 2


def test_a_multi_frame_file_says_only_its_first_frame_is_audited(tmp_path):
    """Only frame 1 of a multi-frame file was read, and nothing said so."""
    import numpy as np

    dataset = pydicom.dcmread(MONO2)
    frame = dataset.pixel_array
    dataset.PixelData, dataset.NumberOfFrames = np.stack([frame, frame[::-1]]).tobytes(), 2
    dataset.file_meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
    dataset.save_as(tmp_path / "frames.dcm")
    issues = check_header(load_radiograph(tmp_path / "frames.dcm").header).issues
    assert issues == ["2 frames in the file: only the first is audited"]
    assert check_header(load_radiograph(MONO2).header).issues == []


@pytest.mark.parametrize(
    "value",
    ["abc", "1e999", "nan", "", "9" * 5000, 10**400, ["x", "y"], [], {"nested": 1}, True, "12abc"],
    ids=["text", "inf", "nan", "empty", "huge-string", "huge-int", "list", "empty-list", "dict", "bool", "number-with-text"],
)
def test_untrusted_exposure_values_never_crash(value):
    result = check_header({"ExposureIndex": value, "TargetExposureIndex": value, "DeviationIndex": value, "PhotometricInterpretation": "MONOCHROME2"})
    assert result.findings == []


def test_wrong_vr_and_huge_strings_in_a_real_file(tmp_path):
    dataset = pydicom.dcmread(MONO2)
    dataset.add(DataElement(0x00181411, "LO", "not-a-number"))  # ExposureIndex is DS by the standard
    dataset.add(DataElement(0x00181412, "LO", "x" * 60))
    dataset.add(DataElement(0x00185101, "CS", "P" * 16))  # ViewPosition, nonsense
    dataset.save_as(tmp_path / "odd.dcm")
    radiograph = load_radiograph(tmp_path / "odd.dcm", max_side=64)
    result = check_header(radiograph.header, "AP")
    assert result.findings == [] and result.effective_view == "AP"
    assert any("ExposureIndex" in issue for issue in result.issues)
