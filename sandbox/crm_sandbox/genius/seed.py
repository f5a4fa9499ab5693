"""Deterministic demo/test data for the Genius schema, built from the shared demo world.

``seed(url, scale, seed)`` drops and recreates every Genius table and fills it: divisions,
users and homeowners (prospects) and appointments come from ``World(seed, scale)``; the rest
(leads, prospect sources, services, quotes, jobs, change orders, integration fields, …) is
derived from them with one random generator per table, so output is reproducible.

MySQL realities are planted on purpose (see ``REALITIES``): zero dates (MySQL/MariaDB only;
SQLite cannot store them and gets NULL), ``tinyint(1)`` booleans next to ``tinyint(4)``
flags, unsigned BIGINT values near 2**64 (MySQL only; SQLite stops at 2**63), DECIMAL money,
TIME columns, a JSON column, utf8mb4 emoji, leads with NULL ``updated_at`` and a bulk
import whose thousands of rows share one ``updated_at`` second.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from crm_sandbox.crosswalk import Guid
from crm_sandbox.world import EPOCH, SERVICES, TITLES, Job, World

from . import schema as g

log = logging.getLogger(__name__)

ZERO_DATE = "0000-00-00"
ZERO_DATETIME = "0000-00-00 00:00:00"
UINT64_MAX = 2**64 - 1
#: Every lead with ``lead_id % 3 == 0`` came in through one bulk import at this second.
BULK_IMPORT_AT = datetime(2025, 6, 1, 2, 0, 0)
HUBSPOT, MARKETSHARP, LEAP, SALESRABBIT = 1, 2, 3, 4
EMOJI_NOTES = ("Loves the new roof 🏠👍", "Call after 5pm ☎️", "Dog in yard 🐕", "Très bien — José 😀")
REALITIES = ("zero dates", "tinyint(1) booleans", "unsigned bigint near 2**64", "decimal", "time",
             "json", "utf8mb4 emoji", "NULL lead.updated_at", "reserved table name `lead`",
             "thousands of rows sharing one updated_at second")


def naive(ts: datetime) -> datetime:
    """World instants are UTC-aware; Genius stores naive DATETIMEs (source zone = UTC here)."""
    return ts.replace(tzinfo=None, microsecond=0)


EPOCH_N = naive(EPOCH)


def is_mysql(engine: sa.Engine) -> bool:
    return engine.dialect.name in ("mysql", "mariadb")


def create_engine(url: str) -> sa.Engine:
    """An engine whose MySQL sessions accept zero dates whatever the server's sql_mode."""
    engine = sa.create_engine(url, json_serializer=lambda v: json.dumps(v, ensure_ascii=False),
                              connect_args={"charset": "utf8mb4"} if url.startswith("mysql") else {})
    if is_mysql(engine):
        @sa.event.listens_for(engine, "connect")
        def _session(dbapi_conn, _record):  # noqa: ANN001
            with dbapi_conn.cursor() as cur:
                cur.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'")
    return engine


class Builder:
    """Generates every table's rows; one random generator per table keeps parts independent."""

    def __init__(self, world: World, mysql: bool) -> None:
        self.w, self.mysql = world, mysql
        self.tps: list[dict] = []
        self.jobs_of: dict[int, list[Job]] = {}  # appointment id → its sold jobs
        for job in world.jobs:
            self.jobs_of.setdefault(job.appointment_id, []).append(job)

    def rng(self, table: str) -> random.Random:
        return random.Random(f"{self.w.seed}:genius:{table}")

    def zero(self, value, zero: str):  # noqa: ANN001, ANN201
        """A zero date on MySQL (where Genius has them), NULL elsewhere."""
        return zero if self.mysql else value

    def big(self, k: int) -> int:
        return UINT64_MAX - k if self.mysql else 2**63 - 1 - k

    def third_party(self, type_id: int, third_party_id: int, at: datetime) -> int:
        row_id = len(self.tps) + 1
        self.tps.append({"id": row_id, "third_party_source_type_id": type_id,
                         "third_party_id": third_party_id, "created_at": at, "updated_at": at})
        return row_id

    def lookups(self) -> Iterator[tuple[sa.Table, list[dict]]]:
        t0 = datetime(2019, 3, 1, 9, 0, 0)
        yield g.division_group, [
            {"id": i, "group_label": f"Group {i}", "region": 1 + i % 2,
             "default_time_zone_name": "America/New_York", "intern_payroll_start": None,
             "painter_payroll_start": 5 if i == 1 else None, "is_active": i != 3,
             "cc_profile_id": None, "mes_profile_id": None, "mes_profile_key": None,
             "docusign_acct_id": f"ds-{i:04d}", "paysimple_username": None, "paysimple_secret": None,
             "hub_account_id": 4000 + i, "created_at": t0, "updated_at": t0 + timedelta(days=30 * i)}
            for i in (1, 2, 3)]
        yield g.division_region, [{"id": 1, "name": "North", "is_active": True},
                                  {"id": 2, "name": "South", "is_active": True},
                                  {"id": 3, "name": "Legacy (closed)", "is_active": False}]
        yield g.division, [
            {"id": d.id, "group_id": d.group_id, "region_id": d.region_id, "label": d.label,
             "abbreviation": d.abbreviation, "is_utility": False, "is_corp": d.id == 1,
             "is_omniscient": d.id == 1, "is_inactive": 0, "account_scheduler_id": None,
             "created_at": naive(d.created_at), "updated_at": naive(d.created_at) + timedelta(days=40)}
            for d in self.w.divisions]
        roles = (["sales"], ["sales", "manager"], ["canvass"], ["production"], ["install"],
                 {"scopes": ["division", "reports"], "label": "Division 🏠 manager"})
        yield g.user_title, [
            {"id": i, "title": title, "abbreviation": abbr, "roles": roles[i - 1], "type_id": 1 + i % 3,
             "section_id": None, "sort": i * 10, "pay_component_group_id": None, "is_active": True,
             "is_unique_per_division": abbr == "DM", "created_at": t0, "updated_at": t0 + timedelta(hours=i)}
            for i, (title, abbr) in enumerate(TITLES, start=1)]
        yield g.service, [
            {"id": i, "label": label, "is_active": label != "Painting", "is_lead_required": i <= 4,
             "order_number": i, "created_at": t0, "updated_at": t0 + timedelta(days=i)}
            for i, label in enumerate(SERVICES, start=1)]
        yield g.appointment_type, [{"id": i, "label": label, "is_active": i != 4} for i, label in
                                   enumerate(("In-Home Estimate", "Virtual Estimate", "Follow-up", "Inspection"), 1)]
        outcome_types = ("Sold", "Not Sold", "No Show", "Rescheduled")
        yield g.appointment_outcome_type, [
            {"id": i, "label": label, "sort_idx": i, "is_active": True, "created_at": t0, "updated_at": t0}
            for i, label in enumerate(outcome_types, 1)]
        yield g.appointment_outcome, [
            {"id": i, "type_id": 1 + (i - 1) // 3, "label": f"{outcome_types[(i - 1) // 3]} #{1 + (i - 1) % 3}",
             "is_active": True, "created_at": t0, "updated_at": t0 + timedelta(minutes=i)} for i in range(1, 13)]
        types = ("TV", "Radio", "Web", "Canvassing", "Referral", "Home Show", "Direct Mail", "Partner")
        yield g.marketing_source_type, [
            {"id": i, "label": label, "description": f"{label} campaigns", "is_active": True,
             "list_order": 9 - i, "created_at": t0 + timedelta(days=i),
             "updated_at": None if i % 3 == 0 else t0 + timedelta(days=60 + i)}  # fallback: created_at
            for i, label in enumerate(types, 1)]
        yield g.marketing_source, [
            {"id": i, "type_id": 1 + (i - 1) // 5, "label": f"{types[(i - 1) // 5]} {2020 + i % 6}",
             "description": None, "start_date": date(2020 + i % 6, 1, 1), "end_date": None, "add_user_id": 1001,
             "add_date": t0 + timedelta(days=i), "is_active": i % 7 != 0, "is_allow_lead_modification": i % 2 == 0,
             "updated_at": t0 + timedelta(days=100 + i)} for i in range(1, 41)]
        # MarketSharp's primary inquiry sources (InquirySourcePrimaries) carry these GUIDs.
        ms_source = lambda i: Guid()(self.w.seed, "marketsharp", "inquiry_source_primary", i)  # noqa: E731
        yield g.marketsharp_source, [
            {"id": i, "marketsharp_id": ms_source(i), "source_name": f"MarketSharp source {i}",
             "inactive": int(i % 5 == 0), "created_at": t0, "updated_at": t0 + timedelta(days=i)} for i in range(1, 21)]
        yield g.marketsharp_marketing_source_map, [
            {"marketsharp_id": ms_source(i), "marketing_source_id": i * 2 if i % 4 else None,
             "created_at": t0, "updated_at": t0 + timedelta(days=i)} for i in range(1, 21)]
        yield g.third_party_source_type, [{"id": i, "label": label, "is_active": True} for i, label in
                                          ((HUBSPOT, "hubspot"), (MARKETSHARP, "marketsharp"), (LEAP, "leap"),
                                           (SALESRABBIT, "salesrabbit"))]
        yield g.job_status, [{"id": i, "label": label, "is_system": int(i <= 3)} for i, label in enumerate(
            ("Pending", "Sold", "Cancelled", "In Production", "Ready", "Installed", "Complete", "On Hold"), 1)]
        yield g.job_change_order_type, [{"id": i, "label": label} for i, label in
                                        enumerate(("Upgrade", "Downgrade", "Adjustment"), 1)]
        yield g.job_change_order_status, [{"id": i, "label": label, "is_selectable": int(i != 4)} for i, label in
                                          enumerate(("Draft", "Sent", "Signed", "Voided"), 1)]
        yield g.job_change_order_reason, [{"id": i, "label": label, "description": None if i % 2 else f"{label}."}
                                          for i, label in enumerate(("Customer request", "Measurement error",
                                                                     "Material change", "Code requirement",
                                                                     "Pricing correction", "Other"), 1)]
        yield g.integration_field_definition, [
            {"id": i, "integration_id": 1 + i // 3, "label": label, "key_name": label.lower().replace(" ", "_"),
             "is_user": i <= 3, "is_division": i > 3, "hint": None, "input_type": "text"}
            for i, label in enumerate(("HubSpot owner", "CallRail agent", "Five9 login", "HubSpot team",
                                       "CompanyCam project", "Arrivy group"), 1)]

    def users(self) -> Iterator[tuple[sa.Table, list[dict]]]:
        rng, assoc, users = self.rng("user_data"), [], []
        managers = {d.id: next((u.id for u in self.w.users if u.division_id == d.id and u.title_id == 6), None)
                    for d in self.w.divisions}
        for k, u in enumerate(self.w.users):
            at = naive(u.created_at)
            assoc_id = None
            if k % 5 == 4:  # every fifth user is a second login of the previous user
                assoc_id = len(assoc) + 1
                assoc.append({"id": assoc_id, "primary_user_id": self.w.users[k - 1].id,
                              "created_at": at, "updated_at": at + timedelta(days=3)})
                users[-1]["user_associations_id"] = assoc_id
            users.append({
                "user_id": u.id, "division_id": u.division_id, "title_id": u.title_id,
                "manager_user_id": managers[u.division_id] if managers[u.division_id] != u.id else None,
                "first_name": u.first_name, "first_name_alt": "José 😀" if k == 7 else None,
                "last_name": u.last_name, "email": u.email, "personal_email": None,
                "birth_date": self.zero(None, ZERO_DATE) if k % 11 == 3 else date(1960 + k % 40, 1 + k % 12, 1 + k % 28),
                "gender_id": 1 + k % 2, "marital_status_id": None, "time_zone_name": "America/New_York",
                "hired_on": at, "start_date": at + timedelta(days=7), "add_user_id": 1001, "add_datetime": at,
                "is_inactive": k % 13 == 12, "inactive_on": at + timedelta(days=400) if k % 13 == 12 else None,
                "inactive_reason_id": 2 if k % 13 == 12 else None, "inactive_reason_other": None,
                "inactive_transfer_division_id": None, "user_associations_id": assoc_id,
                "updated_at": at + timedelta(seconds=rng.randrange(200 * 86_400)),
            })
        yield g.users_userassociations, assoc
        yield g.user_data, users
        defs_user = (1, 2, 3)
        fields = [{"definition_id": d, "user_id": u.id, "division_id": None, "field_value": f"{d}-{u.id}",
                   "created_at": naive(u.created_at), "updated_at": naive(u.created_at) + timedelta(days=d)}
                  for u in self.w.users for d in defs_user if (u.id + d) % 4]
        fields += [{"definition_id": d, "user_id": None, "division_id": dv.id, "field_value": f"grp-{dv.id}-{d}",
                    "created_at": naive(dv.created_at), "updated_at": naive(dv.created_at) + timedelta(days=d)}
                   for dv in self.w.divisions for d in (4, 5, 6)]
        yield g.integration_field, [{"id": i, **f} for i, f in enumerate(fields, 1)]

    def prospects(self) -> Iterator[tuple[sa.Table, list[dict]]]:
        rng, prospects, sources = self.rng("prospect"), [], []
        self.sources_of: dict[int, list[int]] = {}
        for h in self.w.homeowners:
            at, upd = naive(h.created_at), naive(h.updated_at)
            contact_id = self.w.ids.get("hubspot", "homeowner", h.id)
            tps = (self.third_party(HUBSPOT, contact_id, at) if contact_id
                   else self.third_party(LEAP, 900_000 + h.id, at) if h.id % 10 == 3 else None)
            prospects.append({
                "id": h.id, "division_id": h.division_id, "first_name": h.first_name, "last_name": h.last_name,
                "alt_first_name": None, "alt_last_name": None, "address1": h.address1, "address2": None,
                "city": h.city, "county": None, "state": h.state, "zip": h.zip, "phone1": h.phone1,
                "phone2": h.phone2, "email": h.email, "notes": rng.choice(EMOJI_NOTES) if h.id % 9 == 0 else None,
                "add_user_id": h.user_id or 1001, "add_date": at,
                "marketsharp_id": self.w.ids.get("marketsharp", "homeowner", h.id),
                "leap_customer_id": f"leap-{h.id}" if h.id % 10 == 3 else None, "third_party_source_id": tps,
                "is_address_valid": int(h.id % 17 != 0), "updated_at": upd, "user_id": h.user_id,
                "year_built": h.year_built})
            for n in range(1 + (h.id % 4 == 0)):
                src_at = at + timedelta(minutes=5 + n)
                sources.append({"id": len(sources) + 1, "prospect_id": h.id,
                                "marketing_source_id": 1 + rng.randrange(40), "source_date": src_at,
                                "notes": None, "add_user_id": h.user_id or 1001, "add_date": src_at,
                                "updated_at": None if rng.random() < 0.1 else src_at + timedelta(days=1),
                                "source_user_id": h.user_id})
                self.sources_of.setdefault(h.id, []).append(len(sources))
        yield g.prospect, prospects
        yield g.prospect_source, sources

    def leads(self) -> Iterator[tuple[sa.Table, list[dict]]]:
        rng, leads = self.rng("lead"), []
        people = [(h, True) for h in self.w.homeowners]
        people += [(h, False) for h in self.w.homeowners[::3]]  # extra leads that never became prospects
        for lead_id, (h, converted) in enumerate(people, start=1):
            added = naive(h.created_at) - timedelta(hours=rng.randrange(1, 72))
            updated = BULK_IMPORT_AT if lead_id % 3 == 0 else added + timedelta(seconds=rng.randrange(30 * 86_400))
            dead = not converted and rng.random() < 0.6
            tps = self.third_party(SALESRABBIT, self.big(lead_id), added) if lead_id % 50 == 7 else None
            row = dict.fromkeys((c.name for c in g.lead.c), None)
            row.update({
                "lead_id": lead_id, "contact": h.id, "division": h.division_id, "first_name": h.first_name,
                "last_name": h.last_name, "address1": h.address1[:50], "city": h.city, "state": h.state,
                "zip": h.zip[:7], "is_valid_address": 1, "email": h.email, "phone1": h.phone1[:12], "type1": 1,
                "phone2": h.phone2[:12] if h.phone2 else None, "type2": 2 if h.phone2 else 0, "type3": 0,
                "type4": 0, "source": 1 + rng.randrange(40), "source_notes": rng.choice((None, "door hanger", "web ✨")),
                "sourced_on": added, "job_type": 1 + rng.randrange(3), "rating": rng.choice((None, 1, 2, 3, 4, 5)),
                "year_built": str(h.year_built) if h.year_built else None, "is_year_built_verified": 0,
                "is_zillow": int(lead_id % 7 == 0), "is_express_consent": int(lead_id % 2 == 0),
                "is_express_consent_being_reviewed": 0, "notes": rng.choice(EMOJI_NOTES) if lead_id % 5 == 0 else None,
                "status": 3 if dead else (2 if converted else 1), "alternate_id": self.big(lead_id) if lead_id % 40 == 1 else None,
                "added_by": h.user_id or 1001, "added_on": added,
                "viewed_on": self.zero(None, ZERO_DATETIME) if lead_id % 23 == 5 else added + timedelta(minutes=20),
                "is_estimate_set": int(converted), "estimate_set_by": h.user_id if converted else None,
                "estimate_set_on": added + timedelta(hours=2) if converted else None,
                "dead_on": added + timedelta(days=10) if dead else None, "dead_by": 1001 if dead else None,
                "dead_note": "No answer after 5 attempts" if dead else None, "is_credit_request": 0,
                "lead_cost": round(rng.uniform(5, 150), 2), "import_source": "bulk import" if lead_id % 3 == 0 else None,
                "copied_to_id": h.id if converted else None, "cwp_client": 0, "with_dm": int(lead_id % 4 == 0),
                "invalid_address": 0, "is_valid_email": int(bool(h.email)), "is_high_potential": int(lead_id % 9 == 0),
                "is_mobile_lead": int(lead_id % 6 == 0), "is_dnc": None if lead_id % 8 else 1, "is_dummy": 0,
                "added_by_latitude": Decimal(f"{rng.uniform(33, 40):.7f}"),
                "added_by_longitude": Decimal(f"{rng.uniform(-84, -75):.7f}"), "is_carpentry_followup": 0,
                "marketing_source": 1 + rng.randrange(40), "prospect_id": h.id if converted else None,
                "third_party_source_id": tps,
                # Genius leaves updated_at NULL on leads never edited since import: added_on stands in
                "updated_at": None if lead_id % 13 == 4 else updated,
            })
            leads.append(row)
        yield g.lead, leads

    def appointments(self) -> Iterator[tuple[sa.Table, list[dict]]]:
        rng, appts, services, quotes, jobs, financing, orders, items = (self.rng("appointment"), [], [], [], [], [],
                                                                       [], [])
        for a in self.w.appointments:
            at, upd = naive(a.created_at), naive(a.updated_at)
            hubspot_id = self.w.ids.get("hubspot", "appointment", a.id)
            tps = self.third_party(HUBSPOT, hubspot_id, at) if hubspot_id else None
            h = self.w.homeowner(a.prospect_id)
            outcome = (1 + rng.randrange(12)) if a.is_complete else None
            sold = {j.service_id: j for j in self.jobs_of.get(a.id, ())}
            if outcome is not None:  # the world decides quoted (outcomes 1-6) and sold (1-3)
                outcome = 1 + (outcome - 1) % (3 if sold else 6) + (0 if a.id in self.w.quoted_appointments else 6)
            appts.append({
                "id": a.id, "prospect_id": a.prospect_id, "prospect_source_id": self.sources_of[a.prospect_id][0],
                "user_id": a.user_id, "type_id": 1 + a.id % 3, "date": a.date, "time": a.time,
                "duration": time(a.duration_minutes // 60, a.duration_minutes % 60), "address1": h.address1,
                "address2": None, "city": h.city, "state": h.state, "zip": h.zip, "email": h.email,
                "notes": rng.choice(EMOJI_NOTES) if a.id % 7 == 0 else None, "add_user_id": a.user_id or 1001,
                "add_date": at, "assign_date": at + timedelta(hours=1), "confirm_user_id": None,
                "confirm_date": self.zero(None, ZERO_DATETIME) if a.id % 29 == 0 else None, "confirm_with": None,
                "spouses_present": int(a.id % 3 == 0), "is_complete": int(a.is_complete),
                "complete_outcome_id": outcome, "complete_user_id": a.user_id if a.is_complete else None,
                "complete_date": upd if a.is_complete else None,
                "marketsharp_id": self.w.ids.get("marketsharp", "appointment", a.id),
                "marketsharp_appt_type": "In-Home" if self.w.ids.get("marketsharp", "appointment", a.id) else None,
                "leap_estimate_id": None, "third_party_source_id": tps,
                "marketing_task_id": 0, "updated_at": upd})
            svc = self.w.appointment_services(a)
            services += [{"appointment_id": a.id, "service_id": s, "created_at": at, "updated_at": at} for s in svc]
            if not (a.is_complete and outcome and outcome <= 6):
                continue
            for s in svc:
                qid, amount = 300_000 + len(quotes) + 1, Decimal(rng.randrange(200_000, 4_000_000)) / 100
                job_id = None
                if s in sold:
                    job_id = sold[s].id
                    jobs.append(self.job(rng, sold[s], a, h, amount, upd))
                    if jobs[-1]["is_financing"]:
                        financing.append(self.financing(job_id, amount, upd))
                    orders_before = len(orders)
                    for _ in range(rng.choice((0, 0, 0, 1, 2))):
                        co_id = len(orders) + 1
                        orders.append(self.change_order(rng, co_id, job_id, upd, orders_before))
                        for _ in range(rng.randrange(1, 4)):
                            items.append({"id": len(items) + 1, "change_order_id": co_id,
                                          "description": rng.choice(("Extra flashing", "Upgrade shingles",
                                                                     "Ridge vent", "Trim wrap 🔨")),
                                          "amount": Decimal(rng.randrange(-50_000, 250_000)) / 100,
                                          "created_at": orders[-1]["add_date"], "updated_at": orders[-1]["updated_at"]})
                quotes.append({"id": qid, "prospect_id": a.prospect_id, "appointment_id": a.id, "job_id": job_id,
                               "client_cid": None, "service_id": s, "label": f"{SERVICES[s - 1]} quote",
                               "description": None, "amount": amount,
                               "expire_date": self.zero(None, ZERO_DATE) if qid % 31 == 0 else a.date + timedelta(days=30),
                               "status_id": 2 if job_id else 1, "contract_file_id": None, "estimate_file_id": None,
                               "add_user_id": a.user_id or 1001, "add_date": upd, "updated_at": upd + timedelta(hours=1)})
        yield g.appointment, appts
        yield g.appointment_to_service, services
        yield g.quote, quotes
        yield g.job, jobs
        yield g.job_financing, financing
        yield g.job_change_order, orders
        yield g.job_change_order_item, items

    def job(self, rng: random.Random, job: Job, a, h, amount: Decimal, at: datetime) -> dict:  # noqa: ANN001
        """A world job (``World.jobs``: sale, install, cancellation) with Genius's own details."""
        row = dict.fromkeys((c.name for c in g.job.c), None)
        job_id = job.id
        row.update({
            "id": job_id, "prospect_id": h.id, "division_id": h.division_id, "user_id": a.user_id,
            "subcontractor_confirmed": 0, "status": 3 if job.cancel_date else rng.choice((2, 4, 5, 6, 7)),
            "is_in_progress": 0, "prep_status_is_reset": 0, "service_id": job.service_id, "is_lead_pb": 0,
            "contract_number": f"C-{job_id}", "contract_date": at.date(), "contract_amount": amount,
            "contract_hours": job.install_hours, "job_value": amount, "deposit_amount": (amount / 10).quantize(Decimal("0.01")),
            "is_financing": int(rng.random() < 0.3), "sales_tax_rate": Decimal("0.05300"), "is_sales_tax_exempt": 0,
            "commission_payout": (amount * Decimal("0.08")).quantize(Decimal("0.01")), "accrued_commission_payout": Decimal("0.00"),
            "sold_user_id": a.user_id, "sold_date": at.date(), "add_user_id": a.user_id or 1001, "add_date": at,
            "cancel_date": job.cancel_date, "is_refund": 0,
            "is_earned_not_paid": 0, "measure_date": self.zero(None, ZERO_DATE) if job_id % 17 == 0 else (at + timedelta(days=3)).date(),
            "measure_time": time(8 + job_id % 9, 30), "install_date": job.install_date,
            "install_time": job.install_time, "price_level_commission": Decimal("7.5"), "is_reviewed": 0, "pp_id_updated": 0,
            "is_cogs_report_month_updated": 0, "is_coc_pdf_attached": 0, "updated_at": at + timedelta(days=2),
        })
        return row

    def financing(self, job_id: int, amount: Decimal, at: datetime) -> dict:
        row = dict.fromkeys((c.name for c in g.job_financing.c), None)
        row.update({"job_id": job_id, "term_id": 1 + job_id % 4, "financed_amount": min(amount, Decimal("9999999.99")),
                    "max_financed_amount": Decimal("9999999.99"), "bid_rate": Decimal("7.990"),
                    "is_joint_application": job_id % 2, "applicant": "Primary applicant", "status": 1,
                    "signed_on": at + timedelta(days=1), "is_active_stipulations_cleared": 1})
        return row

    def change_order(self, rng: random.Random, co_id: int, job_id: int, at: datetime, first: int) -> dict:
        add = at + timedelta(days=rng.randrange(3, 20))
        total = Decimal(rng.randrange(-100_000, 500_000)) / 100
        return {"id": co_id, "job_id": job_id, "number": f"CO-{job_id}-{co_id - first}", "status_id": 1 + rng.randrange(4),
                "type_id": 1 + rng.randrange(3), "adjustment_change_order_id": co_id - 1 if co_id - 1 > first else None,
                "effective_date": add.date(), "total_amount": total, "add_user_id": 1001, "add_date": add,
                "sold_user_id": None, "sold_date": None, "cancel_user_id": None, "cancel_date": None,
                "reason_id": 1 + rng.randrange(5), "envelope_id": None, "total_contract_amount": total,
                "total_pre_change_orders_amount": Decimal("0.00"), "signer_name": None, "signer_email": None,
                "financing_note": None, "updated_at": add + timedelta(hours=4)}

    def tables(self) -> Iterator[tuple[sa.Table, list[dict]]]:
        yield from self.lookups()
        yield from self.users()
        yield from self.prospects()
        yield from self.leads()
        yield from self.appointments()
        yield g.third_party_source, self.tps


def _chunks(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def seed(url: str, scale: float = 2.0, seed: int = 42) -> dict[str, int]:
    """Drop and recreate every Genius table at ``url`` and fill it; return row counts per table."""
    engine = create_engine(url)
    builder = Builder(World(seed, scale), is_mysql(engine))
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        g.metadata.drop_all(conn)
        g.metadata.create_all(conn)
        for table, rows in builder.tables():
            for chunk in _chunks(rows, 2000):
                conn.execute(table.insert(), chunk)
            counts[table.name] = len(rows)
    engine.dispose()
    log.info("seeded %d Genius rows in %d tables at %s", sum(counts.values()), len(counts),
             engine.url.render_as_string(hide_password=True))
    return counts
