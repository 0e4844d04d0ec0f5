"""Contradiction guards: negation and its scope, a restated zero, abandonment, the opposite
direction (own fixtures, no ../shared)."""

from __future__ import annotations

import pytest

from tui.checker import PointResult, check_answer
from tui.checker import guards
from tui.checker.matcher import AnswerIndex
from tui.checker.text import CLAUSE, SENTENCE, clause_breaks, tokenize


def only(answer: str, point: str) -> PointResult:
    [result] = check_answer(answer, [point]).points
    return result


# --- negation and its scope -------------------------------------------------------------


def test_negation_stays_in_its_clause() -> None:
    answer = "I haven't wired a hospital wing yet, but I have finished the apprenticeship course"
    course = only(answer, "finished the hospital apprenticeship course")
    assert course.status == "covered", course
    assert guards.NEGATED not in course.guards
    wing = only(answer, "wired a hospital wing")
    assert wing.status != "covered" and guards.NEGATED in wing.guards
    assert wing.contradicted and not wing.rescuable


def test_a_negated_verb_of_the_point_is_a_contradiction_even_if_the_rest_is_said() -> None:
    result = only("I didn't plan the night routes, but I drove them for a year.", "planned the night routes")
    assert result.status != "covered" and result.note.startswith("negated: didn't")


def test_most_of_the_evidence_under_a_negation_is_a_contradiction() -> None:
    result = only("I've never used the infusion pumps on the cardiac ward, only at the clinic.",
                  "ran infusion pumps on the cardiac ward")
    assert result.status != "covered" and guards.NEGATED in result.guards


def test_not_only_is_not_a_negation() -> None:
    result = only("Not only did I schedule the substitute teachers, I trained them too.",
                  "scheduled the substitute teachers")
    assert result.status == "covered" and result.guards == ()


def test_a_negation_that_restates_a_zero_is_not_a_contradiction() -> None:
    point = "0 missed deliveries in 2 years"
    for answer in ("In two years not a single delivery was missed on my route.",
                   "two years and we never missed one delivery",
                   "I went two full years without a missed delivery."):
        result = only(answer, point)
        assert result.status == "covered", (answer, result)
        assert not result.contradicted


def test_zero_said_as_a_word_and_denied_words() -> None:
    assert only("we had no failed inspections", "zero failed inspections").status == "covered"
    claimed = only("We failed two inspections last year.", "zero failed inspections")
    assert claimed.status != "covered"


def test_a_point_that_denies_something_is_contradicted_by_an_answer_that_claims_it() -> None:
    point = "handled the complaints myself, didn't pass them to the supervisor"
    fine = only("I handled the complaints myself instead of passing them to the supervisor.", point)
    assert fine.status == "covered", fine
    wrong = only("Honestly I never handled complaints; the supervisor took all of them.", point)
    assert wrong.status != "covered" and guards.NEGATED in wrong.guards


# --- abandonment ------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [
    "I started the welding certificate, but the college canceled the evening class.",
    "i enrolled in the welding certificate but dropped out after a month",
    "I was halfway through the welding certificate when the shop closed.",
    "I worked on the welding certificate until we moved, before I finished the last module.",
    "i signed up for the welding certificate but never went",
    "I didn't get to complete the welding certificate before the move.",
])
def test_abandonment_cues_undo_a_completed_point(answer: str) -> None:
    result = only(answer, "completed welding certificate")
    assert result.status != "covered", result
    assert result.contradicted and not result.rescuable


def test_an_abandonment_cue_in_another_clause_does_not_reach() -> None:
    answer = ("The first course got canceled and I never rebooked it. "
              "But I completed the welding certificate last spring.")
    assert only(answer, "completed welding certificate").status == "covered"
    asr = "they canceled my first class and i never rebooked um but i completed the welding certificate"
    assert only(asr, "completed welding certificate").status == "covered"


def test_a_cue_the_point_itself_says_is_expected() -> None:
    result = only("I dropped out of the nursing degree to look after my dad.", "dropped out of nursing degree - family")
    assert guards.ABANDONED not in result.guards


def test_a_cue_right_after_the_evidence_in_the_same_sentence() -> None:
    answer = "I automated the stock counts with a scanner app, but the owner called off the rollout."
    result = only(answer, "automated stock counts")
    assert result.status != "covered" and result.note == "abandoned: called off"


# --- direction --------------------------------------------------------------------------------


@pytest.mark.parametrize("answer, covered", [
    ("We ended up spending about 20 percent less on fuel.", True),
    ("I set up a route plan and fuel spend went down 20%.", True),
    ("We got it down by twenty percent.", True),
    ("Fuel spend went up 20 percent that year.", False),
    ("Fuel spend went up about twenty percent.", False),
])
def test_direction_phrases(answer: str, covered: bool) -> None:
    result = only(answer, "fuel spend down 20%")
    assert (result.status == "covered") == covered, result
    if not covered:
        assert guards.OPPOSITE in result.guards


def test_particles_are_not_directions_in_an_answer() -> None:
    answer = "I picked up the night shift and ended up cutting overtime by a third."
    assert only(answer, "reduced overtime ~30%").status == "covered"


# --- clauses and lists --------------------------------------------------------------------------


def test_clause_breaks_know_sentences_clauses_and_contrast_words() -> None:
    text = "I ran it, then left. i stayed but they moved -> all good"
    tokens = tokenize(text)
    breaks = clause_breaks(text, tokens)
    kinds = {t.low: b for t, b in zip(tokens, breaks)}
    assert kinds["i"] == SENTENCE and kinds["then"] == CLAUSE and kinds["but"] == CLAUSE
    assert kinds["all"] == CLAUSE and kinds["left"] == 0
    assert clause_breaks("", []) == []


def test_find_phrases_with_gaps_is_bounded() -> None:
    forms = [t.form for t in tokenize("we signed up for the spring class but then it moved")]
    found = guards.find_phrases(forms, "abandonment")
    assert [f.words for f in found] == ["signed up … but"]
    far = [t.form for t in tokenize("signed up " + "word " * 40 + "but")]
    assert guards.find_phrases(far, "abandonment") == []
    long = " ".join(["not"] * 5000)  # linear: a long run of negations is quick and safe
    assert only(long, "not anything").status in {"covered", "partial", "missed"}


def test_guard_functions_work_on_any_span() -> None:
    index = AnswerIndex("I never finished the forklift course, but I drive one daily.")
    forklift = next(i for i, t in enumerate(index.tokens) if t.form == "forklift")
    drive = next(i for i, t in enumerate(index.tokens) if t.form == "drive")
    assert guards.negation_before(index, forklift) == "never"
    assert guards.negation_before(index, drive) is None
    assert guards.abandonment_cue(index, [(forklift, forklift + 1)], "forklift course") == "never finished"
    assert guards.abandonment_cue(index, [(drive, drive)], "drives a forklift") == ""


def test_a_negation_just_before_the_matched_span_denies_all_of_it() -> None:
    """The span's own words do not use up the reach: "not that I gave night lessons" denies
    "lessons" when "night lessons" is the evidence, and only then."""
    index = AnswerIndex("It's not that I gave night lessons in English to immigrants.")
    at = {t.form: i for i, t in enumerate(index.tokens)}
    span = frozenset({at["night"], at["lessons"]})
    assert guards.negation_before(index, at["lessons"]) is None  # five words back, "night" among them
    assert guards.negation_before(index, at["lessons"], span=span) == "not"
    assert guards.negation_before(index, at["lessons"], through=span, span=span) is None  # "gave" is no word of it
    assert guards.negation_before(AnswerIndex("No, I gave night lessons."), 4, span=span) is None


def test_result_flags_round_trip() -> None:
    result = only("Costs went up 10 percent.", "cut costs 10%")
    data = result.to_dict()
    assert data["guards"] == [guards.OPPOSITE]
    assert PointResult.from_dict(data) == result


def test_a_cue_word_that_is_the_points_subject_is_no_abandonment() -> None:
    result = only("We had far fewer cancelled orders, down 20 percent.", "cut cancellations 20%")
    assert result.status == "covered" and guards.ABANDONED not in result.guards
    undone = only("I started the welding course but never finished it.", "finished welding course")
    assert undone.status != "covered" and guards.ABANDONED in undone.guards


def test_something_already_done_before_you_came_is_not_yours() -> None:
    point = "moved the clinic's records to the new system"
    before = only("The clinic's records were already on the new system when I started.", point)
    assert before.status != "covered" and guards.ABANDONED in before.guards
    mine = only("I moved the clinic's records to the new system in my first month.", point)
    assert mine.status == "covered"


def test_something_that_carried_on_is_not_something_that_ended() -> None:
    point = "depot night crew laid off after the sale"
    kept = only("After the sale the depot night crew stayed together under the new owner.", point)
    assert kept.status != "covered" and kept.note == "opposite direction: stayed together"
    said = only("After the sale they laid off the whole depot night crew.", point)
    assert said.status == "covered"


def test_an_interjected_no_heard_without_its_comma_is_no_negation() -> None:
    assert only("no i planned the night routes myself", "planned the night routes").status == "covered"
    assert only("there were no night routes planned when I came", "planned the night routes").status != "covered"


def test_a_signed_up_but_cue_undoes_only_what_was_signed_up_for() -> None:
    answer = "we cut falls by half and i signed up for the wound care course but they canceled it"
    assert only(answer, "cut falls by half").status == "covered"
    assert only(answer, "completed wound care course").status != "covered"


def test_a_negated_word_for_something_going_wrong_is_a_double_negative() -> None:
    assert only("In four years I never missed a delivery deadline.", "hit every delivery deadline").status == "covered"
    assert only("We didn't lose a single client that year.", "kept every client that year").status == "covered"
    assert only("I went two years without a lost-time injury.", "0 lost-time injuries, 2 yrs").status == "covered"
    assert only("I never hit a delivery deadline that year.", "hit every delivery deadline").status != "covered"


# --- what an abandonment cue is about -------------------------------------------------------


@pytest.mark.parametrize("answer", [
    "I completed the welding certificate last spring, but the job offer fell through.",
    "I finished the forklift course in March, and then the depot expansion got canceled.",
    "i passed the food safety exam but the new menu launch got called off",
])
def test_a_cue_in_its_own_clause_about_something_else_does_not_undo(answer: str) -> None:
    for point in ("completed welding certificate", "finished forklift course", "passed food safety exam"):
        if point.split()[1] in answer:
            result = only(answer, point)
            assert result.status == "covered", result
            assert guards.ABANDONED not in result.guards


@pytest.mark.parametrize("answer", [
    "I started on the welding certificate, but they canceled it after a month.",
    "I did most of the welding certificate, but then it fell through.",
    "I did most of the welding certificate, but the welding program got canceled.",
    "I automated the stock counts with a scanner app, but the owner called off the rollout.",
])
def test_a_cue_in_its_own_clause_about_the_same_thing_undoes(answer: str) -> None:
    point = "automated stock counts" if "stock" in answer else "completed welding certificate"
    result = only(answer, point)
    assert result.status != "covered" and result.contradicted, result


# --- a completion still ahead ---------------------------------------------------------------


@pytest.mark.parametrize("answer", [
    "I am finishing the forklift training this month.",
    "i'm still finishing up the forklift training",
    "I will complete the forklift training in June.",
    "We're going to finish the forklift training next week.",
    "I'm about to finish the forklift training.",
    "I started the forklift training in the spring.",
    "im working toward the forklift training certificate",
])
def test_a_completion_still_ahead_is_partial_at_most(answer: str) -> None:
    result = only(answer, "completed forklift training")
    assert result.status != "covered", result
    assert guards.IN_PROGRESS in result.guards and not result.rescuable


@pytest.mark.parametrize("answer", [
    "I completed the forklift training in March.",
    "The thing I'm proudest of was finishing the forklift training early.",
    "I will tell you that I finished the forklift training in March.",
    "At the beginning of the forklift training I struggled, but I completed it.",
])
def test_a_completion_said_as_done_stays_covered(answer: str) -> None:
    result = only(answer, "completed forklift training")
    assert result.status == "covered", result
    assert guards.IN_PROGRESS not in result.guards


def test_only_completion_claims_are_judged_for_tense() -> None:
    result = only("I'm running the night shift's safety huddles.", "run the safety huddles")
    assert result.status == "covered" and guards.IN_PROGRESS not in result.guards


# --- direction words: scope, comparatives, bounds -------------------------------------------


def test_more_of_the_points_thing_is_the_opposite_of_fewer() -> None:
    point = "fewer callbacks from the night shift"
    refused = only("The night shift had way more callbacks after the new scheduler.", point)
    assert refused.status != "covered" and refused.note == "opposite direction: more"
    said = only("The night shift had fewer callbacks after the new scheduler.", point)
    assert said.status == "covered"


def test_a_comparative_of_something_else_is_no_direction() -> None:
    result = only("I made the dispatch board more readable, and the night shift callbacks dropped.",
                  "cut night shift callbacks")
    assert result.status == "covered" and guards.OPPOSITE not in result.guards
    also = only("I made the dispatch board more readable for the night shift callbacks team.",
                "cut night shift callbacks")
    assert guards.OPPOSITE not in also.guards


def test_a_bound_or_a_negated_direction_is_no_direction() -> None:
    bound = only("We handled 40 refunds a day, each in less than an hour.", "refunds handled a day up to 40")
    assert bound.status == "covered" and guards.OPPOSITE not in bound.guards, bound
    negated = only("On-time deliveries never dropped below 95% after that.", "raised on-time deliveries to 95%")
    assert negated.status == "covered" and guards.OPPOSITE not in negated.guards, negated


def test_the_opposite_direction_of_another_clause_is_about_something_else() -> None:
    answer = "The team grew that year; refund handling time is about 30 percent shorter."
    result = only(answer, "refund handling time down 30%")
    assert result.status == "covered" and guards.OPPOSITE not in result.guards, result
    assert only("Refund handling time grew about 30 percent.", "refund handling time down 30%").status != "covered"


def test_an_abandonment_cue_names_its_own_thing_in_unpunctuated_speech_too() -> None:
    point = "completed welding certificate"
    assert only("i completed the welding certificate and then the shops expansion got canceled", point).status == "covered"
    for answer in ("the college canceled the evening class of my welding certificate",
                   "i was halfway through the welding certificate when the shop closed",
                   "the welding certificate program got scrapped before i finished"):
        result = only(answer, point)
        assert result.status != "covered" and guards.ABANDONED in result.guards, (answer, result)


def test_what_a_point_says_went_down_may_be_said_gone() -> None:
    point = "cut late deliveries"
    gone = only("After the new routes we had no more late deliveries.", point)
    assert guards.NEGATED not in gone.guards, gone
    denied = only("I didn't cut late deliveries; the new routes did.", point)
    assert denied.status != "covered" and guards.NEGATED in denied.guards, denied
    claimed = only("I never had late deliveries to handle.", "handled late deliveries")
    assert guards.NEGATED in claimed.guards, claimed
    # Without a word saying they are gone, a negation still denies the cut.
    never = only("We never had late deliveries at all.", point)
    assert never.status != "covered" and guards.NEGATED in never.guards, never


def test_a_completion_joined_to_a_start_is_done() -> None:
    point = "completed the forklift training"
    done = only("I started and completed the forklift training in March.", point)
    assert done.status == "covered" and guards.IN_PROGRESS not in done.guards, done
    ahead = only("I started the forklift training and will complete it in March.", point)
    assert ahead.status != "covered" and guards.IN_PROGRESS in ahead.guards, ahead
