with source as (

    {{ latest_rows(source('genius', 'division_groups'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as division_group_id,
        hub_account_id,
        -- attributes
        group_label,
        region,
        default_time_zone_name,
        intern_payroll_start,
        painter_payroll_start,
        cc_profile_id,
        mes_profile_id,
        mes_profile_key,
        docusign_acct_id,
        paysimple_username,
        paysimple_secret,
        -- booleans
        cast(is_active as boolean) as is_active,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
