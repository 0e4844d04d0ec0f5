"""The checker's word lists: abbreviations in notes, and reading without a list (own fixtures)."""

from __future__ import annotations

import pytest

from tui.checker import check_answer
from tui.checker.lists import abbreviations, lists_off, synonym_groups, word_set


def status(answer: str, point: str) -> str:
    return check_answer(answer, [point], meaning=None).points[0].status


def test_note_abbreviations_are_the_words_said() -> None:
    assert status("I trained nine new people over two years.", "trained 9 new ppl, 2 yrs") == "covered"
    assert status("i was in charge of like twenty two folks", "ran 22 ppl") == "covered"
    assert status("we checked every fridge before service", "fridge checks b4 service") == "covered"
    assert status("I cut overtime for the whole department.", "cut OT for whole dept") == "covered"


def test_every_abbreviation_has_a_long_form() -> None:
    table = abbreviations()
    assert table and all(short and forms and all(forms) for short, forms in table.items())
    assert "hr" not in table  # "HR" in a note is human resources, not an hour


def test_a_list_can_be_switched_off_and_back_on() -> None:
    point, answer = "led the crew", "I was in charge of the crew."
    assert status(answer, point) == "covered"
    with lists_off("synonyms"):
        assert synonym_groups() == ()
        assert status(answer, point) != "covered"
    assert status(answer, point) == "covered"
    with lists_off("negations"):
        assert word_set("negations") == frozenset()
    assert "never" in word_set("negations")


@pytest.mark.parametrize("name", ["synonyms", "abbreviations", "abandonment", "negations", "double_negatives",
                                  "undertakings", "completion", "in_progress", "failures", "that_time", "said_gone",
                                  "direction_up", "direction_down", "state_ended", "state_continued",
                                  "number_about", "number_at_least", "number_at_most", "units", "year_before"])
def test_checking_works_without_any_one_list(name: str) -> None:
    with lists_off(name):
        check = check_answer("I didn't finish the forklift course, about 15+ hrs in.", ["finished forklift course"],
                             meaning=None)
        assert check.points[0].status in {"covered", "partial", "missed"}


def test_short_forms_written_with_digits_or_slashes_and_of_little_words() -> None:
    from tui.checker.check import content_units

    assert [u.form for u in content_units("prep b4 service")] == ["prep", "b4", "service"]
    assert [u.form for u in content_units("closed w/o layoffs")] == ["closed", "layoffs"]
    assert check_answer("We closed the site without any layoffs.", ["closed site w/o layoffs"], meaning=None).points[0].status == "covered"
    assert [u.form for u in content_units("anything else u want to know abt me")] == ["anything", "else", "want", "know"]
