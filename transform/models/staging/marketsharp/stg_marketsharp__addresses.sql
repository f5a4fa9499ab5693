with source as (

    {{ latest_rows(source('marketsharp', 'addresses'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as address_id,
        cast(contact_id as uuid) as contact_id,
        -- attributes
        line1,
        line2,
        city,
        state,
        county,
        zip,
        country,
        carrier_route,
        cass,
        latitude,
        longitude,
        zip4,
        dpbc2,
        bar_code,
        is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
