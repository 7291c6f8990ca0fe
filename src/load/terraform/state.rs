//! Terraform state: `terraform show -json` of state (`{format_version, values}`), or a raw
//! `terraform.tfstate`: version 4 (`{version: 4, resources: [{module, mode, type, name,
//! instances}]}`, Terraform 0.12 and later) or version 3 (Terraform 0.11 and earlier, and
//! what terraformer exports; read by [`super::state_v3`]).
//!
//! A v4 instance holds `attributes`, or `attributes_flat` (the flatmap of older providers,
//! decoded by [`super::flatmap`]) when no provider has upgraded it since Terraform 0.11.
//!
//! Every resource instance is declared as it is. A raw state file does not spell out
//! addresses, so they are built the way Terraform prints them: the module path (already
//! written as `module.a["x"].module.b`), `data.` for data sources, `type.name`, and the
//! instance key. Deposed objects (old objects awaiting destruction) are skipped in both
//! shapes: their current object has the same address.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::address::index_key;
use super::convert::value_in_file;
use super::json::{Document, check_format_version, json_problem, parse, span_of};
use super::values::{self, Values};
use super::{empty_properties, graph_needs_properties, mode_of};
use crate::load::value::{Value, ValueKind};
use crate::load::{Change, InputKind, LoadedInput, Mode, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// The top level of both shapes; which keys are present says which shape it is.
#[derive(Deserialize)]
struct StateDocument<'a> {
    #[serde(borrow)]
    version: Option<&'a RawValue>,
    #[serde(borrow)]
    format_version: Option<&'a RawValue>,
    #[serde(borrow)]
    values: Option<&'a RawValue>,
    #[serde(borrow)]
    resources: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct StateResource<'a> {
    module: Option<String>,
    mode: String,
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    #[serde(borrow, default)]
    instances: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct StateInstance<'a> {
    #[serde(borrow)]
    index_key: Option<&'a RawValue>,
    deposed: Option<String>,
    #[serde(borrow)]
    attributes: Option<&'a RawValue>,
    #[serde(borrow)]
    attributes_flat: Option<&'a RawValue>,
}

/// Loads state in either shape; see the module documentation.
pub(super) fn load(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    let document: StateDocument =
        parse(file, id, &file.text, "invalid-state", "reading the state")?;
    let resources = match (document.version, document.format_version) {
        (Some(version), _) if version.get() == "3" => super::state_v3::load(file, id)?,
        (Some(version), _) => raw_state(file, id, version, document.resources)?,
        (None, Some(_)) => {
            check_format_version(file, id, document.format_version, Document::State)?;
            shown_state(file, id, document.values)?
        }
        (None, None) => {
            return Err(Problem::error(
                "invalid-state",
                id,
                Span::new(0, file.text.len().min(1)),
                "not Terraform state: it has neither `version` (a terraform.tfstate file) nor `format_version` (`terraform show -json`)",
            ));
        }
    };
    Ok(LoadedInput {
        file: id,
        kind: InputKind::TerraformState,
        resources,
        problems: Vec::new(),
        stack: None,
    })
}

/// `terraform show -json` state; `{"format_version":"1.0"}` alone is an empty state.
fn shown_state(
    file: &SourceFile,
    id: FileId,
    values: Option<&RawValue>,
) -> Result<Vec<Resource>, Problem> {
    let Some(raw) = values else {
        return Ok(Vec::new());
    };
    let values: Values = parse(
        file,
        id,
        raw.get(),
        "invalid-state",
        "reading the state's values",
    )?;
    let mut resources = Vec::new();
    for (span, resource) in values::resources(file, id, &values, "invalid-state")? {
        let Some(mode) = mode_of(resource.mode.as_deref(), &resource.address) else {
            continue;
        };
        if resource.deposed_key.is_some() {
            continue;
        }
        let properties = properties(file, id, &resource.resource_type, resource.values, span)?;
        resources.push(declared(
            resource.address,
            resource.resource_type,
            mode,
            span,
            properties,
        ));
    }
    Ok(resources)
}

/// A raw `terraform.tfstate` of version 4 (Terraform 0.12 and later); version 3 is read
/// before this is called, and other versions are refused.
fn raw_state(
    file: &SourceFile,
    id: FileId,
    version: &RawValue,
    resources: Option<&RawValue>,
) -> Result<Vec<Resource>, Problem> {
    if version.get() != "4" {
        return Err(Problem::error(
            "unsupported-version",
            id,
            span_of(file, version),
            format!(
                "state file version {} is not supported: supportscan reads versions 3 (Terraform 0.11 and earlier) and 4 (Terraform 0.12 and later); run `terraform show -json` with the Terraform that wrote it, or upgrade the state",
                version.get()
            ),
        ));
    }
    let Some(raw) = resources else {
        return Ok(Vec::new());
    };
    let entries: Vec<StateResource> = parse(
        file,
        id,
        raw.get(),
        "invalid-state",
        "reading the state's resources",
    )?;
    let mut loaded = Vec::new();
    for entry in &entries {
        let Some(mode) = mode_of(Some(&entry.mode), "") else {
            continue;
        };
        let mut base = String::new();
        if let Some(module) = entry.module.as_deref().filter(|module| !module.is_empty()) {
            base.push_str(module);
            base.push('.');
        }
        if mode == Mode::Data {
            base.push_str("data.");
        }
        base.push_str(&entry.resource_type);
        base.push('.');
        base.push_str(&entry.name);
        for raw in &entry.instances {
            let instance: StateInstance = parse(
                file,
                id,
                raw.get(),
                "invalid-state",
                "reading a resource instance",
            )?;
            if instance.deposed.is_some() {
                continue;
            }
            let span = span_of(file, raw);
            let mut address = base.clone();
            if let Some(key_raw) = instance.index_key {
                let Some(key) = index_key(key_raw) else {
                    return Err(Problem::error(
                        "invalid-state",
                        id,
                        span_of(file, key_raw),
                        format!(
                            "`index_key` must be a whole number or a string, found {}",
                            key_raw.get()
                        ),
                    ));
                };
                address.push_str(&key);
            }
            let properties = match (instance.attributes, instance.attributes_flat) {
                (None, Some(flat)) => flat_properties(file, id, &entry.resource_type, flat, span)?,
                (attributes, _) => properties(file, id, &entry.resource_type, attributes, span)?,
            };
            loaded.push(declared(
                address,
                entry.resource_type.clone(),
                mode,
                span,
                properties,
            ));
        }
    }
    loaded.sort_by_key(|resource| resource.span.start);
    Ok(loaded)
}

fn properties(
    file: &SourceFile,
    id: FileId,
    resource_type: &str,
    values: Option<&RawValue>,
    span: Span,
) -> Result<Value, Problem> {
    match values.filter(|_| graph_needs_properties(resource_type)) {
        Some(raw) => {
            let value = value_in_file(file, raw).map_err(|error| {
                json_problem(
                    file,
                    id,
                    raw.get(),
                    &error,
                    "invalid-state",
                    "reading values",
                )
            })?;
            Ok(if matches!(value.kind, ValueKind::Map(_)) {
                value
            } else {
                empty_properties(span)
            })
        }
        None => Ok(empty_properties(span)),
    }
}

/// The properties of an instance whose attributes are a flatmap (v4 `attributes_flat`,
/// v3 `primary.attributes`).
pub(super) fn flat_properties(
    file: &SourceFile,
    id: FileId,
    resource_type: &str,
    flat: &RawValue,
    span: Span,
) -> Result<Value, Problem> {
    if graph_needs_properties(resource_type) {
        super::flatmap::decode(file, id, flat, span)
    } else {
        Ok(empty_properties(span))
    }
}

/// A resource of a state file, as it is.
pub(super) fn declared(
    address: String,
    resource_type: String,
    mode: Mode,
    span: Span,
    properties: Value,
) -> Resource {
    Resource {
        address: address.into(),
        resource_type: resource_type.into(),
        mode,
        span,
        properties,
        change: Change::Declared,
        condition: None,
        cdk_path: None,
        suppressions: Vec::new(),
    }
}
