-- Sales reps assigned outside their division (the predecessor's "Sales Rep Does Not Exist
-- In Appointment Division"): appointments whose rep belongs to another division than the
-- appointment's (the prospect's) division.  Reps come from Genius; HubSpot's mirror of the
-- Genius users fills in any Genius does not have.
with appointments as (

    select * from {{ ref('fct_appointments') }}
    where sales_rep_user_id is not null and division_id is not null

),

genius_reps as (

    select
        user_id,
        division_id,
        first_name || ' ' || last_name as rep_name
    from {{ ref('stg_genius__users') }}

),

reps as (

    select * from genius_reps

    union all

    select
        genius_user_id,
        genius_division_id,
        user_name
    from {{ ref('stg_hubspot__genius_users') }}
    where
        genius_user_id is not null
        and genius_user_id not in (select genius_reps.user_id from genius_reps)

),

divisions as (

    select
        division_id,
        label as division_label
    from {{ ref('stg_genius__divisions') }}

)

select
    appointments.appointment_key,
    appointments.genius_appointment_id,
    appointments.hubspot_appointment_id,
    appointments.prospect_key,
    appointments.appointment_date,
    appointments.division_id as appointment_division_id,
    appointment_divisions.division_label as appointment_division_label,
    reps.user_id as sales_rep_user_id,
    reps.rep_name as sales_rep_name,
    reps.division_id as sales_rep_division_id,
    rep_divisions.division_label as sales_rep_division_label
from appointments
inner join reps on appointments.sales_rep_user_id = reps.user_id
left join divisions as appointment_divisions on appointments.division_id = appointment_divisions.division_id
left join divisions as rep_divisions on reps.division_id = rep_divisions.division_id
where reps.division_id <> appointments.division_id
