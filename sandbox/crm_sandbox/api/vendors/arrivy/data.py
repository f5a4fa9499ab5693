"""Arrivy's data, drawn from the shared demo world.

One Arrivy group per Genius division; entities are the world's installers and project
coordinators (``external_id`` = Genius user id) plus one install crew per division. Every
Genius job becomes an install task (``external_id`` = the Genius job id, the customer's name,
phone and address from the homeowner): installs due in the next days are still *unscheduled*,
cancelled jobs carry a CANCELLED status, past installs their crew's ENROUTE → STARTED → COMPLETE
history (some with notes); every 7th finished job has a later service visit; every 11th task was
typed in by hand (no ``external_id``: only the phone and the date tie it to its job).

Records are plain dicts in API shape (datetimes in UTC without an offset, plus the
``*_original_iso_str`` strings in the division's zone, as Arrivy documents them). Every change a
mutation makes moves the task's ``updated``; that includes reporting, editing and deleting one of
its statuses (CONTRACT.md).
"""

from __future__ import annotations

import base64
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from crm_sandbox.world import EPOCH, SERVICES, Job, World

OWNER = 5_629_499_534_213_120  # the account (the docs' example owner)
# Id ranges per object (16 digits, below 2**53, as Arrivy's datastore ids are).
ENTITY_BASE, BOOKING_BASE = 5_100_000_000_000_000, 4_900_000_000_000_000  # groups: world.ids
TASK_BASE, STATUS_BASE, DEFINITION_BASE = 5_300_000_000_000_000, 6_100_000_000_000_000, 4_500_000_000_000_000
CUSTOMER_BASE, TEMPLATE_INSTALL, TEMPLATE_SERVICE = 5_665_000_000_000_000, 5_629_499_534_300_001, 5_629_499_534_300_002
TIME_ZONES = {"TN": "America/Chicago"}  # every other division is Eastern
#: The status types Arrivy documents, with the titles its UI shows.
STATUS_TITLES = {
    "NOTSTARTED": "Not Started", "ENROUTE": "On Our Way", "STARTED": "Started", "COMPLETE": "Complete",
    "EXCEPTION": "Exception", "CANCELLED": "Cancelled", "PREPARING": "Preparing", "CONFIRMED": "Confirmed",
    "CUSTOM": "Note", "RECOMMENDED": "Recommended", "RESCHEDULED": "Rescheduled",
    "CUSTOMER_EXCEPTION": "Customer Exception", "ORDER": "Order", "READYFORPICKUP": "Ready for Pickup",
}
CUSTOM_STATUSES = [("Waiting on materials", True), ("Permit pending", True), ("HOA review", False)]
NOTES = ["Customer asked to keep the gate closed", "Extra flashing needed on the north side",
         "Old gutters hauled away", "Homeowner not home, left door hanger"]
BOOKING_PAGES = [("Free Roof Inspection", 60), ("Gutter Cleaning", 90)]
UNSCHEDULED_WITHIN = timedelta(days=10)  # installs due later than this are not on the calendar yet


def utc(instant: datetime) -> str:
    """A datetime as Arrivy returns it: converted to UTC, no offset."""
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def local(instant: datetime, tz: str) -> str:
    """The ``*_original_iso_str`` form: the instant in the zone it was scheduled in."""
    return instant.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds")


def url_safe_id(kind: str, record_id: int) -> str:
    return base64.urlsafe_b64encode(f"arrivy:{kind}:{record_id}".encode()).decode().rstrip("=")


def phone(digits: str | None) -> str:
    return f"({digits[-10:-7]}) {digits[-7:-4]}-{digits[-4:]}" if digits else ""


class ArrivyData:
    """Every record, keyed by id; ``history[task_id]`` is the task's status list, oldest first."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.groups: dict[int, dict] = {}
        self.entities: dict[int, dict] = {}
        self.tasks: dict[int, dict] = {}
        self.history: dict[int, list[dict]] = {}
        self.bookings: dict[int, dict] = {}
        self.statuses: dict[int, dict] = {}
        self.zone: dict[int, str] = {}  # task id → the zone its schedule is written in
        self._serial = {"task": 0, "status": 0}
        self._build()

    # ---- construction -------------------------------------------------------------------
    def _build(self) -> None:
        w = self.world
        self.division_zone = {d.id: TIME_ZONES.get(d.state, "America/New_York") for d in w.divisions}
        self.group_of = w.ids.table("arrivy", "division")
        for d in w.divisions:
            self._group(d)
        self.crew_of, self.installers_of, self.coordinator_of = {}, {}, {}
        for u in w.users:
            if u.title_id in (4, 5):  # Project Coordinator, Installer
                self._entity_from_user(u)
        for d in w.divisions:
            self._crew(d)
        for k, (title, minutes) in enumerate(BOOKING_PAGES):
            for d in w.divisions:
                self._booking(d, k, title, minutes)
        self._definitions()
        for n, job in enumerate(w.jobs):
            task = self._install_task(job, manual=n % 11 == 10)
            if n % 7 == 3 and task["status"] == "COMPLETE":
                self._service_visit(job, task)

    def _group(self, d) -> None:  # noqa: ANN001
        gid = self.group_of[d.id]
        self.groups[gid] = {
            "id": gid, "owner": OWNER, "url_safe_id": url_safe_id("Group", gid),
            "name": f"Demo Exteriors {d.label}", "description": f"{d.label} branch ({d.abbreviation})",
            "email": f"{d.abbreviation.lower()}@demo-exteriors.example", "phone": phone(f"{d.area_code}5550100"),
            "mobile_number": "", "emergency": phone(f"{d.area_code}5550199"), "extra_fields": None,
            "address_line_1": "100 Main St", "address_line_2": "", "city": d.city, "state": d.state,
            "country": "USA", "zipcode": f"{d.zip_prefix}01", "timezone": self.division_zone[d.id],
            "image_id": None, "image_path": None, "created": utc(d.created_at), "updated": utc(d.created_at),
        }

    def _entity(self, eid: int, name: str, kind: str, permission: str, group_id: int, created: datetime,
                **extra) -> dict:
        self.entities[eid] = {
            "id": eid, "owner": OWNER, "name": name, "type": kind, "permission": permission,
            "group_id": group_id, "url_safe_id": url_safe_id("Entity", eid), "details": None,
            "extra_fields": None, "image_id": None, "image_path": None, "is_active": True,
            "created": utc(created), "updated": utc(created), **extra,
        }
        return self.entities[eid]

    def _entity_from_user(self, u) -> None:  # noqa: ANN001
        installer = u.title_id == 5
        e = self._entity(ENTITY_BASE + u.id, f"{u.first_name} {u.last_name}",
                         "Installer" if installer else "Project Coordinator",
                         "FIELDCREW" if installer else "SCHEDULER", self.group_of[u.division_id],
                         u.created_at, email=u.email, phone=phone(u.phone), external_id=str(u.id))
        if installer:
            self.installers_of.setdefault(u.division_id, []).append(e["id"])
        else:
            self.coordinator_of.setdefault(u.division_id, e["id"])

    def _crew(self, d) -> None:  # noqa: ANN001
        e = self._entity(ENTITY_BASE + 900 + d.id, f"{d.label} Install Crew", "Crew", "FIELDCREW",
                         self.group_of[d.id], d.created_at + timedelta(days=20),
                         extra_fields={"crew_size": 2 + d.id % 3}, external_id=None)
        self.crew_of[d.id] = e["id"]

    def _booking(self, d, k: int, title: str, minutes: int) -> None:  # noqa: ANN001
        bid = BOOKING_BASE + 100 * k + d.id
        created = d.created_at + timedelta(days=60 + 7 * k)
        self.bookings[bid] = {
            "id": bid, "owner": OWNER, "url_safe_id": url_safe_id("Booking", bid), "title": title,
            "description": f"{title} with the {d.label} team", "group_id": self.group_of[d.id],
            "template_id": TEMPLATE_SERVICE, "entity_ids": [self.crew_of[d.id]],
            "duration_estimate": minutes, "timezone": self.division_zone[d.id], "status": "ACTIVE",
            "is_recurring": False, "is_all_day": False, "extra_fields": {},
            "created": utc(created), "updated": utc(created + timedelta(days=k * 30)),
        }

    def _definitions(self) -> None:
        # Built-in types are system rows without timestamps; the account's own have them.
        for n, (kind, title) in enumerate(STATUS_TITLES.items(), start=1):
            self.statuses[DEFINITION_BASE + n] = {
                "id": DEFINITION_BASE + n, "name": kind, "title": title, "type": kind, "type_id": n,
                "description": None, "is_active": True, "order": n, "visible_to_customer": kind != "CUSTOM",
                "require_signature": kind == "COMPLETE", "require_rating": kind == "COMPLETE",
                "color": f"#{(n * 0x1F3A5B) % 0xFFFFFF:06x}",
            }
        base = self.world.divisions[0].created_at
        for n, (title, active) in enumerate(CUSTOM_STATUSES, start=101):
            self.statuses[DEFINITION_BASE + n] = {
                "id": DEFINITION_BASE + n, "name": title.upper().replace(" ", "_"), "title": title,
                "type": "CUSTOM", "type_id": len(STATUS_TITLES) + n, "description": f"{title} (custom)",
                "is_active": active, "order": n, "visible_to_customer": False, "require_signature": False,
                "require_rating": False, "color": "#888888", "created": utc(base + timedelta(days=n)),
                "updated": utc(base + timedelta(days=n + 40)),
            }

    # ---- tasks ----------------------------------------------------------------------------
    def _next(self, kind: str) -> int:
        self._serial[kind] += 1
        return (TASK_BASE if kind == "task" else STATUS_BASE) + self._serial[kind]

    def new_task(self, *, division_id: int, homeowner_id: int, title: str, created: datetime,
                 start: datetime | None, minutes: int, job_id: int | None, template: int) -> dict:
        """A task for a homeowner, on the calendar (``start``) or unscheduled (``None``)."""
        h, tid, tz = self.world.homeowner(homeowner_id), self._next("task"), self.division_zone[division_id]
        crew = [self.crew_of[division_id], *self.installers_of.get(division_id, [])[:1]]
        self.zone[tid] = tz
        task = {
            "id": tid, "owner": OWNER, "url_safe_id": url_safe_id("Task", tid), "title": title,
            "details": None, "template": template,
            "template_type": "Install" if template == TEMPLATE_INSTALL else "Service Visit",
            "external_id": None if job_id is None else str(job_id),
            "external_type": None if job_id is None else "genius_job",
            "source": "web" if job_id is None else "genius", "group_id": self.group_of[division_id],
            "entity_ids": crew, "resource_ids": [], "customer_id": CUSTOMER_BASE + h.id,
            "customer_name": f"{h.first_name} {h.last_name}", "customer_first_name": h.first_name,
            "customer_last_name": h.last_name, "customer_email": h.email or "",
            "customer_company_name": "", "customer_mobile_number": phone(h.phone1),
            "customer_phone": phone(h.phone2), "customer_address_line_1": h.address1,
            "customer_address_line_2": "", "customer_city": h.city, "customer_state": h.state,
            "customer_country": "USA", "customer_zipcode": h.zip, "customer_notes": None,
            "customer_exact_location": None, "notifications": {"sms": True, "email": bool(h.email)},
            "extra_fields": {}, "additional_addresses": [], "items": [], "duration": minutes,
            "enable_time_window_display": False, "time_window_start": None,
            "created_by": self.coordinator_of.get(division_id, OWNER), "created": utc(created),
            "updated": utc(created), "status": "NOTSTARTED", "status_title": STATUS_TITLES["NOTSTARTED"],
        }
        self.tasks[tid] = task
        self.history[tid] = []
        self.set_schedule(task, start)
        return task

    def set_schedule(self, task: dict, start: datetime | None) -> None:
        """Put a task on the calendar at ``start`` (UTC instant), or make it unscheduled."""
        tz, end = self.zone[task["id"]], start and start + timedelta(minutes=task["duration"])
        task["unscheduled"] = start is None
        for name, instant in (("start_datetime", start), ("end_datetime", end)):
            task[name] = instant and utc(instant)
            task[f"{name}_original_iso_str"] = instant and local(instant, tz)

    def _install_task(self, job: Job, manual: bool) -> dict:
        tz = self.division_zone[job.division_id]
        start = datetime.combine(job.install_date, job.install_time, ZoneInfo(tz))
        # Installs not yet booked with the customer: far out, or (every other job) still open.
        scheduled = start < EPOCH or (start < EPOCH + UNSCHEDULED_WITHIN and job.id % 2 == 0)
        h = self.world.homeowner(job.prospect_id)
        task = self.new_task(division_id=job.division_id, homeowner_id=h.id, created=job.sold_at + timedelta(days=1),
                             title=f"{SERVICES[job.service_id - 1]} install - {h.last_name}",
                             start=start if scheduled else None, minutes=min(job.install_hours, 10) * 60,
                             job_id=None if manual else job.id, template=TEMPLATE_INSTALL)
        task["details"] = f"Contract C-{job.id}"  # Genius's contract number
        if job.cancel_date:
            at = datetime.combine(job.cancel_date, time(10), ZoneInfo(tz))
            self.add_status(task["id"], "CANCELLED", at, source="web", reporter=task["created_by"])
        elif scheduled and start < EPOCH:
            self._worked(task, start, note=task["id"] % 5 == 0)
        elif scheduled and task["id"] % 2 == 0:
            self.add_status(task["id"], "CONFIRMED", min(start - timedelta(days=3), EPOCH), source="sms")
        return task

    def _service_visit(self, job: Job, install: dict) -> None:
        tz = self.zone[install["id"]]
        start = (_parse_utc(install["start_datetime"]) + timedelta(days=45)).astimezone(ZoneInfo(tz))
        start = start.replace(hour=13, minute=0)
        task = self.new_task(division_id=job.division_id, homeowner_id=job.prospect_id,
                             title=f"Service visit - {install['customer_last_name']}",
                             created=_parse_utc(install["start_datetime"]) + timedelta(days=30),
                             start=start, minutes=90, job_id=job.id, template=TEMPLATE_SERVICE)
        if start < EPOCH:
            self._worked(task, start, note=True)

    def _worked(self, task: dict, start: datetime, note: bool) -> None:
        crew = task["entity_ids"][-1]
        end = start + timedelta(minutes=task["duration"])
        self.add_status(task["id"], "ENROUTE", start - timedelta(minutes=30), reporter=crew)
        self.add_status(task["id"], "STARTED", start, reporter=crew)
        if note:
            self.add_status(task["id"], "CUSTOM", end - timedelta(hours=1), reporter=crew,
                            notes=NOTES[task["id"] % len(NOTES)])
        self.add_status(task["id"], "COMPLETE", end, reporter=crew)

    # ---- statuses -------------------------------------------------------------------------
    def add_status(self, task_id: int, kind: str, at: datetime, *, reporter: int | None = None,
                   source: str = "app", notes: str | None = None, touched: datetime | None = None) -> dict:
        """Report a status on a task; the task's current status and ``updated`` follow."""
        name = self.entities[reporter]["name"] if reporter in self.entities else (
            self.tasks[task_id]["customer_name"] if reporter is None else "Office")
        status = {
            "id": self._next("status"), "type": kind, "title": STATUS_TITLES.get(kind, kind),
            "time": utc(at), "time_original_iso_str": local(at, self.zone[task_id]),
            "reporter_name": name, "reporter_id": reporter, "source": source,
            "extra_fields": {"notes": notes, "visible_to_customer": False} if notes else {},
        }
        self.history[task_id].append(status)
        self.touch(task_id, touched or at)
        return status

    def touch(self, task_id: int, at: datetime) -> None:
        """After any change to a task or its history: current status and ``updated``."""
        task, history = self.tasks[task_id], self.history[task_id]
        current = max(history, key=lambda s: (s["time"], s["id"])) if history else None
        task["status"] = current["type"] if current else "NOTSTARTED"
        task["status_title"] = current["title"] if current else STATUS_TITLES["NOTSTARTED"]
        task["updated"] = max(task["updated"], utc(at))

    # ---- mutations (the admin API's) --------------------------------------------------------
    def records(self, obj: str) -> dict[int, dict]:
        return {"entities": self.entities, "groups": self.groups, "bookings": self.bookings,
                "statuses": self.statuses, "tasks": self.tasks}[obj]

    def update(self, obj: str, record_id: int, changes: dict, at: datetime) -> None:
        record = self.records(obj)[record_id]
        record.update(changes)
        if obj == "tasks":
            self.touch(record_id, at)
        elif "updated" in record:  # built-in status definitions carry no timestamps
            record["updated"] = utc(at)

    def delete(self, obj: str, record_id: int) -> None:
        del self.records(obj)[record_id]
        if obj == "tasks":  # a task's history goes with it
            del self.history[record_id], self.zone[record_id]

    def reschedule(self, task_id: int, start: datetime | None, at: datetime) -> None:
        """Move a task on the calendar (``None``: take it off, i.e. unscheduled)."""
        self.set_schedule(self.tasks[task_id], start)
        self.touch(task_id, at)

    def task_of(self, status_id: int) -> int:
        return next(task_id for task_id, history in self.history.items()
                    if any(s["id"] == status_id for s in history))

    def edit_status(self, status_id: int, changes: dict, at: datetime) -> None:
        task_id = self.task_of(status_id)
        next(s for s in self.history[task_id] if s["id"] == status_id).update(changes)
        self.touch(task_id, at)

    def delete_status(self, status_id: int, at: datetime) -> None:
        task_id = self.task_of(status_id)
        self.history[task_id] = [s for s in self.history[task_id] if s["id"] != status_id]
        self.touch(task_id, at)


def _parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
