-- Every status definition, inactive ones and ones without timestamps included (the
-- predecessor dropped the latter in delta mode).
with source as (

    {{ latest_rows(source('arrivy', 'statuses'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as status_id,
        type_id,
        -- attributes
        name as status_name,
        title,
        type as status_type,
        description,
        color,
        cast("order" as integer) as sort_order,
        cast(is_active as boolean) as is_active,
        cast(visible_to_customer as boolean) as is_visible_to_customer,
        cast(require_signature as boolean) as requires_signature,
        cast(require_rating as boolean) as requires_rating,
        -- timestamps
        cast(created as timestamptz) as created_at,
        cast(updated as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
