"""SalesRabbit's data, drawn from the shared demo world.

Users are the world's sales reps, managers and canvassers (``cmsId`` = their Genius user id).
Leads are the pins reps drop at doors: about a third of the world's homeowners were canvassed
first, and when the rep set the appointment the homeowner became a Genius prospect — the lead
carries the same phone and address (SalesRabbit has no Genius id).  The other pins never
became prospects.  A planted territory reassignment gives many leads one ``dateModified``
second.  Everything derives from the world's seed; records are plain dicts in API shape.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from crm_sandbox.world import EPOCH, STREETS, World

USER_BASE = 911_700_000
LEAD_BASE = 3_000_000
ORG_ID = 5001
#: Genius title id → SalesRabbit role; other titles never use SalesRabbit.
ROLES = {1: "Rep", 2: "Manager", 3: "Canvasser"}
#: Where each division's pins are (division id → latitude, longitude of the city centre).
CENTRES = {1: (37.5407, -77.4360), 2: (36.8508, -76.2859), 3: (35.7796, -78.6382),
           4: (35.2271, -80.8431), 5: (39.2904, -76.6122), 6: (39.9526, -75.1652),
           7: (33.7490, -84.3880), 8: (36.1627, -86.7816)}
APPOINTMENT_SET = "Appointment Set"
PIN_STATUSES = ("Not Home", "Not Home", "Not Interested", "Come Back", "Renter", "Do Not Knock",
                "Objection - Follow Up")
CAMPAIGNS = (None, None, 101, 102, 103)
#: The planted territory reassignment: every 11th lead moved to another rep at one second.
REASSIGNED_AT = (EPOCH - timedelta(days=3)).replace(hour=2)
CONVERTED_SHARE = 0.35


def stamp(at: datetime | None) -> str | None:
    """SalesRabbit's datetime spelling: whole seconds, UTC, ``+00:00``."""
    return None if at is None else at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


def phone(digits: str | None) -> str:
    """As reps type them, ``(804) 555-0123``; SalesRabbit sends ``""`` for none."""
    if not digits:
        return ""
    d = digits[-10:]
    return f"({d[:3]}) {d[3:6]}-{d[6:]}"


def custom_fields(rng: random.Random) -> dict:
    fields = {"roofAge": str(rng.randrange(2, 35)), "stories": rng.choice(("1", "2", "3")),
              "hoa": rng.choice(("Yes", "No")), "insuranceCarrier": rng.choice(("State Farm", "USAA", ""))}
    return {k: v for k, v in fields.items() if rng.random() < 0.6}


def users(world: World) -> list[dict]:
    by_division = {d.id: d for d in world.divisions}
    managers = {u.division_id: u for u in world.users if u.title_id == 2}
    rng = random.Random(f"{world.seed}:salesrabbit:users")
    out = []
    for u in world.users:
        if u.title_id not in ROLES:
            continue
        div = by_division[u.division_id]
        boss = managers.get(u.division_id)
        modified = min(EPOCH, u.created_at + timedelta(days=rng.randrange(1, 400)))
        out.append({
            "id": USER_BASE + u.id, "firstName": u.first_name, "lastName": u.last_name,
            "email": u.email, "phone": phone(u.phone), "active": u.id % 9 != 0,
            "hireDate": u.created_at.date().isoformat(), "businessUnit": None, "department": "Sales",
            "role": ROLES[u.title_id], "office": div.label, "team": f"{div.label} Canvass",
            "region": "North" if div.region_id == 1 else "South", "orgId": ORG_ID,
            "supervisorId": USER_BASE + boss.id if boss and boss.id != u.id else None,
            "recruiterId": None, "cmsId": u.id, "leadRepCmsId": None, "photo_url": None,
            "externalIds": [], "dateCreated": stamp(u.created_at), "dateModified": stamp(modified),
        })
    return out


class LeadMaker:
    """Builds lead records; also used by mutations to add pins later."""

    def __init__(self, world: World, users_: list[dict]) -> None:
        self.world = world
        self.divisions = {d.id: d for d in world.divisions}
        division_of = {u.id: u.division_id for u in world.users}
        self.division_of_rep = {u["id"]: division_of[u["cmsId"]] for u in users_}
        self.reps: dict[int, list[dict]] = {}
        for u in users_:
            self.reps.setdefault(self.division_of_rep[u["id"]], []).append(u)
        self.everyone = users_
        self.by_genius_id = {u["cmsId"]: u for u in users_}

    def reps_of(self, division_id: int) -> list[dict]:
        return self.reps.get(division_id) or self.everyone

    def base(self, rng: random.Random, lead_id: int, division_id: int, rep: dict | None,
             created: datetime) -> dict:
        rep = rep or rng.choice(self.reps_of(division_id))
        lat, lon = CENTRES[division_id]
        return {
            "id": lead_id, "userId": rep["id"], "userName": f"{rep['firstName']} {rep['lastName']}",
            "firstName": "", "lastName": "", "businessName": "", "email": "", "phonePrimary": "",
            "phoneAlternate": "", "dateOfBirth": None,
            "address": {"street1": "", "street2": "", "city": "", "state": "", "zip": "", "country": "USA"},
            "coordinates": {"latitude": round(lat + rng.uniform(-0.08, 0.08), 8),
                            "longitude": round(lon + rng.uniform(-0.08, 0.08), 8)},
            "status": rng.choice(PIN_STATUSES), "statusModified": stamp(created), "notes": None,
            "appointment": None, "campaignId": rng.choice(CAMPAIGNS), "customFields": custom_fields(rng),
            "integrationData": {}, "files": [], "dateCreated": stamp(created), "dateModified": stamp(created),
            "ownerModified": stamp(created), "deletedAt": None,
        }

    def pin(self, rng: random.Random, lead_id: int, created: datetime, division_id: int | None = None) -> dict:
        """A door that never became a prospect: ``Ave`` addresses, exchange 999 phones, so they
        never match a homeowner by accident."""
        division_id = division_id or rng.choice(list(self.divisions))
        div = self.divisions[division_id]
        lead = self.base(rng, lead_id, division_id, None, created)
        lead["address"].update(street1=f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} Ave", city=div.city,
                               state=div.state, zip=f"{div.zip_prefix}{rng.randrange(100):02d}")
        if rng.random() < 0.4:
            lead.update(firstName=rng.choice(("Pat", "Sam", "Chris", "Alex")), lastName=rng.choice(("Doe", "Roe")))
        if rng.random() < 0.3:
            lead["phonePrimary"] = phone(f"{div.area_code}999{rng.randrange(10_000):04d}")
        if rng.random() < 0.3:
            lead["notes"] = rng.choice(("Renters", "Has own roofer", "Come back Saturday", "New roof 2019"))
        return lead

    def all(self) -> list[dict]:
        w, rng = self.world, random.Random(f"{self.world.seed}:salesrabbit:leads")
        first_appt = {}
        for a in sorted(w.appointments, key=lambda a: (a.date, a.time, a.id)):
            first_appt.setdefault(a.prospect_id, a)
        leads: list[dict] = []
        for h in w.homeowners:
            if rng.random() >= CONVERTED_SHARE:
                continue
            knocked = h.created_at - timedelta(minutes=rng.randrange(30, 3 * 24 * 60))
            lead = self.base(rng, LEAD_BASE + len(leads) + 1, h.division_id, self.by_genius_id.get(h.user_id),
                             knocked)
            appt = first_appt.get(h.id)
            lead.update({
                "firstName": h.first_name, "lastName": h.last_name, "email": h.email or "",
                "phonePrimary": phone(h.phone1), "phoneAlternate": phone(h.phone2),
                "status": APPOINTMENT_SET, "statusModified": stamp(h.created_at),
                "dateModified": stamp(h.created_at + timedelta(seconds=rng.randrange(600))),
                "appointment": stamp(datetime.combine(appt.date, appt.time, timezone.utc)) if appt else None,
                "dateOfBirth": f"{rng.randrange(1940, 2000)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
                if rng.random() < 0.2 else None,
            })
            lead["address"].update(street1=h.address1, city=h.city, state=h.state, zip=h.zip)
            leads.append(lead)
        for _ in range(2 * len(leads)):
            created = EPOCH - timedelta(seconds=rng.randrange(700 * 86_400))
            lead = self.pin(rng, LEAD_BASE + len(leads) + 1, created)
            touched = min(EPOCH, created + timedelta(seconds=rng.randrange(30 * 86_400)))
            lead["dateModified"] = stamp(touched)
            if rng.random() < 0.04:  # deleted since: still listed, with deletedAt
                lead["deletedAt"] = lead["dateModified"]
            leads.append(lead)
        for k, lead in enumerate(leads):  # the planted reassignment, all in one second
            if k % 11 == 5 and parse_stamp(lead["dateModified"]) < REASSIGNED_AT:
                reps = self.reps_of(self.division_of_rep[lead["userId"]])
                rep = reps[k % len(reps)]
                lead.update(userId=rep["id"], userName=f"{rep['firstName']} {rep['lastName']}",
                            ownerModified=stamp(REASSIGNED_AT), dateModified=stamp(REASSIGNED_AT))
        return leads
