"""Numbers in key points and answers: bounds, ratios, changes, ranks, dozens (own fixtures)."""

from __future__ import annotations

import pytest

from tui.checker import PointResult, check_answer
from tui.checker import guards
from tui.checker.text import tokenize, units


def only(answer: str, point: str) -> PointResult:
    [result] = check_answer(answer, [point]).points
    return result


def numbers(text: str, ordinal_words: bool = False) -> list:
    return [u for u in units(tokenize(text), text, ordinal_words) if u.value is not None]


# --- reading -------------------------------------------------------------------------------


def test_bounds_approximations_and_signs() -> None:
    read = {u.form: u for u in numbers("trained 25+ apprentices, over 40 vans, <2h, about 16 sites, 30 or more")}
    assert read["25"].bound == "min" and read["40"].bound == "min" and read["30"].bound == "min"
    assert read["2"].bound == "max"
    assert read["16"].approx and not read["16"].bound


def test_ratios_clock_times_and_glued_letters_are_not_amounts() -> None:
    for text in ("weekly 1:1s", "24/7 cover", "prep b4 service", "ran k8s", "at 9:30"):
        assert all(u.weak for u in numbers(text)), text
    assert [u.weak for u in numbers("passed 3/4 modules")] == [False, True]  # 3 of 4: the 3 is a count
    assert [u.weak for u in numbers("I was the one who passed one module")] == [True, False]
    assert not numbers("hours cut to 20/wk")[0].weak  # a rate is an amount


def test_changes_and_ranges() -> None:
    arrow = numbers("on-time 70% -> 90%")
    assert [(u.value, u.role, u.percent) for u in arrow] == [(70, "from", True), (90, "to", True)]
    spoken = numbers("we went from 70 to 80 percent")
    assert [(u.role, u.percent) for u in spoken] == [("from", True), ("to", True)]
    years = numbers("career break 2019-21")
    assert [(u.value, u.role) for u in years] == [(2019, "range"), (2021, "range")]


def test_ranks_dozens_thousands_and_time_spans() -> None:
    assert [(u.value, u.rank) for u in numbers("#3 in the county, day 1, 2nd shift")] == [(3, True), (1, True), (2, True)]
    assert [(u.value, u.rank) for u in numbers("came in second", ordinal_words=True)] == [(2, True)]
    assert numbers("came in second") == []  # notes keep ordinal words as words
    assert [u.value for u in numbers("a dozen and a half drivers, half a dozen vans, two dozen routes")] == [18, 6, 24]
    assert [u.value for u in numbers("$15k saved, twelve grand")] == [15000, 12000]
    assert [u.value for u in numbers("done in under an hour")] == [1]
    assert [u.value for u in numbers("ten cooks a year")] == [10]  # a rate, not "1 year"


def test_reading_odd_input_is_safe() -> None:
    for text in ("", "+", "<", "#", "1:", ":1", "->", "1 ->", "- 2021-", "a dozen", "dozen", "9" * 400):
        units(tokenize(text), text, True)


# --- matching ----------------------------------------------------------------------------


@pytest.mark.parametrize("answer, covered", [
    ("I've trained about twenty seven apprentices on the lathe.", True),
    ("I trained over 30 apprentices on the lathe.", True),
    ("i trained like a dozen and a half apprentices on the lathe", False),
    ("I trained twenty apprentices on the lathe.", False),
])
def test_a_lower_bound(answer: str, covered: bool) -> None:
    result = only(answer, "trained 25+ apprentices on the lathe")
    assert (result.status == "covered") == covered, result


def test_an_answer_lower_bound_fits_a_number_just_above_it() -> None:
    assert only("I've run over 40 safety drills.", "ran 45 safety drills").status == "covered"
    assert only("I've run over 10 safety drills.", "ran 45 safety drills").status != "covered"


def test_ratios_do_not_demand_the_number_one() -> None:
    result = only("I held one-on-ones every week with my six nurses.", "weekly 1:1s with 6 nurses")
    assert "number" not in result.note
    assert only("We gave round the clock cover.", "24/7 cover").note == ""


@pytest.mark.parametrize("answer, covered", [
    ("We got the on-time rate up to 90 percent.", True),
    ("on time went from seventy to ninety percent", True),
    ("We took the on-time rate from 70 to 80 percent.", False),
    ("the on time rate was about 70 percent when i started", False),
])
def test_a_change_is_judged_by_where_it_ended(answer: str, covered: bool) -> None:
    result = only(answer, "on-time rate 70% -> 90%")
    assert (result.status == "covered") == covered, result
    if not covered and "80" in answer:
        assert result.note == "number differs: 70 -> 80 percent vs 90%" and guards.NUMBER_DIFFERS in result.guards
    if not covered and "80" not in answer:
        assert result.note == "change end missing: 90" and result.contradicted


def test_a_change_said_as_its_size() -> None:
    point = "intake time 20 -> 12 min"
    assert only("I cut eight minutes off intake time; it used to take 20.", point).status == "covered"
    assert only("I cut five minutes off intake time; it used to take 20.", point).status != "covered"


def test_cut_in_half_said_as_two_amounts() -> None:
    point = "no-shows cut in half"
    assert only("We had forty no-shows a month; after the text reminders it was twenty.", point).status == "covered"
    less = only("We had forty no-shows a month and after the reminders it was thirty.", point)
    assert less.status != "covered" and less.note == "number differs: 40 -> 30 vs 50%"


def test_upper_bound_said_as_a_time_span() -> None:
    point = "callback time 5h -> <1h"
    assert only("i got callback time down from five hours to under an hour", point).status == "covered"
    assert only("I got callback time down from five hours to three hours.", point).status != "covered"


def test_ranks_match_ordinals() -> None:
    point = "#2 in the district for sales"
    assert only("We came in second of nine stores in the district on sales.", point).status == "covered"
    fifth = only("We came in fifth in the district on sales.", point)
    assert fifth.status != "covered" and fifth.note == "number differs: 5 vs 2"
    assert only("I prepared the binder for the first state audit.", "prepared binder for 1st state audit").status == "covered"


def test_percentages_are_exact_unless_approximate() -> None:
    point = "first-pass yield 85%"
    assert only("first pass yield hit like 75 percent", point).status != "covered"
    assert only("first-pass yield got to about 84 percent", point).status == "covered"
    assert only("We cut scrap by roughly a third.", "cut scrap 30%").status == "covered"


def test_year_range_needs_one_end() -> None:
    point = "2019-21 career break for caregiving"
    assert only("In 2019 I took a career break for caregiving.", point).status == "covered"


def test_thousands() -> None:
    assert only("we saved about fifteen grand a year on fuel", "saved $15k/yr on fuel").status == "covered"


def test_a_written_fraction_after_a_change_word_is_a_share() -> None:
    assert [(round(u.value), u.percent) for u in numbers("scrap down 2/3")] == [(67, True)]
    assert [(u.value, u.weak) for u in numbers("passed 3/4 modules")] == [(3, False), (4, True)]
    point = "patient falls down 2/3"
    assert only("Patient falls on the ward dropped from 9 a quarter to 3.", point).status == "covered"
    assert only("We cut patient falls by two thirds.", point).status == "covered"
    assert only("Patient falls dropped from 9 a quarter to 6.", point).status != "covered"


def test_a_capitalised_number_word_in_a_name_is_not_an_amount() -> None:
    assert [(u.value, u.weak) for u in numbers("left Studio Five after 3 mo")] == [(5, True), (3, False)]
    assert [u.weak for u in numbers("We stopped. Five people stayed")] == [False]
    result = only("I left the studio after three months when it closed.", "Studio Five only 3 mo - closed")
    assert "number" not in result.note


def test_numbers_of_another_sort_do_not_meet_a_figure() -> None:
    point = "trained 15+ apprentices"
    for answer in ("I trained the apprentices and we paid time and a half on weekends.",
                   "I trained the apprentices and scrap fell forty percent.",
                   "I was the one who trained the apprentices."):
        result = only(answer, point)
        assert not any(m.point_word == "15" for m in result.evidence), (answer, result)
    assert only("On day one I trained the apprentices.", "trained apprentices from day 1").note == ""


def test_a_share_said_as_so_many_out_of_so_many() -> None:
    assert only("Nine out of ten patients rated the visit good.", "patient rating 90% good").status == "covered"
    assert only("about four orders out of every hundred went wrong", "4% orders went wrong").status == "covered"
    assert only("I passed three out of four modules.", "passed 3/4 modules").status == "covered"
    assert only("Seven out of ten patients rated the visit good.", "patient rating 90% good").status != "covered"


def test_where_a_change_ended_is_read_in_its_own_measure() -> None:
    point = "close 10 -> 6 days"
    assert only("Close took 10 days when I started; after 2 quarters it took 6 days.", point).status == "covered"
    ended = only("Close took 10 days when I started and it still took 8 days when I left.", point)
    assert ended.note == "number differs: 10 -> 8 vs 6"


# --- ratios and multiples said for a percentage -------------------------------------------------


@pytest.mark.parametrize("answer, point, covered", [
    ("One in four parcels went out late before the new labels.", "25% of parcels late", True),
    ("roughly one in every five calls got dropped", "20% dropped calls", True),
    ("Two out of three trainees stayed past their first year.", "67% trainee retention", True),
    ("One in three trainees stayed past their first year.", "67% trainee retention", False),
])
def test_a_share_said_as_one_in_so_many(answer: str, point: str, covered: bool) -> None:
    result = only(answer, point)
    assert (result.status == "covered") == covered, result


def test_so_many_in_a_year_is_no_share() -> None:
    from tui.checker.matcher import AnswerIndex

    read = AnswerIndex("We hired 5 in 2019, two in the spring and three in a row after that.").number_units
    assert not any(u.percent for u in read), read
    assert [u.form for u in AnswerIndex("one in every eight").number_units if u.percent] == ["12.5"]


@pytest.mark.parametrize("answer, point, covered", [
    ("We doubled the parcels shipped a day.", "parcels shipped a day up 100%", True),
    ("Parcels shipped a day tripled after the new dock opened.", "parcels shipped a day up 200%", True),
    ("We doubled the parcels shipped a day.", "parcels shipped a day up 40%", False),
    ("We went from 300 parcels a day to 600.", "doubled parcels shipped a day", True),
    ("We went from 300 parcels a day to 400.", "doubled parcels shipped a day", False),
    ("We cut the scrap in half.", "halved scrap", True),
    ("Scrap fell by 50 percent.", "halved scrap", True),
    ("Scrap fell by 20 percent.", "halved scrap", False),
])
def test_a_change_said_as_a_multiple(answer: str, point: str, covered: bool) -> None:
    result = only(answer, point)
    assert (result.status == "covered") == covered, result
    if not covered:
        assert guards.NUMBER_DIFFERS in result.guards, result


@pytest.mark.parametrize("answer, covered", [
    ("About three out of every hundred prescriptions went out with an error; by spring it was one in two hundred.", True),
    ("we had errors on like 3 percent of the prescriptions and got it to 0.5 percent", True),
    ("About three out of every hundred prescriptions went out with an error; by spring it was one in twenty.", False),
    # A failure written with a hyphen ("no-show" in failures.txt) is one word.
    ("About 3 out of every 100 patients were no-shows, and by spring it was 1 in 200.", True),
])
def test_a_share_of_what_went_wrong_says_its_complement(answer: str, covered: bool) -> None:
    result = only(answer, "fill accuracy 97% -> 99.5%")
    assert (result.status == "covered") == covered, result


def test_a_point_that_counts_what_went_wrong_wants_that_share() -> None:
    point = "3% prescriptions with an error"
    assert only("Three out of every hundred prescriptions went out with an error.", point).status == "covered"
    assert only("97 out of every hundred prescriptions went out with an error.", point).status != "covered"


def test_a_year_the_answer_calls_that_year_is_not_missing() -> None:
    point = "2019 gap: nursed my father after his stroke"
    referred = only("That year I nursed my father through his stroke recovery.", point)
    assert referred.status == "covered" and guards.NUMBER_MISSING not in referred.guards, referred
    other = only("In 2017 I nursed my father through his stroke recovery; that year was hard.", point)
    assert other.status != "covered" and guards.NUMBER_DIFFERS in other.guards, other
    silent = only("I nursed my father through his stroke recovery.", point)
    assert guards.NUMBER_MISSING in silent.guards, silent


def test_a_period_said_by_its_length() -> None:
    point = "2017-19 = 2 yrs looking after my grandmother"
    said = only("For about two years I was looking after my grandmother full time.", point)
    assert said.status == "covered" and guards.NUMBER_MISSING not in said.guards, said
    wrong = only("For about five years I was looking after my grandmother full time.", point)
    assert wrong.status != "covered", wrong


@pytest.mark.parametrize("answer, guard", [
    ("I ran the night shift for eight months.", guards.NUMBER_MISSING),  # a time is not a head count
    ("I ran the night shift and saved $8k on overtime.", guards.NUMBER_MISSING),  # nor money
    ("We took 40 calls a night on the night shift.", guards.NUMBER_MISSING),  # nor a count of calls
    ("I ran the night shift with 7 agents.", guards.NUMBER_DIFFERS),  # the same count, another figure
    ("I ran the night shift with seven um support agents.", guards.NUMBER_DIFFERS),
    ("I ran the night shift with seven of them.", guards.NUMBER_DIFFERS),  # said bare: it competes
])
def test_a_figure_of_another_unit_is_not_another_figure(answer: str, guard: str) -> None:
    result = only(answer, "ran the night shift with 9 agents")
    assert guard in result.guards, result  # missing (the meaning check may still credit it), not contradicted
    assert result.contradicted == (guard == guards.NUMBER_DIFFERS), result


def test_a_percentage_or_a_span_of_the_same_unit_still_differs() -> None:
    assert guards.NUMBER_DIFFERS in only("On-time delivery went to 75 %.", "on-time delivery 85%").guards
    assert guards.NUMBER_DIFFERS in only("I was on the desk for five months.", "on the desk for 3 months").guards
    assert guards.NUMBER_DIFFERS not in only("I was on the desk with 12 people.", "on the desk for 3 months").guards


def test_a_year_a_recogniser_writes_in_parts() -> None:
    for text in ("in two thousand and twenty seven", "in 2000 and 27", "in twenty twenty-seven", "in 20 27",
                 "since 2000 and twenty seven"):
        assert [u.value for u in numbers(text)] == [2027], text
    for text in ("we had 20 27 inch screens", "in 20, 27 came", "2000 and 27 were shipped"):
        assert 2027 not in [u.value for u in numbers(text)], text
    point = "starting the evening MSc in 2027"
    assert only("I'm starting the evening MSc in 20 27.", point).status == "covered"
    assert only("I'm starting the evening MSc in 2000 and 27.", point).status == "covered"
    assert guards.NUMBER_DIFFERS in only("I'm starting the evening MSc in 2000 and 26.", point).guards
