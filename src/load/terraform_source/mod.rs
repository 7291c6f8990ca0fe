//! Terraform source: `.tf` modules read without a plan.

pub mod functions;
