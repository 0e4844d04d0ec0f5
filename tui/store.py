"""The history store: every rehearsal and each of its turns, in SQLite.

Each turn is committed as it happens (WAL mode), so a killed process loses at most the
turn in progress. The schema carries a version; `_MIGRATIONS` brings older files up to date.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tui import paths

# Each entry upgrades the schema from version i to i + 1.
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE rehearsal (
        id INTEGER PRIMARY KEY,
        prep_path TEXT NOT NULL,
        company TEXT NOT NULL,
        position TEXT NOT NULL,
        persona TEXT NOT NULL,
        outcome TEXT NOT NULL,          -- available | voicemail | message | blocked
        mode TEXT NOT NULL,             -- keyboard | voice | script
        seed INTEGER,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL DEFAULT 'in_progress',  -- in_progress | finished | hung_up | interrupted
        score REAL,
        report_json TEXT
    );
    CREATE TABLE turn (
        id INTEGER PRIMARY KEY,
        rehearsal_id INTEGER NOT NULL REFERENCES rehearsal(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        speaker TEXT NOT NULL,          -- receptionist | interviewer | voicemail | candidate | system
        phase TEXT NOT NULL,
        text TEXT NOT NULL,
        question_id TEXT,
        started_at TEXT NOT NULL,
        duration REAL,                  -- seconds of speech, when known
        check_json TEXT,                -- the answer check, for candidate turns
        audio_path TEXT,
        UNIQUE (rehearsal_id, seq)
    );
    CREATE INDEX turn_by_rehearsal ON turn(rehearsal_id, seq);
    CREATE INDEX rehearsal_by_prep ON rehearsal(prep_path, started_at);
    """,
    # 2: a drill (one question) is not a full call, and is compared only with drills of the
    # same question; `pid` tells a call still running elsewhere from one a crash left behind.
    """
    ALTER TABLE rehearsal ADD COLUMN kind TEXT NOT NULL DEFAULT 'call';  -- call | drill
    ALTER TABLE rehearsal ADD COLUMN drill TEXT;                         -- the drill's question id
    ALTER TABLE rehearsal ADD COLUMN pid INTEGER;                        -- the process recording it
    """,
]
SCHEMA_VERSION = len(_MIGRATIONS)
_TABLES = {"rehearsal", "turn"}


class StoreError(RuntimeError):
    pass


@dataclass(frozen=True)
class TurnRecord:
    seq: int
    speaker: str
    phase: str
    text: str
    question_id: str | None
    started_at: str
    duration: float | None
    check: dict | None
    audio_path: str | None


@dataclass(frozen=True)
class RehearsalRecord:
    id: int
    prep_path: str
    company: str
    position: str
    persona: str
    outcome: str
    mode: str
    seed: int | None
    started_at: str
    ended_at: str | None
    status: str
    score: float | None
    report: dict | None
    kind: str = "call"  # call | drill
    drill: str | None = None  # the drill's question id

    @property
    def is_drill(self) -> bool:
        return self.kind == "drill"

    def comparable(self, other: RehearsalRecord) -> bool:
        """Like with like: the same prep, kind (and drilled question) and outcome."""
        return (self.prep_path, self.kind, self.drill, self.outcome) == (
            other.prep_path, other.kind, other.drill, other.outcome)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else paths.db_path()
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            _create_private(self.path)
            self._db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            _retry_locked(lambda: self._db.execute("PRAGMA journal_mode=WAL"))  # no busy wait here
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the history database ({exc.strerror or exc})") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable history database ({exc})") from None

    def _migrate(self) -> None:
        # One exclusive transaction, the version read inside it: two first runs at once
        # cannot both create the tables (the second waits, then finds them made).
        self._db.execute("BEGIN EXCLUSIVE")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer followup (schema {version}); upgrade followup"
                )
            for index in range(version, SCHEMA_VERSION):
                for statement in _statements(_MIGRATIONS[index]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {index + 1}")
            tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not _TABLES <= tables:
                raise StoreError(f"{self.path}: not a followup history database (its tables are missing)")
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------
    def start_rehearsal(
        self,
        prep_path: str,
        company: str,
        position: str,
        persona: str,
        outcome: str,
        mode: str,
        seed: int | None = None,
        kind: str = "call",
        drill: str | None = None,
    ) -> int:
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO rehearsal (prep_path, company, position, persona, outcome, mode,"
                " seed, started_at, kind, drill, pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (prep_path, company, position, persona, outcome, mode, seed, _now(), kind, drill, os.getpid()),
            )
        return int(cursor.lastrowid)

    def add_turn(
        self,
        rehearsal_id: int,
        speaker: str,
        phase: str,
        text: str,
        question_id: str | None = None,
        duration: float | None = None,
        check: dict | None = None,
        audio_path: str | None = None,
    ) -> int:
        with self._db:
            seq = self._db.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM turn WHERE rehearsal_id = ?",
                (rehearsal_id,),
            ).fetchone()[0]
            self._db.execute(
                "INSERT INTO turn (rehearsal_id, seq, speaker, phase, text, question_id,"
                " started_at, duration, check_json, audio_path)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rehearsal_id,
                    seq,
                    speaker,
                    phase,
                    text,
                    question_id,
                    _now(),
                    duration,
                    json.dumps(check) if check is not None else None,
                    audio_path,
                ),
            )
        return int(seq)

    def finish_rehearsal(
        self, rehearsal_id: int, status: str, score: float | None, report: dict | None
    ) -> None:
        with self._db:
            self._db.execute(
                "UPDATE rehearsal SET ended_at = ?, status = ?, score = ?, report_json = ?"
                " WHERE id = ?",
                (_now(), status, score, json.dumps(report) if report is not None else None, rehearsal_id),
            )

    def mark_interrupted(self) -> list[int]:
        """Rehearsals left "in progress" by a crash or a kill (their process is gone) become
        "interrupted", ended at their last turn; their turns are kept. Returns their ids."""
        rows = self._db.execute("SELECT id, pid FROM rehearsal WHERE status = 'in_progress'").fetchall()
        stale = [row["id"] for row in rows if row["pid"] != os.getpid() and not _alive(row["pid"])]
        with self._db:
            for rehearsal_id in stale:
                self._db.execute(
                    "UPDATE rehearsal SET status = 'interrupted', ended_at = COALESCE("
                    " (SELECT MAX(started_at) FROM turn WHERE rehearsal_id = ?), started_at)"
                    " WHERE id = ? AND status = 'in_progress'",
                    (rehearsal_id, rehearsal_id),
                )
        return stale

    def delete_rehearsal(self, rehearsal_id: int) -> bool:
        with self._db:
            cursor = self._db.execute("DELETE FROM rehearsal WHERE id = ?", (rehearsal_id,))
        return cursor.rowcount > 0

    # -- reading -------------------------------------------------------------------
    def rehearsals(self, prep_path: str | None = None, limit: int | None = None) -> list[RehearsalRecord]:
        query = "SELECT * FROM rehearsal"
        args: list[Any] = []
        if prep_path is not None:
            query += " WHERE prep_path = ?"
            args.append(prep_path)
        query += " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            query += " LIMIT ?"
            args.append(limit)
        return [_rehearsal(row) for row in self._db.execute(query, args)]

    def rehearsal(self, rehearsal_id: int) -> RehearsalRecord | None:
        row = self._db.execute("SELECT * FROM rehearsal WHERE id = ?", (rehearsal_id,)).fetchone()
        return _rehearsal(row) if row else None

    def turns(self, rehearsal_id: int) -> list[TurnRecord]:
        rows = self._db.execute(
            "SELECT * FROM turn WHERE rehearsal_id = ? ORDER BY seq", (rehearsal_id,)
        )
        return [_turn(row) for row in rows]

    def last_score(self, prep_path: str) -> float | None:
        """The score of the prep's last full call (drills are not calls)."""
        row = self._db.execute(
            "SELECT score FROM rehearsal WHERE prep_path = ? AND score IS NOT NULL AND kind = 'call'"
            " ORDER BY started_at DESC, id DESC LIMIT 1",
            (prep_path,),
        ).fetchone()
        return row[0] if row else None

    def scores(self, prep_path: str) -> list[float]:
        """Scores of one prep's scored full calls, oldest first (the trend line; no drills)."""
        rows = self._db.execute(
            "SELECT score FROM rehearsal WHERE prep_path = ? AND score IS NOT NULL AND kind = 'call'"
            " ORDER BY started_at, id",
            (prep_path,),
        )
        return [row[0] for row in rows]


def _statements(script: str) -> list[str]:
    """A migration script as single statements (executescript would commit mid-transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s.strip(" ;\n")]


def _retry_locked(step, attempts: int = 100) -> None:
    """Run `step`, waiting out "database is locked": switching a new file to WAL while another
    first run does the same is refused at once, without SQLite's busy timeout."""
    import time

    for attempt in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (SQLite's -wal and -shm follow it)."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _rehearsal(row: sqlite3.Row) -> RehearsalRecord:
    report = json.loads(row["report_json"]) if row["report_json"] else None
    return RehearsalRecord(
        id=row["id"],
        prep_path=row["prep_path"],
        company=row["company"],
        position=row["position"],
        persona=row["persona"],
        outcome=row["outcome"],
        mode=row["mode"],
        seed=row["seed"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        status=row["status"],
        score=row["score"],
        report=report,
        kind=row["kind"],
        drill=row["drill"],
    )


def _turn(row: sqlite3.Row) -> TurnRecord:
    return TurnRecord(
        seq=row["seq"],
        speaker=row["speaker"],
        phase=row["phase"],
        text=row["text"],
        question_id=row["question_id"],
        started_at=row["started_at"],
        duration=row["duration"],
        check=json.loads(row["check_json"]) if row["check_json"] else None,
        audio_path=row["audio_path"],
    )


__all__ = ["RehearsalRecord", "Store", "StoreError", "TurnRecord"]
