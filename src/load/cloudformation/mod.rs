//! CloudFormation template loader: a parsed template (JSON or YAML, SAM and CDK output
//! included) becomes the list of resources it declares, with their properties evaluated as
//! far as the template alone decides them.
//!
//! Parameters count at their defaults (module `parameters`), conditions are decided only when no
//! parameter can change them (module `conditions`), `Fn::ForEach` loops with known collections
//! are expanded (module `foreach`), and the execution roles the SAM transform would create are
//! added as `AWS::IAM::Role` resources (module `sam`), since that is where a SAM function's
//! permissions live.

mod conditions;
mod foreach;
mod interface;
mod intrinsics;
mod mappings;
mod parameters;
mod sam;
pub mod stacks;
mod sub;
mod template;
#[cfg(test)]
pub(crate) mod testing;
mod text;

pub use self::interface::{NestedStack, NestedTemplate, Output, StackInterface};

use self::foreach::{Declared, expand_resources};
use self::intrinsics::Evaluator;
use self::parameters::Parameters;
use self::template::{SAM_TRANSFORM, Template, transform_names};
use crate::document::{Node, NodeValue};
use crate::load::{
    Change, InlineSuppression, InputKind, LoadedInput, Mode, Resource, Value, ValueKind,
};
use crate::problem::Problem;
use crate::source::{FileId, Span};
use std::collections::HashSet;

/// CDK's bookkeeping resource, which declares nothing of interest.
const CDK_METADATA: &str = "AWS::CDK::Metadata";

/// Loads a CloudFormation template (JSON or YAML, SAM and CDK output included) from its parsed tree.
pub fn load_template(root: &Node, id: FileId) -> Result<LoadedInput, Problem> {
    load_with_parameters(root, id, Vec::new())
}

/// Loads a template as a nested stack: `passed` are the parameter values its parent
/// passes (by name, already carried into this input), which count instead of defaults.
pub fn load_with_parameters(
    root: &Node,
    id: FileId,
    passed: Vec<(Box<str>, Value)>,
) -> Result<LoadedInput, Problem> {
    if root.as_map().is_none() {
        return Err(Problem::error(
            "cfn-not-a-template",
            id,
            root.span,
            "a CloudFormation template must be a mapping of sections",
        ));
    }
    // CloudFormation refuses a template without resources, but such a file is still a
    // template (it declares the format version): there is nothing to scan, so say so and
    // load it empty rather than fail the scan.
    let Some(resources_entry) = root.entry("Resources") else {
        let warning = Problem::warning(
            "cfn-no-resources",
            id,
            root.span,
            "the template has no Resources section: nothing to scan",
        );
        return Ok(empty_template(id, warning));
    };
    let resource_entries = match &resources_entry.value.value {
        NodeValue::Map(entries) => entries,
        NodeValue::Null => {
            let warning = Problem::warning(
                "cfn-no-resources",
                id,
                resources_entry.key_span,
                "the Resources section is empty: nothing to scan",
            );
            return Ok(empty_template(id, warning));
        }
        _ => {
            return Err(Problem::error(
                "cfn-resources-not-a-mapping",
                id,
                resources_entry.value.span,
                "Resources must be a mapping of logical IDs to resources",
            )
            .with_related(resources_entry.key_span, "the Resources section"));
        }
    };

    let is_sam = transform_names(root.get("Transform")).contains(&SAM_TRANSFORM);
    let parameters = Parameters::from_section(root.get("Parameters")).with_passed(passed);
    let mut problems = Vec::new();
    let declared = expand_resources(resource_entries, &parameters, id, &mut problems);
    let mut logical_ids: HashSet<Box<str>> = declared.iter().map(|d| d.id.clone()).collect();

    let globals = root.get("Globals").filter(|_| is_sam);
    let candidates: Vec<Candidate<'_>> = declared
        .iter()
        .filter_map(|declared| {
            Candidate::read(declared, globals, is_sam, &logical_ids, id, &mut problems)
        })
        .collect();
    logical_ids.extend(
        candidates
            .iter()
            .filter(|candidate| candidate.sam_role.is_some())
            .map(|candidate| candidate.role_id().into_boxed_str()),
    );

    let template = Template {
        parameters,
        mappings: root.get("Mappings"),
        conditions: root.get("Conditions"),
        logical_ids,
        is_sam,
    };
    let mut evaluator = Evaluator::new(&template, id);
    let mut resources = Vec::with_capacity(candidates.len());
    let mut nested = Vec::new();
    for candidate in &candidates {
        let first = resources.len();
        candidate.load(&mut evaluator, &mut resources);
        nested.extend(
            resources
                .get(first)
                .and_then(|resource| interface::nested_stack(resource, &candidate.declared.node)),
        );
    }
    let outputs = evaluator.outputs(root.get("Outputs"));
    problems.append(&mut evaluator.problems);
    Ok(LoadedInput {
        file: id,
        kind: InputKind::CloudFormation,
        resources,
        problems,
        stack: Some(Box::new(StackInterface { outputs, nested })),
    })
}

fn empty_template(id: FileId, warning: Problem) -> LoadedInput {
    LoadedInput {
        file: id,
        kind: InputKind::CloudFormation,
        resources: Vec::new(),
        problems: vec![warning],
        stack: None,
    }
}

/// A resource declaration that has a type, before evaluation.
struct Candidate<'d> {
    declared: &'d Declared<'d>,
    resource_type: &'d str,
    /// `Properties`, with SAM globals merged in when they apply.
    properties: std::borrow::Cow<'d, Node>,
    /// `Condition`: the name and where it is written.
    condition: Option<(&'d str, Span)>,
    cdk_path: Option<&'d str>,
    /// `Metadata.supportscan.suppress`.
    suppressions: Vec<InlineSuppression>,
    /// The properties of the role SAM creates for this resource.
    sam_role: Option<Node>,
}

/// Reads `Metadata: {supportscan: {suppress: [{id, reason}]}}` as written: what lacks an
/// `id` or a `reason`, or metadata without the `suppress` list, is kept for the
/// suppression stage to refuse at its place (one rule for every suppression).
fn inline_suppressions(node: &Node) -> Vec<InlineSuppression> {
    let Some(list) = node.get("suppress").and_then(Node::as_seq) else {
        return vec![InlineSuppression {
            rule: None,
            reason: None,
            span: node.span,
        }];
    };
    list.iter()
        .map(|item| InlineSuppression {
            rule: item.get("id").and_then(Node::as_str).map(Box::from),
            reason: item.get("reason").and_then(Node::as_str).map(Box::from),
            span: item.span,
        })
        .collect()
}

impl<'d> Candidate<'d> {
    /// Reads a declaration; a declaration without a type is reported and skipped.
    fn read(
        declared: &'d Declared<'d>,
        globals: Option<&Node>,
        is_sam: bool,
        logical_ids: &HashSet<Box<str>>,
        file: FileId,
        problems: &mut Vec<Problem>,
    ) -> Option<Candidate<'d>> {
        let declaration = &declared.node;
        if declaration.as_map().is_none() {
            problems.push(Problem::warning(
                "cfn-resource-not-a-mapping",
                file,
                declared.key_span,
                format!("resource `{}` is not a mapping; it is skipped", declared.id),
            ));
            return None;
        }
        let Some(resource_type) = declaration.get("Type").and_then(Node::as_str) else {
            problems.push(Problem::warning(
                "cfn-resource-without-type",
                file,
                declared.key_span,
                format!(
                    "resource `{}` has no Type string; it is skipped",
                    declared.id
                ),
            ));
            return None;
        };
        if resource_type == CDK_METADATA {
            return None;
        }
        let declared_properties = declaration.get("Properties");
        let properties =
            match sam::with_globals(globals, resource_type, declaration, declared_properties) {
                Some(merged) => std::borrow::Cow::Owned(merged),
                None => match declared_properties {
                    Some(properties) => std::borrow::Cow::Borrowed(properties),
                    None => std::borrow::Cow::Owned(Node::new(
                        declaration.span,
                        NodeValue::Map(Vec::new()),
                    )),
                },
            };
        let condition = match declaration.get("Condition") {
            Some(node) => match node.as_str() {
                Some(name) => Some((name, node.span)),
                None => {
                    problems.push(Problem::warning(
                        "cfn-bad-condition",
                        file,
                        node.span,
                        "a resource's Condition must be a condition name; it is ignored",
                    ));
                    None
                }
            },
            None => None,
        };
        let cdk_path = declaration
            .get("Metadata")
            .and_then(|metadata| metadata.get("aws:cdk:path"))
            .and_then(Node::as_str);
        let suppressions = declaration
            .get("Metadata")
            .and_then(|metadata| metadata.get("supportscan"))
            .map(inline_suppressions)
            .unwrap_or_default();
        let mut candidate = Candidate {
            declared,
            resource_type,
            properties,
            condition,
            cdk_path,
            suppressions,
            sam_role: None,
        };
        if is_sam {
            candidate.sam_role = sam::execution_role(
                &declared.id,
                declared.key_span,
                resource_type,
                &candidate.properties,
            );
            if candidate.sam_role.is_some() && logical_ids.contains(candidate.role_id().as_str()) {
                problems.push(Problem::warning(
                    "cfn-sam-role-clash",
                    file,
                    declared.key_span,
                    format!(
                        "SAM would create role `{}` for `{}`, but the template declares that ID too",
                        candidate.role_id(),
                        declared.id
                    ),
                ));
                candidate.sam_role = None;
            }
        }
        Some(candidate)
    }

    fn role_id(&self) -> String {
        format!("{}Role", self.declared.id)
    }

    /// Evaluates the resource (and the role SAM creates for it) into `resources`, unless its
    /// condition is decided false.
    fn load(&self, evaluator: &mut Evaluator<'_, '_>, resources: &mut Vec<Resource>) {
        let condition = match self.condition {
            Some((name, span)) => match evaluator.decide(name, span, 0) {
                Some(true) => None,
                Some(false) => return,
                None => Some(Box::from(name)),
            },
            None => None,
        };
        let properties = self.evaluate_properties(&self.properties, evaluator);
        resources.push(Resource {
            address: self.declared.id.clone(),
            resource_type: self.resource_type.into(),
            mode: Mode::Managed,
            span: self.declared.key_span,
            properties,
            change: Change::Declared,
            condition: condition.clone(),
            cdk_path: self.cdk_path.map(Box::from),
            suppressions: self.suppressions.clone(),
        });
        if let Some(role) = &self.sam_role {
            resources.push(Resource {
                address: self.role_id().into(),
                resource_type: "AWS::IAM::Role".into(),
                mode: Mode::Managed,
                span: self.declared.key_span,
                properties: self.evaluate_properties(role, evaluator),
                change: Change::Declared,
                condition,
                cdk_path: None,
                suppressions: self.suppressions.clone(),
            });
        }
    }

    /// Evaluated properties, always a mapping: anything else is reported and left empty.
    fn evaluate_properties(&self, node: &Node, evaluator: &mut Evaluator<'_, '_>) -> Value {
        let value = evaluator.evaluate(node, 0);
        match value.kind {
            ValueKind::Map(_) => value,
            ValueKind::Null | ValueKind::Absent => {
                Value::new(node.span, ValueKind::Map(Vec::new()))
            }
            _ => {
                evaluator.warn(
                    "cfn-properties-not-a-mapping",
                    node.span,
                    format!(
                        "the Properties of `{}` are not a mapping the template decides; they are not loaded",
                        self.declared.id
                    ),
                );
                Value::new(node.span, ValueKind::Map(Vec::new()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
