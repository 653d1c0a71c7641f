"""`coach routines`: list them, `new` writes a starter file, `check` validates files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from coach.cli.errors import CliError
from coach.cli.loading import load_routines, load_settings
from coach.text.formatting import count_text, equipment_text
from coach.text.safe import echo, one_line


def run(args: argparse.Namespace) -> int:
    if args.routines_command == "new":
        return new_routine(args)
    if args.routines_command == "check":
        return check_files(args.files) if args.files else check_all(args)
    if args.check is not None:
        return check_files(args.check) if args.check else check_all(args)
    return list_routines(args)


def list_routines(args: argparse.Namespace) -> int:
    config = load_settings(args)
    routines = load_routines()
    from coach.text.formatting import minutes_text

    get_ready = config.player.get_ready_seconds
    rows = [
        (
            one_line(routine.id),
            one_line(routine.name),
            ("~" if routine.has_open_steps else "")
            + minutes_text(routine.estimated_seconds(get_ready)),
            "needs " + one_line(equipment_text(routine.equipment)),
            one_line(" ".join(routine.tags)),
            "built-in"
            if routine.builtin
            else f"yours{' (replaces built-in)' if routine.id in routines.overridden else ''}",
        )
        for routine in routines.sorted()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)] if rows else [0] * 5
    for row in rows:
        echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
    for error in routines.errors:
        more = len(error.problems) - 1
        also = f" (and {more} more; `coach routines check` lists them)" if more else ""
        echo(f"error: {one_line(error)}{also}", file=sys.stderr)
    return 0


def check_files(files: Sequence[str]) -> int:
    """Every problem in each file, one line each; a file's trouble never stops the next file."""
    from coach.services.routines import check_file

    failures = 0
    for name in files:
        checked = check_file(name)
        if isinstance(checked, list):
            failures += 1
            for problem in checked:
                echo(one_line(problem), file=sys.stderr)
        else:
            echo(f"{name}: ok ({checked.id}, {count_text(len(checked.steps), 'step')})")
    return 1 if failures else 0


def check_all(args: argparse.Namespace) -> int:
    load_settings(args)
    routines = load_routines()
    for error in routines.errors:
        for problem in error.problems:
            echo(one_line(problem), file=sys.stderr)
    count = len(routines.routines)
    echo(
        f"{count} routines ok"
        + (f", {len(routines.errors)} with errors" if routines.errors else "")
    )
    return 1 if routines.errors else 0


def new_routine(args: argparse.Namespace) -> int:
    from coach.core.routine import ID_PATTERN
    from coach.core.starter import copied_text, display_name, routine_id_for, starter_text
    from coach.system.files import ROUTINE_LIMIT, read_text_file, write_private
    from coach.system.paths import user_routines_dir

    load_settings(args)
    routine_id = routine_id_for(args.name)
    if not ID_PATTERN.fullmatch(routine_id):
        raise CliError(f'"{args.name}" makes no routine id; use letters and digits, like "my-hips"')
    name = one_line(display_name(args.name, routine_id))  # typed text: no controls in the file
    folder = user_routines_dir()
    path = folder / f"{routine_id}.toml"
    if path.exists():
        raise CliError(f"{path} already exists; edit it, or choose another name")
    routines = load_routines()
    existing = routines.get(routine_id)
    source = routines.get(args.source) if args.source else None
    if args.source and source is None:
        known = ", ".join(sorted(routines.routines))
        raise CliError(f'--from: no routine "{args.source}"; known routines: {known}')
    if source is None and existing is not None and existing.builtin:
        source = existing  # replacing a built-in: start from what it is now
    if source is not None and source.source is not None:
        origin = f"the built-in {source.id}" if source.builtin else str(source.source)
        original = read_text_file(source.source, limit=ROUTINE_LIMIT)
        text = copied_text(original, source.id, routine_id, name, origin)
    else:
        text = starter_text(routine_id, name, str(path))
    try:
        write_private(path, text, replace=False)  # 0600 in a 0700 folder, whatever the umask
    except FileExistsError:
        raise CliError(f"{path} already exists; edit it, or choose another name") from None
    except OSError as exc:
        raise CliError(f"{exc.filename or path}: cannot write it ({exc.strerror})") from None
    echo(path)
    if existing is not None and existing.builtin:
        echo(f"It replaces the built-in {routine_id} while it exists.", file=sys.stderr)
    elif existing is not None:
        echo(f"note: {existing.source} already uses the id {routine_id}", file=sys.stderr)
    return 0
