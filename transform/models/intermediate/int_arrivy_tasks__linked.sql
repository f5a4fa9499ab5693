-- Arrivy task ↔ Genius job (install and service visits), one job per task: the task's
-- `external_id` (the Genius job id, set when Genius created the task) first; tasks typed in
-- by hand in Arrivy fall back to the customer's phone and the job's install date.  The job's
-- sales appointment comes through its quote.
with tasks as (

    select
        task_id,
        external_id,
        {{ text_to_bigint('external_id') }} as external_job_id,
        coalesce({{ normalize_phone('customer_mobile_number') }}, {{ normalize_phone('customer_phone') }}) as phone,
        cast(start_at as date) as start_date
    from {{ ref('stg_arrivy__tasks') }}

),

jobs as (

    select
        jobs.job_id,
        jobs.prospect_id,
        jobs.install_date,
        {{ normalize_phone('prospects.phone1') }} as phone1,
        {{ normalize_phone('prospects.phone2') }} as phone2
    from {{ ref('stg_genius__jobs') }} as jobs
    left join {{ ref('stg_genius__prospects') }} as prospects on jobs.prospect_id = prospects.prospect_id

),

candidates as (

    select tasks.task_id, jobs.job_id, 1 as priority, 'arrivy.external_id' as matched_on
    from tasks
    inner join jobs on tasks.external_job_id = jobs.job_id

    union all

    select tasks.task_id, jobs.job_id, 2 as priority, 'customer_phone+install_date' as matched_on
    from tasks
    inner join jobs
        on tasks.start_date = jobs.install_date
        and tasks.phone in (jobs.phone1, jobs.phone2)
    where tasks.external_id is null

),

best as (

    select
        *,
        row_number() over (partition by task_id order by priority, job_id) as task_rank
    from candidates

),

sales_appointments as (

    select job_id, min(appointment_id) as appointment_id
    from {{ ref('stg_genius__quotes') }}
    where job_id is not null
    group by job_id

)

select
    best.task_id as arrivy_task_id,
    best.job_id as genius_job_id,
    jobs.prospect_id as genius_prospect_id,
    sales_appointments.appointment_id as genius_appointment_id,
    best.matched_on
from best
inner join jobs on best.job_id = jobs.job_id
left join sales_appointments on best.job_id = sales_appointments.job_id
where best.task_rank = 1
