-- Duplicated Genius prospects (the predecessor's dedup_genius_prospects, fixed): pairs whose
-- first and last names are alike (Levenshtein similarity, var prospect_name_similarity) and
-- whose phone, email and zip agree wherever both sides have one, with at least one of phone
-- and email actually shared.  Detection only; nothing is merged.
{%- set prospects = ref('int_genius_prospects__normalized') %}

-- blocking keeps the comparison near-linear: a pair must share a phone, an email, or a zip
-- plus the first two letters of both names (the predecessor's blocks).  Materialised, and
-- read straight from the analysed table, so the planner never compares every pair.
with candidate_pairs as materialized (

    select
        a.prospect_id,
        b.prospect_id as duplicate_prospect_id
    from {{ prospects }} as a
    inner join {{ prospects }} as b on a.phone = b.phone and a.prospect_id < b.prospect_id

    union

    select
        a.prospect_id,
        b.prospect_id as duplicate_prospect_id
    from {{ prospects }} as a
    inner join {{ prospects }} as b on a.email = b.email and a.prospect_id < b.prospect_id

    union

    select
        a.prospect_id,
        b.prospect_id as duplicate_prospect_id
    from {{ prospects }} as a
    inner join {{ prospects }} as b
        on
            a.zip5 = b.zip5
            and left(a.first_name, 2) = left(b.first_name, 2)
            and left(a.last_name, 2) = left(b.last_name, 2)
            and a.prospect_id < b.prospect_id

),

scored as (

    select
        pairs.prospect_id,
        pairs.duplicate_prospect_id,
        a.first_name,
        a.last_name,
        b.first_name as duplicate_first_name,
        b.last_name as duplicate_last_name,
        a.division_id,
        b.division_id as duplicate_division_id,
        {{ name_similarity('a.first_name', 'b.first_name') }} as first_name_similarity,
        {{ name_similarity('a.last_name', 'b.last_name') }} as last_name_similarity,
        a.phone = b.phone as phone_matches,
        a.email = b.email as email_matches,
        a.zip5 = b.zip5 as zip_matches
    from candidate_pairs as pairs
    inner join {{ prospects }} as a on pairs.prospect_id = a.prospect_id
    inner join {{ prospects }} as b on pairs.duplicate_prospect_id = b.prospect_id

),

duplicates as (

    select *
    from scored
    where
        first_name_similarity >= {{ var('prospect_name_similarity') }}
        and last_name_similarity >= {{ var('prospect_name_similarity') }}
        and coalesce(phone_matches, true)
        and coalesce(email_matches, true)
        and coalesce(zip_matches, true)
        and (phone_matches or email_matches)

)

select
    prospect_id || '-' || duplicate_prospect_id as duplicate_pair_key,
    *,
    -- the predecessor's score: name similarities plus 100/0 for phone and email where known
    round(100 * (
        first_name_similarity + last_name_similarity
        + coalesce(phone_matches::int, 0) + coalesce(email_matches::int, 0)
    ) / (2 + (phone_matches is not null)::int + (email_matches is not null)::int), 1) as match_score
from duplicates
