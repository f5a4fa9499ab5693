with source as (

    {{ latest_rows(source('marketsharp', 'companies'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as company_id,
        -- attributes
        number,
        name,
        owner,
        address_line1,
        address_line2,
        address_city,
        address_state,
        address_zip,
        email,
        website,
        contact_name,
        contact_title,
        phone,
        fax,
        time_zone,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
