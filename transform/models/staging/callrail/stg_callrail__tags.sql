with source as (

    {{ latest_rows(source('callrail', 'tags'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as tag_id,
        account_id,
        company_id,
        -- attributes
        name as tag_name,
        tag_level,
        color,
        background_color,
        status,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
