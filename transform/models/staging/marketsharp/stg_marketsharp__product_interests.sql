with source as (

    {{ latest_rows(source('marketsharp', 'product_interests'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as product_interest_id,
        cast(inquiry_id as uuid) as inquiry_id,
        cast(product_type_id as uuid) as product_type_id,
        cast(product_detail_id as uuid) as product_detail_id,
        -- attributes
        cast(price_quoted as numeric(10, 2)) as price_quoted,
        is_active,
        -- timestamps
        cast(last_update as timestamptz) as last_update,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
