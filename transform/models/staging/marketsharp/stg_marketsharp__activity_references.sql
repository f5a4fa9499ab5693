with source as (

    {{ latest_rows(source('marketsharp', 'activity_references'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as activity_reference_id,
        cast(company_id as bigint) as company_id,
        cast(last_update_by as uuid) as last_update_by,
        -- attributes
        name,
        inquiry_required,
        appointment_required,
        is_active,
        created_by,
        -- timestamps
        cast(created_date_utc as timestamptz) as created_date_utc,
        cast(last_update_utc as timestamptz) as last_update_utc,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
