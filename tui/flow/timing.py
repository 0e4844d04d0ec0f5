"""When to call: after the decision date, else 5-7 business days after the interview,
and never Monday morning, Friday afternoon or over lunch (11:00-13:00)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tui.prep.model import Prep

GOOD_HOURS = ((time(9, 0), time(11, 0)), (time(13, 0), time(17, 0)))


@dataclass(frozen=True)
class TimingAdvice:
    earliest: date  # first good day to call
    latest: date | None  # after this, calling reads as lack of interest
    reason: str
    now_ok: bool  # whether calling right now is a good moment
    now_reason: str
    next_slot: datetime  # the next good moment from now
    today: date | None = None

    def summary(self) -> str:
        """One coherent line: the window, whether it has passed, and the next good moment."""
        window = f"from {day(self.earliest)}" + (f" to {day(self.latest)}" if self.latest else "")
        slot = f"{day(self.next_slot.date())} {self.next_slot:%H:%M}"
        if self.latest and self.today and self.today > self.latest:
            return (f"The best window was {window[5:]} ({self.reason}); it has passed, so call soon. "
                    f"Next good time: {slot}.")
        return f"Call {window}: {self.reason}. Next good time: {slot}."


def day(value: date) -> str:
    """A date as the app shows it, with its year ("Wed 02 Dec 2026")."""
    return f"{value:%a %d %b %Y}"


def add_business_days(start: date, days: int) -> date:
    """`days` business days after `start`; stops at the calendar's last day (9999-12-31)."""
    current = start
    while days > 0 and current < date.max:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def slot_problem(moment: datetime) -> str:
    """Why this moment is a bad time to call ("" when it is fine)."""
    weekday, clock = moment.weekday(), moment.time()
    if weekday >= 5:
        return "it's the weekend"
    if weekday == 0 and clock < time(12, 0):
        return "Monday mornings are busy"
    if weekday == 4 and clock >= time(12, 0):
        return "Friday afternoons are winding down"
    if time(11, 0) <= clock < time(13, 0):
        return "11:00-13:00 is lunch"
    if not any(start <= clock < end for start, end in GOOD_HOURS):
        return "outside office hours (9:00-17:00)"
    return ""


def next_good_slot(after: datetime) -> datetime:
    moment = after.replace(second=0, microsecond=0)
    if moment.minute % 30 and datetime.max - moment >= timedelta(minutes=30):
        moment += timedelta(minutes=30 - moment.minute % 30)
    for _ in range(14 * 48):  # two weeks of half-hour steps is always enough
        if not slot_problem(moment):
            return moment
        if datetime.max - moment < timedelta(minutes=30):
            break  # the end of the calendar: no later slot exists
        moment += timedelta(minutes=30)
    return moment


def advise(prep: Prep, now: datetime) -> TimingAdvice:
    app = prep.application
    today = now.date()
    if app.decision_date:
        earliest = add_business_days(app.decision_date, 1)
        latest = add_business_days(earliest, 2)
        reason = f"the decision was due {day(app.decision_date)}"
    elif app.interview_date:
        earliest = add_business_days(app.interview_date, 5)
        latest = add_business_days(app.interview_date, 7)
        reason = "5-7 business days after the interview"
    else:
        earliest, latest = today, None
        reason = "no interview or decision date in the prep"
    start = max(now, datetime.combine(earliest, time(0, 0)))
    slot = next_good_slot(start)
    problem = slot_problem(now)
    if today < earliest:
        now_ok, now_reason = False, f"too early: wait until {day(earliest)}"
    elif problem:
        now_ok, now_reason = False, problem
    else:
        now_ok, now_reason = True, "now is a good time to call"
    if latest and today > latest and now_ok:
        now_reason = "call now: waiting longer reads as lack of interest"
    return TimingAdvice(earliest, latest, reason, now_ok, now_reason, slot, today)
