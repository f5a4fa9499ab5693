{#- Normalisation shared by the cross-source models and the data-quality reports. -#}

{#- tinyint flags (0/1, sometimes NULL) and real booleans alike -> boolean -#}
{% macro as_bool(column) -%}
    (cast({{ column }} as integer) <> 0)
{%- endmacro %}

{#- lower-case, trimmed, inner whitespace collapsed; '' -> null -#}
{% macro normalize_text(column) -%}
    nullif(regexp_replace(lower(trim({{ column }})), '\s+', ' ', 'g'), '')
{%- endmacro %}

{#- digits only, the last ten (drops a leading US country code: +1 804 ... = 804 ...) -#}
{% macro normalize_phone(column) -%}
    nullif(right(regexp_replace(coalesce({{ column }}, ''), '[^0-9]', '', 'g'), 10), '')
{%- endmacro %}

{#- the five-digit ZIP (ZIP+4 and stray characters dropped) -#}
{% macro zip5(column) -%}
    nullif(left(regexp_replace(coalesce({{ column }}, ''), '[^0-9]', '', 'g'), 5), '')
{%- endmacro %}

{#- 1.0 for equal strings, 0.0 for nothing in common (Levenshtein over the longer length);
    needs fuzzystrmatch (created by the on-run-start hook) -#}
{% macro name_similarity(left, right) -%}
    (1.0 - levenshtein({{ left }}, {{ right }})::numeric
        / greatest(length({{ left }}), length({{ right }}), 1))
{%- endmacro %}

{#- a numeric id stored as text (HubSpot properties) -> bigint; anything else -> null -#}
{% macro text_to_bigint(column) -%}
    case when trim(cast({{ column }} as text)) ~ '^[0-9]{1,18}$' then cast(trim(cast({{ column }} as text)) as bigint) end
{%- endmacro %}
