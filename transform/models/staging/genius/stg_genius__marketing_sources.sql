with source as (

    {{ latest_rows(source('genius', 'marketing_sources'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as marketing_source_id,
        type_id as marketing_source_type_id,
        add_user_id,
        -- attributes
        label,
        description,
        -- booleans
        cast(is_active as boolean) as is_active,
        cast(is_allow_lead_modification as boolean) as is_allow_lead_modification,
        -- dates
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        -- timestamps
        cast(add_date as timestamptz) as added_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
