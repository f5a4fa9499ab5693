with source as (

    {{ latest_rows(source('marketsharp', 'contact_phones'), ['contact_id']) }}

),

renamed as (

    select
        -- ids
        cast(contact_id as uuid) as contact_id,
        -- attributes
        assistant_phone,
        work_fax,
        cell_phone,
        company_phone,
        home_phone2,
        home_fax,
        pager,
        work_phone2,
        company_fax,
        home_phone,
        work_phone,
        other_phone,
        cell_phone2,
        other_phone2,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
