//! Raw state of version 3: what Terraform 0.11 and earlier wrote, and what terraformer
//! still exports (`{version: 3, modules: [{path: ["root", "a"], resources: {"aws_iam_role.x":
//! {type, primary: {id, attributes}}}}]}`).
//!
//! Addresses are built as Terraform 0.12 upgrades them: the module path after `root`
//! becomes `module.a.module.b.`, a resource key is `[data.]type.name[.index]` and its
//! index becomes `[index]`. The attributes are a flatmap ([`super::flatmap`]); the
//! object's `id`, which Terraform keeps beside them, is added when they lack it. Deposed
//! objects are skipped, as in version 4.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{parse, span_of};
use super::state::{declared, flat_properties};
use crate::load::value::{Field, Value, ValueKind};
use crate::load::{Mode, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

#[derive(Deserialize)]
struct LegacyState<'a> {
    #[serde(borrow, default)]
    modules: Option<Vec<LegacyModule<'a>>>,
}

#[derive(Deserialize)]
struct LegacyModule<'a> {
    #[serde(default)]
    path: Vec<String>,
    #[serde(borrow, default)]
    resources: Option<BTreeMap<String, &'a RawValue>>,
}

#[derive(Deserialize)]
struct LegacyResource<'a> {
    #[serde(rename = "type")]
    resource_type: Option<String>,
    #[serde(borrow)]
    primary: Option<LegacyObject<'a>>,
}

#[derive(Deserialize)]
struct LegacyObject<'a> {
    id: Option<String>,
    #[serde(borrow)]
    attributes: Option<&'a RawValue>,
}

/// Loads the resources of a version 3 state file.
pub(super) fn load(file: &SourceFile, id: FileId) -> Result<Vec<Resource>, Problem> {
    let state: LegacyState = parse(file, id, &file.text, "invalid-state", "reading the state")?;
    let mut loaded = Vec::new();
    for module in state.modules.unwrap_or_default() {
        let prefix = module_prefix(&module.path);
        for (key, raw) in module.resources.unwrap_or_default() {
            let span = span_of(file, raw);
            let resource: LegacyResource =
                parse(file, id, raw.get(), "invalid-state", "reading a resource")?;
            let Some(primary) = resource.primary else {
                continue;
            };
            let Some(parsed) = ResourceKey::parse(&key) else {
                return Err(Problem::error(
                    "invalid-state",
                    id,
                    span,
                    format!(
                        "resource key `{key}` is not `type.name`, `type.name.index` or `data.type.name`"
                    ),
                ));
            };
            let resource_type = resource
                .resource_type
                .unwrap_or_else(|| parsed.resource_type.to_owned());
            let mut properties = match primary.attributes {
                Some(flat) => flat_properties(file, id, &resource_type, flat, span)?,
                None => Value::new(span, ValueKind::Map(Vec::new())),
            };
            if let (ValueKind::Map(fields), Some(object_id)) = (&mut properties.kind, primary.id)
                && super::graph_needs_properties(&resource_type)
                && !fields.iter().any(|field| &*field.key == "id")
            {
                fields.push(Field {
                    key: "id".into(),
                    key_span: span,
                    value: Value::new(span, ValueKind::Str(object_id.into())),
                });
            }
            loaded.push(declared(
                parsed.address(&prefix),
                resource_type,
                parsed.mode,
                span,
                properties,
            ));
        }
    }
    loaded.sort_by_key(|resource| resource.span.start);
    Ok(loaded)
}

/// `module.a.module.b.` for the path `["root", "a", "b"]`; empty for the root module.
fn module_prefix(path: &[String]) -> String {
    let names = match path.split_first() {
        Some((root, rest)) if root == "root" => rest,
        _ => path,
    };
    names.iter().map(|name| format!("module.{name}.")).collect()
}

/// A v3 resource key: `aws_iam_role.x`, `aws_iam_role.x.2`, `data.aws_iam_policy.p`.
struct ResourceKey<'a> {
    mode: Mode,
    resource_type: &'a str,
    name: &'a str,
    index: Option<u64>,
}

impl<'a> ResourceKey<'a> {
    fn parse(key: &'a str) -> Option<ResourceKey<'a>> {
        let (mode, rest) = match key.strip_prefix("data.") {
            Some(rest) => (Mode::Data, rest),
            None => (Mode::Managed, key),
        };
        let mut parts = rest.split('.');
        let resource_type = parts.next().filter(|part| !part.is_empty())?;
        let name = parts.next().filter(|part| !part.is_empty())?;
        let index = match parts.next() {
            Some(index) => Some(index.parse::<u64>().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(ResourceKey {
            mode,
            resource_type,
            name,
            index,
        })
    }

    fn address(&self, module_prefix: &str) -> String {
        let data = if self.mode == Mode::Data { "data." } else { "" };
        let index = self
            .index
            .map(|index| format!("[{index}]"))
            .unwrap_or_default();
        format!(
            "{module_prefix}{data}{}.{}{index}",
            self.resource_type, self.name
        )
    }
}
