-- The canvassing funnel's first steps: every SalesRabbit lead (pin), the Genius prospect it
-- became (int_salesrabbit_leads__linked: phone, else address) and that prospect's first
-- Genius appointment, with the rep on both sides (SalesRabbit's `cmsId` is the Genius user).
with leads as (

    select * from {{ ref('stg_salesrabbit__leads') }}

),

links as (

    select * from {{ ref('int_salesrabbit_leads__linked') }}

),

reps as (

    select user_id, genius_user_id from {{ ref('stg_salesrabbit__users') }}

),

prospects as (

    select prospect_id, division_id from {{ ref('stg_genius__prospects') }}

),

first_appointments as (

    select distinct on (prospect_id)
        prospect_id,
        appointment_id,
        appointment_date,
        is_complete,
        appointment_outcome_id
    from {{ ref('stg_genius__appointments') }}
    order by prospect_id, appointment_date, appointment_time, appointment_id

),

final as (

    select
        -- keys
        leads.lead_id,
        links.genius_prospect_id,
        case when links.genius_prospect_id is not null then 'genius-' || links.genius_prospect_id end
            as prospect_key,
        first_appointments.appointment_id as genius_appointment_id,
        prospects.division_id,
        leads.sales_rep_user_id,
        reps.genius_user_id as sales_rep_genius_user_id,
        -- the funnel
        links.matched_on,
        leads.status,
        links.genius_prospect_id is not null as became_prospect,
        first_appointments.appointment_id is not null as had_appointment,
        coalesce(first_appointments.is_complete, false) as appointment_completed,
        first_appointments.appointment_outcome_id,
        -- the pin
        leads.city,
        leads.state,
        leads.zip,
        leads.latitude,
        leads.longitude,
        -- timestamps
        leads.created_at as knocked_at,
        leads.status_modified_at,
        first_appointments.appointment_date
    from leads
    left join links on leads.lead_id = links.lead_id
    left join reps on leads.sales_rep_user_id = reps.user_id
    left join prospects on links.genius_prospect_id = prospects.prospect_id
    left join first_appointments on links.genius_prospect_id = first_appointments.prospect_id

)

select * from final
