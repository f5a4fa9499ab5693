with source as (

    {{ latest_rows(source('arrivy', 'entities'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as entity_id,
        group_id,
        external_id,
        owner as owner_id,
        -- attributes
        name as entity_name,
        type as entity_type,
        permission,
        user_type,
        email,
        phone,
        details,
        image_path,
        cast(is_active as boolean) as is_active,
        cast(is_disabled as boolean) as is_disabled,
        cast(extra_fields as jsonb) as extra_fields,
        {{ id_array('additional_group_ids') }} as additional_group_ids,
        -- timestamps
        cast(joined_datetime as timestamptz) as joined_at,
        cast(created as timestamptz) as created_at,
        cast(updated as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
