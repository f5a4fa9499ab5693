-- SalesRabbit lead ↔ Genius prospect.  SalesRabbit carries no Genius id: a lead becomes a
-- Genius prospect when the rep sets an appointment, keyed in again with the same phone and
-- address.  So a lead matches a prospect on a phone number (ten digits, either phone on
-- either side) first, else on street address and five-digit zip.  Each lead keeps its best
-- prospect: the better rule, then a prospect created at or after the knock before one
-- created earlier, then the earliest created.
with leads as (

    select * from {{ ref('stg_salesrabbit__leads') }}

),

prospects as (

    select * from {{ ref('stg_genius__prospects') }}

),

lead_phones as (

    select lead_id, created_at, {{ normalize_phone('phone_primary') }} as phone from leads
    union
    select lead_id, created_at, {{ normalize_phone('phone_alternate') }} as phone from leads

),

prospect_phones as (

    select prospect_id, added_at, {{ normalize_phone('phone1') }} as phone from prospects
    union
    select prospect_id, added_at, {{ normalize_phone('phone2') }} as phone from prospects

),

candidates as (

    select
        lead_phones.lead_id,
        lead_phones.created_at,
        prospect_phones.prospect_id,
        prospect_phones.added_at,
        1 as priority,
        'phone' as matched_on
    from lead_phones
    inner join prospect_phones on lead_phones.phone = prospect_phones.phone

    union all

    select
        leads.lead_id,
        leads.created_at,
        prospects.prospect_id,
        prospects.added_at,
        2 as priority,
        'address' as matched_on
    from leads
    inner join prospects
        on {{ normalize_text('leads.street1') }} = {{ normalize_text('prospects.address1') }}
        and {{ zip5('leads.zip') }} = {{ zip5('prospects.zip') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by lead_id
            order by priority, (added_at < created_at), added_at, prospect_id
        ) as lead_rank
    from candidates

)

select
    lead_id,
    prospect_id as genius_prospect_id,
    matched_on
from ranked
where lead_rank = 1
