with source as (

    {{ latest_rows(source('marketsharp', 'custom_fields'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as custom_field_id,
        cast(contact_id as uuid) as contact_id,
        -- attributes
        name,
        value,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
