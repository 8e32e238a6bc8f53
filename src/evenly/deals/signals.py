"""What the deals app tells the apps above it, without knowing them.

``deal_status_changed`` is sent with ``household`` whenever one of its deals changes status:
a proposal comes into force (everyone said yes) or proposals still waiting are withdrawn. It is
sent inside the same transaction as the change, so a receiver's writes stand or fall with it.
Growth listens, so that a handover or a life change follows its deal at once.

``deal_solve_done`` is sent with ``household``, ``solve`` and ``deal`` when the worker has kept
the deal of a ``DealSolve``, inside the transaction that keeps it: an app that asked for the
solve (a handover, a life change) takes its deal then, or not at all.
"""

from __future__ import annotations

from django.dispatch import Signal

deal_status_changed = Signal()
deal_solve_done = Signal()
