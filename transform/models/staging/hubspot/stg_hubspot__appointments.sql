with source as (

    {{ latest_rows(source('hubspot', 'appointments'), ['id']) }}

),

renamed as (

    select
        -- ids (genius_* are the Genius ids HubSpot carries as text properties)
        cast(id as bigint) as appointment_id,
        {{ text_to_bigint('genius_appointment_id') }} as genius_appointment_id,
        {{ text_to_bigint('genius_prospect_id') }} as genius_prospect_id,
        {{ text_to_bigint('division_id') }} as genius_division_id,
        {{ text_to_bigint('user_id') }} as genius_user_id,
        -- attributes
        hs_appointment_name as appointment_name,
        appointment_status,
        appointment_services as services,
        division as division_name,
        first_name,
        last_name,
        email,
        phone1 as phone,
        address1,
        city,
        state,
        zip,
        cast(duration as integer) as duration_minutes,
        -- booleans
        cast(is_complete as boolean) as is_complete,
        -- dates and timestamps
        cast(date as date) as appointment_date,
        cast(nullif(trim(time), '') as time) as appointment_time,
        cast(hs_appointment_start as timestamptz) as starts_at,
        cast(hs_appointment_end as timestamptz) as ends_at,
        cast(coalesce(hs_createdate, created_at) as timestamptz) as created_at,
        cast(coalesce(hs_lastmodifieddate, updated_at) as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source
    where not coalesce(archived, false)

)

select * from renamed
