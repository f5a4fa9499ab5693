with source as (

    {{ latest_rows(source('genius', 'appointment_services'), ['appointment_id', 'service_id']) }}

),

renamed as (

    select
        -- ids
        appointment_id,
        service_id,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
