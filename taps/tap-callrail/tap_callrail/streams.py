"""CallRail API v3 streams: accounts, and seven resources listed per account."""

from __future__ import annotations

import typing as t

from tap_callrail import schemas
from tap_callrail.client import AccountChildStream, CallRailStream, DateFilteredStream
from tap_common import NextURL

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

#: User-requested call fields (``fields=``); the default ones come anyway.
CALL_FIELDS = ("agent_email", "call_type", "campaign", "company_id", "company_name", "note",
               "tags", "lead_status", "value")


class AccountsStream(CallRailStream):
    name = "accounts"
    path = "/a.json"
    records_jsonpath = "$.accounts[*]"
    primary_keys = ("id",)
    schema = schemas.ACCOUNTS
    #: ``numeric_id`` is returned only on request (field selection).
    extra_params: t.ClassVar[dict[str, str]] = {"fields": "numeric_id"}

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        allowed = self.config.get("account_ids")
        return super().post_process(row, context) if not allowed or row["id"] in allowed else None

    def get_child_context(self, record: dict, context: Context | None) -> dict:
        return {"account_id": record["id"]}


class CompaniesStream(AccountChildStream):
    name = "companies"
    path = "/a/{account_id}/companies.json"
    records_jsonpath = "$.companies[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    schema = schemas.COMPANIES


class TrackersStream(AccountChildStream):
    name = "trackers"
    path = "/a/{account_id}/trackers.json"
    records_jsonpath = "$.trackers[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    schema = schemas.TRACKERS
    #: Returned only on request (field selection).
    extra_params: t.ClassVar[dict[str, str]] = {"fields": "campaign_name,swap_targets"}


class CallsStream(DateFilteredStream):
    """Relative pagination, as CallRail recommends for calls (offset pages shift as calls arrive):
    "Use this value [next_page] to call the endpoint for the next page of results. Do not modify
    the URL value." Calls allow up to 250 a page."""

    name = "calls"
    path = "/a/{account_id}/calls.json"
    records_jsonpath = "$.calls[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    replication_key = "start_time"
    schema = schemas.CALLS
    paging = NextURL("$.next_page", more="$.has_next_page", size=250)
    extra_params: t.ClassVar[dict[str, str]] = {"relative_pagination": "true",
                                                "fields": ",".join(CALL_FIELDS)}


class FormSubmissionsStream(DateFilteredStream):
    name = "form_submissions"
    path = "/a/{account_id}/form_submissions.json"
    records_jsonpath = "$.form_submissions[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    replication_key = "submitted_at"
    schema = schemas.FORM_SUBMISSIONS


class TextMessagesStream(DateFilteredStream):
    """One record per conversation; a new message moves ``last_message_at``."""

    name = "text_messages"
    path = "/a/{account_id}/text-messages.json"
    records_jsonpath = "$.conversations[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    replication_key = "last_message_at"
    schema = schemas.TEXT_MESSAGES


class TagsStream(AccountChildStream):
    name = "tags"
    path = "/a/{account_id}/tags.json"
    records_jsonpath = "$.tags[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    schema = schemas.TAGS


class UsersStream(AccountChildStream):
    name = "users"
    path = "/a/{account_id}/users.json"
    records_jsonpath = "$.users[*]"
    parent_stream_type = AccountsStream
    primary_keys = ("id",)
    schema = schemas.USERS


STREAMS = (AccountsStream, CompaniesStream, TrackersStream, CallsStream, FormSubmissionsStream,
           TextMessagesStream, TagsStream, UsersStream)
