"""What a run's answers were computed from.

A re-run into the same `--out` reuses an earlier answer only when the case's input is unchanged: each
case's fingerprint is stored with the run (`runner.INPUTS_FILE`) and compared on the next run.
"""

from __future__ import annotations

import json
from hashlib import sha256
from pathlib import Path

from radqc.schemas import Case

# Read only by the scorer, which reads them afresh on every run: fixing a gold label (or folding in
# verdicts with `radqc data apply-verdicts`) re-scores a case without auditing it again or asking a
# reviewer again. The absolute image path is left out too: the file's own identity stands for it.
NOT_AUDIT_INPUT = {"labels", "meta", "image_file"}


def case_fingerprint(case: Case) -> str:
    """A digest of everything auditing CASE reads: its manifest record as loaded (with the report
    text, also when it came from `report_path`) and, for a radiograph, the image file's size and
    modification time. File identity rather than a content hash, as make and rsync judge a file
    changed: hashing every film on each re-run would cost minutes on a large archive, and a film that
    was only touched or copied is merely audited again."""
    record = case.model_dump(mode="json", exclude=NOT_AUDIT_INPUT)
    image = _file_identity(Path(case.image_file)) if case.image_file else None
    return sha256(json.dumps([record, image], sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _file_identity(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]

