"""Columns a stream takes from other tables (the catalog's joins), as LEFT JOINs."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import sqlalchemy as sa

from .connector import Output, SourceColumn

if t.TYPE_CHECKING:
    from .connector import GeniusConnector


def _table(connector: GeniusConnector, name: str, alias: str) -> sa.FromClause:
    cols = (sa.Column(c.name, connector.select_type(c.type)) for c in connector.columns(name))
    return sa.Table(name, sa.MetaData(), *cols).alias(alias)


class Join(t.Protocol):
    tables: tuple[str, ...]

    def apply(self, source: sa.Table, from_clause: sa.FromClause, connector: GeniusConnector,
              ) -> tuple[sa.FromClause, dict[str, Output]]: ...


@dataclass(frozen=True)
class Lookup:
    """``LEFT JOIN table ON table.remote = source.local``, adding ``columns`` (output → remote column)."""

    table: str
    local: str
    columns: tuple[tuple[str, str], ...]
    remote: str = "id"

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table,)

    def apply(self, source: sa.Table, from_clause: sa.FromClause, connector: GeniusConnector,
              ) -> tuple[sa.FromClause, dict[str, Output]]:
        other = _table(connector, self.table, f"j_{self.table}")
        reflected = {c.name: c for c in connector.columns(self.table)}
        outputs = {out: Output(other.c[col], SourceColumn(out, reflected[col].type, True),
                               f"{self.table}.{col} via {self.local}") for out, col in self.columns}
        return from_clause.outerjoin(other, other.c[self.remote] == source.c[self.local]), outputs


@dataclass(frozen=True)
class ThirdPartyId:
    """The id another system (``source_type``, e.g. ``hubspot``) gives this row.

    ``third_party_source`` rows of other types never leak into the column: the type filter
    sits inside the joined pair, so a LEAP or SalesRabbit id yields NULL, not a wrong id.
    """

    output: str
    source_type: str = "hubspot"
    local: str = "third_party_source_id"
    tables: tuple[str, ...] = ("third_party_source", "third_party_source_type")

    def apply(self, source: sa.Table, from_clause: sa.FromClause, connector: GeniusConnector,
              ) -> tuple[sa.FromClause, dict[str, Output]]:
        tps = _table(connector, "third_party_source", f"tps_{self.output}")
        tpst = _table(connector, "third_party_source_type", f"tpst_{self.output}")
        typed = tps.join(tpst, sa.and_(tpst.c.id == tps.c.third_party_source_type_id,
                                       tpst.c.label == self.source_type))
        reflected = {c.name: c for c in connector.columns("third_party_source")}
        column = SourceColumn(self.output, reflected["third_party_id"].type, True)
        outputs = {self.output: Output(tps.c.third_party_id, column,
                                       f"third_party_source.third_party_id of type '{self.source_type}'")}
        return from_clause.outerjoin(typed, tps.c.id == source.c[self.local]), outputs
