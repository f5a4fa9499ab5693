"""ACTIVATE_VERSION only after the whole run's data is out.

singer-sdk writes ACTIVATE_VERSION for a FULL_TABLE stream when the stream's sync *starts*,
and a target following the Singer convention (ours does) then retires every row of older
versions.  A run dying midway would leave every row it had not re-sent yet marked deleted
until the next good run.  So a stream keeps its version back
(:class:`DeferredActivateVersion`) and the tap sends all of them once every stream, partition
and child context has finished (:class:`ActivateVersionsAfterSync`): a crashed or failed run
sends none, and the target deletes nothing.

Records still carry their version from the first one on (the SDK sets it before reading).
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context


class DeferredActivateVersion:
    """Stream mixin (before the SDK stream class): hold ACTIVATE_VERSION back for the tap."""

    _deferred_version: int | None = None
    _sync_incomplete = False

    def _write_activate_version_message(self, full_table_version: int) -> None:
        # Stream.sync() calls this before reading, once per partition or parent record, always
        # with the same version (taken when the stream object was created).
        if not isinstance(self._tap, ActivateVersionsAfterSync):  # type: ignore[attr-defined]
            msg = f"{type(self._tap).__name__} must mix in tap_common.ActivateVersionsAfterSync"  # type: ignore[attr-defined]
            raise TypeError(msg)  # else the version would never be sent
        self._deferred_version = full_table_version

    def _sync_records(self, context: Context | None = None, *, write_messages: bool = True) -> t.Iterator[dict]:
        # The SDK swallows the abort of a child stream (_sync_children) and carries on: such a
        # stream stopped early, so its version must not retire the rows it never re-sent.
        try:
            yield from super()._sync_records(context, write_messages=write_messages)  # type: ignore[misc]
        except BaseException:
            self._sync_incomplete = True
            raise

    def withhold_activate_version(self) -> None:
        """This run did not read the stream's whole source (e.g. no source configured): its
        version must not retire the rows already loaded."""
        self._sync_incomplete = True

    def emit_deferred_activate_version(self) -> None:
        """Write the held-back ACTIVATE_VERSION (through the stream maps, as the SDK does)."""
        version, self._deferred_version = self._deferred_version, None
        if version is not None and not self._sync_incomplete:
            super()._write_activate_version_message(version)  # type: ignore[misc]


class ActivateVersionsAfterSync:
    """Tap mixin (before ``Tap``/``SQLTap``): every held-back ACTIVATE_VERSION after all streams.

    It also adds the setting ``emit_activate_version_messages`` (default true) to the tap's
    config schema, through the SDK's hook for built-in settings, unless the tap declares it.
    """

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict) -> None:
        from tap_common.settings import ACTIVATE_VERSION  # noqa: PLC0415 - settings imports nothing of ours

        super().append_builtin_config(config_jsonschema)  # type: ignore[misc]
        config_jsonschema.setdefault("properties", {}).setdefault(ACTIVATE_VERSION.name,
                                                                  ACTIVATE_VERSION.to_dict()[ACTIVATE_VERSION.name])

    def sync_all(self) -> None:
        streams = self.streams.values()  # type: ignore[attr-defined]
        plain = sorted(s.name for s in streams if not isinstance(s, DeferredActivateVersion))
        if plain:  # their ACTIVATE_VERSION would go out at the start again
            msg = f"streams {plain} must mix in tap_common.DeferredActivateVersion"
            raise TypeError(msg)
        super().sync_all()  # type: ignore[misc]
        # Reached only when every stream finished: an exception above skips this.
        for stream in streams:
            stream.emit_deferred_activate_version()
