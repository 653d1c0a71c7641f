"""coach/system/files.py: user files are read only when proven regular, small and shallow, and
coach's own files are written atomically with private modes whatever the umask."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.system.files import (
    NESTING_LIMIT,
    FileRefused,
    NoSuchFile,
    copy_private,
    data_nesting,
    open_private,
    parse_toml,
    private_dir,
    read_text_file,
    toml_nesting,
    write_private,
)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: anything coach makes must still come out private."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


# -- reading ---------------------------------------------------------------------------------


def test_a_regular_file_is_read_as_text_without_its_bom(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_bytes(b"\xef\xbb\xbfname = 'x'\n")
    assert read_text_file(path, limit=100) == "name = 'x'\n"


def test_a_symlink_to_a_regular_file_is_fine(tmp_path: Path):
    (tmp_path / "real.toml").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "link.toml").symlink_to(tmp_path / "real.toml")
    assert read_text_file(tmp_path / "link.toml", limit=100) == "x = 1\n"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused) as caught:
        read_text_file(fifo, limit=100)
    assert str(caught.value) == f"{fifo}: is a FIFO, not a file; coach reads only regular files"


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: p.mkdir(), "a directory"),
        (lambda p: p.symlink_to("/dev/zero"), "a character device"),
    ],
    ids=["directory", "device"],
)
def test_anything_but_a_regular_file_is_refused_in_one_line(tmp_path: Path, make, kind: str):
    path = tmp_path / "x.toml"
    make(path)
    with pytest.raises(FileRefused) as caught:
        read_text_file(path, limit=100)
    assert str(caught.value) == f"{path}: is {kind}, not a file; coach reads only regular files"


def test_a_socket_is_refused(tmp_path: Path):
    import socket

    path = tmp_path / "s.toml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(FileRefused, match="is a socket, not a file"):
            read_text_file(path, limit=100)
    finally:
        server.close()


def test_a_missing_file_is_its_own_kind_of_refusal(tmp_path: Path):
    with pytest.raises(NoSuchFile, match="no such file"):
        read_text_file(tmp_path / "absent.toml", limit=100)
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(NoSuchFile):
        read_text_file(tmp_path / "file" / "under.toml", limit=100)


def test_an_oversized_file_is_refused_with_the_limit(tmp_path: Path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 300 * 1024)
    with pytest.raises(FileRefused) as caught:
        read_text_file(path, limit=256 * 1024)
    assert str(caught.value) == f"{path}: is 300 KiB; coach reads files of at most 256 KiB"


def test_a_file_at_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "edge.toml"
    path.write_bytes(b"#" * 100)
    assert len(read_text_file(path, limit=100)) == 100


def test_invalid_utf8_names_the_line(tmp_path: Path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'a = 1\nname = "caf\xe9"\n')
    with pytest.raises(FileRefused) as caught:
        read_text_file(path, limit=100)
    assert str(caught.value) == f"{path}: not UTF-8 text (line 2); save it as UTF-8"


def test_an_unreadable_file_says_why(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    path = tmp_path / "secret.toml"
    path.write_text("x = 1", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(FileRefused, match=r"cannot read it \(Permission denied\)"):
        read_text_file(path, limit=100)


# -- TOML nesting ----------------------------------------------------------------------------

BOMBS = {
    "arrays": "x = " + "[" * 3000 + "]" * 3000,
    "inline tables": "x = " + "{a = " * 3000 + "1" + "}" * 3000,
    "mixed": "x = " + "[{a = " * 1500 + "1" + "}]" * 1500,
    "unclosed": "x = " + "[" * 3000,
    "dotted keys": "a" + ".a" * 3000 + " = 1",
    "dotted header": "[a" + ".a" * 3000 + "]",
}


@pytest.mark.parametrize("text", BOMBS.values(), ids=BOMBS.keys())
def test_a_nesting_bomb_is_one_line_not_a_recursion_error(text: str):
    with pytest.raises(FileRefused) as caught:
        parse_toml(text, "bomb.toml")
    assert str(caught.value) == (f"bomb.toml: too deeply nested (more than {NESTING_LIMIT} levels)")


def test_nesting_just_under_the_limit_parses():
    depth = NESTING_LIMIT - 1
    data = parse_toml("x = " + "[" * depth + "]" * depth, "ok.toml")
    assert data_nesting(data) == depth + 1


NOT_NESTING = [
    ('x = "[[[[{{{{"', 0),
    ("x = '[[[[{{{{'", 0),
    ('x = """\n[[[[\n"quoted" ""\n"""', 0),
    ("x = '''\n[[[[\n'''", 0),
    ('x = """a""""\ny = [1]', 1),
    ("x = '''a'''''\ny = [1]", 1),
    ('x = "a \\" [[[["', 0),
    ('x = """\\"""[[[["""', 0),
    ("# [[[[[[[[\nx = [1] # {{{{", 1),
    ('"[[[[" = 1', 0),
    ("[[steps]]\nname = 'a'\ncues = ['[b]', \"{c}\"]", 2),
    ("x = [ # a comment [[[[\n  [1, 2], # ]]]]\n]", 2),
]


@pytest.mark.parametrize(("text", "depth"), NOT_NESTING)
def test_brackets_in_strings_and_comments_do_not_count(text: str, depth: int):
    tomllib.loads(text)  # each case is valid TOML
    assert toml_nesting(text) == depth


def test_a_bracket_after_a_string_that_looks_like_a_bomb_still_counts():
    text = 'x = "[[[[", y = ' + "[" * 40 + "]" * 40
    assert toml_nesting("z = {" + text + "}") == 41


def test_invalid_toml_is_one_line():
    with pytest.raises(FileRefused, match=r"^bad\.toml: not valid TOML \(.*line 1"):
        parse_toml("x = = 1", "bad.toml")


# -- writing ---------------------------------------------------------------------------------


def test_write_private_is_0600_and_its_new_folders_0700_under_any_umask(
    tmp_path: Path, open_umask: None
):
    path = tmp_path / "a" / "b" / "config.toml"
    write_private(path, "x = 1\n")
    assert path.read_text(encoding="utf-8") == "x = 1\n"
    assert mode(path) == 0o600
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700


def test_write_private_replaces_a_file_and_makes_it_private(tmp_path: Path, open_umask: None):
    path = tmp_path / "config.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o666)
    write_private(path, b"new")
    assert path.read_bytes() == b"new"
    assert mode(path) == 0o600
    assert os.listdir(tmp_path) == ["config.toml"]


def test_private_dir_leaves_an_existing_folder_alone(tmp_path: Path):
    tmp_path.chmod(0o755)
    private_dir(tmp_path)
    assert mode(tmp_path) == 0o755


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "config.toml"
    path.write_text("old", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_private(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["config.toml"]


def test_a_failed_rename_removes_the_temporary(tmp_path: Path):
    target = tmp_path / "is-a-folder"
    (target / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        write_private(target, "text")
    assert sorted(os.listdir(tmp_path)) == ["is-a-folder"]


def test_copy_private_copies_bytes_privately_and_refuses_a_fifo(tmp_path: Path, open_umask: None):
    source = tmp_path / "config.toml"
    source.write_bytes(b"x = 1\n\xff")
    copy_private(source, tmp_path / "config.toml.bak", limit=100)
    assert (tmp_path / "config.toml.bak").read_bytes() == b"x = 1\n\xff"
    assert mode(tmp_path / "config.toml.bak") == 0o600
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(FileRefused, match="FIFO"):
        copy_private(tmp_path / "fifo", tmp_path / "fifo.bak", limit=100)
    assert not (tmp_path / "fifo.bak").exists()


def test_open_private_creates_0600_and_refuses_symlinks_and_fifos(tmp_path: Path, open_umask: None):
    fd = open_private(tmp_path / "lock", os.O_RDWR)
    os.close(fd)
    assert mode(tmp_path / "lock") == 0o600
    (tmp_path / "elsewhere").write_text("", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OSError):
        open_private(tmp_path / "link", os.O_RDWR)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(OSError):
        open_private(tmp_path / "fifo", os.O_RDWR)


def test_write_private_without_replace_never_clobbers(tmp_path: Path, open_umask: None):
    path = tmp_path / "routines" / "mine.toml"
    write_private(path, "first", replace=False)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    with pytest.raises(FileExistsError):
        write_private(path, "second", replace=False)
    assert path.read_text(encoding="utf-8") == "first"
    assert os.listdir(path.parent) == ["mine.toml"]
