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


SAMPLE_INTERVIEW_DAYS_AGO = 7


def load_for_today(path: str | Path, today: date) -> Prep:
    """`load_prep`, except that the bundled sample's dates move with the calendar: its
    interview was a week before today (and its decision date keeps its distance), so
    `followup demo` never ages. The file itself is not changed."""
    prep = load_prep(path)
    if Path(path).resolve() != sample_prep_path().resolve() or prep.application.interview_date is None:
        return prep
    app = prep.application
    shift = (today - timedelta(days=SAMPLE_INTERVIEW_DAYS_AGO)) - app.interview_date
    moved = replace(app, interview_date=app.interview_date + shift,
                    decision_date=app.decision_date + shift if app.decision_date else None)
    return replace(prep, application=moved)


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
