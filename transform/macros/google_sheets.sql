{#- Cleaning for hand-kept Google Sheets (the tap loads cells as typed: text stays text). -#}

{#- '$1,200.00', '1200', 'N/A', '' -> numeric(12,2); anything else that is not a number -> null -#}
{% macro sheet_money(column) -%}
    case when regexp_replace(coalesce({{ column }}, ''), '[$,\s]', '', 'g') ~ '^-?[0-9]+(\.[0-9]+)?$'
         then cast(regexp_replace({{ column }}, '[$,\s]', '', 'g') as numeric(12, 2)) end
{%- endmacro %}

{#- Yes / No / TRUE / FALSE -> boolean; N/A, blanks and anything else -> null -#}
{% macro sheet_yes_no(column) -%}
    case lower(trim({{ column }})) when 'yes' then true when 'y' then true when 'true' then true
                                   when 'no' then false when 'n' then false when 'false' then false end
{%- endmacro %}

{#- a zip typed as a number lost its leading zero(s): 2134 -> 02134 -#}
{% macro sheet_zip(column) -%}
    case when {{ zip5(column) }} is not null then lpad({{ zip5(column) }}, 5, '0') end
{%- endmacro %}

{#- One year's marketing-leads sheet; the 2024 sheet has no utm_campaign / genius_division. -#}
{% macro stg_google_sheets_leads(stream, year, later_columns=true) -%}
with source as (

    {{ latest_rows(source('google_sheets', stream), ['sheet_row_number']) }}

)

select
    -- ids: the predecessor's "<year>-<row>" (rows shift when someone inserts one; see the tap README)
    '{{ year }}-' || sheet_row_number as lead_id,
    {{ year }} as sheet_year,
    sheet_row_number,
    -- person
    nullif(trim(first_name), '') as first_name,
    nullif(trim(last_name), '') as last_name,
    {{ normalize_phone('phone_number') }} as phone,
    lower(nullif(trim(email_address), '')) as email,
    {{ sheet_zip('form_submit_zipcode') }} as zip,
    -- marketing
    nullif(trim(channel), '') as channel,
    nullif(trim(division), '') as division,
    {% if later_columns %}nullif(trim(utm_campaign), ''){% else %}cast(null as text){% endif %} as utm_campaign,
    {% if later_columns %}nullif(trim(genius_division), ''){% else %}cast(null as text){% endif %} as genius_division,
    -- outcome
    {{ sheet_yes_no('lead_set') }} as is_lead_set,
    appt_date_time as appointment_at,
    {{ sheet_money('total_job_value') }} as total_job_value,
    nullif(trim(call_notes), '') as call_notes,
    -- timestamps
    created_at,
    sheet_last_modified,
    _sdc_batched_at as loaded_at
from source
{%- endmacro %}
