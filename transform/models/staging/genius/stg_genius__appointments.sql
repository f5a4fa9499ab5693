with source as (

    {{ latest_rows(source('genius', 'appointments'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as appointment_id,
        prospect_id,
        prospect_source_id,
        user_id as sales_rep_user_id,
        type_id as appointment_type_id,
        add_user_id,
        confirm_user_id,
        complete_outcome_id as appointment_outcome_id,
        complete_user_id,
        third_party_source_id,
        marketing_task_id,
        hubspot_appointment_id,
        -- attributes
        address1,
        address2,
        city,
        state,
        zip,
        email,
        notes,
        confirm_with,
        spouses_present,
        marketsharp_id,
        marketsharp_appt_type,
        leap_estimate_id,
        -- booleans
        {{ as_bool('is_complete') }} as is_complete,
        -- dates
        cast(date as date) as appointment_date,
        cast(time as time) as appointment_time,
        cast(extract(epoch from cast(duration as time)) / 60 as integer) as duration_minutes,
        -- timestamps
        cast(add_date as timestamptz) as added_at,
        cast(assign_date as timestamptz) as assigned_at,
        cast(confirm_date as timestamptz) as confirmed_at,
        cast(complete_date as timestamptz) as completed_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
