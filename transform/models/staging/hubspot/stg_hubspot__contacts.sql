with source as (

    {{ latest_rows(source('hubspot', 'contacts'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as contact_id,
        cast(prospect_id as bigint) as genius_prospect_id,
        cast(division_id as bigint) as genius_division_id,
        -- person
        firstname as first_name,
        lastname as last_name,
        email,
        phone,
        mobilephone as mobile_phone,
        address,
        city,
        state,
        zip,
        division as division_name,
        -- attribution and lifecycle
        lifecyclestage as lifecycle_stage,
        original_lead_source,
        hge_primary_source,
        hge_secondary_source,
        cast(prospect_year_built as integer) as year_built,
        -- booleans
        cast(hs_is_unworked as boolean) as is_unworked,
        -- dates and timestamps
        cast(first_appointment_date as date) as first_appointment_date,
        cast(coalesce(createdate, created_at) as timestamptz) as created_at,
        cast(coalesce(lastmodifieddate, updated_at) as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source
    where not coalesce(archived, false)

)

select * from renamed
