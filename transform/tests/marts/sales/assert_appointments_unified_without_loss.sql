-- Unifying loses and invents nothing: every Genius and every HubSpot appointment appears in
-- fct_appointments exactly once, and nothing else does.
with expected as (

    select
        'genius' as source_system,
        appointment_id
    from {{ ref('stg_genius__appointments') }}

    union all

    select
        'hubspot' as source_system,
        appointment_id
    from {{ ref('stg_hubspot__appointments') }}

),

actual as (

    select
        'genius' as source_system,
        genius_appointment_id as appointment_id
    from {{ ref('fct_appointments') }}
    where genius_appointment_id is not null

    union all

    select
        'hubspot' as source_system,
        hubspot_appointment_id as appointment_id
    from {{ ref('fct_appointments') }}
    where hubspot_appointment_id is not null

),

missing as (

    select * from expected
    except all
    select * from actual

),

extra as (

    select * from actual
    except all
    select * from expected

)

select
    'missing' as problem,
    missing.*
from missing

union all

select
    'extra' as problem,
    extra.*
from extra
