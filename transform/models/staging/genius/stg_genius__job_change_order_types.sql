with source as (

    {{ latest_rows(source('genius', 'job_change_order_types'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as job_change_order_type_id,
        -- attributes
        label,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
