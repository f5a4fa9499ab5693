-- HubSpot contacts linked to several divisions (the predecessor's unlink_hubspot_divisions,
-- fixed to read the current tables): with the division the contact's zip belongs to and its
-- own division property, to decide which link to keep.  Read-only.
with links as (

    select
        contact_id,
        division_id
    from {{ ref('stg_hubspot__contact_divisions') }}

),

divisions as (

    select
        division_id,
        division_name
    from {{ ref('stg_hubspot__divisions') }}

),

per_contact as (

    select
        links.contact_id,
        count(distinct links.division_id) as division_count,
        string_agg(
            coalesce(divisions.division_name, links.division_id::text), ', '
            order by coalesce(divisions.division_name, links.division_id::text)
        ) as division_names,
        array_agg(links.division_id order by links.division_id) as division_ids
    from links
    left join divisions on links.division_id = divisions.division_id
    group by links.contact_id
    having count(distinct links.division_id) >= {{ var('contact_min_divisions') }}

)

select
    per_contact.contact_id,
    contacts.first_name,
    contacts.last_name,
    contacts.email,
    contacts.zip,
    contacts.division_name as contact_division_name,
    zipcodes.division_name as zip_division_name,
    per_contact.division_count,
    per_contact.division_names,
    per_contact.division_ids
from per_contact
left join {{ ref('stg_hubspot__contacts') }} as contacts on per_contact.contact_id = contacts.contact_id
left join {{ ref('stg_hubspot__zipcodes') }} as zipcodes on {{ zip5('contacts.zip') }} = zipcodes.zipcode
