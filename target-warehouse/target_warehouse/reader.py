"""Reading Singer messages: msgspec decoding, line numbers, and clean failure.

Numbers with a fraction or exponent decode to ``Decimal`` so that ``numeric`` columns get
exactly the digits the tap sent.  Every error raised while handling a line is tagged with
the input line number (and stream), and every batch in flight is abandoned before the
error propagates, so nothing of a failing batch is ever committed.
"""

from __future__ import annotations

import re
import sys
import typing as t
from collections import Counter
from decimal import Decimal

import msgspec
from singer_sdk.io_base import GenericSingerReader, SingerMessageType

from target_warehouse.errors import InvalidMessageError, LoadError, locate

_TYPES = {m.value: m for m in SingerMessageType}
_STREAM = re.compile(r'"stream"\s*:\s*("(?:[^"\\]|\\.)*")')


def _guess_stream(line: str | bytes) -> str | None:
    """The stream a broken line was about, if its "stream" key is still readable."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    if match := _STREAM.search(text):
        try:
            return msgspec.json.decode(match.group(1))
        except msgspec.DecodeError:
            return None
    return None


class WarehouseReader(GenericSingerReader):
    """Reads lines (bytes or str), dispatches them to the target's callbacks."""

    def __init__(self) -> None:
        super().__init__()
        self.line_number = 0
        self.on_failure: t.Callable[[], None] | None = None
        self._decode = msgspec.json.Decoder(float_hook=Decimal).decode

    @property
    def default_input(self) -> t.IO[bytes]:  # type: ignore[override]
        return sys.stdin.buffer

    def deserialize_json(self, line: str | bytes) -> dict:
        try:
            message = self._decode(line)
        except msgspec.DecodeError as exc:
            msg = f"not valid JSON ({exc})"
            raise InvalidMessageError(msg, stream=_guess_stream(line)) from None
        if type(message) is not dict:
            raise InvalidMessageError("a Singer message must be a JSON object")
        return message

    def process_lines(  # type: ignore[override]
        self,
        file_input: t.IO | None,
        callbacks: dict[str, t.Callable[[dict], None]],
    ) -> Counter:
        """Dispatch every line to the target's callback for its message type."""
        handlers = {_TYPES.get(str(k.value if hasattr(k, "value") else k)): v
                    for k, v in callbacks.items()}
        on_record = handlers[SingerMessageType.RECORD]
        decode = self._decode
        counts: Counter = Counter()
        records = 0
        message: t.Any = None
        try:
            for number, line in enumerate(file_input or self.default_input, 1):
                self.line_number = number
                message = None
                try:
                    message = decode(line)
                except msgspec.DecodeError:
                    if not line.strip():
                        continue  # blank lines carry nothing
                    message = self.deserialize_json(line)
                if type(message) is not dict:
                    message = self.deserialize_json(line)
                if message.get("type") == "RECORD":
                    on_record(message)
                    records += 1
                    continue
                declared = message.get("type")
                kind = _TYPES.get(declared) if isinstance(declared, str) else None
                if kind is None or kind not in handlers:
                    msg = f"unknown message type {declared!r}"
                    raise InvalidMessageError(msg)
                handlers[kind](message)
                counts[kind] += 1
        except BaseException as exc:
            if isinstance(exc, Exception) and not isinstance(exc, LoadError):
                stream = message.get("stream") if isinstance(message, dict) else None
                locate(exc, stream=stream if isinstance(stream, str) else None,
                       line=self.line_number)
            if self.on_failure is not None:
                self.on_failure()
            raise
        counts[SingerMessageType.RECORD] += records
        return counts
