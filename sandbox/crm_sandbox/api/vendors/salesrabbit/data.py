"""SalesRabbit's data, drawn from the shared demo world.

Users are the world's sales reps, managers and canvassers (``cmsId`` = their Genius user id).
Leads are the pins reps drop at doors.  The homeowners SalesRabbit holds (``world.ids``) were
canvassed first: when the rep set the appointment the homeowner became a Genius prospect, and
the lead carries the same phone and address (SalesRabbit has no Genius id).  The other pins
never became prospects.  A planted territory reassignment gives many leads one
``dateModified`` second.  Records are plain dicts in API shape, changed in place by mutations.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from crm_sandbox.world import EPOCH, STREETS, World

#: Pins that never became prospects get ids from here (the crosswalk's leads start at 3,000,000).
PIN_BASE = 4_000_000
ORG_ID = 5001
#: Genius title id → SalesRabbit role; staff with other titles do not use SalesRabbit.
ROLES = {1: "Rep", 2: "Manager", 3: "Canvasser"}
#: Division id → the city centre its pins scatter around.
CENTRES = {1: (37.5407, -77.4360), 2: (36.8508, -76.2859), 3: (35.7796, -78.6382),
           4: (35.2271, -80.8431), 5: (39.2904, -76.6122), 6: (39.9526, -75.1652),
           7: (33.7490, -84.3880), 8: (36.1627, -86.7816)}
APPOINTMENT_SET = "Appointment Set"
PIN_STATUSES = ("Not Home", "Not Home", "Not Interested", "Come Back", "Renter", "Do Not Knock",
                "Objection - Follow Up")
CAMPAIGNS = (None, None, 101, 102, 103)
#: The planted territory reassignment: every 11th lead moved to another rep in one second.
REASSIGNED_AT = (EPOCH - timedelta(days=3)).replace(hour=2)


def stamp(at: datetime | None) -> str | None:
    """SalesRabbit's datetime spelling: whole seconds, UTC, ``+00:00``."""
    if at is None:
        return None
    return (at if at.tzinfo is timezone.utc else at.astimezone(timezone.utc)).isoformat(timespec="seconds")


def phone(digits: str | None) -> str:
    """As reps type them, ``(804) 555-0123``; ``""`` for none (SalesRabbit's empty value)."""
    if not digits:
        return ""
    d = digits[-10:]
    return f"({d[:3]}) {d[3:6]}-{d[6:]}"


class SalesRabbitData:
    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = random.Random(f"{world.seed}:salesrabbit:leads")
        self.divisions = {d.id: d for d in world.divisions}
        self.users: dict[int, dict] = {}
        self.division_of: dict[int, int] = {}
        for u in world.users:
            if u.title_id in ROLES:
                self.users[world.ids.get("salesrabbit", "user", u.id)] = self._user(u)
                self.division_of[world.ids.get("salesrabbit", "user", u.id)] = u.division_id
        self.index_users()
        self.leads: dict[int, dict] = {}
        self.next_pin = PIN_BASE + 1
        self._canvassed()
        for _ in range(2 * len(self.leads)):
            created = EPOCH - timedelta(seconds=self.rng.randrange(700 * 86_400))
            lead = self.pin(created)
            lead["dateModified"] = stamp(min(EPOCH, created + timedelta(seconds=self.rng.randrange(30 * 86_400))))
            if self.rng.random() < 0.04:  # deleted since: still listed, with deletedAt
                lead["deletedAt"] = lead["dateModified"]
        self._reassign()

    # -- users ----------------------------------------------------------------------------------
    def _user(self, u) -> dict:  # noqa: ANN001 - a world.User
        ids, div = self.world.ids, self.divisions[u.division_id]
        boss = next((m for m in self.world.users if m.division_id == u.division_id and m.title_id == 2), None)
        rng = random.Random(f"{self.world.seed}:salesrabbit:user:{u.id}")
        return {
            "id": ids.get("salesrabbit", "user", u.id), "firstName": u.first_name, "lastName": u.last_name,
            "email": u.email, "phone": phone(u.phone), "active": u.id % 9 != 0,
            "hireDate": u.created_at.date().isoformat(), "businessUnit": None, "department": "Sales",
            "role": ROLES[u.title_id], "office": div.label, "team": f"{div.label} Canvass",
            "region": "North" if div.region_id == 1 else "South", "orgId": ORG_ID,
            "supervisorId": ids.get("salesrabbit", "user", boss.id) if boss and boss.id != u.id else None,
            "recruiterId": None, "cmsId": u.id, "leadRepCmsId": None, "photo_url": None, "externalIds": [],
            "dateCreated": stamp(u.created_at),
            "dateModified": stamp(min(EPOCH, u.created_at + timedelta(days=rng.randrange(1, 400)))),
        }

    def index_users(self) -> None:
        """Users per division (call after adding or removing users)."""
        self._reps: dict[int, list[dict]] = {}
        for user_id, user in self.users.items():
            self._reps.setdefault(self.division_of[user_id], []).append(user)

    def reps_of(self, division_id: int) -> list[dict]:
        return self._reps.get(division_id) or list(self.users.values())

    # -- leads ----------------------------------------------------------------------------------
    def _lead(self, lead_id: int, division_id: int, rep: dict | None, created: datetime) -> dict:
        rng = self.rng
        rep = rep or rng.choice(self.reps_of(division_id))
        lat, lon = CENTRES[division_id]
        at = stamp(created)
        custom = {"roofAge": str(rng.randrange(2, 35)), "stories": rng.choice(("1", "2", "3")),
                  "hoa": rng.choice(("Yes", "No")), "insuranceCarrier": rng.choice(("State Farm", "USAA", ""))}
        lead = {
            "id": lead_id, "userId": rep["id"], "userName": f"{rep['firstName']} {rep['lastName']}",
            "firstName": "", "lastName": "", "businessName": "", "email": "", "phonePrimary": "",
            "phoneAlternate": "", "dateOfBirth": None,
            "address": {"street1": "", "street2": "", "city": "", "state": "", "zip": "", "country": "USA"},
            "coordinates": {"latitude": round(lat + rng.uniform(-0.08, 0.08), 8),
                            "longitude": round(lon + rng.uniform(-0.08, 0.08), 8)},
            "status": rng.choice(PIN_STATUSES), "statusModified": at, "notes": None,
            "appointment": None, "campaignId": rng.choice(CAMPAIGNS),
            "customFields": {k: v for k, v in custom.items() if rng.random() < 0.6},
            "integrationData": {}, "files": [], "dateCreated": at, "dateModified": at, "ownerModified": at,
            "deletedAt": None,
        }
        self.leads[lead_id] = lead
        return lead

    def pin(self, created: datetime, division_id: int | None = None) -> dict:
        """A door that never became a prospect: ``Ave`` addresses and exchange-999 phones, so it
        never matches a homeowner by accident."""
        rng = self.rng
        division_id = division_id or rng.choice(sorted(self.divisions))
        div = self.divisions[division_id]
        lead = self._lead(self.next_pin, division_id, None, created)
        self.next_pin += 1
        lead["address"].update(street1=f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} Ave", city=div.city,
                               state=div.state, zip=f"{div.zip_prefix}{rng.randrange(100):02d}")
        if rng.random() < 0.4:
            lead.update(firstName=rng.choice(("Pat", "Sam", "Chris", "Alex")), lastName=rng.choice(("Doe", "Roe")))
        if rng.random() < 0.3:
            lead["phonePrimary"] = phone(f"{div.area_code}999{rng.randrange(10_000):04d}")
        if rng.random() < 0.3:
            lead["notes"] = rng.choice(("Renters", "Has own roofer", "Come back Saturday", "New roof 2019"))
        return lead

    def _canvassed(self) -> None:
        """The homeowners SalesRabbit holds: knocked, then the appointment set (the prospect)."""
        w, rng = self.world, self.rng
        first_appt = {}
        for a in sorted(w.appointments, key=lambda a: (a.date, a.time, a.id)):
            first_appt.setdefault(a.prospect_id, a)
        by_genius = {u["cmsId"]: u for u in self.users.values()}
        for homeowner_id, lead_id in w.ids.table("salesrabbit", "homeowner").items():
            h = w.homeowner(homeowner_id)
            knocked = h.created_at - timedelta(minutes=rng.randrange(30, 3 * 24 * 60))
            lead = self._lead(lead_id, h.division_id, by_genius.get(h.user_id), knocked)
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

    def _reassign(self) -> None:
        for k, lead in enumerate(self.leads.values()):
            if k % 11 == 5 and lead["dateModified"] < stamp(REASSIGNED_AT):
                reps = self.reps_of(self.division_of.get(lead["userId"], 1))
                self.reassign(lead, reps[k % len(reps)], REASSIGNED_AT)

    def reassign(self, lead: dict, rep: dict, at: datetime) -> None:
        lead.update(userId=rep["id"], userName=f"{rep['firstName']} {rep['lastName']}",
                    ownerModified=stamp(at), dateModified=stamp(at))
