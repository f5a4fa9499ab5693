"""HubSpot's object types, their property definitions, and the demo records built from the world.

Values are stored the way HubSpot returns them: every property value is a string (or None),
datetimes as ISO-8601 UTC with milliseconds, dates as ``YYYY-MM-DD``, booleans as
``"true"``/``"false"``, numbers as decimal strings.
"""

from __future__ import annotations

import collections
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from crm_sandbox.api.kit.instants import iso_z, parse_instant  # noqa: F401 - parse_instant re-exported
from crm_sandbox.world import SERVICES, World

HUBSPOT_DEAL_BASE = 80_000_000


#: Datetime property values: ISO-8601 UTC with milliseconds and ``Z``; filters accept epoch ms or ISO.
iso = iso_z


class Associations:
    """Association pairs, indexed both ways, so a lookup costs its answer, not the portal's size."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, str], dict[int, set[int]]] = collections.defaultdict(
            lambda: collections.defaultdict(set))

    def add(self, a: str, from_id: int, b: str, to_id: int) -> None:
        self._index[a, b][from_id].add(to_id)
        self._index[b, a][to_id].add(from_id)

    def remove(self, a: str, from_id: int, b: str, to_id: int) -> None:
        self._index[a, b][from_id].discard(to_id)
        self._index[b, a][to_id].discard(from_id)

    def targets(self, a: str, from_id: int, b: str) -> set[int]:
        """Ids of type ``b`` linked to ``from_id`` of type ``a`` (either direction)."""
        by_source = self._index.get((a, b))
        return by_source.get(from_id, set()) if by_source else set()


@dataclass(frozen=True)
class Prop:
    name: str
    type: str = "string"  # string | number | date | datetime | bool | enumeration | phone_number
    options: tuple[str, ...] = ()
    multi: bool = False  # a multiple checkboxes enumeration: values joined with ';'

    @property
    def field_type(self) -> str:
        if self.multi:
            return "checkbox"
        return {"number": "number", "date": "date", "datetime": "date", "bool": "booleancheckbox",
                "enumeration": "select", "phone_number": "phonenumber"}.get(self.type, "text")


@dataclass
class ObjectType:
    id: str  # objectTypeId, e.g. "0-1"
    name: str  # plural API name, e.g. "contacts"
    modified: str  # "lastmodifieddate" (contacts) or "hs_lastmodifieddate"
    created: str
    defaults: tuple[str, ...]  # properties returned when none are requested
    props: dict[str, Prop] = field(default_factory=dict)

    def aliases(self, portal_id: int) -> set[str]:
        singular = self.name[:-1] if self.name.endswith("s") else self.name
        return {self.id, self.name, singular, f"p{portal_id}_{self.name}"}


@dataclass
class Record:
    id: int
    properties: dict[str, str | None]
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
    #: Earlier values per property, newest first (``propertiesWithHistory``); built on update.
    history: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)


def _props(*specs: str | Prop) -> dict[str, Prop]:
    return {p.name: p for p in (s if isinstance(s, Prop) else Prop(s) for s in specs)}


# Contact properties named after the predecessor's hubspot_contact columns (source catalog §2.8).
LEAD_PROPS = [f"lead_{n}" for n in (
    "added_by", "added_by_latitude", "added_by_longitude", "added_by_supervisor", "address1",
    "agent_id", "agent_name", "call_screen_viewed_by", "call_screen_viewed_on", "cdyne_county",
    "city", "contact", "copied_from_id", "copied_from_on", "cost", "cwp_client", "dead_by",
    "dead_on", "division", "do_not_call_before", "estimate_confirmed_by", "estimate_confirmed_on",
    "express_consent_set_by", "express_consent_set_on", "express_consent_source",
    "express_consent_upload_file_id", "id", "import_source", "invalid_address",
    "is_carpentry_followup", "is_dnc", "is_dummy", "is_estimate_confirmed", "is_estimate_set",
    "is_express_consent", "is_express_consent_being_reviewed", "is_high_potential",
    "is_mobile_lead", "is_valid_address", "is_valid_email", "is_year_built_verified", "is_zillow",
    "job_type", "notes", "phone1", "phone2", "phone3", "prospect_id", "rating",
    "salesrabbit_lead_id_new", "source", "source_notes", "sourced_on", "state", "status",
    "substatus", "type1", "type2", "type4", "viewed_on", "with_dm", "year_built", "zip")]
# The rest of the predecessor's contact columns: typed as HubSpot types them, mostly empty.
EXTRA_CONTACT_PROPS = [
    Prop("hs_analytics_average_page_views", "number"), Prop("hs_analytics_first_timestamp", "datetime"),
    Prop("hs_analytics_num_event_completions", "number"), Prop("hs_analytics_num_page_views", "number"),
    Prop("hs_analytics_num_visits", "number"), Prop("hs_analytics_revenue", "number"),
    Prop("hs_analytics_source", "enumeration", ("OFFLINE", "ORGANIC_SEARCH", "PAID_SEARCH", "REFERRALS")),
    "hs_analytics_source_data_1", "hs_analytics_source_data_2",
    Prop("hs_currently_enrolled_in_prospecting_agent", "bool"),
    Prop("hs_latest_source", "enumeration", ("OFFLINE", "ORGANIC_SEARCH", "PAID_SEARCH", "REFERRALS")),
    "hs_latest_source_data_1", "hs_latest_source_data_2", Prop("hs_latest_source_timestamp", "datetime"),
    "hs_marketable_status", "hs_marketable_until_renewal",
    Prop("hs_membership_has_accessed_private_content", "number"), "hs_object_source_label",
    Prop("hs_predictivecontactscore_v2", "number"), "hs_predictivescoringtier",
    Prop("hs_registered_member", "number"), Prop("hs_v2_date_entered_lead", "datetime"), "hs_timezone",
    Prop("hs_updated_by_user_id", "number"), Prop("hs_created_by_user_id", "number"), "hs_email_domain",
    Prop("hs_prospecting_agent_total_enrolled_count", "number"), Prop("num_conversion_events", "number"),
    Prop("num_unique_conversion_events", "number"), "currentlyinworkflow", "sales_rabbit_lead_id",
    Prop("contact_id", "number"), Prop("phone1_type", "number"), Prop("phone2_type", "number"),
    Prop("num_notes", "number"), Prop("notes_last_updated", "datetime"),
    Prop("notes_last_contacted", "datetime"), Prop("num_contacted_notes", "number"), "contact_type",
    Prop("prospect_add_date", "datetime"), Prop("prospect_add_user_id", "number"),
    Prop("prospect_is_address_valid", "number"), Prop("prospect_is_year_built_valid", "number"),
    "prospect_phone1", Prop("prospect_phone1_type", "number"), Prop("prospect_phone2_type", "number"),
    Prop("prospect_user_id", "number"), "prospect_marketsharp_id", "hge_secondary_source",
    "hge_primary_source", "service_of_interest", "canvasser", "canvasser_email", "canvasser_id",
    "country", "hatch_id", "address_url", Prop("division_id", "number"), "dedupe_record_id",
    "adgroupid", "ap_leadid", "campaign_content", "campaign_name", "clickcheck", "clicktype",
    "comments", "hs_google_click_id", "lead_salesrabbit_lead_id", "marketsharp_id", "msm_source",
    Prop("original_lead_source", "enumeration", ("web", "canvass", "referral", "phone")),
    Prop("original_lead_source_created", "datetime"), "reference_code", "search_terms", "tier",
    "trustedform_cert_url", "vendorleadid", "vertical"]

CONTACTS = ObjectType("0-1", "contacts", "lastmodifieddate", "createdate",
                      ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
                      _props("firstname", "lastname", "email", "phone", "mobilephone", "address", "city",
                             "state", "zip", "division", Prop("hs_object_id", "number"),
                             Prop("createdate", "datetime"), Prop("lastmodifieddate", "datetime"),
                             Prop("lifecyclestage", "enumeration", ("lead", "opportunity", "customer")),
                             Prop("prospect_id", "number"), Prop("prospect_year_built", "number"),
                             Prop("hs_is_unworked", "bool"), Prop("price", "number"),
                             Prop("first_appointment_date", "date"),
                             Prop("services_of_interest", "enumeration", tuple(SERVICES), multi=True),
                             Prop("hs_whatsapp_phone_number", "phone_number"),
                             Prop("last_scheduled_appointment_start_time", "datetime"),
                             *LEAD_PROPS, *EXTRA_CONTACT_PROPS))
DEALS = ObjectType("0-3", "deals", "hs_lastmodifieddate", "createdate",
                   ("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"),
                   _props("dealname", Prop("amount", "number"), Prop("closedate", "datetime"),
                          Prop("createdate", "datetime"), Prop("hs_lastmodifieddate", "datetime"),
                          Prop("dealstage", "enumeration", ("appointmentscheduled", "contractsent",
                                                            "closedwon", "closedlost")),
                          Prop("pipeline", "enumeration", ("default",)),
                          Prop("dealtype", "enumeration", ("newbusiness", "existingbusiness")),
                          "description", "division", Prop("hs_object_id", "number"),
                          Prop("hs_is_closed_won", "bool"), Prop("genius_appointment_id", "number")))
APPOINTMENTS = ObjectType("0-421", "appointments", "hs_lastmodifieddate", "hs_createdate",
                          ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
                          _props("hs_appointment_name", Prop("hs_appointment_start", "datetime"),
                                 Prop("hs_appointment_end", "datetime"), Prop("hs_createdate", "datetime"),
                                 Prop("hs_lastmodifieddate", "datetime"), Prop("hs_object_id", "number"),
                                 "genius_appointment_id", "genius_prospect_id", "division_id", "division",
                                 "user_id", "first_name", "last_name", "email", "phone1", "address1",
                                 "city", "state", "zip", Prop("date", "date"), "time",
                                 Prop("duration", "number"), Prop("is_complete", "bool"),
                                 Prop("appointment_status", "enumeration",
                                      ("scheduled", "completed", "cancelled")),
                                 Prop("appointment_services", "enumeration", tuple(SERVICES))))
DIVISIONS = ObjectType("2-37778609", "divisions", "hs_lastmodifieddate", "hs_createdate",
                       ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
                       _props("division_name", "division_label", "division_code",
                              Prop("status", "enumeration", ("active", "inactive")), "region",
                              "manager_name", "manager_email", "phone", "city", "state", "zip",
                              Prop("genius_division_id", "number"), Prop("hs_createdate", "datetime"),
                              Prop("hs_lastmodifieddate", "datetime"), Prop("hs_object_id", "number")))
GENIUS_USERS = ObjectType("2-42119425", "genius_users", "hs_lastmodifieddate", "hs_createdate",
                          ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
                          _props("name", "email", "job_title", "title_id", "user_id", "division",
                                 "division_id", Prop("user_account_type", "enumeration", ("standard", "admin")),
                                 Prop("user_status_inactive", "bool"), "arrivy_user_id",
                                 Prop("hs_createdate", "datetime"), Prop("hs_lastmodifieddate", "datetime"),
                                 Prop("hs_object_id", "number")))
OBJECT_TYPES = (CONTACTS, DEALS, APPOINTMENTS, DIVISIONS, GENIUS_USERS)

# Association type ids per (from, to) object type id: HubSpot-defined for contact↔deal,
# portal-specific (USER_DEFINED-style) numbers for the others.
ASSOCIATION_TYPES = {("0-1", "0-3"): (4, "HUBSPOT_DEFINED"), ("0-3", "0-1"): (3, "HUBSPOT_DEFINED"),
                     ("0-1", "0-421"): (907, "HUBSPOT_DEFINED"), ("0-421", "0-1"): (906, "HUBSPOT_DEFINED"),
                     ("0-1", "2-37778609"): (77, "USER_DEFINED"), ("2-37778609", "0-1"): (78, "USER_DEFINED")}


def _s(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def build(world: World) -> tuple[dict[str, dict[int, Record]], Associations]:
    """Records per object type id, and their associations."""
    data: dict[str, dict[int, Record]] = {t.id: {} for t in OBJECT_TYPES}
    links = Associations()
    divisions = {d.id: d for d in world.divisions}
    users = {u.id: u for u in world.users}
    ids = world.ids
    contact_of = ids.table("hubspot", "homeowner")
    division_of = ids.table("hubspot", "division")

    def put(otype: ObjectType, rid: int, created: datetime, updated: datetime, **values: object) -> None:
        props = {k: _s(v) for k, v in values.items()}
        props.update({"hs_object_id": str(rid), otype.created: iso(created), otype.modified: iso(updated)})
        data[otype.id][rid] = Record(rid, props, created, updated)

    for d in world.divisions:
        put(DIVISIONS, division_of[d.id], d.created_at, d.created_at + timedelta(days=30),
            division_name=d.label, division_label=f"{d.label} ({d.abbreviation})",
            division_code=d.abbreviation, status="active", region=f"Region {d.region_id}",
            phone=f"{d.area_code}5550000", city=d.city, state=d.state, zip=f"{d.zip_prefix}00",
            genius_division_id=d.id)
    for u in world.users:
        div = divisions[u.division_id]
        put(GENIUS_USERS, ids.get("hubspot", "user", u.id), u.created_at, u.created_at + timedelta(days=10),
            name=f"{u.first_name} {u.last_name}", email=u.email, title_id=u.title_id, user_id=u.id,
            job_title=("Sales Representative", "Sales Manager")[u.title_id % 2], division=div.label,
            division_id=div.id, user_account_type="standard", user_status_inactive=u.id % 17 == 0)
    for h in world.homeowners:
        if h.id not in contact_of:
            continue
        put(CONTACTS, contact_of[h.id], h.created_at, h.updated_at, firstname=h.first_name,
            lastname=h.last_name, email=h.email, phone=h.phone1, mobilephone=h.phone2,
            address=h.address1, city=h.city, state=h.state, zip=h.zip,
            division=divisions[h.division_id].label, lifecyclestage="lead", prospect_id=h.id,
            prospect_year_built=h.year_built, hs_is_unworked=h.user_id is None,
            lead_prospect_id=h.id, lead_city=h.city, lead_zip=h.zip, lead_phone1=h.phone1,
            hs_analytics_source="OFFLINE", hs_analytics_num_visits=0, country="United States",
            division_id=h.division_id, prospect_add_date=h.created_at, prospect_user_id=h.user_id,
            ap_leadid=ids.get("leadconduit", "homeowner", h.id),  # ActiveProspect lead id (web leads)
            original_lead_source=("web", "canvass", "referral", "phone")[h.id % 4],
            services_of_interest=";".join(SERVICES[k] for k in sorted({h.id % 3, h.id % 5})),
            hs_whatsapp_phone_number=f"+1{h.phone1}" if h.id % 3 == 0 else None)
    for (homeowner_id, division_id) in world.homeowner_divisions:
        links.add(CONTACTS.id, contact_of[homeowner_id], DIVISIONS.id, division_of[division_id])
    rng = random.Random(f"{world.seed}:hubspot-deals")
    for a in world.appointments:
        appointment_id = ids.get("hubspot", "appointment", a.id)
        if appointment_id is None:
            continue
        h = world.homeowner(a.prospect_id)
        contact_id = contact_of[h.id]
        start = datetime.combine(a.date, a.time, tzinfo=timezone.utc)
        user = users.get(a.user_id)
        put(APPOINTMENTS, appointment_id, a.created_at, a.updated_at,
            hs_appointment_name=f"{SERVICES[a.service_id - 1]} - {h.last_name}",
            hs_appointment_start=start, hs_appointment_end=start + timedelta(minutes=a.duration_minutes),
            genius_appointment_id=a.id, genius_prospect_id=a.prospect_id, division_id=a.division_id,
            division=divisions[a.division_id].label, user_id=user.id if user else None,
            first_name=h.first_name, last_name=h.last_name, email=h.email, phone1=h.phone1,
            address1=h.address1, city=h.city, state=h.state, zip=h.zip, date=a.date,
            time=a.time.strftime("%H:%M"), duration=a.duration_minutes, is_complete=a.is_complete,
            appointment_status="completed" if a.is_complete else "scheduled",
            appointment_services=SERVICES[a.service_id - 1])
        links.add(CONTACTS.id, contact_id, APPOINTMENTS.id, appointment_id)
        contact = data[CONTACTS.id][contact_id].properties
        contact["first_appointment_date"] = min(filter(None, [contact.get("first_appointment_date"),
                                                              a.date.isoformat()]))
        if a.is_complete and rng.random() < 0.4:
            deal_id = HUBSPOT_DEAL_BASE + a.id % 1_000_000
            won = rng.random() < 0.5
            put(DEALS, deal_id, a.updated_at, a.updated_at + timedelta(hours=rng.randrange(1, 200)),
                dealname=f"{SERVICES[a.service_id - 1]} - {h.last_name}",
                amount=f"{rng.randrange(2_000, 40_000)}.{rng.randrange(100):02d}",
                closedate=start + timedelta(days=rng.randrange(1, 30)),
                dealstage="closedwon" if won else rng.choice(("contractsent", "closedlost")),
                pipeline="default", dealtype="newbusiness", division=divisions[a.division_id].label,
                hs_is_closed_won=won, genius_appointment_id=a.id)
            links.add(CONTACTS.id, contact_id, DEALS.id, deal_id)
    return data, links
