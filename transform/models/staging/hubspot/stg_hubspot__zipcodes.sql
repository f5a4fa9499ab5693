with source as (

    {{ latest_rows(source('hubspot', 'zipcodes'), ['zipcode']) }}

),

renamed as (

    select
        -- ids
        trim(zipcode) as zipcode,
        -- attributes
        division as division_name,
        city,
        county,
        state,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source
    where not coalesce(archived, false)

)

select * from renamed
