with source as (

    {{ latest_rows(source('arrivy', 'tasks'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as task_id,
        group_id,
        customer_id,
        template as template_id,
        nullif(trim(external_id), '') as external_id,
        external_type,
        {{ id_array('entity_ids') }} as entity_ids,
        {{ id_array('resource_ids') }} as resource_ids,
        -- attributes
        title,
        details,
        template_type,
        status as current_status,
        status_title as current_status_title,
        source as created_from,
        coalesce(cast(unscheduled as boolean), false) as is_unscheduled,
        cast(duration as integer) as duration_minutes,
        -- customer
        customer_first_name,
        customer_last_name,
        customer_email,
        customer_phone,
        customer_mobile_number,
        customer_address_line_1,
        customer_address_line_2,
        customer_city,
        customer_state,
        customer_zipcode,
        customer_country,
        cast(customer_exact_location as jsonb) as customer_exact_location,
        -- schedule: UTC instants, and the strings as scheduled (with the local offset)
        cast(start_datetime as timestamptz) as start_at,
        cast(end_datetime as timestamptz) as end_at,
        start_datetime_original_iso_str as start_local,
        end_datetime_original_iso_str as end_local,
        -- nested
        cast(extra_fields as jsonb) as extra_fields,
        cast(template_extra_fields as jsonb) as template_extra_fields,
        cast(additional_addresses as jsonb) as additional_addresses,
        cast(items as jsonb) as items,
        -- timestamps
        cast(created as timestamptz) as created_at,
        cast(updated as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
