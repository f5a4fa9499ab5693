"""Column names and JSON schemas.  Contacts are typed from ``getContactFields`` (each account has
its own custom fields); the call log report has Five9's standard columns.

Column names are snake_case of Five9's names, stable and unique: ``contactID`` → ``contact_id``,
``Last Agent Disposition Date-Time`` → ``last_agent_disposition_date_time``, a name starting with
a digit gets ``field_`` (``4f347541-…`` → ``field_4f347541_…``).  When two names meet in one
column, the name already spelled that way keeps it and the others get ``_`` + six hex digits of
their name's SHA-1: names never depend on field order, and a column is renamed only when a new
field comes to share it and neither is spelled that way (``Lead Status`` + ``Lead-Status``).
"""

from __future__ import annotations

import hashlib
import re
import typing as t

from singer_sdk import typing as th

S, I, N, T = th.StringType, th.IntegerType, th.NumberType, th.DateTimeType
P = th.Property


def column_name(name: str) -> str:
    text = re.sub(r"[^0-9A-Za-z]+", "_", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"_+", "_", text).strip("_").lower()
    return text if text and not text[0].isdigit() else f"field_{text}"


def column_names(names: t.Iterable[str]) -> dict[str, str]:
    """``{Five9 name: column}``, unique (see the module docstring)."""
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        groups.setdefault(column_name(name), []).append(name)
    out = {}
    for column, members in groups.items():
        for name in members:
            keeps = len(members) == 1 or name == column
            out[name] = column if keeps else f"{column}_{hashlib.sha1(name.encode()).hexdigest()[:6]}"
    return out


#: Five9 contact field types (``contactFieldType``) → column types.
_FIELD_TYPES: dict[str, th.JSONTypeHelper] = {
    "NUMBER": N, "CURRENCY": N, "PERCENT": N, "BOOLEAN": th.BooleanType, "DATE": th.DateType,
    "DATE_TIME": T,
}


def contact_schema(fields: t.Sequence[t.Any], columns: dict[str, str], key: str) -> dict:
    """One column per contact field, typed by its Five9 type (text for STRING, PHONE, EMAIL,
    URL, TIME, TIME_PERIOD); the description keeps Five9's own field name."""
    return th.PropertiesList(*(
        P(columns[f.name], _FIELD_TYPES.get(str(f.type), S), required=columns[f.name] == key,
          description=f"Five9 contact field '{f.name}' ({f.type}{', ' + f.mapTo if f.mapTo not in (None, 'None') else ''})")
        for f in fields)).to_dict()


#: The columns of Five9's standard "Call Log" report (folder "Call Log Reports").
CALL_LOG = th.PropertiesList(
    P("call_id", S, required=True), P("timestamp", T, required=True), P("campaign", S), P("call_type", S),
    P("agent", S), P("agent_name", S), P("disposition", S), P("ani", S), P("customer_name", S), P("dnis", S),
    # durations as Five9 writes them (HH:MM:SS); dbt turns them into seconds
    P("call_time", S), P("bill_time_rounded", S), P("cost", N), P("ivr_time", S), P("queue_wait_time", S),
    P("ring_time", S), P("talk_time", S), P("hold_time", S), P("park_time", S), P("after_call_work_time", S),
    P("transfers", I), P("conferences", I), P("holds", I), P("abandoned", I), P("recordings", S),
).to_dict()
