"""The file kit: header names, typed rows, malformed rows named by file and line, URLs over HTTP.

A tiny in-process tap reads ``offices`` from a CSV; URLs are served by a tiny vendor on the
sandbox server, whose fault injector breaks downloads the way networks do.
"""

from __future__ import annotations

import json
import typing as t

import pytest
from singer_sdk import typing as th

from crm_sandbox.api.http import Request, Response, route
from crm_sandbox.api.server import Sandbox, SandboxServer
from crm_sandbox.api.vendor import Vendor
from tap_common import CSVStream, MalformedFileError, RESTTap, column_names, http_settings, snake_case

GOOD = ("\ufeffOffice #,Office Name,Opened On,Head Count,Active,Updated\r\n"
        "1,Richmond,2019-04-01,12,true,2026-01-02T10:00:00-05:00\r\n"
        "\r\n"
        '2,"Norfolk, East",2020-06-15,,false,\r\n'
        ",,,,,\r\n")


class OfficesStream(CSVStream):
    name = "offices"
    source_setting = "offices_csv"
    column_overrides: t.ClassVar[dict[str, str]] = {"Office #": "office_id"}
    primary_keys = ("office_id",)
    schema = th.PropertiesList(
        th.Property("office_id", th.IntegerType), th.Property("office_name", th.StringType),
        th.Property("opened_on", th.DateType), th.Property("head_count", th.IntegerType),
        th.Property("active", th.BooleanType), th.Property("updated", th.DateTimeType),
        th.Property("region", th.StringType)).to_dict()


class TapOffices(RESTTap):
    name = "tap-offices"
    stream_types = (OfficesStream,)
    config_jsonschema = th.PropertiesList(th.Property("offices_csv", th.StringType), *http_settings()).to_dict()


def sync(capsys: pytest.CaptureFixture, source: t.Any, **config: t.Any) -> tuple[list[dict], BaseException | None]:
    error = None
    capsys.readouterr()
    try:
        TapOffices(config={"offices_csv": str(source) if source else None, "backoff_base_seconds": 0.01,
                           "request_timeout": 0.5, **config}).sync_all()
    except Exception as exc:  # noqa: BLE001 - the tests inspect it
        error = exc
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()], error


def records(messages: list[dict]) -> list[dict]:
    return [m["record"] for m in messages if m["type"] == "RECORD"]


def activations(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["type"] == "ACTIVATE_VERSION"]


# -- header names ------------------------------------------------------------------------------
@pytest.mark.parametrize(("header", "name"), [
    ("Zip Code", "zip_code"), ("firstName", "first_name"), ("ID", "id"), ("OfficeID", "office_id"),
    ("HTTPStatus", "http_status"), ("Job #", "job_num"), ("Close %", "close_pct"),
    ("E-mail (work)", "e_mail_work"), ("Código Postal", "codigo_postal"), ("2024 Revenue", "col_2024_revenue"),
    ("  lead__source  ", "lead_source"), ("???", "")])
def test_snake_case(header, name):
    assert snake_case(header) == name


def test_column_names_are_unique_with_overrides_and_blanks():
    assert column_names(["Name", "name", "", "ZIP", "Name 2", "Notes"], {"zip": "zipcode", "Notes": "name"}) == \
        ["name_2", "name_3", "column_3", "zipcode", "name_2_2", "name"]
    assert len(set(column_names(["x" * 80, "x" * 81]))) == 2
    assert all(len(n) <= 63 for n in column_names(["x" * 80, "x" * 81]))
    with pytest.raises(ValueError, match="same name"):
        column_names(["a", "b"], {"a": "c", "b": "c"})


# -- reading -----------------------------------------------------------------------------------
def test_rows_are_typed_by_the_schema_and_versions_follow(tmp_path, capsys):
    path = tmp_path / "offices.csv"
    path.write_text(GOOD, encoding="utf-8")
    messages, error = sync(capsys, path)
    assert error is None
    assert records(messages) == [
        {"office_id": 1, "office_name": "Richmond", "opened_on": "2019-04-01", "head_count": 12, "active": True,
         "updated": "2026-01-02T15:00:00.000000+00:00", "region": None},
        {"office_id": 2, "office_name": "Norfolk, East", "opened_on": "2020-06-15", "head_count": None,
         "active": False, "updated": None, "region": None}]
    assert len(activations(messages)) == 1 and messages[-1]["type"] in ("ACTIVATE_VERSION", "STATE")


@pytest.mark.parametrize(("text", "message"), [
    ("Office #,Office Name\n1,A\n2,B,extra\n", r"offices\.csv, line 3: 3 fields, the header has 2"),
    ("Office #,Head Count\n1,12\n2,twelve\n", r"offices\.csv, line 3: column 'head_count': 'twelve' is not a valid integer"),
    ("Office #,Opened On\n1,2019-04-01\n2,April 1st\n", r"line 3: column 'opened_on': 'April 1st' is not a valid date"),
    ('Office #,Office Name\n1,"two\nlines"\n,C\n', r"line 4: key column 'office_id' is empty"),
    ("Office Name\nA\n", r"line 1: no column for key \['office_id'\]"),
    ("", r"offices\.csv is empty"),
    ("Office #,Office Name\n1,A\0B\n", r"line 2: a NUL byte"),
])
def test_a_malformed_row_names_file_and_line_and_writes_nothing(tmp_path, capsys, text, message):
    path = tmp_path / "offices.csv"
    path.write_text(text, encoding="utf-8")
    messages, error = sync(capsys, path)
    assert isinstance(error, MalformedFileError), error
    assert str(path) in str(error)
    pytest.raises(MalformedFileError, lambda: (_ for _ in ()).throw(error)).match(message)
    assert not records(messages) and not activations(messages)  # the warehouse keeps the last good file


def test_bad_encoding_names_the_file(tmp_path, capsys):
    path = tmp_path / "offices.csv"
    path.write_bytes(b"Office #,Office Name\n1,Caf\xe9\n")
    _, error = sync(capsys, path)
    assert isinstance(error, MalformedFileError) and "offices.csv, line" in str(error)


def test_an_unset_source_is_empty_and_retires_nothing(capsys):
    messages, error = sync(capsys, None)
    assert error is None and not records(messages) and not activations(messages)


def test_a_missing_file_names_the_setting(tmp_path, capsys):
    _, error = sync(capsys, tmp_path / "nope.csv")
    assert isinstance(error, FileNotFoundError) and "'offices_csv'" in str(error)


# -- URLs --------------------------------------------------------------------------------------
class Files(Vendor):
    name = "files"

    @route("GET", r"/exports/offices\.csv")
    def offices(self, request: Request) -> Response:
        return Response(200, GOOD, {"Content-Type": "text/csv"})

    @route("GET", r"/exports/bad\.csv")
    def bad(self, request: Request) -> Response:
        return Response(200, "Office #,Head Count\n1,x\n", {"Content-Type": "text/csv"})


@pytest.fixture(scope="module")
def server():
    srv = SandboxServer(("127.0.0.1", 0), Sandbox(vendors={"files": Files}, scale=0.01)).start()
    yield srv
    srv.stop()


@pytest.fixture
def url(server):
    server.sandbox.faults.replace([])
    return f"{server.url}/files/exports/offices.csv?token=s3cret"


def test_a_url_is_read_like_a_file(url, capsys):
    messages, error = sync(capsys, url)
    assert error is None and [r["office_id"] for r in records(messages)] == [1, 2]


@pytest.mark.parametrize("fault", [
    {"fault": "status", "status": 429}, {"fault": "status", "status": 503}, {"fault": "reset"},
    {"fault": "slow", "delay": 1.0}])
def test_download_faults_are_retried(server, url, capsys, fault):
    server.sandbox.faults.replace([{**fault, "times": 2}])
    messages, error = sync(capsys, url)
    assert error is None, error
    assert [r["office_id"] for r in records(messages)] == [1, 2]
    assert server.sandbox.faults.describe()[0]["fired"] == 2


def test_a_body_cut_mid_row_is_refused_and_writes_nothing(server, url, capsys):
    # The cut body comes with a matching Content-Length: HTTP cannot tell it from a short file,
    # the check pass can (the last row is incomplete).
    server.sandbox.faults.replace([{"fault": "truncate", "keep": 0.5}])
    messages, error = sync(capsys, url)
    assert isinstance(error, MalformedFileError) and "offices.csv, line " in str(error)
    assert not records(messages) and not activations(messages)


def test_url_errors_name_the_file_but_never_the_query(server, url, capsys):
    _, error = sync(capsys, url.replace("offices.csv", "bad.csv"))
    assert isinstance(error, MalformedFileError) and "/files/exports/bad.csv, line 2" in str(error)
    assert "s3cret" not in str(error)
    _, error = sync(capsys, url.replace("offices.csv", "missing.csv"))
    assert "HTTP 404" in str(error) and "'offices_csv'" in str(error) and "s3cret" not in str(error)
    server.sandbox.faults.replace([{"fault": "status", "status": 503, "times": None}])
    _, error = sync(capsys, url, backoff_max_tries=2)
    assert "HTTP 503" in str(error) and server.sandbox.faults.describe()[0]["fired"] == 2
