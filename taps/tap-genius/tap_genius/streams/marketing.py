"""Marketing: source types, sources and the MarketSharp source mapping."""

from __future__ import annotations

from tap_genius.client import GeniusStream


class MarketingSourceTypesStream(GeniusStream):
    name = "marketing_source_types"
    table = "marketing_source_type"
    replication_fallbacks = ("created_at",)


class MarketingSourcesStream(GeniusStream):
    name = "marketing_sources"
    table = "marketing_source"


class MarketsharpSourcesStream(GeniusStream):
    name = "marketsharp_sources"
    table = "marketsharp_source"


class MarketsharpMarketingSourceMapsStream(GeniusStream):
    name = "marketsharp_marketing_source_maps"
    table = "marketsharp_marketing_source_map"
    key_properties = ("marketsharp_id",)


MARKETING_STREAMS = (MarketingSourceTypesStream, MarketingSourcesStream, MarketsharpSourcesStream,
                     MarketsharpMarketingSourceMapsStream)
