-- One row per appointment across Genius and HubSpot: a pair linked by their cross-ids is
-- one appointment; either side alone is one too.  Genius is the system of record.
with genius as (

    select
        appointments.*,
        prospects.division_id
    from {{ ref('stg_genius__appointments') }} as appointments
    left join {{ ref('stg_genius__prospects') }} as prospects
        on appointments.prospect_id = prospects.prospect_id

),

-- the contact an appointment belongs to (the lowest id should HubSpot list several)
appointment_contacts as (

    select
        appointment_id,
        min(contact_id) as contact_id
    from {{ ref('stg_hubspot__contact_appointments') }}
    group by appointment_id

),

hubspot as (

    select
        appointments.*,
        appointment_contacts.contact_id
    from {{ ref('stg_hubspot__appointments') }} as appointments
    left join appointment_contacts on appointments.appointment_id = appointment_contacts.appointment_id

),

links as (

    select * from {{ ref('int_appointments__linked') }}

),

prospects as (

    select
        prospect_key,
        genius_prospect_id,
        hubspot_contact_id
    from {{ ref('dim_prospects') }}

),

spine as (

    select
        genius.appointment_id as genius_appointment_id,
        links.hubspot_appointment_id
    from genius
    left join links on genius.appointment_id = links.genius_appointment_id

    union all

    select
        null as genius_appointment_id,
        hubspot.appointment_id as hubspot_appointment_id
    from hubspot
    where not exists (
        select 1 from links
        where links.hubspot_appointment_id = hubspot.appointment_id
    )

),

final as (

    select
        -- keys
        case
            when spine.genius_appointment_id is not null then 'genius-' || spine.genius_appointment_id
            else 'hubspot-' || spine.hubspot_appointment_id
        end as appointment_key,
        spine.genius_appointment_id,
        spine.hubspot_appointment_id,
        coalesce(by_genius_prospect.prospect_key, by_hubspot_contact.prospect_key) as prospect_key,
        hubspot.contact_id as hubspot_contact_id,
        coalesce(genius.division_id, hubspot.genius_division_id) as division_id,
        coalesce(genius.sales_rep_user_id, hubspot.genius_user_id) as sales_rep_user_id,
        -- where the appointment is known
        case
            when genius.appointment_id is not null and hubspot.appointment_id is not null then 'both'
            when genius.appointment_id is not null then 'genius'
            else 'hubspot'
        end as source_system,
        -- when and what (wall-clock date and time as booked; HubSpot's start is an instant)
        coalesce(genius.appointment_date, hubspot.appointment_date) as appointment_date,
        coalesce(genius.appointment_time, hubspot.appointment_time) as appointment_time,
        hubspot.starts_at,
        coalesce(genius.duration_minutes, hubspot.duration_minutes) as duration_minutes,
        coalesce(genius.is_complete, hubspot.is_complete, false) as is_complete,
        hubspot.appointment_status as hubspot_status,
        hubspot.services as hubspot_services,
        genius.appointment_outcome_id,
        -- timestamps
        coalesce(genius.added_at, hubspot.created_at) as created_at,
        greatest(genius.updated_at, hubspot.updated_at) as updated_at
    from spine
    left join genius on spine.genius_appointment_id = genius.appointment_id
    left join hubspot on spine.hubspot_appointment_id = hubspot.appointment_id
    left join prospects as by_genius_prospect
        on genius.prospect_id = by_genius_prospect.genius_prospect_id
    left join prospects as by_hubspot_contact
        on
            genius.appointment_id is null
            and hubspot.contact_id = by_hubspot_contact.hubspot_contact_id

)

select * from final
