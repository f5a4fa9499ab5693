"""The file kit: a CSV file as a full-table stream, and the header rule every tabular source shares.

    class OfficesStream(CSVStream):
        name = "offices"
        source_setting = "offices_csv"               # the setting holding a path or an http(s) URL
        column_overrides = {"Office #": "office_id"}  # header text (or its snake_case) → column
        primary_keys = ("office_id",)
        schema = schemas.OFFICES

- The header row becomes unique snake_case column names (:func:`column_names`, usable without a
  file: Google Sheets' header rows); columns the schema does not declare are dropped (warned once).
- Values are typed by the schema with the kit's coercion in strict mode: a value that does not
  parse as its column's type is an error, never a silent null.
- A malformed row (wrong number of fields, a value of the wrong type, an empty key, broken
  quoting or encoding) raises :class:`MalformedFileError` naming the file and line.  The whole
  file is checked before the first record goes out, so a bad file writes no record, and the
  stream's ACTIVATE_VERSION (sent only after a good run) retires nothing: the warehouse keeps the
  last good file whole.
- A URL is streamed to a temporary file (memory stays flat whatever its size; both passes read
  the same bytes), retried on 429/5xx/timeouts/resets with the tap's ``http_settings()``;
  its query string (often a token) never appears in a message.
- Always read whole: FULL_TABLE, ACTIVATE_VERSION after the run (:mod:`tap_common.versions`).
  An unset source setting gives an empty stream that retires nothing.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import re
import tempfile
import typing as t
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import backoff
import requests
from singer_sdk import Stream

from tap_common.coerce import Coercer, CoercionError
from tap_common.versions import DeferredActivateVersion

#: PostgreSQL truncates identifiers to 63 bytes; names stay unique after truncation.
MAX_NAME = 63
_WORDS = {"%": " pct ", "#": " num "}
_CHUNK = 1 << 16


class MalformedFileError(ValueError):
    """A file that cannot be loaded as declared; the message names the file and line."""


def snake_case(text: str) -> str:
    """``"Zip Code"`` → ``zip_code``, ``"firstName"`` → ``first_name``, ``"Job #"`` → ``job_num``.

    Accents are dropped (``Código`` → ``codigo``), every other non-alphanumeric run becomes one
    ``_``, and a leading digit gets ``col_`` (``"2024 Revenue"`` → ``col_2024_revenue``) so the
    name is a plain SQL identifier.  Empty when nothing alphanumeric is left.  (singer-sdk's
    ``snakecase`` is private and splits acronyms letter by letter: ``"ID"`` → ``i_d``.)
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    for symbol, word in _WORDS.items():
        text = text.replace(symbol, word)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)       # firstName → first_Name
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)    # HTTPStatus → HTTP_Status
    name = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower()
    return f"col_{name}" if name[:1].isdigit() else name


def column_names(header: t.Sequence[str], overrides: t.Mapping[str, str] | None = None) -> list[str]:
    """A header row → unique snake_case column names, one per cell, in order.

    ``overrides`` map a header cell (its exact text, or its snake_case form) to the column name
    to use verbatim.  A blank cell becomes ``column_<position>`` (1-based); a repeated name gets
    ``_2``, ``_3``… (an override keeps its name and the other cell is suffixed).
    """
    exact = dict(overrides or {})
    by_snake = {snake_case(key): name for key, name in exact.items()}
    wanted: list[tuple[str, bool]] = []
    for position, cell in enumerate(header, start=1):
        text = str(cell or "").strip()
        auto = snake_case(text)
        if text in exact or (auto and auto in by_snake):
            wanted.append((exact.get(text) or by_snake[auto], True))
        else:
            wanted.append(((auto or f"column_{position}")[:MAX_NAME].rstrip("_"), False))
    fixed = [name for name, is_override in wanted if is_override]
    if len(set(fixed)) != len(fixed):
        twice = sorted({n for n in fixed if fixed.count(n) > 1})
        msg = f"column overrides give several header cells the same name: {twice}"
        raise ValueError(msg)
    taken, names = set(fixed), []
    for name, is_override in wanted:
        if not is_override:
            base, n = name, 1
            while name in taken:
                n += 1
                name = f"{base[:MAX_NAME - len(str(n)) - 1]}_{n}"
            taken.add(name)
        names.append(name)
    return names


class _Retry(Exception):
    """A transient HTTP answer (429, 5xx) on a file download."""


class CSVStream(DeferredActivateVersion, Stream):
    """A CSV file (path or http(s) URL from ``source_setting``) read whole on every run."""

    #: The setting that holds the file's path or URL.
    source_setting: t.ClassVar[str] = ""
    #: Header cell (exact text or snake_case form) → column name.
    column_overrides: t.ClassVar[t.Mapping[str, str]] = {}
    encoding: t.ClassVar[str] = "utf-8-sig"  # a BOM from spreadsheet exports is dropped
    delimiter: t.ClassVar[str] = ","

    def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
        source = self.config.get(self.source_setting)
        if not source:
            self.logger.warning("%s: setting %r is not set; the stream is empty and retires nothing.",
                                self.name, self.source_setting)
            self.withhold_activate_version()
            return
        with self.local_copy(str(source)) as (path, label):
            collections.deque(self.read_rows(path, label, check=True), maxlen=0)  # the whole file parses
            yield from self.read_rows(path, label)

    def read_rows(self, path: Path, label: str, *, check: bool = False) -> t.Iterator[dict[str, t.Any]]:
        """The file's rows as typed records; :class:`MalformedFileError` on the first bad one."""
        declared = self.schema.get("properties") or {}
        coerce = Coercer(self.schema, blank_is_null=True, strict=True)  # a CSV cannot tell "" from null
        with path.open(newline="", encoding=self.encoding) as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            line = 1
            try:
                header = next(reader, None)
                if header is None:
                    raise MalformedFileError(f"{self.name}: {label} is empty (no header line)")
                names = self._columns(header, declared, label, warn=check)
                line = reader.line_num + 1
                for row in reader:
                    if any(cell.strip() for cell in row):  # blank lines and ",,," are no rows
                        yield self._record(row, names, declared, coerce, label, line)
                    line = reader.line_num + 1
            except (csv.Error, UnicodeDecodeError) as exc:
                raise MalformedFileError(f"{self.name}: {label}, line {line}: {exc}") from exc

    def _columns(self, header: list[str], declared: dict, label: str, *, warn: bool) -> list[str]:
        names = column_names(header, self.column_overrides)
        missing = [key for key in self.primary_keys or () if key not in names]
        if missing:
            msg = (f"{self.name}: {label}, line 1: no column for key {missing} in header {header} "
                   f"(columns {names}; map one with column_overrides)")
            raise MalformedFileError(msg)
        unknown = [n for n in names if n not in declared]
        if unknown and warn:
            self.logger.warning("%s: %s has columns the schema does not declare (dropped): %s",
                                self.name, label, unknown)
        return names

    def _record(self, row: list[str], names: list[str], declared: dict, coerce: Coercer, label: str,
                line: int) -> dict[str, t.Any]:
        where = f"{self.name}: {label}, line {line}"
        if len(row) != len(names):
            raise MalformedFileError(f"{where}: {len(row)} fields, the header has {len(names)}")
        if any("\0" in cell for cell in row):  # a binary or UTF-16 file read as text
            raise MalformedFileError(f"{where}: a NUL byte (is the file {self.encoding}?)")
        record = dict.fromkeys(declared)
        record.update((n, v) for n, v in zip(names, row) if n in declared)
        try:
            coerce(record)
        except CoercionError as exc:
            raise MalformedFileError(f"{where}: {exc}") from exc
        empty = [key for key in self.primary_keys or () if record.get(key) is None]
        if empty:
            raise MalformedFileError(f"{where}: key column {empty[0]!r} is empty")
        return record

    # -- the source --------------------------------------------------------------------------
    @contextlib.contextmanager
    def local_copy(self, source: str) -> t.Iterator[tuple[Path, str]]:
        """(a local path to read, the file's name for messages); a URL is downloaded first."""
        if not source.startswith(("http://", "https://")):
            path = Path(source).expanduser()
            if not path.is_file():
                msg = f"{self.name}: {path} (setting {self.source_setting!r}) is not a readable file"
                raise FileNotFoundError(msg)
            yield path, str(path)
            return
        parts = urlsplit(source)
        label = f"{parts.scheme}://{parts.netloc}{parts.path}"  # the query may carry a token
        with tempfile.TemporaryDirectory(prefix=f"{self.name}-") as tmp:
            path = Path(tmp, "download.csv")
            self.download(source, label, path)
            yield path, label

    def download(self, url: str, label: str, path: Path) -> None:
        """Stream ``url`` to ``path`` in chunks; transient failures retried on the http settings."""
        transient = (_Retry, requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)

        @backoff.on_exception(backoff.expo, transient, max_tries=int(self.config["backoff_max_tries"]),
                              factor=float(self.config["backoff_base_seconds"]),
                              max_value=float(self.config["backoff_max_seconds"]), logger=None)
        def attempt() -> None:
            with requests.get(url, stream=True, timeout=float(self.config["request_timeout"])) as response:
                status = response.status_code
                if status == 429 or status >= 500:  # noqa: PLR2004
                    raise _Retry(f"{self.name}: HTTP {status} from {label}")
                if status >= 400:  # noqa: PLR2004
                    msg = (f"{self.name}: HTTP {status} from {label} (setting {self.source_setting!r}): "
                           f"{response.reason}")
                    raise MalformedFileError(msg)
                with path.open("wb") as out:
                    for chunk in response.iter_content(_CHUNK):
                        out.write(chunk)

        attempt()
