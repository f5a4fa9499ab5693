with source as (

    {{ latest_rows(source('genius', 'job_change_order_statuses'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as job_change_order_status_id,
        -- attributes
        label,
        -- booleans
        {{ as_bool('is_selectable') }} as is_selectable,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
