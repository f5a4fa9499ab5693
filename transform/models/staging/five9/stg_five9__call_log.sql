{#- Five9 writes durations as HH:MM:SS: seconds here.  The customer is the caller on inbound
    calls (ANI) and the number dialled otherwise (DNIS). -#}
with source as (

    {{ latest_rows(source('five9', 'call_log'), ['call_id']) }}

),

renamed as (

    select
        -- ids
        call_id,
        -- the call
        campaign,
        call_type,
        case
            when lower(call_type) like 'inbound%' then 'inbound'
            when lower(call_type) like 'internal%' then 'internal'
            else 'outbound'
        end as direction,
        disposition,
        agent as agent_username,
        agent_name,
        customer_name,
        ani,
        dnis,
        case when lower(call_type) like 'inbound%' then ani else dnis end as customer_phone_number,
        case when lower(call_type) like 'inbound%' then dnis else ani end as business_phone_number,
        -- durations (seconds)
        cast(extract(epoch from cast(call_time as interval)) as integer) as call_seconds,
        cast(extract(epoch from cast(bill_time_rounded as interval)) as integer) as billed_seconds,
        cast(extract(epoch from cast(ivr_time as interval)) as integer) as ivr_seconds,
        cast(extract(epoch from cast(queue_wait_time as interval)) as integer) as queue_wait_seconds,
        cast(extract(epoch from cast(ring_time as interval)) as integer) as ring_seconds,
        cast(extract(epoch from cast(talk_time as interval)) as integer) as talk_seconds,
        cast(extract(epoch from cast(hold_time as interval)) as integer) as hold_seconds,
        cast(extract(epoch from cast(park_time as interval)) as integer) as park_seconds,
        cast(extract(epoch from cast(after_call_work_time as interval)) as integer) as after_call_work_seconds,
        -- counts and cost
        cast(cost as numeric(12, 4)) as cost,
        cast(transfers as integer) as transfers,
        cast(conferences as integer) as conferences,
        cast(holds as integer) as holds,
        {{ as_bool('abandoned') }} as is_abandoned,
        recordings,
        -- timestamps
        cast("timestamp" as timestamptz) as started_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
