"""Property-based: whatever the file holds, alliance gives correct output or a clean, documented error."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import SHIPPED, Runner, minimal_base, minimal_fact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_cli.errors import ExitCode

DOCUMENTED = {ExitCode.OK, ExitCode.FACT_BASE}
# every line names the file (and place), except the last of a long list, which counts the rest
LOCATED = re.compile(r"^F(:\d+:\d+)?: \S|^… and [\d,]+ more problems; run 'alliance validate F' to list them all$")
SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")
SETTINGS = settings(deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    return Runner(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("bases")


def outcome(runner, folder, content: bytes, *args):
    path = folder / "base.yaml"
    path.write_bytes(content)
    result = runner("facts", "--file", path, "--json", "--no-cache", *args)
    assert result.code in DOCUMENTED, result.stderr
    assert "Traceback" not in result.stderr
    if result.code == ExitCode.OK:
        assert isinstance(result.json(), list)
    else:
        assert result.stdout_bytes == b""
        lines = [line.replace(str(path), "F") for line in result.error_lines]
        assert lines and all(LOCATED.match(line) for line in lines), lines
    return result


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(runner, folder, data):
    outcome(runner, folder, data)


@SETTINGS
@given(st.data())
def test_random_damage_to_the_shipped_file(runner, folder, data):
    text = SHIPPED_TEXT.encode("utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text) - 1))
        length = data.draw(st.integers(0, 40))
        insert = data.draw(st.binary(max_size=8) | st.sampled_from([b"\t", b": ", b"- ", b"&a ", b"*a", b"!!", b"\n"]))
        text = text[:start] + insert + text[start + length:]
    outcome(runner, folder, text)


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar that means exactly `text` (line breaks and controls escaped)."""
    def escape(char: str) -> str:
        code = ord(char)
        printable = (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                     or code >= 0x10000) and char not in '"\\\u2028\u2029\ufeff'
        if printable:
            return char
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return '"' + "".join(escape(c) for c in text) + '"'


@SETTINGS
@given(st.text(min_size=1, max_size=60))
def test_random_text_fields_are_kept_exactly_or_refused(runner, folder, statement):
    base = minimal_base(minimal_fact(statement="STATEMENT", evidence=[
        {"source": "one", "section": "STATEMENT", "quote": "STATEMENT"}]))
    text = yaml.safe_dump(base, allow_unicode=True).replace("STATEMENT", yaml_quoted(statement))
    result = outcome(runner, folder, text.encode("utf-8"))
    if statement.isspace():
        assert result.code == ExitCode.FACT_BASE
    else:
        assert result.code == ExitCode.OK
        assert result.json()[0]["statement"] == statement
        table = runner("facts", "--file", folder / "base.yaml", tty=True, color=True, width=100)
        assert table.code == ExitCode.OK
        assert not re.search("[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", table.stdout)
