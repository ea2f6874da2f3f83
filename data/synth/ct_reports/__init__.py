"""Synthetic English and Chinese CT reports with injected, labelled errors (dev and test splits).

`synthesize(seed, out_dir)` writes both splits in the radqc dataset format plus a dataset card. The
modules: `exams`, `findings`, `normals`, `styles`, `typos` hold the wording; `compose` builds a correct
draft, `errors` injects errors, `layout` renders text, `markup` turns marks into gold evidence,
`variants` keeps dev and test phrasing apart, `writer` and `card` write the files.
"""

from .writer import DEFAULT_SEED, synthesize

__all__ = ["DEFAULT_SEED", "synthesize"]
