"""MarketSharp's entity model: the 23 entity sets, their types and properties (the ``$metadata``).

Written in the catalog's notation (``name:type``, ``?`` = nullable, ``PK`` = key); property
names on the wire are the camelCase of these (``last_update`` → ``lastUpdate``), as the
predecessor's field mappings and the public Java client show.  Types map to EDM the way Entity
Framework maps SQL Server columns: uniqueidentifier → ``Edm.Guid``, int → ``Edm.Int32``,
bit → ``Edm.Boolean``, datetime → ``Edm.DateTime``, float → ``Edm.Double``, decimal →
``Edm.Decimal``, (n)varchar → ``Edm.String`` with ``MaxLength``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

NAMESPACE = "MarketSharpCrmApiModel"
CONTAINER = "MarketSharpCrmApiEntities"

#: Shared by Contacts and its sub-types Customers, Leads and Prospects (same shape).
_CONTACT = """id:uuid PK, companyId:int, first_name:str(100)?, last_name:str(100)?, middle_initial:str(1)?,
title:s?, income_code:str(100)?, age_code:str(100)?, structure_age_code:str(100)?, reference:s?,
business_name:s?, contact_phone_id:uuid?, primary_address_id:uuid?, website1:url?, website2:url?,
website3:url?, email1:email?, email1_can_mail:bool, email2:email?, email2_can_mail:bool, email3:email?,
email3_can_mail:bool, is_tagged:bool?, structure_value_code:str(100)?, do_not_mail:bool,
year_home_built:str(4)?, marital_status:str(50)?, length_of_residence:str(50)?, style_of_home:str(100)?,
mail_merge_name:s?, source:s?, creation_date:datetime?, qb_sync_date:datetime?, qb_id:str(100)?,
is_active:bool, last_update:datetime, has_dnc_phone:bool, has_dne_email:bool, qb_edit_sequence:s?,
qb_sync_data:bool?, qb_name:s?, created_date:datetime"""

#: (entity set, entity type, stream, incremental on lastUpdate, properties)
SETS = [
    ("Activities", "Activity", "activities", True, """id:uuid PK, contact_id:uuid?, name:s?, type:str(100)?,
     completed_date:datetime?, due_date:datetime?, reminder_minutes:int?, notes:text?, appointment_id:uuid?,
     assign_to_employee_id:uuid?, scheduled_by_employee_id:uuid?, reminder_dismissed:bool, is_active:bool,
     last_updated_by:s, last_update:datetime, created_by:s?, created_date:datetime, inquiry_id:uuid?,
     activity_result_id:int?, activity_reference_id:int?"""),
    ("ActivityReferences", "ActivityReference", "activity_references", False, """id:int PK, company_id:int,
     name:s, inquiry_required:bool, appointment_required:bool, is_active:bool, created_by:s,
     created_date_utc:datetime, last_update_by:uuid?, last_update_utc:datetime"""),
    ("ActivityResults", "ActivityResult", "activity_results", True, """id:int PK, company_id:int, name:s,
     email_success:bool, email_failure:bool, confirmed:bool, is_active:bool, last_update_by:uuid?,
     last_update:datetime, created_by:s, created_date:datetime, count_as_appt_confirmed:bool,
     count_as_appt_created:bool, count_as_contacted:bool"""),
    ("Addresses", "Address", "addresses", False, """id:uuid PK, contact_id:uuid, line1:s?, line2:s?,
     city:str(100)?, state:str(20)?, county:s?, zip:str(10)?, country:str(100)?, carrier_route:str(50)?,
     cass:str(50)?, latitude:float?, longitude:float?, zip4:str(10)?, dpbc2:str(10)?, bar_code:str(50)?,
     is_active:bool"""),
    ("Appointments", "Appointment", "appointments", True, """id:uuid PK, inquiry_id:uuid?, salesperson1_id:uuid?,
     salesperson2_id:uuid?, set_by_id:uuid?, result_id:uuid?, last_update_by:uuid?, created_by:uuid?,
     appointment_date:datetime?, set_date:datetime?, issued_date:datetime?, note:text?, subject:s?,
     type:str(100)?, result_reason:text?, is_active:bool, last_update:datetime, created_date:datetime?"""),
    ("AppointmentResults", "AppointmentResult", "appointment_results", False, """id:uuid PK, name:s?,
     presentation:bool, sold:bool, is_active:bool"""),
    ("Companies", "Company", "companies", False, """id:int PK, number:int?, name:s?, owner:s?,
     address_line1:s?, address_line2:s?, address_city:s?, address_state:s?, address_zip:str(20)?, email:email?,
     website:url?, contact_name:s?, contact_title:s?, phone:str(20)?, fax:str(20)?, time_zone:s?"""),
    ("Contacts", "Contact", "contacts", True, _CONTACT),
    ("ContactPhones", "ContactPhone", "contact_phones", False, """contact_id:uuid PK, assistant_phone:str(50)?,
     work_fax:str(50)?, cell_phone:str(50)?, company_phone:str(50)?, home_phone2:str(50)?, home_fax:str(50)?,
     pager:str(50)?, work_phone2:str(50)?, company_fax:str(50)?, home_phone:str(50)?, work_phone:str(50)?,
     other_phone:str(50)?, cell_phone2:str(50)?, other_phone2:str(50)?"""),
    ("ContactTypes", "ContactType", "contact_types", False, """id:uuid PK, contact_id:uuid?,
     contact_type:str(50)?, is_active:bool"""),
    ("CustomFields", "CustomField", "custom_fields", False, "id:uuid PK, name:s, value:str(500)?, contact_id:uuid?"),
    ("Customers", "Customer", "customers", True, _CONTACT),
    ("Employees", "Employee", "employees", True, "id:uuid PK, name:s?, is_active:bool, last_update:datetime, company_id:int"),
    ("Inquiries", "Inquiry", "inquiries", True, """id:uuid PK, contact_id:uuid, description:s?,
     inquiry_source_primary_id:uuid?, inquiry_source_secondary_id:uuid?, creation_date:datetime?,
     inquiry_date:datetime?, set_date:datetime?, note:text?, promoter_id:uuid?, canvasser_id:uuid?,
     telemarketer_id:uuid?, job_site_address_line1:s?, job_site_address_line2:s?, job_site_city:str(100)?,
     job_site_state:str(20)?, job_site_zip:str(10)?, job_site_directions:text?, is_active:bool, set_by_id:uuid?,
     division:s?, inquiry_status_id:int?, last_update_by:uuid?, last_update:datetime, created_by:s?,
     created_date:datetime?"""),
    ("InquirySourcePrimaries", "InquirySourcePrimary", "inquiry_source_primaries", False,
     "id:uuid PK, name:s?, is_active:bool, company_id:int?"),
    ("InquirySourceSecondaries", "InquirySourceSecondary", "inquiry_source_secondaries", False,
     "id:uuid PK, inquiry_source_primary_id:uuid?, name:s?, is_active:bool, company_id:int?"),
    ("InquiryStatuses", "InquiryStatus", "inquiry_statuses", False, """id:int PK, company_id:int, name:s?,
     is_active:bool, last_update_by:uuid?, last_update_utc:datetime, created_by:s?, created_date_utc:datetime"""),
    ("Jobs", "Job", "jobs", True, """id:uuid PK, contact_id:uuid?, inquiry_id:uuid?, site:s?, number:str(100)?,
     name:s, description:text?, type:str(100)?, status:str(100)?, address_line1:s?, address_line2:s?,
     city:str(100)?, state:str(50)?, zip:str(20)?, structure_value_code:str(100)?, note:text?,
     start_date:datetime?, sale_date:datetime?, completed_date:datetime?, appointment_id:uuid?, is_active:bool,
     last_update:datetime, created_date:datetime, exported_to_guild_quality:bool"""),
    ("Leads", "Lead", "leads", True, _CONTACT),
    ("ProductDetails", "ProductDetail", "product_details", False,
     "id:uuid PK, product_type_id:uuid?, name:s, is_active:bool, company_id:int?"),
    ("ProductInterests", "ProductInterest", "product_interests", False, """id:uuid PK, inquiry_id:uuid?,
     product_type_id:uuid?, product_detail_id:uuid?, price_quoted:decimal(10,2), is_active:bool,
     last_update:datetime"""),
    ("ProductTypes", "ProductType", "product_types", False, "id:uuid PK, name:s, is_active:bool, company_id:int?"),
    ("Prospects", "Prospect", "prospects", True, _CONTACT),
]


def camel(name: str) -> str:
    """``last_update`` → ``lastUpdate`` (already camelCase names pass through)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class Prop:
    name: str  # wire name (camelCase)
    edm: str  # Edm.Guid, Edm.String, …
    nullable: bool
    max_length: int | None = None
    precision: tuple[int, int] | None = None


def _prop(spec: str) -> tuple[Prop, bool]:
    name, _, kind = spec.strip().partition(":")
    key = kind.endswith(" PK")
    kind = kind.removesuffix(" PK")
    nullable = kind.endswith("?")
    kind = kind.rstrip("?")
    base, _, arg = kind.partition("(")
    arg = arg.rstrip(")")
    edm = {"uuid": "Edm.Guid", "int": "Edm.Int32", "bool": "Edm.Boolean", "datetime": "Edm.DateTime",
           "float": "Edm.Double", "decimal": "Edm.Decimal"}.get(base, "Edm.String")
    length = int(arg) if base == "str" else 255 if base in ("s", "email", "url") else None
    precision = tuple(int(x) for x in arg.split(",")) if base == "decimal" else None
    return Prop(camel(name), edm, nullable, length, precision), key  # type: ignore[arg-type]


@dataclass(frozen=True)
class EntitySet:
    name: str  # Contacts
    type_name: str  # Contact
    stream: str  # contacts (the tap's stream; the admin API's object names)
    incremental: bool
    spec: str

    @cached_property
    def parsed(self) -> tuple[tuple[Prop, ...], str]:
        props, key = [], ""
        for part in re.split(r",(?![^(]*\))", self.spec.replace("\n", " ")):  # not the comma in decimal(10,2)
            prop, is_key = _prop(part)
            props.append(prop)
            key = prop.name if is_key else key
        return tuple(props), key

    @property
    def props(self) -> tuple[Prop, ...]:
        return self.parsed[0]

    @property
    def key(self) -> str:
        return self.parsed[1]

    @cached_property
    def types(self) -> dict[str, str]:
        return {p.name: p.edm for p in self.props}


ENTITY_SETS = {name: EntitySet(name, type_name, stream, inc, spec) for name, type_name, stream, inc, spec in SETS}
BY_STREAM = {s.stream: s for s in ENTITY_SETS.values()}
