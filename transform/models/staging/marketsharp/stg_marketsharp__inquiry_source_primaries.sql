with source as (

    {{ latest_rows(source('marketsharp', 'inquiry_source_primaries'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as inquiry_source_primary_id,
        cast(company_id as bigint) as company_id,
        -- attributes
        name,
        is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
