with source as (

    {{ latest_rows(source('genius', 'divisions'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as division_id,
        group_id as division_group_id,
        region_id as division_region_id,
        account_scheduler_id,
        -- attributes
        label,
        abbreviation,
        -- booleans
        cast(is_utility as boolean) as is_utility,
        cast(is_corp as boolean) as is_corp,
        cast(is_omniscient as boolean) as is_omniscient,
        {{ as_bool('is_inactive') }} as is_inactive,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
