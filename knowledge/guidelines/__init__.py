"""The shipped guideline corpus: Markdown files with YAML front matter (package data, not code).

A package only so that setuptools ships the files inside wheels.
"""
