with source as (

    {{ latest_rows(source('genius', 'prospect_sources'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as prospect_source_id,
        prospect_id,
        marketing_source_id,
        add_user_id,
        source_user_id,
        -- attributes
        notes,
        -- timestamps
        cast(source_date as timestamptz) as sourced_at,
        cast(add_date as timestamptz) as added_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
