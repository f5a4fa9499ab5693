with source as (

    {{ latest_rows(source('genius', 'marketing_source_types'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as marketing_source_type_id,
        -- attributes
        label,
        description,
        list_order,
        -- booleans
        cast(is_active as boolean) as is_active,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
