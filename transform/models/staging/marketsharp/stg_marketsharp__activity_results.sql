with source as (

    {{ latest_rows(source('marketsharp', 'activity_results'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as activity_result_id,
        cast(company_id as bigint) as company_id,
        cast(last_update_by as uuid) as last_update_by,
        -- attributes
        name,
        email_success,
        email_failure,
        confirmed,
        is_active,
        created_by,
        count_as_appt_confirmed,
        count_as_appt_created,
        count_as_contacted,
        -- timestamps
        cast(last_update as timestamptz) as last_update,
        cast(created_date as timestamptz) as created_date,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
