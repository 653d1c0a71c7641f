"""The layout check itself, on small apps made to be wrong in one way each (and one that isn't)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Label, Static

from tests.ui.layout_check import layout_problems


class Made(App[None]):
    """An app whose whole screen is what it was given."""

    def __init__(self, build: ComposeResult) -> None:
        self._build = list(build)
        super().__init__()

    def compose(self) -> ComposeResult:
        yield from self._build


def made(build: ComposeResult, css: str = "") -> Made:
    """An app of ``build`` styled by ``css`` (a class of its own, as Textual reads CSS there)."""
    styled = type("Styled", (Made,), {"CSS": css})
    return styled(build)


async def problems_of(app: Made, must_see: tuple[str, ...] = (), *, toast: str = "") -> list[str]:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        if toast:
            app.notify(toast, timeout=30)
        await pilot.pause()
        await pilot.pause()
        return [str(p) for p in layout_problems(app.screen, must_see)]


async def test_a_layout_that_fits_has_no_problems():
    app = made(
        [Vertical(Label("Quit this routine?"), Static("What you did is saved."), id="box")],
        "#box { width: 40; height: auto; border: round white; }",
    )
    assert await problems_of(app, ("Label",)) == []


async def test_a_label_wider_than_its_box_is_cut():
    app = made(
        [Vertical(Label("x" * 30 + " the session is logged as partial.", id="wide"), id="box")],
        "#box { width: 40; height: 5; }",
    )
    [problem] = await problems_of(app)
    assert problem.startswith("cut: Label#wide:") and "right edge of Vertical#box" in problem


async def test_text_needing_more_lines_than_its_box_overflows():
    app = made([Static("one\ntwo\nthree\nfour", id="lines")], "#lines { height: 2; }")
    [problem] = await problems_of(app)
    assert problem.startswith("overflows: Static#lines: needs 4 lines, has 2")


async def test_a_path_wider_than_its_box_is_folded_mid_word():
    app = made(
        [Static("saved in /a/" + "b" * 50 + "/config.toml", id="path")], "#path { width: 30; }"
    )
    [problem] = await problems_of(app)
    assert "folded mid-word" in problem


async def test_a_toast_over_text_covers_it():
    app = made(
        [Vertical(id="spacer"), Static("\n".join(["Next: Pigeon stretch " * 3] * 8), id="next")],
        "#spacer { height: 14; }",
    )
    problems = await problems_of(app, toast="Not medical advice: see a doctor if pain persists.")
    assert any(p.startswith("covered: Static#next:") and "under Toast" in p for p in problems)


async def test_a_button_below_the_fold_is_out_of_sight_though_it_scrolls():
    app = made(
        [VerticalScroll(Static("\n" * 30, id="tall"), Button("Save", id="save")), Footer()],
    )
    problems = await problems_of(app, ("Button",))
    assert [p for p in problems if p.startswith("out of sight: Button#save")]
    assert not [p for p in problems if p.startswith("cut:")]  # it scrolls, with a scroll bar


async def test_content_hidden_without_a_scroll_bar_is_cut():
    app = made(
        [Vertical(Static("\n" * 30, id="tall"), Label("the end", id="end"), id="box")],
        "#box { height: 10; overflow-y: auto; scrollbar-size-vertical: 0; }",
    )
    problems = await problems_of(app)
    assert any(p.startswith("cut: Label#end:") for p in problems)
