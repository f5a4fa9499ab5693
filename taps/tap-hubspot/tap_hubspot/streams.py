"""The streams: API facts only (how objects and associations are read lives in client.py)."""

from __future__ import annotations

import csv
import io
import typing as t
from pathlib import Path

import requests
from singer_sdk import Stream

from tap_common import DeferredActivateVersion
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


class ZipcodesStream(DeferredActivateVersion, Stream):
    """Zip code → division, from a CSV (``zipcodes_source``: a path or an http(s) URL).

    Not a HubSpot object: the predecessor read it from a CSV in a GitHub repository. Columns
    ``zipcode`` (or ``zip``), ``division``, ``city``, ``county``, ``state``; always read in full.
    """

    name = "zipcodes"
    primary_keys: t.ClassVar[tuple[str, ...]] = ("zipcode",)
    schema = schemas.ZIPCODES

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        source = self.config.get("zipcodes_source")
        if not source:
            self.logger.warning("zipcodes_source is not set; the zipcodes stream is empty.")
            return
        for row in csv.DictReader(io.StringIO(_read(str(source), self.config))):
            zipcode = (row.get("zipcode") or row.get("zip") or "").strip()
            if zipcode:
                yield {"zipcode": zipcode, "division": row.get("division") or None,
                       "city": row.get("city") or None, "county": row.get("county") or None,
                       "state": row.get("state") or None, "archived": False}


def _read(source: str, config: t.Mapping[str, t.Any]) -> str:
    if source.startswith(("http://", "https://")):
        response = requests.get(source, timeout=float(config["request_timeout"]))
        response.raise_for_status()
        return response.text
    return Path(source).expanduser().read_text(encoding="utf-8-sig")


STREAMS: tuple[type[Stream], ...] = (
    ContactsStream, DealsStream, AppointmentsStream, DivisionsStream, GeniusUsersStream,
    ContactAppointmentsStream, ContactDivisionsStream, ContactDealsStream, ZipcodesStream)
