"""Production: jobs, their statuses and financing, change orders and their items."""

from __future__ import annotations

from tap_genius.client import GeniusStream


class JobsStream(GeniusStream):
    name = "jobs"
    table = "job"


class JobStatusesStream(GeniusStream):
    name = "job_statuses"
    table = "job_status"
    replication_column = None


class JobFinancingsStream(GeniusStream):
    name = "job_financings"
    table = "job_financing"
    key_properties = ("job_id",)
    replication_column = None


class JobChangeOrderTypesStream(GeniusStream):
    name = "job_change_order_types"
    table = "job_change_order_type"
    replication_column = None


class JobChangeOrderStatusesStream(GeniusStream):
    name = "job_change_order_statuses"
    table = "job_change_order_status"
    replication_column = None


class JobChangeOrderReasonsStream(GeniusStream):
    name = "job_change_order_reasons"
    table = "job_change_order_reason"
    replication_column = None


class JobChangeOrdersStream(GeniusStream):
    name = "job_change_orders"
    table = "job_change_order"


class JobChangeOrderItemsStream(GeniusStream):
    name = "job_change_order_items"
    table = "job_change_order_item"


PRODUCTION_STREAMS = (JobsStream, JobStatusesStream, JobFinancingsStream, JobChangeOrderTypesStream,
                      JobChangeOrderStatusesStream, JobChangeOrderReasonsStream, JobChangeOrdersStream,
                      JobChangeOrderItemsStream)
