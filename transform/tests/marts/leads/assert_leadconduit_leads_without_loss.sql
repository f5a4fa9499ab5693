-- Deriving leads loses and invents nothing: every lead id among the events is exactly one lead,
-- whatever day or window its events fell in, and every event is on that lead's timeline.
with expected as (

    select distinct lead_id from {{ ref('stg_leadconduit__events') }}

),

missing as (

    select 'missing lead' as problem, lead_id from expected
    except
    select 'missing lead', lead_id from {{ ref('leadconduit_leads') }}

),

extra as (

    select 'extra lead' as problem, lead_id from {{ ref('leadconduit_leads') }}
    except
    select 'extra lead', lead_id from expected

),

timeline as (

    select 'event off the timeline' as problem, event_id as lead_id
    from {{ ref('stg_leadconduit__events') }}
    where event_id not in (select event_id from {{ ref('leadconduit_lead_events') }})

)

select * from missing
union all
select * from extra
union all
select * from timeline
