with source as (

    {{ latest_rows(source('genius', 'job_statuses'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as job_status_id,
        -- attributes
        label,
        -- booleans
        {{ as_bool('is_system') }} as is_system,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
