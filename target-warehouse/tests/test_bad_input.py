"""Bad input fails cleanly: one error line naming stream and input line, exit status 1,
nothing of the failing batch committed, the earlier batch and its STATE intact.

Every ``bad_*.singer`` file is: SCHEMA, records 1-2, STATE, record 3, the bad line (6),
record 5, STATE.  With ``batch_size_rows: 2`` records 1-2 form the committed batch and
record 3 is in the batch that must not be committed.
"""

from __future__ import annotations

import json

import pytest

CASES = {
    "bad_invalid_json": "stream 'accounts', input line 6: not valid JSON",
    "bad_record_before_schema": "stream 'ghosts', input line 6: RECORD before the stream's SCHEMA",
    "bad_integer": "stream 'accounts', input line 6: field 'id': expected integer, got str 'four'",
    "bad_datetime": "stream 'accounts', input line 6: field 'created_at': not a valid date-time: "
                    "'2024-13-45T99:00:00Z'",
    "bad_unknown_type": "stream 'accounts', input line 6: unknown message type 'RECORDZ'",
    "bad_schema_no_properties": "stream 'accounts_v2', input line 6: SCHEMA message has no "
                                "'properties' object",
    "bad_missing_key": "stream 'accounts', input line 6: key property 'id' is missing",
    "bad_numeric_overflow": "stream 'accounts', input line 6: PostgreSQL rejected the batch for "
                            '"raw"."accounts": value overflows numeric format',
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_cleanly(case, cli, singer, warehouse):
    result = cli(singer(f"{case}.singer"), batch_size_rows=2)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    errors = [line for line in stderr.splitlines() if "| ERROR" in line]
    assert len(errors) == 1, stderr
    assert CASES[case] in errors[0]
    assert "Traceback" not in stderr
    # the batch before the bad line is committed and its STATE was passed on ...
    assert [json.loads(s) for s in result.stdout.decode().splitlines()] == [{"bookmark": 2}]
    # ... and nothing of the failing batch (record 3) nor after it
    assert warehouse.query("SELECT id FROM raw.accounts ORDER BY id") == [(1,), (2,)]


def test_a_later_good_run_resumes(cli, singer, warehouse):
    assert cli(singer("bad_integer.singer"), batch_size_rows=2).returncode == 1
    good = singer("bad_integer.singer").replace('"id": "four"', '"id": 4')
    result = cli(good, batch_size_rows=2)
    assert result.returncode == 0, result.stderr.decode()
    assert warehouse.query("SELECT id FROM raw.accounts ORDER BY id") == [(i,) for i in range(1, 6)]


@pytest.mark.parametrize(("record", "message"), [
    ('{"id": true}', "field 'id': expected integer, got bool True"),
    ('{"id": 1.5}', "field 'id': expected integer, got Decimal"),
    ('{"id": 9223372036854775808}', "integer 9223372036854775808 is out of range for bigint"),
    ('{"id": 1, "name": 5}', "field 'name': expected string, got int 5"),
    ('{"id": 1, "name": null, "strict": null}', "field 'strict': null is not allowed"),
    ('{"id": 1, "created_at": "yesterday"}', "not a valid date-time: 'yesterday'"),
    ('{"id": 1, "tags": "a,b"}', "field 'tags': expected array, got str"),
    ('{"id": 1, "tags": ["a", 2]}', "field 'tags': data[1] must be string"),
    ('{"id": null}', "key property 'id' is null"),
    ('{"name": "x"}', "field 'id': required property is missing"),
])
def test_schema_violations_name_the_field(load, record, message):
    schema = ('{"type": "SCHEMA", "stream": "s", "key_properties": ["id"], "schema": {"required": '
              '["id"], "properties": {"id": {"type": "integer"}, "name": {"type": '
              '["string", "null"]}, "strict": {"type": "string"}, "created_at": {"type": "string",'
              ' "format": "date-time"}, "tags": {"type": "array", "items": {"type": "string"}}}}}\n')
    if "required" in message:
        schema = schema.replace('"key_properties": ["id"]', '"key_properties": []')
    run = load(schema + f'{{"type": "RECORD", "stream": "s", "record": {record}}}\n')
    assert run.error is not None
    assert message in str(run.error)
    assert "input line 2" in str(run.error)


def test_other_malformed_messages(load):
    cases = {
        '["not", "an", "object"]': "a Singer message must be a JSON object",
        '{"type": "RECORD", "record": {}}': "RECORD message without a 'stream' name",
        '{"type": "STATE"}': "STATE message without a 'value'",
        '{"type": "SCHEMA", "stream": "s", "schema": {"properties": {"a": {"type": "integer"}}}, '
        '"key_properties": ["b"]}': "key properties ['b'] are not in the schema's properties",
        '{"type": "SCHEMA", "stream": "s", "schema": {"properties": {"a": {"type": "int"}}}}':
            "unsupported JSON Schema type 'int'",
        '{"type": "ACTIVATE_VERSION", "stream": "nope", "version": 1}':
            "ACTIVATE_VERSION before the stream's SCHEMA",
        '{"type": "BATCH", "stream": "s"}': "BATCH messages are not supported",
    }
    for line, message in cases.items():
        run = load(line + "\n")
        assert run.error is not None, line
        assert message in str(run.error), (line, str(run.error))
        assert "input line 1" in str(run.error)


def test_blank_lines_are_ignored(load, warehouse):
    text = ('\n{"type": "SCHEMA", "stream": "s", "key_properties": [], "schema": {"properties": '
            '{"a": {"type": "integer"}}}}\n\n   \n{"type": "RECORD", "stream": "s", "record": {"a": 1}}\n')
    assert load(text).error is None
    assert warehouse.query("SELECT a FROM raw.s") == [(1,)]
