//! Tests of the Terraform loader over the fixtures in `testdata/terraform/`.
