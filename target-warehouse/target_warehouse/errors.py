"""Errors that describe bad input: they name the stream and the input line.

They subclass the SDK's own exception types where one exists, so code (and the SDK's
standard test suite) that expects those types still recognises them.
"""

from __future__ import annotations

from singer_sdk.exceptions import MissingKeyPropertiesError, RecordsWithoutSchemaException


class InputError(Exception):
    """The input stream is not valid Singer for this target; nothing of the batch is kept."""

    def __init__(self, message: str, *, stream: str | None = None, line: int | None = None):
        Exception.__init__(self, message)
        self.message = message
        self.stream = stream
        self.line = line

    def __str__(self) -> str:
        where = []
        if self.stream is not None:
            where.append(f"stream '{self.stream}'")
        if self.line is not None:
            where.append(f"input line {self.line}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InvalidMessageError(InputError):
    """Not JSON, not an object, unknown type, or a message missing required keys."""


class SchemaError(InputError):
    """A SCHEMA message this target cannot load (no properties, bad key properties)."""


class RecordBeforeSchemaError(InputError, RecordsWithoutSchemaException):
    """A RECORD arrived for a stream whose SCHEMA was not seen."""


class MissingKeyError(InputError, MissingKeyPropertiesError):
    """A RECORD lacks one of its stream's key properties (or has it null)."""


class RecordValidationError(InputError):
    """A RECORD does not match its stream's schema."""


class LoadError(InputError):
    """PostgreSQL refused a batch (e.g. a value out of the column type's range)."""


def locate(exc: BaseException, *, stream: str | None, line: int | None) -> BaseException:
    """Attach stream and input line to an exception that does not carry them yet."""
    if getattr(exc, "stream", None) is None and stream is not None:
        try:
            exc.stream = stream  # type: ignore[attr-defined]
        except AttributeError:  # pragma: no cover - exotic exception types
            pass
    if getattr(exc, "line", None) is None:
        try:
            exc.line = line  # type: ignore[attr-defined]
        except AttributeError:  # pragma: no cover
            pass
    return exc


def describe(exc: BaseException) -> str:
    """One line for the log: where (stream, input line) and what."""
    if isinstance(exc, InputError):
        return str(exc)
    text = " ".join(str(exc).split()) or type(exc).__name__
    where = []
    if (stream := getattr(exc, "stream", None)) is not None:
        where.append(f"stream '{stream}'")
    if (line := getattr(exc, "line", None)) is not None:
        where.append(f"input line {line}")
    return f"{', '.join(where)}: {text}" if where else text
