with source as (

    {{ latest_rows(source('callrail', 'accounts'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as account_id,
        numeric_id as account_numeric_id,
        -- attributes
        name as account_name,
        -- booleans
        cast(outbound_recording_enabled as boolean) as is_outbound_recording_enabled,
        cast(hipaa_account as boolean) as is_hipaa_account,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
