with source as (

    {{ latest_rows(source('callrail', 'calls'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as call_id,
        account_id,
        company_id,
        -- parties
        customer_phone_number,
        customer_name,
        customer_city,
        customer_state,
        customer_country,
        tracking_phone_number,
        business_phone_number,
        agent_email,
        -- attributes
        direction,
        call_type,
        campaign,
        company_name,
        lead_status,
        note,
        cast(duration as integer) as duration_seconds,
        cast(recording_duration as integer) as recording_duration_seconds,
        recording as recording_url,
        recording_player as recording_player_url,
        cast(value as numeric(12, 2)) as lead_value,
        cast(tags as jsonb) as tags,
        -- booleans
        cast(answered as boolean) as is_answered,
        cast(voicemail as boolean) as is_voicemail,
        -- timestamps
        cast(start_time as timestamptz) as started_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
