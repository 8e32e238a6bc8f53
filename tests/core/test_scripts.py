"""The old scripts the lens names: one for every stereotype, each bearing on real categories."""

from __future__ import annotations

from evenly.core.catalog import CATEGORIES
from evenly.core.lens import IDS, STEREOTYPES
from evenly.core.scripts import SCRIPTS
from evenly.core.words import Words


def test_every_stereotype_the_lens_can_name_has_a_script_and_nothing_else_does() -> None:
    assert set(SCRIPTS) == set(IDS) == set(STEREOTYPES)


def test_each_script_bears_on_catalog_categories_only_and_asks_a_question() -> None:
    for stereotype, script in SCRIPTS.items():
        unknown = set(script.categories) - set(CATEGORIES)
        assert not unknown, f"script {stereotype}: {sorted(unknown)} are not catalog categories"
        assert len(set(script.categories)) == len(script.categories)
        assert isinstance(script.question, Words)
        assert script.question.endswith("?")


def test_the_questions_speak_of_the_home_never_of_a_gender() -> None:
    # The answer is about the work at home, never a verdict on a person or a gender.
    gendered = {"women", "woman", "men", "man", "wife", "husband", "she", "he", "mother", "father"}
    for stereotype, script in SCRIPTS.items():
        words = {w.strip("?,.“”").lower() for w in script.question.split()}
        assert not words & gendered, f"script {stereotype} speaks of a gender"
