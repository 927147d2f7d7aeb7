"""The trial screen's keys at 60x20, 80x24 and 120x40: the tree is the form (a criterion's fields
under the tree, typed without leaving it), Esc and resize behave the same at every size, and keys
that arrive in one burst (as over SSH) land in the field that has the focus."""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Input, Select

from tests.functional.tui_helpers import app_for, burst, fresh_store, node_reading, settle, sync, open_trial_screen
from trialview.tui.screens.main import MainScreen
from trialview.tui.screens.trial import TrialScreen

SIZES = [(60, 20), (80, 24), (120, 40)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def _on_screen(widget: Widget, size: tuple[int, int]) -> bool:
    region = widget.region
    return region.height > 0 and region.width > 0 and region.bottom <= size[1] and region.right <= size[0]


async def _select(pilot, screen: TrialScreen, variable: str) -> None:
    screen.tree_view().select_id(node_reading(screen.criteria, variable).id)
    await settle(pilot)


async def _into_hemoglobin(pilot, screen: TrialScreen) -> Input:
    """The hemoglobin criterion selected and its Hb field focused, the way a user gets there:
    `g` steps through the criterion's fields in turn."""
    await _select(pilot, screen, "hemoglobin")
    hb = screen.fields().first_input("hemoglobin")
    assert hb is not None
    await pilot.press("g")
    while pilot.app.focused is not hb:
        await pilot.press("escape", "g")
    return hb


@size_ids
@sync
async def test_a_digit_types_the_criterion_field_under_the_tree_and_esc_goes_back(
        sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_trial_screen(pilot)
        await _into_hemoglobin(pilot, screen)
        tree = screen.tree_view()
        hb = node_reading(screen.criteria, "hemoglobin")
        assert "hemoglobin" in screen.fields().shown
        before = tree.by_id[hb.id].label.plain
        await pilot.press(*"70")                     # 70 g/L: below the trial's 80 g/L
        await settle(pilot)
        field = app.focused
        assert isinstance(field, Input) and field.value == "70"
        # Tree and the field being typed on screen together, the line already recoloured.
        assert _on_screen(tree, size) and _on_screen(field, size)
        assert tree.by_id[hb.id].label.plain != before and tree.by_id[hb.id].label.plain.startswith("✗")
        assert screen.result is not None and screen.result.statuses[hb.id].status == "not_met"
        await pilot.press("escape")                  # back to the tree
        assert app.focused is tree
        await pilot.press("escape")                  # back to the list
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@size_ids
@sync
async def test_esc_leaves_the_full_form_then_the_trial_at_every_size(sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_trial_screen(pilot)
        await pilot.press("f2")
        await settle(pilot)
        form = screen.form()
        assert form is not None and form.has_focus_within
        await pilot.press("escape")                  # the form: back to the tree, on screen
        await settle(pilot)
        assert app.focused is screen.tree_view() and _on_screen(screen.tree_view(), size)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@sync
async def test_resize_with_the_full_form_shown_keeps_the_tree_and_esc(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        await pilot.press("f2")                      # narrow: the form in place of the tree
        await settle(pilot)
        await pilot.resize_terminal(120, 40)         # wide: form beside the tree
        await settle(pilot)
        assert _on_screen(screen.tree_view(), (120, 40))
        await pilot.press("f2")                      # wide F2: from the form to the tree
        await settle(pilot)
        assert app.focused is screen.tree_view()
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert _on_screen(screen.tree_view(), (60, 20))
        await pilot.press("f2")                      # narrow again: the form in place of the tree
        await settle(pilot)
        assert screen.form() is not None and screen.form().has_focus_within
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is screen.tree_view() and _on_screen(screen.tree_view(), (60, 20))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@size_ids
@sync
async def test_a_burst_after_enter_and_tab_lands_in_the_focused_fields(sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_trial_screen(pilot)
        await _select(pilot, screen, "sledai_2k")    # SLEDAI-2K >= 6, clinical score >= 4
        fields = screen.fields()
        assert fields.shown[:2] == ["sledai_2k", "sledai_2k_clinical"]
        total, clinical = (fields.first_input(v) for v in fields.shown[:2])
        burst(app, "enter", "1", "0", "tab", "4", "enter")
        await settle(pilot)
        assert (total.value, clinical.value) == ("10", "4")
        assert app.focused is screen.tree_view()          # Enter after the last field: the tree
        assert app.draft.raw("sledai_2k") == {"value": 10}


@sync
async def test_tab_tab_then_a_value_in_one_burst_lands_two_fields_on(sample_store_template, tmp_path):
    # Issue 13: `send-keys Tab Tab '1.1'` on Hemoglobin gave 7.61.1 in Hemoglobin.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        hb = await _into_hemoglobin(pilot, screen)
        await pilot.press(*"7.6")
        await settle(pilot)
        chain = screen.focus_chain
        target = chain[chain.index(hb) + 2]          # where two Tabs go
        burst(app, "tab", "tab", "1", "full_stop", "1")
        await settle(pilot)
        assert hb.value == "7.6"
        assert app.focused is target
        if isinstance(target, Input):
            assert target.value.endswith("1.1")


@sync
async def test_n_then_a_digit_in_one_burst_types_the_next_open_criterion(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        burst(app, "n", "3", "4", "escape", "n")    # the first open one reads age
        await settle(pilot)
        assert app.draft.raw("age") == {"value": 34}
        assert app.focused is screen.tree_view()
        from trialview.tui.widgets.criterion_fields import fields_of

        reads_age = next(n for n in screen.criteria.walk() if n.kind == "criterion" and "age" in fields_of(n))
        assert screen.current is not None and screen.current is not reads_age   # the second n moved on


@sync
async def test_readme_and_help_list_the_trial_screen_keys(sample_store_template, tmp_path):
    from pathlib import Path

    from textual.widgets import Static

    from trialview.tui.screens.help import HelpScreen

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| ")}
    trial, field = rows["Trial"], rows["A field under the tree"]
    for key in ("`n` / `N`", "a digit", "`enter`", "`g`", "`m`", "`e` / `c`", "`f2`", "`f3`", "`w`",
                "`ctrl+down / ctrl+up`",
                "`escape`"):
        assert key in trial, key
    for key in ("`enter`", "`up / down`", "`tab / shift+tab`", "`escape`"):
        assert key in field, key
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trial_screen(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        for key in ("  n ", "  N ", "  enter ", "  g ", "  m ", "  e ", "  c ", "  f2 ", "  f3 ", "  w ",
                    "  escape ", "  0-9 . - + ", "  up / down ", "  ctrl+down / ctrl+up "):
            assert key in text, key


@sync
async def test_g_on_a_therapy_criterion_lands_on_the_drug_it_counts(sample_store_template, tmp_path):
    # Issue 13: g on a therapy criterion took ~1 s, landed on the first therapy row with its text
    # selected, and a second g typed over it.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.draft.set_therapy(0, {"drug": "rituximab", "last_dose": "2026-09-01"})
        app.draft.set_therapy(1, {"drug": "mycophenolate mofetil"})
        screen = await open_trial_screen(pilot)
        await _select(pilot, screen, "immunosuppressant")    # "at least two immunosuppressants"
        await pilot.press("g")
        await settle(pilot)
        field = app.focused
        assert isinstance(field, Input) and field.value == "mycophenolate mofetil"
        assert field.selection.is_empty and screen.form() is None
        await pilot.press("g")                               # a second g is typed, at the end
        assert field.value == "mycophenolate mofetilg"


async def _walk_n(pilot, screen: TrialScreen) -> list[str]:
    """Press n until it comes back round (or says nothing is left): the criteria it stopped at."""
    seen: list[str] = []
    for _ in range(60):
        await pilot.press("n")
        await settle(pilot)
        node = screen.current
        if node is None or node.id in seen:
            break
        seen.append(node.id)
    return seen


@sync
async def test_n_stops_only_where_there_is_a_field_to_fill(sample_store_template, tmp_path):
    # Issue 13: about 50 of the bedside walk's keys were n past criteria nobody could type into
    # (for a person to judge) or whose values were typed already for another criterion.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        # The seed's last exclusion, "Other conditions deemed inappropriate ... by the
        # investigator", is for a person: n passes it, the arrows reach it.
        judged = screen.criteria.sections[-1].children[-1]
        assert "investigator" in judged.text.lower() and screen.result.statuses[judged.id].status == "manual"
        await pilot.press("n")
        await settle(pilot)
        registry = screen.current.id                # "18 to 69 years": age, the first stop
        assert registry == "inc-registry" and screen.fields().shown == ["age"]
        await pilot.press("3", "4", "enter")        # typed once
        await settle(pilot)
        assert app.draft.raw("age") == {"value": 34}
        again = await _walk_n(pilot, screen)
        assert again and judged.id not in again
        assert registry not in again                # nothing left to type there: not asked again
        tree = screen.tree_view()
        tree.select_id(judged.id)                   # up / down still reach every criterion
        await settle(pilot)
        assert tree.selected().id == judged.id


def _fill_every_field(app, tree) -> None:
    """Some value in every field the trial's criteria read (which one does not matter here)."""
    from trialview.model.vocabulary import BY_ID
    from trialview.tui.widgets.criterion_fields import fields_of

    for node in tree.walk():
        for var in fields_of(node):
            if var == "therapies":
                app.draft.set_therapy(0, {"drug": "rituximab"})
            elif app.draft.raw(var) is None:
                kind = BY_ID[var].kind
                app.draft.set_value(var, "1" if kind == "number" else "no" if kind == "bool"
                                    else BY_ID[var].choices[0])
    app.patient_changed()


@sync
async def test_n_says_so_when_nothing_is_left_to_type(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_trial("TV-831376FE37")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrialScreen)
        # what its text asks, in the patient's favour: only the consent (for a person) stays open
        for var, raw in {"age": "34", "sle_eular_acr_2019": "yes", "sle_duration_months": "72",
                         "selena_sledai": "10", "pga": "2", "bilag_a": "1", "bilag_b": "0",
                         "childbearing_potential": "no"}.items():
            assert app.draft.set_value(var, raw) is None, var
        _fill_every_field(app, screen.criteria)
        await settle(pilot)
        assert screen.result is not None and screen.result.verdict == "unknown", screen.result
        await pilot.press("n")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("Nothing left to type" in m and "for a person" in m for m in said), said
        await pilot.press("escape")
        app.draft.set_value("hemoglobin", "60")     # g/L: below the seed's 80, so ✗
        screen = await open_trial_screen(pilot)
        _fill_every_field(app, screen.criteria)
        await settle(pilot)
        assert screen.result is not None and screen.result.verdict == "ineligible"
        await pilot.press("n")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("already rules the patient out" in m for m in said), said


@sync
async def test_the_lab_upper_limit_typed_under_the_tree_relights_the_criterion(sample_store_template, tmp_path):
    # "ALT ≤ 3 × ULN": the ULN field's keystrokes re-match like the value's (they used to leave
    # the tree showing what the previous ULN gave).
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_trial("NCT06946485")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrialScreen)
        liver = next(n for n in screen.criteria.walk() if n.text.startswith("Liver function"))
        assert "3×upper limit" in liver.text.replace(" ", "")[:80] or "ULN" in liver.text
        screen.tree_view().select_id(liver.id)
        await settle(pilot)
        alt = screen.fields().first_input("alt")
        assert alt is not None
        app.screen.set_focus(alt)
        # The field shows U/L, the unit a lab sheet gives: a bare 40 is 40 U/L. It used to be
        # read in xULN (the first unit): 40 x ULN, a ✗ on the tree from a normal ALT.
        assert str(screen.query_one("#field-alt .field-unit", Select).value) == "U/L"
        await pilot.press("4", "0", "enter")        # Enter: the ULN next
        await settle(pilot)
        assert app.focused is not None and "field-uln" in app.focused.classes
        # U/L cannot be read without the lab's ULN: nothing is kept meanwhile, and the
        # criterion stays open (never ✗ from a unit the value was not typed in)
        assert app.draft.raw("alt") is None
        assert screen.result.statuses[liver.id].status != "not_met"
        assert "✗" not in screen.tree_view().by_id[liver.id].label.plain
        await pilot.press("4", "0")                 # ULN 40: 40 U/L ≤ 3 × 40
        await settle(pilot)
        assert app.draft.raw("alt") == {"value": 40, "unit": "U/L", "uln": 40.0}
        await settle(pilot)
        assert screen.result.statuses[liver.id].status != "not_met"
        assert "✗" not in screen.tree_view().by_id[liver.id].label.plain


@size_ids
@sync
async def test_ctrl_down_scrolls_the_criterion_text_and_the_tree_stays(sample_store_template, tmp_path, size):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_trial_screen(pilot)
        # inc-2, "A history of SLE for at least 6 months ... Standard treatment refers to ...":
        # longer than the detail pane at every size
        long = next(n for n in screen.criteria.walk() if n.text.startswith("A history of SLE"))
        screen.tree_view().select_id(long.id)
        await settle(pilot)
        detail = screen.query_one("#detail")
        assert detail.max_scroll_y > 0
        assert "ctrl+down" in str(detail.border_title)       # the pane says how to read on
        tree = screen.tree_view()
        # a press reads on by the pane's height less one line: the last line read stays in sight
        step = detail.scrollable_content_region.height - 1
        assert step >= 2
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert detail.scroll_y == min(step, detail.max_scroll_y)
        assert app.focused is tree and tree.selected() is long
        await pilot.press(*["ctrl+down"] * (detail.max_scroll_y // step + 1))
        await settle(pilot)
        assert detail.scroll_y == detail.max_scroll_y           # and stops at its end
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert detail.scroll_y == max(0, detail.max_scroll_y - step)
        await pilot.press("enter")                  # in its field, too
        await settle(pilot)
        assert isinstance(app.focused, Input)
        before = detail.scroll_y
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert detail.scroll_y == max(0, before - step) and isinstance(app.focused, Input)
        screen.set_focus(screen.tree_view())
        screen.tree_view().select_id("inc-registry")          # one line: nothing more to read
        await settle(pilot)
        assert screen.current is not None and screen.current.id == "inc-registry"
        assert detail.max_scroll_y == 0 and not detail.border_title


@sync
async def test_enter_under_the_tree_takes_the_unit_offered_for_a_value(sample_store_template, tmp_path):
    # 7.6 in Hemoglobin (g/L shown) is impossible in g/L: the field offers "did you mean g/dL?
    # Enter to accept". Under the tree the screen's Enter moved on instead and the offer was dead.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot)
        hb = await _into_hemoglobin(pilot, screen)
        await pilot.press(*"7.6")
        await settle(pilot)
        assert "did you mean g/dL? Enter to accept" in str(
            screen.query_one("#field-hemoglobin .field-error").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.draft.values["hemoglobin"] == {"value": 7.6, "unit": "g/dL"}
        node = node_reading(screen.criteria, "hemoglobin")
        assert screen.tree_view().by_id[node.id].label.plain.startswith("✗")   # 76 g/L < 80
        # Taken, and the same Enter goes on to the next field, as Enter does (it used to stay
        # and ask for a second Enter)
        assert app.focused is not hb and app.focused in screen.fields().inputs()
        assert str(screen.query_one("#field-hemoglobin .field-unit", Select).value) == "g/dL"
