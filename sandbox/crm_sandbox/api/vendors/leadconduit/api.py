"""LeadConduit (ActiveProspect) ``GET /events`` emulation, mounted at ``/leadconduit/events``.

Contract emulated, as documented (every fact with its source: ``CONTRACT.md`` beside this file):

- HTTP Basic; the password is the API key, the user name is ignored (the docs use ``API``).
  Failure → 401 ``{"error":"authentication failed"}``.  Other errors: ``{"error": "..."}``.
- ``GET /events``: a bare JSON array of events.  ``after_id`` / ``before_id`` (24-hex ids,
  exclusive), ``start`` / ``end`` (creation time, inclusive), ``limit`` (1–1000, default 100),
  ``sort`` (``asc`` | ``desc``, default **desc**), ``rules`` (a JSON array of
  ``{lhv, op, rhv}``), ``include`` / ``exclude`` (field paths; not both).
- Events are ordered by id, which is creation order (BSON ObjectIds); a lead's ``source`` event
  is recorded after its steps.  Rate limits are not documented: none unless the knob
  ``per_minute`` is set (then 429 with ``Retry-After``).

Admin mutations (``POST /_admin/leadconduit/mutate``):

- ``{"action": "create", "object": "leads", "count"?: n, "homeowner_ids"?: [...], "at"?, "extra"?}``:
  new submissions (homeowners LeadConduit has not seen yet, unless named), all at one instant;
  ``extra`` adds undocumented top-level keys to their events (LeadConduit adds fields over time).
- ``{"action": "resubmit", "object": "leads", "ids": [lead ids], "at"?}``: the same homeowners again.
- ``{"action": "create", "object": "feedback", "ids": [lead ids], "type": "return"|"conversion",
  "reason"?, "at"?}``: ``feedback-received`` events.

``at`` defaults to a second after the newest event and may not be earlier (ids follow creation).
``dump/events``: every event as tap-leadconduit leaves it in the warehouse (no ``credential``,
undocumented keys in ``other``); ``dump/leads``: the leads dbt should derive; ``dump/planted``.
Knobs: ``max_limit`` (1000, documented), ``page_size_cap`` (answer fewer than asked: short pages for
tests), ``per_minute`` (a rate window), ``volume`` (leads per homeowner: a bigger log for benchmarks).
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timezone
from typing import Any

from crm_sandbox.api.kit import (AdminError, BadRequest, Basic, Request, Response, Vendor, Window, choice_arg,
                                 epoch_ms, instant_arg, int_arg, iso_z, parse_instant, route)
from crm_sandbox.api.vendors.leadconduit.data import EPOCH, SOURCE, EventLog

API_KEY = "demo-leadconduit-key"
OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}")
#: Top-level event fields the Event schema documents or live responses show (CONTRACT.md); the
#: tap declares exactly these, and keeps any other top-level key in ``other``.
DOCUMENTED = frozenset("""id type outcome reason vars host start_timestamp end_timestamp ms wait_ms
    overhead_ms lag_ms total_ms handler_version version cap_reached ping_limit_reached flow_ping_limits
    source_ping_limits firehose expires_at module_id package_version acceptance_criteria step_count
    appended request response step_id key rule_set caps caps_reached cost purchase_price sale_price
    revenue mappings pricing transactions retry_status recipient_event_id feedback""".split())
RULE_OPS = ("is equal to", "is not equal to", "is blank", "is not blank", "is included in",
            "is not included in")


class LeadConduit(Vendor):
    name = "leadconduit"
    credentials = {"api_key": API_KEY}
    auth = Basic()
    #: ``page_size_cap``: this emulation's own knob (tests) answering at most that many events per
    #: page whatever ``limit`` asks; the documented bound stays 1–1000 either way.
    knobs = {"accepted": [API_KEY], "max_limit": 1000, "page_size_cap": None, "per_minute": None, "volume": 1}
    rate_windows = (Window("per_minute", 60, "Too many requests", retry_after=True),)

    def __init__(self, world) -> None:
        super().__init__(world)
        self.log = EventLog(world, self.knobs["volume"])

    def accepts(self, presented: Any, request: Request) -> bool:
        _user, password = presented  # "The username is ignored"
        return password in self.knobs["accepted"]

    def unauthorized(self, request: Request) -> Response:
        return Response(401, {"error": "authentication failed"},
                        {"Content-Type": "application/json; charset=utf-8"})

    @route("GET", r"/events")
    def list_events(self, request: Request) -> Response:
        after_id, before_id = _object_id(request, "after_id"), _object_id(request, "before_id")
        start, end = instant_arg(request, "start"), instant_arg(request, "end")
        limit = int_arg(request, "limit", 100, minimum=1, maximum=self.knobs["max_limit"])
        limit = min(limit, self.knobs["page_size_cap"] or limit)
        descending = choice_arg(request, "sort", ("asc", "desc"), "desc") == "desc"
        rules = _rules(request.arg("rules"))
        include, exclude = request.args("include"), request.args("exclude")
        if include and exclude:
            raise BadRequest("include cannot be used with exclude")
        window = self.log.window(after_id, before_id, start and epoch_ms(start), end and epoch_ms(end))
        events = []
        for position in (reversed(window) if descending else window):
            event = self.log.render(position)
            if all(_matches(event, rule) for rule in rules):
                events.append(_project(event, include, exclude))
                if len(events) == limit:
                    break
        return Response(200, events)

    # -- admin ----------------------------------------------------------------------------------
    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        knobs = super().configure(settings)
        if "volume" in settings:
            self.log = EventLog(self.world, int(settings["volume"]))
        return knobs

    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, obj = body.get("action"), body.get("object")
        at = self._at(body.get("at"))
        if (action, obj) == ("create", "leads"):
            homeowners = body.get("homeowner_ids") or self.log.unheld_homeowners()[: int(body.get("count", 1))]
            if not homeowners:
                raise AdminError("every homeowner already has a lead; name homeowner_ids to resubmit")
            leads = self.log.submit(list(homeowners), at, body.get("extra"))
        elif (action, obj) == ("resubmit", "leads"):
            by_id = {lead.id: lead.homeowner_id for lead in self.log.leads}
            unknown = [i for i in body.get("ids", []) if i not in by_id]
            if unknown or not body.get("ids"):
                raise AdminError(f"unknown lead ids {unknown}" if unknown else "ids: the leads to resubmit")
            leads = self.log.submit([by_id[i] for i in body["ids"]], at)
        elif (action, obj) == ("create", "feedback"):
            known = {lead.id for lead in self.log.leads}
            if body.get("type") not in ("return", "conversion") or not body.get("ids") \
                    or set(body["ids"]) - known:
                raise AdminError("feedback needs known lead ids and type return|conversion")
            before = len(self.log.ids)
            self.log.give_feedback(body["ids"], body["type"], body.get("reason"), at)
            return {"ids": self.log.ids[before:], "leads": body["ids"], "at": iso_z(_instant(at))}
        else:
            raise AdminError("actions: create leads, resubmit leads, create feedback")
        new = [self.log.ids[p] for lead in self.log.leads if lead.id in set(leads) for p in lead.events]
        return {"ids": sorted(new), "leads": leads, "at": iso_z(_instant(at))}

    def _at(self, value: Any) -> int:
        newest = self.log.created[-1] if self.log.created else epoch_ms(EPOCH)
        if value is None:
            return max(newest, epoch_ms(EPOCH)) + 1_000
        at = epoch_ms(parse_instant(value))
        if at < newest:
            raise AdminError(f"at {value} is before the newest event ({iso_z(_instant(newest))}): "
                             "LeadConduit records events as they happen")
        return at

    def dump(self, obj: str) -> list[dict[str, Any]]:
        if obj == "events":
            return [_as_loaded(self.log.render(p)) for p in range(len(self.log.ids))]
        if obj == "leads":
            return [self._lead_truth(lead) for lead in self.log.leads]
        if obj == "planted":
            return [{"kind": kind, "first": a, "second": b}
                    for kind, pairs in self.log.planted.items() for a, b in pairs]
        raise AdminError(f"leadconduit has events, leads and planted, not {obj!r}", 404)

    def _lead_truth(self, lead) -> dict[str, Any]:
        source = next(p for p in lead.events if self.log.events[p].step == SOURCE)
        event = self.log.render(source)
        fields = event["vars"]["lead"]
        return {"lead_id": lead.id, "source_event_id": event["id"],
                "submitted_at": iso_z(_instant(lead.submitted_ms)), "outcome": event["outcome"],
                "reason": event["reason"], "flow_name": event["vars"]["flow"]["name"],
                "source_name": event["vars"]["source"]["name"], "first_name": fields["first_name"],
                "last_name": fields["last_name"], "email": (fields.get("email") or {}).get("normal"),
                "phone_1": fields["phone_1"]["normal"], "postal_code": fields["postal_code"]["normal"],
                "event_count": len(lead.events), "homeowner_id": lead.homeowner_id}


def _instant(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, timezone.utc)


def _object_id(request: Request, name: str) -> str | None:
    value = request.arg(name)
    if value is not None and not OBJECT_ID.fullmatch(value):
        raise BadRequest(f"{name} must be a 24 character alpha-numeric BSON identifier, got {value!r}")
    return value


def _rules(text: str | None) -> list[dict[str, Any]]:
    if not text:
        return []
    try:
        rules = json.loads(text)
    except ValueError:
        raise BadRequest("rules must be a stringified array of rules") from None
    if not isinstance(rules, list) or not all(isinstance(r, dict) and "lhv" in r and "op" in r for r in rules):
        raise BadRequest("rules must be an array of {lhv, op, rhv}")
    for rule in rules:
        if rule["op"] not in RULE_OPS:
            raise BadRequest(f"rule operator {rule['op']!r} is not emulated (known: {', '.join(RULE_OPS)})")
    return rules


def _get(root: Any, path: str) -> Any:
    for part in path.split("."):
        root = root.get(part) if isinstance(root, dict) else None
    return root


def _value(event: dict[str, Any], path: str) -> Any:
    """A rule's left-hand value: a path in the event, else in its ``vars`` (``lead.state``);
    a typed field compares by its normal form."""
    value = _get(event, path)
    if value is None:
        value = _get(event.get("vars"), path)
    return value.get("normal") if isinstance(value, dict) and "normal" in value else value


def _matches(event: dict[str, Any], rule: dict[str, Any]) -> bool:
    value, op, rhv = _value(event, rule["lhv"]), rule["op"], rule.get("rhv")
    text = "" if value is None else str(value)
    if op in ("is blank", "is not blank"):
        return (text == "") == (op == "is blank")
    wanted = [str(v) for v in rhv] if isinstance(rhv, list) else [str(rhv)]
    return (text in wanted) == (op in ("is equal to", "is included in"))


def _project(event: dict[str, Any], include: list[str], exclude: list[str]) -> dict[str, Any]:
    """``include`` keeps only those field paths (and ``id``, which paging needs); ``exclude`` drops them."""
    if include:
        out: dict[str, Any] = {"id": event["id"]}
        for path in include:
            value = _get(event, path)
            if value is not None:
                _put(out, path, value)
        return out
    event = copy.deepcopy(event) if exclude else event  # nested parts are shared between events
    for path in exclude:
        *parents, leaf = path.split(".")
        node = event
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(leaf, None)
    return event


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value


def _as_loaded(event: dict[str, Any]) -> dict[str, Any]:
    """The event as tap-leadconduit writes it: no recipient ``credential``; keys the Event schema
    does not document gathered in ``other``."""
    event.pop("credential", None)
    other = {k: event.pop(k) for k in [k for k in event if k not in DOCUMENTED]}
    event["other"] = other or None
    return event
