with source as (

    {{ latest_rows(source('arrivy', 'groups'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as group_id,
        owner as owner_id,
        -- attributes
        name as group_name,
        description,
        email,
        phone,
        mobile_number,
        emergency,
        timezone,
        address_line_1,
        address_line_2,
        city,
        state,
        zipcode,
        country,
        cast(exact_location as jsonb) as exact_location,
        cast(extra_fields as jsonb) as extra_fields,
        cast(is_default as boolean) as is_default,
        cast(is_disabled as boolean) as is_disabled,
        -- timestamps
        cast(created as timestamptz) as created_at,
        cast(updated as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
