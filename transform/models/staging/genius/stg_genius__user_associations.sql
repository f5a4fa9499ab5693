with source as (

    {{ latest_rows(source('genius', 'user_associations'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as user_association_id,
        primary_user_id,
        -- timestamps
        cast(created_at as timestamptz) as created_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
