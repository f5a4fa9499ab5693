"""The 30 Genius streams, grouped by area; ``STREAMS`` is the registry the tap discovers."""

from __future__ import annotations

from .marketing import MARKETING_STREAMS
from .organization import ORGANIZATION_STREAMS
from .production import PRODUCTION_STREAMS
from .sales import SALES_STREAMS

STREAMS = (*ORGANIZATION_STREAMS, *SALES_STREAMS, *MARKETING_STREAMS, *PRODUCTION_STREAMS)
