//! Terraform plan and state loader.
