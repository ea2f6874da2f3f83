"""Read a chest radiograph (PNG, JPEG or DICOM) into one working form that every check measures on.

Checks must not care where an image came from, so every file becomes a float32 array in [0, 1] in the
DISPLAY convention (dense/bone bright, air dark), no larger than `max_side`, plus what is needed to map
a region back to the original pixels (`scale`) and a few header values for header-level QC. Files are
untrusted: anything unreadable raises `ImageLoadError` with a message a user can act on, never a
library traceback. The format is detected from the bytes, because extensions lie.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from radqc.limits import IMAGE_BYTES_VARIABLE, MAX_IMAGE_BYTES, over_limit

SourceFormat = Literal["png", "jpeg", "dicom"]

# The pair pydicom maps stored pixel values by whenever both are present, even empty; checked before
# the pixels are mapped by them (`dicom_qc.rescale_problem`).
RESCALE = ("RescaleSlope", "RescaleIntercept")
# Header attributes kept for QC. Patient name, id and dates are deliberately absent: the header dict
# travels into traces, prompts and reports.
HEADER_KEYWORDS = (
    "Modality",
    "ViewPosition",
    "PhotometricInterpretation",
    "KVP",
    "ExposureIndex",
    "TargetExposureIndex",
    "DeviationIndex",
    "ImageLaterality",
    "PixelSpacing",
    "BodyPartExamined",
    "Rows",
    "Columns",
    "BitsStored",
    "PatientSex",
    # Text burned into the pixels may name the patient: an LLM auditor does not send such a film.
    "BurnedInAnnotation",
    "NumberOfFrames",  # only the first frame is read
    *RESCALE,
)
MAX_HEADER_TEXT = 64
# Ranges integer images are stored in: 8-bit displays and the 10-, 12- and 14-bit detectors DICOM
# exports carry unscaled into 16-bit PNGs (`_bits_used`).
DETECTOR_BITS = (8, 10, 12, 14, 16)
# Same ceiling as Pillow's decompression-bomb error (2 x MAX_IMAGE_PIXELS), applied to DICOM before decoding.
MAX_PIXELS = 2 * 89_478_485
# The EXIF Orientation tag, and its values that turn the image by a quarter (rows become columns).
_EXIF_ORIENTATION = 0x0112
_EXIF_QUARTER_TURNS = (5, 6, 7, 8)


class ImageLoadError(Exception):
    """The file is not a radiograph radqc can read (wrong format, corrupt, truncated, too large)."""


@dataclass(frozen=True)
class Radiograph:
    pixels: np.ndarray  # float32, 2-D, [0, 1], bright = dense
    original_shape: tuple[int, int]  # (rows, columns) of the stored image
    scale: float  # original pixels per working pixel
    source_format: SourceFormat
    bit_depth: int
    photometric: str | None = None  # DICOM PhotometricInterpretation as stored
    header: dict[str, Any] = field(default_factory=dict)
    # (path, size, mtime) of the file it was read from: what per-process caches of measurements key on.
    identity: tuple | None = None

    def to_original(self, region: tuple[int, int, int, int]) -> list[int]:
        """A working-pixel box (x0, y0, x1, y1) in original pixel coordinates, for Finding.region, within the
        image: `scale` is the columns' ratio, and the rows, rounded to whole working pixels, can map a few past
        the last row (a strip along the bottom edge ended outside the film)."""
        rows, columns = self.original_shape
        return [min(int(round(v * self.scale)), limit) for v, limit in zip(region, (columns, rows, columns, rows))]


def sniff_format(head: bytes) -> SourceFormat | None:
    """The image format from the first 132 bytes, or None when it is none of ours."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if len(head) >= 132 and head[128:132] == b"DICM":
        return "dicom"
    # Old files without the 128-byte preamble start directly with a little-endian group 0002 or 0008 tag
    # followed by an explicit VR, or the element's length under implicit VR.
    if len(head) >= 8 and head[:2] in (b"\x02\x00", b"\x08\x00") and head[3:4] == b"\x00":
        return "dicom"
    return None


def auditable_radiograph(image_file: str | None, max_side: int) -> Radiograph:
    """The case's radiograph at MAX_SIDE; ImageLoadError when there is none radqc can audit: no file,
    one that does not decode, or one too small or narrow to hold a chest layout. The workflow calls a
    radiograph case with such an input an error before any auditor runs (an error is a miss)."""
    if not image_file:
        raise ImageLoadError("no image file to audit")
    radiograph = load_radiograph(image_file, max_side=max_side)
    _require_auditable_size(Path(image_file).name, *radiograph.original_shape)
    _require_content(Path(image_file).name, radiograph.pixels)
    return radiograph


def unauditable_reason(image_file: str | None) -> str | None:
    """Why IMAGE_FILE cannot be audited as a radiograph, or None. It is decoded in full, at the working
    size the offline auditor and the retrieval features read it at (they then reuse this decode from
    the cache), so "readable" here means exactly "readable by the audit"."""
    from radqc.agents.cxr.features import WORKING_SIDE

    try:
        auditable_radiograph(image_file, WORKING_SIDE)
    except ImageLoadError as exc:
        return str(exc)
    return None


def radiograph_notes(image_file: str | None) -> list[str]:
    """What an audit of IMAGE_FILE notes about its case, the case then "degraded": a DICOM header that
    declares another examination (`dicom_qc.other_examination`). ImageLoadError when it cannot be
    audited at all (`auditable_radiograph`, at the working size, so the auditors reuse this decode).
    One function for the workflow and `radqc data validate`, so that validate lists what an audit notes."""
    from radqc.agents.cxr.dicom_qc import other_examination
    from radqc.agents.cxr.features import WORKING_SIDE

    return other_examination(auditable_radiograph(image_file, WORKING_SIDE).header)


def _require_auditable_size(name: str, rows: int, columns: int) -> None:
    """The measurements need at least the orientation template's side in working pixels on the short
    side; fewer (a tiny image, or a thin strip shrunk to the working size) hold no chest to measure."""
    from radqc.agents.cxr.features import WORKING_SIDE
    from radqc.agents.cxr.orientation import TEMPLATE_SIDE

    if min(_target_size(columns, rows, WORKING_SIDE)) < TEMPLATE_SIDE:
        raise ImageLoadError(
            f"{name}: image too small or too narrow to audit ({columns} x {rows} px; a radiograph needs at least "
            f"{TEMPLATE_SIDE} px on its short side and a long side at most {WORKING_SIDE // TEMPLATE_SIDE} times that)"
        )


def _require_content(name: str, pixels: np.ndarray) -> None:
    """An image of one value everywhere (a failed export, zeroed pixel data) holds no film: measured, its
    flat field reads as burnt out, blurred and cut off at once."""
    if pixels.size and float(pixels.min()) == float(pixels.max()):
        raise ImageLoadError(f"{name}: the image is blank (every pixel has the same value)")


def load_for_audit(image_file: str | None, max_side: int):
    """The case's radiograph, or the degraded AuditorOutput an auditor returns when there is none it
    can audit (every image auditor starts this way; the workflow has turned such a case into an error
    before, so this only answers auditors called on their own)."""
    from radqc.agents.base import AuditorOutput

    try:
        return auditable_radiograph(image_file, max_side)
    except ImageLoadError as exc:
        return AuditorOutput(degraded=str(exc))


# The workflow reads one radiograph several times (retrieval features, then each auditor role): keep
# the last few decoded images, keyed by the file's identity so that a changed file is read again.
_RECENT: dict[tuple, Radiograph] = {}
RECENT_IMAGES = 8


def load_radiograph(path: str | Path, max_side: int = 1024) -> Radiograph:
    path = Path(path)
    try:
        status = path.stat()
        with path.open("rb") as handle:
            head = handle.read(132)
    except OSError as exc:
        raise ImageLoadError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    size = status.st_size
    identity = (str(path.resolve()), size, status.st_mtime_ns)
    key = (*identity, max_side)
    if key in _RECENT:
        return _RECENT[key]
    radiograph = _decode(path, head, size, max_side)
    radiograph.pixels.flags.writeable = False  # shared between callers through the cache
    radiograph = replace(radiograph, identity=identity)
    if len(_RECENT) >= RECENT_IMAGES:
        _RECENT.pop(next(iter(_RECENT), None), None)
    _RECENT[key] = radiograph
    return radiograph


def _decode(path: Path, head: bytes, size: int, max_side: int) -> Radiograph:
    if size > MAX_IMAGE_BYTES:
        raise ImageLoadError(f"{path.name} is {over_limit(size, MAX_IMAGE_BYTES, IMAGE_BYTES_VARIABLE)}")
    kind = sniff_format(head)
    if kind is None:
        raise ImageLoadError(_unrecognised(path.name, head, size))
    try:
        if kind == "dicom":
            return _load_dicom(path, max_side)
        return _load_pillow(path, kind, max_side)
    except ImageLoadError:
        raise
    except MemoryError as exc:
        raise ImageLoadError(f"{path.name} is too large to decode") from exc
    except Exception as exc:  # decoders raise anything on corrupt input; the user needs one clear error
        if isinstance(exc, OSError) and "truncated" in str(exc):  # Pillow's words for a file cut short
            raise ImageLoadError(f"{path.name}: truncated {kind.upper()} (the file ends before the image does)") from exc
        raise ImageLoadError(f"{path.name}: corrupt or unsupported {kind} file ({type(exc).__name__}: {exc})") from exc


# What a radiograph's file is called. Content decides between image and report, except that a file
# so named is never read as a report: auditing it as one would answer a question nobody asked.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".dcm", ".dicom"}


def misnamed_image(path: Path) -> str | None:
    """Why PATH, whose content is no PNG, JPEG or DICOM, is not audited when its name says it is one
    (None when it does not): `radqc audit` and `radqc data index` give the same reason."""
    return "named as an image but is not a PNG, JPEG or DICOM file" if path.suffix.lower() in IMAGE_SUFFIXES else None


# Formats people try that radqc does not read, by their first bytes: named in the error so the user
# knows to convert the file rather than to look for corruption.
_OTHER_FORMATS = {b"BM": "BMP", b"GIF8": "GIF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"RIFF": "RIFF (WebP?)"}


def foreign_image(head: bytes) -> str | None:
    """What a file is when HEAD (its first bytes) starts an image radqc does not read, or None:
    `radqc audit` and `radqc data index` give the same reason."""
    other = next((label for magic, label in _OTHER_FORMATS.items() if head.startswith(magic)), None)
    return f"a {other} image; radqc reads PNG, JPEG and DICOM (convert it first)" if other else None


def _unrecognised(name: str, head: bytes, size: int) -> str:
    if size == 0:
        return f"{name} is empty (0 bytes)"
    return f"{name} is {foreign_image(head) or 'not a PNG, JPEG or DICOM file (unrecognised content)'}"


# --- PNG / JPEG -------------------------------------------------------------------------------------


def _load_pillow(path: Path, kind: SourceFormat, max_side: int) -> Radiograph:
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            # Pillow warns between its limit and twice it, where it still opens the file: the film is read,
            # so the warning would reach the user as a stray Python line and not as anything to act on.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)  # Pillow's decompression-bomb guard stays on
    except Image.DecompressionBombError as exc:
        raise ImageLoadError(
            f"{path.name}: image has too many pixels ({_pixel_count(str(exc))}radqc reads at most "
            f"{2 * Image.MAX_IMAGE_PIXELS:,}, which keeps a corrupt or hostile file from filling memory); "
            "shrink it first: a chest film needs no more than a few thousand pixels a side"
        ) from exc
    with image:
        original_shape = (image.height, image.width)
        # A camera or phone stores the film as its sensor lay and says in EXIF how to turn it; every
        # viewer shows it turned, so it is audited (and its regions given) as shown, not lying on its side.
        if image.getexif().get(_EXIF_ORIENTATION, 1) in _EXIF_QUARTER_TURNS:
            original_shape = original_shape[::-1]
        if kind == "jpeg":
            # Let the JPEG decoder skip detail we throw away anyway (it decodes at 1/2, 1/4 or 1/8 scale
            # while staying at least as large as requested).
            image.draft("L", _target_size(image.width, image.height, max_side))
        image.load()
        array, bit_depth = _grey_array(ImageOps.exif_transpose(image))
    pixels = _downsample(array, max_side)
    return Radiograph(
        pixels=pixels,
        original_shape=original_shape,
        scale=original_shape[1] / pixels.shape[1],
        source_format=kind,
        bit_depth=bit_depth,
    )


def _pixel_count(pillow_error: str) -> str:
    """Pillow's error holds the file's pixel count only in its text; one shrinking the film wants to see it."""
    count = re.search(r"\((\d+) pixels\)", pillow_error)
    return f"{int(count.group(1)):,}; " if count else ""


def _grey_array(image) -> tuple[np.ndarray, int]:
    """Luminance as float32 in [0, 1] and the stored bit depth; colour and alpha are dropped."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        array = np.asarray(image, dtype=np.float32)
        bit_depth = _bits_used(array)
        return np.clip(array / float(2**bit_depth - 1), 0.0, 1.0), bit_depth
    if image.mode == "F":
        array = np.asarray(image, dtype=np.float32)
        return _stretch(array), 32
    grey = image.convert("L")
    return np.asarray(grey, dtype=np.float32) / 255.0, 8


def _bits_used(array: np.ndarray) -> int:
    """The bits of the detector range an integer image's values fit in (`DETECTOR_BITS`). A 16-bit PNG
    exported from DICOM often holds the detector's 10-14-bit values unscaled; on the full 16-bit scale
    such a film would read nearly black, as burnt out, with every fixed contrast step out of reach. A
    film stored on the full scale keeps its brightest structures above a quarter of it, however dark
    (no 15-bit range is offered, so a dark film with its top between a quarter and half is kept as is)."""
    top = int(array.max(initial=0))
    return next((bits for bits in DETECTOR_BITS if top < 2**bits), DETECTOR_BITS[-1])


# --- DICOM ------------------------------------------------------------------------------------------


def _load_dicom(path: Path, max_side: int) -> Radiograph:
    import pydicom
    from pydicom.pixels import apply_color_lut, apply_modality_lut, pixel_array

    from radqc.agents.cxr.dicom_qc import rescale_problem

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warns on every odd value; header_values copes with them
        dataset = pydicom.dcmread(path, force=True)  # force: also files without preamble
        if "PixelData" not in dataset:
            meta = getattr(dataset, "file_meta", None) or {}
            held = non_image_class(meta.get("MediaStorageSOPClassUID") or dataset.get("SOPClassUID"))
            raise ImageLoadError(f"{path.name}: a DICOM {held} file, not an image" if held else
                                 f"{path.name}: DICOM file without pixel data (cut short, or not an image)")
        _assume_transfer_syntax(dataset)
        rows, columns = int(dataset.Rows), int(dataset.Columns)
        if rows <= 0 or columns <= 0 or rows * columns > MAX_PIXELS:
            raise ImageLoadError(f"{path.name}: implausible image size {rows} x {columns}")
        photometric = str(dataset.get("PhotometricInterpretation", "")).strip().upper() or None
        try:
            stored = pixel_array(dataset, index=0) if _frame_count(dataset) > 1 else dataset.pixel_array
        except Exception as exc:  # e.g. Rows or BitsAllocated that do not fit the stored bytes
            raise ImageLoadError(
                f"{path.name}: DICOM pixel data does not decode as its header describes ({rows} x {columns} px; {exc})"
            ) from exc
        if photometric == "PALETTE COLOR" and stored.ndim == 2:  # indices into the file's colour table, not greys
            stored = apply_color_lut(stored, dataset)
        header = header_values(dataset)
        # A slope of 0 blanked the film and an intercept that is no number stopped its decode, though the
        # pixels are sound: they are read as stored, with a note (`check_header`), as an unusable window is.
        rescaled = rescale_problem(header) is None
        if stored.ndim == 3:  # colour (pydicom gives RGB): luminance, so a checker sees one grey image
            values = stored[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        else:
            values = apply_modality_lut(stored, dataset) if rescaled else stored
        # A window is set in rescaled units: on the stored values it would cut the film anywhere.
        display = _apply_window(values, dataset) if rescaled else _stretch(values)
        bit_depth = _int_or(dataset.get("BitsStored"), 8)
    if photometric == "MONOCHROME1":
        display = 1.0 - display
    pixels = _downsample(display.astype(np.float32), max_side)
    return Radiograph(
        pixels=pixels,
        original_shape=(rows, columns),
        scale=columns / pixels.shape[1],
        source_format="dicom",
        bit_depth=bit_depth,
        photometric=photometric,
        header=header,
    )


def non_image_class(sop_class_uid: Any) -> str | None:
    """The name of the storage class SOP_CLASS_UID declares when it is not an image ("Media Storage
    Directory Storage" for a DICOMDIR, "Basic Text SR Storage"); None for an image class, or when the
    file does not say. Archive exports mix such files among the films; each names its class so."""
    from pydicom.uid import UID

    if not sop_class_uid:
        return None
    name = UID(str(sop_class_uid)).name
    return None if name == str(sop_class_uid) or "Image" in name else name


def non_image_dicom(path: Path) -> str | None:
    """`non_image_class` of the DICOM file at PATH, read from its file meta header alone (None when it
    has none or it does not read)."""
    from pydicom.filereader import read_file_meta_info

    try:
        meta = read_file_meta_info(path)
    except Exception:  # noqa: BLE001 - no or a broken meta header: the decode will say what is wrong
        return None
    return non_image_class(meta.get("MediaStorageSOPClassUID"))


def _assume_transfer_syntax(dataset) -> None:
    """Files without a file meta header (old, preamble-less) do not name their transfer syntax, which
    pydicom needs to decode pixels: take the uncompressed encoding the dataset was read with."""
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

    meta = getattr(dataset, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return
    implicit, _little_endian = dataset.original_encoding
    dataset.file_meta = meta if meta is not None else FileMetaDataset()
    dataset.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian


def _frame_count(dataset) -> int:
    return _int_or(dataset.get("NumberOfFrames"), 1)


def _apply_window(values: np.ndarray, dataset) -> np.ndarray:
    """The VOI LUT or window the file asks for, mapped to [0, 1]; a plain min-max stretch when the
    file has none or its window is unusable (header values are untrusted)."""
    from pydicom.pixels import apply_voi_lut

    try:
        has_lut = bool(dataset.get("VOILUTSequence"))
        has_window = dataset.get("WindowCenter") is not None and dataset.get("WindowWidth") is not None
        if not (has_lut or has_window):
            return _stretch(values)
        windowed = apply_voi_lut(values, dataset).astype(np.float32)
        if has_lut:
            depth = int(dataset.VOILUTSequence[0].LUTDescriptor[2])
            low, high = 0.0, float(2**depth - 1)
        else:
            # Probe the window function with extreme inputs: its output bounds are the display range.
            probe = apply_voi_lut(np.array([-1e15, 1e15]), dataset)
            low, high = float(probe.min()), float(probe.max())
        if not (math.isfinite(low) and math.isfinite(high) and high > low):
            return _stretch(values)
        return np.clip((windowed - low) / (high - low), 0.0, 1.0)
    except Exception:  # noqa: BLE001 - a broken window must not lose a readable image
        return _stretch(values)


def header_values(dataset) -> dict[str, Any]:
    """The QC-relevant attributes as JSON-safe values (numbers, short strings, lists); an attribute
    whose value cannot be read is left out rather than failing the image."""
    header: dict[str, Any] = {}
    for keyword in HEADER_KEYWORDS:
        try:
            element = dataset[keyword]
        except Exception:  # noqa: BLE001 - absent or undecodable element
            continue
        try:
            value = _json_safe(element.value)
        except Exception:  # noqa: BLE001
            value = None
        if value is not None:
            header[keyword] = value
        elif keyword in RESCALE:  # present without a usable value: kept, or the pair would pass as absent
            header[keyword] = ""
    return header


def _json_safe(value: Any) -> Any:
    from pydicom.multival import MultiValue

    if value is None or value == "":
        return None
    if isinstance(value, (MultiValue, list, tuple)):
        items = [_json_safe(v) for v in list(value)[:8]]
        return [v for v in items if v is not None] or None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    text = str(value).strip().replace("\x00", "")
    return text[:MAX_HEADER_TEXT] or None


def _int_or(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --- shared -----------------------------------------------------------------------------------------


def _target_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """(width, height) with the long side at most max_side, aspect kept; never enlarged."""
    longest = max(width, height)
    if longest <= max_side:
        return width, height
    factor = max_side / longest
    return max(1, round(width * factor)), max(1, round(height * factor))


def _stretch(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float32)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.zeros(values.shape, dtype=np.float32)
    low, high = float(finite.min()), float(finite.max())
    if high <= low:
        return np.zeros(values.shape, dtype=np.float32)
    return np.clip((np.nan_to_num(values, nan=low) - low) / (high - low), 0.0, 1.0).astype(np.float32)


def _downsample(array: np.ndarray, max_side: int) -> np.ndarray:
    """Area-average down to at most max_side on the long side (never up): box filtering keeps noise
    and exposure statistics honest, unlike point sampling."""
    from PIL import Image

    height, width = array.shape
    size = _target_size(width, height, max_side)
    if size == (width, height):
        return np.ascontiguousarray(array, dtype=np.float32)
    resized = Image.fromarray(array.astype(np.float32)).resize(size, Image.Resampling.BOX)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)
