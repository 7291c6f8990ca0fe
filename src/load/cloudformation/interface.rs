//! What a template shows the other templates of its scan: its `Outputs` (with their
//! export names) and the nested stacks it creates, read while the template loads so that
//! the scan-wide step ([`super::stacks`]) can join stacks without reading any file again
//! except a nested template.
//!
//! Also `Fn::ImportValue`: its value is an unknown that remembers the export name, filled in
//! once every input of the scan is loaded.

use super::intrinsics::{Evaluator, unknown};
use crate::document::Node;
use crate::load::{Resource, Unknown, Value, ValueKind};
use crate::source::Span;

/// The stack-level facts of a loaded template.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StackInterface {
    /// `Outputs`, in document order.
    pub outputs: Vec<Output>,
    /// The nested stacks it creates, in document order.
    pub nested: Vec<NestedStack>,
}

/// One entry of `Outputs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// The output's logical name.
    pub name: Box<str>,
    /// Where its name is written.
    pub span: Span,
    /// Its evaluated `Value`.
    pub value: Value,
    /// Its `Export: {Name}`, evaluated, when it is exported.
    pub export: Option<Value>,
}

/// An `AWS::CloudFormation::Stack` (or SAM `AWS::Serverless::Application`) resource.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedStack {
    /// Its logical ID in the parent.
    pub logical_id: Box<str>,
    /// Where its template is.
    pub template: NestedTemplate,
}

/// Where a nested stack's template comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum NestedTemplate {
    /// A file path relative to the parent template's directory (the input of
    /// `aws cloudformation package`, SAM's local `Location`, CDK's `aws:asset:path`).
    Local {
        /// The path as written.
        path: Box<str>,
        /// Where it is written.
        span: Span,
    },
    /// A template the scan cannot read (an S3 URL, a Serverless Application Repository
    /// application, a URL computed at deploy time), with the reason.
    Elsewhere(Box<str>),
}

/// CloudFormation's nested stack resource type.
pub(super) const STACK_TYPE: &str = "AWS::CloudFormation::Stack";
/// SAM's nested application resource type.
pub(super) const APPLICATION_TYPE: &str = "AWS::Serverless::Application";

impl Evaluator<'_, '_> {
    /// `Fn::ImportValue`: the value another stack exports under a name, which the template
    /// alone does not decide.
    pub(super) fn import_value(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let name = self.evaluate(argument, depth + 1);
        match &name.kind {
            ValueKind::Str(name) => {
                Value::new(span, ValueKind::Unknown(Box::new(Unknown::import(name))))
            }
            _ => unknown(
                span,
                "imported from another stack under a name known only at deploy time (Fn::ImportValue)",
            ),
        }
    }

    /// Reads the `Outputs` section. Their mistakes are not reported: a rule depends on an
    /// output only through a stack that imports or nests it, and there the value's reason
    /// says why it is unknown.
    pub(super) fn outputs(&mut self, section: Option<&Node>) -> Vec<Output> {
        let before = self.problems.len();
        let outputs = section
            .and_then(Node::as_map)
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| {
                let value = self.evaluate(entry.value.get("Value")?, 0);
                let export = entry
                    .value
                    .get("Export")
                    .and_then(|export| export.get("Name"))
                    .map(|name| self.evaluate(name, 0));
                Some(Output {
                    name: entry.key.clone(),
                    span: entry.key_span,
                    value,
                    export,
                })
            })
            .collect();
        self.problems.truncate(before);
        outputs
    }
}

/// The nested stack `resource` creates, if it is one; `declaration` is its raw
/// declaration (for CDK's `Metadata: {aws:asset:path}`).
pub(super) fn nested_stack(resource: &Resource, declaration: &Node) -> Option<NestedStack> {
    let location_key = match &*resource.resource_type {
        STACK_TYPE => "TemplateURL",
        APPLICATION_TYPE => "Location",
        _ => return None,
    };
    let asset_path = declaration
        .get("Metadata")
        .and_then(|metadata| metadata.get("aws:asset:path"));
    let template = match asset_path.and_then(|node| Some((node.as_str()?, node.span))) {
        // CDK uploads the template and writes an S3 URL; the file it uploads sits beside
        // the parent in the cloud assembly.
        Some((path, span)) => NestedTemplate::Local {
            path: path.into(),
            span,
        },
        None => location(resource.properties.get(location_key), location_key),
    };
    Some(NestedStack {
        logical_id: resource.address.clone(),
        template,
    })
}

fn location(value: Option<&Value>, key: &str) -> NestedTemplate {
    let Some(value) = value else {
        return NestedTemplate::Elsewhere(format!("it has no `{key}`").into());
    };
    match &value.kind {
        ValueKind::Str(text) if is_remote(text) => NestedTemplate::Elsewhere(
            format!("its template is at `{text}`, outside the scan").into(),
        ),
        ValueKind::Str(text) => NestedTemplate::Local {
            path: text.clone(),
            span: value.span,
        },
        ValueKind::Map(_) => NestedTemplate::Elsewhere(
            "it is an application of the AWS Serverless Application Repository".into(),
        ),
        _ => NestedTemplate::Elsewhere(format!("its `{key}` is known only at deploy time").into()),
    }
}

/// Whether a template location is a URL rather than a path.
fn is_remote(location: &str) -> bool {
    location.contains("://")
}
