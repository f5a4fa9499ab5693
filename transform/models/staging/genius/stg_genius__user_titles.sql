with source as (

    {{ latest_rows(source('genius', 'user_titles'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as user_title_id,
        type_id,
        section_id,
        pay_component_group_id,
        -- attributes
        title,
        abbreviation,
        cast(roles as jsonb) as title_roles,
        sort as sort_order,
        -- booleans
        cast(is_active as boolean) as is_active,
        cast(is_unique_per_division as boolean) as is_unique_per_division,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
