"""The current screen's commands in the command palette, shown as plain text.

Their titles and help quote the user's words (a prepared question, a file name). Textual's
own system commands read both as markup, where "[/]" crashes the palette and "[b]" restyles
it; here they are `Content`, which is never parsed.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.textsafe import clean_line


class ScreenCommands(Provider):
    def _commands(self) -> list:
        commands = getattr(self.screen, "commands", None)
        return list(commands()) if commands is not None else []

    async def discover(self) -> Hits:
        for command in sorted(self._commands(), key=lambda c: c.title):
            yield DiscoveryHit(Content(clean_line(command.title)), command.callback, text=command.title,
                               help=Content(clean_line(command.help)))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            title = clean_line(command.title)
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                shown = Content(title)
                for offset in offsets:
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, command.callback, text=title,
                          help=Content(clean_line(command.help)))  # type: ignore[arg-type]
