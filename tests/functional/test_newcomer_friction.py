"""What a newcomer met at 80x24, screening the issue-13 patient unrehearsed (issue 13, second
pass): short answers, unit lists in Tab's way, an invisible focus, a checkbox readable only by
colour, the reason against hard to find, a missing exclusion section, drugs the field finder
did not find, and a fields line that said the same whatever had the focus."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select

from tests.functional.tui_helpers import SEED, open_on_reader, app_for, fresh_store, node_reading, settle, sync, open_trial_screen, open_full_form
from trialview.tui.widgets.criterion_fields import CriterionFields

CAR_NK = "NCT06421701"          # reads anti-dsDNA ("Presence of anti-dsDNA or anti-Sm antibodies")
NO_EXCLUSIONS = "TV-831376FE37"  # its record lists inclusion criteria only


# --- 1. short answers: one rule, shown as read ------------------------------------------------

@sync
async def test_p_for_anti_dsdna_is_read_as_positive_and_shown_so_once_left_under_the_tree(
        sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_reader(pilot, "anti_dsdna", CAR_NK)
        field = screen.fields().query_one("#input-anti_dsdna", Input)
        screen.set_focus(field)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.draft.raw("anti_dsdna") == {"value": "positive"}
        assert not field.parent.parent.has_class("-error")      # no "expected one of …"
        await pilot.press("escape")                               # left: shows what was read
        await pilot.pause()
        assert field.value == "positive"


@sync
async def test_short_answers_read_the_same_in_the_full_form(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        for var, typed, shown, held in [("anti_dsdna", "pos", "positive", "positive"),
                                        ("hbsag", "-", "negative", "negative"),
                                        ("sex", "fe", "female", "female"),
                                        ("c3_low", "y", "yes", True)]:
            field = screen.query_one(f"#input-{var}", Input)
            screen.set_focus(field)
            await pilot.pause()
            await pilot.press(*[{"-": "minus"}.get(c, c) for c in typed])
            await pilot.press("tab")
            await pilot.pause()
            assert app.draft.raw(var) == {"value": held}, var
            assert field.value == shown, var


@sync
async def test_coming_back_to_a_field_selects_its_value_so_typing_replaces_it(sample_store_template, tmp_path):
    # They typed "p", came back and typed "os": the field must end up reading one answer, the
    # one typed last, under the tree as in the form.
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_reader(pilot, "anti_dsdna", CAR_NK)
        field = screen.fields().query_one("#input-anti_dsdna", Input)
        screen.set_focus(field)
        await pilot.pause()
        await pilot.press("p", "escape")
        await pilot.pause()
        screen.set_focus(field)
        await pilot.pause()
        assert field.selected_text == "positive"      # all of it, shown selected
        await pilot.press(*"neg")
        await pilot.pause()
        assert field.value == "neg"
        assert app.draft.raw("anti_dsdna") == {"value": "negative"}


# --- 2. units out of Tab's way; the focus visible ------------------------------------------------

@sync
async def test_tab_goes_from_value_to_value_past_the_unit_lists(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        screen.set_focus(screen.query_one("#input-weight", Input))
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "input-height"
        assert not isinstance(app.focused, Select)
        # The unit is still there to read, and taken from what is typed after the number.
        await pilot.press(*"170", "space", *"cm")
        await pilot.pause()
        assert screen.query_one("#unit-height", Select).value == "cm"


@sync
async def test_the_focused_field_under_the_tree_stands_out(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_reader(pilot, "hemoglobin", SEED)
        await pilot.press("enter")
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Input)
        others = [i for i in screen.fields().inputs() if i is not focused]
        other_bg = others[0].styles.background if others else screen.fields().styles.background
        distance = sum(abs(a - b) for a, b in zip(focused.styles.background.rgb, other_bg.rgb, strict=True))
        assert distance > 60, (focused.styles.background, other_bg)


# --- 3. a checkbox readable without colour ------------------------------------------------------

@sync
async def test_the_whole_history_checkbox_reads_ticked_or_not_without_colour(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        box = screen.query_one("#therapy-history", Checkbox)
        before = box.render().plain
        screen.set_focus(box)
        await pilot.press("space")
        await pilot.pause()
        after = box.render().plain
        assert box.value and before != after
        assert "✓" in after and "✓" not in before


@sync
async def test_the_whole_history_box_is_found_by_name_and_marked_when_focused(sample_store_template, tmp_path):
    # nc28 typed ctrl+f "whole" and found nothing; on the box itself no cursor mark showed in a
    # terminal without colour
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        await settle(pilot)
        box = screen.query_one("#therapy-history", Checkbox)
        unfocused = box.render()
        await pilot.press("ctrl+f", *"whole", "enter")
        await settle(pilot)
        assert app.focused is box
        await pilot.press("space")
        await pilot.pause()
        assert box.value
        marked = box.render()
        assert any(span.style.reverse for span in marked.spans)      # type: ignore[union-attr]
        assert not any(span.style.reverse for span in unfocused.spans)  # type: ignore[union-attr]


# --- 4. what is against the patient ---------------------------------------------------------------

@sync
async def test_x_goes_to_the_criterion_against_and_the_header_names_it(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    app.draft.set_value("hemoglobin", "7.6", "g/dL")      # 76 g/L; the seed trial needs >= 80
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot, SEED)
        header = str(screen.query_one("#trial-header").render())
        hb = node_reading(screen.criteria, "hemoglobin")
        assert "ineligible" in header and "76 g/L" in header and "80 g/L" in header
        assert header.index("76 g/L") < header.index(SEED)        # before the id: seen at 80 columns
        await pilot.press("x")
        await settle(pilot)
        # The criterion that holds the Hb clause (the clause itself, or the criterion it is in).
        current = screen.current
        assert current is not None and (hb.id == current.id or hb.id.startswith(current.id + "."))
        assert screen.tree_view().cursor_node is screen.tree_view().by_id[current.id]


# --- 5. a record with no exclusions says so -------------------------------------------------------

@sync
async def test_a_trial_listing_no_exclusions_says_so_in_the_tree(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot, NO_EXCLUSIONS)
        lines = [n.label.plain for n in screen.tree_view().root.children]
        assert any("Exclusion criteria: none listed" in line for line in lines), lines
        # A line, not a criterion: nothing decides it and n does not stop there.
        assert all(n.data is None for n in screen.tree_view().root.children
                   if "none listed" in n.label.plain)


# --- 6. a drug finds the therapy table --------------------------------------------------------------

@sync
async def test_find_field_finds_a_drug_by_name_or_target_on_a_row_with_it_filled(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_full_form(pilot)
        await pilot.press("ctrl+f", *"cd20")
        await pilot.pause()
        from trialview.tui.widgets.field_finder import FieldFinder
        assert any("rituximab" in s for s in screen.query_one(FieldFinder).shown)
        await pilot.press("escape", "ctrl+f", *"ritux", "enter")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and "therapy-drug" in field.classes
        assert field.value == "rituximab"
        assert [t.get("drug") for t in app.draft.therapies if t] == ["rituximab"]


# --- 7. the fields line says what applies -------------------------------------------------------------

@sync
async def test_the_fields_line_says_what_the_keys_do_now(sample_store_template, tmp_path):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trial_screen(pilot, SEED)
        fields = screen.query_one("#fields", CriterionFields)
        assert not fields.shown
        assert "Esc" not in str(fields.border_title) and "Enter: next field" not in str(fields.border_title)
        screen.tree_view().select_id(node_reading(screen.criteria, "hemoglobin").id)
        await settle(pilot)
        assert "type" in str(fields.border_title) and "Esc" not in str(fields.border_title)
        await pilot.press("enter")
        await pilot.pause()
        assert "Enter: next field" in str(fields.border_title) and "Esc" in str(fields.border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert "Esc" not in str(fields.border_title)
