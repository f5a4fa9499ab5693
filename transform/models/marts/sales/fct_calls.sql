-- CallRail calls attributed to prospects by phone number: the caller's number (E.164 at
-- CallRail) and every number a prospect is known by, both cut to ten digits.  When several
-- prospects share the number (duplicates, households), the call goes to the earliest
-- created one; `matched_prospect_count` says how many shared it.
with calls as (

    select
        *,
        {{ normalize_phone('customer_phone_number') }} as customer_phone_normalized
    from {{ ref('stg_callrail__calls') }}

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
        calls.call_id,
        prospect_phones.prospect_key,
        count(*) over (partition by calls.call_id) as matched_prospect_count,
        row_number() over (
            partition by calls.call_id
            order by prospect_phones.created_at nulls last, prospect_phones.prospect_key
        ) as match_rank
    from calls
    inner join prospect_phones on calls.customer_phone_normalized = prospect_phones.phone_normalized

),

final as (

    select
        -- keys
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
        calls.lead_status,
        calls.lead_value,
        calls.agent_email,
        calls.tracking_phone_number,
        calls.tags,
        -- timestamps
        calls.started_at
    from calls
    left join matches on calls.call_id = matches.call_id and matches.match_rank = 1

)

select * from final
