{#- The staging contract in one place: the newest version of each key as loaded by
    target-warehouse (ordered by the Singer batch and sequence columns), and nothing that the
    source has deleted: a key whose newest version carries `_sdc_deleted_at` is gone.

    Written for the planner: live rows are filtered, and newer deletions anti-joined, on the
    raw table itself, where PostgreSQL has column statistics; a filter applied on top of the
    DISTINCT ON (or a row_number() = 1) subquery is estimated blind, at 0.5 % of the rows,
    which turns every join downstream into a nested loop. -#}
{% macro latest_rows(relation, key_columns) -%}
    select distinct on ({% for k in key_columns %}versions.{{ k }}{{ ', ' if not loop.last }}{% endfor %}) versions.*
    from {{ relation }} as versions
    where versions._sdc_deleted_at is null
      and not exists (
          select 1
          from {{ relation }} as deletions
          where deletions._sdc_deleted_at is not null
            {%- for k in key_columns %}
            and deletions.{{ k }} = versions.{{ k }}
            {%- endfor %}
            and (coalesce(deletions._sdc_batched_at, '-infinity'), coalesce(deletions._sdc_sequence, -1))
                >= (coalesce(versions._sdc_batched_at, '-infinity'), coalesce(versions._sdc_sequence, -1))
      )
    order by
        {% for k in key_columns %}versions.{{ k }}, {% endfor %}versions._sdc_batched_at desc nulls last,
        versions._sdc_sequence desc nulls last
{%- endmacro %}
