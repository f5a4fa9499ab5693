{#- MarketSharp's Contacts and its sub-type sets Customers, Leads and Prospects share one shape
    (and a contact's id): one staging body for the four, keyed `<key>`. -#}
{% macro stg_marketsharp_contact(stream, key) -%}
with source as (

    {{ latest_rows(source('marketsharp', stream), ['id']) }}

),

renamed as (

    select
        -- ids
        cast(id as uuid) as {{ key }},
        cast(company_id as bigint) as company_id,
        cast(contact_phone_id as uuid) as contact_phone_id,
        cast(primary_address_id as uuid) as primary_address_id,
        -- attributes
        first_name,
        last_name,
        middle_initial,
        title,
        income_code,
        age_code,
        structure_age_code,
        reference,
        business_name,
        website1,
        website2,
        website3,
        email1,
        email1_can_mail,
        email2,
        email2_can_mail,
        email3,
        email3_can_mail,
        is_tagged,
        structure_value_code,
        do_not_mail,
        year_home_built,
        marital_status,
        length_of_residence,
        style_of_home,
        mail_merge_name,
        source,
        qb_id,
        is_active,
        has_dnc_phone,
        has_dne_email,
        qb_edit_sequence,
        qb_sync_data,
        qb_name,
        -- timestamps
        cast(creation_date as timestamptz) as creation_date,
        cast(qb_sync_date as timestamptz) as qb_sync_date,
        cast(last_update as timestamptz) as last_update,
        cast(created_date as timestamptz) as created_date,
        -- load metadata
        _sdc_batched_at as loaded_at
    from source

)

select * from renamed
{%- endmacro %}
