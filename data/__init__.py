"""The project's datasets and the generators that build them."""

from pathlib import Path

# Where the datasets live: the clone's data/ folder (in an editable install, the one radqc runs from),
# whatever the current directory, so that `radqc data synth` rebuilds the same folder from anywhere.
DATA_DIR = Path(__file__).resolve().parent
