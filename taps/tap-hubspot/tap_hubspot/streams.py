"""The streams: API facts only (how objects and associations are read lives in client.py)."""

from __future__ import annotations

import typing as t

from singer_sdk import Stream

from tap_common import CSVStream
from tap_hubspot import schemas
from tap_hubspot.client import AssociationStream, ObjectStream


class ContactsStream(ObjectStream):
    name = "contacts"
    object_type = "contacts"
    modified_property = "lastmodifieddate"


class DealsStream(ObjectStream):
    name = "deals"
    object_type = "deals"


class AppointmentsStream(ObjectStream):
    name = "appointments"
    object_type = "0-421"
    object_type_setting = "appointments_object_type"


class DivisionsStream(ObjectStream):
    name = "divisions"
    object_type = "2-37778609"
    object_type_setting = "divisions_object_type"


class GeniusUsersStream(ObjectStream):
    name = "genius_users"
    object_type = "2-42119425"
    object_type_setting = "genius_users_object_type"


class ContactAppointmentsStream(AssociationStream):
    name = "contact_appointments"
    object_type = "contacts"
    modified_property = "lastmodifieddate"
    to_object_type = "0-421"
    to_object_type_setting = "appointments_object_type"
    ids_column = "appointment_ids"


class ContactDivisionsStream(AssociationStream):
    name = "contact_divisions"
    object_type = "contacts"
    modified_property = "lastmodifieddate"
    to_object_type = "2-37778609"
    to_object_type_setting = "divisions_object_type"
    ids_column = "division_ids"


class ContactDealsStream(AssociationStream):
    name = "contact_deals"
    object_type = "contacts"
    modified_property = "lastmodifieddate"
    to_object_type = "deals"
    ids_column = "deal_ids"


class ZipcodesStream(CSVStream):
    """Zip code → division, from a CSV (not a HubSpot object: the predecessor kept it in GitHub).

    Columns ``zipcode`` (or ``zip``), ``division``, ``city``, ``county``, ``state``; read whole on
    every run, so a zip code removed from the file is retired (ACTIVATE_VERSION).
    """

    name = "zipcodes"
    source_setting = "zipcodes_source"
    column_overrides: t.ClassVar[dict[str, str]] = {"zip": "zipcode"}
    primary_keys: t.ClassVar[tuple[str, ...]] = ("zipcode",)
    schema = schemas.ZIPCODES

    def post_process(self, row: dict, context: t.Any = None) -> dict:
        row["archived"] = False  # the predecessor's column, read by stg_hubspot__zipcodes
        return row


STREAMS: tuple[type[Stream], ...] = (
    ContactsStream, DealsStream, AppointmentsStream, DivisionsStream, GeniusUsersStream,
    ContactAppointmentsStream, ContactDivisionsStream, ContactDealsStream, ZipcodesStream)
