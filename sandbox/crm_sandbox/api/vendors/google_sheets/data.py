"""The marketing spreadsheets, drawn from the shared world, with the realities of hand-kept sheets.

A cell is ``None`` (empty), text, a number, a boolean, or a ``Cell`` carrying a number format
(date, date-time, currency), which is how Sheets stores dates (serial days since 1899-12-30) and
money (a number shown as ``$1,200.00``).  Realities planted on purpose: the wanted tab is not the
first, the 2024 and 2025 headers differ, blank and ragged rows, currency typed as text, ``N/A``,
dates typed as plain serial numbers, zip codes typed as numbers (leading zero lost).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from crm_sandbox.world import EPOCH

SERIAL_EPOCH = datetime(1899, 12, 30)  # Sheets' day 0 (Lotus 1-2-3 compatible)

LEADS_TAB = "Marketing Source Leads"
SPEND_TAB = "All Marketing Spend"
CHANNELS = ("Google Ads", "Facebook", "Home Shows", "Direct Mail")

LEADS_HEADER_2024 = ["created_at", "first_name", "last_name", "phone_number", "email_address",
                     "marketing_channel", "division", "form_submit_zipcode", "lead_set",
                     "Appt Date-Time", "Total Job Value", "call_notes"]
# 2025: a campaign column was added mid-list, the phone header was retyped, Genius Division appended.
LEADS_HEADER_2025 = ["created_at", "first_name", "last_name", "Phone Number", "email_address",
                     "utm_campaign", "marketing_channel", "division", "form_submit_zipcode", "lead_set",
                     "Appt Date-Time", "Total Job Value", "call_notes", "Genius Division"]
SPEND_HEADER = ["Date", "Cost", "Division", "Channel", "Campaign", "Campaign ID"]
LEADS_2024_ID = "1dEmOLeAds2024mKtG-sHeEtS_sAnDbOxAAAAAAAAAAA"
LEADS_2025_ID = "1FRKfuMSrm9DrdIe_vtZJn7usUpuXPDWl4TB1k7Ae4xo"  # the predecessor's default id
SPEND_ID = "17AeA4zrC4nHJrU0Z6io-9HQJITql4K-_FTMkZ5vKLqg"      # the predecessor's spend sheet

_LEADS = {"sheet": "Marketing Source Leads", "header_overrides": {"marketing_channel": "channel"},
          "column_types": {"created_at": "date-time", "appt_date_time": "date-time"}}
#: The sheets served here as tap-google-sheets' ``sheets`` setting (the dev configuration, also in
#: environments/dev.meltano.yml): leads keyed by row number (no natural key: a form fill has no id),
#: spend by its campaign id.
TAP_SHEETS = [
    {"spreadsheet_id": LEADS_2024_ID, "stream": "marketing_leads_2024", **_LEADS},
    {"spreadsheet_id": LEADS_2025_ID, "stream": "marketing_leads_2025", **_LEADS},
    {"spreadsheet_id": SPEND_ID, "sheet": "All Marketing Spend", "stream": "marketing_spend",
     "key_columns": ["campaign_id"], "header_overrides": {"Date": "spend_date"}, "column_types": {"spend_date": "date"}},
]


@dataclass(frozen=True)
class Cell:
    value: float
    format: str  # "date" | "datetime" | "currency"


def serial(moment: date | datetime) -> float:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    delta = moment.replace(tzinfo=None) - SERIAL_EPOCH
    return round(delta.days + delta.seconds / 86400, 6)


@dataclass
class Spreadsheet:
    key: str           # the admin name (mutate/dump objects)
    id: str            # the Drive file id
    title: str
    tabs: dict[str, list[list[Any]]]  # tab title → rows (row 1 = header), in tab order
    modified: datetime
    version: int = 1

    def touch(self, at: datetime) -> None:
        self.modified, self.version = at, self.version + 1


def build_spreadsheets(world) -> dict[str, Spreadsheet]:  # noqa: ANN001
    rng = random.Random(f"{world.seed}:google-sheets")
    divisions = {d.id: d for d in world.divisions}
    modified = EPOCH.astimezone(timezone.utc) if EPOCH.tzinfo else EPOCH.replace(tzinfo=timezone.utc)
    leads = {2024: [list(LEADS_HEADER_2024)], 2025: [list(LEADS_HEADER_2025)]}
    for n, owner in enumerate(world.homeowners):
        if n % 3:  # one homeowner in three came in through a marketing form
            continue
        year = 2024 if (n // 3) % 2 == 0 else 2025
        leads[year].append(_lead_row(rng, owner, divisions[owner.division_id], year))
        if rng.random() < 0.05:
            leads[year].append([])                      # a blank row someone left
    sheets = {
        "leads_2024": Spreadsheet("leads_2024", LEADS_2024_ID, "2024 Marketing Leads",
                                  {"Instructions": [["How to log a lead"], ["One row per form fill."]],
                                   LEADS_TAB: leads[2024]}, modified - timedelta(days=300)),
        "leads_2025": Spreadsheet("leads_2025", LEADS_2025_ID, "2025 Marketing Leads",
                                  {"Instructions": [["How to log a lead"]], LEADS_TAB: leads[2025]},
                                  modified - timedelta(days=2)),
        "spend": Spreadsheet("spend", SPEND_ID, "Marketing Spend",
                             {"Summary": [["Total"], [Cell(0, "currency")]], SPEND_TAB: _spend_rows(rng, world)},
                             modified - timedelta(days=5)),
    }
    return sheets


def _lead_row(rng: random.Random, owner, division, year: int) -> list[Any]:  # noqa: ANN001
    created = datetime(year, 1, 1) + timedelta(minutes=rng.randrange(0, 364 * 24 * 60))
    created_cell: Any = Cell(serial(created), "datetime")
    if rng.random() < 0.05:
        created_cell = created.strftime("%-m/%-d/%Y")  # typed as text, not a date
    zip_cell: Any = int(owner.zip) if owner.zip.isdigit() else owner.zip  # Sheets drops the leading zero
    lead_set = rng.random() < 0.4
    value: Any = None
    if lead_set:
        roll = rng.random()
        value = (Cell(round(rng.uniform(4000, 30000), 2), "currency") if roll < 0.6
                 else f"${rng.randrange(4000, 30000):,}.00" if roll < 0.8 else "N/A")
    appt = Cell(serial(created + timedelta(days=rng.randrange(1, 14), hours=2)), "datetime") if lead_set else None
    channel = CHANNELS[rng.randrange(len(CHANNELS))]
    row = [created_cell, owner.first_name, owner.last_name, owner.phone1, owner.email,
           channel, division.label, zip_cell, "Yes" if lead_set else rng.choice(("No", "No", "N/A")),
           appt, value, "called twice" if rng.random() < 0.2 else None]
    if year == 2025:
        row.insert(5, f"{division.abbreviation.lower()}-{channel.split()[0].lower()}-2025")
        row.append(division.label)
    while row and row[-1] is None:  # a ragged row: trailing cells never typed
        row.pop()
    return row


def _spend_rows(rng: random.Random, world) -> list[list[Any]]:  # noqa: ANN001
    rows: list[list[Any]] = [list(SPEND_HEADER)]
    for month in range(1, 13):
        for division in world.divisions:
            for c, channel in enumerate(CHANNELS):
                amount = round(rng.uniform(200, 6000), 2)
                cost: Any = Cell(amount, "currency") if rng.random() < 0.85 else f"${amount:,.2f}"
                when: Any = Cell(serial(date(2025, month, 1)), "date")
                if rng.random() < 0.03:
                    when = serial(date(2025, month, 1))  # a pasted serial: a number without a date format
                campaign = f"{division.abbreviation} {channel} {month:02d}/2025"
                rows.append([when, cost, division.label, channel, campaign, f"C{division.id}{c}{month:02d}"])
    return rows
