"""Column names: snake_case of Five9's field names, unique and independent of the other fields."""

from __future__ import annotations

from tap_five9.schemas import column_name, column_names


def test_five9_names_become_snake_case():
    assert [column_name(n) for n in ("contactID", "HubSpot_ContactID", "DialAttempts", "XCounter", "F9_list", "TFUID",
                                     "Last Agent Disposition Date-Time", "PC Work Finished", "number1",
                                     "4f347541-7c4d-4812-9190-e8dea6c0eb49", "f65d759a-2250-4b2d-89a9-60796f624f72",
                                     "BILL TIME (ROUNDED)")] == [
        "contact_id", "hub_spot_contact_id", "dial_attempts", "x_counter", "f9_list", "tfuid",
        "last_agent_disposition_date_time", "pc_work_finished", "number1",
        "field_4f347541_7c4d_4812_9190_e8dea6c0eb49", "f65d759a_2250_4b2d_89a9_60796f624f72", "bill_time_rounded"]


def test_colliding_names_stay_unique_and_stable():
    names = column_names(["lead_status", "Lead Status", "Lead-Status", "city"])
    assert names["lead_status"] == "lead_status" and names["city"] == "city"
    assert names["Lead Status"].startswith("lead_status_") and names["Lead-Status"].startswith("lead_status_")
    assert len(set(names.values())) == 4
    # the same field gets the same column whatever else the account has, in any order
    assert column_names(["Lead-Status", "Lead Status"]) == {k: names[k] for k in ("Lead-Status", "Lead Status")}
    assert column_names(["Lead Status"]) == {"Lead Status": "lead_status"}
