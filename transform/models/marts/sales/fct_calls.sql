-- Calls from CallRail and Five9 attributed to prospects by phone number: the customer's
-- number (E.164 at CallRail, ten digits at Five9) and every number a prospect is known by,
-- both cut to ten digits.  When several prospects share the number (duplicates, households),
-- the call goes to the earliest created one; `matched_prospect_count` says how many shared it.
with calls as (

    select
        'callrail' as source_system,
        'callrail-' || call_id as call_key,
        call_id,
        account_id,
        company_id,
        {{ normalize_phone('customer_phone_number') }} as customer_phone_normalized,
        direction,
        call_type,
        is_answered,
        is_voicemail,
        duration_seconds,
        campaign,
        cast(null as text) as disposition,
        lead_status,
        lead_value,
        agent_email,
        tracking_phone_number,
        tags,
        started_at
    from {{ ref('stg_callrail__calls') }}

    union all

    select
        'five9' as source_system,
        'five9-' || call_id as call_key,
        call_id,
        cast(null as text) as account_id,
        cast(null as text) as company_id,
        {{ normalize_phone('customer_phone_number') }} as customer_phone_normalized,
        direction,
        call_type,
        talk_seconds > 0 as is_answered,
        cast(null as boolean) as is_voicemail,
        call_seconds as duration_seconds,
        campaign,
        disposition,
        cast(null as text) as lead_status,
        cast(null as numeric(12, 2)) as lead_value,
        agent_username as agent_email,
        business_phone_number as tracking_phone_number,
        cast(null as jsonb) as tags,
        started_at
    from {{ ref('stg_five9__call_log') }}

),

prospect_phones as (

    select
        prospect_key,
        phone as phone_normalized,
        created_at
    from {{ ref('dim_prospects') }}
    where phone is not null

    union

    select
        prospect_key,
        secondary_phone as phone_normalized,
        created_at
    from {{ ref('dim_prospects') }}
    where secondary_phone is not null

),

matches as (

    select
        calls.call_key,
        prospect_phones.prospect_key,
        count(*) over (partition by calls.call_key) as matched_prospect_count,
        row_number() over (
            partition by calls.call_key
            order by prospect_phones.created_at nulls last, prospect_phones.prospect_key
        ) as match_rank
    from calls
    inner join prospect_phones on calls.customer_phone_normalized = prospect_phones.phone_normalized

),

final as (

    select
        -- keys
        calls.call_key,
        calls.source_system,
        calls.call_id,
        matches.prospect_key,
        calls.account_id,
        calls.company_id,
        -- attribution
        calls.customer_phone_normalized,
        coalesce(matches.matched_prospect_count, 0) as matched_prospect_count,
        -- the call
        calls.direction,
        calls.call_type,
        calls.is_answered,
        calls.is_voicemail,
        calls.duration_seconds,
        calls.campaign,
        calls.disposition,
        calls.lead_status,
        calls.lead_value,
        calls.agent_email,
        calls.tracking_phone_number,
        calls.tags,
        -- timestamps
        calls.started_at
    from calls
    left join matches on calls.call_key = matches.call_key and matches.match_rank = 1

)

select * from final
