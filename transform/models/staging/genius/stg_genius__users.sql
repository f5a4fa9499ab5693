with source as (

    {{ latest_rows(source('genius', 'users'), ['user_id']) }}

),

renamed as (

    select
        -- ids
        user_id,
        division_id,
        title_id as user_title_id,
        manager_user_id,
        gender_id,
        marital_status_id,
        add_user_id,
        inactive_reason_id,
        inactive_transfer_division_id,
        user_associations_id,
        primary_user_id,
        -- attributes
        first_name,
        first_name_alt,
        last_name,
        email,
        personal_email,
        time_zone_name,
        inactive_reason_other,
        -- booleans
        cast(is_inactive as boolean) as is_inactive,
        -- dates
        cast(birth_date as date) as birth_date,
        -- timestamps
        cast(hired_on as timestamptz) as hired_at,
        cast(start_date as timestamptz) as started_at,
        cast(add_datetime as timestamptz) as added_at,
        cast(inactive_on as timestamptz) as inactive_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
