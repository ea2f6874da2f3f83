"""Blind fault simulator "H" for chest radiographs: physics first, then the modality's processing.

Written blind: without reading how radqc detects faults or how its other simulators make them.
Sources were the fault taxonomy, the project's domain notes, a look at real (mostly bedside ICU)
films, and general radiography physics and practice.

Signal model
    An archived film is processed grey (air dark, bone and metal bright). Undoing a linear LUT,
    grey g stands for the log detector exposure  ln E = -LOG_RANGE * g.  Each fault is made where
    it arises - in the beam, on the patient or in the detector - and then passes through what any
    modality does to every raw image (``_processed``): mild noise reduction, exposure recognition
    (a histogram window whose level follows the exposure and whose width may adapt only within a
    latitude), unsharp-mask edge enhancement and the grey-scale LUT. So faults reach the archive
    partly masked or reshaped: a low dose comes out as mottle rather than as a pale film, motion
    blur gets its noise re-sharpened, metal gets enhancement halos, collimated areas are left out
    of the histogram and burn white. Quantum noise is added only as the *extra* noise a lower count
    brings (the film already holds its nominal noise); processing constants are drawn per call, as
    vendors and protocols differ. Severities run from "a reviewer would clearly fail it" to severe.

Faults and mechanisms (one drawn per call)
    underexposure   low_mas_mottle (AEC cut short, wrong mAs or chamber: 1/10-1/45 dose, fully
                    rescaled, so noise hides the spine behind the heart); under_penetration (too
                    soft a beam: more subject contrast and a low dose, dense parts clip white and
                    noisy); unrescaled_low_dose (CR / fixed menu: the LUT did not follow, a pale,
                    flat film on a film-like curve); grid_cutoff (focused grid off-centre or
                    off-focus: one side fades, or upside down: both sides fade, with more noise).
    overexposure    detector_saturation (mAs far too high: the thinnest 20-50 % of the film clips
                    flat and goes black, markings lost); unrescaled_high_dose (the LUT did not
                    follow: dark film, lungs pushed into the toe); over_penetration (too hard a
                    beam: little subject contrast plus scatter fog, a grey-dark washed-out film).
    lung_field_cutoff  detector_edge (detector too high, low or sideways: the image ends inside a
                    lung - apex, base or lateral angle); patient_broader_than_detector (both
                    lateral angles); landscape_detector (apices and bases); collimator_blade (a
                    blade edge, possibly tilted, shades part of a lung: leakage plus scatter, white).
    collimation_centering  field_too_wide (the thorax small in a field that also shows neck,
                    shoulders, arms, upper abdomen with gas and raw-beam air); off_centre (central
                    ray missed the thorax: it sits against one edge, surroundings on the other);
                    wide_field_with_blades (still far too wide, with tilted blade shadows). The
                    surroundings are synthesised as attenuation: an elliptic-section body whose
                    skin line, tissue levels and fine structure continue the film's own edges.
    motion_blur     patient_motion (straight, eased travel of 1-3 % of the film); breathing
                    (harmonic excursion, most at the diaphragm, lingering at its turning points,
                    so contours double); jerk_double_contour (two still phases and a quick
                    shift); tremor (shivering / rigors: a small 2-D oscillation). Blurring is done
                    on exposure (the detector integrates intensity); noise is added afterwards.
    foreign_object  necklace (ball or cable chain with medallion or cross), buttons / press
                    studs, coins in a breast pocket, bobby pins, underwire bra with hooks and strap
                    sliders, zip, mobile phone, nipple piercings - each modelled in millimetres for
                    a 43 cm detector as thickness x attenuation of its material (steel, brass,
                    gold, ...), so edges have their real path-length profiles; sometimes a second
                    item. No leads or lines (those are not foreign objects).
    marker_annotation  burned_in_text (view labels, dates, initials over the lungs, in workstation
                    styles); graphic_annotation (arrow, circle or measurement with its label);
                    wrong_side_marker (lead L/R on the wrong side, or a digital side label there);
                    marker_over_lung (lead marker inside the lung field). Lead markers are objects
                    in the beam and go through processing; digital overlays replace pixels after it.
    orientation_photometric  ``wrong_display``: mirrored, upside down, turned 180 or 90 degrees
                    (only when the sides stay within 0.5-1.5x), grey-inverted, inverted and
                    mirrored. Display errors happen after processing, so nothing else changes.

Limits: the lung box used to aim cuts, objects and text is a rough dark-region estimate averaged
with typical bedside proportions; synthetic surroundings are schematic anatomy, not a real body.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage, signal

from radqc.agents.cxr.augment import SIMULABLE  # the shared list of faults (the only import from the project)

# --- signal model -----------------------------------------------------------------------------
LOG_RANGE = 3.5            # ln-exposure span that the grey range 0..1 of a processed film stands for
NOMINAL_QUANTA = 2.0e4     # effective quanta per display pixel behind the darkest grey, nominal dose
ELECTRONIC_NOISE = 4.0     # detector read-out noise, in quanta per display pixel
NOISE_GRAIN_PX = 0.8       # correlation length (gaussian sigma, px) of quantum mottle at display size
FILM_GRAIN_PX = 0.5        # the same for the noise already in an archived film
COUNT_FLOOR = 0.5          # smallest read-out value (quanta) before the log
DETECTOR_MM = 430.0        # long side of the detector in mm (43 cm flat panel / cassette)
REFERENCE_PX = 640.0       # image size the pixel-based constants below were tuned on
PADDING_STD = 0.01         # rows/columns flatter than this along the borders are padding, not film

# --- modality processing ----------------------------------------------------------------------
VOI_PERCENTILES = (0.5, 99.5)       # exposure recognition: histogram points mapped to the LUT ends
LATITUDE = (0.75, 1.35)             # how far the window width may adapt (x the nominal width)
DENOISE_SIGMA_PX = (0.3, 0.6)       # mild noise reduction before enhancement
ENHANCE_SIGMA_PX = (3.0, 9.0)       # unsharp-mask kernel at 640 px
ENHANCE_GAIN = (0.1, 0.35)          # unsharp-mask gain
FILM_KNEE = 0.15                    # grey where a film-like LUT leaves its linear part
BLADE_LEAKAGE = (0.02, 0.08)        # transmission through a collimator blade (incl. off-focus)
BLADE_SCATTER = (0.15, 0.35)        # scatter reaching the unexposed area, relative to the field

# --- underexposure -----------------------------------------------------------------------------
LOW_MAS_DOSE = (1 / 10, 1 / 45)       # AEC cut short / wrong mAs / wrong chamber: x nominal dose
LOW_KVP_CONTRAST = (1.35, 1.7)        # subject-contrast gain of a too-soft beam
LOW_KVP_DOSE = (1 / 3, 1 / 10)
UNRESCALED_DOSE = (1 / 1.6, 1 / 3.5)   # low dose that the LUT did not compensate (CR / fixed menu)
UNRESCALED_FOLLOW = (0.0, 0.35)      # fraction of the exposure error the window still followed
GRID_CUTOFF_LOSS = (2.0, 3.2)        # ln-exposure lost at the cut-off edge of a misused grid
GRID_CUTOFF_DOSE = (1.0, 1 / 2.5)

# --- overexposure ----------------------------------------------------------------------------------
SATURATED_FRACTION = (0.2, 0.5)      # share of the film (its least attenuating part) driven into saturation
HIGH_DOSE = (3.0, 8.0)               # x nominal exposure (mAs far too high, AEC overridden)
OVERDOSE_FOLLOW = (0.55, 0.85)       # fraction of the exposure error the exposure recognition took out
UNRESCALED_OVERDOSE = (1.8, 4.5)     # extra exposure a fixed (film-like) LUT displays as darkening
HIGH_KVP_CONTRAST = (0.35, 0.55)     # subject contrast left by a too-hard beam
HIGH_KVP_SCATTER = (0.3, 1.0)        # scatter-to-primary ratio it adds
HIGH_KVP_DOSE = (2.0, 5.0)
SCATTER_SPREAD_PX = 40.0             # gaussian sigma of the scatter point-spread at 640 px

# --- lung field cut-off -----------------------------------------------------------------------
CUT_DEPTH_VERTICAL = (0.1, 0.25)     # how far into the lungs an apex/base cut reaches (x lung height)
CUT_DEPTH_LATERAL = (0.07, 0.2)      # how far into the lungs a lateral cut reaches (x lung-box width)
CUT_DEPTH_BOTH_SIDES = (0.05, 0.13)  # per side, patient broader than the detector / landscape detector
BLADE_TILT_DEG = 3.0                 # collimator rotated against the detector by up to this
MIN_KEPT = 0.55                      # a cropped side keeps at least this share of its length

# --- collimation / centring ----------------------------------------------------------------------
WIDE_FIELD_SCALE = (0.55, 0.78)      # thorax size in a far too widely opened field (x film size)
WIDE_FIELD_JITTER = 0.05             # random shift of the thorax in that field (x film size)
OFF_CENTRE_SCALE = (0.7, 0.85)       # thorax size when the central ray missed it
OFF_CENTRE_OVERHANG = (0.0, 0.05)    # share of the thorax beyond the film edge it was pushed to
BLADE_MARGIN = (0.03, 0.1)           # unexposed border of a visible but still far too wide field
TORSO_MARGIN = (0.02, 0.08)          # soft tissue lateral to the original film (x thorax width)
NECK_HALF_WIDTH = (0.13, 0.19)       # x thorax width
SHOULDER_DROP = 0.16                 # height of the shoulder slope (x thorax height)
ARM_WIDTH = (0.2, 0.28)              # upper arm beside the torso (x thorax width)
ARM_GAP = (-0.04, 0.04)              # air between arm and torso (x thorax width)
ARMS_BESIDE_TORSO = 0.6              # chance the arms lie in the field
BOWEL_GAS_BLOBS = (2, 7)              # gas pockets in stomach and colon below the film (count range)
SEAM_DECAY = 0.06                    # smoothing of the film values continued outwards (x thorax width)
SEAM_BAND = 0.05                     # the film fades into the synthesised body over this (x thorax width)
TISSUE_MOTTLE = 0.02                 # low-frequency variation of synthesised soft tissue (grey)
TISSUE_MOTTLE_PX = 12.0              # its scale (gaussian sigma at 640 px)
SYNTH_GRID_PX = 360                  # long side of the grid the smooth synthesised body is built on
DIRECT_BEAM_GREY = 0.04              # attenuation below which a pixel is raw beam (left out of the VOI)

# --- motion blur -----------------------------------------------------------------------------------
PATIENT_MOTION_EXTENT = (0.013, 0.035)   # travel during the exposure (x long side of the film)
BREATHING_EXCURSION = (0.02, 0.045)     # diaphragm travel during the exposure (x film height)
APEX_SHARE_OF_EXCURSION = 0.25          # the apices move this much of the diaphragm's travel
JERK_SHIFT = (0.012, 0.035)             # sudden shift between two nearly still phases (x long side)
JERK_LATE_WEIGHT = (0.3, 0.5)           # share of the exposure spent in the second position
JERK_SMEAR = (0.05, 0.15)               # share spent travelling between the two
TREMOR_AMPLITUDE = (0.005, 0.012)       # shivering / rigors: half-amplitude (x long side)
TREMOR_CYCLES = (1.5, 4.0)              # oscillations within the exposure
PATH_SAMPLES = 96                       # points along a motion path when building its kernel

# --- foreign objects -----------------------------------------------------------------------------
MU_PER_MM = {                        # linear attenuation near 60 keV effective, per mm
    "steel": 0.95, "brass": 1.3, "copper_nickel": 1.4, "silver": 2.7, "gold": 6.0,
    "aluminium": 0.075, "glass": 0.05, "battery": 0.15, "circuit": 0.35,
}
EXTRA_OBJECT_CHANCE = 0.25           # a second, different item left on the patient

# --- markers and annotations -------------------------------------------------------------------------
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
OVERLAY_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSansMono.ttf")
MARKER_FONT = "DejaVuSans-Bold.ttf"
TEXT_HEIGHT = (0.035, 0.07)          # burned-in text cap height (x film height)
LINE_WIDTH = (0.003, 0.007)          # annotation strokes (x long side)
OVERLAY_LABELS = ("AP SUPINE", "AP SITTING", "PORTABLE", "SEMI-ERECT", "BEDSIDE", "CHEST AP", "SUPINE",
                  "ERECT", "ICU", "LINE CHECK", "POST INTUBATION", "EXPIRATION", "MOBILE", "RT: JM", "AP 90 CM")
LEAD_LETTER_MM = (12.0, 20.0)        # height of a lead side-marker letter
LEAD_MU_THICKNESS = 5.6              # 1 mm of lead at ~60 keV: opaque
HOLDER_TAU = (0.1, 0.2)              # the acrylic holder around the letter

DISPLAY_KINDS = (
    "mirrored",
    "upside_down",
    "rotated_180",
    "rotated_90_clockwise",
    "rotated_90_counterclockwise",
    "inverted",
    "inverted_mirrored",
)
SQUARE_ENOUGH_TO_ROTATE = 1.45      # quarter turns only when the sides stay within 0.5-1.5x


# --- public API ------------------------------------------------------------------------------------
def simulate(pixels: np.ndarray, fault: str, rng: np.random.Generator) -> np.ndarray:
    """Return a new float32 image in [0, 1] that shows `fault` (one of SIMULABLE)."""
    image = _checked(pixels)
    if fault not in SIMULABLE:
        raise ValueError(f"unknown fault {fault!r}; expected one of {SIMULABLE}")
    if fault == "orientation_photometric":
        return wrong_display(image, rng)[0]
    out, _mechanism = _FAULT_MAKERS[fault](image, rng)
    return _as_output(out)


def wrong_display(pixels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """The orientation/photometric fault: the film is shown flipped, turned or grey-inverted."""
    image = _checked(pixels)
    h, w = image.shape
    kinds = DISPLAY_KINDS
    if max(h, w) / min(h, w) > SQUARE_ENOUGH_TO_ROTATE:
        kinds = tuple(k for k in kinds if not k.startswith("rotated_90"))
    kind = str(rng.choice(kinds))
    shown = {
        "mirrored": lambda a: a[:, ::-1],
        "upside_down": lambda a: a[::-1, :],
        "rotated_180": lambda a: a[::-1, ::-1],
        "rotated_90_clockwise": lambda a: np.rot90(a, -1),
        "rotated_90_counterclockwise": lambda a: np.rot90(a, 1),
        "inverted": lambda a: 1.0 - a,
        "inverted_mirrored": lambda a: 1.0 - a[:, ::-1],
    }[kind](image)
    return _as_output(shown), kind


# --- input / output ---------------------------------------------------------------------------------
def _checked(pixels: np.ndarray) -> np.ndarray:
    image = np.asarray(pixels)
    if image.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {image.shape}")
    if min(image.shape) < 16:
        raise ValueError(f"image too small: {image.shape}")
    return np.clip(np.nan_to_num(image.astype(np.float32)), 0.0, 1.0)


def _as_output(image: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.clip(image, 0.0, 1.0), dtype=np.float32)


def _px_scale(shape: tuple[int, int]) -> float:
    """Pixel-size factor relative to the 640-px films the pixel constants were tuned on."""
    return max(shape) / REFERENCE_PX


def _px_per_mm(shape: tuple[int, int]) -> float:
    return max(shape) / DETECTOR_MM


def _log_uniform(rng: np.random.Generator, a: float, b: float) -> float:
    """A factor drawn evenly on a log scale between a and b (exposure errors are multiplicative)."""
    return float(np.exp(rng.uniform(np.log(min(a, b)), np.log(max(a, b)))))


# --- the signal chain: display grey -> log exposure -> detector -> modality processing -> grey ----
class _Window:
    """The modality's nominal look-up window for this film, recovered from the archived grey."""

    def __init__(self, grey: np.ndarray, field: np.ndarray):
        lo, hi = np.percentile(grey[::2, ::2][field[::2, ::2]], VOI_PERCENTILES)
        self.grey_lo, self.grey_hi = float(lo), float(max(hi, lo + 0.05))
        self.top = -LOG_RANGE * self.grey_lo                         # most exposed end of the VOI
        self.width = LOG_RANGE * (self.grey_hi - self.grey_lo)


def _log_exposure(grey: np.ndarray) -> np.ndarray:
    """ln of the relative detector exposure: bright (attenuating) grey = little exposure."""
    return (-LOG_RANGE * grey).astype(np.float32)


def _exposed_field(grey: np.ndarray) -> np.ndarray:
    """Pixels inside the film, i.e. not uniform padding strips along the borders."""
    field = np.ones(grey.shape, dtype=bool)
    for axis in (0, 1):
        spread = grey.std(axis=1 - axis) > PADDING_STD
        n = len(spread)
        live = np.flatnonzero(spread)
        if live.size == 0:
            continue
        first, last = int(live[0]), int(live[-1])
        first, last = min(first, n // 4), max(last, n - 1 - n // 4)
        if axis == 0:
            field[:first], field[last + 1:] = False, False
        else:
            field[:, :first], field[:, last + 1:] = False, False
    return field


def _with_dose(log_e: np.ndarray, dose: float | np.ndarray, rng: np.random.Generator,
               saturation: float | None = None) -> np.ndarray:
    """Re-expose at `dose` x nominal (a number or a per-pixel map): shift the log signal and add
    the quantum + read-out noise that the lower count brings (the film already holds the nominal
    quantum noise); clip at the detector's saturation count."""
    quanta = NOMINAL_QUANTA * dose * np.exp(log_e)
    extra_var = quanta * np.maximum(1.0 - dose, 0.0) + ELECTRONIC_NOISE ** 2
    counts = quanta + np.sqrt(extra_var) * _grain(log_e.shape, rng)
    if saturation is not None:
        counts = np.minimum(counts, saturation)
    return np.log(np.maximum(counts, COUNT_FLOOR) / NOMINAL_QUANTA).astype(np.float32)


def _grain(shape: tuple[int, int], rng: np.random.Generator, correlation_px: float = NOISE_GRAIN_PX
           ) -> np.ndarray:
    """Unit-variance noise with the slight spatial correlation of detector mottle."""
    white = rng.standard_normal(shape, dtype=np.float32)
    grain = ndimage.gaussian_filter(white, correlation_px * _px_scale(shape))
    return grain / max(float(grain.std()), 1e-6)


def _wide_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur with a large sigma, computed on a proportionally reduced grid (fast)."""
    factor = int(sigma / 3)
    if factor <= 1:
        return ndimage.gaussian_filter(image, sigma)
    h, w = image.shape
    small = Image.fromarray(image.astype(np.float32)).resize((max(w // factor, 1), max(h // factor, 1)), Image.BOX)
    blurred = ndimage.gaussian_filter(np.asarray(small), sigma / factor, mode="nearest")
    return np.asarray(Image.fromarray(blurred).resize((w, h), Image.BILINEAR))


def _processed(log_e: np.ndarray, nominal: _Window, rng: np.random.Generator,
               field: np.ndarray | None = None, rescale: float = 1.0,
               film_curve: bool = False) -> np.ndarray:
    """What the modality does to every raw image: mild noise reduction, exposure recognition
    (a histogram-based window whose width may adapt only within LATITUDE and whose level follows
    the exposure by `rescale`), unsharp-mask edge enhancement, then the grey-scale LUT (linear
    with hard clipping, or a film-like curve with toe and shoulder)."""
    scale = _px_scale(log_e.shape)
    denoised = ndimage.gaussian_filter(log_e, rng.uniform(*DENOISE_SIGMA_PX) * scale)
    sample = denoised[::2, ::2] if field is None else denoised[::2, ::2][field[::2, ::2]]
    if sample.size < 16:                        # nothing recognisable as anatomy: use everything
        sample = denoised[::2, ::2]
    bottom, top = np.percentile(sample, VOI_PERCENTILES)
    width = float(np.clip(top - bottom, LATITUDE[0] * nominal.width, LATITUDE[1] * nominal.width))
    top = nominal.top + rescale * (float(top) - nominal.top)
    background = ndimage.gaussian_filter(denoised, rng.uniform(*ENHANCE_SIGMA_PX) * scale)
    enhanced = denoised + rng.uniform(*ENHANCE_GAIN) * (denoised - background)
    grey = nominal.grey_lo + (top - enhanced) / width * (nominal.grey_hi - nominal.grey_lo)
    return np.clip(_toe_and_shoulder(grey) if film_curve else grey, 0.0, 1.0)


def _toe_and_shoulder(grey: np.ndarray) -> np.ndarray:
    """Film-like characteristic curve: linear mid-range, exponential roll-off into black and white."""
    k = FILM_KNEE
    toe = k * np.exp((np.minimum(grey, k) - k) / k)
    shoulder = 1.0 - k * np.exp(-(np.maximum(grey, 1.0 - k) - (1.0 - k)) / k)
    return np.where(grey < k, toe, np.where(grey > 1.0 - k, shoulder, grey))


def _behind_blades(log_e: np.ndarray, exposed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Log exposure where collimator blades shade the detector: leakage plus scatter from the
    irradiated field, with a penumbra at the blade edge."""
    scale = _px_scale(log_e.shape)
    open_frac = ndimage.gaussian_filter(exposed.astype(np.float32), 1.2 * scale)
    exposure = np.exp(log_e)
    scatter = _wide_blur(exposure * open_frac, 25.0 * scale) * rng.uniform(*BLADE_SCATTER)
    shaded = 1.0 - open_frac
    total = exposure * (open_frac + shaded * rng.uniform(*BLADE_LEAKAGE)) + shaded * scatter
    return np.log(np.maximum(total, 1e-6)).astype(np.float32)


def _lung_box(grey: np.ndarray) -> tuple[int, int, int, int]:
    """Rough (top, bottom, left, right) of the lung fields: the largest dark region in each half
    of the film, mid-height, averaged with typical bedside proportions of the film (used alone
    when no such regions are found)."""
    step = max(1, max(grey.shape) // 128)
    small = ndimage.gaussian_filter(grey[::step, ::step], 1.5)
    rows = np.flatnonzero(small.std(axis=1) > PADDING_STD)
    cols = np.flatnonzero(small.std(axis=0) > PADDING_STD)
    if rows.size < 8 or cols.size < 8:
        rows, cols = np.arange(small.shape[0]), np.arange(small.shape[1])
    t0, b0, l0, r0 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    fh, fw = b0 - t0, r0 - l0
    lungs = [_dark_region(small[t0:b0, a:b]) for a, b in ((l0, l0 + fw // 2), (l0 + fw // 2, r0))]
    default = (t0 + 0.1 * fh, t0 + 0.85 * fh, l0 + 0.08 * fw, l0 + 0.92 * fw)
    box = default
    if lungs[0] is not None and lungs[1] is not None:
        found = (t0 + min(lungs[0][0], lungs[1][0]), t0 + max(lungs[0][1], lungs[1][1]),
                 l0 + lungs[0][2], l0 + fw // 2 + lungs[1][3])
        box = tuple((x + y) / 2 for x, y in zip(found, default))   # opacified bases fool the blobs
    return tuple(int(round(v * step)) for v in box)


def _dark_region(half: np.ndarray) -> tuple[float, float, float, float] | None:
    """Extent (2-98 % of its pixels) of the largest dark blob centred at lung height."""
    fh = half.shape[0]
    band = half[int(0.1 * fh): int(0.8 * fh)]
    dark = ndimage.binary_opening(half < np.percentile(band, 35))
    labels, _ = ndimage.label(dark)
    best = None
    for index, sl in enumerate(ndimage.find_objects(labels), start=1):
        ys, xs = np.nonzero(labels[sl] == index)
        if 0.15 < (ys.mean() + sl[0].start) / fh < 0.7 and (best is None or len(ys) > len(best[0])):
            best = (ys + sl[0].start, xs + sl[1].start)
    if best is None or len(best[0]) < 0.02 * half.size:
        return None
    ys, xs = best
    return (np.percentile(ys, 2), np.percentile(ys, 98) + 1, np.percentile(xs, 2), np.percentile(xs, 98) + 1)


def _noise_level(grey: np.ndarray) -> float:
    """Lower quartile of the absolute high-pass residual: a measure of fine noise that edges,
    lines and text hardly affect (they only occupy the upper quantiles)."""
    residual = grey - ndimage.gaussian_filter(grey, 1.0)
    return float(np.percentile(np.abs(residual[::2, ::2]), 25))


def _matched_grain(reference: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Noise (grey units) of `shape` as strong in fine residuals as the reference film's noise
    (which, resampled to display size, is nearly white)."""
    grain = _grain(shape, rng, FILM_GRAIN_PX)
    return grain * (_noise_level(reference) / max(_noise_level(grain), 1e-6))


# --- underexposure: too few quanta reach the detector ---------------------------------------------
def _underexposure(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    mechanism = str(rng.choice(("low_mas_mottle", "under_penetration", "unrescaled_low_dose",
                                "grid_cutoff")))
    field = _exposed_field(grey)
    nominal = _Window(grey, field)
    log_e = _log_exposure(grey)
    if mechanism == "low_mas_mottle":
        raw = _with_dose(log_e, _log_uniform(rng, *LOW_MAS_DOSE), rng)
        return _processed(raw, nominal, rng, field), mechanism
    if mechanism == "under_penetration":
        soft_beam = nominal.top + (log_e - nominal.top) * rng.uniform(*LOW_KVP_CONTRAST)
        raw = _with_dose(soft_beam, _log_uniform(rng, *LOW_KVP_DOSE), rng)
        return _processed(raw, nominal, rng, field), mechanism
    if mechanism == "unrescaled_low_dose":
        raw = _with_dose(log_e, _log_uniform(rng, *UNRESCALED_DOSE), rng)
        follow = rng.uniform(*UNRESCALED_FOLLOW)
        return _processed(raw, nominal, rng, field, rescale=follow, film_curve=True), mechanism
    raw = _with_dose(log_e, _grid_cutoff_dose(grey.shape, rng), rng)
    return _processed(raw, nominal, rng, field), mechanism


def _grid_cutoff_dose(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Primary transmission of a focused grid used off-centre/off-focus (one side fades) or
    upside down (both sides fade), times a generally low exposure."""
    x = np.linspace(-1.0, 1.0, shape[1], dtype=np.float32)
    loss = rng.uniform(*GRID_CUTOFF_LOSS)
    if rng.uniform() < 0.6:
        profile = loss * (x * rng.choice((-1.0, 1.0)) + 1.0) / 2.0
    else:
        profile = loss * np.abs(x) ** 2
    return _log_uniform(rng, *GRID_CUTOFF_DOSE) * np.exp(-profile)[None, :].repeat(shape[0], axis=0)


# --- overexposure: too many quanta or too hard a beam ----------------------------------------------
def _overexposure(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    mechanism = str(rng.choice(("detector_saturation", "unrescaled_high_dose", "over_penetration")))
    field = _exposed_field(grey)
    nominal = _Window(grey, field)
    log_e = _log_exposure(grey)
    if mechanism == "detector_saturation":
        dose = _log_uniform(rng, *HIGH_DOSE)
        burnt = np.percentile(grey[field], 100 * rng.uniform(*SATURATED_FRACTION))
        saturation = NOMINAL_QUANTA * dose * np.exp(-LOG_RANGE * burnt)
        raw = _with_dose(log_e, dose, rng, saturation=saturation)
        return _processed(raw, nominal, rng, field, rescale=rng.uniform(*OVERDOSE_FOLLOW)), mechanism
    if mechanism == "unrescaled_high_dose":
        raw = log_e + np.log(_log_uniform(rng, *UNRESCALED_OVERDOSE))
        follow = rng.uniform(*UNRESCALED_FOLLOW)
        return _processed(raw, nominal, rng, field, rescale=follow, film_curve=True), mechanism
    hard_beam = nominal.top + (log_e - nominal.top) * rng.uniform(*HIGH_KVP_CONTRAST)
    primary = np.exp(hard_beam)
    spread = SCATTER_SPREAD_PX * _px_scale(grey.shape)
    scatter = rng.uniform(*HIGH_KVP_SCATTER) * _wide_blur(primary, spread)
    raw = np.log(primary + scatter) + np.log(_log_uniform(rng, *HIGH_KVP_DOSE))
    follow = rng.uniform(*OVERDOSE_FOLLOW)
    return _processed(raw.astype(np.float32), nominal, rng, field, rescale=follow), mechanism


# --- lung field cut-off: part of a lung falls outside the detector or behind a blade --------------
def _lung_field_cutoff(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    mechanism = str(rng.choice(("detector_edge", "patient_broader_than_detector",
                                "landscape_detector", "collimator_blade")))
    box = _lung_box(grey)
    if mechanism == "detector_edge":
        side = str(rng.choice(("top", "bottom", "bottom", "left", "right")))
        lateral = side in ("left", "right")
        return _cropped(grey, rng, {side: rng.uniform(*(CUT_DEPTH_LATERAL if lateral else CUT_DEPTH_VERTICAL))},
                        box), mechanism
    if mechanism in ("patient_broader_than_detector", "landscape_detector"):
        sides = ("left", "right") if mechanism == "patient_broader_than_detector" else ("top", "bottom")
        return _cropped(grey, rng, {s: rng.uniform(*CUT_DEPTH_BOTH_SIDES) for s in sides}, box), mechanism
    sides = [str(rng.choice(("top", "bottom", "left", "right")))]
    if rng.uniform() < 0.35:
        sides.append("left" if sides[0] in ("top", "bottom") else "bottom")
    exposed = np.ones(grey.shape, dtype=bool)
    for side in sides:
        depth = rng.uniform(*(CUT_DEPTH_LATERAL if side in ("left", "right") else CUT_DEPTH_VERTICAL))
        exposed &= _blade_mask(grey.shape, side, _cut_position(box, side, depth),
                               rng.uniform(-BLADE_TILT_DEG, BLADE_TILT_DEG))
    field = _exposed_field(grey)
    nominal = _Window(grey, field)
    raw = _behind_blades(_log_exposure(grey), exposed, rng)
    return _processed(raw, nominal, rng, field & exposed), mechanism


def _cut_position(box: tuple[int, int, int, int], side: str, depth: float) -> float:
    """Row/column `depth` (a share of the lung box) inside the lung box from `side`."""
    top, bottom, left, right = box
    return {"top": top + depth * (bottom - top), "bottom": bottom - depth * (bottom - top),
            "left": left + depth * (right - left), "right": right - depth * (right - left)}[side]


def _cropped(grey: np.ndarray, rng: np.random.Generator, depths: dict[str, float],
             box: tuple[int, int, int, int]) -> np.ndarray:
    """The part of the film that the misplaced detector recorded, reprocessed as a new exposure."""
    h, w = grey.shape
    top, bottom, left, right = 0, h, 0, w
    for side, depth in depths.items():
        cut = int(round(_cut_position(box, side, depth)))
        if side == "top":
            top = cut
        elif side == "bottom":
            bottom = cut
        elif side == "left":
            left = cut
        else:
            right = cut
    top, bottom = _keep_enough(top, bottom, h)
    left, right = _keep_enough(left, right, w)
    kept = grey[top:bottom, left:right]
    field = _exposed_field(kept)
    return _processed(_log_exposure(kept), _Window(kept, field), rng, field)


def _keep_enough(start: int, stop: int, length: int) -> tuple[int, int]:
    """Pull back the deeper cut so that at least MIN_KEPT of the side survives."""
    start, stop = max(0, start), min(length, stop)
    needed = int(np.ceil(MIN_KEPT * length))
    if stop - start < needed:
        if start > length - stop:
            start = max(0, stop - needed)
        else:
            stop = min(length, start + needed)
    return start, stop


def _blade_mask(shape: tuple[int, int], side: str, position: float, angle_deg: float) -> np.ndarray:
    """True on the open side of a collimator blade edge that crosses the film centre line at
    `position` (a row for top/bottom, a column for left/right), tilted by angle_deg."""
    h, w = shape
    slope = np.tan(np.deg2rad(angle_deg))
    if side in ("top", "bottom"):
        edge = position + slope * (np.arange(w) - w / 2)
        rows = np.arange(h)[:, None]
        return rows >= edge[None, :] if side == "top" else rows < edge[None, :]
    edge = position + slope * (np.arange(h) - h / 2)
    cols = np.arange(w)[None, :]
    return cols >= edge[:, None] if side == "left" else cols < edge[:, None]


# --- collimation / centring: the field is far larger than the thorax or misses its centre ---------
def _collimation_centering(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    mechanism = str(rng.choice(("field_too_wide", "off_centre", "wide_field_with_blades")))
    h, w = grey.shape
    film = _trimmed(grey)
    nominal = _Window(film, np.ones(film.shape, dtype=bool))
    if mechanism == "off_centre":
        scale = rng.uniform(*OFF_CENTRE_SCALE)
        ch, cw = int(h * scale), int(w * scale)
        vertical, horizontal = rng.choice((-1, 0, 1)), rng.choice((-1, 1))
        top = _flush(vertical, ch, h, rng)
        left = _flush(horizontal, cw, w, rng)
    else:
        scale = rng.uniform(*WIDE_FIELD_SCALE)
        ch, cw = int(h * scale), int(w * scale)
        top = int((h - ch) / 2 + rng.uniform(-1, 1) * WIDE_FIELD_JITTER * h)
        left = int((w - cw) / 2 + rng.uniform(-1, 1) * WIDE_FIELD_JITTER * w)
    chest = np.asarray(Image.fromarray(film).resize((cw, ch), Image.BILINEAR), dtype=np.float32)
    scene = _in_surroundings(chest, (h, w), top, left, rng)
    exposed = np.ones((h, w), dtype=bool)
    if mechanism == "wide_field_with_blades":
        sides = rng.choice(("top", "bottom", "left", "right"), size=rng.integers(1, 5), replace=False)
        for side in sides:
            margin = rng.uniform(*BLADE_MARGIN) * (h if side in ("top", "bottom") else w)
            position = margin if side in ("top", "left") else (h if side == "bottom" else w) - margin
            exposed &= _blade_mask((h, w), str(side), position, rng.uniform(-BLADE_TILT_DEG, BLADE_TILT_DEG))
    raw = _behind_blades(_log_exposure(scene), exposed, rng)
    voi = exposed & (scene > DIRECT_BEAM_GREY)
    return _processed(raw, nominal, rng, voi), mechanism


def _trimmed(grey: np.ndarray) -> np.ndarray:
    """The film without padding strips."""
    rows, cols = np.nonzero(_exposed_field(grey))
    return grey[rows.min(): rows.max() + 1, cols.min(): cols.max() + 1]


def _flush(direction: int, size: int, length: int, rng: np.random.Generator) -> int:
    """Offset that pushes a thorax of `size` against the start (-1) or end (+1) of the film,
    slightly beyond it, or centres it (0)."""
    overhang = int(rng.uniform(*OFF_CENTRE_OVERHANG) * size)
    if direction < 0:
        return -overhang
    if direction > 0:
        return length - size + overhang
    return (length - size) // 2


def _in_surroundings(chest: np.ndarray, shape: tuple[int, int], top: int, left: int,
                     rng: np.random.Generator) -> np.ndarray:
    """Attenuation (grey) of the whole field: the thorax film continued into a synthesised body -
    skin line, neck with spine, shoulders, arms, upper abdomen with gas - and raw beam outside.
    The smooth body is built on a coarser grid; grain and mirrored detail at full resolution."""
    h, w = shape
    ch, cw = chest.shape
    soft, dense, bone = np.percentile(chest, (55, 85, 97))
    step = max(1, int(np.ceil(max(shape) / SYNTH_GRID_PX)))
    yy = np.arange(0, h, step, dtype=np.float32)[:, None]
    xx = np.arange(0, w, step, dtype=np.float32)[None, :]
    cx = left + cw / 2
    film = _FilmPlacement(chest, shape, top, left)
    margin = cw * rng.uniform(*TORSO_MARGIN)
    neck = cw * rng.uniform(*NECK_HALF_WIDTH)
    shoulder_y = float(top)
    rise = np.clip((shoulder_y - yy) / (SHOULDER_DROP * ch), 0, 1)
    neck = neck * (1 - 0.15 * np.clip((shoulder_y - SHOULDER_DROP * ch - yy) / ch, 0, 1))
    outer = neck + (cw / 2 + margin - neck) * np.clip(np.cos(rise * np.pi / 2), 0, 1) ** 0.7
    outer *= 1 - 0.08 * np.clip((yy - top - ch) / ch, 0, 1)
    rim = margin + (outer - margin) * (rise > 0.5)
    beyond = np.maximum(np.abs(xx - cx) - (outer - rim), 0)
    envelope = np.sqrt(np.clip(1 - (beyond / np.maximum(rim, 1.0)) ** 2, 0, 1))
    below = np.clip((yy - (top + ch)) / (0.25 * ch), 0, 1)
    tissue = film.continued(yy, xx) * (1 - 0.6 * below) + dense * 0.6 * below
    neck_rows = np.clip((shoulder_y - yy) / (0.05 * ch), 0, 1)
    body = (tissue + neck_rows * _cervical_spine(xx - cx, cw, soft, bone)) * envelope
    if rng.uniform() < ARMS_BESIDE_TORSO:
        body = np.maximum(body, _arms(xx, yy, cx, cw / 2 + margin, shoulder_y, cw, soft, bone, rng))
    body -= _bowel_gas(xx, yy, cx, top + ch, cw, dense, rng) * (yy > top + ch)
    mottle = _smooth_noise(body.shape, TISSUE_MOTTLE_PX * _px_scale(shape) / step, rng)
    body += TISSUE_MOTTLE * mottle * (body > 0.01)
    body, envelope = _upsampled(body, shape), _upsampled(envelope, shape)
    body += (body > 0.01) * _matched_grain(chest, shape, rng)
    full_y, full_x = np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :]
    fade = np.exp(-film.distance(full_y, full_x) / (SEAM_DECAY * cw))
    body += envelope * fade * _mirrored_detail(chest, shape, top, left)
    opacity = film.opacity(full_y, full_x)
    return opacity * film.scene + (1 - opacity) * np.clip(body, 0, 1)


def _upsampled(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    if image.shape == shape:
        return image.astype(np.float32)
    resized = Image.fromarray(image.astype(np.float32)).resize((shape[1], shape[0]), Image.BILINEAR)
    return np.array(resized, dtype=np.float32)


class _FilmPlacement:
    """The film placed in a larger field. It fades out over a band at those of its borders that
    lie inside the field (real films carry their own edge artefacts there), and its inner values
    are carried outwards, smoothed, for the synthesised body to continue tissue levels."""

    def __init__(self, chest: np.ndarray, shape: tuple[int, int], top: int, left: int):
        h, w = shape
        ch, cw = chest.shape
        self.y0, self.y1, self.x0, self.x1 = max(top, 0), min(top + ch, h), max(left, 0), min(left + cw, w)
        self.scene = np.zeros(shape, dtype=np.float32)
        self.scene[self.y0:self.y1, self.x0:self.x1] = chest[self.y0 - top: self.y1 - top,
                                                             self.x0 - left: self.x1 - left]
        self.band = SEAM_BAND * cw
        self.open_sides = (top > 0, top + ch < h, left > 0, left + cw < w)
        t, b, l, r = (self.band * s for s in self.open_sides)
        self.core = (self.y0 + t, self.y1 - 1 - b, self.x0 + l, self.x1 - 1 - r)
        core = np.zeros(shape, dtype=np.float32)
        core[int(self.core[0]): int(self.core[1]) + 1, int(self.core[2]): int(self.core[3]) + 1] = 1
        spread = SEAM_DECAY * cw
        self.smooth = _wide_blur(self.scene * core, spread) / np.maximum(_wide_blur(core, spread), 1e-3)

    def _nearest_core(self, yy: np.ndarray, xx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.clip(yy, self.core[0], self.core[1]), np.clip(xx, self.core[2], self.core[3])

    def continued(self, yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        iy, ix = self._nearest_core(yy, xx)
        return self.smooth[iy.astype(int).ravel()][:, ix.astype(int).ravel()]

    def distance(self, yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        """Distance outside the film (0 inside)."""
        iy, ix = self._nearest_core(yy, xx)
        return np.maximum(np.hypot(yy - iy, xx - ix) - self.band, 0)

    def opacity(self, yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        inside = (yy >= self.y0) & (yy < self.y1) & (xx >= self.x0) & (xx < self.x1)
        depth = np.full(inside.shape, np.inf, dtype=np.float32)
        for is_open, gap in zip(self.open_sides, (yy - self.y0, self.y1 - 1 - yy, xx - self.x0, self.x1 - 1 - xx)):
            if is_open:
                depth = np.minimum(depth, gap)
        return np.where(inside, np.clip(depth / self.band, 0, 1), 0).astype(np.float32)


def _mirrored_detail(chest: np.ndarray, shape: tuple[int, int], top: int, left: int) -> np.ndarray:
    """Fine structure of the film mirrored across its border (to be faded with distance), so
    that ribs, skin folds and lines do not all stop dead at the film edge."""
    h, w = shape
    ch, cw = chest.shape
    detail = chest - ndimage.gaussian_filter(chest, 3.0 * _px_scale(shape))
    pads = ((max(top, 0), max(h - top - ch, 0)), (max(left, 0), max(w - left - cw, 0)))
    pads = tuple((min(a, n - 1), min(b, n - 1)) for (a, b), n in zip(pads, chest.shape))
    mirrored = np.pad(detail, pads, mode="symmetric")
    canvas = np.zeros(shape, dtype=np.float32)
    y0, x0 = top - pads[0][0], left - pads[1][0]
    ys, xs = slice(max(y0, 0), min(y0 + mirrored.shape[0], h)), slice(max(x0, 0), min(x0 + mirrored.shape[1], w))
    canvas[ys, xs] = mirrored[ys.start - y0: ys.stop - y0, xs.start - x0: xs.stop - x0]
    return canvas


def _cervical_spine(offset: np.ndarray, cw: int, soft: float, bone: float) -> np.ndarray:
    """Vertebral column (brighter) with the air column of the trachea (darker) in front of it."""
    vertebrae = np.exp(-0.5 * (offset / (0.03 * cw)) ** 2) * (bone - soft) * 0.6
    trachea = np.exp(-0.5 * (offset / (0.012 * cw)) ** 2) * soft * 0.15
    return vertebrae - trachea


def _arms(xx: np.ndarray, yy: np.ndarray, cx: float, torso: float, shoulder_y: float, cw: int,
          soft: float, bone: float, rng: np.random.Generator) -> np.ndarray:
    """Upper arms beside the torso, slightly abducted, rounded at the shoulder, each with a humerus."""
    width = cw * rng.uniform(*ARM_WIDTH)
    arms = np.zeros(np.broadcast_shapes(xx.shape, yy.shape), dtype=np.float32)
    for sign in (-1, 1):
        slant = np.tan(np.deg2rad(rng.uniform(2, 10)))
        centre = cx + sign * (torso + cw * rng.uniform(*ARM_GAP) + width / 2 + slant * (yy - shoulder_y))
        offset = xx - centre
        cap = np.clip((shoulder_y - yy) / (width / 2), 0, 1)          # rounded top of the shoulder
        half = (width / 2) * np.sqrt(np.clip(1 - cap ** 2, 0, 1))
        flesh = np.sqrt(np.clip(1 - (offset / np.maximum(half, 1.0)) ** 2, 0, 1)) * soft
        humerus = np.sqrt(np.clip(1 - (offset / np.maximum(half / 2.6, 1.0)) ** 2, 0, 1)) * (bone - soft)
        arms = np.maximum(arms, (flesh + humerus) * (cap < 1))
    return arms


def _bowel_gas(xx: np.ndarray, yy: np.ndarray, cx: float, abdomen_top: float, cw: int,
               dense: float, rng: np.random.Generator) -> np.ndarray:
    """Attenuation removed by gas in the stomach and colon below the diaphragm."""
    gas = np.zeros(np.broadcast_shapes(xx.shape, yy.shape), dtype=np.float32)
    for _ in range(rng.integers(*BOWEL_GAS_BLOBS)):
        gy = abdomen_top + rng.uniform(0.0, 0.35) * cw
        gx = cx + rng.uniform(-0.35, 0.35) * cw
        ry, rx = rng.uniform(0.02, 0.06) * cw, rng.uniform(0.03, 0.1) * cw
        inside = ((xx - gx) / rx) ** 2 + ((yy - gy) / ry) ** 2
        gas = np.maximum(gas, np.sqrt(np.clip(1 - inside, 0, 1)) * dense * rng.uniform(0.15, 0.35))
    return gas


def _smooth_noise(shape: tuple[int, int], sigma_px: float, rng: np.random.Generator) -> np.ndarray:
    """Unit-variance low-frequency random field."""
    field = _wide_blur(rng.standard_normal(shape, dtype=np.float32), sigma_px)
    return field / max(float(field.std()), 1e-6)


# --- motion blur: the chest moved while the detector integrated --------------------------------
def _motion_blur(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    mechanism = str(rng.choice(("patient_motion", "breathing", "jerk_double_contour", "tremor")))
    long_side = max(grey.shape)
    log_e = _log_exposure(grey)
    t = np.linspace(0.0, 1.0, PATH_SAMPLES)
    if mechanism == "breathing":
        moved = _breathing(log_e, _lung_box(grey), rng)
    else:
        if mechanism == "patient_motion":
            easing = t + rng.uniform(-0.4, 0.4) * t * (1 - t)        # speeding up or slowing down
            path = _along(easing * rng.uniform(*PATIENT_MOTION_EXTENT) * long_side, rng)
        elif mechanism == "jerk_double_contour":
            late = rng.uniform(*JERK_LATE_WEIGHT)
            smear = rng.uniform(*JERK_SMEAR)
            stages = np.concatenate([np.zeros(int(PATH_SAMPLES * (1 - late - smear))),
                                     np.linspace(0, 1, int(PATH_SAMPLES * smear)),
                                     np.ones(int(PATH_SAMPLES * late))])
            path = _along(stages * rng.uniform(*JERK_SHIFT) * long_side, rng)
        else:
            cycles = rng.uniform(*TREMOR_CYCLES, size=2)
            phase = rng.uniform(0, 2 * np.pi, size=2)
            amplitude = rng.uniform(*TREMOR_AMPLITUDE, size=2) * long_side
            path = amplitude[None, :] * np.sin(2 * np.pi * cycles[None, :] * t[:, None] + phase[None, :])
        moved = _smeared(log_e, _path_kernel(path))
    noisy = moved + LOG_RANGE * _matched_grain(grey, grey.shape, rng)   # detector noise is not blurred
    field = _exposed_field(grey)
    return _processed(noisy, _Window(grey, field), rng, field), mechanism


def _along(distance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(dy, dx) points at `distance` along a random direction."""
    angle = rng.uniform(0, np.pi)
    return distance[:, None] * np.array([np.sin(angle), np.cos(angle)])[None, :]


def _path_kernel(path: np.ndarray) -> np.ndarray:
    """Point-spread of a motion path: time spent at each (dy, dx) offset, splatted bilinearly."""
    path = path - path.mean(axis=0)
    radius = int(np.ceil(np.abs(path).max())) + 1
    kernel = np.zeros((2 * radius + 1, 2 * radius + 1))
    for (dy, dx) in path + radius:
        y0, x0 = int(np.floor(dy)), int(np.floor(dx))
        fy, fx = dy - y0, dx - x0
        kernel[y0, x0] += (1 - fy) * (1 - fx)
        kernel[y0 + 1, x0] += fy * (1 - fx)
        kernel[y0, x0 + 1] += (1 - fy) * fx
        kernel[y0 + 1, x0 + 1] += fy * fx
    return kernel / kernel.sum()


def _smeared(log_e: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Blur in the exposure domain (the detector integrates intensity, not its log)."""
    radius = kernel.shape[0] // 2
    exposure = np.pad(np.exp(log_e), radius, mode="reflect")
    blurred = signal.fftconvolve(exposure, kernel, mode="valid")
    return np.log(np.maximum(blurred, 1e-6)).astype(np.float32)


def _breathing(log_e: np.ndarray, box: tuple[int, int, int, int], rng: np.random.Generator) -> np.ndarray:
    """Breathing during the exposure: the diaphragm moves most, the apices least; a harmonic
    excursion lingers at its turning points, so contours double rather than just smear."""
    h = log_e.shape[0]
    excursion = rng.uniform(*BREATHING_EXCURSION) * h
    phase = rng.uniform(0, np.pi) + np.linspace(0, np.pi * rng.uniform(0.7, 1.0), PATH_SAMPLES)
    travel = np.cos(phase)
    travel = (travel - travel.min()) / (travel.max() - travel.min()) - 0.5       # spans the excursion
    unit = np.stack([travel, rng.uniform(-0.15, 0.15) * travel], axis=1)
    levels = (APEX_SHARE_OF_EXCURSION, (1 + APEX_SHARE_OF_EXCURSION) / 2, 1.0)
    blurred = [_smeared(log_e, _path_kernel(unit * excursion * level)) for level in levels]
    top, bottom = box[0], box[1]
    anchors = (top, (top + bottom) / 2, bottom)
    rows = np.arange(h)
    weights = [np.interp(rows, anchors, np.eye(3)[i]) for i in range(3)]
    return sum(w[:, None] * b for w, b in zip(weights, blurred)).astype(np.float32)


# --- foreign objects: metal (and dense plastic) items left on the chest --------------------------
class _Canvas:
    """Optical depth (mu * thickness) of objects lying on the patient, drawn in millimetres."""

    def __init__(self, shape: tuple[int, int]):
        self.tau = np.zeros(shape, dtype=np.float32)
        self.px_per_mm = _px_per_mm(shape)

    def stamp(self, centre: tuple[float, float], reach_mm: float, depth, angle_deg: float = 0.0) -> None:
        """Add depth(y_mm, x_mm) - local coordinates turned by angle_deg - around centre (px)."""
        h, w = self.tau.shape
        cy, cx = centre
        reach = reach_mm * self.px_per_mm + 2
        y0, y1 = max(int(cy - reach), 0), min(int(cy + reach) + 1, h)
        x0, x1 = max(int(cx - reach), 0), min(int(cx + reach) + 1, w)
        if y0 >= y1 or x0 >= x1:
            return
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        gy, gx = (yy - cy) / self.px_per_mm, (xx - cx) / self.px_per_mm
        a = np.deg2rad(angle_deg)
        ly = gy * np.cos(a) - gx * np.sin(a)
        lx = gy * np.sin(a) + gx * np.cos(a)
        self.tau[y0:y1, x0:x1] += depth(ly, lx).astype(np.float32)

    def mm(self, pixels: float) -> float:
        return pixels / self.px_per_mm

    def px(self, millimetres: float) -> float:
        return millimetres * self.px_per_mm


def _ball(radius: float, mu: float):
    """A sphere (bead, ball of a barbell or ball chain)."""
    return lambda y, x: 2 * mu * np.sqrt(np.clip(radius ** 2 - y ** 2 - x ** 2, 0, None))


def _tube(points: np.ndarray, radius: float, mu: float):
    """A round wire along a polyline of (y, x) mm points."""
    def depth(y, x):
        nearest = np.full(y.shape, np.inf, dtype=np.float32)
        for (ay, ax), (by, bx) in zip(points[:-1], points[1:]):
            vy, vx = by - ay, bx - ax
            t = np.clip(((y - ay) * vy + (x - ax) * vx) / max(vy * vy + vx * vx, 1e-9), 0, 1)
            nearest = np.minimum(nearest, (y - ay - t * vy) ** 2 + (x - ax - t * vx) ** 2)
        return 2 * mu * np.sqrt(np.clip(radius ** 2 - nearest, 0, None))
    return depth


def _plate(distance, thickness: float, mu: float, edge_mm: float):
    """A flat part of uniform thickness, given its signed distance function (negative inside),
    with the partial-volume edge of a pixel."""
    return lambda y, x: mu * thickness * np.clip(0.5 - distance(y, x) / edge_mm, 0, 1)


def _circle(radius: float, cy: float = 0.0, cx: float = 0.0):
    return lambda y, x: np.sqrt((y - cy) ** 2 + (x - cx) ** 2) - radius


def _rounded_box(half_h: float, half_w: float, corner: float, cy: float = 0.0, cx: float = 0.0):
    def distance(y, x):
        qy = np.abs(y - cy) - (half_h - corner)
        qx = np.abs(x - cx) - (half_w - corner)
        outside = np.sqrt(np.maximum(qy, 0) ** 2 + np.maximum(qx, 0) ** 2)
        return outside + np.minimum(np.maximum(qy, qx), 0) - corner
    return distance


def _ring(radius: float, width: float):
    return lambda y, x: np.abs(np.sqrt(y ** 2 + x ** 2) - radius) - width / 2


def _spot(box: tuple[int, int, int, int], fy: float, fx: float) -> tuple[float, float]:
    """Pixel position at fractions (fy, fx) of the lung box."""
    top, bottom, left, right = box
    return top + fy * (bottom - top), left + fx * (right - left)


def _foreign_object(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    kinds = tuple(_OBJECTS)
    first = str(rng.choice(kinds))
    chosen = [first]
    if rng.uniform() < EXTRA_OBJECT_CHANCE:
        chosen.append(str(rng.choice([k for k in kinds if k != first])))
    canvas = _Canvas(grey.shape)
    box = _lung_box(grey)
    for kind in chosen:
        _OBJECTS[kind](canvas, box, rng)
    field = _exposed_field(grey)
    raw = _with_dose(_log_exposure(grey), np.exp(-canvas.tau), rng)
    return _processed(raw, _Window(grey, field), rng, field), first


def _necklace(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """A chain hanging in a U from the neck, with a pendant (medallion or cross) and a clasp."""
    top, centre_x = _spot(box, rng.uniform(-0.08, 0.05), rng.uniform(0.42, 0.58))
    span, drop = rng.uniform(35, 60), rng.uniform(70, 170)
    t = np.linspace(-1, 1, 60)
    points = np.stack([drop * (1 - t ** 2), span * t], axis=1)
    metal = MU_PER_MM[str(rng.choice(("gold", "silver", "steel")))]
    anchor = (top, centre_x)
    if rng.uniform() < 0.5:
        bead = rng.uniform(1.0, 1.8)
        length = np.cumsum(np.r_[0, np.hypot(*np.diff(points, axis=0).T)])
        for s in np.arange(0, length[-1], 2.3 * bead):
            y, x = np.interp(s, length, points[:, 0]), np.interp(s, length, points[:, 1])
            canvas.stamp((anchor[0] + canvas.px(y), anchor[1] + canvas.px(x)), bead, _ball(bead, metal))
    else:
        canvas.stamp((anchor[0] + canvas.px(drop / 2), anchor[1]), max(span, drop) + 2,
                     _tube(points - [drop / 2, 0], rng.uniform(0.5, 0.9), metal))
    pendant_at = (anchor[0] + canvas.px(drop + rng.uniform(6, 12)), anchor[1])
    size = rng.uniform(7, 14)
    edge = canvas.mm(1)
    if rng.uniform() < 0.5:
        disc = _plate(_circle(size), rng.uniform(1.0, 2.0), metal, edge)
        canvas.stamp(pendant_at, size + 1, disc)
    else:
        bar = _plate(_rounded_box(size * 1.3, size * 0.18, 0.5), rng.uniform(1.5, 2.5), metal, edge)
        arm = _plate(_rounded_box(size * 0.18, size * 0.75, 0.5, cy=-size * 0.45), rng.uniform(1.5, 2.5), metal, edge)
        canvas.stamp(pendant_at, size * 1.4, _overlapping(bar, arm))
    side = rng.choice((-1, 1))
    clasp_at = (anchor[0] + canvas.px(drop * 0.1), anchor[1] + side * canvas.px(span * 0.95))
    canvas.stamp(clasp_at, 5, _tube(_circle_points(2.5, 16), 0.6, metal))


def _buttons(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """Metal buttons or press studs down a shirt placket."""
    top, x = _spot(box, rng.uniform(0.0, 0.15), rng.uniform(0.4, 0.6))
    spacing = canvas.px(rng.uniform(65, 95))
    radius = rng.uniform(5, 8)
    metal = MU_PER_MM[str(rng.choice(("brass", "steel")))]
    thickness = rng.uniform(1.2, 2.0)
    edge = canvas.mm(1)
    stud = rng.uniform() < 0.4
    holes = [(0.0, -1.8), (0.0, 1.8)] if rng.uniform() < 0.5 else [(-1.6, -1.6), (-1.6, 1.6), (1.6, -1.6), (1.6, 1.6)]
    for i in range(rng.integers(3, 7)):
        centre = (top + i * spacing, x + canvas.px(rng.uniform(-2, 2)))
        if stud:
            shape = _plate(_ring(radius * 0.6, radius * 0.5), thickness * 1.5, metal, edge)
        else:
            disc = _plate(_circle(radius), thickness, metal, edge)
            shape = _difference(disc, *[_plate(_circle(0.8, hy, hx), thickness, metal, edge) for hy, hx in holes])
        canvas.stamp(centre, radius + 1, shape)


def _coins(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """A few coins in a breast pocket, partly overlapping, with raised rims."""
    centre = _spot(box, rng.uniform(0.1, 0.4), rng.choice((rng.uniform(0.1, 0.3), rng.uniform(0.7, 0.9))))
    edge = canvas.mm(1)
    for _ in range(rng.integers(1, 5)):
        radius, thickness = rng.uniform(9, 13.5), rng.uniform(1.5, 2.3)
        body = _plate(_circle(radius), thickness, MU_PER_MM["copper_nickel"], edge)
        rim = _plate(_ring(radius - 0.8, 1.4), thickness * 0.25, MU_PER_MM["copper_nickel"], edge)
        at = (centre[0] + canvas.px(rng.uniform(-9, 9)), centre[1] + canvas.px(rng.uniform(-9, 9)))
        canvas.stamp(at, radius + 1, _together(body, rim))


def _hair_clips(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """Bobby pins from long hair lying over the upper chest: a straight and a wavy leg."""
    centre = _spot(box, rng.uniform(0.08, 0.35), rng.uniform(0.15, 0.85))
    for _ in range(rng.integers(1, 4)):
        length = rng.uniform(45, 60)
        s = np.linspace(0, length, 40)
        straight = np.stack([s, np.full_like(s, 1.2)], axis=1)
        wave = 0.5 * (1 - np.cos(s / length * 8 * np.pi)) * np.clip((s - 5) / 5, 0, 1)
        wavy = np.stack([s, -1.2 - wave], axis=1)
        turn = np.linspace(np.pi / 2, -np.pi / 2, 8)
        bend = np.stack([-1.5 * np.cos(turn), 1.2 * np.sin(turn)], axis=1)
        pin = np.concatenate([straight[::-1], bend, wavy]) - [length / 2, 0]
        at = (centre[0] + canvas.px(rng.uniform(-20, 20)), centre[1] + canvas.px(rng.uniform(-20, 20)))
        canvas.stamp(at, length / 2 + 3, _tube(pin, rng.uniform(0.45, 0.6), MU_PER_MM["steel"]),
                     rng.uniform(0, 180))


def _together(*parts):
    """Parts stacked in the beam: their optical depths add."""
    return lambda y, x: sum(p(y, x) for p in parts)


def _overlapping(*parts):
    """Parts of one solid piece that overlap in outline: the thickest wins."""
    return lambda y, x: np.maximum.reduce([p(y, x) for p in parts])


def _shifted(depth, dy: float, dx: float):
    return lambda y, x: depth(y - dy, x - dx)


def _difference(whole, *holes):
    return lambda y, x: np.maximum(whole(y, x) - sum(h(y, x) for h in holes), 0)


def _circle_points(radius: float, n: int, start: float = 0.0, stop: float = 2 * np.pi) -> np.ndarray:
    a = np.linspace(start, stop, n)
    return np.stack([radius * np.sin(a), radius * np.cos(a)], axis=1)


def _underwire_bra(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """Underwires curving below each breast, hook-and-eye closure at the back, strap sliders."""
    wire = rng.uniform(0.7, 1.0)
    steel = MU_PER_MM["steel"]
    edge = canvas.mm(1)
    level = rng.uniform(0.45, 0.65)
    for side in (-1, 1):
        radius = rng.uniform(55, 75)
        centre = _spot(box, level, 0.5 + side * rng.uniform(0.2, 0.28))
        arc = _circle_points(radius, 40, np.deg2rad(25), np.deg2rad(155))
        canvas.stamp(centre, radius + 3, _tube(arc, wire, steel), side * rng.uniform(-10, 10))
        slider_at = _spot(box, rng.uniform(0.0, 0.15), 0.5 + side * rng.uniform(0.15, 0.25))
        slider = _plate(_ring(5.5, 2.0), 1.0, steel, edge)
        canvas.stamp(slider_at, 9, _overlapping(slider, _plate(_rounded_box(0.8, 6.5, 0.3), 1.0, steel, edge)),
                     rng.uniform(-30, 30))
    hooks_at = _spot(box, level + rng.uniform(-0.1, 0.05), rng.uniform(0.45, 0.55))
    for row in range(rng.integers(2, 4)):
        hook = _plate(_rounded_box(1.6, 5.0, 1.0, cy=row * 6.0 - 6.0), 1.0, steel, edge)
        eye = _shifted(_plate(_ring(2.2, 0.8), 1.0, steel, edge), row * 6.0 - 6.0, 6.5)
        canvas.stamp(hooks_at, 16, _together(hook, eye))


def _zip(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """A metal zip of a jacket or top: interlocking teeth, slider and pull tab."""
    start = _spot(box, rng.uniform(-0.05, 0.15), rng.uniform(0.35, 0.65))
    length = rng.uniform(150, 300)
    brass = MU_PER_MM[str(rng.choice(("brass", "steel")))]
    edge = canvas.mm(1)
    sway, tilt = rng.uniform(-12, 12), rng.uniform(-0.08, 0.08)
    tooth = _plate(_rounded_box(1.1, 2.4, 0.8), 1.3, brass, edge)
    for i, s in enumerate(np.arange(0, length, 1.6)):
        x = sway * np.sin(np.pi * s / length) + tilt * s + (1.4 if i % 2 else -1.4)
        canvas.stamp((start[0] + canvas.px(s), start[1] + canvas.px(x)), 3, tooth)
    at = rng.uniform(0.1, 0.9) * length
    x_at = sway * np.sin(np.pi * at / length) + tilt * at
    slider = _plate(_rounded_box(9.0, 5.5, 2.0), 3.0, brass, edge)
    tab = _plate(_rounded_box(10.0, 3.5, 1.5, cy=16.0), 1.2, brass, edge)
    slot = _plate(_rounded_box(4.0, 1.5, 1.0, cy=18.0), 1.2, brass, edge)
    canvas.stamp((start[0] + canvas.px(at), start[1] + canvas.px(x_at)), 28,
                 _together(slider, _difference(tab, slot)))


def _phone(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """A mobile phone in a breast pocket or lying on the patient: frame, battery, board with
    shielded chips, camera modules and screws."""
    centre = _spot(box, rng.uniform(0.15, 0.6), rng.choice((rng.uniform(0.15, 0.3), rng.uniform(0.7, 0.85))))
    scale = rng.uniform(0.9, 1.1)
    hh, hw = 74 * scale, 36 * scale
    edge = canvas.mm(1)
    parts = [
        _plate(_rounded_box(hh, hw, 8), 1.4, MU_PER_MM["glass"], edge),                    # front and back
        _difference(_plate(_rounded_box(hh, hw, 8), 7.0, MU_PER_MM["aluminium"], edge),
                    _plate(_rounded_box(hh - 1.5, hw - 1.5, 7), 7.0, MU_PER_MM["aluminium"], edge)),
        _plate(_rounded_box(hh * 0.42, hw * 0.82, 3, cy=hh * 0.35), 4.5, MU_PER_MM["battery"], edge),
        _plate(_rounded_box(hh * 0.35, hw * 0.85, 2, cy=-hh * 0.5), 1.6, MU_PER_MM["circuit"] * 3, edge),
    ]
    for _ in range(rng.integers(4, 8)):
        cy, cx = rng.uniform(-0.8, -0.25) * hh, rng.uniform(-0.7, 0.7) * hw
        parts.append(_plate(_rounded_box(rng.uniform(2, 6), rng.uniform(2, 7), 0.5, cy, cx), 1.0,
                            MU_PER_MM["steel"] * rng.uniform(0.6, 1.2), edge))
    lens_x = rng.choice((-1, 1)) * hw * 0.55
    for k in range(rng.integers(1, 4)):
        parts.append(_plate(_circle(4.0, -hh * 0.82 + k * 10, lens_x), 2.5, MU_PER_MM["steel"], edge))
    for sy, sx in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
        parts.append(_plate(_circle(0.9, sy * (hh - 4), sx * (hw - 4)), 2.0, MU_PER_MM["steel"], edge))
    canvas.stamp(centre, np.hypot(hh, hw) + 2, _together(*parts), rng.uniform(-35, 35))


def _piercings(canvas: _Canvas, box, rng: np.random.Generator) -> None:
    """Nipple rings (with a captive bead) or barbells, on one or both sides."""
    level = rng.uniform(0.45, 0.65)
    sides = (-1, 1) if rng.uniform() < 0.6 else (rng.choice((-1, 1)),)
    steel = MU_PER_MM["steel"]
    ring = rng.uniform() < 0.5
    for side in sides:
        at = _spot(box, level + rng.uniform(-0.03, 0.03), 0.5 + side * rng.uniform(0.22, 0.3))
        if ring:
            radius = rng.uniform(6, 9)
            bead = _shifted(_ball(rng.uniform(1.8, 2.4), steel), radius, 0.0)
            shape = _together(_tube(_circle_points(radius, 24), rng.uniform(0.8, 1.1), steel), bead)
        else:
            half = rng.uniform(6, 8)
            bar = _tube(np.array([[0.0, -half], [0.0, half]]), 0.8, steel)
            shape = _together(bar, _shifted(_ball(2.2, steel), 0.0, -half), _shifted(_ball(2.2, steel), 0.0, half))
        canvas.stamp(at, 12, shape, rng.uniform(-20, 20))


_OBJECTS = {
    "necklace": _necklace,
    "buttons": _buttons,
    "coins": _coins,
    "hair_clips": _hair_clips,
    "underwire_bra": _underwire_bra,
    "zip": _zip,
    "phone": _phone,
    "piercings": _piercings,
}


# --- markers and annotations: wrong side markers, text and graphics over the lungs ---------------
def _marker_annotation(grey: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    mechanism = str(rng.choice(("burned_in_text", "graphic_annotation", "wrong_side_marker",
                                "marker_over_lung")))
    h, w = grey.shape
    box = _lung_box(grey)
    field = _exposed_field(grey)
    nominal = _Window(grey, field)
    log_e = _log_exposure(grey)
    if mechanism in ("wrong_side_marker", "marker_over_lung"):
        letter = str(rng.choice(("L", "R")))
        if mechanism == "marker_over_lung":
            at = _spot(box, rng.uniform(0.15, 0.75), rng.uniform(0.15, 0.85))
        else:                                   # patient's right belongs on the image's left
            wrong_left = letter == "L"
            at = (rng.uniform(0.06, 0.45) * h, (rng.uniform(0.04, 0.2) if wrong_left else rng.uniform(0.8, 0.96)) * w)
        if mechanism == "wrong_side_marker" and rng.uniform() < 0.4:
            film = _processed(log_e, nominal, rng, field)
            return _burn_text(film, letter, at, rng.uniform(*TEXT_HEIGHT) * h, "DejaVuSans.ttf", rng), mechanism
        tau = _lead_marker(grey.shape, letter, at, rng)
        raw = _with_dose(log_e, np.exp(-tau), rng)
        return _processed(raw, nominal, rng, field), mechanism
    film = _processed(log_e, nominal, rng, field)
    if mechanism == "burned_in_text":
        for _ in range(rng.integers(1, 4)):
            at = _spot(box, rng.uniform(0.1, 0.8), rng.uniform(0.1, 0.7))
            film = _burn_text(film, _overlay_text(rng), at, rng.uniform(*TEXT_HEIGHT) * h,
                              str(rng.choice(OVERLAY_FONTS)), rng)
        return film, mechanism
    return _draw_graphics(film, box, rng), mechanism


def _overlay_text(rng: np.random.Generator) -> str:
    if rng.uniform() < 0.3:
        return (f"{rng.integers(1, 29):02d}/{rng.integers(1, 13):02d}/20{rng.integers(15, 24)} "
                f"{rng.integers(0, 24):02d}:{rng.integers(0, 60):02d}")
    return str(rng.choice(OVERLAY_LABELS))


def _font(name: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_DIR + name, max(int(round(size_px)), 6))


def _burn_text(film: np.ndarray, text: str, at: tuple[float, float], cap_px: float, font_name: str,
               rng: np.random.Generator) -> np.ndarray:
    """Text burned into the pixels at `at` (its top-left, kept inside the film): white, white with
    a dark outline, or dark on a light box, as workstations do."""
    h, w = film.shape
    font = _font(font_name, cap_px * 1.35)
    x0, y0, x1, y1 = font.getbbox(text)
    ty = int(np.clip(at[0], 2, max(h - (y1 - y0) - 2, 2)))
    tx = int(np.clip(at[1], 2, max(w - (x1 - x0) - 2, 2)))
    style = rng.choice(("white", "outlined", "boxed"), p=(0.6, 0.25, 0.15))
    ink = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(ink)
    draw.text((tx - x0, ty - y0), text, fill=255, font=font,
              stroke_width=max(1, int(cap_px / 12)) if style == "outlined" else 0, stroke_fill=128)
    alpha = np.asarray(ink, dtype=np.float32) / 255
    out = film.copy()
    if style == "boxed":
        pad = max(2, int(cap_px / 5))
        out[max(ty - pad, 0): ty + (y1 - y0) + pad, max(tx - pad, 0): tx + (x1 - x0) + pad] = rng.uniform(0.8, 0.95)
        return out * (1 - alpha) + rng.uniform(0.0, 0.1) * alpha
    if style == "outlined":
        halo = np.asarray(ink, dtype=np.float32) == 128
        out = np.where(halo, 0.0, out)
        alpha = np.where(halo, 0.0, alpha)
    return out * (1 - alpha) + rng.uniform(0.92, 1.0) * alpha


def _draw_graphics(film: np.ndarray, box, rng: np.random.Generator) -> np.ndarray:
    """Arrow, circle or measurement drawn on the lungs and saved into the image."""
    h, w = film.shape
    width = max(1, int(rng.uniform(*LINE_WIDTH) * max(h, w)))
    ink = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(ink)
    target = _spot(box, rng.uniform(0.2, 0.75), rng.uniform(0.15, 0.85))
    kind = rng.choice(("arrow", "circle", "measurement"))
    if kind == "arrow":
        angle = rng.uniform(0, 2 * np.pi)
        length = rng.uniform(0.08, 0.18) * max(h, w)
        tail = (target[1] + length * np.cos(angle), target[0] + length * np.sin(angle))
        draw.line([tail, (target[1], target[0])], fill=255, width=width)
        head = 4 * width + 6
        for turn in (-0.45, 0.45):
            wing = (target[1] + head * np.cos(angle + turn), target[0] + head * np.sin(angle + turn))
            draw.line([(target[1], target[0]), wing], fill=255, width=width)
    elif kind == "circle":
        ry, rx = rng.uniform(0.04, 0.1, size=2) * max(h, w)
        draw.ellipse([target[1] - rx, target[0] - ry, target[1] + rx, target[0] + ry], outline=255, width=width)
    else:
        angle = rng.uniform(0, np.pi)
        half = rng.uniform(0.05, 0.15) * max(h, w)
        dy, dx = half * np.sin(angle), half * np.cos(angle)
        ends = [(target[1] - dx, target[0] - dy), (target[1] + dx, target[0] + dy)]
        draw.line(ends, fill=255, width=width)
        tick = 3 * width + 4
        for ex, ey in ends:
            draw.line([(ex - tick * np.sin(angle), ey + tick * np.cos(angle)),
                       (ex + tick * np.sin(angle), ey - tick * np.cos(angle))], fill=255, width=width)
        label = f"{2 * half / _px_per_mm((h, w)):.1f} mm"
        font = _font("DejaVuSans.ttf", rng.uniform(*TEXT_HEIGHT) * h * 1.2)
        draw.text((target[1] + tick + 4, target[0] + tick + 4), label, fill=255, font=font)
    alpha = np.asarray(ink, dtype=np.float32) / 255
    return film * (1 - alpha) + rng.uniform(0.92, 1.0) * alpha


def _lead_marker(shape: tuple[int, int], letter: str, at: tuple[float, float],
                 rng: np.random.Generator) -> np.ndarray:
    """Optical depth of a lead letter in its acrylic holder lying on the detector at `at` (centre)."""
    px_per_mm = _px_per_mm(shape)
    size = rng.uniform(*LEAD_LETTER_MM) * px_per_mm
    font = _font(MARKER_FONT, size * 1.35)
    x0, y0, x1, y1 = font.getbbox(letter)
    pad = int(size * 0.35)
    tile = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 0)
    ImageDraw.Draw(tile).text((pad - x0, pad - y0), letter, fill=255, font=font)
    tile = tile.rotate(rng.uniform(-15, 15), resample=Image.BILINEAR, expand=False)
    lead = np.asarray(tile, dtype=np.float32) / 255 * LEAD_MU_THICKNESS
    holder = np.full(lead.shape, rng.uniform(*HOLDER_TAU), dtype=np.float32)
    tau = np.zeros(shape, dtype=np.float32)
    th, tw = lead.shape
    ty = int(np.clip(at[0] - th / 2, 0, shape[0] - th))
    tx = int(np.clip(at[1] - tw / 2, 0, shape[1] - tw))
    tau[ty: ty + th, tx: tx + tw] = lead + holder
    return ndimage.gaussian_filter(tau, 0.6)


_FAULT_MAKERS = {
    "underexposure": _underexposure, "overexposure": _overexposure, "lung_field_cutoff": _lung_field_cutoff,
    "collimation_centering": _collimation_centering, "motion_blur": _motion_blur,
    "foreign_object": _foreign_object, "marker_annotation": _marker_annotation,
}
