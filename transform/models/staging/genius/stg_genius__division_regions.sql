with source as (

    {{ latest_rows(source('genius', 'division_regions'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as division_region_id,
        -- attributes
        name,
        -- booleans
        cast(is_active as boolean) as is_active,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
