-- One row per text-message conversation (CallRail's text-messages resource), with its
-- recent messages as jsonb.
with source as (

    {{ latest_rows(source('callrail', 'text_messages'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as conversation_id,
        account_id,
        company_id,
        initial_tracker_id,
        current_tracker_id,
        -- parties
        customer_phone_number,
        customer_name,
        initial_tracking_number,
        current_tracking_number,
        -- attributes
        company_name,
        tracker_name,
        state as conversation_state,
        company_time_zone,
        cast(recent_messages as jsonb) as recent_messages,
        jsonb_array_length(coalesce(cast(recent_messages as jsonb), cast('[]' as jsonb)))
            as recent_message_count,
        -- timestamps
        cast(last_message_at as timestamptz) as last_message_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
