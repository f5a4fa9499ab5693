"""CallRail's data, drawn from the shared demo world.

Three CallRail accounts (one per sales region) each hold several companies, one per Genius
division.  Callers are the world's homeowners: a call's ``customer_phone_number`` is the
homeowner's ``phone1`` in E.164 form, so calls join to Genius prospects and HubSpot contacts.
Everything is derived from the world's seed; the records are plain dicts in API shape, and
the mutations the admin API offers change them in place.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from crm_sandbox.api.kit.instants import iso_local, iso_z
from crm_sandbox.world import EPOCH, World

# (account name, Genius division ids); every division becomes one company.
ACCOUNTS = [
    ("Demo Exteriors Mid-Atlantic", (1, 2, 5, 6)),
    ("Demo Exteriors Carolinas", (3, 4)),
    ("Demo Exteriors Southeast", (7, 8)),
]
TIME_ZONES = {"TN": "America/Chicago"}  # everything else is Eastern
#: The time zone of the demo user every API key belongs to: "The CallRail API aligns all dates to
#: the time zone specified within the account" (default ``user``), unless ``time_zone=`` is sent.
ACCOUNT_TIME_ZONE = "America/New_York"
ACCOUNT_TAGS = [("New Lead", "green1"), ("Existing Customer", "blue1"), ("Appointment Set", "purple1"),
                ("Warranty", "orange1"), ("Spam", "red1")]
# (name, type, source type, how many numbers)
TRACKERS = [("Website Pool", "session", "all", 3), ("Google My Business", "source", "google_my_business", 1),
            ("Yard Signs", "source", "offline", 1)]
CAMPAIGNS = ["Spring Roofing", "Storm Response", "Window Rebate", "Referral Program", None]
LEAD_STATUSES = ["good_lead", "not_a_lead", "previously_marked_good_lead", None, None]
NOTES = ["Wants estimate next week", "Asked about financing", "Roof leak after storm",
         "Called back, left voicemail", "Price shopping"]
SERVICES = ["Roofing", "Siding", "Windows", "Gutters", "Doors"]

#: Fields ``GET calls.json`` always returns; the rest only when asked for with ``fields=``.
DEFAULT_CALL_FIELDS = (
    "answered", "business_phone_number", "customer_city", "customer_country", "customer_name",
    "customer_phone_number", "customer_state", "direction", "duration", "id", "recording",
    "recording_duration", "recording_player", "start_time", "tracking_phone_number", "voicemail",
)
#: Fields other list endpoints return only when asked for with ``fields=`` (field selection).
OPT_IN_FIELDS = {"accounts": ("numeric_id",), "trackers": ("campaign_name", "swap_targets"),
                 "companies": ("verified_caller_ids",), "text-messages": ("lead_status", "source")}
#: User-requested call fields this emulation knows; unknown names are ignored, as CallRail does.
OPTIONAL_CALL_FIELDS = (
    "agent_email", "call_type", "campaign", "company_id", "company_name", "company_time_zone",
    "created_at", "first_call", "formatted_customer_phone_number", "lead_status", "medium", "note",
    "source", "tags", "tracker_id", "value",
)

#: List endpoint → (records key, the timestamp the date filters and default order use).
RESOURCES = {
    "companies": ("companies", "created_at"),
    "trackers": ("trackers", "created_at"),
    "calls": ("calls", "start_time"),
    "form_submissions": ("form_submissions", "submitted_at"),
    "text-messages": ("conversations", "last_message_at"),
    "tags": ("tags", "created_at"),
    "users": ("users", "created_at"),
}
DATE_FILTERED = {"calls", "form_submissions", "text-messages"}
COMPANY_NUMBER_BASE = 90_000  # the numeric company id in swap-script URLs


def rid(prefix: str, *parts: object) -> str:
    """A CallRail-style masked id: a three-letter prefix and 32 hex digits."""
    return prefix + hashlib.sha1(":".join(map(str, (prefix, *parts))).encode()).hexdigest()[:32]


def e164(digits: str) -> str:
    return "+1" + digits


def formatted(phone: str) -> str:
    d = phone[-10:]
    return f"({d[:3]}) {d[3:6]}-{d[6:]}"


#: A time "in the current timezone (ISO 8601 format) with an offset", with milliseconds.
stamp = iso_local
#: A time "in UTC (ISO 8601 format)", as the docs' examples print it: ``…T07:46:28.000Z``.
utc_stamp = iso_z


@dataclass
class Row:
    """One record: its API body plus what filtering, ordering and scoping need."""

    body: dict
    when: datetime  # UTC instant of the resource's filter timestamp
    tz: str


@dataclass
class CallRailData:
    """Every account's records, keyed ``[account_id][resource][record_id]``."""

    world: World
    accounts: dict[str, dict] = field(default_factory=dict)
    rows: dict[str, dict[str, dict[str, Row]]] = field(default_factory=dict)
    _serial: int = 0

    @classmethod
    def build(cls, world: World) -> CallRailData:
        data = cls(world)
        data._build()
        return data

    # ---- construction -------------------------------------------------------------------
    def _put(self, account_id: str, resource: str, body: dict, when: datetime, tz: str) -> dict:
        self.rows[account_id][resource][str(body["id"])] = Row(body, when, tz)
        return body

    def _build(self) -> None:
        w = self.world
        divisions = {d.id: d for d in w.divisions}
        tag_id = 4_000_000
        for n, (name, division_ids) in enumerate(ACCOUNTS, start=1):
            acc_id = rid("ACC", w.seed, n)
            self.accounts[acc_id] = {"id": acc_id, "name": name, "outbound_recording_enabled": True,
                                     "hipaa_account": False, "numeric_id": 250_000_000 + n}
            self.rows[acc_id] = {r: {} for r in RESOURCES}
            companies = [self._company(acc_id, divisions[d]) for d in division_ids]
            if n == 1:  # a closed office: disabled companies stay listed, as in CallRail
                self._company(acc_id, divisions[division_ids[0]], legacy=True)
            for label, color in ACCOUNT_TAGS:
                tag_id += 1
                self._tag(acc_id, tag_id, label, color, None, w.divisions[0].created_at)
            for company, division in companies:
                tag_id += 1
                self._tag(acc_id, tag_id, f"{division.label} Storm Damage", "yellow1", company,
                          division.created_at + timedelta(days=30))
                for k, spec in enumerate(TRACKERS):
                    self._tracker(acc_id, company, division, k, spec)
            self._users(acc_id, division_ids)
        for h in w.homeowners:
            self._activity(h)

    def _company(self, acc_id: str, division, legacy: bool = False) -> tuple[dict, object]:
        tz = TIME_ZONES.get(division.state, "America/New_York")
        created = division.created_at - timedelta(days=400 if legacy else 0)
        label = f"{division.label} (closed)" if legacy else division.label
        cid = rid("COM", self.world.seed, division.id, legacy)
        body = {
            "id": cid, "name": f"Demo Exteriors {label}",
            "status": "disabled" if legacy else "active", "time_zone": tz,
            "created_at": utc_stamp(created),
            "disabled_at": utc_stamp(created + timedelta(days=200)) if legacy else None,
            "dni_active": not legacy,
            "script_url": f"//cdn.callrail.com/companies/{COMPANY_NUMBER_BASE + division.id}/{cid[3:23]}/12/swap.js",
            "callscore_enabled": False, "lead_scoring_enabled": True,
            "swap_exclude_jquery": None, "swap_ppc_override": None, "swap_landing_override": None,
            "swap_cookie_duration": 6, "swap_cookie_duration_unit": "months",
            "callscribe_enabled": False, "keyword_spotting_enabled": False, "form_capture": True,
        }
        return self._put(acc_id, "companies", body, created, tz), division

    def _tag(self, acc_id, tag_id, name, color, company, created) -> None:
        tz = "America/New_York"
        body = {"id": tag_id, "name": name, "tag_level": "company" if company else "account",
                "color": color, "background_color": color, "company_id": company and company["id"],
                "status": "enabled", "created_at": stamp(created, tz)}
        self._put(acc_id, "tags", body, created, tz)

    def _tracker(self, acc_id, company, division, k, spec) -> None:
        name, kind, source, count = spec
        tz = company["time_zone"]
        created = division.created_at + timedelta(days=10 + 5 * k)
        main_line = e164(f"{division.area_code}5550100")
        numbers = [e164(f"{division.area_code}555{2000 + 10 * k + j:04d}") for j in range(count)]
        disabled = k == 2 and division.id % 2 == 0  # some offices stopped the yard-sign number
        body = {
            "id": rid("TRK", self.world.seed, division.id, k), "name": name, "type": kind,
            "status": "disabled" if disabled else "active", "destination_number": main_line,
            "tracking_numbers": numbers,
            "whisper_message": f"Call from {name} for {division.label}" if k else None,
            "sms_enabled": kind == "source", "sms_supported": True,
            "company": {"id": company["id"], "name": company["name"]},
            "call_flow": {"type": "basic", "recording_enabled": True, "destination_number": main_line,
                          "greeting_text": None, "greeting_recording_url": None},
            "source": {"type": source},
            "campaign_name": "Website Visitors" if kind == "session" else None,
            "swap_targets": [formatted(main_line)] if kind == "session" else None,
            "created_at": utc_stamp(created),
            "disabled_at": utc_stamp(created + timedelta(days=300)) if disabled else None,
        }
        self._put(acc_id, "trackers", body, created, tz)

    def _users(self, acc_id: str, division_ids) -> None:
        companies = self.rows[acc_id]["companies"]
        by_division = {r.body["name"]: r.body for r in companies.values()}
        roles = {6: "admin", 2: "manager", 1: "reporting"}
        for u in self.world.users:
            if u.division_id not in division_ids or u.title_id not in roles:
                continue
            label = next(d.label for d in self.world.divisions if d.id == u.division_id)
            company = by_division[f"Demo Exteriors {label}"]
            body = {"id": rid("USR", self.world.seed, u.id), "email": u.email,
                    "first_name": u.first_name, "last_name": u.last_name,
                    "name": f"{u.first_name} {u.last_name}", "role": roles[u.title_id],
                    "created_at": stamp(u.created_at, ACCOUNT_TIME_ZONE), "accepted": True,
                    "companies": [{"id": company["id"], "name": company["name"]}]}
            self._put(acc_id, "users", body, u.created_at, "America/New_York")

    def company_of_division(self, division_id: int) -> tuple[str, dict, list[dict]]:
        """(account id, active company, its trackers) serving a division."""
        label = next(d.label for d in self.world.divisions if d.id == division_id)
        for acc_id, resources in self.rows.items():
            for row in resources["companies"].values():
                if row.body["name"] == f"Demo Exteriors {label}":
                    trackers = [t.body for t in resources["trackers"].values()
                                if t.body["company"]["id"] == row.body["id"]]
                    return acc_id, row.body, trackers
        raise KeyError(division_id)

    def account_tags(self, acc_id: str) -> list[dict]:
        """The account-level tags, the ones calls get tagged with."""
        return [r.body for r in self.rows[acc_id]["tags"].values() if r.body["tag_level"] == "account"]

    def _activity(self, h) -> None:
        """Calls, a form submission and a text conversation for one homeowner."""
        rng = random.Random(f"{self.world.seed}:callrail:{h.id}")
        acc_id, company, trackers = self.company_of_division(h.division_id)
        tags = self.account_tags(acc_id)
        agents = self.world.reps_of(h.division_id)
        start = min(h.created_at - timedelta(hours=rng.randrange(1, 72)), EPOCH - timedelta(hours=1))
        for k in range(rng.choice((0, 1, 1, 1, 2, 3))):
            when = min(start + timedelta(days=k * rng.randrange(1, 20), minutes=rng.randrange(600)),
                       EPOCH - timedelta(minutes=rng.randrange(1, 600)))
            tracker = rng.choice(trackers)
            self.add_call(acc_id, company, tracker, h, when, rng, agents, tags, first=k == 0)
        if h.email and rng.random() < 0.35:
            self._form(acc_id, company, h, start - timedelta(minutes=rng.randrange(5, 300)), rng)
        if rng.random() < 0.25:
            sms = [t for t in trackers if t["sms_enabled"]] or trackers
            self.add_conversation(acc_id, company, rng.choice(sms), h, start, rng)

    # ---- records that mutations also create ---------------------------------------------
    def add_call(self, acc_id, company, tracker, h, when, rng, agents, tags, first=False,
                 serial: int | None = None) -> dict:
        tz = company["time_zone"]
        inbound = rng.random() < 0.85
        answered = rng.random() < 0.75
        voicemail = not answered and inbound and rng.random() < 0.5
        duration = rng.randrange(30, 900) if answered else rng.randrange(0, 40)
        cal_id = rid("CAL", self.world.seed, h.id, when.isoformat(), serial)
        agent = rng.choice(agents) if agents and answered else None
        recorded = answered or voicemail
        picked = rng.sample(tags, k=rng.choice((0, 0, 1, 2))) if tags else []
        status = rng.choice(LEAD_STATUSES)
        body = {
            "id": cal_id, "answered": answered, "business_phone_number": tracker["destination_number"],
            "customer_city": h.city, "customer_country": "US",
            "customer_name": f"{h.first_name} {h.last_name}", "customer_phone_number": e164(h.phone1),
            "customer_state": h.state, "direction": "inbound" if inbound else "outbound",
            "duration": duration,
            "recording": f"https://api.callrail.com/v3/a/{acc_id}/calls/{cal_id}/recording.json" if recorded else None,
            "recording_duration": str(duration) if recorded else None,  # a string, as documented
            "recording_player": f"https://app.callrail.com/calls/{cal_id}/recording?access_key={cal_id[3:23]}" if recorded else None,
            "start_time": stamp(when, ACCOUNT_TIME_ZONE),
            "tracking_phone_number": tracker["tracking_numbers"][0],
            "voicemail": voicemail,
            # user-requested fields
            "agent_email": agent.email if agent else None,
            "call_type": ("outbound" if not inbound else "voicemail" if voicemail
                          else "missed" if not answered else "first_call" if first else "inbound"),
            "campaign": rng.choice(CAMPAIGNS), "company_id": company["id"],
            "company_name": company["name"], "company_time_zone": tz,
            "created_at": stamp(when, ACCOUNT_TIME_ZONE),
            "first_call": first, "formatted_customer_phone_number": formatted(h.phone1),
            "lead_status": status, "medium": "cpc" if tracker["type"] == "session" else "direct",
            "note": rng.choice(NOTES) if rng.random() < 0.3 else None,
            "source": tracker["name"], "tags": [{"name": t["name"], "color": t["color"]} for t in picked],
            "tracker_id": tracker["id"],
            "value": rng.randrange(1, 40) * 250 if status == "good_lead" else None,  # integer
        }
        self._put(acc_id, "calls", body, when, tz)
        return body

    def _form(self, acc_id, company, h, when, rng) -> None:
        tz = company["time_zone"]
        slug = company["name"].split()[-1].lower()
        service = rng.choice(SERVICES)
        body = {
            "id": rid("FOR", self.world.seed, h.id), "company_id": company["id"],
            "person_id": self.world.ids.get("callrail", "homeowner", h.id),
            "form_data": {"name": f"{h.first_name} {h.last_name}", "email": h.email,
                          "phone": formatted(h.phone1), "service": service,
                          "message": f"Looking for a quote on {service.lower()}"},
            "form_url": f"https://www.demo-exteriors.example/{slug}/free-estimate",
            "landing_page_url": f"https://www.demo-exteriors.example/{slug}/{service.lower()}",
            "referrer": rng.choice(("google", "direct", "facebook")),
            "referring_url": rng.choice(("https://www.google.com/", None)),
            "submitted_at": utc_stamp(when), "first_form": True,
            "customer_phone_number": e164(h.phone1), "customer_name": f"{h.first_name} {h.last_name}",
            "customer_email": h.email,
            "formatted_customer_phone_number": formatted(h.phone1),
            "formatted_customer_name": f"{h.first_name} {h.last_name}",
            "source": rng.choice(("Google Organic", "Direct", "Facebook")),
            "keywords": None, "campaign": rng.choice(CAMPAIGNS),
            "medium": rng.choice(("organic", "direct", "social")),
        }
        self._put(acc_id, "form_submissions", body, when, tz)

    def add_conversation(self, acc_id, company, tracker, h, when, rng) -> dict:
        tz = company["time_zone"]
        messages = []
        t = when
        for k in range(rng.randrange(1, 5)):
            t = min(t + timedelta(minutes=rng.randrange(1, 600)), EPOCH - timedelta(minutes=1))
            messages.append({"direction": "incoming" if k % 2 == 0 else "outgoing",
                             "content": "Do you do free estimates?" if k % 2 == 0 else
                             "Yes! When is a good time to stop by?", "created_at": utc_stamp(t),
                             "type": "sms", "media_urls": []})
        number = tracker["tracking_numbers"][0]
        name = f"{h.first_name} {h.last_name}"
        body = {
            "id": rid("SCI", self.world.seed, h.id), "company_id": company["id"],
            "company_name": company["name"], "initial_tracker_id": tracker["id"],
            "current_tracker_id": tracker["id"], "tracker_name": tracker["name"],
            "customer_name": name, "customer_phone_number": e164(h.phone1),
            "initial_tracking_number": number, "current_tracking_number": number,
            "last_message_at": messages[-1]["created_at"], "state": "active",
            "source": "Google My Business" if tracker["source"]["type"] == "google_my_business" else "Direct",
            "lead_status": None,
            "company_time_zone": tz, "formatted_customer_phone_number": formatted(h.phone1),
            "formatted_initial_tracking_number": formatted(number),
            "formatted_current_tracking_number": formatted(number),
            "formatted_customer_name": name,
            # "up to two previous text messages", the most recent first
            "recent_messages": list(reversed(messages))[:2],
        }
        self._put(acc_id, "text-messages", body, t, tz)
        return body

    # ---- mutations (driven through the sandbox's admin API) ------------------------------
    def new_call(self, account_id: str, start_time: datetime | None = None,
                 homeowner_id: int | None = None, note: str | None = None) -> dict:
        """A new inbound call from an existing homeowner, by default "just now"."""
        self._serial += 1
        division_ids = dict((rid("ACC", self.world.seed, n), d) for n, (_, d) in enumerate(ACCOUNTS, 1))[account_id]
        people = [h for h in self.world.homeowners if h.division_id in division_ids]
        h = (self.world.homeowner(homeowner_id) if homeowner_id
             else people[(self._serial * 37) % len(people)])
        rng = random.Random(f"{self.world.seed}:callrail:new:{self._serial}")
        acc_id, company, trackers = self.company_of_division(h.division_id)
        tags = self.account_tags(acc_id)
        when = start_time or datetime.now(timezone.utc) - timedelta(minutes=1)
        body = self.add_call(acc_id, company, trackers[0], h, when, rng,
                             self.world.reps_of(h.division_id), tags, serial=self._serial)
        if note is not None:
            body["note"] = note
        return body

    def update_call(self, account_id: str, call_id: str, changes: dict) -> dict:
        """What ``PUT calls/{id}.json`` allows: note, lead_status, value ("$1.00" or "1.00"),
        customer_name, tags (names; ``append_tags`` adds instead of replacing).  A null or blank
        value clears the field."""
        body = self.rows[account_id]["calls"][call_id].body
        for key in ("note", "lead_status", "customer_name"):
            if key in changes:
                body[key] = changes[key] if changes[key] not in ("",) else None
        if "value" in changes:
            text = str(changes["value"] or "").replace("$", "").replace(",", "").strip()
            body["value"] = round(float(text)) if text else None
        if "tags" in changes:
            known = {r.body["name"]: r.body for r in self.rows[account_id]["tags"].values()}
            names = [t["name"] for t in body["tags"]] if changes.get("append_tags") else []
            names += [n for n in changes["tags"] or [] if n not in names]
            body["tags"] = [{"name": n, "color": known[n]["color"] if n in known else "gray1"}
                            for n in names]
        return body

    def delete_tag(self, account_id: str, tag_id: str) -> dict:
        """Removing a tag also takes it off every call that carried it."""
        body = self.rows[account_id]["tags"].pop(str(tag_id)).body
        for row in self.rows[account_id]["calls"].values():
            row.body["tags"] = [t for t in row.body["tags"] if t["name"] != body["name"]]
        return body

    def new_text_message(self, account_id: str, conversation_id: str, content: str,
                         at: datetime | None = None) -> dict:
        row = self.rows[account_id]["text-messages"][conversation_id]
        at = at or datetime.now(timezone.utc) - timedelta(minutes=1)
        row.when = at
        row.body["last_message_at"] = utc_stamp(at)
        row.body["recent_messages"] = [{"direction": "incoming", "content": content,
                                        "created_at": row.body["last_message_at"], "type": "sms",
                                        "media_urls": []}, *row.body["recent_messages"]][:2]
        return row.body
