"""Five9 streams: contacts of every list (``getContactRecords``) and the call log report
(``runReport`` → ``isReportRunning`` → ``getReportResult``)."""

from __future__ import annotations

import time
import typing as t
from datetime import datetime, timedelta

from tap_five9 import schemas
from tap_five9.client import Five9Error, Five9Stream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

#: The contact field Five9 keeps per list member: ``mapTo`` ``LastList`` (default ``last_list``).
LAST_LIST = "LastList"
#: ``mapTo`` of a field Five9 sets on every change of the record — the only modification signal
#: contacts have (``sys_last_disposition_time`` moves on dispositions only).
MODIFIED = "LastModifiedDateTime"
#: Identity: Five9's record id (``contactID``); an account without it is keyed by ``number1``.
IDENTITY = ("contactID", "number1")
#: A lookup partition by ``number1`` prefix stops at the longest phone number.
MAX_PREFIX = 20
#: The fault a server may answer instead of cutting an over-limit answer off (WSDL: TooManyItemsFault).
TOO_MANY = "TooManyItemsFault"
#: Call log windows never grow past a year nor shrink below a minute.
MAX_WINDOW, MIN_WINDOW = timedelta(days=366), timedelta(minutes=1)


class ContactsStream(Five9Stream):
    """Every contact of every list, read list by list with ``last_list = <list>``.

    ``getContactRecords`` answers at most ``contact_records_limit`` records and drops the rest
    without saying so: a lookup answering that many (or ``TooManyItemsFault``) is split by
    ``number1`` prefix with the ``%``
    wildcard (``8%`` → ``80%`` … ``89%``, plus ``number1 = 8`` itself) until each part answers
    fewer.  Five9 filters contacts by nothing but equality and wildcards, so a delta reads every
    list like a full sync and keeps the records whose LastModifiedDateTime field is at or after
    the bookmark; without such a field the stream is a full table that retires deletions.
    """

    name = "contacts"
    #: The delta's lower bound (the bookmark; None on a full table), set when the read starts.
    since: datetime | None = None

    def __init__(self, tap: t.Any) -> None:
        super().__init__(tap)
        self.fields = self.call("getContactFields", "the contact fields", namePattern=".*") or []
        self.columns = schemas.column_names(f.name for f in self.fields)
        by_map = {str(f.mapTo): f.name for f in self.fields}
        names = {f.name for f in self.fields}
        identity = next((n for n in IDENTITY if n in names), None)
        if identity is None:
            raise Five9Error(f"{self.tap_name}: the account has none of the contact fields {IDENTITY}")
        self.primary_keys = [self.columns[identity]]
        self.list_field = by_map.get(LAST_LIST, "last_list")
        modified = next((f for f in self.fields if str(f.mapTo) == MODIFIED and str(f.type) == "DATE_TIME"), None)
        self.replication_key = self.columns[modified.name] if modified else None
        self._schema = schemas.contact_schema(self.fields, self.columns, self.primary_keys[0])
        self.kinds = {self.columns[f.name]: str(f.type) for f in self.fields}

    def get_records(self, context: Context | None) -> t.Iterable[dict]:
        self.since = self.get_starting_timestamp(context) if self.replication_key else None
        for info in self.call("getListsInfo", "the lists", context, listNamePattern=".*") or []:
            read = 0
            for record in self.lookup(info.name, None, context):
                read += 1
                yield record
            if read < info.size:
                self.logger.warning("list %r: %d records read, getListsInfo says %d (members whose last list "
                                    "is another, or whose number1 is empty in a list over the limit)",
                                    info.name, read, info.size)

    def lookup(self, list_name: str, prefix: str | None, context: Context | None) -> t.Iterator[dict]:
        """The list's records whose number1 starts with ``prefix`` (all when None), split further
        while a lookup answers as many records as one call may return."""
        criteria = [{"field": self.list_field, "value": list_name}]
        if prefix is not None:
            criteria.append({"field": "number1", "value": f"{prefix}%"})
        limit = int(self.config["contact_records_limit"])
        try:
            rows = self._records(criteria, context)
        except Five9Error as fault:
            if fault.kind != TOO_MANY:
                raise
            rows = None  # refused rather than cut off: split all the same
        if rows is not None and len(rows) < limit:
            yield from rows
            return
        prefix = prefix or ""
        if len(prefix) >= MAX_PREFIX:
            raise Five9Error(f"{self.tap_name}: list {list_name!r} holds {limit} or more records with number1 "
                             f"{prefix!r}; getContactRecords cannot return them all")
        if prefix:  # the number that is exactly the prefix is under no longer prefix
            exact = self._records([criteria[0], {"field": "number1", "value": prefix}], context)
            if len(exact) >= limit:
                raise Five9Error(f"{self.tap_name}: list {list_name!r} holds {limit} or more records with "
                                 f"number1 = {prefix!r}; getContactRecords cannot return them all")
            yield from exact
        for digit in "0123456789":
            yield from self.lookup(list_name, prefix + digit, context)

    def _records(self, criteria: list[dict], context: Context | None) -> list[dict]:
        asking = " and ".join(f"{c['field']} = {c['value']!r}" for c in criteria)
        result = self.call("getContactRecords", asking, context, lookupCriteria={"criteria": criteria})
        if result is None or not result.records:
            return []
        names = [self.columns.get(f, schemas.column_name(f)) for f in result.fields]
        return [dict(zip(names, (r.values.data if r.values is not None else []))) for r in result.records]

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        for column, value in row.items():
            if isinstance(value, str) and value.strip():
                kind = self.kinds.get(column)
                if kind == "DATE_TIME":
                    row[column] = self.instant(value)
                elif kind == "DATE":
                    row[column] = self.day(value)
                elif kind == "BOOLEAN":
                    row[column] = {"1": "true", "0": "false", "yes": "true", "no": "false"}.get(value.lower(), value)
        row = super().post_process(row, context)
        mark = row.get(self.replication_key) if self.replication_key else None
        if self.since is not None and mark is not None and datetime.fromisoformat(mark) < self.since:
            return None  # unchanged since the bookmark
        return row


class CallLogStream(Five9Stream):
    """Five9's "Call Log" report, incremental on its TIMESTAMP, from the bookmark (less
    ``lookback_minutes``: calls are logged when they end) to the run's start, in windows: the
    first spans ``report_window_days``; a window answering ``report_row_limit`` rows (Five9 cuts
    reports off) is halved and run again; after one answering under a quarter of that the next
    window is twice as long (up to a year), so quiet years cost a few reports."""

    name = "call_log"
    primary_keys = ("call_id",)
    replication_key = "timestamp"
    schema = schemas.CALL_LOG
    folder, report = "Call Log Reports", "Call Log"

    def get_records(self, context: Context | None) -> t.Iterable[dict]:
        start = self.get_starting_timestamp(context) or self.sync_started_at - timedelta(days=365)
        if self.is_delta(context):
            start -= timedelta(minutes=int(self.config["lookback_minutes"]))
        step, limit = timedelta(days=int(self.config["report_window_days"])), int(self.config["report_row_limit"])
        while start < self.sync_started_at:
            end = min(start + step, self.sync_started_at)
            rows = self.run_report(start, end, context)
            if len(rows) >= limit and end - start > MIN_WINDOW:
                step = (end - start) / 2  # cut off: run the first half again
                continue
            yield from rows
            start = end
            if len(rows) < limit // 4:
                step = min(step * 2, MAX_WINDOW)

    def run_report(self, start: datetime, end: datetime, context: Context | None) -> list[dict]:
        """runReport, then isReportRunning (Five9 waits up to ``timeout`` seconds per poll) until
        it answers false, then getReportResult."""
        asking = f"the {self.report!r} report from {start.isoformat()} to {end.isoformat()}"
        identifier = self.call("runReport", asking, context, folderName=self.folder, reportName=self.report,
                               criteria={"time": {"start": start, "end": end}})
        deadline, polls = time.monotonic() + float(self.config["report_timeout_seconds"]), 0
        while self.call("isReportRunning", asking, context, identifier=identifier,
                        timeout=int(self.config["report_poll_seconds"])):
            if time.monotonic() > deadline:
                raise Five9Error(f"{self.tap_name}: {asking} still runs after "
                                 f"{self.config['report_timeout_seconds']} s (setting report_timeout_seconds)")
            time.sleep(min(0.05 * 2 ** polls, 5))  # in case the server answered without waiting
            polls += 1
        result = self.call("getReportResult", asking, context, identifier=identifier)
        if result is None or result.header is None:
            return []
        names = [schemas.column_name(h) for h in result.header.values.data]
        return [dict(zip(names, r.values.data if r.values is not None else [])) for r in result.records or []]

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        if isinstance(row.get("timestamp"), str):
            row["timestamp"] = self.instant(row["timestamp"])
        return super().post_process(row, context)


STREAMS = (ContactsStream, CallLogStream)
