with source as (

    {{ latest_rows(source('genius', 'integration_fields'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as integration_field_id,
        definition_id as integration_field_definition_id,
        user_id,
        division_id,
        -- attributes
        field_value,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
