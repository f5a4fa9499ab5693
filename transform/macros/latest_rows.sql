{#- The staging contract in one place: the newest version of each key as loaded by
    target-warehouse (ordered by the Singer batch and sequence columns), and nothing
    that the source has deleted (_sdc_deleted_at set).  The newest version is chosen
    before deleted rows are dropped, so a key whose last word was "deleted" disappears. -#}
{% macro latest_rows(relation, key_columns) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _sdc_batched_at desc nulls last, _sdc_sequence desc nulls last
            ) as _version_rank
        from {{ relation }}
    ) as versions
    where _version_rank = 1 and _sdc_deleted_at is null
{%- endmacro %}
