-- One row per person: every Genius prospect (the spine), enriched with its HubSpot contact
-- where the two are linked, plus the HubSpot contacts Genius does not have.
with genius as (

    select * from {{ ref('stg_genius__prospects') }}

),

hubspot as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

links as (

    select * from {{ ref('int_prospects__linked') }}

),

spine as (

    select
        genius.prospect_id as genius_prospect_id,
        links.hubspot_contact_id,
        links.matched_on
    from genius
    left join links on genius.prospect_id = links.genius_prospect_id

    union all

    select
        null as genius_prospect_id,
        hubspot.contact_id as hubspot_contact_id,
        null as matched_on
    from hubspot
    where not exists (
        select 1 from links
        where links.hubspot_contact_id = hubspot.contact_id
    )

),

final as (

    select
        -- keys
        case
            when spine.genius_prospect_id is not null then 'genius-' || spine.genius_prospect_id
            else 'hubspot-' || spine.hubspot_contact_id
        end as prospect_key,
        spine.genius_prospect_id,
        spine.hubspot_contact_id,
        coalesce(genius.division_id, hubspot.genius_division_id) as division_id,
        genius.sales_rep_user_id,
        -- where the person is known
        case
            when genius.prospect_id is not null and hubspot.contact_id is not null then 'both'
            when genius.prospect_id is not null then 'genius'
            else 'hubspot'
        end as source_system,
        spine.matched_on,
        -- person (Genius first: it is the system of record)
        coalesce(genius.first_name, hubspot.first_name) as first_name,
        coalesce(genius.last_name, hubspot.last_name) as last_name,
        {{ normalize_text('coalesce(genius.email, hubspot.email)') }} as email,
        {{ normalize_phone('coalesce(genius.phone1, hubspot.phone)') }} as phone,
        {{ normalize_phone('coalesce(genius.phone2, hubspot.mobile_phone)') }} as secondary_phone,
        coalesce(genius.address1, hubspot.address) as address,
        coalesce(genius.city, hubspot.city) as city,
        coalesce(genius.state, hubspot.state) as state,
        {{ zip5('coalesce(genius.zip, hubspot.zip)') }} as zip5,
        hubspot.lifecycle_stage,
        hubspot.original_lead_source,
        -- timestamps
        least(genius.added_at, hubspot.created_at) as created_at,
        greatest(genius.updated_at, hubspot.updated_at) as updated_at
    from spine
    left join genius on spine.genius_prospect_id = genius.prospect_id
    left join hubspot on spine.hubspot_contact_id = hubspot.contact_id

)

select * from final
