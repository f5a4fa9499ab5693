with source as (

    {{ latest_rows(source('marketsharp', 'employees'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as employee_id,
        cast(company_id as bigint) as company_id,
        -- attributes
        name,
        is_active,
        -- timestamps
        cast(last_update as timestamptz) as last_update,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
