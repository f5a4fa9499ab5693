with source as (

    {{ latest_rows(source('marketsharp', 'inquiries'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as inquiry_id,
        cast(contact_id as uuid) as contact_id,
        cast(inquiry_source_primary_id as uuid) as inquiry_source_primary_id,
        cast(inquiry_source_secondary_id as uuid) as inquiry_source_secondary_id,
        cast(promoter_id as uuid) as promoter_id,
        cast(canvasser_id as uuid) as canvasser_id,
        cast(telemarketer_id as uuid) as telemarketer_id,
        cast(set_by_id as uuid) as set_by_id,
        cast(inquiry_status_id as bigint) as inquiry_status_id,
        cast(last_update_by as uuid) as last_update_by,
        -- attributes
        description,
        note,
        job_site_address_line1,
        job_site_address_line2,
        job_site_city,
        job_site_state,
        job_site_zip,
        job_site_directions,
        is_active,
        division,
        created_by,
        -- timestamps
        cast(creation_date as timestamptz) as creation_date,
        cast(inquiry_date as timestamptz) as inquiry_date,
        cast(set_date as timestamptz) as set_date,
        cast(last_update as timestamptz) as last_update,
        cast(created_date as timestamptz) as created_date,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
