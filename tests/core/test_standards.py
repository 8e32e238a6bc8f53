from fractions import Fraction

from evenly.core.standards import CardView, standards_diff


def view(minutes: float, standard: str = "Clean") -> CardView:
    return CardView(Fraction(minutes), standard)


def test_close_estimates_and_same_words_are_agreement() -> None:
    cards = [("Dishes", {"Robin": view(20, "Clean."), "Sam": view(24, "clean")})]
    assert standards_diff(cards) == []


def test_minutes_differ_needs_both_ratio_and_gap() -> None:
    # 4 vs 6 is 50 % more but only 2 minutes: same. 40 vs 55: 37 % and 15 minutes: differs.
    assert standards_diff([("Bins", {"Robin": view(4), "Sam": view(6)})]) == []
    (d,) = standards_diff([("Laundry", {"Robin": view(40), "Sam": view(55)})])
    assert d.minutes_differ and not d.standards_differ
    assert d.minutes_range == (Fraction(40), Fraction(55))


def test_standards_differ() -> None:
    cards = [("Bathroom", {"Robin": view(30, "Wiped"), "Sam": view(30, "Scrubbed, floor too")})]
    (d,) = standards_diff(cards)
    assert d.standards_differ and not d.minutes_differ


def test_a_single_view_is_never_a_disagreement() -> None:
    assert standards_diff([("Plants", {"Robin": view(5)})]) == []
