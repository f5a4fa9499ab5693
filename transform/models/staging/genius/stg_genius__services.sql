with source as (

    {{ latest_rows(source('genius', 'services'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as service_id,
        -- attributes
        label,
        order_number,
        -- booleans
        cast(is_active as boolean) as is_active,
        cast(is_lead_required as boolean) as is_lead_required,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
