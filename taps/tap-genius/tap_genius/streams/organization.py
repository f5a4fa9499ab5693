"""Organization: division groups/regions, divisions, users and their integration fields."""

from __future__ import annotations

from tap_genius.client import GeniusStream
from tap_genius.joins import Lookup


class DivisionGroupsStream(GeniusStream):
    name = "division_groups"
    table = "division_group"


class DivisionRegionsStream(GeniusStream):
    name = "division_regions"
    table = "division_region"
    replication_column = None


class DivisionsStream(GeniusStream):
    name = "divisions"
    table = "division"


class UserTitlesStream(GeniusStream):
    name = "user_titles"
    table = "user_title"


class UsersStream(GeniusStream):
    """``user_data`` with ``primary_user_id`` from its ``users_userassociations`` row."""

    name = "users"
    table = "user_data"
    key_properties = ("user_id",)
    joins = (Lookup("users_userassociations", local="user_associations_id",
                    columns=(("primary_user_id", "primary_user_id"),)),)


class UserAssociationsStream(GeniusStream):
    name = "user_associations"
    table = "users_userassociations"


class IntegrationFieldDefinitionsStream(GeniusStream):
    name = "integration_field_definitions"
    table = "integration_field_definition"
    replication_column = None


class IntegrationFieldsStream(GeniusStream):
    name = "integration_fields"
    table = "integration_field"


ORGANIZATION_STREAMS = (DivisionGroupsStream, DivisionRegionsStream, DivisionsStream, UserTitlesStream,
                        UsersStream, UserAssociationsStream, IntegrationFieldDefinitionsStream,
                        IntegrationFieldsStream)
