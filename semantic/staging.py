"""Writing a folder all at once: build it beside its target, swap it in at the end, or leave the target untouched.

>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "out"
>>> with staged_folder(target) as staging:
...     _ = (staging / "a.txt").write_text("new")
>>> sorted(p.name for p in target.iterdir())
['a.txt']
>>> try:
...     with staged_folder(target) as staging:
...         _ = (staging / "b.txt").write_text("half")
...         raise ValueError("failed half-way")
... except ValueError:
...     pass
>>> sorted(p.name for p in target.iterdir()), sorted(p.name for p in target.parent.iterdir())
(['a.txt'], ['out'])
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_folder(target: Path, label: str = "building") -> Iterator[Path]:
    """A temporary folder beside ``target``. When the block ends without an error it replaces ``target`` (the old
    folder is renamed away first and deleted after); on an error it is deleted and ``target`` stays as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{label}-", dir=target.parent))
    try:
        yield staging
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}-{staging.name[-8:]}")
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
