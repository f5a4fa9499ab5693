"""The peer for the benchmark: LeadConduit's events as a plain singer-sdk tap is usually written
(the cookiecutter's REST stream: ``requests`` Basic auth, records at ``$[*]``, the last id as the
next page's ``after_id``), with none of tap_common's coercion, rate windows or retry policy.

    python bench/tap-leadconduit/baseline_tap.py --config config.json
"""

from __future__ import annotations

from requests.auth import HTTPBasicAuth
from singer_sdk import RESTStream, Tap
from singer_sdk import typing as th
from singer_sdk.pagination import BaseAPIPaginator

from tap_leadconduit.schemas import EVENTS


class LastIdPaginator(BaseAPIPaginator):
    def get_next(self, response):
        page = response.json()
        return page[-1]["id"] if page else None


class Events(RESTStream):
    name, path, primary_keys, replication_key, is_sorted = "events", "/events", ("id",), "id", True
    records_jsonpath = "$[*]"
    schema = EVENTS

    @property
    def url_base(self):
        return self.config["api_url"]

    @property
    def authenticator(self):
        return HTTPBasicAuth("API", self.config["api_key"])

    def get_new_paginator(self):
        return LastIdPaginator(None)

    def get_url_params(self, context, next_page_token):
        params = {"limit": 1000, "sort": "asc", "start": self.config["start_date"]}
        if next_page_token:
            params["after_id"] = next_page_token
        return params


class BaselineTap(Tap):
    name = "tap-leadconduit-baseline"
    config_jsonschema = th.PropertiesList(th.Property("api_key", th.StringType), th.Property("api_url", th.StringType),
                                          th.Property("start_date", th.StringType)).to_dict()

    def discover_streams(self):
        return [Events(self)]


if __name__ == "__main__":
    BaselineTap.cli()
