with source as (

    {{ latest_rows(source('arrivy', 'bookings'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as booking_id,
        group_id,
        coalesce(template_id, template) as template_id,
        nullif(trim(external_id), '') as external_id,
        {{ id_array('entity_ids') }} as entity_ids,
        -- attributes
        title,
        description,
        status,
        task_type,
        timezone,
        cast(duration_estimate as integer) as duration_estimate_minutes,
        cast(is_recurring as boolean) as is_recurring,
        cast(is_all_day as boolean) as is_all_day,
        cast(extra_fields as jsonb) as extra_fields,
        -- schedule
        cast(start_datetime as timestamptz) as start_at,
        cast(end_datetime as timestamptz) as end_at,
        -- timestamps
        cast(created as timestamptz) as created_at,
        cast(updated as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
