"""The Five9 domain drawn from the world: contact fields, lists, the contact database (the
homeowners Five9 holds, keyed by their crosswalk contact id) and the call log.

Values are kept typed (str, int, Decimal, bool, date, aware datetime) and written the way Five9
writes them by ``wire``; ``typed`` gives the JSON a complete sync should load.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from crm_sandbox.world import EPOCH, SERVICES, World

#: (name, type, mapTo, displayAs, system, restrictions): Five9's default fields, then the custom
#: fields of the predecessor's account (catalog §9.2) — GUID names and display names with spaces.
FIELDS: tuple[tuple[str, str, str, str, bool, dict[str, str]], ...] = (
    ("number1", "PHONE", "None", "Long", True, {}), ("number2", "PHONE", "None", "Long", True, {}),
    ("number3", "PHONE", "None", "Long", True, {}), ("first_name", "STRING", "None", "Short", True, {}),
    ("last_name", "STRING", "None", "Short", True, {}), ("company", "STRING", "None", "Invisible", True, {}),
    ("street", "STRING", "None", "Long", True, {}), ("city", "STRING", "None", "Short", True, {}),
    ("state", "STRING", "None", "Short", True, {}), ("zip", "STRING", "None", "Short", True, {}),
    ("email", "EMAIL", "None", "Short", False, {}), ("contactID", "STRING", "None", "Invisible", False, {}),
    ("sys_created_date", "DATE_TIME", "CreatedDateTime", "Invisible", False, {}),
    ("sys_last_agent", "STRING", "LastAgent", "Invisible", False, {}),
    ("sys_last_disposition", "STRING", "LastDisposition", "Invisible", False, {}),
    ("sys_last_disposition_time", "DATE_TIME", "LastDispositionDateTime", "Invisible", False, {}),
    ("last_campaign", "STRING", "LastCampaign", "Invisible", False, {}),
    ("attempts", "STRING", "AttemptsForLastCampaign", "Invisible", False, {}),
    ("last_list", "STRING", "LastList", "Invisible", False, {}),
    ("f65d759a-2250-4b2d-89a9-60796f624f72", "PHONE", "None", "Invisible", False, {}),
    ("4f347541-7c4d-4812-9190-e8dea6c0eb49", "DATE_TIME", "None", "Invisible", False, {}),
    ("80cf8462-cc10-41b8-a68a-5898cdba1e11", "STRING", "None", "Invisible", False, {}),
    ("New Contact Field", "DATE_TIME", "LastModifiedDateTime", "Invisible", False, {}),
    ("lead_source", "STRING", "None", "Short", False, {}),
    ("DialAttempts", "NUMBER", "AttemptsForLastCampaign", "Invisible", False, {"Precision": "5", "Scale": "0"}),
    ("XCounter", "STRING", "None", "Invisible", False, {}), ("F9_list", "STRING", "None", "Invisible", False, {}),
    ("DoNotDial", "BOOLEAN", "None", "Invisible", False, {}), ("ggg", "STRING", "None", "Invisible", False, {}),
    ("lead_prioritization", "NUMBER", "None", "Invisible", False, {"Precision": "2", "Scale": "0"}),
    ("metal_count", "NUMBER", "None", "Invisible", False, {"Precision": "5", "Scale": "0"}),
    ("Last Agent Disposition", "STRING", "LastAgentDisposition", "Invisible", False, {}),
    ("Last Agent Disposition Date-Time", "DATE_TIME", "LastAgentDispositionDateTime", "Invisible", False, {}),
    ("Market", "STRING", "None", "Short", False, {}), ("Secondary Lead Source", "STRING", "None", "Short", False, {}),
    ("HubSpot_ContactID", "STRING", "None", "Invisible", False, {}), ("Result", "STRING", "None", "Invisible", False, {}),
    ("Product", "STRING", "None", "Short", False, {}),
    ("Appointment Date and Time", "DATE_TIME", "None", "Short", False, {}),
    ("Carrier", "STRING", "None", "Invisible", False, {}), ("TFUID", "STRING", "None", "Invisible", False, {}),
    ("Lead Status", "STRING", "None", "Invisible", False, {}), ("PC Work Finished", "DATE", "None", "Short", False, {}),
    ("Total Job Amount", "NUMBER", "None", "Long", False, {"Precision": "7", "Scale": "2"}),
    ("Position", "STRING", "None", "Invisible", False, {}), ("Appointment Date", "DATE", "None", "Invisible", False, {}),
)
TYPES = {name: kind for name, kind, *_ in FIELDS}
MODIFIED = "New Contact Field"  # the field mapped to LastModifiedDateTime
#: (list name, lead source, share of the contacts); one more list stays empty.
LISTS = (("Web Leads", "Web", 0.55), ("Canvass Leads", "Canvass", 0.30), ("Referral Leads", "Referral", 0.15))
EMPTY_LIST = "Callback Requests"
CALL_LOG = ("Call Log Reports", "Call Log")  # (folder, report) of the standard call log
CALL_COLUMNS = ("CALL ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT", "AGENT NAME", "DISPOSITION", "ANI",
                "CUSTOMER NAME", "DNIS", "CALL TIME", "BILL TIME (ROUNDED)", "COST", "IVR TIME", "QUEUE WAIT TIME",
                "RING TIME", "TALK TIME", "HOLD TIME", "PARK TIME", "AFTER CALL WORK TIME", "TRANSFERS",
                "CONFERENCES", "HOLDS", "ABANDONED", "RECORDINGS")
CALL_INTEGERS = {"TRANSFERS", "CONFERENCES", "HOLDS", "ABANDONED"}
DISPOSITIONS = ("No Answer", "Left Voicemail", "Not Interested", "Appointment Set", "Callback Requested",
                "Wrong Number")
REPORT_TIME = "%a, %d %b %Y %H:%M:%S"  # Five9 report timestamps, in the domain's time zone
FIRST_CALL_ID = 300_000_000


def wire(value: Any, kind: str, tz: ZoneInfo) -> str | None:
    """A contact value as Five9 writes it: ``2024-04-12 13:12:44.767`` (domain time zone)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # date → YYYY-MM-DD, Decimal keeps its scale


def typed(value: Any) -> Any:
    """A value as JSON in the warehouse's terms: instants in UTC ISO, numbers as numbers."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@dataclass
class Five9Data:
    world: World
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)  # contactID → field → value
    calls: list[dict[str, Any]] = field(default_factory=list)  # call log rows, by time
    agents: list[tuple[str, str]] = field(default_factory=list)  # (username, full name)
    _index: dict[str, list[tuple[str, str]]] | None = None  # last_list → sorted (number1, contactID)

    @classmethod
    def build(cls, world: World) -> Five9Data:
        data = cls(world, agents=[(u.email, f"{u.first_name} {u.last_name}") for u in world.users])
        held = world.ids.table("five9", "homeowner")
        first_appointment: dict[int, Any] = {}
        for a in world.appointments:
            first_appointment.setdefault(a.prospect_id, a)
        for h in world.homeowners:
            if h.id in held:
                data._add_homeowner(h, held[h.id], first_appointment.get(h.id))
        data.resort_calls()
        return data

    # -- contacts ---------------------------------------------------------------------------
    def _add_homeowner(self, h: Any, contact_id: str, appointment: Any) -> None:
        rng = random.Random(f"{self.world.seed}:five9:contact:{h.id}")
        pick = rng.random()
        list_name, source = next(((n, s) for n, s, share in self._cumulative() if pick < share), LISTS[-1][:2])
        created = h.created_at + timedelta(minutes=rng.randrange(5, 600))
        division = next(d for d in self.world.divisions if d.id == h.division_id)
        hubspot = self.world.ids.get("hubspot", "homeowner", h.id)
        contact: dict[str, Any] = {name: None for name in TYPES}
        contact.update({
            "number1": h.phone1, "number2": h.phone2, "first_name": h.first_name, "last_name": h.last_name,
            "street": h.address1, "city": h.city, "state": h.state, "zip": h.zip, "email": h.email,
            "contactID": contact_id, "sys_created_date": min(created, EPOCH), "last_list": list_name,
            "lead_source": source, "F9_list": list_name, "DoNotDial": rng.random() < 0.03,
            "lead_prioritization": rng.randrange(1, 6), "Market": division.label,
            "Secondary Lead Source": rng.choice(("Google", "Facebook", "Yard sign", None)),
            "HubSpot_ContactID": str(hubspot) if hubspot is not None else None, "Lead Status": "New",
            "f65d759a-2250-4b2d-89a9-60796f624f72": h.phone2,
            "80cf8462-cc10-41b8-a68a-5898cdba1e11": rng.choice(("Spring promo", "Storm season", None, None)),
        })
        if appointment is not None:
            contact["Product"] = SERVICES[appointment.service_id - 1]
            contact["Appointment Date"] = appointment.date
            contact["Appointment Date and Time"] = datetime.combine(
                appointment.date, appointment.time, ZoneInfo("America/New_York"))
            contact["Lead Status"] = "Appointment Set"
            if rng.random() < 0.3:  # sold: the job amount and, once installed, the finish date
                contact["Result"] = "Sold"
                contact["Total Job Amount"] = Decimal(f"{rng.randrange(5_000, 40_000)}.{rng.randrange(100):02d}")
                finished = appointment.date + timedelta(days=rng.randrange(20, 60))
                contact["PC Work Finished"] = finished if finished < EPOCH.date() else None
        if rng.random() < 0.2:
            contact["4f347541-7c4d-4812-9190-e8dea6c0eb49"] = min(created + timedelta(days=rng.randrange(1, 30)), EPOCH)
        contact[MODIFIED] = contact["sys_created_date"]
        self.contacts[contact_id] = contact
        at = contact["sys_created_date"]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            at += timedelta(hours=rng.randrange(1, 24 * 20), milliseconds=rng.randrange(1000))
            if at >= EPOCH:
                break
            self.add_call(contact_id, at, rng)

    def _cumulative(self) -> list[tuple[str, str, float]]:
        total, out = 0.0, []
        for name, source, share in LISTS:
            total += share
            out.append((name, source, total))
        return out

    def lists(self) -> list[tuple[str, int]]:
        sizes = {name: 0 for name, _, _ in LISTS}
        sizes[EMPTY_LIST] = 0
        for contact in self.contacts.values():
            if contact["last_list"] in sizes:
                sizes[contact["last_list"]] += 1
        return sorted(sizes.items())

    def changed(self) -> None:
        self._index = None

    def candidates(self, last_list: str | None, number_prefix: str | None) -> list[str]:
        """contactIDs in ``last_list`` whose number1 starts with ``number_prefix`` (index range),
        or every contact when the lookup has no ``last_list`` equality."""
        if last_list is None:
            return list(self.contacts)
        if self._index is None:
            self._index = {}
            for cid, contact in self.contacts.items():
                self._index.setdefault(contact["last_list"], []).append((contact["number1"] or "", cid))
            for rows in self._index.values():
                rows.sort()
        rows = self._index.get(last_list, [])
        if not number_prefix:
            return [cid for _, cid in rows]
        lo = bisect.bisect_left(rows, (number_prefix, ""))
        hi = bisect.bisect_left(rows, (number_prefix + "\uffff", ""))
        return [cid for _, cid in rows[lo:hi]]

    def new_contact(self, list_name: str, at: datetime) -> str:
        k = len(self.contacts) + 1
        rng = random.Random(f"{self.world.seed}:five9:new:{k}")
        division = rng.choice(self.world.divisions)
        contact_id = f"{rng.getrandbits(128):032x}"
        contact: dict[str, Any] = {name: None for name in TYPES}
        contact.update({"number1": f"{division.area_code}{rng.randrange(200, 999)}{rng.randrange(10_000):04d}",
                        "first_name": f"New{k}", "last_name": "Lead", "city": division.city,
                        "state": division.state, "contactID": contact_id, "sys_created_date": at,
                        "last_list": list_name, "F9_list": list_name, "Lead Status": "New",
                        "Market": division.label, MODIFIED: at})
        self.contacts[contact_id] = contact
        self.changed()
        return contact_id

    # -- calls ------------------------------------------------------------------------------
    def add_call(self, contact_id: str, ended: datetime, rng: random.Random) -> dict[str, Any]:
        """A call that ended (and was dispositioned) at ``ended``; it started its length before."""
        contact = self.contacts[contact_id]
        outbound = rng.random() < 0.7
        agent = rng.choice(self.agents) if rng.random() < 0.85 else None
        disposition = rng.choice(DISPOSITIONS) if agent else "No Answer"
        talk = rng.randrange(20, 900) if agent else 0
        company = f"{(contact['number1'] or '804')[:3]}5550100"
        customer = (contact["number1"], company) if not outbound else (company, contact["number1"])
        row = {
            "CALL ID": str(FIRST_CALL_ID + len(self.calls) + 1),
            "TIMESTAMP": (ended - timedelta(seconds=talk + 45)).replace(microsecond=0),
            "CAMPAIGN": "Outbound Leads" if outbound else "Inbound Sales",
            "CALL TYPE": "Outbound" if outbound else "Inbound", "AGENT": agent[0] if agent else None,
            "AGENT NAME": agent[1] if agent else None, "DISPOSITION": disposition, "ANI": customer[0],
            "CUSTOMER NAME": f"{contact['first_name']} {contact['last_name']}", "DNIS": customer[1],
            "CALL TIME": _hms(talk + 15), "BILL TIME (ROUNDED)": _hms(-(-(talk + 15) // 60) * 60),
            "COST": f"{Decimal(-(-(talk + 15) // 60)) * Decimal('0.0120'):.4f}", "IVR TIME": _hms(0 if outbound else 12),
            "QUEUE WAIT TIME": _hms(0 if outbound else rng.randrange(0, 90)), "RING TIME": _hms(rng.randrange(3, 25)),
            "TALK TIME": _hms(talk), "HOLD TIME": _hms(0), "PARK TIME": _hms(0),
            "AFTER CALL WORK TIME": _hms(rng.randrange(0, 60) if agent else 0), "TRANSFERS": 0, "CONFERENCES": 0,
            "HOLDS": 0, "ABANDONED": 0 if agent or outbound else 1, "RECORDINGS": "1" if agent else None,
        }
        self.calls.append(row)
        # The disposition lands on the contact record when the call ends, which modifies it.
        stamp = ended
        contact.update({"sys_last_disposition": disposition, "sys_last_disposition_time": stamp,
                        "last_campaign": row["CAMPAIGN"], "sys_last_agent": row["AGENT"]})
        if outbound:
            contact["attempts"] = str(int(contact["attempts"] or 0) + 1)
            contact["DialAttempts"] = int(contact["attempts"])
        if agent:
            contact["Last Agent Disposition"] = disposition
            contact["Last Agent Disposition Date-Time"] = stamp
        contact[MODIFIED] = max(contact[MODIFIED], stamp)
        return row

    def report_rows(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Calls with ``start <= TIMESTAMP <= end`` (both ends inclusive), oldest first."""
        keys = [c["TIMESTAMP"] for c in self.calls]
        return self.calls[bisect.bisect_left(keys, start):bisect.bisect_right(keys, end)]

    def resort_calls(self) -> None:
        """Keep the call log ordered by time after calls were appended."""
        self.calls.sort(key=lambda c: (c["TIMESTAMP"], c["CALL ID"]))


def report_time(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime(REPORT_TIME)
