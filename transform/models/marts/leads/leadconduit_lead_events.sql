-- A lead's journey through its flow: one row per event of each lead, numbered in the order
-- the steps started.  Not id order: the `source` event is recorded (and gets its id) after
-- the steps, but it started first, when the lead was submitted.
select
    lead_id,
    row_number() over (
        partition by lead_id
        order by started_at, event_type <> 'source', event_id
    ) as step_number,
    event_id,
    event_type,
    step_key,
    outcome,
    reason,
    feedback_type,
    recipient_event_id,
    started_at,
    ended_at,
    created_at
from {{ ref('stg_leadconduit__events') }}
