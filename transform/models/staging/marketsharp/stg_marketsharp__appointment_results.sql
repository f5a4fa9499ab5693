with source as (

    {{ latest_rows(source('marketsharp', 'appointment_results'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as appointment_result_id,
        -- attributes
        name,
        presentation,
        sold,
        is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
