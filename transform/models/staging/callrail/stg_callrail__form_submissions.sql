with source as (

    {{ latest_rows(source('callrail', 'form_submissions'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as form_submission_id,
        account_id,
        company_id,
        person_id,
        -- parties
        customer_phone_number,
        customer_name,
        -- attributes
        form_url,
        landing_page_url,
        referrer,
        referring_url,
        source as lead_source,
        campaign,
        medium,
        keywords,
        cast(form_data as jsonb) as form_data,
        -- booleans
        cast(first_form as boolean) as is_first_form,
        -- timestamps
        cast(submitted_at as timestamptz) as submitted_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
