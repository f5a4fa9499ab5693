"""JSON schema of a LeadConduit event (``GET /events``), declared once.

Top-level fields as documented in the API reference's Event schema and response example, plus
the type-specific fields seen in live responses (sources: the emulation's CONTRACT.md).  Nested
objects — ``vars`` above all, the full snapshot of the lead at that step — stay whole and land as
jsonb; unpacking the lead into columns is dbt's job.  Top-level keys nobody documented are not
dropped: ``streams.py`` gathers them into ``other``.  The one exception is ``credential`` (a
recipient integration's stored login, seen on live recipient events): another system's secret is
not ours to copy into the warehouse, so it is removed before anything is written.
"""

from __future__ import annotations

from singer_sdk import typing as th

S, B, I, N, T = th.StringType, th.BooleanType, th.IntegerType, th.NumberType, th.DateTimeType
P = th.Property

#: An open JSON object: kept whole, whatever its keys.
OPEN_OBJECT = th.ObjectType(additional_properties=True)
OPEN_LIST = th.ArrayType(OPEN_OBJECT)

EVENTS = th.PropertiesList(
    # every event (the Event schema)
    P("id", S, required=True, description="Event id: 24-hex BSON ObjectId, creation order"),
    P("type", S, description="source, recipient, filter, feedback-received, feedback-sent, retry, …"),
    P("outcome", S, description="success, failure, error (live also: continue, skip)"),
    P("reason", S, description="Why the outcome was a failure or error"),
    P("vars", OPEN_OBJECT, description="All data when the step started: lead, flow, source, appended"),
    P("host", S),
    P("start_timestamp", I, description="Epoch milliseconds at the start of the step"),
    P("end_timestamp", I, description="Epoch milliseconds at the end of the step"),
    P("ms", I), P("wait_ms", I), P("overhead_ms", I), P("lag_ms", I), P("total_ms", I),
    P("handler_version", S), P("version", S),
    P("cap_reached", B), P("ping_limit_reached", B),
    P("flow_ping_limits", OPEN_OBJECT), P("source_ping_limits", OPEN_OBJECT),
    P("firehose", OPEN_OBJECT), P("expires_at", T),
    # source events
    P("module_id", S), P("package_version", S), P("acceptance_criteria", OPEN_OBJECT),
    P("step_count", I), P("appended", OPEN_OBJECT), P("request", OPEN_OBJECT),
    P("response", OPEN_OBJECT),
    # step events (recipient, filter, retry)
    P("step_id", S), P("key", S), P("rule_set", OPEN_OBJECT), P("caps", OPEN_LIST),
    P("caps_reached", B), P("cost", N), P("purchase_price", N), P("sale_price", N),
    P("revenue", N), P("mappings", OPEN_LIST),
    P("pricing", OPEN_OBJECT), P("transactions", OPEN_LIST), P("retry_status", S),
    # feedback events
    P("recipient_event_id", S, description="The recipient step's event this feedback is about"),
    P("feedback", OPEN_OBJECT),
    # ours: every top-level key the schema above does not declare, kept verbatim
    P("other", OPEN_OBJECT, description="Undocumented top-level keys of the event, verbatim"),
).to_dict()
