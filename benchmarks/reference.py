"""Exact reference for the deal benchmark: the engine's lexicographic objective as HiGHS MILPs.

Runs in ``benchmarks/.venv-fairpyx`` (never in the project's venv): highspy and OR-Tools clash
when imported into one process. It reads one instance as JSON on stdin (the exact rational data
of :class:`evenly.core.figures.Instance`, written by ``benchmarks/deal.py``) and writes the
result as JSON on stdout. It imports nothing from ``evenly``, so that it is an independent
formulation, solver and arithmetic: the figures of its deals are recomputed here exactly, with
fractions, and again by the benchmark with ``evenly.core.figures``.

Phases, each a separate MILP with the previous optimum as a constraint:

1. minimise ``z >= tolerance`` with ``z >= |L_i - T_i|``: the limit ``max(D*, tolerance)``;
2. with every ``|L_i - T_i| <= limit`` and weighted EF1, minimise moved minutes (re-deal) or
   maximise the preference score; if infeasible (or unknown in time), the same without EF1;
3. on a re-deal, moved minutes at most their optimum, maximise the preference score.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import highspy
import numpy as np

# Deals whose float figures sit this close to a bound still pass; exact figures are rechecked.
SLACK = 1e-6


@dataclass
class Data:
    """The instance, exact."""

    n: int
    m: int
    w: list[list[Fraction]]
    score: list[list[int]]
    allowed: list[list[bool]]
    rotation: list[list[int]]
    current: list[int | None]
    a: list[Fraction]
    b: list[Fraction]
    ent: list[Fraction]
    tolerance: Fraction

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Data:
        def fr(rows: list[list[str]]) -> list[list[Fraction]]:
            return [[Fraction(v) for v in row] for row in rows]

        return cls(
            n=raw["n"],
            m=raw["m"],
            w=fr(raw["w"]),
            score=raw["score"],
            allowed=raw["allowed"],
            rotation=raw["rotation"],
            current=raw["current"],
            a=[Fraction(v) for v in raw["target_a"]],
            b=[Fraction(v) for v in raw["target_b"]],
            ent=[Fraction(v) for v in raw["entitlements"]],
            tolerance=Fraction(raw["tolerance"]),
        )

    def rot_share(self, i: int, j: int) -> Fraction:
        group = self.rotation[j]
        return self.w[i][j] / len(group) if i in group else Fraction(0)

    @property
    def redeal(self) -> bool:
        return any(c is not None for c in self.current)


@dataclass
class Exact:
    """Exact figures of a deal, computed here independently of ``evenly``."""

    deviation: Fraction
    ef1: bool
    moved: Fraction
    preference: int


def exact_figures(d: Data, owner: list[int]) -> Exact:
    loads = [sum((d.rot_share(i, j) for j in range(d.m)), Fraction(0)) for i in range(d.n)]
    for j, o in enumerate(owner):
        if o >= 0:
            loads[o] += d.w[o][j]
    total = sum(loads, Fraction(0))
    dev = max(abs(loads[i] - d.a[i] * total - d.b[i]) for i in range(d.n))
    ef1 = True
    for i in range(d.n):
        if d.ent[i] <= 0:
            continue
        largest = max((d.w[i][j] for j in range(d.m) if owner[j] == i), default=Fraction(0))
        for k in range(d.n):
            if k == i or d.ent[k] <= 0:
                continue
            seen = sum((d.w[i][j] for j in range(d.m) if owner[j] == k), Fraction(0))
            seen += sum(
                (d.w[i][j] / len(d.rotation[j]) for j in range(d.m) if k in d.rotation[j]),
                Fraction(0),
            )
            if (loads[i] - largest) * d.ent[k] > seen * d.ent[i]:
                ef1 = False
    moved = sum(
        (d.w[c][j] for j, c in enumerate(d.current) if c is not None and owner[j] not in (-1, c)),
        Fraction(0),
    )
    preference = sum(d.score[o][j] for j, o in enumerate(owner) if o >= 0)
    return Exact(deviation=dev, ef1=ef1, moved=moved, preference=preference)


@dataclass
class Milp:
    """A MILP under construction: columns, then sparse rows ``lo <= sum(coef * col) <= hi``."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    rows: list[tuple[float, float, dict[int, float]]] = field(default_factory=list)

    def col(self, lo: float, hi: float, *, integer: bool) -> int:
        self.lower.append(lo)
        self.upper.append(hi)
        if integer:
            self.integer.append(len(self.lower) - 1)
        return len(self.lower) - 1

    def row(self, lo: float, hi: float, coefs: dict[int, float]) -> None:
        self.rows.append((lo, hi, {c: v for c, v in coefs.items() if v != 0}))


INF = highspy.kHighsInf


class Model:
    """The base model: ``x[i][j]`` binary for every allowed pair, one owner per card."""

    def __init__(self, d: Data) -> None:
        self.d = d
        self.p = Milp()
        self.x: dict[tuple[int, int], int] = {}
        for j in range(d.m):
            if d.rotation[j]:
                continue
            cols = []
            for i in range(d.n):
                if d.allowed[i][j]:
                    self.x[i, j] = self.p.col(0, 1, integer=True)
                    cols.append(self.x[i, j])
            self.p.row(1, 1, dict.fromkeys(cols, 1.0))
        self.rot = [sum((d.rot_share(i, j) for j in range(d.m)), Fraction(0)) for i in range(d.n)]

    def deviation(self, i: int) -> tuple[dict[int, float], float]:
        """``L_i - T_i`` as (coefficients, constant): ``L_i - a_i * sum_k L_k - b_i``."""
        d = self.d
        coefs: dict[int, float] = {}
        for (k, j), c in self.x.items():
            coefs[c] = float(((1 if k == i else 0) - d.a[i]) * d.w[k][j])
        const = self.rot[i] - d.a[i] * sum(self.rot, Fraction(0)) - d.b[i]
        return coefs, float(const)

    def limit_deviation(self, limit: Fraction) -> None:
        for i in range(self.d.n):
            coefs, const = self.deviation(i)
            self.p.row(-float(limit) - const - SLACK, float(limit) - const + SLACK, coefs)

    def add_ef1(self) -> dict[tuple[int, int], int]:
        """Weighted EF1: ``e_k (L_i - w_i(set aside)) <= e_i * w_i(k's cards)``."""
        d = self.d
        s: dict[tuple[int, int], int] = {}
        for i in range(d.n):
            if d.ent[i] <= 0:
                continue
            mine = [j for j in range(d.m) if (i, j) in self.x]
            for j in mine:
                s[i, j] = self.p.col(0, 1, integer=True)
                self.p.row(-INF, 0, {s[i, j]: 1.0, self.x[i, j]: -1.0})
            if mine:
                self.p.row(-INF, 1, {s[i, j]: 1.0 for j in mine})
            for k in range(d.n):
                if k == i or d.ent[k] <= 0:
                    continue
                coefs: dict[int, float] = {}
                for j in mine:
                    coefs[self.x[i, j]] = float(d.ent[k] * d.w[i][j])
                    coefs[s[i, j]] = -float(d.ent[k] * d.w[i][j])
                for j in range(d.m):
                    if (k, j) in self.x:
                        coefs[self.x[k, j]] = -float(d.ent[i] * d.w[i][j])
                seen_rot = sum(
                    (d.w[i][j] / len(d.rotation[j]) for j in range(d.m) if k in d.rotation[j]),
                    Fraction(0),
                )
                const = d.ent[k] * self.rot[i] - d.ent[i] * seen_rot
                self.p.row(-INF, -float(const), coefs)
        return s

    def moved(self) -> tuple[dict[int, float], float]:
        """Moved minutes as (coefficients, constant): ``sum w_cj (1 - x_cj)``."""
        d = self.d
        coefs: dict[int, float] = {}
        const = Fraction(0)
        for j, c in enumerate(d.current):
            if c is None or d.rotation[j]:
                continue
            const += d.w[c][j]
            if (c, j) in self.x:
                coefs[self.x[c, j]] = -float(d.w[c][j])
        return coefs, float(const)

    def preference(self) -> dict[int, float]:
        return {c: float(self.d.score[i][j]) for (i, j), c in self.x.items()}

    def owner(self, values: list[float]) -> list[int]:
        owner = [-1] * self.d.m
        for (i, j), c in self.x.items():
            if values[c] > 0.5:
                owner[j] = i
        return owner

    def start(self, owner: list[int], s: dict[tuple[int, int], int] | None = None) -> list[float]:
        """A full column vector for a known deal (EF1 set-aside: each member's largest card)."""
        values = [0.0] * len(self.p.lower)
        for (i, j), c in self.x.items():
            values[c] = 1.0 if owner[j] == i else 0.0
        if s:
            for i in range(self.d.n):
                mine = [j for j in range(self.d.m) if owner[j] == i and (i, j) in s]
                if mine:
                    values[s[i, max(mine, key=lambda j: self.d.w[i][j])]] = 1.0
        return values


@dataclass
class Outcome:
    status: str  # optimal | infeasible | time limit | ...
    values: list[float] | None
    objective: float | None
    bound: float | None
    seconds: float
    note: str = ""


def run(
    p: Milp,
    objective: dict[int, float],
    *,
    maximize: bool,
    time_limit: float,
    abs_gap: float,
    start: list[float] | None = None,
    exact: Callable[[list[float]], float] | None = None,
) -> Outcome:
    """Solve with presolve; re-solve without it if the answer does not hold together.

    HiGHS 1.16's presolve has been seen to call a feasible model infeasible (and to return an
    "optimal" answer whose dual bound disagrees with it) when deviation limits are tight. So an
    infeasible verdict, an optimum whose bound is off by more than the gap, a non-integral
    deal, or an objective that differs from the exact one of the deal read back, is checked
    again with presolve off, and that answer is kept.
    """
    out = _run_once(p, objective, maximize, time_limit, abs_gap, start, presolve=True)
    reason = _suspicious(p, out, abs_gap, exact)
    if not reason:
        return out
    again = _run_once(p, objective, maximize, time_limit, abs_gap, start, presolve=False)
    again.seconds += out.seconds
    again.note = f"presolve off ({reason} with presolve)"
    return again


def _suspicious(
    p: Milp, out: Outcome, abs_gap: float, exact: Callable[[list[float]], float] | None
) -> str:
    if out.status == "infeasible":
        return "infeasible"
    if out.status not in ("optimal", "time limit"):
        return out.status
    if out.values is None or out.objective is None:
        return ""
    slack = abs_gap + 1e-6 * max(1.0, abs(out.objective))
    if out.status == "optimal" and out.bound is not None and abs(out.bound - out.objective) > slack:
        return "bound off the optimum"
    if any(min(abs(out.values[c]), abs(1 - out.values[c])) > 1e-5 for c in p.integer):
        return "non-integral deal"
    if exact is not None and out.status == "optimal":
        value = exact(out.values)
        if abs(value - out.objective) > 1e-4 * max(1.0, abs(value)):
            return "objective differs from the exact one"
    return ""


def _run_once(
    p: Milp,
    objective: dict[int, float],
    maximize: bool,
    time_limit: float,
    abs_gap: float,
    start: list[float] | None,
    *,
    presolve: bool,
) -> Outcome:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "on" if presolve else "off")
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", abs_gap)
    ncols = len(p.lower)
    h.addVars(ncols, np.array(p.lower, dtype=np.float64), np.array(p.upper, dtype=np.float64))
    if p.integer:
        idx = np.array(p.integer, dtype=np.int32)
        kinds = np.array([highspy.HighsVarType.kInteger] * len(idx), dtype=np.uint8)
        h.changeColsIntegrality(len(idx), idx, kinds)
    starts: list[int] = []
    indices: list[int] = []
    coefs: list[float] = []
    for _, _, row in p.rows:
        starts.append(len(indices))
        indices.extend(row.keys())
        coefs.extend(row.values())
    h.addRows(
        len(p.rows),
        np.array([r[0] for r in p.rows], dtype=np.float64),
        np.array([r[1] for r in p.rows], dtype=np.float64),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(coefs, dtype=np.float64),
    )
    cols = np.array(list(objective.keys()), dtype=np.int32)
    h.changeColsCost(len(cols), cols, np.array(list(objective.values()), dtype=np.float64))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
    if start is not None:
        sol = highspy.HighsSolution()
        sol.col_value = start
        sol.value_valid = True
        h.setSolution(sol)
    began = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - began
    status = _status(h.modelStatusToString(h.getModelStatus()))
    info = h.getInfo()
    has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    values = list(h.getSolution().col_value) if has_solution else None
    bound = info.mip_dual_bound if has_solution or status == "optimal" else math.inf
    return Outcome(
        status=status,
        values=values,
        objective=info.objective_function_value if has_solution else None,
        bound=bound if math.isfinite(bound) else None,
        seconds=seconds,
    )


@dataclass
class _Phases:
    """One instance's solve: its data, the time limit per phase and the log of the phases."""

    d: Data
    limit_s: float
    log: list[dict[str, Any]] = field(default_factory=list)

    def record(self, name: str, out: Outcome, **extra: Any) -> None:
        self.log.append(
            {
                "phase": name,
                "status": out.status,
                "objective": out.objective,
                "bound": out.bound,
                "seconds": round(out.seconds, 3),
                **({"note": out.note} if out.note else {}),
                **extra,
            }
        )

    def model(
        self, limit: Fraction, *, with_ef1: bool
    ) -> tuple[Model, dict[tuple[int, int], int] | None]:
        mdl = Model(self.d)
        mdl.limit_deviation(limit)
        return mdl, (mdl.add_ef1() if with_ef1 else None)

    def next_objective(self, mdl: Model) -> tuple[dict[int, float], bool, float, float]:
        """After the limit: fewest moved minutes for a re-deal, else the best preference."""
        if self.d.redeal:
            coefs, const = mdl.moved()
            return coefs, False, 1e-3, const
        return mdl.preference(), True, 0.99, 0.0

    def exact_next(self, mdl: Model, const: float) -> Callable[[list[float]], float]:
        d = self.d

        def value(values: list[float]) -> float:
            fig = exact_figures(d, mdl.owner(values))
            return float(fig.moved) - const if d.redeal else float(fig.preference)

        return value

    def exact_preference(self, mdl: Model) -> Callable[[list[float]], float]:
        return lambda values: float(exact_figures(self.d, mdl.owner(values)).preference)

    def deviation(self) -> tuple[list[int], Fraction, bool, Fraction] | None:
        """(1) max(D*, tolerance): the deal found, the limit, whether it is proven, and a lower
        bound on it (the limit itself when proven); None when no deal was found."""
        d = self.d
        base = Model(d)
        z = base.p.col(float(d.tolerance), INF, integer=False)
        for i in range(d.n):
            coefs, const = base.deviation(i)
            base.p.row(-INF, -const, {**coefs, z: -1.0})
            base.p.row(-INF, const, {**{c: -v for c, v in coefs.items()}, z: -1.0})

        def exact_limit(values: list[float]) -> float:
            return float(max(exact_figures(d, base.owner(values)).deviation, d.tolerance))

        out = run(
            base.p,
            {z: 1.0},
            maximize=False,
            time_limit=self.limit_s,
            abs_gap=1e-6,
            exact=exact_limit,
        )
        self.record("deviation", out)
        if out.values is None:
            return None
        best = base.owner(out.values)
        limit = max(exact_figures(d, best).deviation, d.tolerance)
        limit_proven = out.status == "optimal"
        # A lower bound on max(D*, tolerance) when the phase ran out of time.
        limit_lower = limit if limit_proven else Fraction(max(out.bound or 0.0, float(d.tolerance)))
        return best, limit, limit_proven, limit_lower

    def under_limit(
        self, limit: Fraction, best: list[int]
    ) -> tuple[bool | None, Model, Outcome, float] | None:
        """(2) EF1 under the limit, with the next objective; without EF1 when that finds
        nothing. Whether EF1 is feasible (None: unknown), the model and outcome, and the
        objective's constant; None when no deal was found even without EF1."""
        ef1: bool | None
        mdl, s = self.model(limit, with_ef1=True)
        obj, maximize, gap, const = self.next_objective(mdl)
        out = run(
            mdl.p,
            obj,
            maximize=maximize,
            time_limit=self.limit_s,
            abs_gap=gap,
            start=mdl.start(best, s),
            exact=self.exact_next(mdl, const),
        )
        self.record("ef1", out, objective_constant=const)
        if out.values is not None:
            return True, mdl, out, const
        ef1 = False if out.status == "infeasible" else None
        mdl, s = self.model(limit, with_ef1=False)
        obj, maximize, gap, const = self.next_objective(mdl)
        out = run(
            mdl.p,
            obj,
            maximize=maximize,
            time_limit=self.limit_s,
            abs_gap=gap,
            start=mdl.start(best),
            exact=self.exact_next(mdl, const),
        )
        self.record("without ef1", out, objective_constant=const)
        if out.values is None:
            return None
        return ef1, mdl, out, const

    def fewest_moved(
        self,
        limit: Fraction,
        ef1: bool | None,
        best: list[int],
        out: Outcome,
        const: float,
        result: dict[str, Any],
    ) -> tuple[list[int], Outcome]:
        """A re-deal's (3) then (4): fewest moved minutes (noted in ``result``), then the best
        preference score among the deals that move no more. The deal and outcome found."""
        moved_found = exact_figures(self.d, best).moved
        result["moved_proven"] = out.status == "optimal"
        # Moved minutes are whole hundredths: the bound rounds up to the next one.
        if result["moved_proven"]:
            result["moved_lower"] = str(moved_found)
        else:  # no finite bound: nothing is known below the deal found
            bound = None if out.bound is None else out.bound + const
            result["moved_lower"] = str(Fraction(0) if bound is None else _hundredth_up(bound))
        mdl, s = self.model(limit, with_ef1=bool(ef1))
        coefs, const = mdl.moved()
        mdl.p.row(-INF, float(moved_found) - const + SLACK, coefs)
        out = run(
            mdl.p,
            mdl.preference(),
            maximize=True,
            time_limit=self.limit_s,
            abs_gap=0.99,
            start=mdl.start(best, s),
            exact=self.exact_preference(mdl),
        )
        self.record("preference", out)
        if out.values is not None:
            best = mdl.owner(out.values)
        return best, out


def solve(raw: dict[str, Any]) -> dict[str, Any]:
    d = Data.of(raw)
    phases = _Phases(d, float(raw.get("time_limit", 30)))
    began = time.perf_counter()
    first = phases.deviation()
    if first is None:
        return {"phases": phases.log, "error": "no deal found for the deviation phase"}
    best, limit, limit_proven, limit_lower = first
    second = phases.under_limit(limit, best)
    if second is None:
        return {"phases": phases.log, "error": "no deal found under the limit"}
    ef1, mdl, out, const = second
    assert out.values is not None
    best = mdl.owner(out.values)
    result: dict[str, Any] = {"ef1_feasible": ef1}
    if d.redeal:
        best, out = phases.fewest_moved(limit, ef1, best, out, const, result)
    pref_proven = out.status == "optimal"
    pref_found = exact_figures(d, best).preference
    # Preference scores are whole: a bound rounds down.
    pref_upper: int | None = pref_found
    if not pref_proven:
        pref_upper = None if out.bound is None else int(np.floor(out.bound + 1e-6))
    fig = exact_figures(d, best)
    warnings = []
    if fig.deviation > limit:
        warnings.append("final deal exceeds the deviation limit")
    if ef1 and not fig.ef1:
        warnings.append("final deal is not exactly EF1")
    result.update(
        {
            "phases": phases.log,
            "owner": best,
            "limit": str(limit),
            "limit_proven": limit_proven,
            "limit_lower": str(limit_lower),
            "preference_proven": pref_proven,
            "preference_upper": pref_upper,
            "exact": {
                "deviation": str(fig.deviation),
                "ef1": fig.ef1,
                "moved": str(fig.moved),
                "preference": fig.preference,
            },
            "seconds": round(time.perf_counter() - began, 3),
            "warnings": warnings,
        }
    )
    return result


def _status(text: str) -> str:
    """HiGHS's model status in a word or two: optimal, infeasible, time limit, or as given."""
    text = text.lower()
    if "time limit" in text:
        return "time limit"
    if text.startswith("infeasible"):
        return "infeasible"
    return text


def _hundredth_up(x: float) -> Fraction:
    return Fraction(int(np.ceil(x * 100 - 1e-6)), 100)


def main() -> None:
    raw = json.load(sys.stdin)
    # HiGHS prints a banner on stdout whatever its options: keep stdout for the JSON alone.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    out = solve(raw)
    out["id"] = raw.get("id")
    with os.fdopen(result_fd, "w") as result:
        json.dump(out, result)


if __name__ == "__main__":
    main()
