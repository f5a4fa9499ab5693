with source as (

    {{ latest_rows(source('genius', 'prospects'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as prospect_id,
        division_id,
        add_user_id,
        third_party_source_id,
        user_id as sales_rep_user_id,
        hubspot_contact_id,
        -- attributes
        first_name,
        last_name,
        alt_first_name,
        alt_last_name,
        address1,
        address2,
        city,
        county,
        state,
        zip,
        phone1,
        phone2,
        email,
        notes,
        marketsharp_id,
        leap_customer_id,
        year_built,
        -- booleans
        {{ as_bool('is_address_valid') }} as is_address_valid,
        -- timestamps
        cast(add_date as timestamptz) as added_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
