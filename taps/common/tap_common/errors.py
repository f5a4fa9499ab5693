"""Expected failures end a plugin run with one line that says what to do.

Wrong credentials, an unreachable API or database, nothing configured, the local sandbox not
running: a user can fix each of these, and a traceback only hides the fix.  ``OneLineErrors``
(a mixin for any singer-sdk Tap or Target) turns them into one ``ERROR`` log line naming the
setting — as the environment variable Meltano reads — or the command to run; the traceback is
logged at ``DEBUG`` only (``meltano --log-level=debug``).  Anything else is a bug and keeps the
SDK's full report.

It hooks in where the SDK reports uncaught exceptions (``SingerCommand.excepthook``) and, for the
option callbacks that run before the SDK installs that hook (``--discover``, where most
connection problems show up), as ``sys.excepthook`` from the start.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import sys
import typing as t
import warnings
from urllib.parse import urlsplit

from singer_sdk.exceptions import ConfigValidationError

from tap_common.client import CredentialError, RecordError
from tap_common.coerce import CoercionError
from tap_common.files import MalformedFileError

if t.TYPE_CHECKING:
    import click

#: Port of the local vendor API sandbox (``make sandbox-start``) when CRM_SANDBOX_URL is unset.
SANDBOX_URL = "http://127.0.0.1:8765"


class SettingError(Exception):
    """The configuration cannot work (e.g. nothing configured); the message names the setting."""


def variable(plugin: str, setting: str) -> str:
    """The environment variable Meltano reads ``setting`` of ``plugin`` from (TAP_X_HOST)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{plugin}_{setting}").upper()


def _chain(exc: BaseException) -> t.Iterator[BaseException]:
    """The exception, what it wraps (SQLAlchemy's ``orig``) and its causes, outermost first."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (getattr(current, "orig", None), current.__cause__, current.__context__)
                 if isinstance(e, BaseException)]


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _reason(exc: BaseException) -> str:
    for cause in _chain(exc):
        if isinstance(cause, ConnectionRefusedError) or "refused" in str(cause).lower():
            return "connection refused"
        if isinstance(cause, socket.gaierror) or "resolve" in str(cause).lower():
            return "host name not found"
    return _one_line(exc)[:200]


def explain_http(exc: BaseException, plugin: str) -> str | None:
    """An API that cannot be reached: name ``api_url`` and, for the local sandbox, the command."""
    import requests  # noqa: PLC0415 - only taps that talk HTTP have it

    if not isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return None
    url = getattr(exc.request, "url", None) or ""
    parts = urlsplit(url)
    where = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "the API"
    what = "no answer in time" if isinstance(exc, requests.Timeout) else _reason(exc)
    message = f"cannot reach {where} ({what}): check the api_url setting ({variable(plugin, 'api_url')})"
    sandbox = urlsplit(os.environ.get("CRM_SANDBOX_URL") or SANDBOX_URL)
    if parts.netloc and parts.netloc == sandbox.netloc:
        message += "; the local sandbox is not running: start it with `make sandbox-start`"
    return message


def explain_database(exc: BaseException, setting: t.Callable[[str], str], url_setting: str | None = None) -> str | None:
    """A database refusing or not answering (pymysql, psycopg2, through SQLAlchemy or not);
    ``url_setting`` names the one-URL alternative to host/port/user/… where the plugin has one."""
    message = _database_problem(exc, setting)
    return message and (f"{message} (or {setting(url_setting)})" if url_setting else message)


def _database_problem(exc: BaseException, setting: t.Callable[[str], str]) -> str | None:
    for cause in _chain(exc):
        module = type(cause).__module__
        text = _one_line(cause.args[1] if module.startswith("pymysql") and len(cause.args) > 1 else cause)
        code = cause.args[0] if module.startswith("pymysql") and cause.args else None
        if not module.startswith(("pymysql", "psycopg2", "MySQLdb")):
            continue
        if code in (1045, 1044) or "password authentication failed" in text or re.search(r'role ".*" does not exist', text):
            return f"the database refused the login ({text}): check {setting('user')} and {setting('password')}"
        if code == 1049 or re.search(r'database ".*" does not exist', text):
            return f"the database does not exist ({text}): check {setting('database')}"
        if code in (2002, 2003, 2005) or "could not connect" in text or "Connection refused" in text \
                or "could not translate host name" in text or "timeout expired" in text:
            text = text.split(" Is the server running")[0]  # libpq's generic advice: ours follows
            return f"cannot reach the database ({text[:200]}): check {setting('host')} and {setting('port')}"
    return None


def explain(exc: BaseException, plugin: str, setting: t.Callable[[str], str] | None = None,
            url_setting: str | None = None) -> str | None:
    """One line for an expected failure of ``plugin``; ``None`` when ``exc`` looks like a bug."""
    setting = setting or functools.partial(variable, plugin)
    if isinstance(exc, (SettingError, CredentialError, RecordError, MalformedFileError, CoercionError)):
        return _one_line(exc)  # their messages name the setting, or the stream/file and record
    if isinstance(exc, ConfigValidationError):
        return f"invalid configuration: {'; '.join(_one_line(e) for e in exc.errors) or _one_line(exc)}"
    return explain_http(exc, plugin) or explain_database(exc, setting, url_setting)


class OneLineErrors:
    """Mixin for a singer-sdk Tap or Target (list it first): expected failures in one line."""

    name: t.ClassVar[str]
    config_jsonschema: t.ClassVar[dict]
    logger: t.Any

    @classmethod
    def setting_variable(cls, setting: str) -> str:
        """How a message names a setting; Meltano's ``<PLUGIN>_<SETTING>`` variable by default."""
        return variable(cls.name, setting)

    @classmethod
    def explain_error(cls, exc: BaseException) -> str | None:
        """The one line for ``exc``, or ``None`` for a bug (full traceback)."""
        url_setting = next((s for s in ("sqlalchemy_url", "dsn") if s in cls.config_jsonschema.get("properties", {})), None)
        return explain(exc, cls.name, cls.setting_variable, url_setting)

    @classmethod
    def report_uncaught(cls, exc_type: type[BaseException], exc: BaseException, tb: t.Any) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or (message := cls.explain_error(exc)) is None:
            cls.logger.error("%s", _one_line(exc) or exc_type.__name__, exc_info=(exc_type, exc, tb))
            return
        cls.logger.error("%s", message)
        cls.logger.debug("The traceback of the error above", exc_info=(exc_type, exc, tb))
        # Files the failed command left open (click's --state) would each add a ResourceWarning
        # at exit: noise after the one line that matters.
        warnings.simplefilter("ignore", ResourceWarning)

    @classmethod
    def get_singer_command(cls) -> click.Command:
        command = super().get_singer_command()  # type: ignore[misc]
        # SingerCommand.invoke installs `self.excepthook` as sys.excepthook; --discover and the
        # other option callbacks run before that, so ours is installed now as well.
        command.excepthook = cls.report_uncaught
        sys.excepthook = cls.report_uncaught
        return command
