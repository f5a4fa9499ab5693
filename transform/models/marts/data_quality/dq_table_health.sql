-- Table health for every raw table (replaces the predecessor's analyze_database_schema,
-- whose default table prefix matched no table any more): one row per source table.
{%- set sources = graph.sources.values() | sort(attribute='unique_id') | list if execute else [] %}

{% if sources %}
{% for src in sources %}
{{ table_health_select(src) }}
{{ 'union all' if not loop.last }}
{% endfor %}
{% else %}
select
    null::text as source_name, null::text as table_name, null::boolean as is_loaded,
    null::bigint as row_count, null::timestamptz as last_loaded_at,
    null::timestamptz as newest_record_at, null::numeric as avg_column_completeness_pct,
    null::jsonb as column_completeness_pct
where false
{% endif %}
