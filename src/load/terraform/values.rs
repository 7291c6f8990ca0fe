//! The values representation shared by `planned_values`, a plan's `prior_state` and
//! `terraform show -json` state: a root module with resources and child modules to any
//! depth.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{parse, span_of};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// `{ root_module: Module }` (outputs are not needed).
#[derive(Debug, Deserialize)]
pub(super) struct Values<'a> {
    #[serde(borrow)]
    root_module: Option<ValuesModule<'a>>,
}

#[derive(Debug, Deserialize)]
struct ValuesModule<'a> {
    #[serde(borrow, default)]
    resources: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    child_modules: Vec<ValuesModule<'a>>,
}

/// One resource instance of a values representation.
#[derive(Debug, Deserialize)]
pub(super) struct ValuesResource<'a> {
    /// Absolute address with instance key, as Terraform prints it.
    pub address: String,
    /// `managed` or `data`.
    pub mode: Option<String>,
    /// Resource type.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attribute values.
    #[serde(borrow)]
    pub values: Option<&'a RawValue>,
    /// Set on a deposed object of state (an old object awaiting destruction).
    pub deposed_key: Option<String>,
}

/// Every resource of `values` with the span of its object, read with `shape_code`
/// (`invalid-plan`, `invalid-state`) errors. Child modules are walked without recursion.
pub(super) fn resources<'a>(
    file: &'a SourceFile,
    id: FileId,
    values: &Values<'a>,
    shape_code: &'static str,
) -> Result<Vec<(Span, ValuesResource<'a>)>, Problem> {
    let mut found = Vec::new();
    let mut pending: Vec<&ValuesModule<'a>> = values.root_module.iter().collect();
    while let Some(module) = pending.pop() {
        for raw in &module.resources {
            let resource: ValuesResource<'a> =
                parse(file, id, raw.get(), shape_code, "reading a resource")?;
            found.push((span_of(file, raw), resource));
        }
        pending.extend(module.child_modules.iter());
    }
    found.sort_by_key(|(span, _)| span.start);
    Ok(found)
}
