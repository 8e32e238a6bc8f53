"""fairpyx's round robin as a peer of the deal engine; runs in ``benchmarks/.venv-fairpyx``.

fairpyx pins numpy < 2, so it lives in its own venv. Reads a JSON list of requests on stdin
(agents in turn order, items, valuations, per-agent conflicts) and writes ``{id: {agent:
[items]}}`` on stdout. Chores are goods of negative value (minus the agent's own weekly
minutes): fairpyx's ``round_robin`` lets each agent in turn take the remaining item of highest
value, i.e. the chore that costs them least, which is the standard round robin for chores.
``cannot`` becomes an agent conflict, which fairpyx never violates; locked and rotation cards
are dealt by the caller, outside fairpyx.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from fairpyx import Instance, divide
from fairpyx.algorithms.picking_sequence import round_robin


def deal(request: dict[str, Any]) -> dict[str, list[str]]:
    if not request["items"]:
        return {agent: [] for agent in request["agents"]}
    instance = Instance(
        valuations=request["valuations"],
        agent_conflicts=request["conflicts"],
        agents=request["agents"],
        items=request["items"],
    )
    bundles: dict[str, list[str]] = divide(
        round_robin, instance=instance, agent_order=request["agents"]
    )
    return {agent: list(items) for agent, items in bundles.items()}


def main() -> None:
    requests = json.load(sys.stdin)
    json.dump({r["id"]: deal(r) for r in requests}, sys.stdout)


if __name__ == "__main__":
    main()
