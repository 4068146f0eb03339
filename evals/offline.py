"""deepeval without the network: telemetry and update checks off, its run cache in a folder we choose.

deepeval reads these variables when it is imported, so every module that uses it imports it through
:func:`deepeval` first. Users with network may set ``DEEPEVAL_TELEMETRY_OPT_OUT=0`` themselves; semctx never
needs Confident AI, a key, or an LLM judge for its deterministic suites.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Optional

OFFLINE = {
    "DEEPEVAL_TELEMETRY_OPT_OUT": "1",
    "DEEPEVAL_UPDATE_WARNING_OPT_IN": "0",
    "DEEPEVAL_GRPC_LOGGING": "0",
    "DEEPEVAL_DISABLE_DOTENV": "1",
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
}


def deepeval(cache_folder: Optional[Path] = None) -> Any:
    """The deepeval module, imported after the offline variables (which the caller's environment may override).

    >>> deepeval().__name__
    'deepeval'
    """
    for name, value in OFFLINE.items():
        os.environ.setdefault(name, value)
    folder = cache_folder or Path(tempfile.gettempdir()) / "semctx-deepeval"
    os.environ.setdefault("DEEPEVAL_CACHE_FOLDER", str(folder))
    import deepeval as module

    return module


def test_case_type() -> Any:
    """deepeval's ``LLMTestCase``, imported only after the offline variables are set."""
    deepeval()
    from deepeval.test_case import LLMTestCase

    return LLMTestCase
