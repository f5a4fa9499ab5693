{#- Use a folder's custom schema (staging, intermediate, marts) as is; dev and prod are
    separate databases, so dbt's default "<target schema>_<custom>" prefix buys nothing. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
