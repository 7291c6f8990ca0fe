//! The expression evaluator: an hcl-edit expression of a `.tf` file to a loaded [`Value`],
//! as Terraform evaluates it while planning.
//!
//! Names (`var.x`, `local.y`, `module.m.out`, `aws_iam_role.r.arn`, `each.value`) are
//! looked up through [`Names`], which the module instance implements. What Terraform would
//! know only at apply stays symbolic: another resource's attribute is a
//! [`ValueKind::Reference`] the graph resolves, a string built around one a
//! [`ValueKind::Template`], a condition on an unknown value both of its branches
//! ([`ValueKind::OneOf`]); anything else that cannot be known is an explicit
//! [`ValueKind::Unknown`] with its reason. Nothing here is an error that stops the module:
//! an expression Terraform would reject is unknown, with Terraform's complaint as reason.

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Strip, Template};

use super::functions::{self, Host};
use crate::load::{Field, TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// How deep expressions nest before evaluation stops (hcl-edit's parser bounds the
/// nesting of what it reads; this bounds what names lead through).
const MAX_DEPTH: usize = 256;

/// The names an expression can use besides its own `for` variables.
pub trait Names {
    /// The value of a traversal that starts at the root name `root` (`var`, `local`,
    /// `module`, `data`, `count`, `each`, `path`, `terraform`, a resource type), with the
    /// traversal's operators; `None` when `root` is no name of this module (the evaluator
    /// then says so). The names evaluate their own operators as far as they need and hand
    /// the rest back through [`Evaluator::apply`].
    fn lookup(
        &self,
        evaluator: &Evaluator<'_>,
        root: &str,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Option<Value>;

    /// What functions may read.
    fn host(&self) -> &dyn Host;
}

/// The names of text that may use none (a variable-definitions file, a type default, a
/// template file beyond the variables it is given): every name is unknown, with `refusal`
/// before it as the reason (`a variable value cannot refer to`).
pub struct NoNames<'h> {
    /// What functions may read.
    pub host: &'h dyn Host,
    /// The reason, completed by the name.
    pub refusal: &'static str,
}

impl Names for NoNames<'_> {
    fn lookup(
        &self,
        _: &Evaluator<'_>,
        root: &str,
        _: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Option<Value> {
        Some(unknown(
            span,
            format!("{} `{root}`: Terraform stops here", self.refusal),
        ))
    }

    fn host(&self) -> &dyn Host {
        self.host
    }
}

/// Evaluates expressions of one `.tf` file with the names of one module instance.
pub struct Evaluator<'a> {
    /// Module names.
    pub names: &'a dyn Names,
    /// Variables of enclosing `for` expressions, iterators of `dynamic` blocks and the
    /// like, innermost last.
    pub scope: Vec<(String, Value)>,
    /// The file the expressions are in (index into the tree's files).
    pub file: usize,
    depth: std::cell::Cell<usize>,
}

/// The expression of a template that is one interpolation and nothing else (`"${x}"`).
fn single_interpolation(template: &Template) -> Option<&Expression> {
    let mut elements = template.iter();
    match (elements.next(), elements.next()) {
        (Some(Element::Interpolation(interpolation)), None) => Some(&interpolation.expr),
        _ => None,
    }
}

/// The span of an hcl-edit node.
pub fn span_of(node: &impl hcl_edit::Span) -> Span {
    node.span()
        .map_or_else(Span::default, |range| Span::new(range.start, range.end))
}

/// An unknown value at `span`.
pub fn unknown(span: Span, reason: impl Into<Box<str>>) -> Value {
    Value::new(span, ValueKind::Unknown(Box::new(Unknown::new(reason))))
}

impl<'a> Evaluator<'a> {
    /// An evaluator with the names of a module instance.
    pub fn new(names: &'a dyn Names, file: usize) -> Evaluator<'a> {
        Evaluator {
            names,
            scope: Vec::new(),
            file,
            depth: std::cell::Cell::new(0),
        }
    }

    /// This evaluator with `variables` added to its scope.
    pub fn with(&self, variables: impl IntoIterator<Item = (String, Value)>) -> Evaluator<'a> {
        let mut scope = self.scope.clone();
        scope.extend(variables);
        Evaluator {
            names: self.names,
            scope,
            file: self.file,
            depth: std::cell::Cell::new(self.depth.get()),
        }
    }

    /// The value of `expression`.
    pub fn eval(&self, expression: &Expression) -> Value {
        let span = span_of(expression);
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return unknown(span, "the expression nests too deeply to evaluate");
        }
        self.depth.set(depth + 1);
        let value = self.eval_inner(expression, span);
        self.depth.set(depth);
        value
    }

    fn eval_inner(&self, expression: &Expression, span: Span) -> Value {
        match expression {
            Expression::Null(_) => Value::new(span, ValueKind::Null),
            Expression::Bool(flag) => Value::new(span, ValueKind::Bool(*flag.value())),
            Expression::Number(number) => {
                Value::new(span, ValueKind::Number(number.value().to_string().into()))
            }
            Expression::String(text) => Value::new(span, ValueKind::Str(text.as_str().into())),
            Expression::Array(array) => Value::new(
                span,
                ValueKind::List(array.iter().map(|item| self.eval(item)).collect()),
            ),
            Expression::Object(object) => {
                let mut fields: Vec<Field> = Vec::with_capacity(object.len());
                let mut positions: std::collections::HashMap<String, usize> =
                    std::collections::HashMap::with_capacity(object.len());
                for (key, value) in object.iter() {
                    let key_span = span_of(key);
                    let key_text = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(expression) => {
                            match self.key_text(&self.eval(expression)) {
                                Ok(text) => text,
                                Err(reason) => return unknown(span, reason),
                            }
                        }
                    };
                    let value = self.eval(value.expr());
                    let field = Field {
                        key: key_text.as_str().into(),
                        key_span,
                        value,
                    };
                    // A later key replaces an earlier one, as Terraform's object constructor does.
                    match positions.get(&key_text) {
                        Some(&position) => fields[position] = field,
                        None => {
                            positions.insert(key_text, fields.len());
                            fields.push(field);
                        }
                    }
                }
                Value::new(span, ValueKind::Map(fields))
            }
            Expression::StringTemplate(template) => match single_interpolation(template) {
                // `"${expr}"` is the value of `expr`, not converted to a string (HCL's
                // template wrap): `for_each = "${toset(var.names)}"` iterates the set.
                Some(expr) => self.eval(expr).placed_at(span),
                None => self.eval_template(template, span),
            },
            Expression::HeredocTemplate(heredoc) => self.eval_template(&heredoc.template, span),
            Expression::Parenthesis(inner) => self.eval(inner.inner()),
            Expression::Variable(name) => self.traversal_from(name.as_str(), &[], span),
            Expression::Traversal(traversal) => match &traversal.expr {
                Expression::Variable(name) => {
                    self.traversal_from(name.as_str(), &traversal.operators, span)
                }
                inner => {
                    let base = self.eval(inner);
                    self.apply(base, &traversal.operators, span)
                }
            },
            Expression::Conditional(conditional) => {
                let condition = self.eval(&conditional.cond_expr);
                match truth(&condition) {
                    Some(true) => self.eval(&conditional.true_expr),
                    Some(false) => self.eval(&conditional.false_expr),
                    None if is_symbolic(&condition) => Value::new(
                        span,
                        ValueKind::OneOf(vec![
                            self.eval(&conditional.true_expr),
                            self.eval(&conditional.false_expr),
                        ]),
                    ),
                    None => unknown(span, "the condition is not a boolean: Terraform stops here"),
                }
            }
            Expression::FuncCall(call) => self.call(call, span),
            Expression::UnaryOp(operation) => {
                let operand = self.eval(&operation.expr);
                match operation.operator.value() {
                    UnaryOperator::Not => match truth(&operand) {
                        Some(flag) => Value::new(span, ValueKind::Bool(!flag)),
                        None => not_known(&operand, span, "`!`"),
                    },
                    UnaryOperator::Neg => match number(&operand) {
                        Some(value) => number_value(-value, span),
                        None => not_known(&operand, span, "`-`"),
                    },
                }
            }
            Expression::BinaryOp(operation) => self.binary(
                *operation.operator.value(),
                &operation.lhs_expr,
                &operation.rhs_expr,
                span,
            ),
            Expression::ForExpr(for_expr) => self.for_expr(for_expr, span),
        }
    }

    /// A mapping key: a string, or a number or boolean as Terraform converts it.
    fn key_text(&self, key: &Value) -> Result<String, String> {
        match &key.kind {
            ValueKind::Str(text) => Ok(text.to_string()),
            ValueKind::Number(text) => Ok(text.to_string()),
            ValueKind::Bool(flag) => Ok(flag.to_string()),
            _ => Err(reason_of(key, "the mapping key")),
        }
    }

    fn traversal_from(
        &self,
        root: &str,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Value {
        if let Some((_, value)) = self.scope.iter().rev().find(|(name, _)| name == root) {
            return self.apply(value.clone(), operators, span);
        }
        match self.names.lookup(self, root, operators, span) {
            Some(value) => value,
            None => unknown(
                span,
                format!("`{root}` is not a name this module declares: Terraform stops here"),
            ),
        }
    }

    /// Applies traversal operators (`.attr`, `[index]`, splats) to a value.
    pub fn apply(
        &self,
        mut value: Value,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        span: Span,
    ) -> Value {
        for (position, operator) in operators.iter().enumerate() {
            value = match operator.value() {
                TraversalOperator::GetAttr(name) => get(&value, name.as_str(), span),
                TraversalOperator::LegacyIndex(index) => {
                    let index =
                        Value::new(span, ValueKind::Number(index.value().to_string().into()));
                    index_value(&value, &index, span)
                }
                TraversalOperator::Index(expression) => {
                    let index = self.eval(expression);
                    index_value(&value, &index, span)
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &operators[position + 1..];
                    let attribute_only =
                        matches!(operator.value(), TraversalOperator::AttrSplat(_));
                    // An attribute splat (`.*`) applies only the attribute steps after it.
                    let (applied, after) = if attribute_only {
                        let count = rest
                            .iter()
                            .take_while(|op| matches!(op.value(), TraversalOperator::GetAttr(_)))
                            .count();
                        (&rest[..count], &rest[count..])
                    } else {
                        (rest, &rest[rest.len()..])
                    };
                    let items = match &value.kind {
                        ValueKind::List(items) => items.clone(),
                        ValueKind::Null => Vec::new(),
                        ValueKind::Unknown(_) | ValueKind::Reference(_) => return value,
                        _ => vec![value.clone()],
                    };
                    let list = Value::new(
                        span,
                        ValueKind::List(
                            items
                                .into_iter()
                                .map(|item| self.apply(item, applied, span))
                                .collect(),
                        ),
                    );
                    return self.apply(list, after, span);
                }
            };
        }
        value
    }

    /// The value of a template, always a string (or text with symbolic parts).
    pub fn eval_template(&self, template: &Template, span: Span) -> Value {
        let mut parts = Vec::new();
        self.template_parts(template, &mut parts);
        strip_markers(&mut parts);
        let values = parts.into_iter().map(|part| part.value).collect();
        functions::concat_text(values, span)
    }

    fn template_parts(&self, template: &Template, parts: &mut Vec<Piece>) {
        for element in template.iter() {
            match element {
                Element::Literal(text) => parts.push(Piece {
                    value: Value::new(span_of(text), ValueKind::Str(text.value().as_str().into())),
                    literal: true,
                    strip: Strip::None,
                    marker: false,
                }),
                Element::Interpolation(interpolation) => parts.push(Piece {
                    value: self.eval(&interpolation.expr),
                    literal: false,
                    strip: interpolation.strip,
                    marker: false,
                }),
                Element::Directive(directive) => self.directive(directive, parts),
            }
        }
    }

    fn directive(&self, directive: &Directive, parts: &mut Vec<Piece>) {
        match directive {
            Directive::If(if_directive) => {
                let condition = self.eval(&if_directive.if_expr.cond_expr);
                parts.push(marker(if_directive.if_expr.strip));
                match truth(&condition) {
                    Some(true) => self.template_parts(&if_directive.if_expr.template, parts),
                    Some(false) => {
                        if let Some(otherwise) = &if_directive.else_expr {
                            parts.push(marker(otherwise.strip));
                            self.template_parts(&otherwise.template, parts);
                        }
                    }
                    None => parts.push(Piece {
                        value: not_known(
                            &condition,
                            span_of(&if_directive.if_expr.cond_expr),
                            "`%{if}`",
                        ),
                        literal: false,
                        strip: Strip::None,
                        marker: false,
                    }),
                }
                parts.push(marker(if_directive.endif_expr.strip));
            }
            Directive::For(for_directive) => {
                let header = &for_directive.for_expr;
                let collection = self.eval(&header.collection_expr);
                parts.push(marker(header.strip));
                match iterate(&collection) {
                    Ok(items) => {
                        for (key, item) in items {
                            let mut variables = vec![(header.value_var.as_str().to_owned(), item)];
                            if let Some(key_var) = &header.key_var {
                                variables.push((key_var.as_str().to_owned(), key));
                            }
                            self.with(variables).template_parts(&header.template, parts);
                            parts.push(marker(for_directive.endfor_expr.strip));
                        }
                    }
                    Err(reason) => parts.push(Piece {
                        value: unknown(collection.span, reason),
                        literal: false,
                        strip: Strip::None,
                        marker: false,
                    }),
                }
            }
        }
    }

    fn call(&self, call: &FuncCall, span: Span) -> Value {
        let name = call.name.name.as_str();
        let full_name = if call.name.is_namespaced() {
            let mut text: String = call
                .name
                .namespace
                .iter()
                .map(|part| format!("{}::", part.as_str()))
                .collect();
            text.push_str(name);
            text
        } else {
            name.to_owned()
        };
        match full_name.as_str() {
            "try" => {
                let mut last = None;
                for argument in call.args.iter() {
                    let value = self.eval(argument);
                    match &value.kind {
                        ValueKind::Unknown(unknown) if is_error(&unknown.reason) => {
                            last = Some(value);
                        }
                        _ => return value,
                    }
                }
                last.unwrap_or_else(|| {
                    unknown(span, "`try` with no arguments: Terraform stops here")
                })
            }
            "can" => match call.args.iter().next().map(|argument| self.eval(argument)) {
                Some(value) => match &value.kind {
                    ValueKind::Unknown(unknown) if is_error(&unknown.reason) => {
                        Value::new(span, ValueKind::Bool(false))
                    }
                    _ if functions::is_known(&value) => Value::new(span, ValueKind::Bool(true)),
                    _ => not_known(&value, span, "`can`"),
                },
                None => unknown(span, "`can` needs one argument: Terraform stops here"),
            },
            _ => {
                let mut arguments: Vec<Value> = call
                    .args
                    .iter()
                    .map(|argument| self.eval(argument))
                    .collect();
                if call.args.expand_final()
                    && let Some(last) = arguments.pop()
                {
                    match last.kind {
                        ValueKind::List(items) => arguments.extend(items),
                        _ => return not_known(&last, span, "the expanded argument (`...`)"),
                    }
                }
                functions::call(&full_name, arguments, span, self.names.host())
            }
        }
    }

    fn binary(
        &self,
        operator: BinaryOperator,
        left: &Expression,
        right: &Expression,
        span: Span,
    ) -> Value {
        let lhs = self.eval(left);
        // `&&` and `||` decide on a known left side as Terraform does not (it evaluates
        // both), but the result is the same whenever the right side is known.
        let rhs = self.eval(right);
        match operator {
            BinaryOperator::And | BinaryOperator::Or => {
                let is_and = operator == BinaryOperator::And;
                match (truth(&lhs), truth(&rhs)) {
                    (Some(a), Some(b)) => {
                        Value::new(span, ValueKind::Bool(if is_and { a && b } else { a || b }))
                    }
                    (Some(a), None) | (None, Some(a)) if a != is_and => {
                        Value::new(span, ValueKind::Bool(a))
                    }
                    _ => not_known(
                        if truth(&lhs).is_none() { &lhs } else { &rhs },
                        span,
                        "a logical operator",
                    ),
                }
            }
            BinaryOperator::Eq | BinaryOperator::NotEq => {
                if !functions::is_known(&lhs) {
                    return not_known(&lhs, span, "a comparison");
                }
                if !functions::is_known(&rhs) {
                    return not_known(&rhs, span, "a comparison");
                }
                let equal = same(&lhs, &rhs);
                Value::new(
                    span,
                    ValueKind::Bool(equal == (operator == BinaryOperator::Eq)),
                )
            }
            _ => {
                let (Some(a), Some(b)) = (number(&lhs), number(&rhs)) else {
                    let operand = if number(&lhs).is_none() { &lhs } else { &rhs };
                    return not_known(operand, span, "an arithmetic operator");
                };
                match operator {
                    BinaryOperator::Plus => number_value(a + b, span),
                    BinaryOperator::Minus => number_value(a - b, span),
                    BinaryOperator::Mul => number_value(a * b, span),
                    BinaryOperator::Div if b == 0.0 => {
                        unknown(span, "division by zero: Terraform stops here")
                    }
                    BinaryOperator::Div => number_value(a / b, span),
                    BinaryOperator::Mod if b == 0.0 => {
                        unknown(span, "modulo by zero: Terraform stops here")
                    }
                    BinaryOperator::Mod => number_value(a % b, span),
                    BinaryOperator::Less => Value::new(span, ValueKind::Bool(a < b)),
                    BinaryOperator::LessEq => Value::new(span, ValueKind::Bool(a <= b)),
                    BinaryOperator::Greater => Value::new(span, ValueKind::Bool(a > b)),
                    BinaryOperator::GreaterEq => Value::new(span, ValueKind::Bool(a >= b)),
                    _ => unknown(span, "an operator supportscan does not evaluate"),
                }
            }
        }
    }

    fn for_expr(&self, for_expr: &ForExpr, span: Span) -> Value {
        let intro = &for_expr.intro;
        let collection = self.eval(&intro.collection_expr);
        let items = match iterate(&collection) {
            Ok(items) => items,
            Err(reason) => return unknown(span, reason),
        };
        let mut list = Vec::new();
        let mut fields: Vec<Field> = Vec::new();
        let mut positions: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for (key, item) in items {
            let mut variables = vec![(intro.value_var.as_str().to_owned(), item)];
            if let Some(key_var) = &intro.key_var {
                variables.push((key_var.as_str().to_owned(), key));
            }
            let inner = self.with(variables);
            if let Some(condition) = &for_expr.cond {
                let keep = inner.eval(&condition.expr);
                match truth(&keep) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return not_known(&keep, span, "the `if` of a `for` expression"),
                }
            }
            let value = inner.eval(&for_expr.value_expr);
            match &for_expr.key_expr {
                None => list.push(value),
                Some(key_expr) => {
                    let key_value = inner.eval(key_expr);
                    let key_text = match inner.key_text(&key_value) {
                        Ok(text) => text,
                        Err(reason) => return unknown(span, reason),
                    };
                    match positions.get(&key_text).and_then(|&at| fields.get_mut(at)) {
                        Some(field) if for_expr.grouping => {
                            if let ValueKind::List(items) = &mut field.value.kind {
                                items.push(value);
                            }
                        }
                        Some(_) => {
                            return unknown(
                                span,
                                format!(
                                    "duplicate key `{key_text}` in a `for` expression (add `...` to group): Terraform stops here"
                                ),
                            );
                        }
                        None => {
                            positions.insert(key_text.clone(), fields.len());
                            let value = if for_expr.grouping {
                                Value::new(value.span, ValueKind::List(vec![value]))
                            } else {
                                value
                            };
                            fields.push(Field {
                                key: key_text.into(),
                                key_span: key_value.span,
                                value,
                            });
                        }
                    }
                }
            }
        }
        match for_expr.key_expr {
            None => Value::new(span, ValueKind::List(list)),
            Some(_) => {
                fields.sort_by(|a, b| a.key.cmp(&b.key));
                Value::new(span, ValueKind::Map(fields))
            }
        }
    }
}

/// A piece of a string template, before strip markers (`~`) are applied.
struct Piece {
    value: Value,
    literal: bool,
    strip: Strip,
    /// A directive's place, which carries only strip markers.
    marker: bool,
}

/// A zero-width piece that carries a directive's strip markers.
fn marker(strip: Strip) -> Piece {
    Piece {
        value: Value::new(Span::default(), ValueKind::Str("".into())),
        literal: false,
        strip,
        marker: true,
    }
}

/// Applies `~` markers: whitespace of the literal before a `Start` strip and after an `End`
/// strip is removed.
fn strip_markers(parts: &mut Vec<Piece>) {
    for index in 0..parts.len() {
        let strip = parts[index].strip;
        let (before, after) = match strip {
            Strip::None => continue,
            Strip::Start => (true, false),
            Strip::End => (false, true),
            Strip::Both => (true, true),
        };
        if before
            && let Some(previous) = parts[..index].iter_mut().rev().find(|p| p.literal)
            && let ValueKind::Str(text) = &mut previous.value.kind
        {
            *text = text.trim_end().into();
        }
        if after
            && let Some(next) = parts[index + 1..].iter_mut().find(|p| p.literal)
            && let ValueKind::Str(text) = &mut next.value.kind
        {
            *text = text.trim_start().into();
        }
    }
    parts.retain(|piece| !piece.marker);
}

/// Whether an unknown's reason is an error Terraform would stop at (what `try` and `can`
/// catch), rather than a value known only later.
fn is_error(reason: &str) -> bool {
    reason.ends_with("Terraform stops here") || reason.contains("Terraform stops the plan")
}

/// Whether a value is symbolic (known at apply) rather than an error.
fn is_symbolic(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Unknown(unknown) => !is_error(&unknown.reason),
        ValueKind::Reference(_) | ValueKind::Template(_) | ValueKind::OneOf(_) => true,
        _ => false,
    }
}

/// The unknown result of `what` on `operand`, with the operand's own reason.
pub fn not_known(operand: &Value, span: Span, what: &str) -> Value {
    unknown(span, reason_of(operand, what))
}

/// Why `value` is not known, in the user's terms.
pub fn reason(value: &Value) -> String {
    reason_of(value, "the value")
}

/// Why `operand` does not give `what` a value.
fn reason_of(operand: &Value, what: &str) -> String {
    let after_apply = |reference: &crate::load::Reference| {
        format!(
            "{what} depends on `{}`, known only after apply",
            reference.written()
        )
    };
    match &operand.kind {
        ValueKind::Unknown(unknown) => unknown.reason.to_string(),
        ValueKind::Reference(reference) => after_apply(reference),
        ValueKind::Template(parts) => parts
            .iter()
            .find_map(|part| match part {
                TextPart::Unknown(unknown) => Some(unknown.reason.to_string()),
                TextPart::Reference(reference) => Some(after_apply(reference)),
                _ => None,
            })
            .unwrap_or_else(|| format!("{what} depends on a value known only after apply")),
        ValueKind::OneOf(_) => format!("{what} depends on a condition known only after apply"),
        _ => format!("{what} has an operand of the wrong type: Terraform stops here"),
    }
}

/// A condition's truth: a boolean, or the strings Terraform converts.
pub fn truth(value: &Value) -> Option<bool> {
    match &value.kind {
        ValueKind::Bool(flag) => Some(*flag),
        ValueKind::Str(text) if &**text == "true" => Some(true),
        ValueKind::Str(text) if &**text == "false" => Some(false),
        _ => None,
    }
}

/// A number, or a string Terraform converts to one.
pub fn number(value: &Value) -> Option<f64> {
    match &value.kind {
        ValueKind::Number(text) | ValueKind::Str(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A number as Terraform prints it: integers without a fraction.
pub fn number_value(value: f64, span: Span) -> Value {
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    };
    Value::new(span, ValueKind::Number(text.into()))
}

/// Structural equality, positions aside; numbers by value.
pub fn same(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::Number(x), ValueKind::Number(y)) => {
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        }
        (ValueKind::List(x), ValueKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (ValueKind::Map(x), ValueKind::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|field| {
                    y.iter()
                        .any(|other| other.key == field.key && same(&field.value, &other.value))
                })
        }
        (x, y) => x == y,
    }
}

/// The attribute `name` of a value.
fn get(value: &Value, name: &str, span: Span) -> Value {
    match &value.kind {
        ValueKind::Map(_) => match value.get(name) {
            Some(found) => found.clone(),
            None => unknown(
                span,
                format!("no attribute `{name}` here: Terraform stops here"),
            ),
        },
        ValueKind::Null => unknown(
            span,
            format!("attribute `{name}` of a null value: Terraform stops here"),
        ),
        ValueKind::OneOf(choices) => Value::new(
            span,
            ValueKind::OneOf(
                choices
                    .iter()
                    .map(|choice| get(choice, name, span))
                    .collect(),
            ),
        ),
        ValueKind::Reference(reference) if reference.attribute.is_none() => Value::new(
            span,
            ValueKind::Reference(Box::new(crate::load::Reference {
                attribute: Some(name.into()),
                ..(**reference).clone()
            })),
        ),
        ValueKind::Reference(reference) => unknown(
            span,
            format!(
                "`{name}` of `{}` is known only after apply",
                reference.written()
            ),
        ),
        ValueKind::Unknown(_) => value.clone(),
        _ => unknown(
            span,
            format!("attribute `{name}` of a value that has none: Terraform stops here"),
        ),
    }
}

/// `value[index]`.
fn index_value(value: &Value, index: &Value, span: Span) -> Value {
    match &value.kind {
        ValueKind::List(items) => match number(index) {
            Some(position) if position >= 0.0 && position.fract() == 0.0 => {
                match items.get(position as usize) {
                    Some(item) => item.clone(),
                    None => unknown(
                        span,
                        format!("index {position} is out of range: Terraform stops here"),
                    ),
                }
            }
            Some(_) => unknown(
                span,
                "a list index must be a whole number: Terraform stops here",
            ),
            None => not_known(index, span, "the index"),
        },
        ValueKind::Map(_) => match &index.kind {
            ValueKind::Str(key) | ValueKind::Number(key) => match value.get(key) {
                Some(found) => found.clone(),
                None => unknown(span, format!("no key `{key}` here: Terraform stops here")),
            },
            _ => not_known(index, span, "the key"),
        },
        ValueKind::OneOf(choices) => Value::new(
            span,
            ValueKind::OneOf(
                choices
                    .iter()
                    .map(|choice| index_value(choice, index, span))
                    .collect(),
            ),
        ),
        ValueKind::Unknown(_) => value.clone(),
        ValueKind::Reference(_) => not_known(value, span, "the indexed value"),
        _ => unknown(
            span,
            "indexing a value that is neither a list nor a mapping: Terraform stops here",
        ),
    }
}

/// The items of a collection a `for` expression or `for_each` iterates: a list by position,
/// a mapping by key in lexical order.
pub fn iterate(collection: &Value) -> Result<Vec<(Value, Value)>, String> {
    match &collection.kind {
        ValueKind::List(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(position, item)| (number_value(position as f64, item.span), item.clone()))
            .collect()),
        ValueKind::Map(fields) => {
            let mut sorted: Vec<&Field> = fields.iter().collect();
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(sorted
                .into_iter()
                .map(|field| {
                    (
                        Value::new(field.key_span, ValueKind::Str(field.key.clone())),
                        field.value.clone(),
                    )
                })
                .collect())
        }
        ValueKind::Null => Err("iterating over a null value: Terraform stops here".to_owned()),
        _ => Err(reason_of(collection, "the collection")),
    }
}
