with source as (

    {{ latest_rows(source('genius', 'job_change_order_items'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as job_change_order_item_id,
        change_order_id as job_change_order_id,
        -- attributes
        description,
        cast(amount as numeric(8, 2)) as amount,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
