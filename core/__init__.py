"""radqc: retrieval-augmented quality control for chest radiographs and CT reports.

Importing `radqc` is cheap on purpose: the CLI must answer `--help` in well under a second, so heavy
libraries (torch, chromadb, litellm, langgraph) are imported only inside the functions that use them.
"""

__version__ = "0.1.0"
