"""Singer tap for MarketSharp (OData v2 / Atom XML)."""
