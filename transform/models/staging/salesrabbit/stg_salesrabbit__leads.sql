-- SalesRabbit leads: the latest version of each, nested address and coordinates unpacked.
-- SalesRabbit writes "" for anything nobody entered: the tap loads top-level ones as null, the
-- address keeps them, so every text column is trimmed and "" made null here once.  Deleted
-- leads are left out unless the var `salesrabbit_include_deleted_leads` is true (then
-- `deleted_at` says which).
with source as (

    {% if var('salesrabbit_include_deleted_leads', false) %}
    select distinct on (id) *
    from {{ source('salesrabbit', 'leads') }}
    order by id, _sdc_batched_at desc nulls last, _sdc_sequence desc nulls last
    {% else %}
    {{ latest_rows(source('salesrabbit', 'leads'), ['id']) }}
    {% endif %}

),

renamed as (

    select
        -- ids
        id as lead_id,
        user_id as sales_rep_user_id,
        campaign_id,
        -- person
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(trim(business_name), '') as business_name,
        nullif(trim(email), '') as email,
        nullif(trim(phone_primary), '') as phone_primary,
        nullif(trim(phone_alternate), '') as phone_alternate,
        date_of_birth,
        nullif(trim(user_name), '') as sales_rep_name,
        -- the pin
        nullif(trim(address ->> 'street1'), '') as street1,
        nullif(trim(address ->> 'street2'), '') as street2,
        nullif(trim(address ->> 'city'), '') as city,
        nullif(trim(address ->> 'state'), '') as state,
        nullif(trim(address ->> 'zip'), '') as zip,
        nullif(trim(address ->> 'country'), '') as country,
        cast(coordinates ->> 'latitude' as numeric(10, 8)) as latitude,
        cast(coordinates ->> 'longitude' as numeric(11, 8)) as longitude,
        -- disposition
        status,
        notes,
        appointment,
        custom_fields,
        integration_data,
        files,
        -- timestamps
        status_modified as status_modified_at,
        owner_modified as owner_modified_at,
        date_created as created_at,
        date_modified as updated_at,
        deleted_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
