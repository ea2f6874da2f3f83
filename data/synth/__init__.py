"""Deterministic generators of labelled synthetic datasets in the radqc dataset format."""
