-- Genius prospects with the fields people are matched on, normalised once: lower-case
-- trimmed names and email, ten-digit phone, five-digit zip.  Prospects without both names
-- cannot be matched by name and are left out.
with prospects as (

    select * from {{ ref('stg_genius__prospects') }}

),

normalized as (

    select
        prospect_id,
        division_id,
        {{ normalize_text('first_name') }} as first_name,
        {{ normalize_text('last_name') }} as last_name,
        {{ normalize_phone('phone1') }} as phone,
        {{ normalize_text('email') }} as email,
        {{ zip5('zip') }} as zip5,
        added_at
    from prospects

)

select * from normalized
where first_name is not null and last_name is not null
