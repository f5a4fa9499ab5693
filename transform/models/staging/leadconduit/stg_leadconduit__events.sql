-- One row per LeadConduit event, the lead it belongs to and the lead's fields as columns
-- (normalised values; the typed fields' validation metadata as jsonb).  Events are immutable,
-- so the newest version of an id only matters when a sync re-read it.
{%- set lead_fields = ['first_name', 'last_name', 'email', 'phone_1', 'phone_2', 'address_1',
    'city', 'state', 'postal_code', 'country', 'reference', 'note_hge', 'owner_hge',
    'owneremail_hge', 'ownerid_hge', 'salesrabbit_lead_id_hge'] %}
with source as (

    {{ latest_rows(source('leadconduit', 'events'), ['id']) }}

),

typed as (

    select
        *,
        cast(vars as jsonb) as vars_json
    from source

),

renamed as (

    select
        -- ids
        id as event_id,
        vars_json -> 'lead' ->> 'id' as lead_id,
        vars_json -> 'flow' ->> 'id' as flow_id,
        vars_json -> 'source' ->> 'id' as source_id,
        step_id,
        recipient_event_id,
        -- attributes
        type as event_type,
        outcome,
        reason,
        key as step_key,
        vars_json -> 'flow' ->> 'name' as flow_name,
        vars_json -> 'source' ->> 'name' as source_name,
        cast(feedback as jsonb) ->> 'type' as feedback_type,
        -- lead fields
        {%- for field in lead_fields %}
        {{ leadconduit_lead_value('vars_json', field) }} as {{ field }},
        {%- endfor %}
        {{ leadconduit_lead_metadata('vars_json', 'email') }} as email_metadata,
        {{ leadconduit_lead_metadata('vars_json', 'phone_1') }} as phone_metadata,
        nullif(jsonb_strip_nulls(jsonb_build_object(
            'address_1', {{ leadconduit_lead_metadata('vars_json', 'address_1') }},
            'state', {{ leadconduit_lead_metadata('vars_json', 'state') }},
            'postal_code', {{ leadconduit_lead_metadata('vars_json', 'postal_code') }}
        )), cast('{}' as jsonb)) as address_metadata,
        vars_json as vars,
        cast(other as jsonb) as other,
        -- timestamps (epoch ms; the id's first 4 bytes are the creation second)
        to_timestamp(start_timestamp / 1000.0) as started_at,
        to_timestamp(end_timestamp / 1000.0) as ended_at,
        to_timestamp(cast(cast(('x' || left(id, 8)) as bit(32)) as bigint)) as created_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from typed

)

select * from renamed
