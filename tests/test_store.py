"""The history store: schema, migrations, permissions, and nothing lost when killed mid-call."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui import paths
from tui.store import SCHEMA_VERSION, Store, StoreError

ROOT = Path(__file__).resolve().parent.parent


def test_data_dir_is_private_and_overridable(data_dir: Path) -> None:
    assert paths.data_dir() == data_dir
    assert data_dir.is_dir()
    assert (data_dir.stat().st_mode & 0o777) == 0o700
    assert paths.db_path().parent == data_dir


def test_wal_and_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    Store(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_turns_and_rehearsals_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        rid = store.start_rehearsal("/p.toml", "Acme", "Analyst", "friendly", "available", "keyboard", 7)
        store.add_turn(rid, "interviewer", "intro", "Hello")
        store.add_turn(rid, "candidate", "intro", "Hi", question_id="q", duration=1.5,
                       check={"points": []}, audio_path="/a.wav")
        store.finish_rehearsal(rid, "finished", 81.0, {"score": 81})
        other = store.start_rehearsal("/p.toml", "Acme", "Analyst", "busy", "voicemail", "voice")
        store.finish_rehearsal(other, "finished", 64.0, {"score": 64})
        turns = store.turns(rid)
        assert [t.seq for t in turns] == [1, 2]
        assert turns[1].check == {"points": []} and turns[1].duration == 1.5
        assert store.rehearsal(rid).report == {"score": 81}
        assert store.scores("/p.toml") == [81.0, 64.0]
        assert store.last_score("/p.toml") == 64.0
        assert store.delete_rehearsal(rid) and store.turns(rid) == []
        assert store.rehearsal(12345) is None


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer followup"):
        Store(db)


def test_corrupt_file_is_refused_clearly(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a usable history database"):
        Store(db)


def test_killed_mid_call_keeps_every_finished_turn(tmp_path: Path, sample_prep_path: Path) -> None:
    """A scripted rehearsal in a subprocess is SIGKILLed mid-call; all finished turns survive."""
    db = tmp_path / "h.sqlite3"
    script = textwrap.dedent(f"""
        import sys, time
        from datetime import datetime
        from tui.flow.call import CallFlow
        from tui.prep import load_prep
        from tui.session import Rehearsal
        from tui.store import Store
        prep = load_prep({str(sample_prep_path)!r})
        flow = CallFlow(prep, outcome="available", seed=2, now=datetime(2026, 11, 30, 10))
        session = Rehearsal(flow, Store({str(db)!r}), mode="script")
        session.start()
        session.answer("Hi, this is Maria Gonzalez calling for James O'Connor about my interview.")
        session.answer("Hi James, Maria Gonzalez, about the Senior Backend Engineer position.")
        session.answer("I led the migration of the billing system to AWS.")
        print("ready", len(flow.transcript) - sum(1 for e in flow.transcript if e.cue), flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().split()
        assert line and line[0] == "ready", "the scripted rehearsal did not get going"
        expected = int(line[1])
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    with Store(db) as store:
        [record] = store.rehearsals()
        assert record.status == "in_progress" and record.ended_at is None
        turns = store.turns(record.id)
    assert len(turns) == expected
    candidate = [t for t in turns if t.speaker == "candidate"]
    assert len(candidate) == 3
    assert candidate[-1].text == "I led the migration of the billing system to AWS."
    assert candidate[-1].check["points"]
