"""Sales: services, prospects and their sources, leads, appointments and quotes."""

from __future__ import annotations

from tap_genius.client import GeniusStream
from tap_genius.joins import ThirdPartyId


class ServicesStream(GeniusStream):
    name = "services"
    table = "service"


class AppointmentTypesStream(GeniusStream):
    name = "appointment_types"
    table = "appointment_type"
    replication_column = None


class AppointmentOutcomeTypesStream(GeniusStream):
    name = "appointment_outcome_types"
    table = "appointment_outcome_type"
    replication_column = None


class AppointmentOutcomesStream(GeniusStream):
    name = "appointment_outcomes"
    table = "appointment_outcome"


class ProspectsStream(GeniusStream):
    name = "prospects"
    table = "prospect"
    joins = (ThirdPartyId("hubspot_contact_id"),)


class ProspectSourcesStream(GeniusStream):
    name = "prospect_sources"
    table = "prospect_source"
    replication_fallbacks = ("add_date",)


class LeadsStream(GeniusStream):
    """Every column of the reserved-word table `lead` (the predecessor read 16 of ~95)."""

    name = "leads"
    table = "lead"
    key_properties = ("lead_id",)
    replication_fallbacks = ("added_on",)


class AppointmentsStream(GeniusStream):
    name = "appointments"
    table = "appointment"
    joins = (ThirdPartyId("hubspot_appointment_id"),)


class AppointmentServicesStream(GeniusStream):
    name = "appointment_services"
    table = "appointment_to_service"
    key_properties = ("appointment_id", "service_id")


class QuotesStream(GeniusStream):
    name = "quotes"
    table = "quote"


SALES_STREAMS = (ServicesStream, AppointmentTypesStream, AppointmentOutcomeTypesStream, AppointmentOutcomesStream,
                 ProspectsStream, ProspectSourcesStream, LeadsStream, AppointmentsStream, AppointmentServicesStream,
                 QuotesStream)
