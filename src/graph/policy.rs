//! IAM policy documents in one normalized form, whatever wrote them: a CloudFormation
//! mapping, a JSON string in Terraform, an AWS managed policy embedded in the binary.
//!
//! Normalizing means: `Action`, `Resource` and principal values are always lists (IAM
//! lets a single string stand for a one-item list), principals keep their kind (`AWS`,
//! `Service`, ...), conditions are flat `(operator, key, values)` triples with the
//! operator as written. Nothing is dropped: what is unknown or conditional stays
//! [`Possible`]/[`Term`], and every statement keeps its span so that a finding can point
//! at it.

use serde::Serialize;

use super::action_index::StatementIndex;
use super::resolve::items;
use super::term::{Possible, Term, Text, texts};
use crate::load::terraform::value_from_text;
use crate::load::{TextPart, Value, ValueKind};
use crate::source::Span;

/// A policy document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    /// Where the document (or the string holding it) is written.
    pub span: Span,
    /// Its content, when it can be known.
    pub body: Possible<Body>,
}

/// The content of a known policy document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body {
    /// `Version`, when given.
    pub version: Option<Term>,
    /// The statements in document order; a statement inside a condition is marked
    /// [`Statement::conditional`].
    pub statements: Vec<Statement>,
}

/// One statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    /// Where the statement is written.
    pub span: Span,
    /// Its position among the document's statements, from 0 (stable for fingerprints).
    pub index: usize,
    /// `Sid`, when given.
    pub sid: Option<Term>,
    /// `Effect`.
    pub effect: Possible<Effect>,
    /// `Action`.
    pub action: Option<Possible<Vec<Text>>>,
    /// `NotAction`.
    pub not_action: Option<Possible<Vec<Text>>>,
    /// `Resource`.
    pub resource: Option<Possible<Vec<Text>>>,
    /// `NotResource`.
    pub not_resource: Option<Possible<Vec<Text>>>,
    /// `Principal`.
    pub principal: Option<Possible<Principal>>,
    /// `NotPrincipal`.
    pub not_principal: Option<Possible<Principal>>,
    /// `Condition`, flattened; a statement without one has an empty known list.
    pub condition: Possible<Vec<Condition>>,
    /// Whether the statement exists only in some branches of a condition (`Fn::If` in
    /// the statement list).
    pub conditional: bool,
    /// Its `Action`/`NotAction` items grouped by service, built when first asked.
    #[serde(skip)]
    pub action_index: StatementIndex,
}

/// A statement's effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
    /// Anything else, as written (IAM rejects the policy).
    Invalid(Box<str>),
}

/// A `Principal` or `NotPrincipal` value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Principal {
    /// `"*"`: everyone, authenticated or not.
    Any,
    /// A mapping of principal kinds to values (`{"AWS": [...], "Service": ...}`).
    Entries(Vec<PrincipalEntry>),
    /// A value that is neither `"*"` nor a mapping, as written (IAM rejects it).
    Invalid(Box<str>),
}

/// One kind of principal with its values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrincipalEntry {
    /// Where the kind is written.
    pub span: Span,
    /// The kind.
    pub kind: PrincipalKind,
    /// The values: account IDs, ARNs, `*`, service names, provider names.
    pub values: Possible<Vec<Text>>,
}

/// The kinds of principal IAM knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum PrincipalKind {
    /// `AWS`: accounts, users, roles, sessions, or `*`.
    Aws,
    /// `Service`: AWS service principals.
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`.
    CanonicalUser,
    /// Another key, as written.
    Other(Box<str>),
}

/// One condition test: `operator: {key: values}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// Where the key is written.
    pub span: Span,
    /// The operator as written (`StringEquals`, `ForAnyValue:StringLike`,
    /// `ArnLikeIfExists`, `Null`).
    pub operator: Box<str>,
    /// The condition key as written (`aws:PrincipalOrgID`).
    pub key: Box<str>,
    /// The values.
    pub values: Possible<Vec<Text>>,
}

impl PrincipalKind {
    /// The kind for a key as IAM writes it (`AWS`, `Service`, ...).
    pub fn from_key(key: &str) -> PrincipalKind {
        match key {
            "AWS" => PrincipalKind::Aws,
            "Service" => PrincipalKind::Service,
            "Federated" => PrincipalKind::Federated,
            "CanonicalUser" => PrincipalKind::CanonicalUser,
            other => PrincipalKind::Other(other.into()),
        }
    }
}

impl Effect {
    /// The effect for a text as written.
    pub fn from_text(text: &str) -> Effect {
        match text {
            "Allow" => Effect::Allow,
            "Deny" => Effect::Deny,
            other => Effect::Invalid(other.into()),
        }
    }
}

impl Document {
    /// A document from JSON text that is not a scan input (policies the rules know from
    /// the AWS documentation); every span is `span`.
    pub fn from_json_text(text: &str, span: Span) -> Document {
        match json_text_value(text, span) {
            Ok(value) => read_document(&value).document,
            Err(message) => Document::unknown(span, message),
        }
    }

    /// A document whose content cannot be known, with the reason.
    pub fn unknown(span: Span, reason: impl Into<Box<str>>) -> Document {
        Document {
            span,
            body: Possible::Unknown(reason.into()),
        }
    }

    /// Every statement of a known body (all branches of a conditional body); `None`
    /// when some branch is unknown.
    pub fn statements(&self) -> Option<Vec<&Statement>> {
        let bodies = self.body.known_values()?;
        Some(
            bodies
                .into_iter()
                .flat_map(|body| &body.statements)
                .collect(),
        )
    }
}

/// A document read from a loaded value, and the JSON error when the value was a string
/// that does not parse.
pub struct ReadDocument {
    /// The document (unknown when the JSON was invalid).
    pub document: Document,
    /// The JSON parser's message, when a string did not parse.
    pub invalid_json: Option<String>,
}

/// Reads a policy document from a loaded value: a mapping, or a string holding JSON
/// (Terraform's policy attributes, CloudFormation's `Json` properties written as text).
pub fn read_document(value: &Value) -> ReadDocument {
    let mut invalid_json = None;
    let body = Possible::from_value(value, &mut |value| match &value.kind {
        ValueKind::Str(text) => match json_text_value(text, value.span) {
            Ok(parsed) => body(&parsed),
            Err(message) => {
                let reason = format!("the policy is not valid JSON: {message}");
                invalid_json = Some(message);
                Possible::Unknown(reason.into())
            }
        },
        ValueKind::Map(_) => body(value),
        ValueKind::Template(parts) => match json_template_value(parts, value.span) {
            Some(parsed) => body(&parsed),
            None => Possible::Unknown("the policy text is not known before deployment".into()),
        },
        ValueKind::Reference(_) => {
            Possible::Unknown("the policy text is not known before deployment".into())
        }
        _ => Possible::Unknown("the policy is neither a mapping nor JSON text".into()),
    });
    ReadDocument {
        document: Document {
            span: value.span,
            body,
        },
        invalid_json,
    }
}

/// Parses JSON text into a loaded value in which everything has `span`: the text is one
/// string in its file, so that is the most precise place there is. A mapping's keys are
/// in order of their text and a key written twice keeps its last value, as serde_json's
/// own maps have them.
pub fn json_text_value(text: &str, span: Span) -> Result<Value, String> {
    let mut value = value_from_text(text, span).map_err(|error| error.to_string())?;
    order_keys(&mut value);
    Ok(value)
}

/// Sorts every mapping in `value` by key, the last of a key written twice kept; by a
/// stack, since JSON nests as deep as its writer liked.
fn order_keys(value: &mut Value) {
    let mut work = vec![value];
    while let Some(value) = work.pop() {
        match &mut value.kind {
            ValueKind::Map(fields) => {
                fields.sort_by(|a, b| a.key.cmp(&b.key));
                fields.dedup_by(|later, earlier| {
                    let same = later.key == earlier.key;
                    if same {
                        std::mem::swap(later, earlier);
                    }
                    same
                });
                work.extend(fields.iter_mut().map(|field| &mut field.value));
            }
            ValueKind::List(items) => work.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// The first of the private-use characters that stand for symbolic parts while JSON text
/// with such parts is parsed (U+F0000 onwards: plane 15, never in a policy).
const PLACEHOLDER_BASE: u32 = 0xF_0000;

/// Parses JSON text with symbolic parts (a policy built with `templatefile` or `Fn::Sub`
/// around an ARN's partition and account): each part stands in as one placeholder
/// character inside a JSON string, and every string holding placeholders becomes a
/// template of the parts again. `None` when a part is not inside a string, or the text is
/// not JSON even so.
fn json_template_value(parts: &[TextPart], span: Span) -> Option<Value> {
    let mut text = String::new();
    let mut symbolic = Vec::new();
    for part in parts {
        match part {
            TextPart::Literal(literal) => text.push_str(literal),
            other => {
                let index = u32::try_from(symbolic.len()).ok()?;
                text.push(char::from_u32(PLACEHOLDER_BASE + index).filter(|_| index < 0xFFFD)?);
                symbolic.push(other);
            }
        }
    }
    let mut parsed = json_text_value(&text, span).ok()?;
    let mut complete = true;
    restore_parts(&mut parsed, &symbolic, &mut complete);
    complete.then_some(parsed)
}

/// Turns the placeholder characters of [`json_template_value`] back into their parts;
/// `complete` turns false when one sits where no string is (a key, say).
fn restore_parts(value: &mut Value, symbolic: &[&TextPart], complete: &mut bool) {
    let is_placeholder =
        |c: char| (PLACEHOLDER_BASE..PLACEHOLDER_BASE + 0xFFFD).contains(&u32::from(c));
    match &mut value.kind {
        ValueKind::Str(text) if text.chars().any(is_placeholder) => {
            let mut parts = Vec::new();
            let mut literal = String::new();
            for c in text.chars() {
                if is_placeholder(c) {
                    if !literal.is_empty() {
                        parts.push(TextPart::Literal(std::mem::take(&mut literal).into()));
                    }
                    match symbolic.get((u32::from(c) - PLACEHOLDER_BASE) as usize) {
                        Some(part) => parts.push((*part).clone()),
                        None => *complete = false,
                    }
                } else {
                    literal.push(c);
                }
            }
            if !literal.is_empty() {
                parts.push(TextPart::Literal(literal.into()));
            }
            value.kind = ValueKind::Template(parts);
        }
        ValueKind::List(items) => {
            for item in items {
                restore_parts(item, symbolic, complete);
            }
        }
        ValueKind::Map(fields) => {
            for field in fields {
                if field.key.chars().any(is_placeholder) {
                    *complete = false;
                }
                restore_parts(&mut field.value, symbolic, complete);
            }
        }
        _ => {}
    }
}

/// The body of a document given as a mapping.
fn body(document: &Value) -> Possible<Body> {
    if document.as_map().is_none() {
        return Possible::Unknown("the policy is not a JSON object".into());
    }
    let version = document.get("Version").map(Term::from_value);
    let mut statements = Vec::new();
    if let Some(listed) = document.get("Statement") {
        // Statements arrive as a list, a single mapping, or conditions over either.
        let listed = items(listed);
        // The graph keeps every statement for the scan: no room to spare.
        statements.reserve_exact(listed.len());
        for (value, conditional) in listed {
            match &value.kind {
                ValueKind::Map(_) => {
                    statements.push(statement(value, statements.len(), conditional))
                }
                ValueKind::Unknown(unknown) => return Possible::Unknown(unknown.reason.clone()),
                _ => return Possible::Unknown("a statement is not known before deployment".into()),
            }
        }
    }
    Possible::Known(Body {
        version,
        statements,
    })
}

fn statement(value: &Value, index: usize, conditional: bool) -> Statement {
    let list = |key: &str| value.get(key).map(texts);
    let principal = |key: &str| value.get(key).map(principal);
    Statement {
        span: value.span,
        index,
        sid: value.get("Sid").map(Term::from_value),
        effect: value.get("Effect").map_or_else(
            || Possible::Known(Effect::Invalid("".into())),
            |effect| {
                Possible::from_value(effect, &mut |effect| match &effect.kind {
                    ValueKind::Str(text) => Possible::Known(Effect::from_text(text)),
                    _ => Possible::Unknown("the effect is not known before deployment".into()),
                })
            },
        ),
        action: list("Action"),
        not_action: list("NotAction"),
        resource: list("Resource"),
        not_resource: list("NotResource"),
        principal: principal("Principal"),
        not_principal: principal("NotPrincipal"),
        condition: value
            .get("Condition")
            .map_or(Possible::Known(Vec::new()), conditions),
        conditional,
        action_index: StatementIndex::default(),
    }
}

fn principal(value: &Value) -> Possible<Principal> {
    Possible::from_value(value, &mut |value| match &value.kind {
        ValueKind::Str(text) if &**text == "*" => Possible::Known(Principal::Any),
        ValueKind::Map(fields) => Possible::Known(Principal::Entries(
            fields
                .iter()
                .map(|field| PrincipalEntry {
                    span: field.key_span,
                    kind: PrincipalKind::from_key(&field.key),
                    values: texts(&field.value),
                })
                .collect(),
        )),
        ValueKind::Str(text) => Possible::Known(Principal::Invalid(text.clone())),
        _ => Possible::Unknown("the principal is not known before deployment".into()),
    })
}

fn conditions(value: &Value) -> Possible<Vec<Condition>> {
    Possible::from_value(value, &mut |value| {
        let Some(operators) = value.as_map() else {
            return Possible::Unknown("the condition block is not known before deployment".into());
        };
        // Most statements test one key: a list grown by pushing would hold four.
        let count = operators
            .iter()
            .map(|operator| operator.value.as_map().map_or(0, <[_]>::len))
            .sum();
        let mut out = Vec::with_capacity(count);
        for operator in operators {
            let Some(keys) = operator.value.as_map() else {
                let reason = format!(
                    "the `{}` condition is not known before deployment",
                    operator.key
                );
                return Possible::Unknown(reason.into());
            };
            out.extend(keys.iter().map(|key| Condition {
                span: key.key_span,
                operator: operator.key.clone(),
                key: key.key.clone(),
                values: texts(&key.value),
            }));
        }
        Possible::Known(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_support::value;
    use serde_json::json;

    fn known_body(document: &Document) -> &Body {
        match &document.body {
            Possible::Known(body) => body,
            other => panic!("expected a known body, got {other:?}"),
        }
    }

    fn items(list: &Option<Possible<Vec<Text>>>) -> Vec<String> {
        match list {
            Some(Possible::Known(items)) => items.iter().map(|t| t.term.display()).collect(),
            other => panic!("expected a known list, got {other:?}"),
        }
    }

    #[test]
    fn json_text_keys_are_ordered_and_a_key_written_twice_keeps_its_last_value() {
        let span = Span::new(3, 9);
        let value = json_text_value(
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "a", "Effect": "Deny", "Sid": "b", "Action": {"z": 1, "a": [{"y": 2, "b": 3}]}}]}"#,
            span,
        )
        .unwrap();
        let keys = |value: &Value| -> Vec<String> {
            value
                .as_map()
                .unwrap()
                .iter()
                .map(|f| f.key.to_string())
                .collect()
        };
        assert_eq!(keys(&value), ["Statement", "Version"]);
        let statement = &value.get("Statement").unwrap().as_list().unwrap()[0];
        assert_eq!(keys(statement), ["Action", "Effect", "Sid"]);
        assert_eq!(statement.get("Sid").unwrap().as_str(), Some("b"));
        let action = statement.get("Action").unwrap();
        assert_eq!(keys(action), ["a", "z"]);
        let inner = &action.get("a").unwrap().as_list().unwrap()[0];
        assert_eq!(keys(inner), ["b", "y"]);
        assert_eq!(inner.span, span);
        assert!(json_text_value(r#"{"Version": "2012-10-17"} x"#, span).is_err());
        assert!(json_text_value(r#"{"Version": "#, span).is_err());
        // serde_json's nesting limit holds; under it, any depth is read without recursion.
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(json_text_value(&nested(100), span).is_ok());
        assert!(json_text_value(&nested(10_000), span).is_err());
    }

    #[test]
    fn json_text_with_symbolic_parts_inside_strings_is_read() {
        use crate::load::{Pseudo, Reference};
        let text = |t: &str| TextPart::Literal(t.into());
        let partition = TextPart::Pseudo(Pseudo::Partition);
        let account = TextPart::Reference(Reference::local(
            "data.aws_caller_identity.current",
            Some("account_id".into()),
        ));
        let policy = Value::new(
            Span::default(),
            ValueKind::Template(vec![
                text(
                    r#"{"Statement": [{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:"#,
                ),
                partition.clone(),
                text(":iam::"),
                account.clone(),
                text(r#":role/aws-service-role/x"}]}"#),
            ]),
        );
        let document = read_document(&policy).document;
        let statement = &known_body(&document).statements[0];
        let Some(Possible::Known(resources)) = &statement.resource else {
            panic!("resources: {:?}", statement.resource)
        };
        assert_eq!(
            resources[0].term.display(),
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/x"
        );
        // A part where no string is (a whole value, a key) leaves the document unknown.
        let outside = Value::new(
            Span::default(),
            ValueKind::Template(vec![text(r#"{"Statement": "#), account, text("}")]),
        );
        assert!(matches!(
            read_document(&outside).document.body,
            Possible::Unknown(_)
        ));
    }

    #[test]
    fn single_strings_become_lists_and_fields_are_kept() {
        let document = read_document(&value(json!({
            "Version": "2012-10-17",
            "Statement": {"Sid": "S", "Effect": "Allow", "Action": "support:*", "Resource": "*"}
        })))
        .document;
        let body = known_body(&document);
        assert_eq!(body.version, Some(Term::Known("2012-10-17".into())));
        let [statement] = body.statements.as_slice() else {
            panic!("one statement")
        };
        assert_eq!(statement.sid, Some(Term::Known("S".into())));
        assert_eq!(statement.effect, Possible::Known(Effect::Allow));
        assert_eq!(items(&statement.action), ["support:*"]);
        assert_eq!(items(&statement.resource), ["*"]);
        assert!(statement.not_action.is_none());
        assert_eq!(statement.condition, Possible::Known(Vec::new()));
    }

    #[test]
    fn not_action_and_not_principal_are_their_own_fields() {
        let document = read_document(&value(json!({"Statement": [
            {"Effect": "Deny", "NotAction": ["iam:*"], "NotResource": "arn:aws:s3:::b",
             "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}
        ]})))
        .document;
        let statement = &known_body(&document).statements[0];
        assert_eq!(statement.effect, Possible::Known(Effect::Deny));
        assert_eq!(items(&statement.not_action), ["iam:*"]);
        assert_eq!(items(&statement.not_resource), ["arn:aws:s3:::b"]);
        assert!(statement.action.is_none() && statement.principal.is_none());
        let Some(Possible::Known(Principal::Entries(entries))) = &statement.not_principal else {
            panic!("entries")
        };
        assert_eq!(entries[0].kind, PrincipalKind::Aws);
    }

    #[test]
    fn principals_in_every_form() {
        let document = read_document(&value(json!({"Statement": [
            {"Effect": "Allow", "Principal": "*"},
            {"Effect": "Allow", "Principal": {"AWS": "*"}},
            {"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:role/R"]}},
            {"Effect": "Allow", "Principal": {"Service": "supportapp.amazonaws.com"}},
            {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}},
            {"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbaced"}},
            {"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root"}
        ]})))
        .document;
        let statements = &known_body(&document).statements;
        assert_eq!(
            statements[0].principal,
            Some(Possible::Known(Principal::Any))
        );
        let kinds: Vec<(PrincipalKind, usize)> = statements[1..6]
            .iter()
            .map(|s| match &s.principal {
                Some(Possible::Known(Principal::Entries(e))) => match &e[0].values {
                    Possible::Known(values) => (e[0].kind.clone(), values.len()),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (PrincipalKind::Aws, 1),
                (PrincipalKind::Aws, 2),
                (PrincipalKind::Service, 1),
                (PrincipalKind::Federated, 1),
                (PrincipalKind::CanonicalUser, 1)
            ]
        );
        assert!(matches!(
            statements[6].principal,
            Some(Possible::Known(Principal::Invalid(_)))
        ));
    }

    #[test]
    fn conditions_are_flat_triples_with_operators_as_written() {
        // Parsed JSON objects come in key order (serde_json without `preserve_order`).
        let document = read_document(&value(
            json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:PrincipalOrgID": "o-abc", "aws:SourceAccount": ["1", "2"]},
                "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc/*"},
                "ArnLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}
            }}]}),
        ))
        .document;
        let Possible::Known(conditions) = &known_body(&document).statements[0].condition else {
            panic!()
        };
        let triples: Vec<(&str, &str)> =
            conditions.iter().map(|c| (&*c.operator, &*c.key)).collect();
        assert_eq!(
            triples,
            [
                ("ArnLikeIfExists", "aws:PrincipalArn"),
                ("ForAnyValue:StringLike", "aws:PrincipalOrgPaths"),
                ("StringEquals", "aws:PrincipalOrgID"),
                ("StringEquals", "aws:SourceAccount")
            ]
        );
        assert!(matches!(&conditions[3].values, Possible::Known(v) if v.len() == 2));
    }

    #[test]
    fn json_strings_parse_and_invalid_json_is_unknown_with_the_error() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["support:*"],"Resource":"*"}]}"#;
        let read = read_document(&value(json!(text)));
        assert!(read.invalid_json.is_none());
        assert_eq!(known_body(&read.document).statements.len(), 1);
        let read = read_document(&value(json!("{\"Statement\": [")));
        assert!(read.invalid_json.is_some());
        assert!(
            matches!(read.document.body, Possible::Unknown(ref r) if r.contains("not valid JSON"))
        );
        let read = read_document(&value(json!("[1, 2]")));
        assert!(read.invalid_json.is_none());
        assert!(matches!(read.document.body, Possible::Unknown(_)));
    }

    #[test]
    fn conditional_statements_and_unknown_parts_stay_visible() {
        let mut document = value(json!({"Statement": [{"Effect": "Allow", "Action": "a:b"}]}));
        let ValueKind::Map(fields) = &mut document.kind else {
            panic!()
        };
        let ValueKind::List(statements) = &mut fields[0].value.kind else {
            panic!()
        };
        let conditional = Value::new(
            Span::default(),
            ValueKind::OneOf(vec![
                value(json!({"Effect": "Allow", "Action": "iam:*"})),
                Value::new(Span::default(), ValueKind::Absent),
            ]),
        );
        statements.push(conditional);
        statements.push(value(
            json!({"Effect": "Allow", "Action": "x:y", "Condition": {"Bool": "oops"}}),
        ));
        let document = read_document(&document).document;
        let statements = &known_body(&document).statements;
        assert_eq!(statements.len(), 3);
        assert!(
            !statements[0].conditional && statements[1].conditional && !statements[2].conditional
        );
        assert_eq!(
            statements.iter().map(|s| s.index).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert!(matches!(statements[2].condition, Possible::Unknown(_)));
        let unknown = Value::new(
            Span::default(),
            ValueKind::Unknown(Box::new(crate::load::Unknown::new("known after apply"))),
        );
        assert_eq!(
            read_document(&unknown).document.body,
            Possible::Unknown("known after apply".into())
        );
        assert!(read_document(&unknown).document.statements().is_none());
    }
}
