with source as (

    {{ latest_rows(source('hubspot', 'genius_users'), ['id']) }}

),

renamed as (

    select
        -- ids: the HubSpot record, and the Genius user and division it mirrors
        cast(id as bigint) as genius_user_record_id,
        {{ text_to_bigint('user_id') }} as genius_user_id,
        {{ text_to_bigint('division_id') }} as genius_division_id,
        {{ text_to_bigint('title_id') }} as genius_title_id,
        -- attributes
        name as user_name,
        email,
        job_title,
        division as division_name,
        user_account_type,
        arrivy_user_id,
        -- booleans
        coalesce(cast(user_status_inactive as boolean), false) as is_inactive,
        -- timestamps
        cast(coalesce(hs_createdate, created_at) as timestamptz) as created_at,
        cast(coalesce(hs_lastmodifieddate, updated_at) as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source
    where not coalesce(archived, false)

)

select * from renamed
