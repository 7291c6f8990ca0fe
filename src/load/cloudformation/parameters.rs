//! Template parameters: what a `Ref` to a parameter evaluates to.
//!
//! Decision: a parameter's `Default` counts as the deployed value. A stack may override it,
//! but a template read without its deployment's parameter file can only be judged on what
//! it says, and a default is what the author declared as the normal case. A parameter
//! without a default is unknown (or one of its `AllowedValues`), and SSM-typed parameters
//! are unknown whatever their default says, since the default names an SSM parameter, not
//! the value. Conditions are stricter: see [`super::conditions`].

use crate::document::{Node, NodeValue};
use crate::load::{Unknown, Value, ValueKind};
use crate::source::Span;
use std::collections::HashMap;

/// One declared parameter.
#[derive(Debug)]
pub(super) struct Parameter<'a> {
    name: &'a str,
    type_name: &'a str,
    default: Option<&'a Node>,
    allowed_values: Option<&'a [Node]>,
    /// The value a parent stack passes (already carried into this template's input).
    passed: Option<Value>,
}

/// The `Parameters` section, by name.
#[derive(Debug, Default)]
pub(super) struct Parameters<'a> {
    by_name: HashMap<&'a str, Parameter<'a>>,
}

impl<'a> Parameters<'a> {
    /// Reads the `Parameters` section of a template (absent or malformed: no parameters;
    /// a parameter that is not a mapping still exists, with no type and no default).
    pub(super) fn from_section(section: Option<&'a Node>) -> Parameters<'a> {
        let by_name = section
            .and_then(Node::as_map)
            .unwrap_or_default()
            .iter()
            .map(|entry| {
                let declaration = &entry.value;
                let parameter = Parameter {
                    name: &entry.key,
                    type_name: declaration.get("Type").and_then(Node::as_str).unwrap_or(""),
                    default: declaration.get("Default"),
                    allowed_values: declaration.get("AllowedValues").and_then(Node::as_seq),
                    passed: None,
                };
                (&*entry.key, parameter)
            })
            .collect();
        Parameters { by_name }
    }

    /// These parameters with the values a parent stack passes to them (by name; a name
    /// the template does not declare is ignored, as CloudFormation refuses it).
    pub(super) fn with_passed(mut self, passed: Vec<(Box<str>, Value)>) -> Parameters<'a> {
        for (name, value) in passed {
            if let Some(parameter) = self.by_name.get_mut(&*name) {
                parameter.passed = Some(value);
            }
        }
        self
    }

    /// The parameter called `name`, if declared.
    pub(super) fn get(&self, name: &str) -> Option<&Parameter<'a>> {
        self.by_name.get(name)
    }
}

impl Parameter<'_> {
    /// The value a `Ref` to this parameter stands for, placed at `span` (the `Ref`).
    pub(super) fn value(&self, span: Span) -> Value {
        let kind = if let Some(ssm_type) = self.ssm_value_type() {
            let source = match self.default.and_then(Node::scalar_text) {
                Some(name) => format!("SSM parameter `{name}`"),
                None => format!("an SSM parameter named by parameter `{}`", self.name),
            };
            ValueKind::Unknown(Box::new(Unknown::new(format!(
                "resolved from {source} at deploy time ({ssm_type})"
            ))))
        } else if let Some(passed) = &self.passed {
            return self.passed_value(passed, span);
        } else if let Some(default) = self.default {
            self.default_value(default, span)
        } else if let Some(allowed) = self.allowed_values.filter(|_| !self.is_list()) {
            let choices: Option<Vec<Value>> = allowed
                .iter()
                .map(|value| {
                    let text = value.scalar_text()?;
                    Some(Value::new(span, ValueKind::Str(text.into())))
                })
                .collect();
            match choices {
                Some(choices) if !choices.is_empty() => ValueKind::OneOf(choices),
                _ => self.no_default(),
            }
        } else {
            self.no_default()
        };
        Value::new(span, kind)
    }

    /// The items of a list parameter's default, for `Fn::ForEach` collections.
    pub(super) fn default_items(&self) -> Option<Vec<String>> {
        if self.ssm_value_type().is_some() {
            return None;
        }
        let default = self.default?;
        if let Some(items) = default.as_seq() {
            return items
                .iter()
                .map(|item| item.scalar_text().map(Into::into))
                .collect();
        }
        let text = default.scalar_text()?;
        if self.is_list() {
            Some(split_list(&text))
        } else {
            Some(vec![text.into_owned()])
        }
    }

    fn default_value(&self, default: &Node, span: Span) -> ValueKind {
        // CloudFormation takes parameter values as strings; a YAML list default is accepted
        // by some tools, so its items are read the same way.
        if let NodeValue::Seq(items) = &default.value {
            let texts: Option<Vec<Value>> = items
                .iter()
                .map(|item| Some(Value::new(span, ValueKind::Str(item.scalar_text()?.into()))))
                .collect();
            return match texts {
                Some(texts) => ValueKind::List(texts),
                None => self.malformed_default(),
            };
        }
        let Some(text) = default.scalar_text() else {
            return self.malformed_default();
        };
        if self.is_list() {
            let items = split_list(&text)
                .into_iter()
                .map(|item| Value::new(span, ValueKind::Str(item.into())))
                .collect();
            ValueKind::List(items)
        } else {
            ValueKind::Str(text.into())
        }
    }

    /// What a parent passes, placed at the `Ref`: parameter values are strings, so a list
    /// parameter given a known string splits it on commas.
    fn passed_value(&self, passed: &Value, span: Span) -> Value {
        match &passed.kind {
            ValueKind::Str(text) if self.is_list() => {
                let items = split_list(text)
                    .into_iter()
                    .map(|item| Value::new(span, ValueKind::Str(item.into())))
                    .collect();
                Value::new(span, ValueKind::List(items))
            }
            _ => passed.placed_at(span),
        }
    }

    fn is_list(&self) -> bool {
        self.type_name == "CommaDelimitedList" || self.type_name.starts_with("List<")
    }

    fn ssm_value_type(&self) -> Option<&str> {
        self.type_name
            .starts_with("AWS::SSM::Parameter::Value<")
            .then_some(self.type_name)
    }

    fn no_default(&self) -> ValueKind {
        ValueKind::Unknown(Box::new(Unknown::new(format!(
            "parameter `{}` has no default",
            self.name
        ))))
    }

    fn malformed_default(&self) -> ValueKind {
        ValueKind::Unknown(Box::new(Unknown::new(format!(
            "parameter `{}` has a default that is not a string",
            self.name
        ))))
    }
}

/// Splits a `CommaDelimitedList` value the way CloudFormation does: on commas, with the
/// spaces around each item dropped.
fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(|item| item.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::cloudformation::testing::node;

    fn value_of(section: &str, name: &str) -> ValueKind {
        let section = node(section);
        let parameters = Parameters::from_section(Some(&section));
        parameters.get(name).unwrap().value(Span::default()).kind
    }

    fn str_value(text: &str) -> Value {
        Value::new(Span::default(), ValueKind::Str(text.into()))
    }

    #[test]
    fn default_is_the_value() {
        let kind = value_of(
            r#"{"P": {"Type": "String", "Default": "AWSSupportAccess"}}"#,
            "P",
        );
        assert_eq!(kind, ValueKind::Str("AWSSupportAccess".into()));
    }

    #[test]
    fn number_default_keeps_its_text() {
        let kind = value_of(r#"{"P": {"Type": "Number", "Default": 12}}"#, "P");
        assert_eq!(kind, ValueKind::Str("12".into()));
    }

    #[test]
    fn list_types_split_on_commas() {
        for type_name in ["CommaDelimitedList", "List<AWS::EC2::Subnet::Id>"] {
            let section = format!(r#"{{"P": {{"Type": "{type_name}", "Default": "a, b ,c"}}}}"#);
            let kind = value_of(&section, "P");
            let expected = vec![str_value("a"), str_value("b"), str_value("c")];
            assert_eq!(kind, ValueKind::List(expected));
        }
    }

    #[test]
    fn string_type_with_commas_is_not_split() {
        let kind = value_of(r#"{"P": {"Type": "String", "Default": "a,b"}}"#, "P");
        assert_eq!(kind, ValueKind::Str("a,b".into()));
    }

    #[test]
    fn allowed_values_without_default_are_the_choices() {
        let kind = value_of(
            r#"{"P": {"Type": "String", "AllowedValues": ["x", "y"]}}"#,
            "P",
        );
        assert_eq!(kind, ValueKind::OneOf(vec![str_value("x"), str_value("y")]));
    }

    #[test]
    fn no_default_is_unknown() {
        let kind = value_of(r#"{"P": {"Type": "String"}}"#, "P");
        assert_eq!(
            kind,
            ValueKind::Unknown(Box::new(Unknown::new("parameter `P` has no default")))
        );
    }

    #[test]
    fn ssm_parameters_are_unknown_even_with_a_default() {
        let kind = value_of(
            r#"{"P": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk/version"}}"#,
            "P",
        );
        let ValueKind::Unknown(unknown) = kind else {
            panic!("expected unknown, got {kind:?}")
        };
        assert!(unknown.reason.contains("SSM parameter `/cdk/version`"));
    }

    #[test]
    fn a_value_the_parent_passes_wins_over_the_default() {
        let section = node(
            r#"{"Role": {"Type": "String", "Default": "Fallback"},
                "Names": {"Type": "CommaDelimitedList"},
                "Ssm": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/x"}}"#,
        );
        let parameters = Parameters::from_section(Some(&section)).with_passed(vec![
            ("Role".into(), str_value("SupportRole")),
            ("Names".into(), str_value("a,b")),
            ("Ssm".into(), str_value("/y")),
            ("Undeclared".into(), str_value("ignored")),
        ]);
        let at = Span::new(3, 7);
        let role = parameters.get("Role").unwrap().value(at);
        assert_eq!(role, Value::new(at, ValueKind::Str("SupportRole".into())));
        let names = parameters.get("Names").unwrap().value(Span::default()).kind;
        assert_eq!(names, ValueKind::List(vec![str_value("a"), str_value("b")]));
        let ssm = parameters.get("Ssm").unwrap().value(Span::default()).kind;
        assert!(
            matches!(ssm, ValueKind::Unknown(_)),
            "an SSM name, not the value"
        );
        assert!(parameters.get("Undeclared").is_none());
    }

    #[test]
    fn map_default_is_unknown() {
        let kind = value_of(r#"{"P": {"Type": "String", "Default": {"a": 1}}}"#, "P");
        assert!(matches!(kind, ValueKind::Unknown(_)));
    }

    #[test]
    fn default_items_for_collections() {
        let section = node(
            r#"{"L": {"Type": "CommaDelimitedList", "Default": "a,b"},
                "S": {"Type": "AWS::SSM::Parameter::Value<List<String>>", "Default": "/x"},
                "N": {"Type": "String"}}"#,
        );
        let parameters = Parameters::from_section(Some(&section));
        let items = parameters.get("L").unwrap().default_items();
        assert_eq!(items, Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(parameters.get("S").unwrap().default_items(), None);
        assert_eq!(parameters.get("N").unwrap().default_items(), None);
        assert!(parameters.get("Missing").is_none());
    }
}
