with source as (

    {{ latest_rows(source('marketsharp', 'activities'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as activity_id,
        cast(contact_id as uuid) as contact_id,
        cast(appointment_id as uuid) as appointment_id,
        cast(assign_to_employee_id as uuid) as assign_to_employee_id,
        cast(scheduled_by_employee_id as uuid) as scheduled_by_employee_id,
        cast(inquiry_id as uuid) as inquiry_id,
        cast(activity_result_id as bigint) as activity_result_id,
        cast(activity_reference_id as bigint) as activity_reference_id,
        -- attributes
        name,
        type,
        reminder_minutes,
        notes,
        reminder_dismissed,
        is_active,
        last_updated_by,
        created_by,
        -- timestamps
        cast(completed_date as timestamptz) as completed_date,
        cast(due_date as timestamptz) as due_date,
        cast(last_update as timestamptz) as last_update,
        cast(created_date as timestamptz) as created_date,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
