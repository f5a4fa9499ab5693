"""One stream per configured sheet: Sheets v4 reads, Drive v3 ``modifiedTime`` change check.

A sheet is read whole (FULL_TABLE with ACTIVATE_VERSION, so deleted rows are retired) only when
its Drive ``modifiedTime`` differs from the one kept in state after its last complete read; an
unchanged sheet costs one Drive request and no values request, and retires nothing.
"""

from __future__ import annotations

import typing as t
from urllib.parse import quote

from singer_sdk.singerlib import Schema
from singer_sdk.singerlib.catalog import Metadata
from tap_common import column_names, json_body

from tap_google_sheets.client import GoogleStream
from tap_google_sheets.schemas import MODIFIED, ROW_NUMBER, cell_value, sheet_schema


class SheetError(ValueError):
    """A sheet that cannot be loaded as configured (names stream, row and column)."""


class SheetStream(GoogleStream):
    """Rows of one tab: ``spreadsheets.values.get`` with unformatted values and serial dates."""

    def __init__(self, tap, sheet: t.Mapping[str, t.Any]) -> None:  # noqa: ANN001
        self.sheet = dict(sheet)
        self.spreadsheet_id = str(sheet["spreadsheet_id"])
        self.tab = str(sheet["sheet"])
        self.types: dict[str, str] = dict(sheet.get("column_types") or {})
        super().__init__(tap, schema={"type": "object", "properties": {}}, name=str(sheet["stream"]))
        self.columns = self.read_header()
        self._schema = sheet_schema(self.columns, self.types)
        keys = list(sheet.get("key_columns") or [])
        unknown = [k for k in keys if k not in self.columns]
        if unknown:
            msg = (f"{self.tap_name}: stream '{self.name}': key_columns {unknown} are not in the header of "
                   f"'{self.tab}' (columns: {self.columns})")
            raise SheetError(msg)
        self.primary_keys = keys or [ROW_NUMBER]

    def apply_catalog(self, catalog) -> None:  # noqa: ANN001
        """A catalog discovered before marketing added a column (Meltano's cached catalog) would
        drop that column: columns of today's header are added to its entry, selected."""
        entry = catalog.get_stream(self.name)
        if entry is not None:
            schema = entry.schema.to_dict()
            new = [name for name in self.schema["properties"] if name not in schema.get("properties", {})]
            if new:
                for name in new:
                    schema["properties"][name] = self.schema["properties"][name]
                    entry.metadata[("properties", name)] = Metadata(inclusion=Metadata.InclusionType.AVAILABLE,
                                                                    selected=True)
                entry.schema = Schema.from_dict(schema)
                self._tap.mapper.register_raw_streams_from_catalog(catalog)  # it was built from the old entry
                self.logger.info("Stream '%s': columns %s are new since the catalog was discovered", self.name, new)
        super().apply_catalog(catalog)

    @property
    def a1_tab(self) -> str:
        return "'" + self.tab.replace("'", "''") + "'"

    @property
    def path(self) -> str:  # type: ignore[override]
        return f"/v4/spreadsheets/{quote(self.spreadsheet_id, safe='')}/values/{quote(self.a1_tab, safe='')}"

    def column_map(self, header: t.Sequence[t.Any]) -> list[str]:
        cells = [str(h if h is not None else "").strip() for h in header]
        while cells and not cells[-1]:  # trailing blank cells are no columns
            cells.pop()
        return column_names(cells, self.sheet.get("header_overrides") or {})

    def read_header(self) -> list[str]:
        """Row 1 through ``spreadsheets.get`` (grid data of one row): discovery makes no values
        request, so an unchanged sheet is never read, not even its header."""
        response = self.send("GET", f"/v4/spreadsheets/{quote(self.spreadsheet_id, safe='')}",
                             params={"ranges": f"{self.a1_tab}!1:1", "includeGridData": "true",
                                     "fields": "sheets(properties(title),data(rowData(values(formattedValue))))"})
        tabs = json_body(response).get("sheets") or []
        rows = (tabs[0].get("data") or [{}])[0].get("rowData") or [] if tabs else []
        header = [cell.get("formattedValue", "") for cell in (rows[0].get("values") or [])] if rows else []
        if not header:
            msg = f"{self.tap_name}: stream '{self.name}': tab '{self.tab}' has no header row (row 1 is empty)"
            raise SheetError(msg)
        return self.column_map(header)

    def modified_time(self) -> str:
        url = f"{str(self.config['drive_api_url']).rstrip('/')}/drive/v3/files/{quote(self.spreadsheet_id, safe='')}"
        body = json_body(self.send("GET", url, params={"fields": "id,modifiedTime", "supportsAllDrives": "true"}))
        return str(body["modifiedTime"])

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        modified = self.modified_time()
        state = self.get_context_state(context)
        if state.get("modified_time") == modified:
            self.logger.info("Stream '%s': sheet unchanged since %s, not read", self.name, modified)
            self.withhold_activate_version()  # this run read nothing: retire nothing
            return
        body = json_body(self.send("GET", self.path, params={
            "valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
            "majorDimension": "ROWS"}))
        rows = body.get("values") or []
        records = self.records(rows, modified)  # every row checked before the first goes out
        yield from records
        # The sheet is read whole: retire its missing rows now, then record the modifiedTime.  A
        # later failure elsewhere cannot leave this sheet marked read but not retired (the next
        # run skips it); a failure before this point re-reads it.
        self.emit_deferred_activate_version()
        state["modified_time"] = modified

    def records(self, rows: list[list[t.Any]], modified: str) -> list[dict[str, t.Any]]:
        header = self.column_map(rows[0]) if rows else []
        if header != self.columns:  # edited between discovery and this read: the schema is stale
            msg = (f"{self.tap_name}: stream '{self.name}': the header of '{self.tab}' is now {header}, not "
                   f"{self.columns} as discovered; run again (discovery reads the new header)")
            raise SheetError(msg)
        out, seen = [], {}
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell not in ("", None) for cell in row):
                continue  # a blank row between entries
            if len(row) > len(header) and any(c not in ("", None) for c in row[len(header):]):
                self.logger.warning("Stream '%s' row %d: cells beyond the header are ignored", self.name, number)
            record: dict[str, t.Any] = {ROW_NUMBER: number, MODIFIED: modified}
            for name, value in zip(header, row):
                kind = self.types.get(name, "string")
                try:
                    record[name] = cell_value(value, kind)
                except (ValueError, TypeError):
                    msg = (f"{self.tap_name}: stream '{self.name}', row {number}, column '{name}': {value!r} is not "
                           f"a {kind} (set column_types to string and clean it in dbt)")
                    raise SheetError(msg) from None
            for name in header[len(row):]:
                record[name] = None
            key = tuple(record.get(k) for k in self.primary_keys)
            if any(v is None for v in key):
                msg = f"{self.tap_name}: stream '{self.name}', row {number}: empty key column(s) {list(self.primary_keys)}"
                raise SheetError(msg)
            if key in seen:
                msg = (f"{self.tap_name}: stream '{self.name}': rows {seen[key]} and {number} have the same key "
                       f"{dict(zip(self.primary_keys, key))}")
                raise SheetError(msg)
            seen[key] = number
            out.append(record)
        return out
