"""coach, coach setup and coach serve: first run, settings only the app can check, the extra."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest

from coach.cli.main import main


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list:
    """Record the apps coach would run, instead of taking over the terminal."""
    from coach.ui.app import CoachApp

    apps: list[CoachApp] = []
    monkeypatch.setattr(CoachApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_no_settings_file_means_first_run(tmp_path: Path, started):
    assert main(["--db", str(tmp_path / "c.db")]) == 0
    (app,) = started
    assert app.first_run is True
    assert app.config_path == tmp_path / "xdg-config" / "coach" / "config.toml"


def test_the_cycle_collector_is_off_until_the_app_says_it_started(tmp_path, monkeypatch):
    """Held off for the start (see coach.system.collector), on again when the app calls back;
    and on again anyway when the app ends without drawing."""
    import gc

    from coach.ui.app import CoachApp

    seen: list[tuple[str, bool]] = []

    def run(self, *args, **kwargs):
        seen.append(("running", gc.isenabled()))
        self.started()
        seen.append(("started", gc.isenabled()))
        gc.disable()  # an app that ends before its first frame: start_app turns it on again

    monkeypatch.setattr(CoachApp, "run", run)
    assert gc.isenabled()
    try:
        assert main(["--db", str(tmp_path / "c.db")]) == 0
        assert seen == [("running", False), ("started", True)]
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_settings_file_means_no_first_run_and_setup_asks_again(tmp_path: Path, started):
    config = tmp_path / "config.toml"
    config.write_text("[player]\nsound = false\n")
    args = ["--db", str(tmp_path / "c.db"), "--config", str(config)]
    assert main(args) == 0
    assert main([*args, "setup"]) == 0
    assert [app.first_run for app in started] == [False, True]
    assert started[1].config.player.sound is False


def test_an_unknown_theme_is_one_line_naming_file_and_key(tmp_path: Path, capsys, started):
    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "solarised"\n')
    assert main(["--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        f'coach: {config}: [ui] theme: unknown theme "solarised" '
        '(did you mean "solarized-dark"?); choose one of: ansi-dark, '
    )
    assert "coach-high-contrast" in err and "solarized-light" in err
    assert not started


def test_an_unknown_binding_id_is_one_line(tmp_path: Path, capsys, started):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"player.paws" = "p"\n')
    assert main(["--config", str(config), "run", "desk-break"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"coach: {config}: [keys] player.paws: unknown binding id")
    assert not started


def test_serve_without_the_extra_says_how_to_get_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == (
        "coach: coach serve needs textual-serve, which is not installed; "
        "install it with: pip install 'desk-coach[serve]'\n"
    )


@pytest.fixture
def served(monkeypatch) -> dict:
    """A stand-in textual-serve Server: what coach serve gave it."""
    served: dict = {}

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, title: str, public_url: str):
            served.update(command=command, host=host, port=port, public_url=public_url)

        def serve(self) -> None:
            served["serving"] = True

    module = type(sys)("textual_serve.server")
    module.Server = FakeServer
    monkeypatch.setitem(sys.modules, "textual_serve", type(sys)("textual_serve"))
    monkeypatch.setitem(sys.modules, "textual_serve.server", module)
    return served


def test_serve_runs_this_coach_on_localhost_only(served: dict, tmp_path: Path, capsys):
    db = tmp_path / "my log.db"
    assert main(["serve", "--port", "8123", "--db", str(db)]) == 0
    assert served["host"] == "127.0.0.1" and served["port"] == 8123 and served["serving"]
    assert served["command"] == shlex.join([sys.executable, "-m", "coach", "--db", str(db)])
    err = capsys.readouterr().err
    assert re.fullmatch(
        r"coach: serving on http://127\.0\.0\.1:8123/\?token=[\w-]{32,} \(ctrl\+c stops\)\n", err
    )


def test_serve_on_the_network_warns(served: dict, capsys):
    assert main(["serve", "--host", "192.168.1.20"]) == 0
    assert served["host"] == "192.168.1.20" and served["public_url"] == "http://192.168.1.20:8000"
    warning, serving = capsys.readouterr().err.splitlines()
    assert warning == (
        "coach: warning: serving on 192.168.1.20: anyone on the network with this URL "
        "can see your log and use coach"
    )
    assert serving.startswith("coach: serving on http://192.168.1.20:8000/?token=")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", ""])
def test_serve_refuses_every_address_at_once(served: dict, host: str, capsys):
    assert main(["serve", "--host", host]) == 2
    assert "means every address" in capsys.readouterr().err
    assert "serving" not in served
