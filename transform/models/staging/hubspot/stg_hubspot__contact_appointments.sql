-- One row per (contact, appointment) association; the raw stream holds one row per contact
-- with its complete current list, so a removed association disappears with the next load.
with source as (

    {{ latest_rows(source('hubspot', 'contact_appointments'), ['contact_id']) }}

),

pairs as (

    select
        -- ids
        cast(source.contact_id as bigint) as contact_id,
        cast(associated.value as bigint) as appointment_id,
        -- timestamps
        cast(source.updated_at as timestamptz) as contact_updated_at,
        -- load metadata
        source._sdc_batched_at as loaded_at
    from source
    cross join lateral jsonb_array_elements_text(
        case
            when jsonb_typeof(source.appointment_ids) = 'array' then source.appointment_ids else
                cast('[]' as jsonb)
        end
    ) as associated (value)

)

select distinct * from pairs
