with source as (

    {{ latest_rows(source('marketsharp', 'contact_types'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as contact_type_id,
        cast(contact_id as uuid) as contact_id,
        -- attributes
        contact_type,
        is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
