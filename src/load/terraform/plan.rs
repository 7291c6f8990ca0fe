//! `terraform show -json` of a saved plan: resource changes, data sources read during
//! planning, and unknown values followed through the configuration.
//!
//! Resources come from `resource_changes` (one entry per instance, address as Terraform
//! prints it). Data sources read while planning are not changes: they are in
//! `prior_state` and are emitted as reads. A plan without `resource_changes` falls back to
//! `planned_values`. Deposed objects (old objects of a create-before-destroy replacement,
//! awaiting destruction) are skipped: their current object is its own entry with the same
//! address, and they do not exist after the plan is applied.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::config::{Configuration, Resolver, Subject};
use super::convert::{set_all, unknown_paths, value_in_file};
use super::json::{Document, check_format_version, json_problem, parse, span_of};
use super::values::{self, Values};
use super::{empty_properties, graph_needs_properties, mode_of};
use crate::load::value::{Value, ValueKind};
use crate::load::{Change, InputKind, LoadedInput, Mode, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

#[derive(Deserialize)]
struct PlanDocument<'a> {
    #[serde(borrow)]
    format_version: Option<&'a RawValue>,
    #[serde(borrow)]
    variables: Option<HashMap<String, PlanVariable<'a>>>,
    #[serde(borrow)]
    planned_values: Option<Values<'a>>,
    #[serde(borrow)]
    resource_changes: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    prior_state: Option<PriorState<'a>>,
    #[serde(borrow)]
    configuration: Option<&'a RawValue>,
}

/// Only the version, to report an unsupported one before complaining about shapes.
#[derive(Deserialize)]
struct VersionProbe<'a> {
    #[serde(borrow)]
    format_version: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct PlanVariable<'a> {
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct PriorState<'a> {
    #[serde(borrow)]
    values: Option<Values<'a>>,
}

#[derive(Deserialize)]
struct ResourceChange<'a> {
    address: String,
    module_address: Option<String>,
    mode: Option<String>,
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    #[serde(borrow)]
    index: Option<&'a RawValue>,
    deposed: Option<String>,
    #[serde(borrow)]
    change: ChangeBody<'a>,
}

#[derive(Deserialize)]
struct ChangeBody<'a> {
    actions: Vec<String>,
    #[serde(borrow)]
    before: Option<&'a RawValue>,
    #[serde(borrow)]
    after: Option<&'a RawValue>,
    #[serde(borrow)]
    after_unknown: Option<&'a RawValue>,
}

/// A resource found in the plan, before its properties are converted.
struct Found<'a> {
    address: String,
    resource_type: String,
    mode: Mode,
    change: Change,
    span: Span,
    values: Option<&'a RawValue>,
    /// `after_unknown`, with where the resource sits, for resolving unknown values.
    unknown: Option<UnknownSource<'a>>,
}

struct UnknownSource<'a> {
    after_unknown: &'a RawValue,
    module_address: Option<String>,
    relative_address: String,
    key: Option<String>,
}

/// Loads a plan; see the module documentation.
pub(super) fn load(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    let document: PlanDocument =
        match parse(file, id, &file.text, "invalid-plan", "reading the plan") {
            Ok(document) => document,
            Err(problem) => return Err(version_problem(file, id).unwrap_or(problem)),
        };
    check_format_version(file, id, document.format_version, Document::Plan)?;
    let mut problems = Vec::new();
    let mut found = Vec::new();
    match &document.resource_changes {
        Some(changes) => {
            // Each change is read on its own (in parallel), then gathered in plan order so
            // that the first bad change is the one reported, whatever the thread count.
            let read: Vec<_> = changes
                .par_iter()
                .map(|raw| {
                    let mut warnings = Vec::new();
                    from_change(file, id, raw, &mut warnings).map(|found| (found, warnings))
                })
                .collect();
            for outcome in read {
                let (resource, mut warnings) = outcome?;
                problems.append(&mut warnings);
                found.extend(resource);
            }
        }
        None => {
            if let Some(planned) = &document.planned_values {
                found.extend(from_values(file, id, planned, Change::Declared)?);
            }
        }
    }
    if let Some(prior) = document
        .prior_state
        .as_ref()
        .and_then(|prior| prior.values.as_ref())
    {
        let known: BTreeSet<&str> = found
            .iter()
            .map(|resource| resource.address.as_str())
            .collect();
        let reads: Vec<Found> = from_values(file, id, prior, Change::Read)?
            .into_iter()
            .filter(|resource| {
                resource.mode == Mode::Data && !known.contains(resource.address.as_str())
            })
            .collect();
        found.extend(reads);
    }
    found.sort_by_key(|resource| resource.span.start);

    let addresses: BTreeSet<Box<str>> = found
        .iter()
        .map(|resource| resource.address.as_str().into())
        .collect();
    let root_variables: HashMap<String, &RawValue> = document
        .variables
        .iter()
        .flatten()
        .filter_map(|(name, variable)| Some((name.clone(), variable.value?)))
        .collect();
    let configuration = if found.iter().any(needs_resolution) {
        configuration(file, id, document.configuration, &mut problems)
    } else {
        None
    };
    let resolver = Resolver::new(configuration.as_ref(), &root_variables, &addresses);

    let converted: Vec<Result<Resource, Problem>> = found
        .into_par_iter()
        .map(|resource| {
            let properties = if graph_needs_properties(&resource.resource_type) {
                properties(file, id, &resource, &mut resolver.clone())?
            } else {
                empty_properties(resource.span)
            };
            Ok(Resource {
                address: resource.address.into(),
                resource_type: resource.resource_type.into(),
                mode: resource.mode,
                span: resource.span,
                properties,
                change: resource.change,
                condition: None,
                cdk_path: None,
                suppressions: Vec::new(),
            })
        })
        .collect();
    let resources = converted.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(LoadedInput {
        file: id,
        kind: InputKind::TerraformPlan,
        resources,
        problems,
        stack: None,
    })
}

/// The unsupported-version error, when the plan's shape error comes from a newer format.
fn version_problem(file: &SourceFile, id: FileId) -> Option<Problem> {
    let probe: VersionProbe = serde_json::from_str(&file.text).ok()?;
    check_format_version(file, id, probe.format_version, Document::Plan).err()
}

fn from_change<'a>(
    file: &SourceFile,
    id: FileId,
    raw: &'a RawValue,
    problems: &mut Vec<Problem>,
) -> Result<Option<Found<'a>>, Problem> {
    let entry: ResourceChange<'a> = parse(
        file,
        id,
        raw.get(),
        "invalid-plan",
        "reading a resource change",
    )?;
    let span = span_of(file, raw);
    if entry.deposed.is_some() {
        return Ok(None);
    }
    let Some(mode) = mode_of(entry.mode.as_deref(), &entry.address) else {
        problems.push(Problem::warning(
            "unsupported-resource",
            id,
            span,
            format!(
                "`{}` has mode \"{}\", which supportscan does not read; it is skipped",
                entry.address,
                entry.mode.as_deref().unwrap_or_default()
            ),
        ));
        return Ok(None);
    };
    let Some(change) = change_of(&entry.change.actions) else {
        problems.push(Problem::warning(
            "unsupported-resource",
            id,
            span,
            format!(
                "`{}` has actions {:?}, which supportscan does not read; it is skipped",
                entry.address, entry.change.actions
            ),
        ));
        return Ok(None);
    };
    let exists_after = change.exists_after();
    let values = if exists_after {
        entry.change.after
    } else {
        entry.change.before
    };
    let relative_address = match mode {
        Mode::Managed => format!("{}.{}", entry.resource_type, entry.name),
        Mode::Data => format!("data.{}.{}", entry.resource_type, entry.name),
    };
    let unknown = entry
        .change
        .after_unknown
        .filter(|_| exists_after)
        .map(|after_unknown| UnknownSource {
            after_unknown,
            module_address: entry.module_address.clone(),
            relative_address,
            key: entry.index.and_then(super::address::index_key),
        });
    Ok(Some(Found {
        address: entry.address,
        resource_type: entry.resource_type,
        mode,
        change,
        span,
        values,
        unknown,
    }))
}

/// What a plan's actions do to the resource. Terraform documents that consumers should
/// look for members rather than whole lists. `["create", "forget"]` (a replacement whose
/// old object is left in place, unmanaged) is a replacement: the new object is what
/// Terraform manages afterwards.
fn change_of(actions: &[String]) -> Option<Change> {
    let has = |action: &str| actions.iter().any(|a| a == action);
    Some(if has("read") {
        Change::Read
    } else if has("create") && (has("delete") || has("forget")) {
        Change::Replace
    } else if has("delete") {
        Change::Delete
    } else if has("forget") {
        Change::Forget
    } else if has("create") {
        Change::Create
    } else if has("update") {
        Change::Update
    } else if has("no-op") {
        Change::NoOp
    } else {
        return None;
    })
}

fn from_values<'a>(
    file: &'a SourceFile,
    id: FileId,
    values: &Values<'a>,
    change: Change,
) -> Result<Vec<Found<'a>>, Problem> {
    let mut found = Vec::new();
    for (span, resource) in values::resources(file, id, values, "invalid-plan")? {
        let Some(mode) = mode_of(resource.mode.as_deref(), &resource.address) else {
            continue;
        };
        if resource.deposed_key.is_some() {
            continue;
        }
        found.push(Found {
            address: resource.address,
            resource_type: resource.resource_type,
            mode,
            change: if mode == Mode::Data {
                Change::Read
            } else {
                change
            },
            span,
            values: resource.values,
            unknown: None,
        });
    }
    Ok(found)
}

fn needs_resolution(resource: &Found<'_>) -> bool {
    graph_needs_properties(&resource.resource_type)
        && resource
            .unknown
            .as_ref()
            .is_some_and(|unknown| unknown.after_unknown.get().contains("true"))
}

/// The plan's configuration; one that cannot be read leaves unknown values unknown and
/// is reported as a warning (the resources themselves are still right).
fn configuration<'a>(
    file: &SourceFile,
    id: FileId,
    raw: Option<&'a RawValue>,
    problems: &mut Vec<Problem>,
) -> Option<Configuration<'a>> {
    let raw = raw?;
    match serde_json::from_str(raw.get()) {
        Ok(configuration) => Some(configuration),
        Err(error) => {
            let problem = json_problem(
                file,
                id,
                raw.get(),
                &error,
                "invalid-plan",
                "reading the configuration",
            );
            problems.push(Problem {
                severity: crate::problem::Severity::Warning,
                message: format!(
                    "{}; values unknown until apply stay unknown",
                    problem.message
                ),
                ..problem
            });
            None
        }
    }
}

/// The resource's properties: its values after the change (before it, for a deletion),
/// with the parts unknown until apply resolved through the configuration.
fn properties(
    file: &SourceFile,
    id: FileId,
    resource: &Found<'_>,
    resolver: &mut Resolver<'_>,
) -> Result<Value, Problem> {
    let span = resource.span;
    let mut properties = match resource.values {
        Some(raw) => value_in_file(file, raw).map_err(|error| {
            json_problem(
                file,
                id,
                raw.get(),
                &error,
                "invalid-plan",
                "reading values",
            )
        })?,
        None => empty_properties(span),
    };
    if !matches!(properties.kind, ValueKind::Map(_)) {
        properties = empty_properties(span);
    }
    let Some(unknown) = &resource.unknown else {
        return Ok(properties);
    };
    let marker: serde_json::Value =
        serde_json::from_str(unknown.after_unknown.get()).map_err(|error| {
            json_problem(
                file,
                id,
                unknown.after_unknown.get(),
                &error,
                "invalid-plan",
                "reading after_unknown",
            )
        })?;
    let paths = unknown_paths(&marker);
    if paths.is_empty() {
        return Ok(properties);
    }
    let subject = Subject {
        module_address: unknown.module_address.as_deref(),
        relative_address: unknown.relative_address.clone(),
        key: unknown.key.clone(),
    };
    // Every path resolves against the planned values as Terraform wrote them, so all are
    // resolved before any is set (rather than resolving against a copy of the values).
    let resolved: Vec<Value> = paths
        .iter()
        .map(|path| resolver.resolve(&subject, &properties, path, span))
        .collect();
    set_all(&mut properties, &paths, resolved);
    Ok(properties)
}
