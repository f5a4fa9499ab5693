with source as (

    {{ latest_rows(source('hubspot', 'deals'), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as bigint) as deal_id,
        cast(genius_appointment_id as bigint) as genius_appointment_id,
        -- attributes
        dealname as deal_name,
        dealstage as deal_stage,
        dealtype as deal_type,
        pipeline,
        description,
        division as division_name,
        cast(amount as numeric(15, 2)) as amount,
        -- booleans
        cast(hs_is_closed_won as boolean) as is_closed_won,
        -- timestamps
        cast(closedate as timestamptz) as closes_at,
        cast(coalesce(createdate, created_at) as timestamptz) as created_at,
        cast(coalesce(hs_lastmodifieddate, updated_at) as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source
    where not coalesce(archived, false)

)

select * from renamed
