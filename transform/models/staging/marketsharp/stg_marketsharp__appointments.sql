with source as (

    {{ latest_rows(source('marketsharp', 'appointments'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as appointment_id,
        cast(inquiry_id as uuid) as inquiry_id,
        cast(salesperson1_id as uuid) as salesperson1_id,
        cast(salesperson2_id as uuid) as salesperson2_id,
        cast(set_by_id as uuid) as set_by_id,
        cast(result_id as uuid) as result_id,
        cast(last_update_by as uuid) as last_update_by,
        cast(created_by as uuid) as created_by,
        -- attributes
        note,
        subject,
        type,
        result_reason,
        is_active,
        -- timestamps
        cast(appointment_date as timestamptz) as appointment_date,
        cast(set_date as timestamptz) as set_date,
        cast(issued_date as timestamptz) as issued_date,
        cast(last_update as timestamptz) as last_update,
        cast(created_date as timestamptz) as created_date,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
