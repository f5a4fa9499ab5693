-- Statuses of live tasks only: Arrivy deletes a task's history with the task, and the raw
-- rows of a deleted task's statuses are only retired on the tap's next full pass.
with source as (

    {{ latest_rows(source('arrivy', 'task_statuses'), ['task_id', 'id']) }}

),

live_tasks as (

    select id from ({{ latest_rows(source('arrivy', 'tasks'), ['id']) }}) as tasks

),

renamed as (

    select
        -- ids
        source.task_id,
        source.id as task_status_id,
        source.reporter_id #>> '{}' as reporter_id,
        -- attributes
        source.type as status_type,
        source.title,
        source.reporter_name,
        source.source as reported_from,
        source.extra_fields ->> 'notes' as notes,
        cast(source.extra_fields ->> 'visible_to_customer' as boolean) as is_visible_to_customer,
        cast(source.extra_fields as jsonb) as extra_fields,
        -- timestamps
        cast(source.time as timestamptz) as reported_at,
        source.time_original_iso_str as reported_local,
        -- load metadata
        source._sdc_batched_at as loaded_at
    from source
    where exists (select 1 from live_tasks where live_tasks.id = source.task_id)

)

select * from renamed
