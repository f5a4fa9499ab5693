{#- A LeadConduit lead field from an event's `vars` (jsonb).  Typed fields (email, phone,
    postal code, state, street) arrive as `{"normal": …, "raw": …, <components>, "valid": …}`
    (ActiveProspect's leadconduit-types `normalize`); plain ones (names, city) as strings.
    Either way this is the normalised text. -#}
{% macro leadconduit_lead_value(vars_column, field) -%}
    case jsonb_typeof({{ vars_column }} -> 'lead' -> '{{ field }}')
        when 'object' then {{ vars_column }} -> 'lead' -> '{{ field }}' ->> 'normal'
        else {{ vars_column }} -> 'lead' ->> '{{ field }}'
    end
{%- endmacro %}

{#- The validation metadata of a typed field (its components and `valid`), or null. -#}
{% macro leadconduit_lead_metadata(vars_column, field) -%}
    case jsonb_typeof({{ vars_column }} -> 'lead' -> '{{ field }}')
        when 'object' then ({{ vars_column }} -> 'lead' -> '{{ field }}') - 'normal'
    end
{%- endmacro %}
