{#- Five9's default and system contact fields renamed and typed; the account's custom fields
    (per account) pass through under their loaded snake_case names. -#}
{%- set standard = ['contact_id', 'number1', 'number2', 'number3', 'first_name', 'last_name', 'company', 'street',
                    'city', 'state', 'zip', 'email', 'last_list', 'last_campaign', 'sys_last_agent',
                    'sys_last_disposition', 'sys_last_disposition_time', 'sys_created_date', 'attempts'] -%}
with source as (

    {{ latest_rows(source('five9', 'contacts'), ['contact_id']) }}

),

renamed as (

    select
        -- ids
        contact_id,
        -- the person
        first_name,
        last_name,
        company,
        email,
        number1 as phone,
        number2 as secondary_phone,
        number3 as tertiary_phone,
        street,
        city,
        state,
        zip,
        -- dialing
        last_list as list_name,
        last_campaign,
        sys_last_agent as last_agent_username,
        sys_last_disposition as last_disposition,
        cast(nullif(attempts, '') as integer) as last_campaign_attempts,
        -- timestamps
        cast(sys_last_disposition_time as timestamptz) as last_disposition_at,
        cast(sys_created_date as timestamptz) as created_at,
        -- the account's custom fields, as loaded
        {%- for column in columns_except(source('five9', 'contacts'), standard) %}
        {{ adapter.quote(column) }},
        {%- endfor %}
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
