"""The Genius CRM MySQL schema as SQLAlchemy Core tables (real table and column names).

Columns are declared in the catalog's compact notation (``name:type``, ``?`` = nullable,
``PK``) so this file reads like the source catalog (``source-catalog.md`` §1.6).  Each
notation type maps to the MySQL type Genius uses, with a portable variant so the same
tables can be created on SQLite (the ``dev`` demo source):

============  =========================  ==========================
notation      MySQL / MariaDB            SQLite
============  =========================  ==========================
bool          TINYINT(1)                 BOOLEAN
flag          TINYINT(4) (is_* ints)     SMALLINT
int16         SMALLINT                   SMALLINT
uint16        SMALLINT UNSIGNED          SMALLINT
int           INT                        INTEGER
uint64        BIGINT UNSIGNED            BIGINT (values < 2**63)
s / str(n)    VARCHAR(255) / VARCHAR(n)  VARCHAR
text          TEXT                       TEXT
datetime      DATETIME                   DATETIME
timestamp     TIMESTAMP (UTC)            TIMESTAMP
date, time    DATE, TIME                 DATE, TIME
decimal(p,s)  DECIMAL(p,s)               NUMERIC(p,s)
float         DOUBLE                     FLOAT
json          JSON (MariaDB: LONGTEXT    JSON
              CHECK json_valid)
============  =========================  ==========================

``third_party_source`` / ``third_party_source_type`` are not streams but hold the HubSpot
ids joined onto prospects and appointments.  Every table with ``updated_at`` has an index
on it, as Genius does, so (updated_at, id) keyset reads are index range scans.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

metadata = sa.MetaData()

_MYSQL = ("mysql", "mariadb")


def _variant(generic: sa.types.TypeEngine, mysql_type: sa.types.TypeEngine) -> sa.types.TypeEngine:
    return generic.with_variant(mysql_type, *_MYSQL)


_SIMPLE = {
    "bool": _variant(sa.Boolean(create_constraint=False), mysql.TINYINT(display_width=1)),
    "flag": _variant(sa.SmallInteger(), mysql.TINYINT(display_width=4)),
    "int16": _variant(sa.SmallInteger(), mysql.SMALLINT()),
    "uint16": _variant(sa.SmallInteger(), mysql.SMALLINT(unsigned=True)),
    "int": _variant(sa.Integer(), mysql.INTEGER()),
    "uint64": _variant(sa.BigInteger(), mysql.BIGINT(unsigned=True)),
    "s": sa.String(255),
    "text": _variant(sa.Text(), mysql.TEXT()),
    "datetime": _variant(sa.DateTime(), mysql.DATETIME()),
    "timestamp": _variant(sa.TIMESTAMP(), mysql.TIMESTAMP()),
    "date": sa.Date(),
    "time": _variant(sa.Time(), mysql.TIME()),
    "float": _variant(sa.Float(), mysql.DOUBLE()),
    "json": sa.JSON(),
}
_FIELD = re.compile(r"^(\w+):(\w+)(?:\((\d+)(?:,(\d+))?\))?(\?)?( PK)?$")


def _type(name: str, a: str | None, b: str | None) -> sa.types.TypeEngine:
    if name == "str":
        return sa.String(int(a))
    if name == "decimal":
        return sa.Numeric(int(a), int(b))
    return _SIMPLE[name]


def _table(name: str, fields: str, *indexes: str) -> sa.Table:
    # split on commas outside parentheses: decimal(p,s) keeps its comma
    merged = [f.strip() for f in re.split(r",(?![^()]*\))", fields) if f.strip()]
    cols = []
    for spec in merged:
        m = _FIELD.match(spec)
        if not m:
            raise ValueError(f"{name}: bad field spec {spec!r}")
        col, typ, a, b, nullable, pk = m.groups()
        cols.append(sa.Column(col, _type(typ, a, b), primary_key=bool(pk), nullable=bool(nullable),
                              autoincrement=False))
    table = sa.Table(name, metadata, *cols, mysql_charset="utf8mb4",
                     mysql_collate="utf8mb4_unicode_ci", mysql_engine="InnoDB")
    if "updated_at" in table.c:
        sa.Index(f"ix_{name}_updated_at", table.c.updated_at)
    for index in indexes:
        sa.Index(f"ix_{name}_{index.replace(',', '_')}", *(table.c[c] for c in index.split(",")))
    return table


_t = _table

division_group = _t("division_group", """id:int16 PK, group_label:str(64)?, region:int,
    default_time_zone_name:str(64), intern_payroll_start:int?, painter_payroll_start:int?,
    is_active:bool, cc_profile_id:str(32)?, mes_profile_id:str(25)?, mes_profile_key:str(50)?,
    docusign_acct_id:str(50)?, paysimple_username:str(20)?, paysimple_secret:str(150)?,
    hub_account_id:int?, created_at:datetime, updated_at:datetime""")
division_region = _t("division_region", "id:int16 PK, name:str(64)?, is_active:bool")
division = _t("division", """id:int PK, group_id:int16?, region_id:int16?, label:s?,
    abbreviation:str(50)?, is_utility:bool, is_corp:bool, is_omniscient:bool, is_inactive:int,
    account_scheduler_id:int?, created_at:datetime, updated_at:datetime""")
user_title = _t("user_title", """id:int16 PK, title:str(100)?, abbreviation:str(10)?, roles:json?,
    type_id:int16, section_id:int16?, sort:int16, pay_component_group_id:int16?, is_active:bool,
    is_unique_per_division:bool, created_at:datetime, updated_at:datetime""")
users_userassociations = _t("users_userassociations", """id:int PK, primary_user_id:int?,
    created_at:timestamp, updated_at:timestamp""")
user_data = _t("user_data", """user_id:int PK, division_id:int, title_id:int16?, manager_user_id:int?,
    first_name:str(100)?, first_name_alt:str(100)?, last_name:str(100)?, email:str(254)?,
    personal_email:str(254)?, birth_date:date?, gender_id:int?, marital_status_id:int?,
    time_zone_name:str(50), hired_on:datetime?, start_date:datetime?, add_user_id:int?,
    add_datetime:datetime?, is_inactive:bool, inactive_on:datetime?, inactive_reason_id:int16?,
    inactive_reason_other:s?, inactive_transfer_division_id:int?, user_associations_id:int?,
    updated_at:datetime""")
service = _t("service", """id:int16 PK, label:str(100)?, is_active:bool, is_lead_required:bool,
    order_number:int16, created_at:datetime, updated_at:datetime""")
appointment_type = _t("appointment_type", "id:int PK, label:str(50)?, is_active:bool")
appointment_outcome_type = _t("appointment_outcome_type", """id:int PK, label:str(50)?,
    sort_idx:uint16, is_active:bool, created_at:datetime, updated_at:datetime""")
appointment_outcome = _t("appointment_outcome", """id:int PK, type_id:uint16, label:str(50)?,
    is_active:bool, created_at:datetime, updated_at:datetime""")
marketing_source_type = _t("marketing_source_type", """id:int PK, label:s?, description:text?,
    is_active:bool, list_order:int?, created_at:datetime, updated_at:datetime?""")
marketing_source = _t("marketing_source", """id:int PK, type_id:int, label:s?, description:text?,
    start_date:date?, end_date:date?, add_user_id:int, add_date:datetime?, is_active:bool,
    is_allow_lead_modification:bool, updated_at:datetime""")
marketsharp_source = _t("marketsharp_source", """id:int PK, marketsharp_id:str(256),
    source_name:str(128), inactive:int16, created_at:datetime, updated_at:datetime""")
marketsharp_marketing_source_map = _t("marketsharp_marketing_source_map", """marketsharp_id:str(128) PK,
    marketing_source_id:int?, created_at:datetime, updated_at:datetime""")
third_party_source_type = _t("third_party_source_type", "id:int PK, label:str(50), is_active:bool")
third_party_source = _t("third_party_source", """id:int PK, third_party_source_type_id:int,
    third_party_id:uint64, created_at:datetime, updated_at:datetime""")
prospect = _t("prospect", """id:int PK, division_id:int, first_name:str(100)?, last_name:str(100)?,
    alt_first_name:str(100)?, alt_last_name:str(100)?, address1:s?, address2:s?, city:str(100)?,
    county:str(100)?, state:str(2)?, zip:str(20)?, phone1:str(20)?, phone2:str(20)?, email:str(254)?,
    notes:text?, add_user_id:int, add_date:datetime?, marketsharp_id:str(100)?,
    leap_customer_id:str(100)?, third_party_source_id:int?, is_address_valid:flag,
    updated_at:datetime, user_id:int?, year_built:int16?""")
prospect_source = _t("prospect_source", """id:int PK, prospect_id:int, marketing_source_id:int,
    source_date:datetime?, notes:text?, add_user_id:int, add_date:datetime, updated_at:datetime?,
    source_user_id:int?""", "prospect_id")
lead = _t("lead", """lead_id:int PK, contact:int, division:int, first_name:str(50)?, last_name:str(50)?,
    address1:str(50)?, address2:str(50)?, city:str(50)?, state:str(2)?, zip:str(7)?,
    cdyne_county:str(25)?, is_valid_address:flag, email:str(100)?, phone1:str(12)?, type1:int16,
    phone2:str(12)?, type2:int16, phone3:str(12)?, type3:int16, phone4:str(12)?, type4:int16,
    source:int16, source_notes:str(64)?, sourced_on:datetime?, job_type:int16, rating:int16?,
    year_built:str(4)?, is_year_built_verified:flag, is_zillow:flag, is_express_consent:flag,
    express_consent_set_by:int?, express_consent_set_on:datetime?, express_consent_source:int16?,
    express_consent_upload_file_id:int?, is_express_consent_being_reviewed:flag,
    express_consent_being_reviewed_by:int?, notes:text?, status:int16?, substatus:int16?,
    substatus_reason:int?, alternate_id:uint64?, added_by:int, added_on:datetime?, viewed_on:datetime?,
    is_estimate_set:flag, estimate_set_by:int?, estimate_set_on:datetime?, dead_on:datetime?,
    dead_by:int?, dead_note:str(100)?, is_credit_request:flag?, credit_request_by:int?,
    credit_request_on:datetime?, credit_request_reason:text?, credit_request_status:int16?,
    credit_request_update_on:datetime?, credit_request_update_by:int?, credit_request_note:text?,
    lead_cost:float, import_source:str(100)?, call_screen_viewed_on:datetime?,
    call_screen_viewed_by:int?, copied_to_id:int?, copied_to_on:datetime?, copied_from_id:int?,
    copied_from_on:datetime?, cwp_client:int, cwp_referral:int?, rc_paid_to:int?,
    rc_paid_on:datetime?, with_dm:int16, voicemail_file:str(124)?, agent_id:str(48)?,
    agent_name:str(124)?, invalid_address:int16, is_valid_email:flag, is_high_potential:flag,
    is_mobile_lead:flag, is_dnc:flag?, is_dummy:flag, lead_central_estimate_date:datetime?,
    do_not_call_before:datetime?, is_estimate_confirmed:flag?, estimate_confirmed_by:int?,
    estimate_confirmed_on:datetime?, added_by_latitude:decimal(9,7)?,
    added_by_longitude:decimal(10,7)?, is_carpentry_followup:flag, carpentry_followup_notes:text?,
    marketing_source:int?, prospect_id:int?, added_by_supervisor:int?, salesrabbit_lead_id:int?,
    third_party_source_id:int?, updated_at:datetime?""", "added_on")
appointment = _t("appointment", """id:int PK, prospect_id:int, prospect_source_id:int?, user_id:int?,
    type_id:int, date:date?, time:time?, duration:time?, address1:s?, address2:s?, city:str(100)?,
    state:str(2)?, zip:str(20)?, email:str(254)?, notes:text?, add_user_id:int, add_date:datetime,
    assign_date:datetime?, confirm_user_id:int?, confirm_date:datetime?, confirm_with:str(100)?,
    spouses_present:int, is_complete:int, complete_outcome_id:int?, complete_user_id:int?,
    complete_date:datetime?, marketsharp_id:str(100)?, marketsharp_appt_type:str(100)?,
    leap_estimate_id:str(100)?, third_party_source_id:int?, marketing_task_id:int,
    updated_at:datetime""", "prospect_id")
appointment_to_service = _t("appointment_to_service", """appointment_id:int PK, service_id:int16 PK,
    created_at:datetime, updated_at:datetime""")
quote = _t("quote", """id:int PK, prospect_id:int, appointment_id:int, job_id:int?, client_cid:int?,
    service_id:int16, label:s?, description:text?, amount:decimal(10,2), expire_date:date?,
    status_id:int, contract_file_id:int?, estimate_file_id:int?, add_user_id:int, add_date:datetime,
    updated_at:datetime""")
job = _t("job", """id:int PK, client_cid:int?, prospect_id:int, division_id:int, user_id:int?,
    production_user_id:int?, project_coordinator_user_id:int?, production_month:int?,
    subcontractor_id:int?, subcontractor_status_id:int16?, subcontractor_confirmed:int16, status:int,
    is_in_progress:flag, ready_status:int16?, prep_status_id:int16?, prep_status_set_date:datetime?,
    prep_status_is_reset:int16, prep_status_notes:text?, prep_issue_id:str(32)?, service_id:int16,
    is_lead_pb:flag, contract_number:str(50)?, contract_date:date?, contract_amount:decimal(11,2),
    contract_amount_difference:text?, contract_hours:int, contract_file_id:int?,
    job_value:decimal(11,2), deposit_amount:decimal(11,2), deposit_type_id:int16?, is_financing:flag,
    sales_tax_rate:decimal(7,5), is_sales_tax_exempt:flag, commission_payout:decimal(11,2),
    accrued_commission_payout:decimal(11,2), sold_user_id:int?, sold_date:date?,
    start_request_date:date?, deadline_date:date?, ready_date:date?, jsa_sent:int16?, start_date:date?,
    end_date:date?, add_user_id:int, add_date:datetime, cancel_date:date?, cancel_user_id:int?,
    cancel_reason_id:int16?, is_refund:flag, refund_date:date?, refund_user_id:int?, finish_date:date?,
    is_earned_not_paid:flag, materials_arrival_date:date?, measure_date:date?, measure_time:time?,
    measure_user_id:int?, time_format:int16?, materials_estimated_arrival_date:date?,
    materials_ordered:datetime?, price_level:str(32)?, price_level_goal:int16?,
    price_level_commission:decimal(3,1)?, price_level_commission_reduction:int16?, is_reviewed:flag,
    reviewed_by:int?, pp_id_updated:int16, hoa:int16?, hoa_approved:int16?, install_date:date?,
    install_time:time?, install_time_format:int16?, materials_ordered_old:int16?, start_month_old:int16?,
    cogs_report_month:str(50)?, is_cogs_report_month_updated:flag, forecast_month:str(50)?,
    coc_sent_on:datetime?, coc_sent_by:int?, company_cam_link:str(256)?, pm_finished_on:date?,
    estimate_job_duration:int16?, payment_not_finalized_reason:int?, reasons_other:s?, payment_type:int?,
    payment_amount:decimal(11,2)?, is_payment_finalized:flag?, is_company_cam:flag?,
    is_five_star_review:flag?, projected_end_date:date?, is_company_cam_images_correct:flag?,
    post_pm_closeout_date:date?, pre_pm_closeout_date:date?, actual_install_date:datetime?,
    in_progress_substatus_id:int?, is_loan_document_uptodate:flag?, is_labor_adjustment_correct:flag?,
    is_change_order_correct:flag?, is_coc_pdf_attached:flag, updated_at:datetime""")
job_status = _t("job_status", "id:int PK, label:str(50)?, is_system:int16")
job_financing = _t("job_financing", """job_id:int PK, term_id:int?, financed_amount:decimal(9,2),
    max_financed_amount:decimal(9,2), bid_rate:decimal(5,3)?, commission_reduction:decimal(5,3)?,
    signed_on:datetime?, cancellation_period_expires_on:datetime?, app_submission_date:datetime?,
    is_joint_application:flag, applicant:str(50)?, co_applicant:str(50)?, status:int16,
    approved_on:datetime?, loan_expiration_date:datetime?, denied_on:datetime?, denied_by:int?,
    why_book:text?, would_book:int16?, is_financing_factor:flag?, satisfied:text?,
    docs_completed:datetime?, active_stipulation_notes:text?, is_active_stipulations_cleared:flag,
    legal_app_name:str(100)?""")
job_change_order_type = _t("job_change_order_type", "id:int PK, label:str(32)?")
job_change_order_status = _t("job_change_order_status", "id:int PK, label:str(32), is_selectable:int16")
job_change_order_reason = _t("job_change_order_reason", "id:int PK, label:str(100)?, description:s?")
job_change_order = _t("job_change_order", """id:int PK, job_id:int, number:str(20), status_id:int16,
    type_id:int16, adjustment_change_order_id:int?, effective_date:date, total_amount:decimal(9,2),
    add_user_id:int?, add_date:datetime, sold_user_id:int?, sold_date:datetime?, cancel_user_id:int?,
    cancel_date:datetime?, reason_id:int16?, envelope_id:str(64)?, total_contract_amount:decimal(9,2),
    total_pre_change_orders_amount:decimal(9,2), signer_name:str(100)?, signer_email:str(100)?,
    financing_note:s?, updated_at:datetime""")
job_change_order_item = _t("job_change_order_item", """id:int PK, change_order_id:int,
    description:str(256)?, amount:decimal(8,2), created_at:datetime, updated_at:datetime""")
integration_field_definition = _t("integration_field_definition", """id:int PK, integration_id:int,
    label:str(32), key_name:str(64), is_user:bool, is_division:bool, hint:s?, input_type:str(50)?""")
integration_field = _t("integration_field", """id:int PK, definition_id:int, user_id:int?,
    division_id:int?, field_value:str(128)?, created_at:datetime, updated_at:datetime""")

TABLES: tuple[sa.Table, ...] = tuple(metadata.tables.values())
