"""JSON schemas of the CallRail API v3 resources (apidocs.callrail.com), declared once.

Nested objects (tracking numbers, call flow, form data, tags, messages) stay objects and
land as jsonb; they allow extra keys, since CallRail adds fields over time.
"""

from __future__ import annotations

from singer_sdk import typing as th

S, B, I, N, T = th.StringType, th.BooleanType, th.IntegerType, th.NumberType, th.DateTimeType
P = th.Property

#: The parent account every child record belongs to (from the request path).
ACCOUNT_ID = P("account_id", S, required=True, description="CallRail account (ACC…) of the record")
#: An open JSON object: kept whole, whatever its keys.
OPEN_OBJECT = th.ObjectType(additional_properties=True)
COMPANY_REF = th.ObjectType(P("id", S), P("name", S))
#: Call and form tags: objects on CallRail, plain names on some older payloads.
TAG_LIST = th.ArrayType(th.CustomType({
    "type": ["object", "string"], "additionalProperties": True,
    "properties": {"name": {"type": ["string", "null"]}, "color": {"type": ["string", "null"]}},
}))

ACCOUNTS = th.PropertiesList(
    P("id", S, required=True), P("name", S), P("outbound_recording_enabled", B),
    P("hipaa_account", B), P("numeric_id", I),
).to_dict()

COMPANIES = th.PropertiesList(
    ACCOUNT_ID, P("id", S, required=True), P("name", S), P("status", S), P("time_zone", S),
    P("created_at", T), P("disabled_at", T), P("dni_active", B), P("script_url", S),
    P("callscore_enabled", B), P("lead_scoring_enabled", B), P("swap_exclude_jquery", B),
    P("swap_ppc_override", B), P("swap_landing_override", S), P("swap_cookie_duration", I),
    P("swap_cookie_duration_unit", S), P("callscribe_enabled", B),
    P("keyword_spotting_enabled", B), P("form_capture", B),
).to_dict()

TRACKERS = th.PropertiesList(
    ACCOUNT_ID, P("id", S, required=True), P("name", S), P("type", S), P("status", S),
    P("destination_number", S), P("tracking_numbers", th.ArrayType(S)), P("whisper_message", S),
    P("sms_enabled", B), P("sms_supported", B), P("company", COMPANY_REF),
    P("call_flow", OPEN_OBJECT), P("source", OPEN_OBJECT), P("campaign_name", S),
    P("swap_targets", th.ArrayType(S)), P("created_at", T), P("disabled_at", T),
).to_dict()

CALLS = th.PropertiesList(
    ACCOUNT_ID, P("id", S, required=True),
    # returned by default
    P("answered", B), P("business_phone_number", S), P("customer_city", S),
    P("customer_country", S), P("customer_name", S), P("customer_phone_number", S),
    P("customer_state", S), P("direction", S), P("duration", I), P("recording", S),
    P("recording_duration", I), P("recording_player", S), P("start_time", T, required=True),
    P("tracking_phone_number", S), P("voicemail", B),
    # user-requested with fields= (streams.CALL_FIELDS)
    P("agent_email", S), P("call_type", S), P("campaign", S), P("company_id", S),
    P("company_name", S), P("note", S), P("tags", TAG_LIST), P("lead_status", S), P("value", N),
).to_dict()

FORM_SUBMISSIONS = th.PropertiesList(
    ACCOUNT_ID, P("id", S, required=True), P("company_id", S), P("person_id", S),
    P("form_data", OPEN_OBJECT), P("form_url", S), P("landing_page_url", S), P("referrer", S),
    P("referring_url", S), P("submitted_at", T, required=True), P("first_form", B),
    P("customer_phone_number", S), P("customer_name", S), P("customer_email", S),
    P("formatted_customer_phone_number", S), P("formatted_customer_name", S), P("source", S),
    P("keywords", S), P("campaign", S), P("medium", S),
).to_dict()

TEXT_MESSAGES = th.PropertiesList(
    ACCOUNT_ID, P("id", S, required=True), P("company_id", S), P("company_name", S),
    P("initial_tracker_id", S), P("current_tracker_id", S), P("tracker_name", S),
    P("customer_name", S), P("customer_phone_number", S), P("initial_tracking_number", S),
    P("current_tracking_number", S), P("last_message_at", T, required=True), P("state", S),
    P("company_time_zone", S), P("formatted_customer_phone_number", S),
    P("formatted_initial_tracking_number", S), P("formatted_current_tracking_number", S),
    P("formatted_customer_name", S),
    P("recent_messages", th.ArrayType(th.ObjectType(
        P("direction", S), P("content", S), P("created_at", T), P("type", S),
        P("media_urls", th.ArrayType(S)), additional_properties=True))),
).to_dict()

TAGS = th.PropertiesList(
    ACCOUNT_ID, P("id", I, required=True), P("name", S), P("tag_level", S), P("color", S),
    P("background_color", S), P("company_id", S), P("status", S), P("created_at", T),
).to_dict()

USERS = th.PropertiesList(
    ACCOUNT_ID, P("id", S, required=True), P("email", S), P("first_name", S),
    P("last_name", S), P("name", S), P("role", S), P("created_at", T), P("accepted", B),
    P("companies", th.ArrayType(COMPANY_REF)),
).to_dict()
