with source as (

    {{ latest_rows(source('callrail', 'users'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as user_id,
        account_id,
        -- attributes
        email,
        first_name,
        last_name,
        name as user_name,
        role,
        cast(companies as jsonb) as companies,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
