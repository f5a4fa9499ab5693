with source as (

    {{ latest_rows(source('genius', 'quotes'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as quote_id,
        prospect_id,
        appointment_id,
        job_id,
        service_id,
        status_id,
        contract_file_id,
        estimate_file_id,
        add_user_id,
        -- attributes
        client_cid,
        label,
        description,
        cast(amount as numeric(10, 2)) as amount,
        -- dates
        cast(expire_date as date) as expire_date,
        -- timestamps
        cast(add_date as timestamptz) as added_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
