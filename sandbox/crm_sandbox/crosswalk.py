"""Cross-system ids: each world record's id in each system, from one table of rules.

``world.ids.get("hubspot", "homeowner", 10_001)`` → ``50_000_001`` (None: HubSpot does not
hold that homeowner); ``world.ids.table(system, kind)`` → ``{world id: system id}`` for every
record the system holds; ``world.ids.world_id(system, kind, system_id)`` goes back.

Kinds are the world's records: ``homeowner`` (a Genius prospect), ``appointment``, ``division``,
``user``.  A rule says which records a system holds (``share`` of them, drawn per record from
``(seed, system, kind, id)``, so adding a system never reshuffles another; ``within``: only
records whose homeowner the system also holds) and how their ids look (``Sequential``,
``Hashed``, ``Guid``).  The ids are what the real systems would show: vendors put them in their
API answers, and the systems that carry each other's ids (Genius ``third_party_source``, HubSpot
properties) read them from here, so every join the warehouse makes is a real one.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from crm_sandbox.world import World

#: Where each kind's world ids start (World numbers them from these).
FIRST_ID = {"homeowner": 10_000, "appointment": 200_000, "division": 0, "user": 1_000}


@dataclass(frozen=True)
class Sequential:
    """``base`` + the record's ordinal in the world (HubSpot-style numeric ids)."""

    base: int

    def __call__(self, seed: int, system: str, kind: str, world_id: int) -> int:
        return self.base + world_id - FIRST_ID[kind]


@dataclass(frozen=True)
class Hashed:
    """``prefix`` + ``digits`` hex digits of a hash (CallRail ``PER…``, 24-hex object ids)."""

    prefix: str = ""
    digits: int = 32

    def __call__(self, seed: int, system: str, kind: str, world_id: int) -> str:
        # The hashed text keeps the form CallRail's ids had before the crosswalk (same ids).
        text = ":".join(map(str, (self.prefix or f"{system}.{kind}", seed, world_id)))
        return self.prefix + hashlib.sha1(text.encode()).hexdigest()[: self.digits]


@dataclass(frozen=True)
class Guid:
    """A GUID (lower-case, hyphenated) derived from the seed."""

    def __call__(self, seed: int, system: str, kind: str, world_id: int) -> str:
        return str(uuid.UUID(hashlib.sha1(f"{seed}:{system}:{kind}:{world_id}".encode()).hexdigest()[:32]))


@dataclass(frozen=True)
class Rule:
    id: Callable[[int, str, str, int], Any]
    share: float = 1.0  # fraction of the world's records of this kind the system holds
    within: bool = False  # appointments: only those of homeowners the system holds
    originals_only: bool = False  # homeowners: not the planted duplicate copies


#: (system, kind) → rule.  A new vendor adds its lines here (formats from its public docs).
RULES: dict[tuple[str, str], Rule] = {
    ("hubspot", "homeowner"): Rule(Sequential(50_000_000), share=0.9, originals_only=True),
    ("hubspot", "appointment"): Rule(Sequential(70_000_000), within=True),
    ("hubspot", "division"): Rule(Sequential(90_000)),
    ("hubspot", "user"): Rule(Sequential(95_000)),
    # CallRail's person id on form submissions; calls join by phone number.
    ("callrail", "homeowner"): Rule(Hashed("PER")),
    # LeadConduit's lead id (24-hex BSON) of the homeowner's first web lead; HubSpot keeps it
    # as the contact's `ap_leadid`.
    ("leadconduit", "homeowner"): Rule(Hashed(digits=24), share=0.6, originals_only=True),
    # SalesRabbit: the lead a rep logged at the door before the appointment was set (a third of
    # the homeowners were canvassed first); users are SalesRabbit's own big sequential ids.
    ("salesrabbit", "homeowner"): Rule(Sequential(3_000_000), share=0.35, originals_only=True),
    ("salesrabbit", "user"): Rule(Sequential(911_700_000)),
    # Arrivy: one group per division (16-digit datastore-style ids).  Its entities (field staff
    # only) carry the Genius user id as `external_id`, its tasks the Genius job id.
    ("arrivy", "division"): Rule(Sequential(4_700_000_000_000_000)),
    # Five9's contact database record id (contactID); calls join by phone number.
    ("five9", "homeowner"): Rule(Hashed(digits=32), share=0.85),
    # MarketSharp: GUID keys (uniqueidentifier); a third of the homeowners, their appointments, the staff.
    ("marketsharp", "homeowner"): Rule(Guid(), share=0.35),
    ("marketsharp", "appointment"): Rule(Guid(), within=True),
    ("marketsharp", "user"): Rule(Guid()),
}


class Crosswalk:
    def __init__(self, world: World) -> None:
        self.world = world
        self._tables: dict[tuple[str, str], dict[int, Any]] = {}
        self._reverse: dict[tuple[str, str], dict[Any, int]] = {}

    def rule(self, system: str, kind: str) -> Rule:
        try:
            return RULES[system, kind]
        except KeyError:
            known = ", ".join(f"{s}/{k}" for s, k in RULES)
            raise KeyError(f"no id rule for {system}/{kind} (crosswalk.RULES has {known})") from None

    def get(self, system: str, kind: str, world_id: int) -> Any:
        """The record's id in ``system``, or None when the system does not hold it."""
        return self.table(system, kind).get(world_id)

    def world_id(self, system: str, kind: str, system_id: Any) -> int | None:
        key = (system, kind)
        if key not in self._reverse:
            self._reverse[key] = {v: k for k, v in self.table(system, kind).items()}
        return self._reverse[key].get(system_id)

    def table(self, system: str, kind: str) -> dict[int, Any]:
        """``{world id: system id}`` for every record of ``kind`` the system holds (world order)."""
        key = (system, kind)
        if key not in self._tables:
            self._tables[key] = self._build(system, kind, self.rule(system, kind))
        return self._tables[key]

    def _build(self, system: str, kind: str, rule: Rule) -> dict[int, Any]:
        w, seed = self.world, self.world.seed
        records = {"homeowner": lambda: w.homeowners, "appointment": lambda: w.appointments,
                   "division": lambda: w.divisions, "user": lambda: w.users}[kind]()
        copies = {dup for _, dup in w.duplicate_pairs} if rule.originals_only else set()
        held_homeowners = self.table(system, "homeowner") if rule.within else None
        out = {}
        for record in records:
            if record.id in copies or not _drawn(seed, system, kind, record.id, rule.share):
                continue
            if held_homeowners is not None and record.prospect_id not in held_homeowners:
                continue
            out[record.id] = rule.id(seed, system, kind, record.id)
        return out


def _drawn(seed: int, system: str, kind: str, world_id: int, share: float) -> bool:
    if share >= 1:
        return True
    digest = hashlib.sha1(f"{seed}:{system}:{kind}:{world_id}:held".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share
