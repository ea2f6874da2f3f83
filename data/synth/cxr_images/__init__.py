"""Chest X-ray QC datasets: real radiographs, simulated acquisition faults, visual judgements."""

from radqc.data.synth.cxr_images.build import synthesize

__all__ = ["synthesize"]
