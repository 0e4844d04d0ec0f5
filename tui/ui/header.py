"""The screens' header: Textual's Header with a title watcher that cannot outlive it.

Textual's Header updates its title from a coroutine the app runs later. When the app exits
in its first frame (Ctrl+Q at once, a benchmark's autopilot), that coroutine either runs after
the header's children are gone (NoMatches, exit code 1) or is never awaited (a RuntimeWarning
at exit). Here the watcher is plain and finds its title only while it is there.
"""

from __future__ import annotations

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    def _on_mount(self, event: events.Mount) -> None:
        def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):  # removed while the app exits
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
        Widget._on_mount(self, event)
        event.prevent_default()  # Textual's own _on_mount would add its coroutine watchers
