{#- A jsonb array of ids from a column that holds one either as a jsonb array or as a
    comma-separated string (Arrivy documents both shapes for `entity_ids`); null -> []. -#}
{% macro id_array(column) -%}
    case jsonb_typeof(cast({{ column }} as jsonb))
        when 'array' then cast({{ column }} as jsonb)
        when 'string' then coalesce(
            (select jsonb_agg(cast(trim(part) as bigint))
             from unnest(string_to_array(cast({{ column }} as jsonb) #>> '{}', ',')) as part
             where trim(part) ~ '^[0-9]{1,18}$'),
            '[]'::jsonb)
        else '[]'::jsonb
    end
{%- endmacro %}
