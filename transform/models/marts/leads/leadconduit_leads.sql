-- One row per LeadConduit lead (`vars.lead.id`), from its events.  The `source` event is the
-- submission's record, written once processing is complete: its start is the submitted time
-- and its outcome and reason are what the vendor was told.  A lead still in flight (no source
-- event loaded yet) takes its fields from its earliest event and has no outcome yet.  No day
-- boundaries anywhere: a lead submitted at 23:59:59 whose source event was recorded after
-- midnight is one lead, on the day it was submitted.
with events as (

    select * from {{ ref('stg_leadconduit__events') }}

),

submissions as (

    -- newest source event per lead, should the API ever record two for one lead
    select distinct on (lead_id) *
    from events
    where event_type = 'source'
    order by lead_id, event_id desc

),

earliest as (

    select distinct on (lead_id) *
    from events
    order by lead_id, started_at, event_id

),

journeys as (

    select
        lead_id,
        count(*) as event_count,
        bool_or(event_type = 'recipient' and outcome = 'success') as is_delivered,
        (array_agg(feedback_type order by started_at desc, event_id desc)
            filter (where feedback_type is not null))[1] as latest_feedback_type,
        max(started_at) as last_event_at
    from events
    group by lead_id

)

select
    earliest.lead_id,
    submissions.event_id as source_event_id,
    coalesce(submissions.started_at, earliest.started_at) as submitted_at,
    coalesce(submissions.flow_id, earliest.flow_id) as flow_id,
    coalesce(submissions.flow_name, earliest.flow_name) as flow_name,
    coalesce(submissions.source_id, earliest.source_id) as source_id,
    coalesce(submissions.source_name, earliest.source_name) as source_name,
    submissions.outcome,
    submissions.reason,
    {%- for field in ['first_name', 'last_name', 'email', 'phone_1', 'phone_2', 'address_1', 'city',
        'state', 'postal_code', 'country', 'reference', 'note_hge', 'owner_hge', 'owneremail_hge',
        'ownerid_hge', 'salesrabbit_lead_id_hge', 'email_metadata', 'phone_metadata',
        'address_metadata'] %}
    coalesce(submissions.{{ field }}, earliest.{{ field }}) as {{ field }},
    {%- endfor %}
    journeys.event_count,
    journeys.is_delivered,
    journeys.latest_feedback_type,
    journeys.last_event_at
from earliest
inner join journeys on earliest.lead_id = journeys.lead_id
left join submissions on earliest.lead_id = submissions.lead_id
