//! Loaded values: a resource's properties after the loader has evaluated what the input
//! language lets it evaluate (CloudFormation intrinsic functions, Terraform values unknown
//! at plan time followed through configuration references).
//!
//! What cannot be known stays explicit ([`ValueKind::Unknown`]), references to other
//! resources stay references ([`ValueKind::Reference`]) for the graph to resolve, and a
//! value that depends on a condition lists every possibility ([`ValueKind::OneOf`]).
//! Nothing here is a guess.

use crate::source::{FileId, Span};

/// A property value with the span of the text that produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Where the value (or the expression that computed it) is written.
    pub span: Span,
    /// The value.
    pub kind: ValueKind,
}

/// What a loaded value is.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// An explicit null.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number as written.
    Number(Box<str>),
    /// A string known in full.
    Str(Box<str>),
    /// A string with symbolic parts (`arn:${AWS::Partition}:iam::aws:policy/X`).
    Template(Vec<TextPart>),
    /// A list.
    List(Vec<Value>),
    /// A mapping in document order.
    Map(Vec<Field>),
    /// The value of another resource of the same input (a role's name or ARN, ...);
    /// boxed, like [`ValueKind::Unknown`], so that every value takes 40 bytes, not 48.
    Reference(Box<Reference>),
    /// One of several values, depending on a condition (`Fn::If`, conditional resources).
    OneOf(Vec<Value>),
    /// No value at all in one branch of a condition (`AWS::NoValue`).
    Absent,
    /// A value that cannot be known before deployment.
    Unknown(Box<Unknown>),
}

/// One key of a loaded mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The key.
    pub key: Box<str>,
    /// Where the key is written.
    pub key_span: Span,
    /// The value.
    pub value: Value,
}

/// A piece of a [`ValueKind::Template`] string.
#[derive(Clone, Debug, PartialEq)]
pub enum TextPart {
    /// Literal text.
    Literal(Box<str>),
    /// A CloudFormation pseudo parameter.
    Pseudo(Pseudo),
    /// The value of another resource's attribute.
    Reference(Reference),
    /// A part that cannot be known.
    Unknown(Unknown),
}

impl TextPart {
    /// The bytes of literal text among `parts` (what a string built of them costs at least).
    pub fn literal_bytes(parts: &[TextPart]) -> usize {
        parts
            .iter()
            .map(|part| match part {
                TextPart::Literal(text) => text.len(),
                _ => 0,
            })
            .sum()
    }
}

/// CloudFormation pseudo parameters that stay symbolic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Pseudo {
    /// `AWS::Partition`: `aws`, `aws-cn`, `aws-us-gov`, ... (partition-agnostic).
    Partition,
    /// `AWS::AccountId`.
    AccountId,
    /// `AWS::Region`.
    Region,
    /// `AWS::URLSuffix`.
    UrlSuffix,
    /// `AWS::StackName`.
    StackName,
    /// `AWS::StackId`.
    StackId,
    /// `AWS::NotificationARNs`.
    NotificationArns,
}

impl Pseudo {
    /// Every pseudo parameter.
    pub const ALL: [Pseudo; 7] = [
        Pseudo::Partition,
        Pseudo::AccountId,
        Pseudo::Region,
        Pseudo::UrlSuffix,
        Pseudo::StackName,
        Pseudo::StackId,
        Pseudo::NotificationArns,
    ];

    /// How messages show it, as a person writes a placeholder
    /// (`arn:<partition>:iam::<account>:root`).
    pub fn placeholder(self) -> &'static str {
        match self {
            Pseudo::Partition => "<partition>",
            Pseudo::AccountId => "<account>",
            Pseudo::Region => "<region>",
            Pseudo::UrlSuffix => "<url-suffix>",
            Pseudo::StackName => "<stack-name>",
            Pseudo::StackId => "<stack-id>",
            Pseudo::NotificationArns => "<notification-arns>",
        }
    }

    /// The name as written in templates (`AWS::Partition`).
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::Partition => "AWS::Partition",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Region => "AWS::Region",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
        }
    }

    /// The pseudo parameter named `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Some(match name {
            "AWS::Partition" => Pseudo::Partition,
            "AWS::AccountId" => Pseudo::AccountId,
            "AWS::Region" => Pseudo::Region,
            "AWS::URLSuffix" => Pseudo::UrlSuffix,
            "AWS::StackName" => Pseudo::StackName,
            "AWS::StackId" => Pseudo::StackId,
            "AWS::NotificationARNs" => Pseudo::NotificationArns,
            _ => return None,
        })
    }
}

/// A reference to an attribute of another resource in the same input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The resource's address: Terraform instance address (`module.a.aws_iam_role.r["k"]`)
    /// or CloudFormation logical ID.
    pub address: Box<str>,
    /// The attribute (`arn`, `name`, `Arn`); `None` for CloudFormation `Ref`.
    pub attribute: Option<Box<str>>,
    /// The input that declares the resource, when it is another input of the scan than the
    /// value's own (a CloudFormation export imported, a parameter a parent stack passes to
    /// a nested stack, a nested stack's output); `None` for the value's own input.
    pub file: Option<FileId>,
}

impl Reference {
    /// The reference as Terraform code writes it: `aws_iam_role.r.arn`, or the address
    /// alone without an attribute.
    pub fn written(&self) -> String {
        match &self.attribute {
            Some(attribute) => format!("{}.{attribute}", self.address),
            None => self.address.to_string(),
        }
    }

    /// A reference to `address` (and `attribute`) in the value's own input.
    pub fn local(address: impl Into<Box<str>>, attribute: Option<Box<str>>) -> Reference {
        Reference {
            address: address.into(),
            attribute,
            file: None,
        }
    }
}

/// Why a value cannot be known.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unknown {
    /// In the user's terms: "known only after apply", "parameter `RoleArn` has no default",
    /// "imported from another stack (`Fn::ImportValue`)".
    pub reason: Box<str>,
    /// The export name, when the value is a CloudFormation `Fn::ImportValue` that another
    /// input of the scan may export (resolved once every input is loaded).
    pub import: Option<Box<str>>,
}

impl Unknown {
    /// An unknown with `reason`.
    pub fn new(reason: impl Into<Box<str>>) -> Unknown {
        Unknown {
            reason: reason.into(),
            import: None,
        }
    }

    /// The value of `Fn::ImportValue` of the export called `name`, before the scan's
    /// exports are known.
    pub fn import(name: &str) -> Unknown {
        Unknown {
            reason: format!("imported from another stack (Fn::ImportValue `{name}`)").into(),
            import: Some(name.into()),
        }
    }
}

impl Value {
    /// A value at `span`.
    pub fn new(span: Span, kind: ValueKind) -> Value {
        Value { span, kind }
    }

    /// The value of key `key` if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.field(key).map(|field| &field.value)
    }

    /// The field of key `key` if this is a mapping that has it.
    pub fn field(&self, key: &str) -> Option<&Field> {
        match &self.kind {
            ValueKind::Map(fields) => fields.iter().find(|field| &*field.key == key),
            _ => None,
        }
    }

    /// The string made of `parts`, at `span`: literal text merged; a string that is only
    /// one symbolic part is that part itself (`${Role.Arn}` is the reference, not a string
    /// holding it).
    pub fn from_text_parts(parts: Vec<TextPart>, span: Span) -> Value {
        let mut merged: Vec<TextPart> = Vec::with_capacity(parts.len());
        // Literal text is gathered in one buffer until a symbolic part ends it, so that
        // merging many pieces costs their total length, not its square.
        let mut literal = String::new();
        for part in parts {
            match part {
                TextPart::Literal(text) => literal.push_str(&text),
                part => {
                    if !literal.is_empty() {
                        merged.push(TextPart::Literal(std::mem::take(&mut literal).into()));
                    }
                    merged.push(part);
                }
            }
        }
        if !literal.is_empty() {
            merged.push(TextPart::Literal(literal.into()));
        }
        let kind = match merged.as_slice() {
            [] => ValueKind::Str("".into()),
            [TextPart::Literal(text)] => ValueKind::Str(text.clone()),
            [TextPart::Reference(reference)] => ValueKind::Reference(Box::new(reference.clone())),
            [TextPart::Unknown(unknown)] => ValueKind::Unknown(Box::new(unknown.clone())),
            _ => ValueKind::Template(merged),
        };
        Value::new(span, kind)
    }

    /// The text if this is a string known in full.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The items if this is a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::List(items) => Some(items),
            _ => None,
        }
    }

    /// The fields if this is a mapping.
    pub fn as_map(&self) -> Option<&[Field]> {
        match &self.kind {
            ValueKind::Map(fields) => Some(fields),
            _ => None,
        }
    }
}

impl Value {
    /// This value as another input of the scan sees it: every part placed at `span` (where
    /// that input uses it; spans never point into another file) and every reference to a
    /// resource of its own input marked as a reference into `from`, the input it comes from.
    pub fn carried(&self, from: FileId, span: Span) -> Value {
        self.relocated(Some(from), span)
    }

    /// This value with every part placed at `span`.
    pub fn placed_at(&self, span: Span) -> Value {
        self.relocated(None, span)
    }

    fn relocated(&self, from: Option<FileId>, span: Span) -> Value {
        let carry = |reference: &Reference| match from {
            Some(from) => reference.carried(from),
            None => reference.clone(),
        };
        let kind = match &self.kind {
            ValueKind::Template(parts) => ValueKind::Template(
                parts
                    .iter()
                    .map(|part| match part {
                        TextPart::Reference(reference) => TextPart::Reference(carry(reference)),
                        other => other.clone(),
                    })
                    .collect(),
            ),
            ValueKind::List(items) => ValueKind::List(
                items
                    .iter()
                    .map(|item| item.relocated(from, span))
                    .collect(),
            ),
            ValueKind::Map(fields) => ValueKind::Map(
                fields
                    .iter()
                    .map(|field| Field {
                        key: field.key.clone(),
                        key_span: span,
                        value: field.value.relocated(from, span),
                    })
                    .collect(),
            ),
            ValueKind::Reference(reference) => ValueKind::Reference(Box::new(carry(reference))),
            ValueKind::OneOf(choices) => ValueKind::OneOf(
                choices
                    .iter()
                    .map(|choice| choice.relocated(from, span))
                    .collect(),
            ),
            other => other.clone(),
        };
        Value::new(span, kind)
    }
}

impl Reference {
    /// This reference as another input sees it, when it was written in `from`.
    fn carried(&self, from: FileId) -> Reference {
        Reference {
            file: Some(self.file.unwrap_or(from)),
            ..self.clone()
        }
    }
}
