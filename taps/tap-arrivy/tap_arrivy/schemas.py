"""JSON schemas of the Arrivy REST API resources, declared once.

Documented fields first (Arrivy's API pages and Swagger files, see the emulation's CONTRACT.md),
then the fields the real API returns beyond them (seen by the predecessor, catalog §4.5). None is
required but the keys: the pages predate some fields and an account may lack others. Nested
objects and arrays stay whole and land as jsonb; ``ANY`` is for values the docs show in two
shapes (``entity_ids``: an id array on input, a comma-separated string in the GET example).
"""

from __future__ import annotations

from singer_sdk import typing as th

S, B, I, N, T = th.StringType, th.BooleanType, th.IntegerType, th.NumberType, th.DateTimeType
P = th.Property

#: Any JSON value, kept as the API sends it (the type list lets the SDK conform it; the target
#: loads such a union as jsonb).
ANY = th.CustomType({"type": ["object", "array", "string", "number", "boolean", "null"]})
OBJECT = th.ObjectType(additional_properties=True)
ARRAY = th.ArrayType(ANY)
#: Arrivy's ``{"lat": …, "lng": …}``; numbers or numeric strings depending on who wrote them.
LOCATION = th.ObjectType(P("lat", ANY), P("lng", ANY), additional_properties=True)

ADDRESS = [P("address_line_1", S), P("address_line_2", S), P("city", S), P("state", S),
           P("country", S), P("zipcode", S), P("complete_address", S), P("exact_location", LOCATION)]
#: Who made and last changed a record, and when (not in the pages; the real API sends them).
AUDIT = [P("owner", I), P("created_by", I), P("updated_by", I), P("created_by_user", S),
         P("updated_by_user", S), P("created", T), P("updated", T)]

ENTITIES = th.PropertiesList(
    P("id", I, required=True), P("name", S), P("type", S), P("email", S), P("phone", S),
    P("details", S), P("extra_fields", OBJECT), P("group_id", I), P("additional_group_ids", ARRAY),
    P("image_id", I), P("image_path", S), P("external_id", S), P("external_type", S),
    P("permission", S), P("user_type", S), P("username", S), P("color", S), P("url_safe_id", S),
    P("is_active", B), P("is_disabled", B), P("is_default", B), P("invite_status", S),
    P("skill_ids", ARRAY), P("template_id", I), P("template_extra_fields", ARRAY),
    P("joined_datetime", T), P("lastreading", OBJECT),
    *ADDRESS, *AUDIT,
).to_dict()

GROUPS = th.PropertiesList(
    P("id", I, required=True), P("name", S), P("description", S), P("email", S), P("phone", S),
    P("mobile_number", S), P("emergency", S), P("website", S), P("extra_fields", OBJECT),
    P("image_id", I), P("image_path", S), P("timezone", S), P("url_safe_id", S),
    P("is_default", B), P("is_disabled", B), P("is_implicit", B), P("social_links", OBJECT),
    P("additional_addresses", ARRAY), P("territory_ids", ARRAY),
    *ADDRESS, *AUDIT,
).to_dict()

#: The schedule of a task or booking: UTC instants plus the strings as originally written.
SCHEDULE = [P("start_datetime", T), P("start_datetime_original_iso_str", S),
            P("start_datetime_timezone", S), P("end_datetime", T),
            P("end_datetime_original_iso_str", S), P("end_datetime_timezone", S),
            P("due_datetime", T), P("due_datetime_original_iso_str", S), P("timezone", S),
            P("unscheduled", B), P("enable_time_window_display", B), P("time_window_start", I),
            P("duration", I)]
CUSTOMER = [P("customer_id", I), P("customer_name", S), P("customer_first_name", S),
            P("customer_last_name", S), P("customer_company_name", S), P("customer_email", S),
            P("customer_phone", S), P("customer_mobile_number", S), P("customer_notes", S),
            P("customer_timezone", S), P("customer_address_line_1", S),
            P("customer_address_line_2", S), P("customer_address", S), P("customer_city", S),
            P("customer_state", S), P("customer_country", S), P("customer_zipcode", S),
            P("customer_exact_location", LOCATION)]
#: Crew, equipment, template and route assignment, shared by tasks and bookings.
ASSIGNMENT = [P("group_id", I), P("template", I), P("template_id", I), P("template_type", S),
              P("entity_ids", ANY), P("crew_ids", ANY), P("worker_ids", ANY),
              P("resource_ids", ANY), P("number_of_workers_required", I),
              P("template_extra_fields", ARRAY), P("extra_fields", OBJECT),
              P("additional_addresses", ARRAY), P("items", ARRAY), P("notifications", OBJECT),
              P("route_id", I), P("internal_route_id", I), P("routes", ARRAY),
              P("entity_routes", ARRAY), P("entity_confirmation_statuses", ANY)]

TASKS = th.PropertiesList(
    P("id", I, required=True), P("url_safe_id", S), P("title", S), P("details", S),
    P("status", S), P("status_title", S), P("source", S), P("source_id", S),
    P("external_id", S), P("external_type", S), P("external_url", S),
    P("external_resource_type", S), P("linked_internal_ref", S), P("linked_external_ref", S),
    P("is_linked", B), P("self_scheduling", B), P("series_id", I),
    P("is_supply_provided_locked", B), P("is_supply_returned_locked", B),
    P("current_destination", OBJECT), P("mileage", ANY), P("travel_time", ANY),
    P("wait_time", ANY), P("task_time", ANY), P("total_time", ANY), P("rating", N),
    P("rating_text", S), P("outbound_sms_count", I), P("inbound_sms_count", I),
    P("outbound_email_count", I), P("inbound_email_count", I), P("document_ids", ARRAY),
    P("file_ids", ARRAY), P("files", ARRAY), P("forms", ANY), P("skill_details", ANY),
    *SCHEDULE, *CUSTOMER, *ASSIGNMENT, *AUDIT,
).to_dict()

TASK_STATUSES = th.PropertiesList(
    P("task_id", I, required=True, description="The task whose history this is (request path)"),
    P("id", I, required=True), P("type", S), P("title", S), P("time", T),
    P("time_original_iso_str", S), P("reporter_name", S), P("reporter_id", ANY), P("source", S),
    P("extra_fields", OBJECT), P("current_destination", OBJECT), P("items", ARRAY),
    P("is_transient", B), P("visible_to_customer", B), *AUDIT,
).to_dict()

BOOKINGS = th.PropertiesList(
    P("id", I, required=True), P("url_safe_id", S), P("external_id", S), P("title", S),
    P("description", S), P("details", S), P("status", S), P("status_id", I), P("task_type", S),
    P("duration_estimate", I), P("is_recurring", B), P("is_all_day", B), P("group", S),
    P("instructions", S), P("custom_fields", OBJECT), P("rating", N), P("rating_text", S),
    P("created_time", T), P("updated_time", T), P("actual_start_datetime", T),
    P("actual_end_datetime", T), P("document_ids", ARRAY), P("file_ids", ARRAY),
    P("files", ARRAY), P("forms", ANY), P("current_destination", OBJECT),
    *SCHEDULE, *CUSTOMER, *ASSIGNMENT, *AUDIT,
).to_dict()

STATUSES = th.PropertiesList(
    P("id", I, required=True), P("name", S), P("title", S), P("description", S),
    P("type", S), P("type_id", I), P("is_active", B), P("order", I),
    P("visible_to_customer", B), P("require_signature", B), P("require_rating", B),
    P("color", S), P("created", T), P("updated", T),
).to_dict()
