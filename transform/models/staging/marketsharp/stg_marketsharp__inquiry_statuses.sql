with source as (

    {{ latest_rows(source('marketsharp', 'inquiry_statuses'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as inquiry_status_id,
        cast(company_id as bigint) as company_id,
        cast(last_update_by as uuid) as last_update_by,
        -- attributes
        name,
        is_active,
        created_by,
        -- timestamps
        cast(last_update_utc as timestamptz) as last_update_utc,
        cast(created_date_utc as timestamptz) as created_date_utc,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
