"""ACTIVATE_VERSION goes out once, after every stream and child context, and never from a failed run.

A tiny in-process tap: ``regions`` (full table) with a full-table child ``branches`` per
region, and an incremental ``visits``.  A setting makes one region's branches fail.
"""

from __future__ import annotations

import json
import typing as t

import pytest
from singer_sdk import Stream, Tap
from singer_sdk import typing as th

from tap_common import ActivateVersionsAfterSync, DeferredActivateVersion

REGIONS = ["north", "south", "east"]


class Regions(DeferredActivateVersion, Stream):
    name = "regions"
    primary_keys = ("id",)
    schema = th.PropertiesList(th.Property("id", th.StringType)).to_dict()

    def get_records(self, context: t.Any) -> t.Iterable[dict]:
        yield from ({"id": region} for region in REGIONS)

    def get_child_context(self, record: dict, context: t.Any) -> dict:
        return {"region": record["id"]}


class Branches(DeferredActivateVersion, Stream):
    name = "branches"
    parent_stream_type = Regions
    primary_keys = ("id",)
    state_partitioning_keys: t.ClassVar[list[str]] = ["region"]
    schema = th.PropertiesList(th.Property("id", th.StringType), th.Property("region", th.StringType)).to_dict()

    def get_records(self, context: t.Any) -> t.Iterable[dict]:
        for i in range(3):
            if context["region"] == self.config.get("fail_in") and i == 1:
                raise RuntimeError("the API went away")  # after one record of this region
            yield {"id": f"{context['region']}-{i}", "region": context["region"]}


class Visits(DeferredActivateVersion, Stream):
    name = "visits"
    primary_keys = ("id",)
    replication_key = "at"
    schema = th.PropertiesList(th.Property("id", th.IntegerType), th.Property("at", th.DateTimeType)).to_dict()

    def get_records(self, context: t.Any) -> t.Iterable[dict]:
        yield from ({"id": i, "at": f"2026-01-0{i}T00:00:00+00:00"} for i in (1, 2))


class TapRegions(ActivateVersionsAfterSync, Tap):
    name = "tap-regions"
    config_jsonschema = th.PropertiesList(th.Property("fail_in", th.StringType)).to_dict()

    def discover_streams(self) -> list[Stream]:
        return [Regions(self), Branches(self), Visits(self)]


def sync(capsys: pytest.CaptureFixture, **config: t.Any) -> tuple[list[dict], BaseException | None]:
    error = None
    try:
        TapRegions(config={"emit_activate_version_messages": True, **config}).sync_all()
    except Exception as exc:  # noqa: BLE001 - the tests inspect it
        error = exc
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()], error


def test_versions_follow_every_record_of_every_stream(capsys):
    messages, error = sync(capsys)
    assert error is None
    activations = [m for m in messages if m["type"] == "ACTIVATE_VERSION"]
    assert sorted(m["stream"] for m in activations) == ["branches", "regions"]  # not incremental visits
    last_record = max(i for i, m in enumerate(messages) if m["type"] == "RECORD")
    assert min(messages.index(m) for m in activations) > last_record
    for activation in activations:  # the version every record of the stream carries
        versions = {m["version"] for m in messages if m["type"] == "RECORD" and m["stream"] == activation["stream"]}
        assert versions == {activation["version"]}
    assert len([m for m in messages if m["type"] == "RECORD" and m["stream"] == "branches"]) == 9


@pytest.mark.parametrize("region", ["north", "east"])
def test_a_failing_child_context_sends_no_version_at_all(capsys, region):
    messages, error = sync(capsys, fail_in=region)
    assert isinstance(error, RuntimeError)
    assert any(m["type"] == "RECORD" and m["stream"] == "branches" for m in messages)
    assert [m for m in messages if m["type"] == "ACTIVATE_VERSION"] == []


def test_versions_are_off_unless_configured(capsys):
    messages, _ = sync(capsys, emit_activate_version_messages=False)
    assert not [m for m in messages if m["type"] == "ACTIVATE_VERSION"]
    assert all("version" not in m for m in messages if m["type"] == "RECORD")


def test_a_stream_without_the_mixin_is_refused(capsys):
    class Plain(Stream):
        name = "plain"
        schema = th.PropertiesList(th.Property("id", th.IntegerType)).to_dict()

        def get_records(self, context: t.Any) -> t.Iterable[dict]:
            yield {"id": 1}

    class TapMixed(TapRegions):
        def discover_streams(self) -> list[Stream]:
            return [*super().discover_streams(), Plain(self)]

    with pytest.raises(TypeError, match="plain"):
        TapMixed(config={"emit_activate_version_messages": True}).sync_all()

    class TapUnaware(Tap):  # deferred streams in a tap that would never send their versions
        name = "tap-unaware"
        config_jsonschema = TapRegions.config_jsonschema

        def discover_streams(self) -> list[Stream]:
            return [Regions(self)]

    with pytest.raises(TypeError, match="ActivateVersionsAfterSync"):
        TapUnaware(config={"emit_activate_version_messages": True}).sync_all()
