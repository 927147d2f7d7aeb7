"""A store written by an older release is brought up to date on open, losing nothing: its trials'
criteria are read again from the verbatim block it kept, as the importers read it now."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.corpora import XML_DIR
from trialview.model.criteria import PARSER_VERSION
from trialview.model.panel import parse_panel
from trialview.model.sources import parse_trials
from trialview.store import Store


def _flattened(text: str) -> str:
    # what the importers of the release before session 7 kept: every run of spaces one space,
    # a line's indentation too (model/text.py before 8b58ebe)
    return re.sub(r"[ \t]{2,}", " ", text)


def test_a_store_of_flattened_lists_is_read_again_from_the_kept_block(tmp_path: Path) -> None:
    # NCT05480072: "For women of childbearing potential: agreeable to use one of the following:"
    # with its four methods indented under it. Stored by an older release, the text had lost its
    # indentation: each method was a criterion of its own, asked of every patient (a man was
    # asked whether he uses an intrauterine device), and re-parsing the kept flat text on a
    # parser version change kept it so until the trial was imported again
    (trial,) = parse_trials((XML_DIR / "NCT05480072.xml").read_text(encoding="utf-8"))
    (other,) = parse_trials((XML_DIR / "NCT00055575.xml").read_text(encoding="utf-8"))
    old = trial.model_copy(update={f: _flattened(getattr(trial, f))
                                   for f in ("eligibility_text", "inclusion_text", "exclusion_text")})
    assert old.inclusion_text != trial.inclusion_text
    path = tmp_path / "store"
    store = Store(path)
    store.add_trials([old, other])
    store.save_panel("bed 4", parse_panel({"as_of": "2026-11-30", "values": {"sex": "male"}, "screening": {
        "NCT05480072": {"inc-1": {"status": "met", "text": store.tree("NCT05480072").sections[0].children[1].text}}}}))
    flat = store.tree("NCT05480072")
    assert flat is not None
    assert any(n.text.startswith("intrauterine") for n in flat.sections[0].children)      # as the old store had it
    store.close()
    # the older release's parser version on every row, as it wrote them
    index = path / "index.json"
    data = json.loads(index.read_text())
    for row in data["trials"].values():
        row["parser_version"] = PARSER_VERSION - 1
    index.write_text(json.dumps(data))

    reopened = Store(path)
    tree = reopened.tree("NCT05480072")
    assert tree is not None and tree.parser_version == PARSER_VERSION
    (lead,) = [n for n in tree.sections[0].children if n.text.startswith("For women of childbearing potential")]
    assert [c.text.split(" ")[0] for c in lead.children] == ["hormonal", "barrier", "intrauterine", "abstinence"]
    assert not any(n.text.startswith("intrauterine") for n in tree.sections[0].children)
    # the trial's kept text is the importer's now; nothing lost: both trials, the panel, its decision
    stored = reopened.get("NCT05480072")
    assert stored is not None and stored.inclusion_text == trial.inclusion_text
    assert stored.eligibility_original == trial.eligibility_original and stored.trial_id == trial.trial_id
    assert sorted(s.trial_id for s in reopened.list()) == ["NCT00055575", "NCT05480072"]
    saved = reopened.load_panel("bed 4")
    assert saved is not None and "inc-1" in saved.panel.screening["NCT05480072"]
