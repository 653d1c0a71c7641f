"""Random routine files and settings files: each one loads, or is refused in one line naming the
file; none gives a traceback. Documents are built from the real keys (so validation, not only the
TOML parser, is reached), from unknown keys, and from raw bytes."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coach.cli.errors import CliError
from coach.cli.loading import check_ui_settings
from coach.core.routine import ROUTINE_KEYS, STEP_KEYS, RoutineError
from coach.services.config import Config, ConfigError, load_config
from coach.services.routines import load_routine

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["sixty", "09:00-18:00", "24:00", "mon", "dark", "textual-light", "ctrl+p", ""]
    ),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat()  # a date


def table(keys: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """Mostly real keys, sometimes unknown ones, with values of any type."""
    return st.dictionaries(
        st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=10)), values, max_size=6
    )


def lines(data: dict[str, object]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


@st.composite
def routine_documents(draw) -> str:
    text = lines(draw(table(list(ROUTINE_KEYS))))
    for step in draw(st.lists(table(list(STEP_KEYS)), max_size=4)):
        text += "[[steps]]\n" + lines(step)
    return text


def mostly(good: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Nearly always a value of the right kind; now and then anything at all."""
    return st.sampled_from([good] * 15 + [values]).flatmap(lambda chosen: chosen)


printable = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])
names = st.text(printable, min_size=1, max_size=30)
numbers = mostly(
    st.one_of(st.integers(min_value=-5, max_value=4000), st.floats(min_value=-5, max_value=4000))
)
counts = mostly(st.integers(min_value=-2, max_value=30))
extras = {
    "sets": counts,
    "rest_between_sets": numbers,
    "sides": mostly(st.booleans()),
    "cues": mostly(st.lists(st.text(printable, max_size=90), max_size=4)),
    "rest_after": numbers,
}
step_tables = st.one_of(
    st.fixed_dictionaries({"name": mostly(names), "duration": numbers}, optional=extras),
    st.fixed_dictionaries(
        {"name": mostly(names), "reps": counts, "seconds_per_rep": numbers}, optional=extras
    ),
    st.fixed_dictionaries({"name": mostly(names), "reps": counts}, optional=extras),
    st.fixed_dictionaries(
        {"name": mostly(names)},
        optional={"duration": numbers, "reps": counts, "seconds_per_rep": numbers, **extras},
    ),
)


@st.composite
def plausible_routines(draw) -> str:
    """Nearly right: the real keys with values of about the right type, so every check is met."""
    head = draw(
        st.fixed_dictionaries(
            {"name": mostly(names)},
            optional={
                "id": mostly(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)),
                "description": mostly(st.text(printable, max_size=60)),
                "tags": mostly(st.lists(st.text(printable, max_size=10), max_size=3)),
                "checkin": mostly(st.booleans()),
            },
        )
    )
    steps = draw(st.lists(step_tables, min_size=draw(st.sampled_from([0, 1, 1, 1])), max_size=5))
    return lines(head) + "".join("[[steps]]\n" + lines(step) for step in steps)


SECTIONS = {f.name: f.type for f in dataclasses.fields(Config) if f.name not in ("path",)}


def section_keys(name: str) -> list[str]:
    section = getattr(Config(), name)
    if dataclasses.is_dataclass(section):
        return [f.name for f in dataclasses.fields(section)]
    return ["app.palette", "home.start", "player.pause", "app.help", "nope.nope"]


def like(default: object) -> st.SearchStrategy[object]:
    """Values of the default's type, near the usual ranges, and now and then anything at all."""
    if isinstance(default, bool):
        near: st.SearchStrategy[object] = st.booleans()
    elif isinstance(default, int):
        near = st.integers(min_value=-5, max_value=600)
    elif isinstance(default, float):
        near = st.floats(min_value=-5, max_value=600)
    elif isinstance(default, list):
        near = st.lists(st.sampled_from(["mon", "tue", "sat", "sun", "xyz"]), max_size=4)
    else:
        near = st.sampled_from(["04:00", "25:00", "09:00-18:00", "00:00-24:00", "dark", "x"])
    return st.one_of(near, near, values)


@st.composite
def config_documents(draw) -> str:
    text = ""
    for name in draw(st.lists(st.sampled_from([*SECTIONS, "nonsense"]), max_size=4, unique=True)):
        section = getattr(Config(), name, None)
        if dataclasses.is_dataclass(section):
            fields = {f.name: getattr(section, f.name) for f in dataclasses.fields(section)}
            chosen = draw(st.lists(st.sampled_from(sorted(fields)), max_size=4, unique=True))
            data = {key: draw(like(fields[key])) for key in chosen}
            if draw(st.booleans()):
                data |= draw(table(["x"]))
        else:
            data = draw(table(section_keys(name) if name in SECTIONS else ["x"]))
        text += f"[{name}]\n" + lines(data)
    return text


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def assert_one_line(message: str, path: Path) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith(str(path)), message


@SETTINGS
@given(
    content=st.one_of(
        plausible_routines(),
        plausible_routines(),
        routine_documents(),
        st.binary(max_size=200),
        st.text(max_size=200),
    )
)
def test_a_random_routine_file_loads_or_is_refused_in_one_line(tmp_path_factory, content):
    path = write(tmp_path_factory.mktemp("r"), "random.toml", content)
    try:
        routine = load_routine(path)
    except RoutineError as exc:
        assert_one_line(str(exc), path)
        event(f"refused: {exc.message.split(' ')[0]}")
    else:
        assert routine.steps and routine.name
        event("loaded")


@SETTINGS
@given(
    content=st.one_of(
        config_documents(), config_documents(), st.binary(max_size=200), st.text(max_size=200)
    )
)
def test_a_random_settings_file_loads_or_is_refused_in_one_line(tmp_path_factory, content):
    path = write(tmp_path_factory.mktemp("c"), "config.toml", content)
    try:
        config = load_config(path)
        check_ui_settings(config)  # themes and keys: what the app checks before it starts
        event("loaded")
    except ConfigError as exc:
        event(f"refused: {exc.key}")
        assert_one_line(str(exc), path)
    except CliError as exc:
        assert_one_line(str(exc), path)
