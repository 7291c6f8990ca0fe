//! Terraform's `data "aws_iam_policy_document"`: its `json` when the plan knows it, or
//! else the document rebuilt from its `statement` blocks the way the provider renders
//! them (reads deferred to apply leave `json` unknown but the blocks known).

use super::action_index::StatementIndex;
use super::build::Scope;
use super::policy::{
    Body, Condition, Document, Effect, Principal, PrincipalEntry, PrincipalKind, Statement,
};
use super::resolve;
use super::term::{Possible, Term, texts};
use crate::load::{Resource, Value, ValueKind};
use crate::problem::Problem;
use crate::source::Span;

/// The document of an `aws_iam_policy_document` data source, at `span` (where it is
/// used).
pub(super) fn terraform_policy_document(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    resource: &Resource,
    span: Span,
    depth: usize,
) -> Document {
    if let Some(json) = resource.properties.get("json")
        && json.as_str().is_some()
    {
        return Document {
            span,
            ..resolve::document_within(warnings, scope, json, depth)
        };
    }
    let mut statements = Vec::new();
    // The provider merges, in order: source documents, this document's statements, then
    // override documents; a statement with a Sid replaces an earlier one with that Sid.
    for key in [
        "source_policy_documents",
        "statement",
        "override_policy_documents",
    ] {
        let Some(value) = resource.properties.get(key) else {
            continue;
        };
        let incoming = if key == "statement" {
            match blocks(value) {
                Ok(blocks) => blocks,
                Err(reason) => return Document::unknown(span, reason),
            }
        } else {
            match documents(warnings, scope, value, depth) {
                Ok(statements) => statements,
                Err(reason) => return Document::unknown(span, reason),
            }
        };
        for statement in incoming {
            merge(&mut statements, statement);
        }
    }
    for (index, statement) in statements.iter_mut().enumerate() {
        statement.index = index;
    }
    let version = resource.properties.get("version").map(Term::from_value);
    Document {
        span,
        body: Possible::Known(Body {
            version: Some(version.unwrap_or(Term::Known("2012-10-17".into()))),
            statements,
        }),
    }
}

fn merge(statements: &mut Vec<Statement>, statement: Statement) {
    let sid = statement
        .sid
        .as_ref()
        .and_then(Term::known)
        .filter(|sid| !sid.is_empty());
    let existing = sid.and_then(|sid| {
        statements
            .iter()
            .position(|s| s.sid.as_ref().and_then(Term::known) == Some(sid))
    });
    match existing.and_then(|index| statements.get_mut(index)) {
        Some(slot) => *slot = statement,
        None => statements.push(statement),
    }
}

/// The statements of the JSON documents listed in `value`.
fn documents(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    value: &Value,
    depth: usize,
) -> Result<Vec<Statement>, String> {
    let mut out = Vec::new();
    for (item, _) in resolve::items(value) {
        let document = resolve::document_within(warnings, scope, item, depth);
        let Some(statements) = document.statements() else {
            return Err("a merged policy document is not known before deployment".to_owned());
        };
        out.extend(statements.into_iter().cloned());
    }
    Ok(out)
}

/// The statements of `statement` blocks.
fn blocks(value: &Value) -> Result<Vec<Statement>, String> {
    let mut out = Vec::new();
    match &value.kind {
        ValueKind::List(items) => {
            for item in items {
                if item.as_map().is_none() {
                    return Err("a statement block is not known before deployment".to_owned());
                }
                out.push(statement(item, out.len()));
            }
        }
        ValueKind::Null => {}
        _ => return Err("the statement blocks are not known before deployment".to_owned()),
    }
    Ok(out)
}

fn statement(block: &Value, index: usize) -> Statement {
    let list = |key: &str| block.get(key).filter(|value| !is_empty(value)).map(texts);
    let principals = |key: &str| {
        block
            .get(key)
            .filter(|value| !is_empty(value))
            .map(principal)
    };
    let effect = match block.get("effect").map(|value| &value.kind) {
        None | Some(ValueKind::Null) => Possible::Known(Effect::Allow),
        Some(ValueKind::Str(text)) if text.is_empty() => Possible::Known(Effect::Allow),
        Some(ValueKind::Str(text)) => Possible::Known(Effect::from_text(text)),
        Some(_) => Possible::Unknown("the effect is not known before deployment".into()),
    };
    Statement {
        span: block.span,
        index,
        sid: block
            .get("sid")
            .filter(|value| value.as_str() != Some("") && !matches!(value.kind, ValueKind::Null))
            .map(Term::from_value),
        effect,
        action: list("actions"),
        not_action: list("not_actions"),
        resource: list("resources"),
        not_resource: list("not_resources"),
        principal: principals("principals"),
        not_principal: principals("not_principals"),
        condition: block
            .get("condition")
            .map_or(Possible::Known(Vec::new()), conditions),
        conditional: false,
        action_index: StatementIndex::default(),
    }
}

fn is_empty(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Null => true,
        ValueKind::List(items) => items.is_empty(),
        _ => false,
    }
}

/// `principals { type, identifiers }` blocks; the provider writes `"*"` for a single
/// block of type `*` with identifier `*`, and groups identifiers by type.
fn principal(value: &Value) -> Possible<Principal> {
    let Some(blocks) = value.as_list() else {
        return Possible::Unknown("the principal blocks are not known before deployment".into());
    };
    let mut entries: Vec<PrincipalEntry> = Vec::new();
    for block in blocks {
        let Some(kind) = block.get("type").and_then(Value::as_str) else {
            return Possible::Unknown("a principal type is not known before deployment".into());
        };
        let identifiers = block
            .get("identifiers")
            .map_or(Possible::Known(Vec::new()), texts);
        if kind == "*" && blocks.len() == 1 {
            return Possible::Known(Principal::Any);
        }
        let kind = PrincipalKind::from_key(kind);
        match entries.iter_mut().find(|entry| entry.kind == kind) {
            Some(entry) => {
                entry.values = join(
                    std::mem::replace(&mut entry.values, Possible::Absent),
                    identifiers,
                )
            }
            None => entries.push(PrincipalEntry {
                span: block.span,
                kind,
                values: identifiers,
            }),
        }
    }
    Possible::Known(Principal::Entries(entries))
}

fn join(
    first: Possible<Vec<super::term::Text>>,
    second: Possible<Vec<super::term::Text>>,
) -> Possible<Vec<super::term::Text>> {
    match (first, second) {
        (Possible::Known(mut first), Possible::Known(second)) => {
            first.extend(second);
            Possible::Known(first)
        }
        (Possible::Unknown(reason), _) | (_, Possible::Unknown(reason)) => {
            Possible::Unknown(reason)
        }
        _ => Possible::Unknown("principal identifiers are not known before deployment".into()),
    }
}

/// `condition { test, variable, values }` blocks.
fn conditions(value: &Value) -> Possible<Vec<Condition>> {
    let Some(blocks) = value.as_list() else {
        return Possible::Unknown("the condition blocks are not known before deployment".into());
    };
    let mut out = Vec::new();
    for block in blocks {
        let (Some(test), Some(variable)) = (
            block.get("test").and_then(Value::as_str),
            block.get("variable").and_then(Value::as_str),
        ) else {
            return Possible::Unknown("a condition is not known before deployment".into());
        };
        out.push(Condition {
            span: block.span,
            operator: test.into(),
            key: variable.into(),
            values: block
                .get("values")
                .map_or(Possible::Known(Vec::new()), texts),
        });
    }
    Possible::Known(out)
}
