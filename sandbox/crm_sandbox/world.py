"""One demo world shared by every emulated system.

The same homeowners, divisions and sales reps appear in Genius (the spine), HubSpot,
CallRail and the other vendors, carrying the cross-ids the real systems carry:
HubSpot ids in Genius ``third_party_source``, Genius ids in HubSpot properties, and the
homeowner's phone number on CallRail calls.  A record's id in each system comes from one map,
``world.ids`` (``crosswalk.py``), never from vendor fields here.  Everything is derived from
one seed, so two processes that build ``World(seed, scale)`` see identical data without
sharing files.

``planted`` lists the data-quality problems the world contains on purpose, so the dbt
reports can be tested for finding exactly those.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property

from crm_sandbox.crosswalk import Crosswalk

def _epoch() -> datetime:
    """The world's "now": ``CRM_SANDBOX_EPOCH`` when set, else the first day of this month.

    Timestamps hang off one instant so output is reproducible; it follows the calendar
    month because vendors keep a rolling window of data (CallRail: 25 months), and a fixed
    date would slowly age the whole demo world out of it.
    """
    if fixed := os.environ.get("CRM_SANDBOX_EPOCH"):
        return datetime.fromisoformat(fixed).astimezone(timezone.utc)
    return datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


EPOCH = _epoch()

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa "
    "Anthony Betty Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua "
    "Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie"
).split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
    "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter"
).split()
STREETS = "Oak Maple Cedar Pine Elm Walnut Chestnut Birch Willow Spruce Hickory Magnolia".split()
# (division label, abbreviation, state, city, zip prefix, area code)
DIVISIONS = [
    ("Richmond", "RIC", "VA", "Richmond", "232", "804"),
    ("Norfolk", "NOR", "VA", "Norfolk", "235", "757"),
    ("Raleigh", "RAL", "NC", "Raleigh", "276", "919"),
    ("Charlotte", "CLT", "NC", "Charlotte", "282", "704"),
    ("Baltimore", "BAL", "MD", "Baltimore", "212", "410"),
    ("Philadelphia", "PHL", "PA", "Philadelphia", "191", "215"),
    ("Atlanta", "ATL", "GA", "Atlanta", "303", "404"),
    ("Nashville", "NSH", "TN", "Nashville", "372", "615"),
]
SERVICES = ["Roofing", "Siding", "Windows", "Gutters", "Doors", "Insulation", "Solar", "Painting"]
TITLES = [("Sales Representative", "SR"), ("Sales Manager", "SM"), ("Canvasser", "CV"),
          ("Project Coordinator", "PC"), ("Installer", "IN"), ("Division Manager", "DM")]


@dataclass(frozen=True)
class Division:
    id: int
    label: str
    abbreviation: str
    group_id: int
    region_id: int
    state: str
    city: str
    zip_prefix: str
    area_code: str
    created_at: datetime


@dataclass(frozen=True)
class User:
    id: int
    division_id: int
    title_id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    created_at: datetime


@dataclass(frozen=True)
class Homeowner:
    """A Genius prospect; also a HubSpot contact and a CallRail caller."""

    id: int
    division_id: int
    user_id: int | None
    first_name: str
    last_name: str
    email: str | None
    phone1: str
    phone2: str | None
    address1: str
    city: str
    state: str
    zip: str
    year_built: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Appointment:
    """A Genius appointment; most are mirrored as HubSpot appointments (object 0-421)."""

    id: int
    prospect_id: int
    user_id: int | None
    division_id: int
    service_id: int
    date: date
    time: time
    duration_minutes: int
    is_complete: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Job:
    """A sold job (a Genius ``job``): one service of a completed appointment the homeowner
    bought.  Its install is an Arrivy task (``external_id`` = this id)."""

    id: int
    appointment_id: int
    prospect_id: int
    division_id: int
    user_id: int | None
    service_id: int
    sold_at: datetime  # the appointment's last update
    install_date: date  # 30 days after the sale
    install_time: time  # local time of day
    install_hours: int  # Genius ``contract_hours``
    cancel_date: date | None  # cancelled 5 days after the sale (10 %)


@dataclass
class Planted:
    """Data-quality problems seeded on purpose (ids refer to Genius / HubSpot records)."""

    duplicate_prospects: list[tuple[int, int]] = field(default_factory=list)
    double_booked_hubspot_appointments: list[tuple[int, int]] = field(default_factory=list)
    reps_outside_division: list[int] = field(default_factory=list)  # Genius appointment ids
    contacts_in_several_divisions: list[int] = field(default_factory=list)  # HubSpot contact ids


class World:
    """Deterministic demo data.  ``scale=1.0`` gives ~2,000 homeowners."""

    def __init__(self, seed: int = 42, scale: float = 1.0) -> None:
        self.seed = seed
        self.scale = scale
        self._planted = Planted()
        #: (original, copy) homeowner ids of the planted near-duplicates.
        self.duplicate_pairs: list[tuple[int, int]] = []
        self._double_booked: list[tuple[int, int]] = []  # appointment ids
        self._several_divisions: list[int] = []  # homeowner ids

    @cached_property
    def ids(self) -> Crosswalk:
        """Each record's id in each system (see ``crosswalk.py``)."""
        return Crosswalk(self)

    @property
    def planted(self) -> Planted:
        # Building the appointments and the division links is what plants the problems; the
        # reports see them with the ids of the system they look at.
        _ = self.appointments, self.homeowner_divisions
        hub = self.ids
        self._planted.duplicate_prospects = list(self.duplicate_pairs)
        self._planted.double_booked_hubspot_appointments = [
            (hub.get("hubspot", "appointment", a), hub.get("hubspot", "appointment", b))
            for a, b in self._double_booked]
        self._planted.contacts_in_several_divisions = [
            hub.get("hubspot", "homeowner", h) for h in self._several_divisions]
        return self._planted

    def _rng(self, part: str) -> random.Random:
        # One generator per part: adding a field to one part never reshuffles another.
        return random.Random(f"{self.seed}:{part}")

    def _instant(self, rng: random.Random, days_back: int = 720) -> datetime:
        return EPOCH - timedelta(seconds=rng.randrange(days_back * 86_400))

    @cached_property
    def divisions(self) -> list[Division]:
        rng = self._rng("divisions")
        return [
            Division(
                id=i, label=label, abbreviation=abbr, group_id=1 + (i - 1) // 3,
                region_id=1 + (i - 1) % 2, state=state, city=city, zip_prefix=zp,
                area_code=ac,
                created_at=self._instant(rng, 2000),
            )
            for i, (label, abbr, state, city, zp, ac) in enumerate(DIVISIONS, start=1)
        ]

    @cached_property
    def users(self) -> list[User]:
        rng = self._rng("users")
        users = []
        for i in range(1, max(len(DIVISIONS) * 3, int(60 * self.scale)) + 1):
            div = self.divisions[(i - 1) % len(self.divisions)]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            users.append(User(
                id=1000 + i, division_id=div.id, title_id=1 + (i % len(TITLES)),
                first_name=first, last_name=last,
                email=f"{first}.{last}.{i}@demo-exteriors.example".lower(),
                phone=f"{div.area_code}555{i:04d}",
                created_at=self._instant(rng, 1500),
            ))
        return users

    def reps_of(self, division_id: int) -> list[User]:
        return [u for u in self.users if u.division_id == division_id and u.title_id in (1, 2)]

    @cached_property
    def homeowners(self) -> list[Homeowner]:
        rng = self._rng("homeowners")
        people: list[Homeowner] = []
        n = max(20, int(2000 * self.scale))
        for i in range(1, n + 1):
            div = rng.choice(self.divisions)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            created = self._instant(rng)
            reps = self.reps_of(div.id)
            people.append(Homeowner(
                id=10_000 + i, division_id=div.id,
                user_id=rng.choice(reps).id if reps and rng.random() < 0.9 else None,
                first_name=first, last_name=last,
                email=f"{first}.{last}{i}@mail.example".lower() if rng.random() < 0.85 else None,
                phone1=f"{div.area_code}{rng.randrange(200, 999)}{rng.randrange(10_000):04d}",
                phone2=None if rng.random() < 0.7 else f"{div.area_code}{rng.randrange(2_000_000, 9_999_999)}",
                address1=f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} St",
                city=div.city, state=div.state, zip=f"{div.zip_prefix}{rng.randrange(100):02d}",
                year_built=rng.randrange(1940, 2024) if rng.random() < 0.8 else None,
                created_at=created,
                updated_at=min(EPOCH, created + timedelta(seconds=rng.randrange(90 * 86_400))),
            ))
        # Planted near-duplicates: a re-keyed copy with a typo in the first name and the
        # same phone/zip.  Every 97th homeowner gets one.
        for original in people[::97][: max(3, n // 97)]:
            i = len(people) + 1
            typo = original.first_name[:-1] + ("y" if original.first_name[-1] != "y" else "i")
            dup = Homeowner(**{**original.__dict__, "id": 10_000 + i, "first_name": typo,
                               "created_at": original.created_at + timedelta(days=3),
                               "updated_at": original.updated_at + timedelta(days=3)})
            people.append(dup)
            self.duplicate_pairs.append((original.id, dup.id))
        return people

    @cached_property
    def appointments(self) -> list[Appointment]:
        rng = self._rng("appointments")
        appts: list[Appointment] = []
        for h in self.homeowners:
            booked: set[datetime] = set()
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                reps = self.reps_of(h.division_id)
                created = h.created_at + timedelta(hours=rng.randrange(1, 24 * 30))
                start = (created + timedelta(days=rng.randrange(1, 21))).replace(
                    hour=rng.choice((9, 11, 13, 15, 17)), minute=0, second=0, microsecond=0)
                while start in booked:  # only planted double bookings may share a slot
                    start += timedelta(days=1)
                booked.add(start)
                appts.append(Appointment(
                    id=200_000 + len(appts) + 1, prospect_id=h.id,
                    user_id=rng.choice(reps).id if reps else None, division_id=h.division_id,
                    service_id=rng.randrange(1, len(SERVICES) + 1), date=start.date(),
                    time=start.time(), duration_minutes=rng.choice((60, 90, 120)),
                    is_complete=start < EPOCH - timedelta(days=2),
                    created_at=min(created, EPOCH), updated_at=min(start + timedelta(hours=3), EPOCH),
                ))
        # Planted: a rep from another division (every 53rd appointment), and a double
        # booking (same contact, same date and time) for every 71st appointment.
        for k, a in enumerate(appts):
            if k % 53 == 7:
                foreign = [u for u in self.users if u.division_id != a.division_id and u.title_id in (1, 2)]
                appts[k] = Appointment(**{**a.__dict__, "user_id": foreign[k % len(foreign)].id})
                self._planted.reps_outside_division.append(a.id)
        in_hubspot = self.ids.table("hubspot", "homeowner")  # the planted twins are HubSpot's
        for k in range(11, len(appts), 71):
            a = appts[k]
            if a.prospect_id not in in_hubspot:
                continue
            twin = Appointment(**{**a.__dict__, "id": 200_000 + len(appts) + 1})
            appts.append(twin)
            if a.id in self._planted.reps_outside_division:
                self._planted.reps_outside_division.append(twin.id)
            self._double_booked.append((a.id, twin.id))
        return appts

    @cached_property
    def homeowner_divisions(self) -> list[tuple[int, int]]:
        """(homeowner id, division id) links in the CRM that allows several (HubSpot): each
        homeowner's own division, plus a second one for every 37th homeowner HubSpot holds
        (planted: ``planted.contacts_in_several_divisions``)."""
        links: list[tuple[int, int]] = []
        in_hubspot = self.ids.table("hubspot", "homeowner")
        for k, h in enumerate(h for h in self.homeowners if h.id in in_hubspot):
            links.append((h.id, h.division_id))
            if k % 37 == 5:
                others = [d for d in self.divisions if d.id != h.division_id]
                links.append((h.id, others[k % len(others)].id))
                self._several_divisions.append(h.id)
        return links

    def appointment_services(self, appointment: Appointment) -> list[int]:
        """The services an appointment quoted: its own, and a second one every third."""
        extra = [1 + appointment.service_id % len(SERVICES)] if appointment.id % 3 == 0 else []
        return [appointment.service_id, *extra]

    @cached_property
    def quoted_appointments(self) -> frozenset[int]:
        """Completed appointments that ended with a quote (Genius outcome Sold or Not Sold)."""
        return self._sales[0]

    @cached_property
    def jobs(self) -> list[Job]:
        """Sold jobs: each quoted service sold with probability 0.45 (Genius, Arrivy)."""
        return self._sales[1]

    @cached_property
    def _sales(self) -> tuple[frozenset[int], list[Job]]:
        rng = self._rng("jobs")
        quoted: set[int] = set()
        jobs: list[Job] = []
        for a in self.appointments:
            if not a.is_complete or rng.random() >= 0.5:
                continue
            quoted.add(a.id)
            for service_id in self.appointment_services(a):
                if rng.random() >= 0.45:
                    continue
                cancelled = rng.random() < 0.1
                jobs.append(Job(
                    id=400_000 + len(jobs) + 1, appointment_id=a.id, prospect_id=a.prospect_id,
                    division_id=a.division_id, user_id=a.user_id, service_id=service_id,
                    sold_at=a.updated_at, install_date=(a.updated_at + timedelta(days=30)).date(),
                    install_time=time(7, 0), install_hours=rng.randrange(8, 80),
                    cancel_date=(a.updated_at + timedelta(days=5)).date() if cancelled else None,
                ))
        return frozenset(quoted), jobs

    def homeowner(self, prospect_id: int) -> Homeowner:
        return self._homeowners_by_id[prospect_id]

    @cached_property
    def _homeowners_by_id(self) -> dict[int, Homeowner]:
        return {h.id: h for h in self.homeowners}
