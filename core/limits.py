"""Size limits for untrusted input: a dataset is someone else's files, and one huge file must not take
the machine down. Each limit has an environment-variable twin for users with unusual data."""

from radqc.settings import int_setting

MAX_REPORT_BYTES = int_setting("RADQC_MAX_REPORT_BYTES", 1_000_000)
MAX_IMAGE_BYTES = int_setting("RADQC_MAX_IMAGE_BYTES", 300_000_000)
MAX_MANIFEST_LINE_BYTES = int_setting("RADQC_MAX_MANIFEST_LINE_BYTES", 2_000_000)
MAX_KB_FILE_BYTES = int_setting("RADQC_KB_MAX_FILE_BYTES", 20_000_000)
