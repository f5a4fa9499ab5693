with source as (

    {{ latest_rows(source('marketsharp', 'product_details'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as product_detail_id,
        cast(product_type_id as uuid) as product_type_id,
        cast(company_id as bigint) as company_id,
        -- attributes
        name,
        is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
