//! Terraform plan and state loader: `terraform show -json` of a saved plan or of state, and
//! raw `terraform.tfstate` files, turned into [`LoadedInput`].
//!
//! Every resource instance is emitted with its address exactly as Terraform prints it, its
//! type, mode, change and the span of its object in the file, so that the scan can count
//! and locate resources. Property values are converted only for the resource types the
//! IAM graph reads ([`graph_needs_properties`]); the others get an empty mapping, which
//! keeps a hundred-megabyte plan fast to load. Strings stay strings: IAM policies are
//! JSON-encoded strings in Terraform, and the graph parses them.

mod address;
mod config;
mod convert;
mod exact;
mod flatmap;
mod json;
mod plan;
mod state;
mod state_v3;
mod values;

#[cfg(test)]
mod state_tests;
#[cfg(test)]
mod tests;

pub(crate) use address::string_key;
pub(crate) use convert::{value_from_raw, value_from_text};

use crate::load::value::{Value, ValueKind};
use crate::load::{LoadedInput, Mode};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Loads `terraform show -json` output of a saved plan.
pub fn load_plan(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    plan::load(file, id)
}

/// Loads `terraform show -json` output of state, or a raw `terraform.tfstate` (version 3 or 4).
pub fn load_state(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    state::load(file, id)
}

/// Type prefixes of the resources and data sources whose properties the IAM graph reads.
const GRAPH_TYPE_PREFIXES: [&str; 5] = [
    "aws_iam_",
    "aws_ssoadmin_",
    "awscc_iam_",
    "awscc_supportapp_",
    "awscc_sso_",
];

/// Data sources the graph reads besides the `aws_iam_` ones (partition and account for
/// ARNs built in configuration).
const GRAPH_TYPES: [&str; 2] = ["aws_partition", "aws_caller_identity"];

/// Whether the IAM graph reads the properties of resources (or data sources) of this type.
pub fn graph_needs_properties(resource_type: &str) -> bool {
    GRAPH_TYPE_PREFIXES
        .iter()
        .any(|prefix| resource_type.starts_with(prefix))
        || GRAPH_TYPES.contains(&resource_type)
}

/// Terraform's `mode` field; `None` for a mode this loader does not know. Terraform always
/// writes it, but hand-made plans in other tools' test suites leave it out: the address
/// then says whether it is a data source.
fn mode_of(mode: Option<&str>, address: &str) -> Option<Mode> {
    match mode {
        Some("managed") => Some(Mode::Managed),
        Some("data") => Some(Mode::Data),
        Some(_) => None,
        None if address::is_data_address(address) => Some(Mode::Data),
        None => Some(Mode::Managed),
    }
}

/// The properties of a resource whose values are not needed or not there.
fn empty_properties(span: Span) -> Value {
    Value::new(span, ValueKind::Map(Vec::new()))
}
