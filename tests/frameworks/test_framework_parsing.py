"""Reading definition YAML safely: size, tags, anchors, repeated keys, bad syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcomes.frameworks.errors import FrameworkDefinitionError, Problem
from outcomes.frameworks.parsing import MAX_FILE_BYTES, parse_yaml, read_yaml


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(FrameworkDefinitionError) as raised:
        parse_yaml(text, "frameworks/demo/1.0.0.yaml")
    return raised.value.problems


def test_values_and_their_lines_are_kept() -> None:
    document = parse_yaml("title: Demo\nitems:\n  - id: a\n    help: x\n", "demo.yaml")

    assert document.data == {"title": "Demo", "items": [{"id": "a", "help": "x"}]}
    assert document.line_of(("items", 0, "help")) == 4
    assert document.line_of(("items", 0, "missing", "deeper")) == 3
    assert document.item_of(("items", 0, "help")) == "a"


def test_scalars_follow_yaml_1_2_so_words_and_dates_stay_text() -> None:
    document = parse_yaml(
        "answer: no\nreleased: 2025-04-01\nlevel: 1\nshare: 0.5\non: true\nnothing: ~\n",
        "demo.yaml",
    )

    assert document.data == {
        "answer": "no",
        "released": "2025-04-01",
        "level": 1,
        "share": 0.5,
        "on": True,
        "nothing": None,
    }


def test_mapping_keys_stay_as_written_so_level_numbers_are_text() -> None:
    document = parse_yaml("descriptors:\n  1: first\n  2: second\n", "demo.yaml")

    assert document.data == {"descriptors": {"1": "first", "2": "second"}}


def test_malformed_yaml_names_the_file_and_line() -> None:
    (problem,) = problems_of("title: Demo\nsummary: [unclosed\nstatus: draft\n")

    assert problem.file == "frameworks/demo/1.0.0.yaml"
    assert problem.line == 3
    assert problem.message.startswith("This is not valid YAML (")
    assert str(problem).startswith("frameworks/demo/1.0.0.yaml, line 3: This is not valid YAML")


def test_a_colon_inside_unquoted_text_is_malformed() -> None:
    (problem,) = problems_of("title: Demo\nhelp: Note: this breaks\n")

    assert problem.line == 2
    assert "put text containing ':' or '#' in quotes" in problem.message


def test_python_tags_are_refused_before_anything_is_built() -> None:
    (problem,) = problems_of("title: !!python/object/apply:os.system ['echo hacked']\n")

    assert problem.line == 1
    assert problem.message == (
        "'!!python/object/apply:os.system' is a YAML tag, which definition files may not use. "
        "Remove it and write the value plainly."
    )


def test_even_harmless_tags_are_refused() -> None:
    problems = problems_of("title: !!str Demo\nlevel: !custom 3\n")

    assert [(p.line, p.message.split(" is ")[0]) for p in problems] == [
        (1, "'!!str'"),
        (2, "'!custom'"),
    ]


def test_anchors_and_aliases_are_refused() -> None:
    problems = problems_of("help: &same Some text\nsummary: *same\n")

    assert [p.line for p in problems] == [1, 2]
    assert problems[0].message.startswith("'&same' marks part of the file for reuse")
    assert problems[1].message.startswith("'*same' repeats another part of the file")


def test_an_alias_bomb_is_refused_without_being_expanded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]

    problems = problems_of("\n".join(lines))

    assert len(problems) == 9 + 8 * 5
    assert all("may not use" in p.message for p in problems)


def test_every_repeated_key_is_reported_with_both_lines() -> None:
    problems = problems_of("title: A\ntitle: B\nitems:\n  - id: x\n    id: y\n")

    assert [(p.line, p.message) for p in problems] == [
        (2, "'title' appears twice in the same block (lines 1 and 2). Keep one of them."),
        (5, "'id' appears twice in the same block (lines 4 and 5). Keep one of them."),
    ]


def test_an_empty_file_is_refused() -> None:
    (problem,) = problems_of("# nothing here\n")

    assert problem.message.startswith("The file is empty.")


def test_oversized_text_is_refused_before_parsing() -> None:
    # Not valid YAML either: the size check must come first.
    (problem,) = problems_of("[" * (MAX_FILE_BYTES + 1))

    assert str(problem) == (
        f"frameworks/demo/1.0.0.yaml: The file is {MAX_FILE_BYTES + 1:,} bytes, more than the "
        "262,144 bytes (256 KiB) a definition may be. Check that this is the right file, or "
        "shorten its help text."
    )


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "1.0.0.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))

    with pytest.raises(FrameworkDefinitionError, match=r"more than the 262,144 bytes"):
        read_yaml(path)


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "1.0.0.yaml"
    text = "title: Demo\n#"
    path.write_text(text.ljust(MAX_FILE_BYTES - 1, "#") + "\n", encoding="utf-8")

    assert path.stat().st_size == MAX_FILE_BYTES

    assert read_yaml(path).data == {"title": "Demo"}


def test_missing_and_non_utf8_files_are_problems(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Café\n".encode("latin-1"))

    with pytest.raises(FrameworkDefinitionError, match="There is no such file"):
        read_yaml(tmp_path / "absent.yaml")
    with pytest.raises(FrameworkDefinitionError, match="not UTF-8 text"):
        read_yaml(latin1)
