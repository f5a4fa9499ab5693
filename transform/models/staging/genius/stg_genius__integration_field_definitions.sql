with source as (

    {{ latest_rows(source('genius', 'integration_field_definitions'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as integration_field_definition_id,
        integration_id,
        -- attributes
        label,
        key_name,
        hint,
        input_type,
        -- booleans
        cast(is_user as boolean) as is_user,
        cast(is_division as boolean) as is_division,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
