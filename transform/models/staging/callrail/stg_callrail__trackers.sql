with source as (

    {{ latest_rows(source('callrail', 'trackers'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as tracker_id,
        account_id,
        company ->> 'id' as company_id,
        -- attributes
        name as tracker_name,
        type as tracker_type,
        status,
        destination_number,
        whisper_message,
        campaign_name,
        source ->> 'type' as source_type,
        cast(tracking_numbers as jsonb) as tracking_numbers,
        cast(call_flow as jsonb) as call_flow,
        -- booleans
        cast(sms_enabled as boolean) as is_sms_enabled,
        cast(sms_supported as boolean) as is_sms_supported,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(disabled_at as timestamptz) as disabled_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
