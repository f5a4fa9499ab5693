with source as (

    {{ latest_rows(source('genius', 'marketsharp_marketing_source_maps'), ['marketsharp_id']) }}

),

renamed as (

    select
        -- ids
        marketing_source_id,
        -- attributes
        marketsharp_id,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
