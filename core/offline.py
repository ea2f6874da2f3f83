"""Switches that keep radqc off the network unless a profile explicitly calls a remote model.

They must be set before huggingface, chromadb or litellm are imported, because those libraries read
them at import time (litellm would otherwise spend ~7 s retrying a download of its cost map).
"""

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_offline_env() -> None:
    """Set the switches unless the user has set them otherwise."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
