"""Edit a prep's TOML text field by field, keeping the user's comments and layout (tomlkit).

No Textual here. The editor screen reads values with `get_*` and writes them back with
`set_*`; a value that did not change is not touched, so its line stays exactly as written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

REQUIRED_MARK = "!"  # a key point line starting with "!" must be said in full


def parse(text: str) -> tomlkit.TOMLDocument:
    return tomlkit.parse(text)


def dumps(doc: tomlkit.TOMLDocument) -> str:
    return tomlkit.dumps(doc)


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def table(doc: Any, name: str, create: bool = False) -> Any:
    if name == "":
        return doc
    found = doc.get(name)
    if found is None and create:
        doc[name] = found = tomlkit.table()
    return found


def get_text(container: Any, key: str) -> str:
    if container is None or key not in container:
        return ""
    value = _plain(container[key])
    return value.isoformat() if isinstance(value, date) else str(value)


def get_bool(container: Any, key: str) -> bool:
    return bool(container is not None and _plain(container.get(key, False)) is True)


def get_list(container: Any, key: str) -> list[str]:
    if container is None or key not in container:
        return []
    value = _plain(container[key])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def points_lines(container: Any) -> list[str]:
    """Key points as editor lines: "text", or "! text" for a required one."""
    if container is None or "points" not in container:
        return []
    lines = []
    for point in _plain(container["points"]) or []:
        if isinstance(point, dict):
            mark = f"{REQUIRED_MARK} " if point.get("required") else ""
            lines.append(mark + str(point.get("text", "")))
        else:
            lines.append(str(point))
    return lines


def set_text(container: Any, key: str, value: str) -> None:
    value = value.strip()
    if key in container:
        if _plain(container[key]) != value:
            container[key] = value
    elif value:
        container[key] = value


def set_date(container: Any, key: str, value: str) -> None:
    """A date field: empty removes the key; text that is not a date is kept as text so the
    parser reports it at this field."""
    value = value.strip()
    if not value:
        if key in container:
            del container[key]
        return
    try:
        parsed: date | str = date.fromisoformat(value)
    except ValueError:
        parsed = value
    current = _plain(container[key]) if key in container else None
    if current != parsed:
        container[key] = parsed


def set_bool(container: Any, key: str, value: bool) -> None:
    if key in container:
        if _plain(container[key]) is not value:
            container[key] = value
    elif value:
        container[key] = value


def _array(items: list[Any]) -> Any:
    array = tomlkit.array()
    array.extend(items)
    if len(items) > 1:
        array.multiline(True)
    return array


def set_list(container: Any, key: str, items: list[str]) -> None:
    items = [i.strip() for i in items if i.strip()]
    current = get_list(container, key) if key in container else None
    if current == items:
        return
    if current is None and not items:
        return
    container[key] = _array(items)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def commas(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def set_points(container: Any, point_lines: list[str]) -> None:
    if points_lines(container) == [p.strip() for p in point_lines if p.strip()]:
        return
    items: list[Any] = []
    for line in point_lines:
        line = line.strip()
        if not line:
            continue
        if line.startswith(REQUIRED_MARK):
            point = tomlkit.inline_table()
            point.update({"text": line[len(REQUIRED_MARK):].strip(), "required": True})
            items.append(point)
        else:
            items.append(line)
    container["points"] = _array(items)


def answers(doc: Any) -> list[Any]:
    found = doc.get("answers")
    return list(found) if isinstance(found, (AoT, list)) else []


def rebuild_answers(doc: Any, keep: list[int], new: int) -> list[Any]:
    """Keep the answers at the given original indexes (in order), append `new` empty ones;
    returns the answer tables in their new order."""
    found = doc.get("answers")
    if found is None:
        if not new:
            return []
        doc["answers"] = found = tomlkit.aot()
    for index in sorted(set(range(len(found))) - set(keep), reverse=True):
        del found[index]
    for _ in range(new):
        fresh = tomlkit.table()
        found.append(fresh)
    return list(found)


_ANSWER_WHERE = re.compile(r"^answers\[(\d+)\](?:\.(\w+))?$")


def split_where(where: str) -> tuple[str, int | None, str]:
    """A parser problem's place as (table, answer index, key): "answers[2].points" ->
    ("answers", 2, "points"); "candidate.name" -> ("candidate", None, "name")."""
    match = _ANSWER_WHERE.match(where)
    if match:
        return "answers", int(match.group(1)), match.group(2) or ""
    if "." in where:
        table_name, key = where.split(".", 1)
        return table_name, None, key
    return "", None, where


def is_table(value: Any) -> bool:
    return isinstance(value, (Table, dict))
