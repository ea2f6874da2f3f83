"""A site's baseline (agents/cxr/site.py): another source's look is not read as faults, and its faults
still are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage as ndi
from typer.testing import CliRunner

from radqc.agents.cxr.decide import confidences, load_model
from radqc.agents.cxr.site import MIN_FILMS, SITE_FEATURES, SiteBaseline, calibrated, departures, sample_films, site_baseline

REFERENCE = {
    "sharpness_ratio": 2.2, "edge_peak_ratio": 2.3, "upper_edge_peak_ratio": 2.35, "lower_edge_peak_ratio": 2.2,
    "film_lung_level": 0.45, "film_median": 0.6, "noise": 0.02, "film_noise": 0.03,
}


def _site(**medians) -> SiteBaseline:
    return SiteBaseline(films=MIN_FILMS, medians={**REFERENCE, **medians})


def test_no_baseline_below_the_minimum_of_films():
    films = [dict(REFERENCE) for _ in range(MIN_FILMS - 1)]
    assert site_baseline(films) is None
    baseline = site_baseline([*films, {**REFERENCE, "noise": 1.0}])
    assert baseline.films == MIN_FILMS and baseline.medians["noise"] == REFERENCE["noise"]  # a median: one outlier is ignored


def test_a_film_is_rescaled_to_the_fitted_look():
    features = {"film_lung_level": 0.3, "sharpness_ratio": 1.5, "annotation_line": 3}
    darker = calibrated(features, _site(film_lung_level=0.3), REFERENCE)
    assert darker["film_lung_level"] == pytest.approx(0.45)
    assert darker["annotation_line"] == 3 and darker["sharpness_ratio"] == 1.5  # not a site measurement; the site is as sharp as the reference
    softer = calibrated(features, _site(sharpness_ratio=1.65), REFERENCE)
    assert softer["sharpness_ratio"] == pytest.approx(2.0)
    assert calibrated(features, None, REFERENCE) == features


def test_noise_is_never_amplified():
    """A smooth source's films are not made noisier (noise a fault adds there must still show), but a
    noisy source's noise is scaled down to the fitted look."""
    features = {"noise": 0.004, "film_noise": 0.006}
    assert calibrated(features, _site(noise=0.004, film_noise=0.006), REFERENCE) == features
    noisy = calibrated({"noise": 0.04}, _site(noise=0.04), REFERENCE)
    assert noisy["noise"] == pytest.approx(0.02)


def test_departures_name_what_differs_from_the_fitted_look():
    assert departures(_site(sharpness_ratio=1.54, noise=0.021), REFERENCE) == {"sharpness_ratio": 0.7}


def test_the_sample_is_fixed_and_not_every_nth():
    """A manifest listing each original before its faulted copy: a sample of every second case would
    hold originals only."""
    cases = [f"{index}-{kind}" for index in range(100) for kind in "ab"]
    sample = sample_films(cases)
    assert sample == sample_films(cases) and len(sample) == 60 and len(set(sample)) == 60
    assert {case[-1] for case in sample} == {"a", "b"}
    assert sample_films(cases[:10]) == cases[:10]


def test_the_shipped_model_knows_the_look_it_was_fitted_on():
    reference = load_model().reference
    assert set(reference) == set(SITE_FEATURES) and all(value > 0 for value in reference.values())


RENDITIONS = Path(__file__).resolve().parents[1] / "data" / "cxr" / "lungs"


@pytest.fixture(scope="module")
def softened_renditions():
    """20 real films (hand-outlined renditions) as a softer source would deliver them, and the same
    films streaked sideways by motion on top."""
    from radqc.agents.cxr.features import WORKING_SIDE, measure
    from radqc.agents.cxr.image_io import load_radiograph

    films = [load_radiograph(f, max_side=WORKING_SIDE).pixels for f in sorted(RENDITIONS.glob("*/images/*.jpg"))[:20]]
    soft = [ndi.gaussian_filter(film, 1.2).astype(np.float32) for film in films]
    return [measure(film).features for film in soft], [measure(ndi.uniform_filter1d(film, 9, axis=1)).features for film in soft[:10]]


def test_a_soft_sources_untouched_films_are_not_called_blurred_against_their_own_baseline(softened_renditions):
    untouched, _ = softened_renditions
    site = site_baseline(untouched)
    raw = sum(confidences(features)["motion_blur"] >= 0.5 for features in untouched)
    judged = sum(confidences(features, site=site)["motion_blur"] >= 0.5 for features in untouched)
    assert raw >= 8 and judged <= 1, (raw, judged)


def test_motion_on_a_soft_source_still_counts_against_its_baseline(softened_renditions):
    untouched, streaked = softened_renditions
    site = site_baseline(untouched)
    # Measured: 3 of the 10 streaked films flagged, their confidence 0.34 above the untouched films' on
    # average. A soft source hides mild motion: the price of not flagging 13 of its 20 untouched films.
    assert sum(confidences(features, site=site)["motion_blur"] >= 0.5 for features in streaked) >= 2
    gap = np.mean([confidences(f, site=site)["motion_blur"] for f in streaked]) - np.mean([confidences(f, site=site)["motion_blur"] for f in untouched])
    assert gap > 0.25


def _films_dataset(folder, count: int):
    """COUNT real films (renditions) as a clean dataset, softened like another source's."""
    from PIL import Image

    (folder / "images").mkdir(parents=True)
    lines = []
    for path in sorted(RENDITIONS.glob("*/images/*.jpg"))[:count]:
        pixels = np.asarray(Image.open(path).convert("L").resize((512, 512)), np.float32)
        Image.fromarray(np.uint8(np.clip(ndi.gaussian_filter(pixels, 1.2), 0, 255))).save(folder / "images" / f"{path.stem}.png")
        lines.append({"case_id": path.stem, "modality": "cxr", "image_path": f"images/{path.stem}.png", "labels": [], "meta": {"synthetic": False}})
    (folder / "manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return folder


def test_eval_judges_a_batch_against_its_own_look_and_keeps_that_baseline(tmp_path):
    """Through the CLI: the baseline is measured, stored in the run folder, reused by `radqc audit
    --site`, and a run cannot be resumed with it switched off."""
    from radqc.cli.main import app

    runner = CliRunner()
    data = _films_dataset(tmp_path / "soft", MIN_FILMS)
    raw = runner.invoke(app, ["eval", str(data), "--out", str(tmp_path / "raw"), "--no-site-baseline", "--no-html", "--json"])
    judged = runner.invoke(app, ["eval", str(data), "--out", str(tmp_path / "site"), "--no-html", "--json"])
    assert raw.exit_code == 0 and judged.exit_code == 0, raw.output + judged.output
    alarms = {name: json.loads(result.stdout)["cxr"]["false_alarm_rate"] for name, result in (("raw", raw), ("site", judged))}
    assert json.loads(judged.stdout)["run"]["site_baseline_films"] == MIN_FILMS
    assert alarms["raw"] >= 0.3 and alarms["site"] <= 0.1, alarms

    stored = json.loads((tmp_path / "site" / "site_baseline.json").read_text())
    assert stored["enabled"] and stored["baseline"]["films"] == MIN_FILMS
    assert json.loads((tmp_path / "raw" / "site_baseline.json").read_text()) == {"enabled": False, "baseline": None}
    # The summary tells the look in a radiographer's words ("film_lung_level 0.81x" read as code), the file by name.
    summary = " ".join(runner.invoke(app, ["eval", str(data), "--out", str(tmp_path / "site"), "--no-html"]).stdout.split())
    assert re.search(r"\(overall sharpness 0\.\d+x, .* those of the films radqc was fitted on; ", summary), summary
    assert not [name for name in stored["baseline"]["medians"] if "_" in name and name in summary]  # "noise" is a word too
    empty = runner.invoke(app, ["audit", str(next((data / "images").glob("*.png"))), "--site", str(tmp_path / "raw" / "site_baseline.json")])
    assert empty.exit_code == 2 and "holds no baseline" in empty.output

    switched = runner.invoke(app, ["eval", str(data), "--out", str(tmp_path / "site"), "--no-site-baseline"])
    assert switched.exit_code == 2 and "site baseline on" in switched.output

    film = next((data / "images").glob("*.png"))
    alone = runner.invoke(app, ["audit", str(film), "--json"])
    with_site = runner.invoke(app, ["audit", str(film), "--site", str(tmp_path / "site" / "site_baseline.json"), "--json"])
    usage = json.loads(with_site.stdout)["trace"]["precision"]["usage"]
    assert usage["site_baseline_films"] == MIN_FILMS
    assert json.loads(alone.stdout)["trace"]["precision"]["usage"]["site_baseline_films"] == 0
    by_folder = runner.invoke(app, ["audit", str(film), "--site", str(tmp_path / "site"), "--json"])
    assert json.loads(by_folder.stdout)["trace"]["precision"]["usage"]["site_baseline_films"] == MIN_FILMS
    (tmp_path / "site" / "site_baseline.json").write_text("{", encoding="utf-8")
    refused = runner.invoke(app, ["audit", str(film), "--site", str(tmp_path / "site")])
    # Deleting the file is advice for the run that measures it again, not for someone auditing one film.
    assert refused.exit_code == 2 and "not a readable" in refused.output and "delete" not in refused.output
    rerun = runner.invoke(app, ["eval", str(data), "--out", str(tmp_path / "site")])
    assert rerun.exit_code == 2 and "delete it to measure the baseline again" in " ".join(rerun.output.replace("│", " ").split())


def test_a_small_dataset_has_no_baseline_and_reports_need_none(samples_dir, repo_root, tmp_path):
    from radqc.dataset import load_dataset
    from radqc.eval.runner import SITE_FILE, RunFolder

    folder = RunFolder(tmp_path)
    assert folder.site_baseline(load_dataset(samples_dir), enabled=True) is None
    assert json.loads((tmp_path / SITE_FILE).read_text()) == {"enabled": True, "baseline": None}
    reports = RunFolder(tmp_path / "reports")
    assert reports.site_baseline(load_dataset(repo_root / "data" / "ct_reports" / "test"), enabled=False) is None
    assert not (tmp_path / "reports" / SITE_FILE).exists()


def test_films_that_do_not_decode_are_left_out_of_the_baseline(tmp_path):
    from radqc.agents.cxr.site import measure_site

    films = [str(path) for path in sorted(RENDITIONS.glob("*/images/*.jpg"))[:MIN_FILMS]]
    broken = tmp_path / "truncated.png"
    broken.write_bytes(Path(films[0]).read_bytes()[:200])
    assert measure_site([*films[:-1], str(broken)]) is None  # 19 films left: too few to tell
    baseline = measure_site([*films, str(broken)], workers=2)
    assert baseline.films == MIN_FILMS



def test_ctrl_c_while_measuring_the_baseline_does_not_wait_for_the_films_in_flight(monkeypatch):
    """`with ThreadPoolExecutor` waited for the films other workers were measuring (a large DICOM takes
    seconds to decode) before a Ctrl-C got through; `map` already dropped the films still queued."""
    import threading

    import radqc.agents.cxr.site as site

    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def features_of(image_file):
        if image_file == "film-00":
            started.wait(10)
            raise KeyboardInterrupt
        if image_file == "film-01":
            started.set()
            release.wait(10)
            finished.set()
        return dict(REFERENCE)

    monkeypatch.setattr(site, "_features_of", features_of)
    monkeypatch.setattr(site, "sample_films", lambda items: list(items))  # in order: film-00 and film-01 first
    try:
        with pytest.raises(KeyboardInterrupt):
            site.measure_site([f"film-{i:02d}" for i in range(site.SAMPLE_FILMS)], workers=2)
        assert not finished.is_set(), "waited for the film in flight"
    finally:
        release.set()
