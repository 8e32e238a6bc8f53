"""The deal engine: one owner (or a rotation) for every card, fair by the household's rule.

Objectives, in this order (see the README's "How the engine decides"):

1. the largest deviation ``D`` of a member's load from their target is at most
   ``max(D*, tolerance)``, where ``D*`` is the smallest deviation any deal can reach;
2. weighted EF1, whenever some deal satisfying (1) has it;
3. on a re-deal, the fewest moved minutes;
4. the highest preference score.

``cannot``, locks and rotations always hold. Each objective is solved exactly with OR-Tools
CP-SAT in turn, the next one constrained by the optimum of the last. The solver runs on one
worker with deterministic work limits, on the household sorted by name, so the same household
gives the same deal whatever the order of its file.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from evenly.core.figures import (
    ROTATION,
    Figures,
    Instance,
    build_instance,
    figures_of,
    rotation_share,
)
from evenly.core.model import Household


@dataclass(frozen=True, slots=True)
class EngineLimits:
    """Work limits per solver phase, in CP-SAT's deterministic seconds (not wall time).

    Deterministic limits keep the answer the same from run to run and machine to machine.
    ``wall_seconds`` is only a safety net for a machine far slower than expected.
    """

    deviation: float = 4.0
    envy: float = 6.0
    moves: float = 4.0
    preference: float = 6.0
    wall_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class Solution:
    """The engine's answer in indexed form, with what it proved."""

    instance: Instance
    owner: tuple[int, ...]
    figures: Figures
    optimal_deviation: Fraction  # D*, or the best found when not proven
    optimal_deviation_proven: bool
    deviation_limit: Fraction  # max(D*, tolerance): objective (1)
    ef1_possible: bool | None  # None: the solver could not tell within its limits
    proven_optimal: bool
    solve_ms: float
    phases: tuple[str, ...] = field(default=())


class _Scale:
    """Integer coefficients for the solver: minutes times ``unit``, deviations times ``dev``."""

    def __init__(self, inst: Instance) -> None:
        sizes = [len(g) for g in inst.rotation if g]
        # Weekly minutes sit on a 1/100 grid; rotation shares divide them by the group size.
        self.unit = 100 * (math.lcm(*sizes) if sizes else 1)
        self.w = [[_as_int(inst.w[i][j] * self.unit) for j in range(inst.m)] for i in range(inst.n)]
        self.rot = [
            sum(_as_int(rotation_share(inst, i, j) * self.unit) for j in range(inst.m))
            for i in range(inst.n)
        ]
        # M * (L_i - T_i) = M * L_i - M * a_i * L - M * b_i must be whole for every i.
        dens = [a.denominator for a in inst.target_a]
        dens += [(b * self.unit).denominator for b in inst.target_b]
        self.dev = math.lcm(*dens) if dens else 1
        self.a = [_as_int(a * self.dev) for a in inst.target_a]
        self.b = [_as_int(b * self.unit * self.dev) for b in inst.target_b]
        ent_dens = [e.denominator for e in inst.entitlements]
        self.ent_den = math.lcm(*ent_dens) if ent_dens else 1
        self.ent = [_as_int(e * self.ent_den) for e in inst.entitlements]

    def minutes_of_deviation(self, z: int) -> Fraction:
        return Fraction(z, self.unit * self.dev)

    def deviation_units(self, minutes: Fraction) -> int:
        return math.floor(minutes * self.unit * self.dev)


def _as_int(x: Fraction) -> int:
    if x.denominator != 1:
        raise ArithmeticError(f"expected a whole number of solver units, got {x}")
    return int(x)


class _Model:
    """One CP-SAT model of the deal, with the constraints of the phases added so far."""

    def __init__(self, inst: Instance, scale: _Scale) -> None:
        self.inst, self.s = inst, scale
        self.cp = cp_model.CpModel()
        n, m = inst.n, inst.m
        # x[i][j]: 1 if member i owns card j. Fixed cards get constants, not variables.
        self.x: list[list[Any]] = [[0] * m for _ in range(n)]
        for j in range(m):
            if inst.rotation[j]:
                continue
            allowed = [i for i in range(n) if inst.allowed(i, j)]
            if len(allowed) == 1:
                self.x[allowed[0]][j] = 1
                continue
            lits = []
            for i in allowed:
                lit = self.cp.new_bool_var(f"x_{i}_{j}")
                self.x[i][j] = lit
                lits.append(lit)
            self.cp.add_exactly_one(lits)
        self.load = [
            sum(scale.w[i][j] * self.x[i][j] for j in range(m)) + scale.rot[i] for i in range(n)
        ]
        total = sum(self.load)
        # dev_expr[i] = M * (L_i - T_i), in solver units.
        self.dev_expr = [
            scale.dev * self.load[i] - scale.a[i] * total - scale.b[i] for i in range(n)
        ]

    def deviation_objective(self) -> Any:
        bound = sum(max(row) for row in zip(*self.s.w, strict=True)) if self.inst.m else 0
        bound = (bound + sum(self.s.rot) + 1) * self.s.dev * 2 + sum(abs(b) for b in self.s.b)
        self.deviation_bound = bound
        z = self.cp.new_int_var(0, bound, "max_deviation")
        for e in self.dev_expr:
            self.cp.add(z >= e)
            self.cp.add(z >= -e)
        return z

    def limit_deviation(self, limit_units: int) -> None:
        for e in self.dev_expr:
            self.cp.add(e <= limit_units)
            self.cp.add(e >= -limit_units)

    def add_ef1(self) -> None:
        """Weighted EF1, judged in each member's own minutes; a rotation share is never dropped."""
        inst, s = self.inst, self.s
        n, m = inst.n, inst.m
        for i in range(n):
            if s.ent[i] <= 0:
                continue
            # The card EF1 may set aside: any one card i owns; the solver picks the best one.
            picks: list[tuple[Any, int]] = []
            for j in range(m):
                owns = self.x[i][j]
                if isinstance(owns, int):
                    continue
                pick = self.cp.new_bool_var(f"set_aside_{i}_{j}")
                self.cp.add_implication(pick, owns)
                picks.append((pick, s.w[i][j]))
            fixed = [s.w[i][j] for j in range(m) if _is_one(self.x[i][j])]
            if fixed:
                picks.append((self.cp.new_bool_var(f"set_aside_fixed_{i}"), max(fixed)))
            if picks:
                self.cp.add(sum(p for p, _ in picks) <= 1)
            set_aside = sum(weight * p for p, weight in picks)
            for k in range(n):
                if k == i or s.ent[k] <= 0:
                    continue
                seen = sum(s.w[i][j] * self.x[k][j] for j in range(m))
                seen += sum(
                    s.w[i][j] // len(inst.rotation[j]) for j in range(m) if k in inst.rotation[j]
                )
                self.cp.add(s.ent[k] * (self.load[i] - set_aside) <= s.ent[i] * seen)

    def moved_expr(self) -> Any:
        inst, s = self.inst, self.s
        return sum(
            s.w[cur][j] * (1 - self.x[cur][j])
            for j, cur in enumerate(inst.current)
            if cur is not None and not inst.rotation[j]
        )

    def preference_expr(self) -> Any:
        inst = self.inst
        return sum(
            inst.preference[i][j].score * self.x[i][j]
            for i in range(inst.n)
            for j in range(inst.m)
            if not inst.rotation[j]
        )

    def owner_from(self, solver: cp_model.CpSolver) -> tuple[int, ...]:
        owner = []
        for j in range(self.inst.m):
            if self.inst.rotation[j]:
                owner.append(ROTATION)
                continue
            for i in range(self.inst.n):
                v = self.x[i][j]
                if v if isinstance(v, int) else solver.boolean_value(v):
                    owner.append(i)
                    break
        return tuple(owner)

    def hint(self, owner: Sequence[int]) -> None:
        self.cp.clear_hints()  # type: ignore[no-untyped-call]
        for j, o in enumerate(owner):
            for i in range(self.inst.n):
                v = self.x[i][j]
                if not isinstance(v, int):
                    self.cp.add_hint(v, i == o)


def _is_one(owns: Any) -> bool:
    return isinstance(owns, int) and owns == 1


def _solver(limit: float, deadline: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = limit
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.perf_counter())
    return solver


_SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def solve(household: Household, *, limits: EngineLimits | None = None) -> Solution:
    """Deal a validated household: the owner of every card, its figures and what was proven.

    The household must have passed :func:`evenly.core.household_file.validate_household` (the
    loaders do that); a card nobody may own raises ``ValueError``.
    """
    limits = limits or EngineLimits()
    started = time.perf_counter()
    deadline = started + limits.wall_seconds
    inst = build_instance(household, canonical=True)
    for j in range(inst.m):
        if not inst.rotation[j] and not any(inst.allowed(i, j) for i in range(inst.n)):
            raise ValueError(f"nobody may own {inst.cards[j]!r}")
    scale = _Scale(inst)
    phases: list[str] = []
    proven = True

    # (1) The deviation limit max(D*, tolerance). Minimising max(D, tolerance) rather than D
    # proves the limit as soon as any deal within tolerance is found, and is exact above it.
    tolerance_units = scale.deviation_units(inst.tolerance)
    model = _Model(inst, scale)
    z = model.deviation_objective()
    z_limit = model.cp.new_int_var(
        tolerance_units, max(tolerance_units, model.deviation_bound), "limit"
    )
    model.cp.add(z_limit >= z)
    model.cp.minimize(z_limit)
    solver = _solver(limits.deviation, deadline)
    status = solver.solve(model.cp)
    if status not in _SOLVED:
        raise RuntimeError(f"the solver found no deal ({solver.status_name(status)}): a bug")
    best = model.owner_from(solver)
    limit_units = solver.value(z_limit)
    z_best = solver.value(z)
    phases.append(f"deviation limit: {solver.status_name(status).lower()}")
    if status != cp_model.OPTIMAL:
        proven = False  # the limit of objective (1) itself rests on an unproven D*
    deviation_proven = status == cp_model.OPTIMAL and limit_units > tolerance_units
    if limit_units == tolerance_units and inst.n >= 2:
        # D* is within tolerance, so it no longer shapes the deal; it is still worth telling
        # the household, to within half a minute.
        report = _Model(inst, scale)
        report_z = report.deviation_objective()
        report.cp.minimize(report_z)
        solver = _solver(limits.deviation / 4, deadline)
        solver.parameters.absolute_gap_limit = float(scale.unit * scale.dev) / 2
        status = solver.solve(report.cp)
        phases.append(f"best possible deviation: {solver.status_name(status).lower()}")
        if status in _SOLVED:
            z_best = min(z_best, solver.value(report_z))
        deviation_proven = status == cp_model.OPTIMAL
    elif inst.n < 2:
        deviation_proven = True

    def phase_model(with_ef1: bool) -> _Model:
        pm = _Model(inst, scale)
        pm.limit_deviation(limit_units)
        if with_ef1:
            pm.add_ef1()
        pm.hint(best)
        return pm

    redeal = any(c is not None for c in inst.current)

    def next_objective(pm: _Model) -> None:
        if redeal:
            pm.cp.minimize(pm.moved_expr())  # (3)
        else:
            pm.cp.maximize(pm.preference_expr())  # (4)

    # (2) Weighted EF1, if some deal within the limit has it, together with the next objective.
    ef1_possible: bool | None = None
    if inst.n >= 2:
        pm = phase_model(with_ef1=True)
        next_objective(pm)
        solver = _solver(limits.envy, deadline)
        status = solver.solve(pm.cp)
        phases.append(f"envy-free up to one card: {solver.status_name(status).lower()}")
        if status in _SOLVED:
            ef1_possible = True
            model, best = pm, pm.owner_from(solver)
            last_status = status
        else:
            ef1_possible = False if status == cp_model.INFEASIBLE else None
            if ef1_possible is None:
                proven = False
            pm = phase_model(with_ef1=False)
            next_objective(pm)
            solver = _solver(limits.envy, deadline)
            last_status = solver.solve(pm.cp)
            phases.append(f"without envy limit: {solver.status_name(last_status).lower()}")
            if last_status not in _SOLVED:
                raise RuntimeError("the solver lost a deal it had found; please report it")
            model, best = pm, pm.owner_from(solver)
    else:
        model = phase_model(with_ef1=False)
        model.cp.maximize(model.preference_expr())
        solver = _solver(limits.preference, deadline)
        last_status = solver.solve(model.cp)
        best = model.owner_from(solver)

    if last_status != cp_model.OPTIMAL:
        proven = False

    # (3) then (4) on a re-deal: fewest moved minutes, then the best preference score.
    if redeal and inst.n >= 2:
        moved = solver.value(model.moved_expr())
        pm = phase_model(with_ef1=bool(ef1_possible))
        pm.cp.add(pm.moved_expr() <= moved)
        pm.hint(best)
        pm.cp.maximize(pm.preference_expr())
        solver = _solver(limits.preference, deadline)
        status = solver.solve(pm.cp)
        phases.append(f"preference: {solver.status_name(status).lower()}")
        if status in _SOLVED:
            best = pm.owner_from(solver)
        if status != cp_model.OPTIMAL:
            proven = False

    figures = figures_of(inst, best)
    return Solution(
        instance=inst,
        owner=best,
        figures=figures,
        optimal_deviation=scale.minutes_of_deviation(z_best),
        optimal_deviation_proven=deviation_proven,
        deviation_limit=scale.minutes_of_deviation(limit_units),
        ef1_possible=ef1_possible,
        proven_optimal=proven,
        solve_ms=(time.perf_counter() - started) * 1000,
        phases=tuple(phases),
    )
