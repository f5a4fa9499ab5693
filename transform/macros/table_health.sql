{#- One select per raw table (every dbt source): row count, last load, newest record
    timestamp, and per-column completeness (share of rows with a non-empty value), live rows
    only.  Used by dq_table_health; a new source is covered as soon as it is declared. -#}
{% macro table_health_select(src) -%}
    {%- set relation = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) -%}
    {%- if relation is none %}
    select
        '{{ src.source_name }}'::text as source_name,
        '{{ src.name }}'::text as table_name,
        false as is_loaded,
        null::bigint as row_count,
        null::timestamptz as last_loaded_at,
        null::timestamptz as newest_record_at,
        null::numeric as avg_column_completeness_pct,
        '{}'::jsonb as column_completeness_pct
    {%- else %}
    {%- set all_columns = adapter.get_columns_in_relation(relation) -%}
    {%- set names = all_columns | map(attribute='name') | list -%}
    {%- set data_columns = [] -%}
    {%- set time_columns = [] -%}
    {%- for column in all_columns if not column.name.startswith('_sdc_') -%}
        {%- do data_columns.append(column) -%}
        {%- if column.data_type in ('timestamp with time zone', 'timestamp without time zone', 'date') -%}
            {%- do time_columns.append(column) -%}
        {%- endif -%}
    {%- endfor %}
    select
        '{{ src.source_name }}'::text as source_name,
        '{{ src.name }}'::text as table_name,
        true as is_loaded,
        count(*) as row_count,
        {% if '_sdc_batched_at' in names %}max(_sdc_batched_at){% else %}null::timestamptz{% endif %} as last_loaded_at,
        {% if time_columns %}greatest({% for c in time_columns %}max({{ adapter.quote(c.name) }})::timestamptz{{ ', ' if not loop.last }}{% endfor %}){% else %}null::timestamptz{% endif %} as newest_record_at,
        {% if data_columns -%}
        round(100.0 * ({% for c in data_columns %}{{ filled(c.name) }}{{ ' + ' if not loop.last }}{% endfor %})
              / nullif(count(*) * {{ data_columns | length }}, 0), 1)
        {%- else %}null::numeric{% endif %} as avg_column_completeness_pct,
        {% if data_columns -%}
        {#- jsonb_build_object takes at most 100 arguments: build it in chunks of 40 columns -#}
        {%- for chunk in data_columns | batch(40) %}
        jsonb_build_object({% for c in chunk %}'{{ c.name }}', round(100.0 * {{ filled(c.name) }} / nullif(count(*), 0), 1){{ ', ' if not loop.last }}{% endfor %}){{ ' ||' if not loop.last }}
        {%- endfor %}
        {%- else %}'{}'::jsonb{% endif %} as column_completeness_pct
    from {{ relation }}
    {% if '_sdc_deleted_at' in names %}where _sdc_deleted_at is null{% endif %}
    {%- endif %}
{%- endmacro %}

{% macro filled(column) -%}
    count(nullif(trim(cast({{ adapter.quote(column) }} as text)), ''))
{%- endmacro %}
