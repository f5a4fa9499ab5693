{#- The columns of a relation other than `names` (and the loader's `_sdc_` metadata), for
    sources whose columns differ per account (Five9's custom contact fields): staging renames
    the columns every account has and passes the others through as loaded.  Empty at parse
    time (nothing is compiled against the database then). -#}
{% macro columns_except(relation, names) -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- if column.name not in names and not column.name.startswith('_sdc_') -%}
                {%- do found.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}
