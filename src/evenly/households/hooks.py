"""What happens to a member's things in other apps when they leave a household, or change
their display name.

Each app above `households` that keeps something of a member's (their ratings, their unshared
entries, a proposal that dealt them cards) registers its own clean-up here from its
``AppConfig.ready()``, so `households` never imports the apps above it. ``member_leave`` calls
every registered clean-up inside its transaction, after the member is marked as gone and before
the last member's leaving takes the household. The clean-ups are independent of each other, so
their order does not matter.
"""

from __future__ import annotations

from collections.abc import Callable

from evenly.households.models import Member

MemberLeaveHook = Callable[[Member], None]

_ON_LEAVE: list[MemberLeaveHook] = []


def on_member_leave(callback: MemberLeaveHook) -> MemberLeaveHook:
    """Register ``callback(member)`` to run when a member leaves (once per callback)."""
    if callback not in _ON_LEAVE:
        _ON_LEAVE.append(callback)
    return callback


def member_leave_hooks() -> tuple[MemberLeaveHook, ...]:
    """The registered clean-ups, in registration order."""
    return tuple(_ON_LEAVE)


MemberRenameHook = Callable[[Member, str], None]

_ON_RENAME: list[MemberRenameHook] = []


def on_member_rename(callback: MemberRenameHook) -> MemberRenameHook:
    """Register ``callback(member, was)`` to run when a member changes their display name from
    ``was`` (once per callback): ``member_update`` calls it inside its transaction, with the
    household's row locked and the new name saved. For what an app keeps under a member's name."""
    if callback not in _ON_RENAME:
        _ON_RENAME.append(callback)
    return callback


def member_rename_hooks() -> tuple[MemberRenameHook, ...]:
    """The registered callbacks, in registration order."""
    return tuple(_ON_RENAME)
