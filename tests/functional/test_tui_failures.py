"""The app when a save fails or something crashes (issue 12 item 1): one line saying why, the
draft kept, no patient value ever printed, a non-zero exit."""

from __future__ import annotations

import errno

import pytest

from tests.functional.tui_helpers import app_for, fresh_store, settle, sync
from trialview.store import storage

SECRET_LABEL = "bed-12-secret"


@sync
async def test_a_save_on_a_full_disk_says_why_and_keeps_the_draft(sample_store_template, tmp_path,
                                                                  monkeypatch):
    store = fresh_store(sample_store_template, tmp_path)
    app = app_for(store, tmp_path)

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.draft.set_label(SECRET_LABEL)
        assert app.draft.set_value("age", "57") is None
        monkeypatch.setattr(storage, "write_temp_beside", full)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "No space left on device" in errors[0]
        assert "\n" not in errors[0]
        assert app.draft.panel().value("age") == 57
        assert app.draft.label == SECRET_LABEL
    monkeypatch.undo()
    assert store.load_panel(SECRET_LABEL) is None


@sync
async def test_a_crash_prints_no_local_values_and_exits_non_zero(sample_store_template, tmp_path, capsys):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    def crash() -> None:
        creatinine = "SECRET-VALUE-123 umol/L"   # a local the old handler printed
        raise RuntimeError(f"cannot read {creatinine}")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.call_later(crash)
            await pilot.pause()
            await pilot.pause()
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "SECRET-VALUE" not in err and "creatinine" not in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 2


def test_the_command_exits_non_zero_after_a_crash(sample_store_template, tmp_path, monkeypatch, capsys):
    from trialview.tui import app as app_module

    def crash() -> None:
        raise RuntimeError("boom")

    async def auto_pilot(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.call_later(crash)
        await pilot.pause()

    def make(store, no_save=False):  # type: ignore[no-untyped-def]
        app = app_for(store, tmp_path, no_save=no_save)
        real_run = app.run
        app.run = lambda: real_run(headless=True, auto_pilot=auto_pilot)  # type: ignore[method-assign]
        return app

    monkeypatch.setattr(app_module, "make_app", make)
    assert app_module.run(fresh_store(sample_store_template, tmp_path)) == 1
    assert "RuntimeError" in capsys.readouterr().err


@sync
async def test_a_crash_in_a_worker_names_the_error_not_its_values(sample_store_template, tmp_path, capsys):
    app = app_for(fresh_store(sample_store_template, tmp_path), tmp_path)

    def crash() -> None:
        hemoglobin = "SECRET-HB-71"
        raise ZeroDivisionError(hemoglobin)

    with pytest.raises(Exception):  # noqa: B017 -- Textual re-raises the worker's failure as it wraps it
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.run_worker(crash, thread=True)
            await pilot.pause(0.5)
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "SECRET-HB" not in err
