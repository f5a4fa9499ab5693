with source as (

    {{ latest_rows(source('genius', 'appointment_types'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as appointment_type_id,
        -- attributes
        label,
        -- booleans
        cast(is_active as boolean) as is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
