"""The deal engine: one owner (or a rotation) for every card, fair by the household's rule.

Objectives, in this order (see the README's "How the engine decides"):

1. the largest deviation ``D`` of a member's load from their target is at most
   ``max(D*, tolerance)``, where ``D*`` is the smallest deviation any deal can reach;
2. weighted EF1, whenever some deal satisfying (1) has it;
3. on a re-deal, the fewest moved minutes;
4. the highest preference score.

``cannot``, locks and rotations always hold. How:

- (1): a quick balancing pass (:mod:`evenly.core.warm_start`) that reaches the tolerance
  settles the limit at once; otherwise CP-SAT minimises ``max(D, tolerance)`` exactly, helped
  by a whole-step lower bound for coarse card sizes.
- (3) and (4) share one objective in which a moved minute outweighs every preference point, so
  its optimum is lexicographic. It is solved within the limit of (1) without EF1 first; only if
  that optimum is not EF1 does (2) come in: an EF1 deal at the same score (optimal if found),
  else the optimum over EF1 deals, else (none exists) the relaxed optimum.
- On a re-deal, (3) is first tried at its best possible value: every card kept by its
  previous owner (where that owner may still hold it). If some such deal is within the limit,
  no deal moves fewer minutes, and only the remaining cards are free: (4) and (2) on that much
  smaller problem settle the deal whenever its answer is EF1. Otherwise the whole problem is
  solved as above, hinted with the deal in force, which is near the fewest-moves optimum.
  When the limit of (1) is D* above the tolerance, few deals are left and the relaxed optimum
  is rarely EF1 yet slow to prove: a re-deal then seeks the optimum over EF1 deals first, and
  the relaxed one only if no EF1 deal exists.
- Moved minutes are written on each card's previous owner alone (its size times one minus
  that owner's variable). Re-deals try each solve without CP-SAT's cutting planes first, on a
  small budget: cuts cost most of them, with their tight deviation limits, several times the
  work they save; the few that need them get the full budget with cuts.
- A re-deal's solve is not preceded by polishing its first deal with exchanges among a few
  members (small sub-problems solved exactly, the rest of the deal fixed). Measured on 4-6
  members: the first deal and the fewest-moves optimum differ on cards of every member (who
  receives which cards is a subset-sum choice), so on the slowest (5 x 200) exchanges within
  pairs or triples improved nothing; within four members, or with the moved cards free, they
  reach the optimum only after as much work as the solver's own search and proof, and the
  solve restarted from the polished deal is slower (benchmark p95 2.0 s -> 2.5-3.2 s of
  CPU). Nor does it help the re-deals that end unproven after 8-10 s (6 of 60 unseen
  households): they stay unproven, 10-20 % slower, and the one moving 0.01 min more than the
  exact reference still does.

CP-SAT runs on one worker with deterministic work limits, on the household sorted by name, so
the same household gives the same deal whatever the order of its file.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from evenly.core.figures import (
    ROTATION,
    Figures,
    Instance,
    build_instance,
    envy_of,
    figures_of,
    loads_of,
    rotation_share,
    targets_of,
)
from evenly.core.model import Household
from evenly.core.warm_start import warm_start


@dataclass(frozen=True, slots=True)
class EngineLimits:
    """Work limits per solver phase, in CP-SAT's deterministic seconds (not wall time).

    Deterministic limits keep the answer the same from run to run and machine to machine.
    ``wall_seconds`` is only a safety net for a machine far slower than expected.
    """

    deviation: float = 4.0  # D* when no deal within tolerance is found quickly
    report: float = 0.05  # D* for the report only, when it is within tolerance
    deal: float = 6.0  # each solve of EF1 with moves and preference
    uncut: float = 1.5  # a re-deal's first try of each solve, without cutting planes
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
    """One CP-SAT model of the deal, with the constraints of the phases added so far.

    Every linear expression is written card by card with the smallest coefficient of each
    card's exactly-one group folded into the constant: the same reduction CP-SAT's presolve
    would make, done here once and cheaply (its own pass is slow on wide constraints).
    """

    def __init__(self, inst: Instance, scale: _Scale) -> None:
        self.inst, self.s = inst, scale
        self.cp = cp_model.CpModel()
        n, m = inst.n, inst.m
        # x[i][j]: 1 if member i owns card j. Fixed cards get constants, not variables.
        self.x: list[list[Any]] = [[0] * m for _ in range(n)]
        self.groups: list[tuple[int, list[int]]] = []  # (card, members who may own it)
        self.fixed: list[tuple[int, int]] = []  # (card, its only possible owner)
        for j in range(m):
            if inst.rotation[j]:
                continue
            allowed = [i for i in range(n) if inst.allowed(i, j)]
            if len(allowed) == 1:
                self.x[allowed[0]][j] = 1
                self.fixed.append((j, allowed[0]))
                continue
            lits = []
            for i in allowed:
                lit = self.cp.new_bool_var(f"x_{i}_{j}")
                self.x[i][j] = lit
                lits.append(lit)
            self.cp.add_exactly_one(lits)
            self.groups.append((j, allowed))
        w, a, total_rot = scale.w, scale.a, sum(scale.rot)

        # dev_expr[i] = M * (L_i - T_i), in solver units.
        def deviation_of(i: int) -> Callable[[int, int], int]:
            return lambda k, j: (scale.dev if k == i else 0) * w[k][j] - a[i] * w[k][j]

        self.dev_expr: list[Any] = []
        # A deviation moves in steps of the gcd of its coefficients, so it can come no closer
        # to zero than its constant's distance to the nearest step: a bound the solver does
        # not find by itself when cards come in coarse sizes (all multiples of 10 minutes, say).
        lattices: list[tuple[int, int]] = []
        for i in range(n):
            variables, coefficients, constant = self.terms(
                deviation_of(i), scale.dev * scale.rot[i] - a[i] * total_rot - scale.b[i]
            )
            lattices.append((constant, math.gcd(*coefficients)))
            self.dev_expr.append(
                cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant
                if variables
                else constant
            )
        self.deviation_floor = _deviation_floor(lattices)

    def linear(self, coefficient: Callable[[int, int], int], constant: int = 0) -> Any:
        """Sum over cards of coefficient(owner, card), plus a constant, as a CP-SAT expression."""
        variables, coefficients, constant = self.terms(coefficient, constant)
        if not variables:
            return constant
        return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant

    def terms(
        self, coefficient: Callable[[int, int], int], constant: int = 0
    ) -> tuple[list[Any], list[int], int]:
        """The variables, coefficients and constant of :meth:`linear`."""
        variables: list[Any] = []
        coefficients: list[int] = []
        for j, owner in self.fixed:
            constant += coefficient(owner, j)
        for j, allowed in self.groups:
            values = [coefficient(i, j) for i in allowed]
            low = min(values)
            constant += low
            for i, value in zip(allowed, values, strict=True):
                if value != low:
                    variables.append(self.x[i][j])
                    coefficients.append(value - low)
        return variables, coefficients, constant

    def deviation_objective(self) -> Any:
        bound = sum(max(row) for row in zip(*self.s.w, strict=True)) if self.inst.m else 0
        bound = (bound + sum(self.s.rot) + 1) * self.s.dev * 2 + sum(abs(b) for b in self.s.b)
        self.deviation_bound = bound
        z = self.cp.new_int_var(min(self.deviation_floor, bound), bound, "max_deviation")
        for e in self.dev_expr:
            self.cp.add(z >= e)
            self.cp.add(z >= -e)
        return z

    def limit_deviation(self, limit_units: int) -> None:
        for e in self.dev_expr:
            self.cp.add(e <= limit_units)
            self.cp.add(e >= -limit_units)

    def add_ef1(self, pairs: set[tuple[int, int]]) -> None:
        """Weighted EF1 for the pairs (i, k): i carries no more than k once i sets one card aside.

        Judged in i's own minutes; a rotation share is never the card set aside.
        """
        inst, s = self.inst, self.s
        w, ent = s.w, s.ent
        for i in sorted({i for i, _ in pairs}):
            # The card i may set aside: the largest card i owns.
            terms: list[Any] = [
                w[i][j] * self.x[i][j] for j, allowed in self.groups if i in allowed
            ]
            fixed = [w[i][j] for j, owner in self.fixed if owner == i]
            if fixed:
                terms.append(max(fixed))
            set_aside: Any = 0
            if terms:
                set_aside = self.cp.new_int_var(0, max(max(row) for row in w), f"largest_{i}")
                self.cp.add_max_equality(set_aside, terms)
            for k in sorted(k for x, k in pairs if x == i):
                seen_rot = sum(
                    w[i][j] // len(group) for j, group in enumerate(inst.rotation) if k in group
                )
                # ent_k * (L_i - set aside) - ent_i * (i's minutes for k's cards) <= 0
                envy = self.linear(
                    _envy_coefficient(w[i], i, k, ent[i], ent[k]),
                    ent[k] * s.rot[i] - ent[i] * seen_rot,
                )
                self.cp.add(envy - ent[k] * set_aside <= 0)

    def keep_every_card(self) -> None:
        """Every card stays with its previous owner wherever that owner may still hold it.

        A card of no weekly minutes to its previous owner may move freely: moving it costs
        nothing, so these are exactly the deals that move the fewest minutes, if any exist.
        """
        current, w = self.inst.current, self.s.w
        for j, allowed in self.groups:
            c = current[j]
            if c is not None and c in allowed and w[c][j] > 0:
                self.cp.add(self.x[c][j] == 1)

    def moved_expr(self) -> Any:
        """Minutes that change hands: a card moves exactly when its previous owner lets it go.

        Written with the previous owner's variable alone (size * (1 - x[owner, card])), not
        as the sum over every other member: one term per card, a smaller objective to build
        and presolve than one term per member who could take the card.
        """
        w, current = self.s.w, self.inst.current
        variables: list[Any] = []
        coefficients: list[int] = []
        constant = 0
        for j, owner in self.fixed:
            c = current[j]
            if c is not None and c != owner:
                constant += w[c][j]
        for j, allowed in self.groups:
            c = current[j]
            if c is None or w[c][j] == 0:
                continue
            constant += w[c][j]
            if c in allowed:
                variables.append(self.x[c][j])
                coefficients.append(-w[c][j])
        if not variables:
            return constant
        return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant

    def preference_expr(self) -> Any:
        pref = self.inst.preference
        return self.linear(lambda owner, j: pref[owner][j].score)

    def owner_from(self, solver: cp_model.CpSolver) -> tuple[int, ...]:
        owner = [ROTATION] * self.inst.m
        for j, i in self.fixed:
            owner[j] = i
        for j, allowed in self.groups:
            owner[j] = next(i for i in allowed if solver.boolean_value(self.x[i][j]))
        return tuple(owner)

    def hint(self, owner: Sequence[int]) -> None:
        self.cp.clear_hints()
        for j, allowed in self.groups:
            for i in allowed:
                self.cp.add_hint(self.x[i][j], owner[j] == i)


def _deviation_floor(lattices: Sequence[tuple[int, int]], most_values: int = 64) -> int:
    """A lower bound on the largest deviation, from whole steps alone.

    Member i's deviation (in solver units) can only take values ``constant + step * k``, and
    the deviations of all members add up to zero. The smallest D for which every member has a
    value within [-D, D] and some choice of them sums to zero is a valid lower bound on D*; it
    is exact when cards come in coarse sizes, which the solver cannot prove by itself.
    """

    def values(constant: int, step: int, d: int) -> list[int]:
        if step == 0:
            return [constant] if abs(constant) <= d else []
        low = -((d + constant) // step)  # smallest k with constant + step*k >= -d
        high = (d - constant) // step
        return [constant + step * k for k in range(low, high + 1)]

    # Every value a largest deviation can take up to one step out from zero is a candidate.
    cap = max((abs(c) if g == 0 else g for c, g in lattices), default=0)
    steps = [g for _, g in lattices if g > 0]
    if steps:  # keep every member's list of values short
        cap = min(cap, most_values * min(steps) // 2)
    candidates = sorted({abs(v) for c, g in lattices for v in values(c, g, cap)})
    ruled_out = 0
    for d in candidates:
        choices = [values(c, g, d) for c, g in lattices]
        if all(choices):
            if any(len(options) > most_values for options in choices):
                return ruled_out  # too many combinations to rule this out cheaply
            sums = {0}
            for options in choices:
                sums = {total + v for total in sums for v in options}
                if len(sums) > most_values**2:
                    return ruled_out
            if 0 in sums:
                return d
        ruled_out = d  # no deal has every deviation within d
    return ruled_out


def _envy_coefficient(
    w_i: Sequence[int], i: int, k: int, ent_i: int, ent_k: int
) -> Callable[[int, int], int]:
    """Card j's part of ent_k * (L_i - set aside) - ent_i * (i's minutes for k's cards)."""

    def coefficient(owner: int, j: int) -> int:
        if owner == i:
            return ent_k * w_i[j]
        if owner == k:
            return -ent_i * w_i[j]
        return 0

    return coefficient


def _max_deviation(inst: Instance, owner: Sequence[int]) -> Fraction:
    loads = loads_of(inst, owner)
    targets = targets_of(inst, sum(loads, Fraction(0)))
    return max((abs(x - t) for x, t in zip(loads, targets, strict=True)), default=Fraction(0))


def _keeps_every_card(inst: Instance, owner: Sequence[int]) -> bool:
    """True when every card is with its previous owner wherever that owner may hold it."""
    return all(
        owner[j] == c
        for j, c in enumerate(inst.current)
        if c is not None and not inst.rotation[j] and inst.allowed(c, j) and inst.w[c][j] > 0
    )


def _envious_pairs(inst: Instance, owner: Sequence[int]) -> set[tuple[int, int]]:
    return {(p.i, p.k) for p in envy_of(inst, owner, loads_of(inst, owner)) if not p.ef1}


_SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)
HALF_MINUTE = Fraction(1, 2)


class _Run:
    """The state of one engine run: limits, the phases' log and whether all was proven."""

    def __init__(
        self,
        inst: Instance,
        scale: _Scale,
        limits: EngineLimits,
        progress: Callable[[str], None] | None,
    ) -> None:
        self.inst, self.scale, self.limits = inst, scale, limits
        self.deadline = time.perf_counter() + limits.wall_seconds
        self.phases: list[str] = []
        self.proven = True
        self.progress = progress
        self.cuts = True  # CP-SAT's cutting planes

    def solve(
        self, model: _Model, budget: float, phase: str, gap: float = 0.0, linearization: int = 2
    ) -> tuple[Any, Any]:
        if self.progress is not None:
            self.progress(phase)
        if not self.cuts:
            # Without cutting planes first, on a small budget: most re-deals prove several
            # times sooner so. Some prove only with the cuts: they get the full budget, as
            # before, starting from the best deal found.
            status, solver = self._solve_once(
                model, min(budget, self.limits.uncut), gap, linearization, cuts=False
            )
            if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
                self.phases.append(f"{phase}: {solver.status_name(status).lower()}")
                return status, solver
            if status == cp_model.FEASIBLE:
                model.hint(model.owner_from(solver))
        status, solver = self._solve_once(model, budget, gap, linearization, cuts=True)
        self.phases.append(f"{phase}: {solver.status_name(status).lower()}")
        return status, solver

    def _solve_once(
        self, model: _Model, budget: float, gap: float, linearization: int, *, cuts: bool
    ) -> tuple[Any, Any]:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_deterministic_time = budget
        solver.parameters.max_time_in_seconds = max(0.05, self.deadline - time.perf_counter())
        # Stronger LP cuts: they close the preference bound sooner on households with a few
        # very large cards, the slowest kind in the benchmark.
        solver.parameters.linearization_level = linearization
        if gap:
            solver.parameters.absolute_gap_limit = gap
        if not cuts:
            solver.parameters.cut_level = 0
        return solver.solve(model.cp), solver

    def best_deal(
        self,
        *,
        limit_units: int,
        start: Sequence[int],
        goal: Callable[[_Model], Any],
        budget: float,
        phase: str,
        restrict: Callable[[_Model], None] | None = None,
        ef1_linearization: int = 2,
        ef1_first: bool = False,
    ) -> tuple[tuple[int, ...], bool | None]:
        """Maximise ``goal`` within the deviation limit, with EF1 whenever some deal has it.

        Returns the deal and whether EF1 is possible (None when the solver could not tell).
        With ``ef1_first`` the optimum over EF1 deals is sought first: it is the answer
        whenever one exists, and only when none does is the relaxed optimum needed.
        """
        inst = self.inst

        def build(with_ef1: bool, hint: Sequence[int]) -> _Model:
            model = _Model(inst, self.scale)
            model.limit_deviation(limit_units)
            if restrict is not None:
                restrict(model)
            if with_ef1:
                model.add_ef1(
                    {
                        (i, k)
                        for i in range(inst.n)
                        for k in range(inst.n)
                        if i != k and self.scale.ent[i] > 0 and self.scale.ent[k] > 0
                    }
                )
            model.hint(hint)
            return model

        envy_free = f"{phase}, envy-free up to one card"
        if ef1_first:
            return self._envy_free_first(build, start, goal, budget, phase, ef1_linearization)

        # Without EF1 first: much cheaper, and its optimum is usually envy-free already.
        status, found, best = self.optimise(build(False, start), goal, budget, phase)
        if restrict is not None and found is None:
            self.proven = False  # no such deal (or none found): the caller solves without it
            return tuple(start), None
        relaxed = found or tuple(start)
        relaxed_proven = status == cp_model.OPTIMAL
        if not _envious_pairs(inst, relaxed):
            if not relaxed_proven:
                self.proven = False
            return relaxed, True
        if relaxed_proven:
            # An envy-free deal as good as the relaxed optimum is optimal too, and finding one
            # is far quicker than optimising again.
            model = build(True, relaxed)
            model.cp.add(goal(model) >= best)
            status, solver = self.solve(
                model, budget, f"{phase}, envy-free at the same score", 0.0, ef1_linearization
            )
            if status in _SOLVED:
                return model.owner_from(solver), True
        model = build(True, relaxed)
        if relaxed_proven:
            # No envy-free deal beats the relaxed optimum: a bound the solver need not find.
            model.cp.add(goal(model) <= best)
        status, found, _ = self.optimise(model, goal, budget, envy_free, ef1_linearization)
        if status == cp_model.INFEASIBLE:
            if not relaxed_proven:
                self.proven = False
            return relaxed, False
        if found is None:
            self.proven = False
            return relaxed, None
        # Some deal is envy-free, so the optimum over envy-free deals is the answer, proven by
        # this solve alone: the relaxed one was only a shortcut, proven or not.
        if status != cp_model.OPTIMAL:
            self.proven = False
        return found, True

    def _envy_free_first(
        self,
        build: Callable[[bool, Sequence[int]], _Model],
        start: Sequence[int],
        goal: Callable[[_Model], Any],
        budget: float,
        phase: str,
        ef1_linearization: int,
    ) -> tuple[tuple[int, ...], bool | None]:
        """The optimum over EF1 deals, or (none exists) the relaxed optimum. Only for re-deals
        held to a D* above the tolerance, whose moves and preference may be settled one after
        the other (:meth:`_fewest_moves_then_preference`)."""
        envy_free = f"{phase}, envy-free up to one card"
        model = build(True, start)
        expr = goal(model)
        model.cp.maximize(expr)
        status, found, _ = self._fewest_moves_then_preference(
            model, expr, budget, envy_free, ef1_linearization
        )
        if found is not None:
            if status != cp_model.OPTIMAL:
                self.proven = False
            return found, True
        ef1: bool | None = False if status == cp_model.INFEASIBLE else None
        status, relaxed, _ = self.optimise(build(False, start), goal, budget, phase)
        if status != cp_model.OPTIMAL or ef1 is None:
            self.proven = False
        return (relaxed if relaxed is not None else tuple(start)), ef1

    def optimise(
        self,
        model: _Model,
        goal: Callable[[_Model], Any],
        budget: float,
        phase: str,
        linearization: int = 2,
    ) -> tuple[int, tuple[int, ...] | None, int]:
        """Maximise ``goal``: the status, the deal (None if none was found) and its value."""
        expr = goal(model)
        model.cp.maximize(expr)
        status, solver = self.solve(model, budget, phase, 0.0, linearization)
        if status not in _SOLVED:
            return status, None, 0
        return status, model.owner_from(solver), solver.value(expr)

    def _fewest_moves_then_preference(
        self, model: _Model, expr: Any, budget: float, phase: str, linearization: int
    ) -> tuple[int, tuple[int, ...] | None, int]:
        """A re-deal's moves and preference: as one objective first, then one after the other.

        Used for the EF1 solve of a re-deal held to a D* above the tolerance. The shared
        objective proves most of them at once; when its uncut try does not, the search can
        stall a few preference points from the bound and end unproven with more moved
        minutes than the optimum (measured on 6-member households: 18 s, 0.02 min more than
        possible). There the fewest moved minutes alone prove in a second or two, and the
        preference is then sought among the deals that move no more, hinted with that deal.
        Re-deals within the tolerance gain nothing from the split (measured), so keep the
        shared objective throughout.
        """
        if self.progress is not None:
            self.progress(phase)
        status, solver = self._solve_once(
            model, min(budget, self.limits.uncut), 0.0, linearization, cuts=False
        )
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            self.phases.append(f"{phase}: {solver.status_name(status).lower()}")
            if status != cp_model.OPTIMAL:
                return status, None, 0
            return status, model.owner_from(solver), solver.value(expr)
        if status == cp_model.FEASIBLE:
            model.hint(model.owner_from(solver))
        moved = model.moved_expr()
        model.cp.minimize(moved)
        status, solver = self.solve(
            model, budget, f"{phase}: fewest moves alone", 0.0, linearization
        )
        if status not in _SOLVED:
            return status, None, 0
        found = model.owner_from(solver)
        if status != cp_model.OPTIMAL:
            return status, found, solver.value(expr)
        model.cp.add(moved <= round(solver.objective_value))
        model.hint(found)
        model.cp.maximize(expr)
        status, solver = self.solve(model, budget, f"{phase}: then preference", 0.0, linearization)
        if status not in _SOLVED:  # out of time before taking up the deal found above
            return int(cp_model.FEASIBLE), found, 0
        return status, model.owner_from(solver), solver.value(expr)


def solve(
    household: Household,
    *,
    limits: EngineLimits | None = None,
    progress: Callable[[str], None] | None = None,
) -> Solution:
    """Deal a validated household: the owner of every card, its figures and what was proven.

    ``progress``, if given, is called with the name of each solver phase as it starts.

    The household must have been read by :mod:`evenly.core.household_file` (which checks
    it); a card nobody may own raises ``ValueError``.
    """
    limits = limits or EngineLimits()
    started = time.perf_counter()
    inst = build_instance(household, canonical=True)
    for j in range(inst.m):
        if not inst.rotation[j] and not any(inst.allowed(i, j) for i in range(inst.n)):
            raise ValueError(f"nobody may own {inst.cards[j]!r}")
    scale = _Scale(inst)
    run = _Run(inst, scale, limits, progress)
    redeal = any(c is not None for c in inst.current)
    # Cutting planes cost most re-deals, with their tight deviation limits, 3-10 times the
    # work they save (measured on 4-6 members with most cards owned).
    run.cuts = not redeal
    tolerance_units = scale.deviation_units(inst.tolerance)

    # (1) The deviation limit max(D*, tolerance). A quick balancing pass settles it whenever it
    # finds a deal within tolerance; otherwise the solver minimises max(D, tolerance) exactly.
    balanced: Sequence[int] = warm_start(
        inst, limit=float(min(inst.tolerance, HALF_MINUTE)), by_preference=False
    )
    d_balanced = _max_deviation(inst, balanced)
    if inst.n < 2 or d_balanced <= inst.tolerance:
        limit_units = tolerance_units
        d_star, d_star_proven = d_balanced, d_balanced <= HALF_MINUTE or inst.n < 2
    else:
        model = _Model(inst, scale)
        z = model.deviation_objective()
        z_limit = model.cp.new_int_var(
            tolerance_units, max(tolerance_units, model.deviation_bound), "limit"
        )
        model.cp.add(z_limit >= z)
        model.cp.minimize(z_limit)
        model.hint(balanced)
        status, solver = run.solve(model, limits.deviation, "deviation limit")
        if status not in _SOLVED:
            raise RuntimeError(f"the solver found no deal ({solver.status_name(status)}): a bug")
        balanced = model.owner_from(solver)
        limit_units = solver.value(z_limit)
        d_star = scale.minutes_of_deviation(solver.value(z))
        d_star_proven = status == cp_model.OPTIMAL and limit_units > tolerance_units
        if status != cp_model.OPTIMAL:
            run.proven = False  # the limit of objective (1) rests on an unproven D*
    if not d_star_proven and limit_units == tolerance_units:
        # D* no longer shapes the deal; it is still worth telling, to within half a minute.
        model = _Model(inst, scale)
        z = model.deviation_objective()
        model.cp.minimize(z)
        model.hint(balanced)
        gap = float(scale.unit * scale.dev * HALF_MINUTE)
        status, solver = run.solve(model, limits.report, "best possible deviation", gap)
        if status in _SOLVED:
            d_star = min(d_star, scale.minutes_of_deviation(solver.value(z)))
        d_star_proven = status == cp_model.OPTIMAL
    limit = scale.minutes_of_deviation(limit_units)

    # A start that already gives members their favourites, if it can be kept within the limit.
    start: Sequence[int] = balanced
    if inst.n >= 2:
        favourites = warm_start(inst, limit=float(limit) * 0.98, by_preference=True)
        if _max_deviation(inst, favourites) <= limit:
            start = favourites

    ef1_possible: bool | None = None
    owner: tuple[int, ...] = tuple(start)
    if inst.n >= 2:
        # (2), then (3) on a re-deal, then (4). Moves and preference share one objective: a
        # minute of moved work (in solver units) outweighs the whole range of preference
        # scores, so the optimum is lexicographic.
        preference_span = 4 * inst.m + 1

        def goal(model: _Model) -> Any:
            if redeal:
                return model.preference_expr() - model.moved_expr() * preference_span
            return model.preference_expr()

        settled = False
        kept: Sequence[int] = start
        # Above the tolerance the limit D* leaves few deals; the relaxed optimum is then rarely
        # envy-free but slow to prove, and the EF1 solve settles a re-deal directly.
        tight = limit_units > tolerance_units
        if redeal:
            # Most re-deals can keep every card where it is: then no deal moves fewer minutes,
            # and only the new cards (and those whose owner may no longer hold them) are free,
            # a far smaller problem. It settles the deal only if its answer is EF1 (EF1 comes
            # before moves); otherwise, or if the limit forces moves, the whole problem is
            # solved below.
            quick = _Run(inst, scale, limits, progress)
            quick.deadline, quick.cuts = run.deadline, run.cuts
            kept = [
                c if c is not None and not inst.rotation[j] and inst.allowed(c, j) else start[j]
                for j, c in enumerate(inst.current)
            ]
            owner, ef1_possible = quick.best_deal(
                limit_units=limit_units,
                start=kept,
                goal=_Model.preference_expr,
                budget=limits.deal,
                phase="keeping every card, preference",
                restrict=_Model.keep_every_card,
            )
            run.phases += quick.phases
            settled = ef1_possible is True and quick.proven and _keeps_every_card(inst, owner)
        if not settled:
            owner, ef1_possible = run.best_deal(
                limit_units=limit_units,
                start=kept if redeal else start,
                goal=goal,
                budget=limits.deal,
                phase="fewest moves, then preference" if redeal else "preference",
                # On re-deals within the tolerance the EF1 solves prove several times sooner
                # with the lighter LP relaxation (the max constraints of the set-aside cards
                # weigh on the stronger one); deals from scratch, and re-deals held to a D*
                # above the tolerance, prove sooner with the stronger (measured).
                ef1_linearization=1 if redeal and not tight else 2,
                ef1_first=redeal and tight,
            )

    figures = figures_of(inst, owner)
    return Solution(
        instance=inst,
        owner=owner,
        figures=figures,
        optimal_deviation=d_star,
        optimal_deviation_proven=d_star_proven,
        deviation_limit=limit,
        ef1_possible=ef1_possible,
        proven_optimal=run.proven,
        solve_ms=(time.perf_counter() - started) * 1000,
        phases=tuple(run.phases),
    )
