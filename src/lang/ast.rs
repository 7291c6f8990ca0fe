//! The rule language's syntax tree, exactly as written, every node located.
//!
//! The parser builds it and nothing else: names are not resolved and types are not checked
//! (that is the checker's job), so a tree can hold a call of a function that does not exist.
//! Every node carries a [`Span`] of byte offsets into its rule file, because every later
//! error (an unknown field, a type mismatch) must underline the text it is about.

use crate::source::Span;

/// A whole rule file: its header and its items, in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFile {
    /// `rule ID NAME { metadata }`.
    pub header: Header,
    /// The `let`, `for` and `require` items after the header.
    pub items: Vec<Item>,
}

/// `rule ID NAME { metadata }`: what the rule is called and its metadata entries as
/// written (see [`crate::lang::Metadata`] for the validated form).
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The rule ID, such as `SUP002`.
    pub id: Name,
    /// The kebab-case rule name, such as `support-role-open-trust`.
    pub name: Name,
    /// The metadata entries in source order (duplicates kept, so validation can name both).
    pub meta: Vec<MetaEntry>,
    /// From `rule` to the closing `}`.
    pub span: Span,
}

/// A name as written: an identifier, a rule ID, a rule name or a metadata key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The text of the name.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// One `key: value` entry of the header.
#[derive(Clone, Debug, PartialEq)]
pub struct MetaEntry {
    /// The kebab-case key.
    pub key: Name,
    /// The value.
    pub value: MetaValue,
}

/// A metadata value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct MetaValue {
    /// What was written.
    pub kind: MetaValueKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of metadata value the grammar allows.
#[derive(Clone, Debug, PartialEq)]
pub enum MetaValueKind {
    /// A `"..."` string, escapes resolved.
    String(String),
    /// A `"""..."""` text block, already dedented.
    TextBlock(String),
    /// A number.
    Number(Number),
    /// A bare identifier, such as `error` or `resource`.
    Ident(String),
    /// A `[...]` list.
    List(Vec<MetaValue>),
}

impl MetaValueKind {
    /// What kind of value this is, in a rule author's words (for error messages).
    pub fn describe(&self) -> &'static str {
        match self {
            MetaValueKind::String(_) => "a string",
            MetaValueKind::TextBlock(_) => "a text block",
            MetaValueKind::Number(_) => "a number",
            MetaValueKind::Ident(_) => "a bare word",
            MetaValueKind::List(_) => "a list",
        }
    }
}

/// A number literal: integers are kept apart because only they can index a list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// `42`.
    Integer(u64),
    /// `8.1`.
    Decimal(f64),
}

impl Number {
    /// The value as a float, for comparisons and ranges.
    pub fn as_f64(self) -> f64 {
        match self {
            // Precision loss above 2^53 is irrelevant for rule numbers.
            Number::Integer(value) => value as f64,
            Number::Decimal(value) => value,
        }
    }
}

/// One item of a file or of a `for` block.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `let NAME = EXPR`.
    Let(Let),
    /// `for NAME in EXPR (when EXPR)? { items }`.
    For(For),
    /// `require EXPR (at EXPR)? << message >>`.
    Require(Require),
}

impl Item {
    /// From the keyword to the end of the item.
    pub fn span(&self) -> Span {
        match self {
            Item::Let(item) => item.span,
            Item::For(item) => item.span,
            Item::Require(item) => item.span,
        }
    }
}

/// `let NAME = EXPR`: names a value for the rest of its block.
#[derive(Clone, Debug, PartialEq)]
pub struct Let {
    /// The bound name.
    pub name: Name,
    /// Its value.
    pub value: Expr,
    /// From `let` to the end of the value.
    pub span: Span,
}

/// `for NAME in EXPR (when EXPR)? { items }`: runs the items once per element.
#[derive(Clone, Debug, PartialEq)]
pub struct For {
    /// The loop variable.
    pub name: Name,
    /// The list iterated over.
    pub list: Expr,
    /// The optional `when` guard.
    pub when: Option<Expr>,
    /// The items of the block.
    pub items: Vec<Item>,
    /// From `for` to the closing `}`.
    pub span: Span,
}

/// `require EXPR (at EXPR)? (level LEVEL)? << message >>`: a check that reports a finding when it fails.
#[derive(Clone, Debug, PartialEq)]
pub struct Require {
    /// The condition that must hold.
    pub condition: Expr,
    /// Where a finding points, when given.
    pub at: Option<Expr>,
    /// `level error|warning|note`: this check's findings have this level instead of the
    /// rule's (docs/rules.md gives some rules two levels).
    pub level: Option<Name>,
    /// The finding's message template.
    pub message: Message,
    /// From `require` to the closing `>>`.
    pub span: Span,
}

/// A `<< ... >>` message template.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Text and interpolations in order; adjacent text is one part.
    pub parts: Vec<MessagePart>,
    /// From `<<` to `>>` inclusive.
    pub span: Span,
}

/// A piece of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum MessagePart {
    /// Literal text as written (line breaks and indentation kept), `{{` and `}}` already
    /// turned into single braces; the span covers the source text, escapes included.
    Text(String, Span),
    /// A `{expression}` interpolation (the span is the expression's, braces excluded).
    Expr(Expr),
}

/// An expression with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

impl Expr {
    /// The direct sub-expressions, for walks that keep their own stack.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Call { args, .. } => args.iter().collect(),
            ExprKind::List(items) => items.iter().collect(),
            ExprKind::Field { base, .. } | ExprKind::Every(base) | ExprKind::Index { base, .. } => {
                vec![base]
            }
            ExprKind::Filter { base, predicate } => vec![base, predicate],
            ExprKind::Not(operand)
            | ExprKind::Prefix { operand, .. }
            | ExprKind::Is { operand, .. } => vec![operand],
            ExprKind::Logical { left, right, .. } | ExprKind::Compare { left, right, .. } => {
                vec![left, right]
            }
            ExprKind::Quantified {
                list, predicate, ..
            } => vec![list, predicate],
            ExprKind::String(_)
            | ExprKind::TextBlock(_)
            | ExprKind::Number(_)
            | ExprKind::Regex(_)
            | ExprKind::Bool(_)
            | ExprKind::Null
            | ExprKind::Ident(_)
            | ExprKind::This => Vec::new(),
        }
    }
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A `"..."` string, escapes resolved.
    String(String),
    /// A `"""..."""` text block, already dedented.
    TextBlock(String),
    /// A number.
    Number(Number),
    /// A `/.../flags` regular expression. The source is not compiled here: the checker
    /// compiles it with the `regex` crate and reports a bad pattern at this span.
    Regex(Regex),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A name: a `let` binding, a loop variable or a top-level graph list.
    Ident(String),
    /// `this`, the item a filter is testing.
    This,
    /// `NAME(args)`.
    Call {
        /// The function's name.
        function: Name,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `base.field`.
    Field {
        /// The value whose field is read.
        base: Box<Expr>,
        /// The field's name.
        field: Name,
    },
    /// `base[*]`: every item, flattening a list of lists.
    Every(Box<Expr>),
    /// `base[INTEGER]`: one item; out of range is absent.
    Index {
        /// The list.
        base: Box<Expr>,
        /// The index, from 0.
        index: u64,
    },
    /// `base[predicate]`: the items for which the predicate, with `this` bound to the
    /// item, holds.
    Filter {
        /// The list.
        base: Box<Expr>,
        /// The predicate.
        predicate: Box<Expr>,
    },
    /// `not operand`.
    Not(Box<Expr>),
    /// `left and right`, `left or right`.
    Logical {
        /// `and` or `or`.
        op: LogicalOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `left OP right` for the comparison operators, `in`, `not in` and `matches`.
    Compare {
        /// The operator.
        op: CompareOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `exists operand` and `empty operand`.
    Prefix {
        /// Which test.
        test: PrefixTest,
        /// What is tested.
        operand: Box<Expr>,
    },
    /// `operand is known`, `is unknown`, `is empty`.
    Is {
        /// What is tested.
        operand: Box<Expr>,
        /// Which test.
        test: IsTest,
    },
    /// `some x in list: predicate` and `all x in list: predicate`.
    Quantified {
        /// `some` or `all`.
        quantifier: Quantifier,
        /// The variable bound to each item.
        name: Name,
        /// The list.
        list: Box<Expr>,
        /// The predicate.
        predicate: Box<Expr>,
    },
}

/// A regular expression literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    /// The pattern, with `\/` already turned into `/`; other escapes are left for the regex
    /// engine.
    pub source: String,
    /// The `i` flag.
    pub case_insensitive: bool,
}

impl Regex {
    /// The compiled expression, as the checker validates it and the engine runs it
    /// (the `regex` crate: linear time, no backtracking).
    pub fn compile(&self) -> Result<regex::Regex, regex::Error> {
        regex::RegexBuilder::new(&self.source)
            .case_insensitive(self.case_insensitive)
            .build()
    }
}

/// `and` or `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// The comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `matches`.
    Matches,
}

/// The prefix tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrefixTest {
    /// `exists x`.
    Exists,
    /// `empty x`.
    Empty,
}

/// The suffix tests after `is`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsTest {
    /// `is known`.
    Known,
    /// `is unknown`.
    Unknown,
    /// `is empty`.
    Empty,
}

/// `some` or `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// `some`.
    Some,
    /// `all`.
    All,
}
