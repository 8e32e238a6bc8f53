"""The stereotype lens as shipped: cross-validated quality and speed (issue 18, part 1).

Runs stratified 5-fold cross-validation on GEST's dev.csv of exactly the training procedure
`make lens` uses (tools/lens_train.py: the same features, L-BFGS steps, float16 rounding, and the
model read by evenly.core.lens), and reports macro-F1 (mean ± sd over folds), per-class F1, the
most confused pairs, precision and coverage at the shipped threshold on the out-of-fold
probabilities, and speed: CPU ms a sentence (p50/p95, one sentence at a time through
`lens_read`, after loading) and the load time of the shipped model and embedder.

    .venv/bin/python benchmarks/lens.py            # GEST_DEV=/path/dev.csv to point elsewhere

Writes results/lens.md and results/lens.json; the last line printed is the headline.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
sys.path.insert(0, str(HERE.parent / "src"))

import lens_train  # noqa: E402
from gest import dev_path  # noqa: E402

from evenly.core import lens  # noqa: E402
from evenly.core.embed import Embedder  # noqa: E402


def f1_per_class(y: np.ndarray, pred: np.ndarray) -> list[float]:
    out = []
    for k in range(1, 17):
        tp = int(((pred == k) & (y == k)).sum())
        fp = int(((pred == k) & (y != k)).sum())
        fn = int(((pred != k) & (y == k)).sum())
        out.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=dev_path())
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--timed", type=int, default=200, help="sentences timed one at a time")
    args = parser.parse_args()

    texts, y = lens_train.load_gest(args.data)
    t0 = time.perf_counter()
    # An embedder of its own, not the shared one: the load time below then includes loading
    # the shared embedder, as a fresh process pays it.
    embeddings = Embedder()(texts)
    print(f"embedded {len(texts)} sentences in {time.perf_counter() - t0:.0f} s", flush=True)

    # The training tool's own cross-validation (the one that chooses the shipped threshold).
    t0 = time.perf_counter()
    oof = lens_train.out_of_fold(texts, y, embeddings)
    print(f"cross-validated in {time.perf_counter() - t0:.0f} s", flush=True)
    folds = lens_train.stratified_folds(y)
    macro = []
    for i, test in enumerate(folds, 1):
        macro.append(float(np.mean(f1_per_class(y[test], oof[test].argmax(1) + 1))))
        print(f"fold {i}: macro-F1 {macro[-1]:.3f}", flush=True)
    pred = oof.argmax(1) + 1
    per_class = f1_per_class(y, pred)
    pairs: dict[tuple[int, int], int] = {}
    for t, p in zip(y.tolist(), pred.tolist(), strict=True):
        if t != p:
            pairs[(t, p)] = pairs.get((t, p), 0) + 1
    confused = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:8]

    # The shipped model: its threshold, and what it gives on the out-of-fold probabilities.
    t0 = time.process_time()
    wall0 = time.perf_counter()
    shipped, _ = lens.loaded()
    load_cpu_ms = (time.process_time() - t0) * 1000
    load_wall_ms = (time.perf_counter() - wall0) * 1000
    threshold = shipped.threshold
    precision, coverage = lens_train.precision_coverage(oof, y, threshold)
    curve = [
        (round(t, 2), *lens_train.precision_coverage(oof, y, t))
        for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    ]

    rng = np.random.default_rng(lens_train.SEED)
    lens.lens_read(texts[0])  # warm: the first run of an ONNX session allocates
    times = []
    for i in rng.choice(len(texts), size=min(args.timed, len(texts)), replace=False):
        c0 = time.process_time()
        lens.lens_read(texts[int(i)])
        times.append((time.process_time() - c0) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    size = lens.MODEL_FILE.stat().st_size

    result = {
        "data": str(args.data.name),
        "sentences": len(texts),
        "folds": len(folds),
        "seed": lens_train.SEED,
        "settings": {
            "c": lens_train.C,
            "embedding_weight": lens_train.EMBEDDING_WEIGHT,
            "word_min_df": lens_train.WORD_MIN_DF,
            "iterations": lens_train.ITERATIONS,
        },
        "macro_f1_mean": round(float(np.mean(macro)), 4),
        "macro_f1_sd": round(float(np.std(macro, ddof=1)), 4),
        "macro_f1_folds": [round(m, 4) for m in macro],
        "per_class_f1": {str(k): round(f, 3) for k, f in zip(range(1, 17), per_class, strict=True)},
        "confused": [{"true": t, "predicted": p, "count": n} for (t, p), n in confused],
        "threshold": threshold,
        "precision_at_threshold": round(precision, 3),
        "coverage_at_threshold": round(coverage, 3),
        "precision_coverage_curve": [
            {"threshold": t, "precision": round(p, 3), "coverage": round(c, 3)} for t, p, c in curve
        ],
        "ms_p50": round(p50, 2),
        "ms_p95": round(p95, 2),
        "load_cpu_ms": round(load_cpu_ms),
        "load_wall_ms": round(load_wall_ms),
        "model_bytes": size,
    }
    names = {k: str(v) for k, v in lens.STEREOTYPES.items()}
    lines = [
        "# Stereotype lens as shipped (benchmarks/lens.py)",
        "",
        f"GEST dev.csv, {len(texts)} sentences, stratified {len(folds)}-fold CV (seed "
        f"{lens_train.SEED}) of the shipped training procedure (tools/lens_train.py: word and "
        "word-pair TF-IDF ⊕ all-MiniLM-L6-v2 int8 embeddings, multinomial logistic regression, "
        f"C={lens_train.C}, {lens_train.ITERATIONS} L-BFGS steps, float16 weights).",
        "",
        f"- **macro-F1 {np.mean(macro):.3f} ± {np.std(macro, ddof=1):.3f}** (folds: "
        + ", ".join(f"{m:.3f}" for m in macro)
        + ")",
        f"- threshold {threshold}: out-of-fold **precision {precision:.3f}**, coverage "
        f"{coverage:.3f} (the share of sentences the lens names a stereotype for)",
        f"- speed: **{p50:.1f} ms** CPU a sentence p50, {p95:.1f} ms p95 ({len(times)} sentences "
        f"one at a time through `lens_read`, one thread, after loading); loading the model and "
        f"the embedder {load_cpu_ms:.0f} ms CPU ({load_wall_ms:.0f} ms wall)",
        f"- model file `lens_model.npz`: {size / 1e6:.2f} MB",
        "",
        "## Precision and coverage by threshold (out-of-fold)",
        "",
        "| threshold | precision | coverage |",
        "|---|---|---|",
    ]
    lines += [f"| {t} | {p:.3f} | {c:.3f} |" for t, p, c in curve]
    lines += ["", "## Per-class F1 (out-of-fold)", "", "| id | stereotype | F1 |", "|---|---|---|"]
    lines += [f"| {k} | {names[k]} | {per_class[k - 1]:.2f} |" for k in range(1, 17)]
    lines += ["", "## Most confused pairs", ""]
    lines += [
        f"- {n} × true {t} ({names[t]}) → predicted {p} ({names[p]})" for (t, p), n in confused
    ]
    lines += ["", f"Python {sys.version.split()[0]}, numpy {np.__version__}."]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "lens.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out / "lens.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print("\n".join(lines))
    print(f"macro_f1={np.mean(macro):.2f} ms_p50={p50:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
