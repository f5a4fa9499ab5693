with source as (

    {{ latest_rows(source('callrail', 'companies'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as company_id,
        account_id,
        -- attributes
        name as company_name,
        status,
        time_zone,
        script_url,
        swap_cookie_duration,
        swap_cookie_duration_unit,
        -- booleans
        cast(dni_active as boolean) as is_dni_active,
        cast(callscore_enabled as boolean) as is_callscore_enabled,
        cast(lead_scoring_enabled as boolean) as is_lead_scoring_enabled,
        cast(callscribe_enabled as boolean) as is_callscribe_enabled,
        cast(keyword_spotting_enabled as boolean) as is_keyword_spotting_enabled,
        cast(form_capture as boolean) as is_form_capture_enabled,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(disabled_at as timestamptz) as disabled_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
