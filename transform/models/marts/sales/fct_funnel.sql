-- The sales funnel, one row per inquiry (a request for an estimate): inquired → appointment
-- set → job sold.  MarketSharp's inquiries, appointments and jobs today; another source joins
-- with the same columns (`funnel_key` = '<source>-<inquiry id>').  A MarketSharp contact is
-- linked to the Genius prospect that carries its id (Genius `prospect.marketsharp_id`).
with inquiries as (

    select
        inquiry_id,
        contact_id,
        inquiry_source_primary_id,
        coalesce(inquiry_date, creation_date, created_date) as inquired_at
    from {{ ref('stg_marketsharp__inquiries') }}

),

appointments as (

    select
        inquiry_id,
        min(appointment_date) as first_appointment_at,
        count(*) as appointment_count
    from {{ ref('stg_marketsharp__appointments') }}
    group by inquiry_id

),

jobs as (

    select
        inquiry_id,
        min(sale_date) as sold_at,
        count(*) as job_count
    from {{ ref('stg_marketsharp__jobs') }}
    where is_active
    group by inquiry_id

),

genius_prospects as (

    select
        marketsharp_id,
        min(prospect_id) as prospect_id
    from {{ ref('stg_genius__prospects') }}
    where marketsharp_id is not null
    group by marketsharp_id

)

select
    'marketsharp-' || inquiries.inquiry_id as funnel_key,
    'marketsharp' as source_system,
    cast(inquiries.inquiry_id as text) as inquiry_id,
    cast(inquiries.contact_id as text) as contact_id,
    genius_prospects.prospect_id as genius_prospect_id,
    cast(inquiries.inquiry_source_primary_id as text) as marketing_source_id,
    inquiries.inquired_at,
    appointments.first_appointment_at,
    jobs.sold_at,
    coalesce(appointments.appointment_count, 0) as appointment_count,
    coalesce(jobs.job_count, 0) as job_count,
    appointments.inquiry_id is not null as is_appointment_set,
    jobs.inquiry_id is not null as is_sold
from inquiries
left join appointments on appointments.inquiry_id = inquiries.inquiry_id
left join jobs on jobs.inquiry_id = inquiries.inquiry_id
left join genius_prospects on genius_prospects.marketsharp_id = cast(inquiries.contact_id as text)
