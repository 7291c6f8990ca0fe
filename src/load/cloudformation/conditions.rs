//! Deciding conditions from the `Conditions` section, when the template alone decides them.
//!
//! A condition is decided only when it compares constants: literals, mapping lookups with
//! literal keys, and other decided conditions. One that depends on a parameter is not
//! decided, even when the parameter has a default, because the stack may set the parameter
//! and a condition exists precisely to switch on it; nor is one that depends on a pseudo
//! parameter (`AWS::Region`). `Fn::And` with one false operand is false, and `Fn::Or` with
//! one true operand true, whatever the others. A condition that refers to itself, directly
//! or through others, is reported and left undecided.

use super::intrinsics::{Decision, Evaluator, MAX_DEPTH};
use crate::document::Node;
use crate::load::{Value, ValueKind};
use crate::source::Span;

impl Evaluator<'_, '_> {
    /// Whether the condition `name` (named at `span`) holds: `None` when the template alone
    /// does not decide it.
    pub(super) fn decide(&mut self, name: &str, span: Span, depth: usize) -> Option<bool> {
        match self.decisions.get(name) {
            Some(Decision::Done(outcome)) => return *outcome,
            Some(Decision::InProgress) => {
                self.warn(
                    "cfn-condition-cycle",
                    span,
                    format!("condition `{name}` depends on itself"),
                );
                return None;
            }
            None => {}
        }
        let Some(definition) = self
            .template
            .conditions
            .and_then(|conditions| conditions.get(name))
        else {
            self.warn(
                "cfn-unknown-condition",
                span,
                format!("there is no condition `{name}` in the Conditions section"),
            );
            return None;
        };
        self.decisions.insert(name.into(), Decision::InProgress);
        let outer = std::mem::replace(&mut self.in_condition, true);
        let outcome = self.condition_value(definition, depth + 1);
        self.in_condition = outer;
        self.decisions.insert(name.into(), Decision::Done(outcome));
        outcome
    }

    /// The value of a condition function.
    fn condition_value(&mut self, node: &Node, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let Some([entry]) = node.as_map() else {
            self.warn(
                "cfn-bad-condition",
                node.span,
                "a condition must be one condition function",
            );
            return None;
        };
        let operands = entry.value.as_seq().unwrap_or_default();
        match (&*entry.key, operands) {
            ("Fn::Equals", [left, right]) => {
                let left = self.evaluate(left, depth + 1);
                let right = self.evaluate(right, depth + 1);
                Some(constant_text(&left)? == constant_text(&right)?)
            }
            ("Fn::And", operands) if !operands.is_empty() => {
                let outcomes: Vec<Option<bool>> = operands
                    .iter()
                    .map(|operand| self.condition_value(operand, depth + 1))
                    .collect();
                if outcomes.contains(&Some(false)) {
                    Some(false)
                } else if outcomes.iter().all(|outcome| *outcome == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            ("Fn::Or", operands) if !operands.is_empty() => {
                let outcomes: Vec<Option<bool>> = operands
                    .iter()
                    .map(|operand| self.condition_value(operand, depth + 1))
                    .collect();
                if outcomes.contains(&Some(true)) {
                    Some(true)
                } else if outcomes.iter().all(|outcome| *outcome == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            ("Fn::Not", [operand]) => self.condition_value(operand, depth + 1).map(|b| !b),
            ("Condition", _) => match entry.value.as_str() {
                Some(name) => self.decide(name, entry.value.span, depth + 1),
                None => {
                    self.warn("cfn-bad-condition", node.span, "Condition expects a name");
                    None
                }
            },
            (function, _) => {
                self.warn(
                    "cfn-bad-condition",
                    node.span,
                    format!("`{function}` is not a condition function, or has the wrong operands"),
                );
                None
            }
        }
    }
}

/// The text of a value known in full, for comparison (CloudFormation compares strings).
fn constant_text(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::Str(text) | ValueKind::Number(text) => Some(text.to_string()),
        ValueKind::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}
