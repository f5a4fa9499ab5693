-- Duplicated HubSpot appointments (the predecessor's dedup_hubspot_appointments, fixed: it
-- read tables that no longer exist and wrote to the source table): appointments of the same
-- contact on the same date at the same time.  One row per appointment in such a group,
-- newest first (rank 1 is the one to keep).  Read-only.
with appointments as (

    select
        appointment_id,
        -- the booked date and time; HubSpot's start instant (UTC) where they are missing
        coalesce(appointment_date, cast(starts_at at time zone 'UTC' as date)) as appointment_date,
        coalesce(appointment_time, cast(starts_at at time zone 'UTC' as time)) as appointment_time,
        created_at
    from {{ ref('stg_hubspot__appointments') }}

),

contact_appointments as (

    select
        associations.contact_id,
        appointments.*
    from {{ ref('stg_hubspot__contact_appointments') }} as associations
    inner join appointments on associations.appointment_id = appointments.appointment_id
    where appointments.appointment_date is not null and appointments.appointment_time is not null

),

grouped as (

    select
        *,
        count(*) over (partition by contact_id, appointment_date, appointment_time) as group_size,
        row_number() over (
            partition by contact_id, appointment_date, appointment_time
            order by created_at desc nulls last, appointment_id desc
        ) as rank_newest_first
    from contact_appointments

)

select
    contact_id || '@' || appointment_date || 'T' || appointment_time as duplicate_group_key,
    contact_id,
    appointment_id,
    appointment_date,
    appointment_time,
    created_at,
    group_size,
    rank_newest_first,
    rank_newest_first = 1 as is_newest
from grouped
where group_size > 1
