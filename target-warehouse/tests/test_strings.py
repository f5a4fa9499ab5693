"""Text survives COPY exactly; NUL characters are removed with a warning (not fatal)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_nul_characters_are_removed_with_a_warning(load, singer, warehouse):
    run = load(singer("nul_characters.singer"))
    assert run.error is None
    rows = warehouse.query("SELECT id, body, meta, tags FROM raw.notes ORDER BY id")
    assert rows == [
        (1, "beforeafter", {"key": "value", "keep": "literal \\u0000 text"}, ["ab"]),
        (2, "", {"clean": True}, []),
    ]
    assert "removed NUL characters" in run.log
    assert "input line 2, field 'body'" in run.log
    assert run.states == [{"notes": 2}]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(values=st.lists(_TEXT, min_size=1, max_size=8),
       blobs=st.lists(st.dictionaries(_TEXT, _TEXT | st.integers() | st.booleans(), max_size=3),
                      min_size=1, max_size=8))
def test_any_text_round_trips(config, warehouse, values, blobs):
    """Hypothesis: whatever the characters (tabs, backslashes, \\N, quotes, emoji...)."""
    from target_warehouse.target import TargetWarehouse  # noqa: PLC0415
    import contextlib  # noqa: PLC0415
    import io  # noqa: PLC0415

    warehouse.query("DROP SCHEMA IF EXISTS raw CASCADE")
    lines = [json.dumps({"type": "SCHEMA", "stream": "t", "key_properties": ["i"], "schema": {
        "properties": {"i": {"type": "integer"}, "s": {"type": "string"}, "j": {"type": "object"}}}})]
    count = max(len(values), len(blobs))
    for i in range(count):
        lines.append(json.dumps({"type": "RECORD", "stream": "t", "record": {
            "i": i, "s": values[i % len(values)], "j": blobs[i % len(blobs)]}}))
    target = TargetWarehouse(config=config, parse_env_config=False)
    with contextlib.redirect_stdout(io.StringIO()):
        target.process_lines(io.StringIO("\n".join(lines) + "\n"))
        target.process_endofpipe()
    rows = warehouse.query("SELECT i, s, j FROM raw.t ORDER BY i")

    def clean(value):
        if isinstance(value, str):
            return value.replace("\x00", "")
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    assert rows == [(i, clean(values[i % len(values)]), clean(blobs[i % len(blobs)]))
                    for i in range(count)]
