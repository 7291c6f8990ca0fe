//! The compact Terraform form of rule tests: resource addresses mapped to their planned
//! values, turned into the plan JSON `terraform show -json` would print for a plan that
//! creates them (or does what a resource's `_actions` says).

use serde_json::{Map, Value, json};

use crate::document::node::{Node, NodeValue};

/// The key of a resource's values that sets the plan's actions for it.
const ACTIONS_KEY: &str = "_actions";

/// A plan JSON text for the compact `resources` mapping, or what is wrong with it.
pub fn plan_json(resources: &Node) -> Result<String, String> {
    let entries = resources
        .as_map()
        .ok_or("`terraform` maps resource addresses to their values")?;
    let mut changes = Vec::new();
    for entry in entries {
        let address = parse_address(&entry.key)?;
        let mut values = match to_json(&entry.value) {
            Value::Object(values) => values,
            Value::Null => Map::new(),
            _ => return Err(format!("the values of `{}` must be a mapping", entry.key)),
        };
        let actions = match values.remove(ACTIONS_KEY) {
            Some(Value::Array(actions)) => actions,
            Some(_) => return Err(format!("`{ACTIONS_KEY}` of `{}` must be a list", entry.key)),
            None if address.data => vec![json!("read")],
            None => vec![json!("create")],
        };
        let deletes = actions.iter().any(|action| action == "delete");
        let creates = actions
            .iter()
            .any(|action| action != "delete" && action != "forget");
        let values = Value::Object(values);
        let before = if deletes || actions.iter().any(|a| a == "no-op" || a == "update") {
            values.clone()
        } else {
            Value::Null
        };
        let after = if creates { values } else { Value::Null };
        let mut change = json!({
            "address": &*entry.key,
            "mode": if address.data { "data" } else { "managed" },
            "type": address.resource_type,
            "name": address.name,
            "provider_name": provider(&address.resource_type),
            "change": {
                "actions": actions,
                "before": before,
                "after": after,
                "after_unknown": {},
                "before_sensitive": {},
                "after_sensitive": {},
            },
        });
        if let Some(module) = address.module {
            change["module_address"] = json!(module);
        }
        if let Some(index) = address.index {
            change["index"] = index;
        }
        changes.push(change);
    }
    let plan = json!({
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "resource_changes": changes,
        "configuration": {"root_module": {}},
    });
    serde_json::to_string_pretty(&plan).map_err(|error| error.to_string())
}

/// The registry address of the provider of a resource type.
fn provider(resource_type: &str) -> String {
    let name = resource_type.split('_').next().unwrap_or("aws");
    format!("registry.terraform.io/hashicorp/{name}")
}

/// The parts of a resource address.
struct Address {
    module: Option<String>,
    data: bool,
    resource_type: String,
    name: String,
    index: Option<Value>,
}

/// Splits `module.a["k"].aws_iam_role.r[0]` into its parts.
fn parse_address(address: &str) -> Result<Address, String> {
    let bad = || format!("`{address}` is not a Terraform resource address");
    let mut rest = address;
    let mut modules: Vec<String> = Vec::new();
    while let Some(after) = rest.strip_prefix("module.") {
        let (name, index, tail) = name_and_index(after).ok_or_else(bad)?;
        modules.push(format!("module.{name}{}", index.unwrap_or_default()));
        rest = tail.strip_prefix('.').ok_or_else(bad)?;
    }
    let (data, rest) = match rest.strip_prefix("data.") {
        Some(tail) => (true, tail),
        None => (false, rest),
    };
    let (resource_type, rest) = rest.split_once('.').ok_or_else(bad)?;
    let (name, index, tail) = name_and_index(rest).ok_or_else(bad)?;
    if !tail.is_empty() || resource_type.is_empty() {
        return Err(bad());
    }
    let index = match index {
        None => None,
        Some(text) => {
            let inner = &text[1..text.len() - 1];
            Some(serde_json::from_str::<Value>(inner).map_err(|_| bad())?)
        }
    };
    Ok(Address {
        module: (!modules.is_empty()).then(|| modules.join(".")),
        data,
        resource_type: resource_type.to_owned(),
        name: name.to_owned(),
        index,
    })
}

/// A name, its `[...]` index as written, and what follows.
fn name_and_index(text: &str) -> Option<(&str, Option<String>, &str)> {
    let end = text.find(['.', '[']).unwrap_or(text.len());
    let (name, rest) = text.split_at(end);
    if name.is_empty() {
        return None;
    }
    if !rest.starts_with('[') {
        return Some((name, None, rest));
    }
    let close = rest.find(']')? + 1;
    let (index, tail) = rest.split_at(close);
    Some((name, Some(index.to_owned()), tail))
}

/// A parsed YAML value as JSON (numbers as written when they are JSON numbers).
fn to_json(node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(flag) => Value::Bool(*flag),
        NodeValue::Number(text) => serde_json::from_str::<serde_json::Number>(text)
            .map_or_else(|_| Value::String(text.to_string()), Value::Number),
        NodeValue::String(text) => Value::String(text.to_string()),
        NodeValue::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|entry| (entry.key.to_string(), to_json(&entry.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_module_type_name_and_index() {
        let address = parse_address(r#"module.ops["a.b"].aws_iam_role.this["support"]"#).unwrap();
        assert_eq!(address.module.as_deref(), Some(r#"module.ops["a.b"]"#));
        assert_eq!(address.resource_type, "aws_iam_role");
        assert_eq!(address.name, "this");
        assert_eq!(address.index, Some(json!("support")));
        let data = parse_address("data.aws_iam_policy.p").unwrap();
        assert!(data.data && data.module.is_none() && data.index.is_none());
        assert!(parse_address("aws_iam_role").is_err());
        assert!(parse_address("module..x.y").is_err());
    }
}
