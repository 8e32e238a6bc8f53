"""The old scripts the stereotype lens names, and what the household can do with the answer.

For each of GEST's 16 stereotypes (:data:`evenly.core.lens.STEREOTYPES`): a question to think
about together, and the catalog's categories whose cards the script tends to hand to one person
(none where the home's chores say nothing about it). Whoever shows a lens answer (a page, the
API, the command line) puts the household's own minutes on those categories beside it, so the
answer is about the work at home, never a verdict on a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from evenly.core.words import Words, say


@dataclass(frozen=True)
class Script:
    """What to ask about one old script, and the categories of chores it bears on."""

    question: Words
    categories: tuple[str, ...]


SCRIPTS: dict[int, Script] = {
    1: Script(
        say(
            "When feelings come up at home, whose are taken as information and whose as a problem?"
        ),
        ("Relationship",),
    ),
    2: Script(
        say("Who gives way most often at home, and would you both choose it that way?"),
        ("Relationship", "Family & social"),
    ),
    3: Script(
        say("Who notices first when someone needs care, and could that noticing be shared?"),
        ("Children", "Health & appointments", "Pets"),
    ),
    4: Script(
        say("Whose idea of “clean” sets the bar, and who pays for it in minutes?"),
        ("Cleaning", "Laundry & clothes", "Kitchen & food"),
    ),
    5: Script(
        say("Who keeps in touch with family and friends, and is that work counted?"),
        ("Family & social", "Travel & events"),
    ),
    6: Script(
        say("Which jobs is someone spared at home, and who decided they could not do them?"),
        ("Home & garden", "Vehicles"),
    ),
    7: Script(
        say("Whose looks take time each week, and is that a choice you both share?"),
        (),
    ),
    8: Script(
        say(
            "Which jobs go to one person because they are “rough”, and could the other learn them?"
        ),
        ("Home & garden", "Vehicles"),
    ),
    9: Script(
        say("Whose voice settles decisions at home, and whose doubts get heard?"),
        (),
    ),
    10: Script(
        say("Whose paid work comes first when home work piles up, and was that agreed?"),
        (),
    ),
    11: Script(
        say("Whose reasons count as “logical” at home, and who decides that?"),
        ("Money & admin",),
    ),
    12: Script(
        say(
            "Who is expected to earn and who to look after the money, and do you both still "
            "want it that way?"
        ),
        ("Money & admin",),
    ),
    13: Script(
        say("Who makes the plans and who follows them, and would taking turns help?"),
        ("Money & admin", "Travel & events"),
    ),
    14: Script(
        say("Who gets excused from chores, and who picks up what is left?"),
        ("Cleaning", "Kitchen & food"),
    ),
    15: Script(
        say("What does each of you expect of the other, and has it been said aloud?"),
        (),
    ),
    16: Script(
        say("Which heavy jobs go to one person by habit, and what would sharing them take?"),
        ("Home & garden", "Vehicles"),
    ),
}
