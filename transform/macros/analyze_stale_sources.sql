{#- on-run-start hook: ANALYZE the raw tables whose statistics are missing or stale (never
    analysed, or more than 10 % of rows changed since).  Staging models are views over the raw
    tables; without statistics PostgreSQL guesses that `_sdc_deleted_at is null` keeps 0.5 %
    of the rows, plans nested loops, and a mart over 20,000 appointments takes minutes instead
    of a second.  The loader leaves statistics to autovacuum, which may not have run yet (or be
    off).  Tables this role does not own are skipped by PostgreSQL with a warning. -#}
{% macro analyze_stale_sources() %}
    {%- if execute -%}
        {%- set schemas = [] -%}
        {%- for src in graph.sources.values() if src.schema not in schemas -%}
            {%- do schemas.append(src.schema) -%}
        {%- endfor -%}
        {%- set stale -%}
            select format('analyze %I.%I', schemaname, relname)
            from pg_stat_user_tables
            where schemaname in ({% for s in schemas %}'{{ s }}'{{ ', ' if not loop.last }}{% endfor %})
              and (coalesce(last_analyze, last_autoanalyze) is null
                   or n_mod_since_analyze > 0.1 * greatest(n_live_tup, 1000))
            order by schemaname, relname
        {%- endset -%}
        {%- set statements = run_query(stale).columns[0].values() if schemas else [] -%}
        {%- for statement in statements %}
    {{ statement }};
        {%- endfor %}
    {%- endif %}
    select 1
{% endmacro %}
