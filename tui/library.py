"""The user's preps as the home screen lists them: the preps folder plus recent files.

No Textual here: this is plain data gathering, tested on its own.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from tui import paths
from tui.assets import read_text, sample_prep_path
from tui.prep import PrepError, load_prep
from tui.prep.model import Prep


@dataclass(frozen=True)
class PrepEntry:
    path: Path
    prep: Prep | None  # None when the file does not parse
    problems: tuple[str, ...] = ()
    last_score: float | None = None
    attempts: int = 0
    when: str = ""  # suggested time to call
    where: str = ""  # "preps", "sample" or the folder, for display

    @property
    def title(self) -> str:
        if self.prep is None:
            return self.path.stem
        app = self.prep.application
        return f"{app.company} — {app.position}"

    @property
    def in_preps_dir(self) -> bool:
        return self.path.parent == paths.preps_dir().resolve()

    @property
    def is_sample(self) -> bool:
        return self.path == sample_prep_path().resolve()


def _where(path: Path) -> str:
    if path.parent == paths.preps_dir().resolve():
        return "preps folder"
    if path == sample_prep_path().resolve():
        return "sample"
    home = Path.home()
    try:
        return "~/" + str(path.parent.relative_to(home))
    except ValueError:
        return str(path.parent)


def prep_files(recent: list[str]) -> list[Path]:
    """The preps folder's .toml files (by name), then recent files from elsewhere."""
    files = sorted(p.resolve() for p in paths.preps_dir().glob("*.toml"))
    seen = set(files)
    for name in recent:
        path = Path(name).resolve()
        if path not in seen and path.is_file():
            files.append(path)
            seen.add(path)
    return files


SAMPLE_INTERVIEW_DAYS_AGO = 7  # when the sample has no decision date


def load_for_today(path: str | Path, today: date) -> Prep:
    """`load_prep`, except that the bundled sample's dates move with the calendar, so
    `followup demo` never ages and can be called at once: its decision date becomes the last
    working day after which today is a good day to call (its interview keeps its distance
    before that). Every command that opens a prep goes through here. The file is unchanged."""
    prep = load_prep(path)
    if Path(path).resolve() != sample_prep_path().resolve() or prep.application.interview_date is None:
        return prep
    app = prep.application
    if app.decision_date is None:
        moved = replace(app, interview_date=today - timedelta(days=SAMPLE_INTERVIEW_DAYS_AGO))
    else:
        decision = _callable_decision_day(today)
        working_days = _working_days(app.interview_date, app.decision_date)
        moved = replace(app, decision_date=decision, interview_date=_working_days_before(decision, working_days))
    return replace(prep, application=moved)


def _callable_decision_day(today: date) -> date:
    """The latest working day whose call window (from the next working day) has begun today."""
    from tui.flow.timing import add_business_days

    day = today - timedelta(days=1)
    while day.weekday() >= 5 or add_business_days(day, 1) > today:
        day -= timedelta(days=1)
    return day


def _working_days(start: date, end: date) -> int:
    """Working days after `start` up to `end` (0 when `end` is not after `start`)."""
    return sum((start + timedelta(days=n)).weekday() < 5 for n in range(1, min((end - start).days, 366) + 1))


def _working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (an interview is on a weekday)."""
    while count > 0 or day.weekday() >= 5:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def describe(path: Path, store=None, now: datetime | None = None) -> PrepEntry:
    from tui.flow.timing import advise

    path = path.resolve()
    now = now or datetime.now()
    try:
        prep = load_for_today(path, now.date())
    except PrepError as exc:
        problems = tuple(str(p) for p in exc.problems)
        return PrepEntry(path, None, problems, where=_where(path))
    score, attempts = None, 0
    if store is not None:
        scores = store.scores(str(path))
        attempts = len(scores)
        score = store.last_score(str(path))
    advice = advise(prep, now)
    if prep.application.asked_not_to_call:
        when = "don't call: write"
    elif advice.now_ok:
        when = "now"
    else:
        when = f"{advice.next_slot:%a %d %b %H:%M}"
    return PrepEntry(path, prep, (), score, attempts, when, _where(path))


def list_preps(recent: list[str], store=None, now: datetime | None = None) -> list[PrepEntry]:
    return [describe(path, store, now) for path in prep_files(recent)]


def _unique(folder: Path, stem: str) -> Path:
    target = folder / f"{stem}.toml"
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}.toml"
        n += 1
    return target


def safe_stem(name: str) -> str:
    """A file name from what the user typed ("Acme / Backend" -> "acme-backend")."""
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in name.strip())
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return cleaned.strip("-")


def new_prep(name: str) -> Path:
    """Write the commented template into the preps folder under a free name."""
    stem = safe_stem(name.removesuffix(".toml"))
    if not stem:
        raise ValueError("give the new prep a name, e.g. the company")
    target = _unique(paths.preps_dir(), stem)
    target.write_text(read_text("templates", "prep_template.toml"), encoding="utf-8")
    return target


def duplicate_prep(path: Path) -> Path:
    target = _unique(paths.preps_dir(), f"{path.stem}-copy")
    shutil.copyfile(path, target)
    return target
