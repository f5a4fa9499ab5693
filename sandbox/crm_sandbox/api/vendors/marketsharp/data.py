"""MarketSharp's records, drawn from the shared world.

MarketSharp holds a share of the world's homeowners (``world.ids``: ``marketsharp``/``homeowner``,
GUIDs), their appointments and the staff (employees).  Each held homeowner is a Contact with one
Address, one ContactPhones row and one ContactType, and appears once more in the sub-type set that
fits (Customers: bought a job; Prospects: had an appointment; Leads: neither).  Each appointment
comes from an Inquiry (one per appointment; a contact without appointments has one open inquiry);
the world's sold jobs (``world.jobs``, the ones Genius and Arrivy hold) of its appointments are
its Jobs.  Lookups (sources, statuses, results, products) are fixed lists.
Times are SQL Server ``datetime`` wall times (UTC here, 1/300 s).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from crm_sandbox.crosswalk import Guid
from crm_sandbox.world import EPOCH, SERVICES, World

from .model import BY_STREAM
from .odata import sql_datetime

COMPANY_ID = 2157
#: Genius' ``marketsharp_source`` rows point at these primary inquiry sources (ids 1..20).
SOURCE_NAMES = ("TV", "Radio", "Web", "Canvassing", "Referral", "Home Show", "Direct Mail", "Partner")
RESULTS = (("Sold", True, True), ("Not Sold", True, False), ("No Show", False, False), ("Rescheduled", False, False))
#: Text a person typed or pasted: a CR LF (kept as ``&#xD;``), a vertical tab and other C0
#: controls from word processors (written as ``&#xB;``, ``&#x1F;``: not well-formed XML 1.0).
PASTED_NOTES = ("Call before 5pm\r\nGate code 1234", "Pasted from Word\x0bsecond line",
                "\x1fLegacy import\x01 row 7", "Tom & Jerry <owners> — José ✓")


def guid(seed: int, kind: str, n: Any) -> str:
    return Guid()(seed, "marketsharp", kind, n)


def source_guid(seed: int, number: int) -> str:
    """The id of primary inquiry source ``number`` (1..20): Genius' ``marketsharp_source`` reads it too."""
    return guid(seed, "inquiry_source_primary", number)


class MarketSharpData:
    """Rows per stream, keyed by the entity key; wire names (camelCase), Python values."""

    def __init__(self, world: World) -> None:
        self.world, seed = world, world.seed
        self.rng = random.Random(f"{seed}:marketsharp")
        self.rows: dict[str, dict[Any, dict[str, Any]]] = {stream: {} for stream in BY_STREAM}
        self._lookups(seed)
        self._people(world, seed)

    def put(self, stream: str, row: dict[str, Any]) -> None:
        entity = BY_STREAM[stream]
        full = dict.fromkeys(entity.types)
        full.update(row)
        self.rows[stream][full[entity.key]] = full

    def _lookups(self, seed: int) -> None:
        t0 = sql_datetime(EPOCH - timedelta(days=900))
        self.put("companies", {"id": COMPANY_ID, "number": 1, "name": "Demo Exteriors", "owner": "Pat Owner",
                               "addressLine1": "1 Main St", "addressCity": "Richmond", "addressState": "VA",
                               "addressZip": "23219", "email": "office@demo-exteriors.example",
                               "website": "https://demo-exteriors.example", "phone": "8045550100",
                               "timeZone": "Eastern Standard Time"})
        for n in range(1, 21):
            self.put("inquiry_source_primaries", {"id": source_guid(seed, n), "companyId": COMPANY_ID,
                                                  "name": f"{SOURCE_NAMES[(n - 1) % 8]} {2020 + n % 6}",
                                                  "isActive": n % 5 != 0})
            self.put("inquiry_source_secondaries", {
                "id": guid(seed, "inquiry_source_secondary", n), "inquirySourcePrimaryId": source_guid(seed, n),
                "name": f"Campaign {n}", "isActive": True, "companyId": COMPANY_ID})
        for n, name in enumerate(("New", "Contacted", "Appointment Set", "Sold", "Dead"), 1):
            self.put("inquiry_statuses", {"id": n, "companyId": COMPANY_ID, "name": name, "isActive": True,
                                          "createdBy": "admin", "createdDateUtc": t0,
                                          "lastUpdateUtc": t0 + timedelta(days=n)})
        for n, (name, presentation, sold) in enumerate(RESULTS, 1):
            self.put("appointment_results", {"id": guid(seed, "appointment_result", n), "name": name,
                                             "presentation": presentation, "sold": sold, "isActive": True})
        for n, name in enumerate(("Confirm appointment", "Follow up", "Send proposal", "Thank-you call"), 1):
            self.put("activity_references", {"id": n, "companyId": COMPANY_ID, "name": name,
                                              "inquiryRequired": n != 4, "appointmentRequired": n == 1,
                                              "isActive": True, "createdBy": "admin", "createdDateUtc": t0,
                                              "lastUpdateUtc": t0 + timedelta(hours=n)})
            self.put("activity_results", {"id": n, "companyId": COMPANY_ID, "name": ("Done", "No answer",
                                                                                  "Left message", "Wrong number")[n - 1],
                                          "emailSuccess": False, "emailFailure": False, "confirmed": n == 1,
                                          "isActive": True, "lastUpdate": t0 + timedelta(days=n), "createdBy": "admin",
                                          "createdDate": t0, "countAsApptConfirmed": n == 1,
                                          "countAsApptCreated": False, "countAsContacted": n in (1, 3)})
        for n, service in enumerate(SERVICES, 1):
            type_id = guid(seed, "product_type", n)
            self.put("product_types", {"id": type_id, "name": service, "isActive": True, "companyId": COMPANY_ID})
            for grade in ("Standard", "Premium"):
                self.put("product_details", {"id": guid(seed, "product_detail", f"{n}:{grade}"),
                                             "productTypeId": type_id, "name": f"{service} {grade}",
                                             "isActive": True, "companyId": COMPANY_ID})

    def _people(self, world: World, seed: int) -> None:
        ids = world.ids
        employees = ids.table("marketsharp", "user")
        for user in world.users:
            if user.id in employees:
                self.put("employees", {"id": employees[user.id], "name": f"{user.first_name} {user.last_name}",
                                       "isActive": True, "companyId": COMPANY_ID,
                                       "lastUpdate": sql_datetime(user.created_at + timedelta(days=30))})
        contacts = ids.table("marketsharp", "homeowner")
        appointments = ids.table("marketsharp", "appointment")
        jobs_of: dict[int, list[Any]] = {}
        for job in world.jobs:  # the world's sold jobs (Genius and Arrivy see the same ones)
            if job.appointment_id in appointments:
                jobs_of.setdefault(job.appointment_id, []).append(job)
        appts_of: dict[int, list[Any]] = {}
        for a in world.appointments:
            if a.id in appointments:
                appts_of.setdefault(a.prospect_id, []).append(a)
        results = [guid(seed, "appointment_result", n) for n in range(1, 5)]
        held = [h for h in world.homeowners if h.id in contacts]
        for k, h in enumerate(held):  # k: the contact's ordinal, so planted texts recur at any scale
            cid = contacts[h.id]
            created = sql_datetime(h.created_at)
            updated = sql_datetime(h.updated_at)
            appts = appts_of.get(h.id, [])
            sold = any(a.id in jobs_of for a in appts)
            subtype = "customers" if sold else "prospects" if appts else "leads"
            contact = {
                "id": cid, "companyId": COMPANY_ID, "firstName": h.first_name, "lastName": h.last_name,
                "email1": h.email, "email1CanMail": bool(h.email), "email2CanMail": False, "email3CanMail": False,
                "doNotMail": h.id % 19 == 0, "yearHomeBuilt": str(h.year_built) if h.year_built else None,
                "businessName": PASTED_NOTES[3] if k % 17 == 5 else None,
                "mailMergeName": f"{h.first_name} {h.last_name}" + ("\x0b" if k % 23 == 4 else ""),
                "source": SOURCE_NAMES[h.id % 8], "creationDate": created, "createdDate": created,
                "isActive": True, "lastUpdate": updated, "hasDncPhone": h.id % 31 == 0, "hasDneEmail": False,
                "contactPhoneId": cid, "primaryAddressId": guid(seed, "address", h.id), "isTagged": None,
            }
            self.put("contacts", contact)
            self.put(subtype, dict(contact))
            self.put("addresses", {"id": guid(seed, "address", h.id), "contactId": cid, "line1": h.address1,
                                   "city": h.city, "state": h.state, "zip": h.zip, "country": "USA",
                                   "latitude": 35 + (h.id % 500) / 100, "longitude": -80 - (h.id % 700) / 100,
                                   "isActive": True})
            self.put("contact_phones", {"contactId": cid, "homePhone": h.phone1, "cellPhone": h.phone2})
            self.put("contact_types", {"id": guid(seed, "contact_type", h.id), "contactId": cid,
                                       "contactType": subtype[:-1].capitalize(), "isActive": True})
            if k % 3 == 0:
                self.put("custom_fields", {"id": guid(seed, "custom_field", h.id), "name": "Referred by",
                                           "value": "Neighbor", "contactId": cid})
            for a in appts or [None]:
                self._inquiry(seed, k, h, cid, a, appointments, employees, jobs_of, results)

    def _inquiry(self, seed: int, k: int, h: Any, cid: str, a: Any, appointments: dict, employees: dict,
                 jobs_of: dict, results: list[str]) -> None:
        at = sql_datetime((a.created_at if a else h.created_at) - timedelta(hours=2))
        iid = guid(seed, "inquiry", a.id if a else f"h{h.id}")
        source = 1 + (h.id + (a.id if a else 0)) % 20
        self.put("inquiries", {
            "id": iid, "contactId": cid, "description": SERVICES[(a.service_id if a else 1) - 1],
            "inquirySourcePrimaryId": source_guid(seed, source),
            "inquirySourceSecondaryId": guid(seed, "inquiry_source_secondary", source),
            "creationDate": at, "inquiryDate": at, "setDate": at if a else None,
            "note": PASTED_NOTES[(k // 5) % 4] if k % 5 == 1 else None,
            "jobSiteAddressLine1": h.address1, "jobSiteCity": h.city, "jobSiteState": h.state, "jobSiteZip": h.zip,
            "isActive": True, "setById": employees.get(h.user_id), "division": None,
            "inquiryStatusId": 3 if a else 1, "lastUpdate": at if a else max(at, sql_datetime(h.updated_at)),
            "createdBy": "web", "createdDate": at})
        if a is None:
            return
        aid = appointments[a.id]
        start = sql_datetime(datetime.combine(a.date, a.time))
        sold_jobs = jobs_of.get(a.id, [])
        result = results[0] if sold_jobs else (results[1 + a.id % 3] if a.is_complete else None)
        self.put("appointments", {
            "id": aid, "inquiryId": iid, "salesperson1Id": employees.get(a.user_id), "setById": employees.get(h.user_id),
            "resultId": result, "appointmentDate": start, "setDate": sql_datetime(a.created_at), "issuedDate": None,
            "subject": f"{SERVICES[a.service_id - 1]} estimate", "type": "In-Home", "isActive": True,
            "note": PASTED_NOTES[0] if a.id % 11 == 0 else None, "lastUpdate": sql_datetime(a.updated_at),
            "createdDate": sql_datetime(a.created_at)})
        self.put("activities", {
            "id": guid(seed, "activity", a.id), "contactId": cid, "name": "Confirm appointment", "type": "Call",
            "dueDate": start - timedelta(days=1), "completedDate": start - timedelta(days=1) if a.is_complete else None,
            "appointmentId": aid, "assignToEmployeeId": employees.get(a.user_id), "reminderDismissed": a.is_complete,
            "isActive": True, "lastUpdatedBy": "system", "lastUpdate": sql_datetime(a.updated_at),
            "createdBy": "system", "createdDate": sql_datetime(a.created_at), "inquiryId": iid,
            "activityResultId": 1 if a.is_complete else None, "activityReferenceId": 1})
        for job in sold_jobs:
            sold = sql_datetime(job.sold_at)
            self.put("jobs", {
                "id": guid(seed, "job", job.id), "contactId": cid, "inquiryId": iid, "appointmentId": aid,
                "number": f"J-{job.id}", "name": f"{h.last_name} {SERVICES[job.service_id - 1]}",
                "type": SERVICES[job.service_id - 1], "status": "Cancelled" if job.cancel_date else "Sold",
                "addressLine1": h.address1, "city": h.city, "state": h.state, "zip": h.zip,
                "saleDate": sold, "startDate": sql_datetime(datetime.combine(job.install_date, datetime.min.time())),
                "isActive": job.cancel_date is None, "lastUpdate": sold, "createdDate": sold,
                "exportedToGuildQuality": False})
            self.put("product_interests", {
                "id": guid(seed, "product_interest", job.id), "inquiryId": iid,
                "productTypeId": guid(seed, "product_type", job.service_id),
                "productDetailId": guid(seed, "product_detail", f"{job.service_id}:Standard"),
                "priceQuoted": f"{1000 + job.id % 9000}.50", "isActive": True, "lastUpdate": sold})
