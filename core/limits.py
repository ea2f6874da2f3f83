"""Size limits for untrusted input: a dataset is someone else's files, and one huge file must not take
the machine down. Each limit has an environment-variable twin for users with unusual data."""

from radqc.settings import int_setting

REPORT_BYTES_VARIABLE = "RADQC_MAX_REPORT_BYTES"
IMAGE_BYTES_VARIABLE = "RADQC_MAX_IMAGE_BYTES"
KB_FILE_BYTES_VARIABLE = "RADQC_KB_MAX_FILE_BYTES"
MANIFEST_LINE_BYTES_VARIABLE = "RADQC_MAX_MANIFEST_LINE_BYTES"
# A limit of 0 bytes or fewer refused every file, "3107 bytes, over the -5-byte limit": such a value is refused itself.
MAX_REPORT_BYTES = int_setting(REPORT_BYTES_VARIABLE, 1_000_000, minimum=1)
MAX_IMAGE_BYTES = int_setting(IMAGE_BYTES_VARIABLE, 300_000_000, minimum=1)
MAX_MANIFEST_LINE_BYTES = int_setting(MANIFEST_LINE_BYTES_VARIABLE, 2_000_000, minimum=1)
MAX_KB_FILE_BYTES = int_setting(KB_FILE_BYTES_VARIABLE, 20_000_000, minimum=1)


def over_limit(size: int, limit: int, variable: str) -> str:
    """Why a file is refused for its size, naming the variable that lifts the limit: a refusal that
    only asked "is it really a report?" left a site with long reports no way forward."""
    return f"{size} bytes, over the {limit}-byte limit (raise {variable} to allow it)"
