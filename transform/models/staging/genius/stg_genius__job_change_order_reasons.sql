with source as (

    {{ latest_rows(source('genius', 'job_change_order_reasons'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as job_change_order_reason_id,
        -- attributes
        label,
        description,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
