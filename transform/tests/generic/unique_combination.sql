{#- A composite key: no two rows share the same values in `columns` (dbt_utils'
    unique_combination_of_columns, without the package: dbt deps needs the Hub). -#}
{% test unique_combination(model, columns) %}
    select {{ columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
