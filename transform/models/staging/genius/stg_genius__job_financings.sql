with source as (

    {{ latest_rows(source('genius', 'job_financings'), ['job_id']) }}

),

renamed as (

    select
        -- ids
        job_id,
        term_id,
        -- attributes
        cast(financed_amount as numeric(9, 2)) as financed_amount,
        cast(max_financed_amount as numeric(9, 2)) as max_financed_amount,
        cast(bid_rate as numeric(5, 3)) as bid_rate,
        cast(commission_reduction as numeric(5, 3)) as commission_reduction,
        applicant,
        co_applicant,
        status,
        denied_by,
        why_book,
        would_book,
        satisfied,
        active_stipulation_notes,
        legal_app_name,
        -- booleans
        {{ as_bool('is_joint_application') }} as is_joint_application,
        {{ as_bool('is_financing_factor') }} as is_financing_factor,
        {{ as_bool('is_active_stipulations_cleared') }} as is_active_stipulations_cleared,
        -- timestamps
        cast(signed_on as timestamptz) as signed_at,
        cast(cancellation_period_expires_on as timestamptz) as cancellation_period_expires_at,
        cast(app_submission_date as timestamptz) as app_submitted_at,
        cast(approved_on as timestamptz) as approved_at,
        cast(loan_expiration_date as timestamptz) as loan_expires_at,
        cast(denied_on as timestamptz) as denied_at,
        cast(docs_completed as timestamptz) as docs_completed_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
