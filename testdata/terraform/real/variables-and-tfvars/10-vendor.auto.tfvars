# Support vendor onboarding (ticket OPS-2231).
create_vendor_role = true
vendor_external_id = "acme-support-7f3c"
max_session_hours  = 4
