"""JSON schemas of SalesRabbit's leads and users, declared once.

SalesRabbit publishes no schema; the fields are the ones public client code reads and the
predecessor mapped (``sandbox/crm_sandbox/api/vendors/salesrabbit/CONTRACT.md``).  Records keep
SalesRabbit's camelCase names; the loader turns them into snake_case columns.  Nested objects
(``address``, ``coordinates``, ``customFields``, ``integrationData``, ``files``,
``externalIds``) stay whole and land as jsonb; they allow extra keys.
"""

from __future__ import annotations

from singer_sdk import typing as th

S, B, I, N, T, D = (th.StringType, th.BooleanType, th.IntegerType, th.NumberType, th.DateTimeType,
                    th.DateType)
P = th.Property

#: An open JSON value kept whole: an object normally; a JSON-encoded string on old payloads.
OPEN = th.CustomType({"type": ["object", "array", "string", "null"], "additionalProperties": True})

ADDRESS = th.ObjectType(P("street1", S), P("street2", S), P("city", S), P("state", S), P("zip", S),
                        P("country", S), additional_properties=True)
COORDINATES = th.ObjectType(P("latitude", N), P("longitude", N), additional_properties=True)

LEADS = th.PropertiesList(
    P("id", I, required=True),
    # owner
    P("userId", I), P("userName", S),
    # person
    P("firstName", S), P("lastName", S), P("businessName", S), P("email", S),
    P("phonePrimary", S), P("phoneAlternate", S), P("dateOfBirth", D),
    # the pin
    P("address", ADDRESS), P("coordinates", COORDINATES),
    # disposition
    P("status", S), P("statusModified", T), P("notes", S), P("appointment", S), P("campaignId", I),
    P("customFields", OPEN), P("integrationData", OPEN), P("files", OPEN),
    # timestamps; `deletedAt` set = deleted in SalesRabbit (the tap adds `_sdc_deleted_at`)
    P("dateCreated", T), P("dateModified", T, required=True), P("ownerModified", T), P("deletedAt", T),
    P("_sdc_deleted_at", T),
).to_dict()

USERS = th.PropertiesList(
    P("id", I, required=True),
    P("firstName", S), P("lastName", S), P("email", S), P("phone", S), P("active", B),
    P("hireDate", D),
    # organisation
    P("orgId", I), P("businessUnit", S), P("department", S), P("role", S), P("office", S),
    P("team", S), P("region", S), P("supervisorId", I), P("recruiterId", I),
    # ids in other systems (`cmsId`: the user in the company's CRM)
    P("cmsId", I), P("leadRepCmsId", I), P("externalIds", OPEN),
    # the predecessor reads this one snake_case, unlike every other field
    P("photo_url", S),
    P("dateCreated", T), P("dateModified", T),
).to_dict()
