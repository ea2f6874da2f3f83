"""Radiograph input: PNG/JPEG/DICOM into one display-convention array, and clear errors for bad files."""

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

from radqc.agents.cxr.image_io import ImageLoadError, load_radiograph, sniff_format

FIXTURES = Path(__file__).parent / "fixtures" / "dicom"
MONO1_J2K = FIXTURES / "rg1_chest_pa_mono1_j2k.dcm"
MONO2_JPEG = FIXTURES / "nih_siim_chest_pa_mono2.dcm"


def gradient(height=60, width=80, top=255):
    return np.tile(np.linspace(0, top, width), (height, 1)).round().astype(np.uint16)


def test_png_8bit_keeps_values_and_shape(tmp_path):
    pixels = gradient().astype(np.uint8)
    Image.fromarray(pixels).save(tmp_path / "a.png")
    radiograph = load_radiograph(tmp_path / "a.png")
    assert radiograph.source_format == "png" and radiograph.bit_depth == 8
    assert radiograph.pixels.dtype == np.float32 and radiograph.pixels.shape == (60, 80)
    assert radiograph.original_shape == (60, 80) and radiograph.scale == 1.0
    np.testing.assert_allclose(radiograph.pixels, pixels / 255.0, atol=1e-6)
    assert radiograph.header == {}


def test_png_16bit_uses_the_full_16_bit_range(tmp_path):
    pixels = gradient(top=65535)
    Image.fromarray(pixels.astype(np.uint16)).save(tmp_path / "a16.png")
    radiograph = load_radiograph(tmp_path / "a16.png")
    assert radiograph.bit_depth == 16
    np.testing.assert_allclose(radiograph.pixels, pixels / 65535.0, atol=1e-5)


@pytest.mark.parametrize("bits", [8, 10, 12, 14])
def test_16bit_png_holding_fewer_bits_is_read_on_the_range_it_was_stored_in(tmp_path, bits):
    """A DICOM export often writes a 12-bit detector's values unscaled into a 16-bit PNG."""
    pixels = gradient(top=2**bits - 1)
    Image.fromarray(pixels.astype(np.uint16)).save(tmp_path / "stored.png")
    radiograph = load_radiograph(tmp_path / "stored.png")
    assert radiograph.bit_depth == bits
    np.testing.assert_allclose(radiograph.pixels, pixels / (2**bits - 1), atol=1e-5)
    assert radiograph.pixels.max() == pytest.approx(1.0)


def test_a_dark_film_stored_on_the_full_16_bit_scale_stays_dark(tmp_path):
    """A film whose brightest part is 40 % grey (a simulated over-exposure, say) is not stretched."""
    pixels = gradient(top=int(0.4 * 65535))
    Image.fromarray(pixels.astype(np.uint16)).save(tmp_path / "dark.png")
    radiograph = load_radiograph(tmp_path / "dark.png")
    assert radiograph.bit_depth == 16 and radiograph.pixels.max() == pytest.approx(0.4, abs=1e-4)


def test_a_chest_film_reads_alike_from_8_bit_and_12_bit_in_16_bit_files(tmp_path, chest):
    from radqc.agents.cxr.decide import confidences
    from radqc.agents.cxr.features import measure_radiograph

    Image.fromarray(np.round(chest * 255).astype(np.uint8)).save(tmp_path / "eight.png")
    Image.fromarray(np.round(chest * 4095).astype(np.uint16)).save(tmp_path / "twelve.png")
    eight, twelve = (load_radiograph(tmp_path / name, max_side=512) for name in ("eight.png", "twelve.png"))
    np.testing.assert_allclose(twelve.pixels, eight.pixels, atol=1 / 255)
    flagged = [{c for c, v in confidences(measure_radiograph(r).features).items() if v >= 0.5} for r in (eight, twelve)]
    assert flagged[0] == flagged[1]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "LA", "P"])
def test_colour_and_alpha_become_grey(tmp_path, mode):
    grey = Image.fromarray(gradient().astype(np.uint8))
    grey.convert(mode).save(tmp_path / "c.png")
    radiograph = load_radiograph(tmp_path / "c.png")
    assert radiograph.pixels.ndim == 2
    np.testing.assert_allclose(radiograph.pixels, np.asarray(grey) / 255.0, atol=2 / 255)


def test_large_jpeg_is_downsampled_and_scale_maps_back(tmp_path):
    pixels = np.tile(np.linspace(0, 255, 3000), (2000, 1)).astype(np.uint8)
    Image.fromarray(pixels).save(tmp_path / "big.jpg", quality=90)
    radiograph = load_radiograph(tmp_path / "big.jpg", max_side=512)
    assert radiograph.source_format == "jpeg"
    assert max(radiograph.pixels.shape) == 512 and radiograph.original_shape == (2000, 3000)
    assert radiograph.scale == pytest.approx(3000 / 512)
    assert radiograph.to_original((0, 0, 512, 341)) == [0, 0, 3000, round(341 * 3000 / 512)]
    # Area averaging keeps the ramp: left dark, right bright, monotone along a row.
    row = radiograph.pixels[100]
    assert row[0] < 0.05 and row[-1] > 0.95 and np.all(np.diff(row) > -0.02)


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_a_film_stored_on_its_side_is_read_as_its_exif_orientation_shows_it(tmp_path, kind):
    """A phone or camera JPEG stored sideways with EXIF orientation 6 was audited on its side, so an
    upright film drew an orientation fault; its regions are given on the film as viewers show it."""
    upright = gradient(height=40, width=100).astype(np.uint8)
    upright[:10] = 0  # a dark band along the top tells the turns apart
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90 degrees clockwise to display
    Image.fromarray(np.rot90(upright)).save(tmp_path / f"side.{kind}", exif=exif, quality=98)
    radiograph = load_radiograph(tmp_path / f"side.{kind}")
    assert radiograph.original_shape == (40, 100) and radiograph.pixels.shape == (40, 100)
    np.testing.assert_allclose(radiograph.pixels, upright / 255.0, atol=0.05)


def test_format_is_detected_from_content_not_extension(tmp_path):
    Image.fromarray(gradient().astype(np.uint8)).save(tmp_path / "x.png")
    misnamed = tmp_path / "really_png.jpg"
    shutil.copy(tmp_path / "x.png", misnamed)
    assert load_radiograph(misnamed).source_format == "png"
    dicom_as_png = tmp_path / "scan.png"
    shutil.copy(MONO2_JPEG, dicom_as_png)
    assert load_radiograph(dicom_as_png).source_format == "dicom"
    assert sniff_format(b"hello") is None


@pytest.mark.parametrize(
    "content",
    [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0" + b"garbage" * 10],
    ids=["empty", "text", "png-header-only", "jpeg-garbage"],
)
def test_bad_files_raise_image_load_error(tmp_path, content):
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    with pytest.raises(ImageLoadError):
        load_radiograph(path)


def test_missing_file_and_truncated_files_raise_image_load_error(tmp_path):
    with pytest.raises(ImageLoadError, match="cannot read"):
        load_radiograph(tmp_path / "nope.png")
    Image.fromarray(gradient().astype(np.uint8)).save(tmp_path / "t.png")
    data = (tmp_path / "t.png").read_bytes()
    (tmp_path / "t.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageLoadError):
        load_radiograph(tmp_path / "t.png")
    truncated = tmp_path / "t.dcm"
    truncated.write_bytes(MONO2_JPEG.read_bytes()[:4000])
    with pytest.raises(ImageLoadError):
        load_radiograph(truncated)


def test_decompression_bomb_guard_stays_on(tmp_path, monkeypatch):
    Image.fromarray(np.zeros((100, 100), dtype=np.uint8)).save(tmp_path / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 100x100 = 10x the limit: Pillow refuses
    with pytest.raises(ImageLoadError, match="too many pixels"):
        load_radiograph(tmp_path / "bomb.png")


def test_too_many_pixels_says_how_many_and_what_to_do(tmp_path, monkeypatch):
    Image.fromarray(np.zeros((100, 100), dtype=np.uint8)).save(tmp_path / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ImageLoadError) as refused:
        load_radiograph(tmp_path / "bomb.png")
    assert "(10,000; radqc reads at most 2,000," in str(refused.value)
    assert "shrink it first" in str(refused.value) and "decompression bomb DOS" not in str(refused.value)


def test_a_film_pillow_only_warns_about_is_read_without_a_stray_warning(tmp_path, monkeypatch):
    """Between Pillow's limit and twice it Pillow opens the file and warns: the user would see a Python warning."""
    Image.fromarray(gradient(40, 40).astype(np.uint8)).save(tmp_path / "big.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 1,600 px: over the limit, under twice it
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_radiograph(tmp_path / "big.png").original_shape == (40, 40)


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    import radqc.agents.cxr.image_io as image_io

    Image.fromarray(gradient().astype(np.uint8)).save(tmp_path / "a.png")
    monkeypatch.setattr(image_io, "MAX_IMAGE_BYTES", 10)
    with pytest.raises(ImageLoadError, match="over the 10-byte limit .raise RADQC_MAX_IMAGE_BYTES to allow it."):
        load_radiograph(tmp_path / "a.png")


def test_monochrome1_jpeg2000_is_inverted_to_display_convention():
    radiograph = load_radiograph(MONO1_J2K, max_side=256)
    assert radiograph.source_format == "dicom" and radiograph.photometric == "MONOCHROME1"
    assert radiograph.original_shape == (1955, 1841) and radiograph.bit_depth == 15
    assert 0.0 <= radiograph.pixels.min() and radiograph.pixels.max() <= 1.0
    stored = pydicom.dcmread(MONO1_J2K).pixel_array.astype(np.float32)
    small = np.asarray(Image.fromarray(stored).resize(radiograph.pixels.shape[::-1], Image.Resampling.BOX))
    # MONOCHROME1: high stored values are dark on display.
    assert np.corrcoef(small.ravel(), radiograph.pixels.ravel())[0, 1] < -0.95


def test_monochrome2_jpeg_baseline_keeps_polarity_and_a_safe_header():
    radiograph = load_radiograph(MONO2_JPEG)
    stored = pydicom.dcmread(MONO2_JPEG).pixel_array.astype(np.float32)
    assert np.corrcoef(stored.ravel(), radiograph.pixels.ravel())[0, 1] > 0.99
    header = radiograph.header
    assert header["ViewPosition"] == "PA" and header["PixelSpacing"] == [0.168, 0.168]
    assert header["Rows"] == 1024 and header["PatientSex"] == "M"
    json.dumps(header)  # plain JSON values only


def test_identifiers_never_reach_the_header(tmp_path):
    dataset = pydicom.dcmread(MONO2_JPEG)
    dataset.PatientName = "Doe^Jane"
    dataset.PatientID = "SECRET-123"
    dataset.save_as(tmp_path / "named.dcm")
    header = load_radiograph(tmp_path / "named.dcm").header
    assert "PatientName" not in header and "PatientID" not in header
    assert "Doe" not in json.dumps(header) and "SECRET" not in json.dumps(header)


def test_relabelling_monochrome2_as_monochrome1_inverts_the_display(tmp_path):
    dataset = pydicom.dcmread(MONO2_JPEG)
    dataset.PhotometricInterpretation = "MONOCHROME1"
    dataset.save_as(tmp_path / "inverted.dcm")
    original = load_radiograph(MONO2_JPEG).pixels
    relabelled = load_radiograph(tmp_path / "inverted.dcm").pixels
    np.testing.assert_allclose(relabelled, 1.0 - original, atol=1e-5)


def test_window_from_the_header_is_applied(tmp_path):
    dataset = pydicom.dcmread(MONO2_JPEG)
    dataset.WindowCenter = 128
    dataset.WindowWidth = 64
    dataset.save_as(tmp_path / "windowed.dcm")
    windowed = load_radiograph(tmp_path / "windowed.dcm").pixels
    stored = pydicom.dcmread(MONO2_JPEG).pixel_array.astype(np.float32)
    assert np.all(windowed[stored < 95] == 0.0) and np.all(windowed[stored > 160] == 1.0)
    middle = (stored > 110) & (stored < 145)
    expected = np.clip(((stored - 127.5) / 63 + 0.5), 0, 1)  # DICOM linear window, PS3.3 C.11.2.1.2
    np.testing.assert_allclose(windowed[middle], expected[middle], atol=0.02)


def _new_dicom(rows, columns, **attributes):
    """A minimal uncompressed secondary-capture dataset with ATTRIBUTES set (pixel data still to add)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = SecondaryCaptureImageStorage
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.Rows, dataset.Columns = rows, columns
    dataset.PixelRepresentation = 0
    for keyword, value in attributes.items():
        setattr(dataset, keyword, value)
    return dataset


def _synthetic_dicom(path, frames, **attributes):
    """A 12-bit MONOCHROME2 file from one frame (2-D) or several (3-D)."""
    dataset = _new_dicom(*frames.shape[-2:], Modality="DX", SamplesPerPixel=1, PhotometricInterpretation="MONOCHROME2",
                         BitsAllocated=16, BitsStored=12, HighBit=11, **attributes)
    if frames.ndim == 3:
        dataset.NumberOfFrames = frames.shape[0]
    dataset.PixelData = frames.astype(np.uint16).tobytes()
    dataset.save_as(path, enforce_file_format=True)


def test_multiframe_dicom_uses_the_first_frame(tmp_path):
    frames = np.stack([np.full((32, 48), 1000), np.full((32, 48), 3000)])
    frames[0, :, :24] = 0
    _synthetic_dicom(tmp_path / "multi.dcm", frames)
    radiograph = load_radiograph(tmp_path / "multi.dcm")
    assert radiograph.pixels.shape == (32, 48)
    assert radiograph.pixels[:, :24].max() == 0.0 and radiograph.pixels[:, 24:].min() == 1.0


def test_rescale_slope_and_intercept_are_applied_before_the_window(tmp_path):
    frame = np.tile(np.arange(0, 64) * 10, (16, 1))
    # Modality LUT maps stored 0..630 to 1000..2260; a window 1000..2260 then spans the full range.
    _synthetic_dicom(tmp_path / "rescaled.dcm", frame, RescaleSlope=2, RescaleIntercept=1000, WindowCenter=1630, WindowWidth=1260)
    pixels = load_radiograph(tmp_path / "rescaled.dcm").pixels
    assert pixels[0, 0] == pytest.approx(0.0, abs=0.01) and pixels[0, -1] == pytest.approx(1.0, abs=0.01)


def test_dicom_without_pixels_raises_image_load_error(tmp_path):
    dataset = pydicom.dcmread(MONO2_JPEG)
    del dataset.PixelData
    dataset.save_as(tmp_path / "nopixels.dcm")
    with pytest.raises(ImageLoadError, match="without pixel data"):
        load_radiograph(tmp_path / "nopixels.dcm")


def test_broken_window_values_fall_back_to_the_data_range(tmp_path):
    dataset = pydicom.dcmread(MONO2_JPEG)
    dataset.WindowCenter = 100
    dataset.WindowWidth = 0  # invalid: width must be >= 1
    dataset.save_as(tmp_path / "badwindow.dcm")
    pixels = load_radiograph(tmp_path / "badwindow.dcm").pixels
    assert pixels.min() == 0.0 and pixels.max() == 1.0


def test_dicom_without_preamble_is_recognised(tmp_path):
    frame = np.tile(np.arange(0, 64) * 50, (16, 1))
    _synthetic_dicom(tmp_path / "with_meta.dcm", frame)
    dataset = pydicom.dcmread(tmp_path / "with_meta.dcm")
    del dataset.file_meta
    dataset.preamble = None
    pydicom.dcmwrite(tmp_path / "bare.dcm", dataset, implicit_vr=True, little_endian=True)
    assert (tmp_path / "bare.dcm").read_bytes()[:2] == b"\x08\x00"
    radiograph = load_radiograph(tmp_path / "bare.dcm")
    assert radiograph.source_format == "dicom" and radiograph.pixels.shape == (16, 64)
    assert radiograph.pixels[0, 0] == 0.0 and radiograph.pixels[0, -1] == 1.0


def test_colour_dicom_becomes_grey(tmp_path):
    rgb = np.zeros((16, 24, 3), dtype=np.uint8)
    rgb[:, 12:] = 255
    dataset = _new_dicom(16, 24, SamplesPerPixel=3, PlanarConfiguration=0, PhotometricInterpretation="RGB",
                         BitsAllocated=8, BitsStored=8, HighBit=7)
    dataset.PixelData = rgb.tobytes()
    dataset.save_as(tmp_path / "rgb.dcm", enforce_file_format=True)
    radiograph = load_radiograph(tmp_path / "rgb.dcm")
    assert radiograph.pixels.shape == (16, 24) and radiograph.photometric == "RGB"
    assert radiograph.pixels[:, :12].max() == 0.0 and radiograph.pixels[:, 12:].min() == 1.0


def test_palette_colour_dicom_is_read_through_its_palette(tmp_path):
    """PALETTE COLOR stores indices into the file's colour table, not grey levels: read raw, a palette
    that runs from white to black would show the film inverted."""
    indices = np.zeros((16, 24), dtype=np.uint8)
    indices[:, 12:] = 255
    dataset = _new_dicom(16, 24, SamplesPerPixel=1, PhotometricInterpretation="PALETTE COLOR",
                         BitsAllocated=8, BitsStored=8, HighBit=7)
    table = np.linspace(65535, 0, 256).astype(np.uint16).tobytes()  # index 0 white, 255 black
    for colour in ("Red", "Green", "Blue"):
        setattr(dataset, f"{colour}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(dataset, f"{colour}PaletteColorLookupTableData", table)
    dataset.PixelData = indices.tobytes()
    dataset.save_as(tmp_path / "palette.dcm", enforce_file_format=True)
    radiograph = load_radiograph(tmp_path / "palette.dcm")
    assert radiograph.pixels.shape == (16, 24) and radiograph.photometric == "PALETTE COLOR"
    assert radiograph.pixels[:, :12].min() == 1.0 and radiograph.pixels[:, 12:].max() == 0.0


def test_a_region_along_the_films_edge_maps_back_inside_it(tmp_path):
    """The scale is the columns' ratio; rows rounded to whole working pixels map back a little long, and a box
    over the whole working image once ended a few rows past the film's bottom edge."""
    Image.fromarray(gradient(1000, 333).astype(np.uint8)).save(tmp_path / "tall.png")
    radiograph = load_radiograph(tmp_path / "tall.png", max_side=512)
    height, width = radiograph.pixels.shape
    assert height * radiograph.scale > 1000  # the rows' rounding this test is about
    assert radiograph.to_original((0, 0, width, height)) == [0, 0, 333, 1000]
    assert radiograph.to_original((0, height - 8, width, height))[3] == 1000
