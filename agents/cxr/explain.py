"""Words and a region for each finding: what was measured, what to do about it (where the standards in the
domain notes say: EC/RCR acceptance criteria, IEC 62494-1), and where a reviewer should look."""

from __future__ import annotations

from radqc.agents.cxr.cutoff import DETECTOR_ASPECT, short_axis
from radqc.agents.cxr.decide import AP_LENIENCY, cropped_through_lung, misplaced_marker
from radqc.agents.cxr.features import Measurements
from radqc.agents.cxr.field import SIDES
from radqc.agents.cxr.orientation import AS_DISPLAYED
from radqc.plural import counted

Box = tuple[int, int, int, int]


def describe_finding(criterion: str, measured: Measurements) -> tuple[str, str, Box]:
    """(evidence, explanation, working-pixel box) for CRITERION on the measured image."""
    f = measured.features
    height, width = measured.lungs.shape
    whole: Box = (0, 0, width, height)
    lungs: Box = measured.lung_box or whole
    if criterion == "orientation_photometric":
        fault = measured.notes.get("orientation_best_fault", "")
        return (
            f"the image matches a correctly displayed chest best once {display_correction(fault)} "
            f"(display margin {f['display_margin']:+.2f}, exposed field alone {f['field_orientation_margin']:+.2f}; "
            "below 0, a corrected display fits better than the image as shown)",
            "The coarse layout (dark lungs beside a bright mediastinum, abdomen below) does not match a "
            "correctly displayed frontal chest radiograph; the image looks mirrored, rotated or inverted. "
            "What to do: correct the display (rotate, flip, or check the MONOCHROME1/MONOCHROME2 grey scale) and "
            "audit the film again: cut-off is not judged on a turned or inverted display.",
            whole,
        )
    if criterion == "underexposure":
        return (
            f"noise {f['noise']:.3f} in the lungs ({f['film_noise']:.3f} of the film's grey range), "
            f"{100 * f['dense_white']:.0f}% of the mediastinum saturated white",
            "The image is noisy and flat: too little dose reached the detector (spine not visible behind the heart). "
            f"{EXPOSURE_ACTION}",
            lungs,
        )
    if criterion == "overexposure":
        return (
            f"{100 * f['lung_at_floor']:.0f}% of the lungs as dark as open air, lung level {f['film_lung_level']:.2f}",
            "Lung fields are burnt out (dark, clipped, faint markings): too much dose or over-penetration. "
            f"{EXPOSURE_ACTION}",
            lungs,
        )
    if criterion == "lung_field_cutoff":
        edge = _lung_edge(measured)
        side = cut_side(measured, edge)
        strips = {"top": (0, 0, width, 8), "bottom": (0, height - 8, width, height),
                  "left": (0, 0, 8, height), "right": (width - 8, 0, width, height)}
        cropped = (
            f"; the image is {f['frame_aspect']:.2f} times as wide as high, no detector format "
            f"({DETECTOR_ASPECT[0]:.2f}-{DETECTOR_ASPECT[1]:.2f}): it was cropped"
            if cropped_through_lung(f) else ""
        )
        return (
            f"lung field reaches the {edge} image border along {100 * f[f'lung_at_{edge}']:.0f}% of it; "
            f"layout matches a chest cut at the {measured.notes.get('cut_side')} (gain {f['cut_gain']:+.2f}); "
            f"the lungs' box fills {100 * f['lung_box_fraction']:.0f}% of the image{cropped}",
            f"The chest is cut off at the {side} edge of the image: part of the lung is likely outside the field. "
            "What to do: if the image was cropped after exposure, send it whole; otherwise repeat the exposure with "
            "both apices and both costophrenic angles in the field.",
            strips[side],
        )
    if criterion == "collimation_centering":
        return (
            f"exposed field {100 * f['field_fraction']:.0f}% of the image, its centre {100 * f['field_offset']:.0f}% "
            f"of the image size off-centre; lungs fill {100 * f['lung_box_fraction']:.0f}% of the field",
            "The exposed field is much larger than the thorax, or the thorax is off-centre in it. What to do: "
            "re-collimate and centre on the thorax (from just above the apices to about T12/L1) on the next exposure; "
            "repeat only when the lungs are not all in the field.",
            lungs,
        )
    if criterion == "motion_blur":
        return (
            f"edge sharpness ratio {f.get('sharpness_ratio', 0):.2f} (strongest edges {f.get('edge_peak_ratio', 0):.2f}: "
            f"upper half {f.get('upper_edge_peak_ratio', 0):.2f}, lower half {f.get('lower_edge_peak_ratio', 0):.2f}), "
            f"double-edge peak {f.get('ghost_peak', 0):.2f} (lower half {f.get('lower_ghost_peak', 0):.2f}), "
            f"{counted(int(f.get('faint_annotation_glyphs', 0)), 'small sharp detail')} over the lungs (blur erases them)",
            "Contours of the diaphragm, heart and ribs are blurred or doubled, as from patient or breathing motion. "
            "What to do: repeat the exposure with the patient still and the breath held.",
            lungs,
        )
    if criterion == "foreign_object":
        boxes = measured.boxes.get("objects") or [lungs]
        return (
            f"{counted(int(f.get('object_count', 0)), 'compact radiopaque object')} over the chest, "
            f"strongest contrast {f.get('object_contrast', 0):.2f}, thickest {f.get('object_thickness', 0):.0f} px "
            f"with edge step {f.get('object_edge', 0):.2f}",
            "A compact, very dense object (not a thin line such as an ECG lead or tube) projects over the chest. "
            "What to do: if it is outside the body (jewellery, a clip, a button), remove it and repeat the exposure; "
            "an implant or device stays, and is reported.",
            boxes[0],
        )
    if criterion == "marker_annotation" and misplaced_marker(f, measured.notes.get("view")):
        letter = measured.notes["side_marker"]
        side, patient = ("left", "right") if letter == "L" else ("right", "left")
        return (
            f'a lone side marker reads "{letter}" in the image\'s {side} columns',
            f"On a frontal film displayed as radiographs are, the image's {side} is the patient's {patient}: "
            "the side marker contradicts the display, or was placed on the wrong side. What to do: check the "
            "patient's side before the film is read, and correct the display or the marker.",
            measured.boxes["side_marker"][0],
        )
    if criterion == "marker_annotation":
        boxes = measured.boxes.get("text") or measured.boxes.get("faint_text") or measured.boxes.get("letters") or [lungs]
        return (
            f"{counted(int(f.get('annotation_line', 0)), 'letter-sized ink mark')} in one row over the lung fields "
            f"({int(f.get('faint_annotation_line', 0))} in one row and {int(f.get('faint_annotation_glyphs', 0))} "
            f"in all when fainter ink counts too); the strongest lone letter-like mark has contrast {f.get('letter_contrast', 0):.2f}",
            "Marks of one colour in a row, far brighter or darker than the lung around them, look like "
            "burned-in text or an annotation over the lungs. What to do: keep annotations and markers off the lung "
            "fields; text burned into the pixels cannot be removed afterwards.",
            boxes[0],
        )
    if criterion == "inadequate_inspiration":
        lenient = f" (an AP film: judged as if {AP_LENIENCY['lung_aspect']:.2f} taller)" if measured.notes.get("view") == "AP" else ""
        return (
            f"lung height/width ratio {f.get('lung_aspect', 0):.2f}{lenient}",
            "Lung fields look short for their width (a proxy for shallow inspiration; ribs are not counted). What to "
            "do: count the ribs above the diaphragm (about 6 anterior or 9-10 posterior at full inspiration); repeat "
            "at full inspiration only if they confirm it.",
            lungs,
        )
    if criterion == "rotation":
        return (
            f"left/right lung width imbalance {f.get('lung_balance', 0):+.2f}",
            "The lungs are unequal in width about the midline (a proxy for a rotated thorax). What to do: check that "
            "the spinous processes lie midway between the medial ends of the clavicles; repeat with the patient square "
            "to the detector only if they do not.",
            lungs,
        )
    return ("", "", whole)


# Under- and over-exposure alike: the domain notes' action bands for the deviation index.
EXPOSURE_ACTION = ("What to do: check the exposure factors and the deviation index (IEC 62494-1: within 1 acceptable, "
                   "beyond 3 act); repeat the exposure when the lungs or the spine behind the heart are not diagnostic.")


def display_correction(fault: str) -> str:
    """A display variant's name (`orientation.display_variants`: "rotated_270_mirrored", "inverted"), what
    was done to the image to match the template, in words: "rotated 270 degrees anticlockwise and mirrored",
    "grey-scale inverted". The name alone, quoted, read as code."""
    parts = fault.split("_")
    words = [f"rotated {parts[parts.index('rotated') + 1]} degrees anticlockwise"] if "rotated" in parts else []
    words += [{"mirrored": "mirrored", "inverted": "grey-scale inverted"}[part] for part in parts if part in ("mirrored", "inverted")]
    if not words:
        return "its display is corrected" if fault in ("", AS_DISPLAYED) else f"{fault} is undone"
    return " and ".join(words) if len(words) < 3 else f"{words[0]}, {words[1]} and {words[2]}"


_SIDE_EDGES = ("left", "right")


def cut_side(measured: Measurements, edge: str) -> str:
    """The side where lung is most likely cut off, given EDGE, the edge the lung runs into (`_lung_edge`). A film
    whose shape, inside any flat canvas (`notes["film_aspect"]`: a canvas says nothing of a crop), lies outside every
    detector format lost a strip along one axis (`cutoff.short_axis`): the cut lies
    on that axis, at the side of the framing comparison's best-fitting cut (`notes["cut_side"]`, which it always
    names, even for a film it finds uncut) when that side is on the axis, else at the axis's side the lung runs into
    most (`notes["frame_cut_side"]`). Otherwise EDGE, but of the left and the right edge the framing comparison's
    side when that is the left or the right, and so too for the top edge of a film no wider than high when the lung
    also runs into that side edge, more than into the other (`notes["frame_cut_side"]`, with lung at it; a film on a
    canvas that makes the image taller than wide keeps the top edge). A lung cut at a side edge is
    segmented short of it (the mask keeps within the body), and the mask's contact at another side won (the air above
    the shoulders, which it often leaks into): a film cropped on its right had its cut drawn at the top, out of the
    detector formats and, until the top's exception, within them. On the 38 dev films of `data/cxr/lungs`
    cropped by 30% at each side and the simulator's cut-offs in `data/cxr/dev`, 149 of 163 sides right, where the
    shape's axis unused had 124; cropped by 15% and 25% (within the formats), 236 of 304 where the top edge
    standing had 227 (132 -> 135 of 144 on the dev films' own 15% and 25% crops). No side was lost on the side crops
    of these films, which are all square: that is the only claim measured, not one for films of other shapes."""
    missing = measured.notes.get("cut_side")
    axis = short_axis(measured.notes["film_aspect"])
    if axis:
        return missing if missing in axis else measured.notes["frame_cut_side"]
    if edge in _SIDE_EDGES and missing in _SIDE_EDGES:
        return missing
    if (edge == "top" and missing in _SIDE_EDGES and measured.notes["film_aspect"] <= 1
            and missing == measured.notes["frame_cut_side"] and measured.features[f"lung_at_{missing}"] > 0):
        return missing
    return edge


def _lung_edge(measured: Measurements) -> str:
    """The image edge the lung runs into: where a crop through the lung removed a strip (the frame rule,
    `decide.cropped_through_lung`), else where the lung mask touches the border most, else where the framing
    comparison found a missing strip."""
    features = measured.features
    if cropped_through_lung(features):
        return measured.notes["frame_cut_side"]
    touched = max(SIDES, key=lambda side: features.get(f"lung_at_{side}", 0.0))
    return touched if features.get(f"lung_at_{touched}", 0.0) > 0.1 else measured.notes.get("cut_side", "bottom")
