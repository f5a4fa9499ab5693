"""LeadConduit's event log, drawn from the shared demo world.

The world's homeowners first reached the company as web leads bought from marketplaces (Angi,
HomeAdvisor, …) and routed by LeadConduit: a lead is submitted shortly before its homeowner's
Genius record was created, passes two filters, is delivered to Genius and — when the homeowner
is a HubSpot contact — to HubSpot.  Every step is an event; once processing completes, the
submission itself is recorded as a ``source`` event (so it gets the lead's largest id although
it started first).  Feedback arrives days later: a conversion for homeowners with a completed
appointment, a return for some others.  The lead id of a homeowner's first lead is the world's
crosswalk id (HubSpot carries it as ``ap_leadid``).

Planted on purpose (``EventLog.planted``): resubmissions (the same homeowner again, a new lead,
refused as a duplicate within 30 days), and leads submitted seconds before midnight UTC whose
events are recorded after it, each followed by a resubmission just after midnight.

Events are kept compact (``Event``) and rendered to the API's JSON on request; ``ids`` and
``created`` are parallel sorted lists, so a page costs a bisect plus its own events.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from crm_sandbox.api.kit.instants import epoch_ms, iso_z
from crm_sandbox.world import EPOCH, SERVICES, World

SYSTEM = "leadconduit"
ACCOUNT_NAME = "Demo Exteriors"
SOURCES = ("Angi Leads", "HomeAdvisor", "Modernize", "Networx", "Website Form")
FLOWS = ("Roofing & Gutters", "Windows & Doors", "Siding & Exteriors")
#: A flow's steps: (type, name, key).  Recipients append their answer under ``vars.<key>``.
STEPS = (("filter", "Service area", None), ("filter", "Duplicate check", None),
         ("recipient", "Genius CRM", "genius_crm"), ("recipient", "HubSpot", "hubspot"))
DUPLICATE_WINDOW = timedelta(days=30)
HANDLER_VERSION, EVENT_VERSION = "3.27.4", "2.1.0"
SOURCE, FEEDBACK = -1, -2  # Event.step for the submission record and for feedback


def hex_id(*parts: Any, digits: int = 24) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()[:digits]


def object_id(created_ms: int, machine: str, counter: int) -> str:
    """A BSON ObjectId: 4 bytes of creation second, 5 of machine/process, 3 of counter."""
    return f"{created_ms // 1000:08x}{machine}{counter % 0x1000000:06x}"


# -- typed lead fields, serialised as leadconduit-types' normalize() does -----------------------
def typed(normal: str, raw: str, valid: bool, **components: Any) -> dict[str, Any]:
    return {"normal": normal, "raw": raw, **components, "valid": valid}


def email_field(raw: str) -> dict[str, Any]:
    user, at, domain = raw.strip().partition("@")
    if not at or "." not in domain or " " in raw.strip():
        return typed(raw, raw, False)
    host, _, tld = domain.rpartition(".")
    return typed(raw.strip().lower(), raw, True, user=user, is_free=domain.endswith("mail.example"),
                 is_disposable=False, domain=domain, host=host, tld=tld)


def phone_field(digits: str) -> dict[str, Any]:
    raw = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return typed(digits, raw, True, prefix="1", area=digits[:3], exchange=digits[3:6], line=digits[6:],
                 number=digits[3:], extension=None, country_code="US", type=None,
                 is_tollfree=digits[:3] in ("800", "844", "855", "866", "877", "888"))


def street_field(raw: str) -> dict[str, Any]:
    number, _, name = raw.partition(" ")
    return typed(raw, raw, True, number=number, name=name)


STATE_NAMES = {"VA": "Virginia", "NC": "North Carolina", "MD": "Maryland", "PA": "Pennsylvania",
               "GA": "Georgia", "TN": "Tennessee"}


@dataclass(slots=True)
class Lead:
    id: str
    homeowner_id: int
    flow: int
    source: int
    submitted_ms: int
    duplicate: bool = False  # refused by the duplicate check
    email_raw: str | None = None
    reference: str = ""
    events: list[int] = field(default_factory=list)  # indexes into EventLog.events, step order


@dataclass(slots=True)
class Event:
    lead: int  # index into EventLog.leads
    step: int  # index into STEPS, SOURCE or FEEDBACK
    start_ms: int
    end_ms: int
    outcome: str
    reason: str | None = None
    feedback: dict[str, Any] | None = None
    extra: dict[str, Any] | None = None  # undocumented top-level keys (mutations add them)


class EventLog:
    """Every event, in creation (= id) order, plus the leads they belong to."""

    def __init__(self, world: World, volume: int = 1) -> None:
        self.world = world
        self.machine = hex_id(world.seed, SYSTEM, "machine", digits=10)
        self.rng = random.Random(f"{world.seed}:{SYSTEM}")
        self.leads: list[Lead] = []
        self.events: list[Event] = []
        self.ids: list[str] = []
        self.created: list[int] = []
        self.accounts = {"id": hex_id(world.seed, SYSTEM, "account"), "name": ACCOUNT_NAME}
        self.users = {u.id: u for u in world.users}
        seed = world.seed
        self.flows = [{"id": hex_id(seed, SYSTEM, "flow", k), "name": name} for k, name in enumerate(FLOWS)]
        self.sources = [{"id": hex_id(seed, SYSTEM, "source", k), "name": name} for k, name in enumerate(SOURCES)]
        self.step_ids = {(f, s): hex_id(seed, SYSTEM, "step", f, s) for f in range(len(FLOWS))
                         for s in range(len(STEPS))}
        self.credentials = {key: hex_id(seed, SYSTEM, "credential", key) for _, _, key in STEPS if key}
        # a lead's events are recorded within seconds of each other: a small cache serves them all
        self.lead_fields = lru_cache(maxsize=4096)(self._lead_fields)
        self.last_accepted: dict[int, int] = {}  # homeowner → last accepted submission (ms)
        self.planted: dict[str, list] = {"resubmissions": [], "midnight": []}
        pending: list[Event] = []
        for lead in self._world_leads(volume):
            pending.extend(self._process(lead))
        pending.extend(self._world_feedback())
        pending.sort(key=lambda e: (e.end_ms, e.lead, e.step == SOURCE))
        self._record(pending)

    # -- the world's leads ---------------------------------------------------------------------
    def _world_leads(self, volume: int) -> list[Lead]:
        world, rng = self.world, random.Random(f"{self.world.seed}:{SYSTEM}:leads")
        out: list[Lead] = []
        for k, (hid, lead_id) in enumerate(world.ids.table(SYSTEM, "homeowner").items()):
            h = world.homeowner(hid)
            first = epoch_ms(h.created_at) - rng.randrange(60_000, 7_200_000)
            if k % 41 == 3:  # planted: submitted seconds before midnight UTC, resubmitted after it
                night = (h.created_at - timedelta(days=1)).replace(hour=23, minute=59, second=59)
                first = epoch_ms(night) + 600 + rng.randrange(300)
            out.append(self._lead(lead_id, h.id, first, rng))
            if k % 41 == 3:
                again = self._lead(hex_id(world.seed, SYSTEM, "lead", h.id, "night"), h.id,
                                   epoch_ms(night) + 1_000 + 20_000 + rng.randrange(10_000), rng)
                out.append(again)
                self.planted["midnight"].append((lead_id, again.id))
            elif k % 17 == 5:  # planted: resubmitted within the duplicate window
                again = self._lead(hex_id(world.seed, SYSTEM, "lead", h.id, "again"), h.id,
                                   first + rng.randrange(3_600_000, 20 * 86_400_000), rng)
                if again.submitted_ms < epoch_ms(EPOCH):
                    out.append(again)
                    self.planted["resubmissions"].append((lead_id, again.id))
            for n in range(1, volume):  # more marketplaces sold the same homeowner earlier
                out.append(self._lead(hex_id(world.seed, SYSTEM, "lead", h.id, n), h.id,
                                      first - n * 35 * 86_400_000 - rng.randrange(86_400_000), rng))
        out.sort(key=lambda lead: lead.submitted_ms)
        return out

    def _lead(self, lead_id: str, homeowner_id: int, submitted_ms: int, rng: random.Random) -> Lead:
        h = self.world.homeowner(homeowner_id)
        email = h.email
        if email and rng.random() < 0.04:  # typed badly in the marketplace's form
            email = email.replace("@", " at ")
        return Lead(lead_id, homeowner_id, homeowner_id % len(FLOWS), rng.randrange(len(SOURCES)),
                    submitted_ms, email_raw=email, reference=str(rng.randrange(10**9, 10**10)))

    def _process(self, lead: Lead, extra: dict[str, Any] | None = None) -> list[Event]:
        """Run a lead through its flow: one event per step visited, then the source event."""
        rng, index = self.rng, len(self.leads)
        self.leads.append(lead)
        last = self.last_accepted.get(lead.homeowner_id)
        lead.duplicate = last is not None and lead.submitted_ms - last < DUPLICATE_WINDOW / timedelta(milliseconds=1)
        if not lead.duplicate:
            self.last_accepted[lead.homeowner_id] = lead.submitted_ms
        h = self.world.homeowner(lead.homeowner_id)
        clock, out = lead.submitted_ms + rng.randrange(2, 9), []
        for step, (kind, _name, key) in enumerate(STEPS):
            took = rng.randrange(2, 15) if kind == "filter" else rng.randrange(150, 900)
            outcome, reason = ("continue" if kind == "filter" else "success"), None
            if key == "hubspot" and self.world.ids.get("hubspot", "homeowner", h.id) is None:
                outcome, reason, took = "skip", "Step criteria not met", 1
            elif key == "hubspot" and index % 29 == 7:
                outcome, reason = "error", "HubSpot responded 503 Service Unavailable"
            elif step == 1 and lead.duplicate:
                outcome, reason = "failure", "Duplicate lead"
            out.append(Event(index, step, clock, clock + took, outcome, reason, extra=extra))
            clock += took + rng.randrange(1, 4)
            if outcome == "failure":
                break
        failed = out[-1].outcome == "failure"
        out.append(Event(index, SOURCE, lead.submitted_ms, clock + 3, "failure" if failed else "success",
                         out[-1].reason if failed else None, extra=extra))
        return out

    def _world_feedback(self) -> list[Event]:
        """Conversions for homeowners with a completed appointment, returns for a few others."""
        done = {a.prospect_id: a for a in self.world.appointments if a.is_complete}
        out, now = [], epoch_ms(EPOCH)
        for index, lead in enumerate(self.leads):
            if lead.duplicate:
                continue
            appointment = done.get(lead.homeowner_id)
            if appointment is not None:
                at = epoch_ms(datetime.combine(appointment.date, appointment.time, timezone.utc)) + 86_400_000
                kind, reason = "conversion", "Sold appointment"
            elif index % 11 == 4:
                at, kind, reason = lead.submitted_ms + 3 * 86_400_000 + index % 3_600_000, "return", "Wrong number"
            else:
                continue
            if lead.submitted_ms < at < now:
                out.append(Event(index, FEEDBACK, at, at + 40, "success",
                                 feedback={"type": kind, "reason": reason}))
        return out

    def _record(self, events: list[Event]) -> list[str]:
        """Give new events (already in creation order, after every recorded one) their ids."""
        new = []
        for event in events:
            position = len(self.events)
            self.events.append(event)
            self.ids.append(object_id(event.end_ms, self.machine, position))
            self.created.append(event.end_ms)
            self.leads[event.lead].events.append(position)
            new.append(self.ids[-1])
        return new

    # -- mutations: what happens at LeadConduit between two syncs ------------------------------
    def submit(self, homeowner_ids: list[int], at_ms: int, extra: dict[str, Any] | None = None) -> list[str]:
        """New leads for these homeowners, all submitted at one instant; their lead ids."""
        pending, leads = [], []
        for hid in homeowner_ids:
            lead = self._lead(hex_id(self.world.seed, SYSTEM, "lead", hid, at_ms, len(self.leads)), hid,
                              at_ms, self.rng)
            pending.extend(self._process(lead, extra))
            leads.append(lead.id)
        self._record(sorted(pending, key=lambda e: (e.end_ms, e.lead, e.step == SOURCE)))
        return leads

    def give_feedback(self, lead_ids: list[str], kind: str, reason: str | None, at_ms: int) -> list[str]:
        by_id = {lead.id: i for i, lead in enumerate(self.leads)}
        return self._record([Event(by_id[lid], FEEDBACK, at_ms, at_ms + 40, "success",
                                   feedback={"type": kind, "reason": reason}) for lid in lead_ids])

    def unheld_homeowners(self) -> list[int]:
        held = {lead.homeowner_id for lead in self.leads}
        return [h.id for h in self.world.homeowners if h.id not in held]

    # -- reading ---------------------------------------------------------------------------------
    def window(self, after_id: str | None, before_id: str | None, start_ms: int | None,
               end_ms: int | None) -> range:
        """Positions of the events inside every bound given (ids exclusive, times inclusive)."""
        lo, hi = 0, len(self.ids)
        if after_id is not None:
            lo = max(lo, bisect_right(self.ids, after_id.lower()))
        if before_id is not None:
            hi = min(hi, bisect_left(self.ids, before_id.lower()))
        if start_ms is not None:
            lo = max(lo, bisect_left(self.created, start_ms))
        if end_ms is not None:
            hi = min(hi, bisect_right(self.created, end_ms))
        return range(lo, max(lo, hi))

    def render(self, position: int) -> dict[str, Any]:
        """One event as ``GET /events`` returns it."""
        event = self.events[position]
        lead, world = self.leads[event.lead], self.world
        h = world.homeowner(lead.homeowner_id)
        steps_done = [p for p in lead.events if p < position and self.events[p].step >= 0]
        body: dict[str, Any] = {
            "id": self.ids[position], "outcome": event.outcome, "reason": event.reason,
            "type": STEPS[event.step][0] if event.step >= 0 else
            ("source" if event.step == SOURCE else "feedback-received"),
            "vars": self._vars(event.lead, steps_done),
            "host": "app.leadconduit.com", "start_timestamp": event.start_ms, "end_timestamp": event.end_ms,
            "ms": event.end_ms - event.start_ms, "overhead_ms": 2, "lag_ms": 1,
            "total_ms": event.end_ms - lead.submitted_ms,
            "handler_version": HANDLER_VERSION, "version": EVENT_VERSION,
            "cap_reached": False, "ping_limit_reached": False,
        }
        if event.step == SOURCE:
            body.update(self._source_fields(lead, h))
        elif event.step == FEEDBACK:
            genius = next((p for p in lead.events if self.events[p].step == 2), None)
            body["recipient_event_id"] = self.ids[genius] if genius is not None else None
            body["feedback"] = event.feedback
        else:
            body.update(self._step_fields(event, lead, h))
        if event.extra:
            body.update(event.extra)
        return body

    def _lead_fields(self, index: int) -> dict[str, Any]:
        """``vars.lead`` of a lead: the same snapshot on each of its events (never mutated)."""
        lead = self.leads[index]
        h = self.world.homeowner(lead.homeowner_id)
        rep = self.users.get(h.user_id)
        fields: dict[str, Any] = {
            "id": lead.id, "first_name": h.first_name, "last_name": h.last_name,
            "phone_1": phone_field(h.phone1), "address_1": street_field(h.address1), "city": h.city,
            "state": typed(h.state, STATE_NAMES.get(h.state, h.state), True,
                           name=STATE_NAMES.get(h.state, h.state)),
            "postal_code": typed(h.zip, h.zip, True, country_code="US", code=h.zip, zip=h.zip, four=None),
            "country": "US", "reference": lead.reference,
        }
        if lead.email_raw:
            fields["email"] = email_field(lead.email_raw)
        if h.phone2:
            fields["phone_2"] = phone_field(h.phone2)
        if rep is not None:
            fields.update(owner_hge=f"{rep.first_name} {rep.last_name}", owneremail_hge=rep.email,
                          ownerid_hge=str(rep.id))
        if h.year_built:
            fields["note_hge"] = f"Home built {h.year_built}; interested in {SERVICES[h.id % len(SERVICES)]}"
        return fields

    def _vars(self, index: int, steps_done: list[int]) -> dict[str, Any]:
        lead = self.leads[index]
        h = self.world.homeowner(lead.homeowner_id)
        out = {"lead": self.lead_fields(index), "flow": self.flows[lead.flow], "source": self.sources[lead.source],
               "account": self.accounts,
               "submission": {"timestamp": iso_z(datetime.fromtimestamp(lead.submitted_ms / 1000, timezone.utc)),
                              "ip": f"198.51.100.{lead.homeowner_id % 250 + 1}"}}
        for position in steps_done:  # what earlier recipients answered
            event = self.events[position]
            key = STEPS[event.step][2]
            if key and event.outcome == "success":
                out[key] = {"outcome": "success", **self._record_id(key, h)}
        return out

    def _record_id(self, key: str, h: Any) -> dict[str, Any]:
        if key == "genius_crm":
            return {"prospect_id": h.id}
        return {"contact_id": self.world.ids.get("hubspot", "homeowner", h.id)}

    def _source_fields(self, lead: Lead, h: Any) -> dict[str, Any]:
        expires = datetime.fromtimestamp(lead.submitted_ms / 1000, timezone.utc) + timedelta(days=90)
        return {"module_id": "leadconduit-default.inbound", "package_version": "2.9.14",
                "step_count": sum(1 for p in lead.events if self.events[p].step >= 0),
                "expires_at": iso_z(expires),
                "acceptance_criteria": {"rule_set": {"op": "and", "rules": [
                    {"lhv": "lead.postal_code", "op": "is not blank"}]}},
                "request": {"method": "POST", "uri": f"/flows/{self.flows[lead.flow]['id']}"
                            f"/sources/{self.sources[lead.source]['id']}/submit",
                            "headers": {"Content-Type": "application/json"}},
                "response": {"status": 201, "body": {"outcome": "failure" if lead.duplicate else "success",
                                                     "lead": {"id": lead.id}}}}

    def _step_fields(self, event: Event, lead: Lead, h: Any) -> dict[str, Any]:
        kind, name, key = STEPS[event.step]
        out: dict[str, Any] = {"step_id": self.step_ids[lead.flow, event.step], "key": key}
        if kind == "filter":
            out["rule_set"] = {"op": "and", "rules": [{"lhv": "lead.state", "op": "is included in",
                                                       "rhv": sorted(STATE_NAMES)}]}
        else:
            out["module_id"] = f"leadconduit-custom.outbound.{key}"
            out["wait_ms"] = event.end_ms - event.start_ms
            out["revenue"] = 0
            # seen on live recipient events (not in the Event schema): the stored login used,
            # and the record the recipient created
            out["credential"] = {"id": self.credentials[key], "type": "user",
                                 "username": f"{key}-api", "password": f"demo-{key}-secret"}
            if event.outcome == "success":
                out["recipient_record_id"] = str(next(iter(self._record_id(key, h).values())))
        return out
