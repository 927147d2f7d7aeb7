"""The command palette (ctrl+p): open a trial by id or words, load a saved panel, import, ...

Trial titles and panel labels are untrusted: hits are built as `Content(text)` and highlighted
by offsets here, because `Matcher.highlight` parses its candidate as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from trialview.tui.labels import plain
from trialview.tui.host import app_of


class TrialviewCommands(Provider):
    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = app_of(self)
        entries: list[tuple[str, Callable[[], Any], str]] = []
        for summary in app.store.list():
            text = plain(f"Open {summary.trial_id} {summary.title}", 120)
            entries.append((text, partial(app.open_trial, summary.trial_id), "open this trial"))
        for name, _saved_at in app.store.list_panels():
            entries.append((plain(f"Load panel {name}", 80), partial(app.ask_then_load_panel, name),
                            "make this saved panel the current patient"))
        entries += [
            ("Import trials from a file or folder", app.action_import, "ClinicalTrials.gov JSON/XML or saved pages"),
            ("Save the current panel", app.action_save_panel, "private to you (0600)"),
            ("Saved panels: load, rename, delete", app.action_panels, "F4"),
            ("New patient (clear the panel)", app.ask_then_new_panel, "starts an empty panel"),
            ("Patient panel: every field", app.open_panel, "F2 on the trial list"),
            ("Help: every key", app.action_help, "? or F1"),
        ]
        return entries

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, query, text), callback, text=text, help=help_text)

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            if not text.startswith("Open "):
                yield DiscoveryHit(Content(text), callback, text=text, help=help_text)


def _highlight(matcher: Matcher, query: str, text: str) -> Content:
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(query, text)
    for offset in offsets if score else ():
        content = content.stylize("bold reverse", offset, offset + 1)
    return content
