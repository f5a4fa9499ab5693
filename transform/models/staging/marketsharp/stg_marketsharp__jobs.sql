with source as (

    {{ latest_rows(source('marketsharp', 'jobs'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as job_id,
        cast(contact_id as uuid) as contact_id,
        cast(inquiry_id as uuid) as inquiry_id,
        cast(appointment_id as uuid) as appointment_id,
        -- attributes
        site,
        number,
        name,
        description,
        type,
        status,
        address_line1,
        address_line2,
        city,
        state,
        zip,
        structure_value_code,
        note,
        is_active,
        exported_to_guild_quality,
        -- timestamps
        cast(start_date as timestamptz) as start_date,
        cast(sale_date as timestamptz) as sale_date,
        cast(completed_date as timestamptz) as completed_date,
        cast(last_update as timestamptz) as last_update,
        cast(created_date as timestamptz) as created_date,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
