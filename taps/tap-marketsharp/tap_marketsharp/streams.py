"""MarketSharp's 23 entity sets (catalog §10.2): name, entity set, key, replication.

Schemas come from ``$metadata`` (:mod:`tap_marketsharp.schemas`).  Ten sets carry ``lastUpdate``
and are read incrementally on it; the other thirteen are lookups or child rows without a usable
modification time, read whole every run and retired by ACTIVATE_VERSION.
"""

from __future__ import annotations

from tap_marketsharp.client import MarketSharpStream


class IncrementalStream(MarketSharpStream):
    """``$filter=lastUpdate gt …`` from the bookmark; ``$orderby=lastUpdate,<key>``."""

    replication_key = "last_update"

class ActivitiesStream(IncrementalStream):
    name = "activities"
    entity_set = "Activities"
    primary_keys = ("id",)

class ActivityReferencesStream(MarketSharpStream):
    name = "activity_references"
    entity_set = "ActivityReferences"
    primary_keys = ("id",)

class ActivityResultsStream(IncrementalStream):
    name = "activity_results"
    entity_set = "ActivityResults"
    primary_keys = ("id",)

class AddressesStream(MarketSharpStream):
    name = "addresses"
    entity_set = "Addresses"
    primary_keys = ("id",)

class AppointmentsStream(IncrementalStream):
    name = "appointments"
    entity_set = "Appointments"
    primary_keys = ("id",)

class AppointmentResultsStream(MarketSharpStream):
    name = "appointment_results"
    entity_set = "AppointmentResults"
    primary_keys = ("id",)

class CompaniesStream(MarketSharpStream):
    name = "companies"
    entity_set = "Companies"
    primary_keys = ("id",)

class ContactsStream(IncrementalStream):
    name = "contacts"
    entity_set = "Contacts"
    primary_keys = ("id",)

class ContactPhonesStream(MarketSharpStream):
    name = "contact_phones"
    entity_set = "ContactPhones"
    primary_keys = ("contact_id",)

class ContactTypesStream(MarketSharpStream):
    name = "contact_types"
    entity_set = "ContactTypes"
    primary_keys = ("id",)

class CustomFieldsStream(MarketSharpStream):
    name = "custom_fields"
    entity_set = "CustomFields"
    primary_keys = ("id",)

class CustomersStream(IncrementalStream):
    name = "customers"
    entity_set = "Customers"
    primary_keys = ("id",)

class EmployeesStream(IncrementalStream):
    name = "employees"
    entity_set = "Employees"
    primary_keys = ("id",)

class InquiriesStream(IncrementalStream):
    name = "inquiries"
    entity_set = "Inquiries"
    primary_keys = ("id",)

class InquirySourcePrimariesStream(MarketSharpStream):
    name = "inquiry_source_primaries"
    entity_set = "InquirySourcePrimaries"
    primary_keys = ("id",)

class InquirySourceSecondariesStream(MarketSharpStream):
    name = "inquiry_source_secondaries"
    entity_set = "InquirySourceSecondaries"
    primary_keys = ("id",)

class InquiryStatusesStream(MarketSharpStream):
    name = "inquiry_statuses"
    entity_set = "InquiryStatuses"
    primary_keys = ("id",)

class JobsStream(IncrementalStream):
    name = "jobs"
    entity_set = "Jobs"
    primary_keys = ("id",)

class LeadsStream(IncrementalStream):
    name = "leads"
    entity_set = "Leads"
    primary_keys = ("id",)

class ProductDetailsStream(MarketSharpStream):
    name = "product_details"
    entity_set = "ProductDetails"
    primary_keys = ("id",)

class ProductInterestsStream(MarketSharpStream):
    name = "product_interests"
    entity_set = "ProductInterests"
    primary_keys = ("id",)

class ProductTypesStream(MarketSharpStream):
    name = "product_types"
    entity_set = "ProductTypes"
    primary_keys = ("id",)

class ProspectsStream(IncrementalStream):
    name = "prospects"
    entity_set = "Prospects"
    primary_keys = ("id",)


STREAMS = (ActivitiesStream, ActivityReferencesStream, ActivityResultsStream, AddressesStream,
           AppointmentsStream, AppointmentResultsStream, CompaniesStream, ContactsStream, ContactPhonesStream,
           ContactTypesStream, CustomFieldsStream, CustomersStream, EmployeesStream, InquiriesStream,
           InquirySourcePrimariesStream, InquirySourceSecondariesStream, InquiryStatusesStream, JobsStream,
           LeadsStream, ProductDetailsStream, ProductInterestsStream, ProductTypesStream, ProspectsStream)
