"""The detail pane says which words no check read, in the criterion and in each of its parts
(issue 11: "the tree, the detail pane, the CLI and the worksheet show what was not read")."""

from __future__ import annotations

from textual.widgets import Static

from tests.functional.tui_helpers import app_for, fresh_store, open_trial_screen, settle, sync

# NCT06946485 (a bundled trial), inclusion 6: "Adequate organ function:Bone marrow function: White
# blood cell count ≥3×10⁹/L. Absolute neutrophil count ≥1×10⁹/L (without colony-stimulating factor
# therapy within 2 weeks prior to testing). ... Cardiac function: Hemodynamic stability with left
# ventricular ejection fraction (LVEF) ≥55%." The counts and the LVEF are read; whether the count
# was made without growth factors, and whether the patient is haemodynamically stable, are not.
TRIAL = "NCT06946485"


def _detail(screen) -> str:
    return " ".join(str(screen.query_one("#detail-body", Static).render()).split())


@sync
async def test_a_criterion_names_the_words_its_parts_left_unread(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot, TRIAL)
        inc6 = next(n for n in screen.criteria.walk() if n.id == "inc-6")
        bone_marrow = next(c for c in inc6.children if "neutrophil" in c.text)
        cardiac = next(c for c in inc6.children if "ejection" in c.text)
        screen.tree_view().select_id("inc-6")
        await settle(pilot)
        text = _detail(screen)
        assert "Not read by the machine (for a person):" in text
        unread = text.split("Not read by the machine (for a person):", 1)[1]
        # each part's unread words, named by the part they belong to
        assert f"{bone_marrow.id}:" in unread and "colony-stimulating factor" in unread
        assert f"{cardiac.id}:" in unread and "Hemodynamic stability" in unread
        # a part's own detail says its words without an id before them
        screen.tree_view().select_id(cardiac.id)
        await settle(pilot)
        text = _detail(screen)
        assert "Not read by the machine (for a person): Hemodynamic stability" in text
