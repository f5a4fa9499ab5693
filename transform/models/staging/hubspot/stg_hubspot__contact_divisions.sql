-- One row per (contact, division) association; the raw stream holds one row per contact
-- with its complete current list, so a removed association disappears with the next load.
with source as (

    {{ latest_rows(source('hubspot', 'contact_divisions'), ['contact_id']) }}

),

pairs as (

    select
        -- ids
        cast(source.contact_id as bigint) as contact_id,
        cast(associated.value as bigint) as division_id,
        -- timestamps
        cast(source.updated_at as timestamptz) as contact_updated_at,
        -- load metadata
        source._sdc_batched_at as loaded_at
    from source
    cross join lateral jsonb_array_elements_text(
        case
            when jsonb_typeof(source.division_ids) = 'array' then source.division_ids else cast('[]' as jsonb)
        end
    ) as associated (value)

)

select distinct * from pairs
