with source as (

    {{ latest_rows(source('genius', 'appointment_outcomes'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as appointment_outcome_id,
        type_id as appointment_outcome_type_id,
        -- attributes
        label,
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
