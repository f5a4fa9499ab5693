-- Genius appointment ↔ HubSpot appointment, one to one: HubSpot's `genius_appointment_id`
-- first, then Genius's third_party_source HubSpot id (same tie-breaking as prospects).
with genius as (

    select
        appointment_id,
        hubspot_appointment_id
    from {{ ref('stg_genius__appointments') }}

),

hubspot as (

    select
        appointment_id,
        genius_appointment_id
    from {{ ref('stg_hubspot__appointments') }}

),

candidates as (

    select
        hubspot.appointment_id as hubspot_appointment_id,
        genius.appointment_id as genius_appointment_id,
        1 as priority,
        'hubspot.genius_appointment_id' as matched_on
    from hubspot
    inner join genius on hubspot.genius_appointment_id = genius.appointment_id

    union all

    select
        hubspot.appointment_id as hubspot_appointment_id,
        genius.appointment_id as genius_appointment_id,
        2 as priority,
        'genius.third_party_source' as matched_on
    from genius
    inner join hubspot on genius.hubspot_appointment_id = hubspot.appointment_id

),

best_per_hubspot as (

    select
        *,
        row_number() over (
            partition by hubspot_appointment_id order by priority, genius_appointment_id
        ) as hubspot_rank
    from candidates

),

best_per_genius as (

    select
        *,
        row_number() over (
            partition by genius_appointment_id order by priority, hubspot_appointment_id
        ) as genius_rank
    from best_per_hubspot
    where hubspot_rank = 1

)

select
    genius_appointment_id,
    hubspot_appointment_id,
    matched_on
from best_per_genius
where genius_rank = 1
