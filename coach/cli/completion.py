"""`coach completion bash|zsh|fish`: a shell completion script, made from the parser itself.

The parser is walked once (:func:`command_tree`): each command path (``coach``, ``coach
routines``, ``coach routines new``…) with its sub-commands, the choices of a positional that picks
an action (``coach break done``), its options, what each option's value is (a file, a choice,
anything) and whether a free positional is a file. Each shell gets the same small driver: walk
the words typed so far down the sub-commands, skipping options and their values, then offer what
fits where the cursor is. The data goes into ``case`` (``switch`` in fish) tables, so the scripts
need no associative arrays (macOS's bash 3.2 has none) and nothing but the shell.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field

from coach.cli.errors import CliError
from coach.text.safe import echo

SHELLS = ("bash", "zsh", "fish")
FILE_METAVARS = frozenset({"PATH", "FILE", "DIR", "FILE.json", "OTHER.db", "ROUTINE"})
"""A positional or option value shown as one of these completes file names (a routine may be a
path to a .toml file)."""
_WORD = re.compile(r"^[A-Za-z0-9_.+-]+$")


@dataclass
class Command:
    """One command path's completions."""

    subcommands: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    """option → ``file``, ``any`` or the choices, space-separated (absent: takes no value)."""
    files: bool = False

    @property
    def words(self) -> list[str]:
        return [*self.subcommands, *self.choices]


def command_tree(parser: argparse.ArgumentParser, name: str = "coach") -> dict[str, Command]:
    """Every command path (space-separated, from ``coach``) and what completes there."""
    here = Command()
    tree = {name: here}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                here.subcommands.append(sub_name)
                tree |= command_tree(sub, f"{name} {sub_name}")
        elif action.option_strings:
            here.options += action.option_strings
            if action.nargs != 0:
                kind = _value_kind(action)
                here.values |= dict.fromkeys(action.option_strings, kind)
        elif action.choices:
            here.choices += [str(c) for c in action.choices]
        elif str(action.metavar or action.dest) in FILE_METAVARS:
            here.files = True
    for command in tree.values():
        for word in (*command.words, *command.options, *command.values.values()):
            for part in word.split():
                assert _WORD.match(part), f"not a plain word for a shell script: {part!r}"
    return tree


def _value_kind(action: argparse.Action) -> str:
    if action.choices:
        return " ".join(str(c) for c in action.choices)
    if str(action.metavar or "") in FILE_METAVARS or action.dest in ("db", "config", "out"):
        return "file"
    return "any"


def _sh_case(function: str, rows: dict[str, str], default: str = "") -> str:
    """A POSIX ``case`` on the command path (and option) that prints a row's words."""
    lines = [f"{function}() {{", '    case "$1" in']
    for key, words in rows.items():
        if words:
            lines.append(f"        '{key}') echo '{words}' ;;")
    if default:
        lines.append(f"        *) echo '{default}' ;;")
    lines += ["    esac", "}"]
    return "\n".join(lines)


def _joined(tree: dict[str, Command], attribute: str) -> dict[str, str]:
    return {path: " ".join(getattr(command, attribute)) for path, command in tree.items()}


def _values(tree: dict[str, Command], separator: str) -> dict[str, str]:
    return {
        f"{path}{separator}{option}": kind
        for path, command in tree.items()
        for option, kind in command.values.items()
    }


def _sh_tables(tree: dict[str, Command]) -> str:
    values = _values(tree, "|")
    files = "|".join(f"'{path}'" for path, c in tree.items() if c.files) or "''"
    return "\n\n".join(
        [
            _sh_case("_coach_subcommands", _joined(tree, "subcommands")),
            _sh_case("_coach_words", _joined(tree, "words")),
            _sh_case("_coach_options", _joined(tree, "options")),
            _sh_case("_coach_value", values, default="none").replace('"$1"', '"$1|$2"'),
            f'_coach_files() {{\n    case "$1" in\n        {files}) return 0 ;;\n    esac\n'
            "    return 1\n}",
        ]
    )


_WALK = """\
    for ((i = {first}; i < {current}; i++)); do
        word="${{{words}[i]}}"
        if ((skip)); then
            skip=0
            continue
        fi
        case "$word" in
            --*=*) continue ;;
            -*)
                [[ "$(_coach_value "$cmdpath" "$word")" != none ]] && skip=1
                continue
                ;;
        esac
        if [[ " $(_coach_subcommands "$cmdpath") " == *" $word "* ]]; then
            cmdpath="$cmdpath $word"
        else
            chose=1
        fi
    done"""


def bash_script(tree: dict[str, Command]) -> str:
    walk = _WALK.format(first=1, current="COMP_CWORD", words="COMP_WORDS")
    return f"""\
# bash completion for coach (made by `coach completion bash`)

{_sh_tables(tree)}

_coach() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" cmdpath=coach word value i skip=0 chose=0
    COMPREPLY=()
{walk}
    if ((skip)); then
        value="$(_coach_value "$cmdpath" "${{COMP_WORDS[COMP_CWORD-1]}}")"
        case "$value" in
            file)
                COMPREPLY=($(compgen -f -- "$cur"))
                compopt -o filenames 2>/dev/null
                ;;
            any) ;;
            *) COMPREPLY=($(compgen -W "$value" -- "$cur")) ;;
        esac
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_coach_options "$cmdpath")" -- "$cur"))
    elif ((chose == 0)) && [[ -n "$(_coach_words "$cmdpath")" ]]; then
        COMPREPLY=($(compgen -W "$(_coach_words "$cmdpath")" -- "$cur"))
    elif _coach_files "$cmdpath"; then
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
    fi
    return 0
}}

complete -F _coach coach
"""


def zsh_script(tree: dict[str, Command]) -> str:
    walk = _WALK.format(first=2, current="CURRENT", words="words")
    return f"""\
#compdef coach
# zsh completion for coach (made by `coach completion zsh`): source it after compinit, or save it
# as _coach in a folder of your $fpath.

{_sh_tables(tree)}

_coach() {{
    local cur="${{words[CURRENT]}}" cmdpath=coach word value i skip=0 chose=0
{walk}
    if ((skip)); then
        value="$(_coach_value "$cmdpath" "${{words[CURRENT-1]}}")"
        case "$value" in
            file) _files ;;
            any) _message 'a value' ;;
            *) compadd -- ${{=value}} ;;
        esac
    elif [[ "$cur" == -* ]]; then
        value="$(_coach_options "$cmdpath")"
        compadd -- ${{=value}}
    elif ((chose == 0)) && [[ -n "$(_coach_words "$cmdpath")" ]]; then
        value="$(_coach_words "$cmdpath")"
        compadd -- ${{=value}}
    elif _coach_files "$cmdpath"; then
        _files
    fi
}}

if [[ "${{funcstack[1]}}" == _coach ]]; then
    _coach "$@"
else
    compdef _coach coach
fi
"""


def _fish_switch(function: str, rows: dict[str, str], default: str = "") -> str:
    lines = [f"function {function}", "    switch (string join ' ' -- $argv)"]
    for key, words in rows.items():
        if words:
            lines += [f"        case '{key}'", f"            printf '%s\\n' {words}"]
    if default:
        lines += ["        case '*'", f"            echo {default}"]
    lines += ["    end", "end"]
    return "\n".join(lines)


def fish_script(tree: dict[str, Command]) -> str:
    values = _values(tree, " ")
    files = " ".join(f"'{path}'" for path, c in tree.items() if c.files) or "''"
    tables = "\n\n".join(
        [
            _fish_switch("__coach_subcommands", _joined(tree, "subcommands")),
            _fish_switch("__coach_words", _joined(tree, "words")),
            _fish_switch("__coach_options", _joined(tree, "options")),
            _fish_switch("__coach_value", values, default="none"),
            f'function __coach_files\n    contains -- "$argv" {files}\nend',
        ]
    )
    return f"""\
# fish completion for coach (made by `coach completion fish`)

{tables}

function __coach_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l cmdpath coach
    set -l skip 0
    set -l chose 0
    for word in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '--*=*'
                continue
            case '-*'
                set -l value (__coach_value $cmdpath $word)
                if test "$value[1]" != none
                    set skip 1
                end
                continue
        end
        if contains -- $word (__coach_subcommands $cmdpath)
            set cmdpath "$cmdpath $word"
        else
            set chose 1
        end
    end
    if test $skip = 1
        set -l value (__coach_value $cmdpath $tokens[-1])
        switch "$value[1]"
            case file
                __fish_complete_path $cur
            case any
            case '*'
                printf '%s\\n' $value
        end
    else if string match -q -- '-*' $cur
        __coach_options $cmdpath
    else
        set -l words (__coach_words $cmdpath)
        if test $chose = 0; and test (count $words) -gt 0
            printf '%s\\n' $words
        else if __coach_files $cmdpath
            __fish_complete_path $cur
        end
    end
end

complete -c coach -e
complete -c coach -f -a '(__coach_complete)'
"""


SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def script(shell: str) -> str:
    from coach.cli.parser import build_parser

    if shell not in SCRIPTS:
        raise CliError(f"no completion for {shell!r}; choose bash, zsh or fish")
    return SCRIPTS[shell](command_tree(build_parser()))


def run(args: argparse.Namespace) -> int:
    echo(script(args.shell), end="")
    return 0
