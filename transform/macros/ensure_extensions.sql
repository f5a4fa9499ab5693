{#- on-run-start hook: create the PostgreSQL extensions the models call. -#}
{% macro ensure_extensions(names) -%}
    {%- for name in names %}
    create extension if not exists {{ name }};
    {%- endfor %}
{%- endmacro %}
