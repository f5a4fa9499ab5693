with source as (

    {{ latest_rows(source('genius', 'job_change_orders'), ['id']) }}

),

renamed as (

    select
        -- ids
        id as job_change_order_id,
        job_id,
        status_id as job_change_order_status_id,
        type_id as job_change_order_type_id,
        adjustment_change_order_id,
        add_user_id,
        sold_user_id,
        cancel_user_id,
        reason_id as job_change_order_reason_id,
        -- attributes
        number,
        cast(total_amount as numeric(9, 2)) as total_amount,
        envelope_id,
        cast(total_contract_amount as numeric(9, 2)) as total_contract_amount,
        cast(total_pre_change_orders_amount as numeric(9, 2)) as total_pre_change_orders_amount,
        signer_name,
        signer_email,
        financing_note,
        -- dates
        cast(effective_date as date) as effective_date,
        -- timestamps
        cast(add_date as timestamptz) as added_at,
        cast(sold_date as timestamptz) as sold_at,
        cast(cancel_date as timestamptz) as cancelled_at,
        cast(updated_at as timestamptz) as updated_at,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
