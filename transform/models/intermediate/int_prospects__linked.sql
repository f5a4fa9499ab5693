-- Genius prospect ↔ HubSpot contact, one to one, from the cross-ids both systems carry:
-- HubSpot's `prospect_id` property first, then Genius's third_party_source HubSpot id.
-- Either side may point at several records (a copied Genius prospect keeps the original's
-- HubSpot id), so each contact keeps its best prospect, then each prospect its best contact.
with genius as (

    select
        prospect_id,
        hubspot_contact_id
    from {{ ref('stg_genius__prospects') }}

),

hubspot as (

    select
        contact_id,
        genius_prospect_id
    from {{ ref('stg_hubspot__contacts') }}

),

candidates as (

    select
        hubspot.contact_id,
        genius.prospect_id,
        1 as priority,
        'hubspot.prospect_id' as matched_on
    from hubspot
    inner join genius on hubspot.genius_prospect_id = genius.prospect_id

    union all

    select
        hubspot.contact_id,
        genius.prospect_id,
        2 as priority,
        'genius.third_party_source' as matched_on
    from genius
    inner join hubspot on genius.hubspot_contact_id = hubspot.contact_id

),

best_per_contact as (

    select
        *,
        row_number() over (partition by contact_id order by priority, prospect_id) as contact_rank
    from candidates

),

best_per_prospect as (

    select
        *,
        row_number() over (partition by prospect_id order by priority, contact_id) as prospect_rank
    from best_per_contact
    where contact_rank = 1

)

select
    prospect_id as genius_prospect_id,
    contact_id as hubspot_contact_id,
    matched_on
from best_per_prospect
where prospect_rank = 1
