-- SalesRabbit users (reps, canvassers, managers): the latest version of each user still
-- listed by SalesRabbit.
with source as (

    {{ latest_rows(source('salesrabbit', 'users'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as user_id,
        org_id,
        supervisor_id as supervisor_user_id,
        recruiter_id as recruiter_user_id,
        cms_id as genius_user_id,
        lead_rep_cms_id,
        external_ids,
        -- person
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(trim(email), '') as email,
        nullif(trim(phone), '') as phone,
        photo_url,
        -- organisation
        role,
        business_unit,
        department,
        office,
        team,
        region,
        -- booleans
        coalesce(active, false) as is_active,
        -- dates and timestamps
        hire_date,
        date_created as created_at,
        date_modified as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
