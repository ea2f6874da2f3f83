"""Worker threads that Ctrl-C does not wait for."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def unwaited_pool(workers: int, name: str) -> Iterator[ThreadPoolExecutor]:
    """A thread pool whose queued tasks are dropped, and whose tasks in flight are not waited for, when
    the block ends. `with ThreadPoolExecutor` waits for the tasks in flight: a Ctrl-C was held up until
    every case other workers audit (a model loading: seconds), or every film the site baseline was
    measuring (a large DICOM decoding), had ended. `radqc` then exits without them
    (`cli.main._leave`); a block that ends normally has none left."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
    try:
        yield pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
