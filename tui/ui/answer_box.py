"""The answer box of the call screen: Enter sends, Ctrl+J (or Shift+Enter) adds a new line."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class AnswerBox(TextArea):
    HELP = """
Type your answer as you would say it. **Enter** sends it;
**Ctrl+J** starts a new line.

**F2** repeat · **F3** skip · **F4** mute · **F9** hang up · **F5** talk (voice mode)
"""

    class Submitted(Message):
        def __init__(self, box: AnswerBox, text: str):
            super().__init__()
            self.box = box
            self.text = text

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)
