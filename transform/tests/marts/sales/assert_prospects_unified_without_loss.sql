-- Unifying loses and invents nothing: every Genius prospect and every HubSpot contact appears
-- in dim_prospects exactly once, and nothing else does.
with expected as (

    select
        'genius' as source_system,
        prospect_id as record_id
    from {{ ref('stg_genius__prospects') }}

    union all

    select
        'hubspot' as source_system,
        contact_id as record_id
    from {{ ref('stg_hubspot__contacts') }}

),

actual as (

    select
        'genius' as source_system,
        genius_prospect_id as record_id
    from {{ ref('dim_prospects') }}
    where genius_prospect_id is not null

    union all

    select
        'hubspot' as source_system,
        hubspot_contact_id as record_id
    from {{ ref('dim_prospects') }}
    where hubspot_contact_id is not null

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
