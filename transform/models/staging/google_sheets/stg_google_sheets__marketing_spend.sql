-- Marketing spend, one row per division, channel and month; money typed as text is parsed here.
with source as (

    {{ latest_rows(source('google_sheets', 'marketing_spend'), ['campaign_id']) }}

)

select
    campaign_id,
    nullif(trim(campaign), '') as campaign,
    spend_date,
    date_trunc('month', spend_date)::date as spend_month,
    nullif(trim(division), '') as division,
    nullif(trim(channel), '') as channel,
    {{ sheet_money('cost') }} as cost,
    sheet_row_number,
    sheet_last_modified,
    _sdc_batched_at as loaded_at
from source
