//! Terms: the graph's form of a loaded value that a rule compares as text (an action, an
//! ARN, a principal, a condition value), keeping what is not known as explicit as the
//! loader left it.
//!
//! A rule engine answers "is this allowed" three-valued: a [`Term::Known`] text decides, a
//! [`Term::Template`] decides only on its literal parts (the partition is the usual
//! symbolic part, and is harmless), a [`Term::Unknown`] leaves the answer open, and a
//! [`Term::OneOf`] is decided branch by branch. [`Possible`] does the same for whole
//! structures (a list of actions, a principal block, a condition block).

use serde::Serialize;

use crate::load::{Pseudo, Reference, TextPart, Value, ValueKind};
use crate::source::Span;

/// A text value of the graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Term {
    /// Text known in full.
    Known(Box<str>),
    /// Text with symbolic parts (`arn:${AWS::Partition}:iam::aws:policy/X`, a whole
    /// reference to another resource's attribute).
    Template(Vec<Segment>),
    /// Text that cannot be known before deployment, with the reason in the user's terms.
    Unknown(Box<str>),
    /// One of several values depending on a condition.
    OneOf(Vec<Term>),
    /// No value in this branch of a condition (appears only inside [`Term::OneOf`]).
    Absent,
}

/// A piece of a [`Term::Template`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Segment {
    /// Literal text.
    Literal(Box<str>),
    /// A pseudo parameter. Terraform's `data.aws_partition.*.partition`,
    /// `data.aws_caller_identity.*.account_id` and `data.aws_region.*.name` arrive here
    /// as [`Pseudo::Partition`], [`Pseudo::AccountId`] and [`Pseudo::Region`].
    Pseudo(Pseudo),
    /// An attribute of another resource of the same input.
    Reference {
        /// The resource's address or logical ID.
        address: Box<str>,
        /// The attribute; `None` for CloudFormation `Ref`.
        attribute: Option<Box<str>>,
    },
    /// A part that cannot be known, with the reason.
    Unknown(Box<str>),
}

/// A term with the place it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Where the value is written.
    pub span: Span,
    /// The value.
    pub term: Term,
}

/// A structured value that may be known, unknown, or depend on a condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Possible<T> {
    /// Known.
    Known(T),
    /// Not knowable before deployment, with the reason.
    Unknown(Box<str>),
    /// One of several values depending on a condition.
    OneOf(Vec<Possible<T>>),
    /// No value in this branch of a condition (appears only inside [`Possible::OneOf`]).
    Absent,
}

impl Term {
    /// The text, when it is known in full.
    pub fn known(&self) -> Option<&str> {
        match self {
            Term::Known(text) => Some(text),
            _ => None,
        }
    }

    /// The term of a loaded value read as text (numbers and booleans as written).
    pub fn from_value(value: &Value) -> Term {
        match &value.kind {
            ValueKind::Str(text) | ValueKind::Number(text) => Term::Known(text.clone()),
            ValueKind::Bool(flag) => Term::Known(if *flag { "true" } else { "false" }.into()),
            ValueKind::Template(parts) => Term::from_parts(parts),
            ValueKind::Reference(reference) => {
                Term::Template(vec![Segment::from_reference(reference)])
            }
            ValueKind::Unknown(unknown) => Term::Unknown(unknown.reason.clone()),
            ValueKind::OneOf(branches) => {
                Term::OneOf(branches.iter().map(Term::from_value).collect())
            }
            ValueKind::Absent => Term::Absent,
            ValueKind::Null => Term::Unknown("no value (null)".into()),
            ValueKind::List(_) => Term::Unknown("a list where text was expected".into()),
            ValueKind::Map(_) => Term::Unknown("a mapping where text was expected".into()),
        }
    }

    /// The term of a template, collapsed to [`Term::Known`] when every part is literal.
    pub(super) fn from_parts(parts: &[TextPart]) -> Term {
        let mut segments: Vec<Segment> = Vec::with_capacity(parts.len());
        for part in parts {
            let segment = match part {
                TextPart::Literal(text) => Segment::Literal(text.clone()),
                TextPart::Pseudo(pseudo) => Segment::Pseudo(*pseudo),
                TextPart::Reference(reference) => Segment::from_reference(reference),
                TextPart::Unknown(unknown) => Segment::Unknown(unknown.reason.clone()),
            };
            // Adjacent literals are joined so that callers can split on literal text.
            match (segments.last_mut(), segment) {
                (Some(Segment::Literal(previous)), Segment::Literal(next)) => {
                    *previous = format!("{previous}{next}").into();
                }
                (_, segment) => segments.push(segment),
            }
        }
        match segments.as_slice() {
            [] => Term::Known("".into()),
            [Segment::Literal(text)] => Term::Known(text.clone()),
            _ => Term::Template(segments),
        }
    }

    /// Every value this term may have, with [`Term::OneOf`] flattened and absent
    /// branches left out.
    pub fn possibilities(&self) -> Vec<&Term> {
        match self {
            Term::OneOf(_) => {}
            Term::Absent => return Vec::new(),
            other => return vec![other],
        }
        let mut out = Vec::new();
        let mut pending = vec![self];
        while let Some(term) = pending.pop() {
            match term {
                Term::OneOf(branches) => pending.extend(branches.iter().rev()),
                Term::Absent => {}
                other => out.push(other),
            }
        }
        out
    }

    /// How the term reads in messages: symbolic parts as `${...}`.
    pub fn display(&self) -> String {
        match self {
            Term::Known(text) => text.to_string(),
            Term::Template(segments) => segments.iter().map(Segment::display).collect(),
            Term::Unknown(reason) => format!("(unknown: {reason})"),
            Term::OneOf(branches) => {
                let shown: Vec<String> = branches.iter().map(Term::display).collect();
                format!("one of [{}]", shown.join(" | "))
            }
            Term::Absent => "(absent)".to_owned(),
        }
    }
}

impl Segment {
    fn from_reference(reference: &Reference) -> Segment {
        let attribute = reference.attribute.as_deref();
        if let Some(pseudo) = terraform_pseudo(&reference.address, attribute) {
            return Segment::Pseudo(pseudo);
        }
        Segment::Reference {
            address: reference.address.clone(),
            attribute: reference.attribute.clone(),
        }
    }

    fn display(&self) -> String {
        match self {
            Segment::Literal(text) => text.to_string(),
            Segment::Pseudo(pseudo) => format!("${{{}}}", pseudo.name()),
            Segment::Reference {
                address,
                attribute: Some(attribute),
            } => {
                format!("${{{address}.{attribute}}}")
            }
            Segment::Reference {
                address,
                attribute: None,
            } => format!("${{{address}}}"),
            Segment::Unknown(_) => "${?}".to_owned(),
        }
    }
}

/// Terraform data sources that only tell where the provider runs; they mean what
/// CloudFormation's pseudo parameters mean.
fn terraform_pseudo(address: &str, attribute: Option<&str>) -> Option<Pseudo> {
    let (mode, resource_type) = crate::graph::arn::address_type(address)?;
    if mode != "data" {
        return None;
    }
    match (resource_type, attribute?) {
        ("aws_partition", "partition") => Some(Pseudo::Partition),
        ("aws_caller_identity", "account_id") => Some(Pseudo::AccountId),
        ("aws_region", "name" | "region") => Some(Pseudo::Region),
        _ => None,
    }
}

impl Text {
    /// The text of a loaded value.
    pub fn from_value(value: &Value) -> Text {
        Text {
            span: value.span,
            term: Term::from_value(value),
        }
    }
}

impl<T> Possible<T> {
    /// Reads `value` with `read` where it is concrete, and keeps conditions, absence and
    /// unknowns (including references and templates where a structure was expected).
    pub fn from_value(value: &Value, read: &mut impl FnMut(&Value) -> Possible<T>) -> Possible<T> {
        match &value.kind {
            ValueKind::OneOf(branches) => Possible::OneOf(
                branches
                    .iter()
                    .map(|branch| Possible::from_value(branch, read))
                    .collect(),
            ),
            ValueKind::Absent => Possible::Absent,
            ValueKind::Unknown(unknown) => Possible::Unknown(unknown.reason.clone()),
            _ => read(value),
        }
    }

    /// Every known value, with conditions flattened and absent branches left out;
    /// `None` when any branch is unknown.
    pub fn known_values(&self) -> Option<Vec<&T>> {
        match self {
            Possible::Known(value) => return Some(vec![value]),
            Possible::Absent => return Some(Vec::new()),
            Possible::Unknown(_) => return None,
            Possible::OneOf(_) => {}
        }
        let mut out = Vec::new();
        let mut pending = vec![self];
        while let Some(possible) = pending.pop() {
            match possible {
                Possible::Known(value) => out.push(value),
                Possible::OneOf(branches) => pending.extend(branches.iter().rev()),
                Possible::Absent => {}
                Possible::Unknown(_) => return None,
            }
        }
        Some(out)
    }
}

/// A list of texts: a list, or a single text standing for a one-item list (IAM lets
/// `"Action": "s3:GetObject"` stand for `["s3:GetObject"]`).
pub fn texts(value: &Value) -> Possible<Vec<Text>> {
    Possible::from_value(value, &mut |value| match &value.kind {
        ValueKind::List(items) => Possible::Known(items.iter().map(Text::from_value).collect()),
        _ => Possible::Known(vec![Text::from_value(value)]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Unknown;

    fn value(kind: ValueKind) -> Value {
        Value::new(Span::new(1, 5), kind)
    }

    #[test]
    fn templates_join_literals_and_collapse_when_fully_literal() {
        let literal = value(ValueKind::Template(vec![
            TextPart::Literal("arn:".into()),
            TextPart::Literal("aws".into()),
        ]));
        assert_eq!(Term::from_value(&literal), Term::Known("arn:aws".into()));
        let partition = value(ValueKind::Template(vec![
            TextPart::Literal("arn:".into()),
            TextPart::Pseudo(Pseudo::Partition),
            TextPart::Literal(":iam::aws:policy/X".into()),
        ]));
        assert_eq!(
            Term::from_value(&partition).display(),
            "arn:${AWS::Partition}:iam::aws:policy/X"
        );
    }

    #[test]
    fn terraform_partition_references_become_the_pseudo_parameter() {
        let reference = |address: &str, attribute: &str| {
            value(ValueKind::Template(vec![TextPart::Reference(Reference {
                address: address.into(),
                attribute: Some(attribute.into()),
                file: None,
            })]))
        };
        let term = Term::from_value(&reference(
            "module.a.data.aws_partition.current",
            "partition",
        ));
        assert_eq!(
            term,
            Term::Template(vec![Segment::Pseudo(Pseudo::Partition)])
        );
        // A managed resource of a similar name is not the data source.
        let term = Term::from_value(&reference("aws_iam_role.partition", "partition"));
        assert!(matches!(term, Term::Template(ref s) if matches!(s[0], Segment::Reference { .. })));
    }

    #[test]
    fn single_text_is_a_one_item_list_and_unknowns_stay_unknown() {
        let single = value(ValueKind::Str("support:*".into()));
        let Possible::Known(items) = texts(&single) else {
            panic!("known")
        };
        assert_eq!(items.len(), 1);
        let unknown = value(ValueKind::Unknown(Box::new(Unknown::new(
            "known after apply",
        ))));
        assert_eq!(
            texts(&unknown),
            Possible::Unknown("known after apply".into())
        );
        assert!(texts(&unknown).known_values().is_none());
    }

    #[test]
    fn conditional_lists_keep_every_branch() {
        let list = value(ValueKind::OneOf(vec![
            value(ValueKind::List(vec![value(ValueKind::Str("a".into()))])),
            value(ValueKind::Absent),
        ]));
        let possible = texts(&list);
        assert!(
            matches!(possible, Possible::OneOf(ref b) if b.len() == 2 && b[1] == Possible::Absent)
        );
        assert_eq!(possible.known_values().map(|v| v.len()), Some(1));
        let term = Term::from_value(&value(ValueKind::OneOf(vec![
            value(ValueKind::Str("x".into())),
            value(ValueKind::Absent),
        ])));
        assert_eq!(term.possibilities(), vec![&Term::Known("x".into())]);
    }
}
