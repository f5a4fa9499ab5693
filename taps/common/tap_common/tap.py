"""The kit's tap: ACTIVATE_VERSION after a successful run, streams from a declared list, one-line
errors for expected failures (``tap_common.errors``)."""

from __future__ import annotations

import typing as t

from singer_sdk import Tap

from tap_common.errors import OneLineErrors
from tap_common.versions import ActivateVersionsAfterSync

if t.TYPE_CHECKING:
    from singer_sdk import Stream


class RESTTap(OneLineErrors, ActivateVersionsAfterSync, Tap):
    """A tap states ``name``, ``config_jsonschema`` and ``stream_types``; nothing else is needed."""

    stream_types: t.ClassVar[t.Sequence[type[Stream]]] = ()

    def discover_streams(self) -> list[Stream]:
        return [stream_type(self) for stream_type in self.stream_types]
