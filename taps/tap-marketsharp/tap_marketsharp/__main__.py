"""Singer tap for MarketSharp."""
from tap_marketsharp.tap import TapMarketSharp

TapMarketSharp.cli()
