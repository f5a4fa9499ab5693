with source as (

    {{ latest_rows(source('hubspot', 'divisions'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as division_id,
        cast(genius_division_id as bigint) as genius_division_id,
        -- attributes
        division_name,
        division_label,
        division_code,
        status,
        region,
        manager_name,
        manager_email,
        phone,
        city,
        state,
        zip,
        -- timestamps
        cast(coalesce(hs_createdate, created_at) as timestamptz) as created_at,
        cast(coalesce(hs_lastmodifieddate, updated_at) as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source
    where not coalesce(archived, false)

)

select * from renamed
