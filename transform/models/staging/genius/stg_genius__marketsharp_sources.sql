with source as (

    {{ latest_rows(source('genius', 'marketsharp_sources'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as marketsharp_source_id,
        -- attributes
        marketsharp_id,
        source_name,
        inactive,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
