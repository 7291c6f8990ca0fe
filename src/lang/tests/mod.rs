//! Tests of the rule-language parser and metadata validation, with helpers that print
//! expressions as S-expressions so that tree shapes can be compared at a glance.

mod check;
mod errors;
mod expressions;
mod items;
mod literals;
mod metadata;
mod robustness;
mod schema;

use crate::diagnostic::render_problem;
use crate::lang::ast::*;
use crate::lang::parse_rule_file;
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

/// A header every test file can start with.
pub const HEADER: &str = "rule T1 test-rule {}\n";

/// Parses text that must be valid.
pub fn parse(text: &str) -> RuleFile {
    match parse_rule_file(text, FileId(0)) {
        Ok(file) => file,
        Err(problem) => panic!("{}", render(text, &problem)),
    }
}

/// Parses text that must be invalid.
pub fn parse_error(text: &str) -> Problem {
    match parse_rule_file(text, FileId(0)) {
        Ok(file) => panic!("expected an error, got {file:#?}"),
        Err(problem) => problem,
    }
}

/// The problem drawn as a user sees it.
pub fn render(text: &str, problem: &Problem) -> String {
    let files = vec![SourceFile::new("rules/example.rule", text.to_owned())];
    render_problem(problem, &files)
}

/// The value of `let v = SOURCE` after the test header, and the full text.
pub fn expression(source: &str) -> (Expr, String) {
    let text = format!("{HEADER}let v = {source}\n");
    let file = parse(&text);
    match file.items.into_iter().next() {
        Some(Item::Let(binding)) => (binding.value, text),
        other => panic!("expected a let, got {other:?}"),
    }
}

/// The source text an expression's span covers.
pub fn text_of<'a>(text: &'a str, expr: &Expr) -> &'a str {
    &text[expr.span.range()]
}

/// An expression as an S-expression: `(and (not a) b)`.
pub fn sexpr(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::String(text) => format!("{text:?}"),
        ExprKind::TextBlock(text) => format!("block{text:?}"),
        ExprKind::Number(Number::Integer(value)) => value.to_string(),
        ExprKind::Number(Number::Decimal(value)) => format!("{value:?}"),
        ExprKind::Regex(regex) => {
            format!(
                "/{}/{}",
                regex.source,
                if regex.case_insensitive { "i" } else { "" }
            )
        }
        ExprKind::Bool(value) => value.to_string(),
        ExprKind::Null => "null".to_owned(),
        ExprKind::Ident(name) => name.clone(),
        ExprKind::This => "this".to_owned(),
        ExprKind::Call { function, args } => {
            let args: Vec<String> = args.iter().map(sexpr).collect();
            format!("(call {} {})", function.text, args.join(" ")).replace(" )", ")")
        }
        ExprKind::List(items) => {
            let items: Vec<String> = items.iter().map(sexpr).collect();
            format!("[{}]", items.join(" "))
        }
        ExprKind::Field { base, field } => format!("(. {} {})", sexpr(base), field.text),
        ExprKind::Every(base) => format!("(every {})", sexpr(base)),
        ExprKind::Index { base, index } => format!("(index {} {index})", sexpr(base)),
        ExprKind::Filter { base, predicate } => {
            format!("(filter {} {})", sexpr(base), sexpr(predicate))
        }
        ExprKind::Not(operand) => format!("(not {})", sexpr(operand)),
        ExprKind::Logical { op, left, right } => {
            let op = match op {
                LogicalOp::And => "and",
                LogicalOp::Or => "or",
            };
            format!("({op} {} {})", sexpr(left), sexpr(right))
        }
        ExprKind::Compare { op, left, right } => {
            let op = match op {
                CompareOp::Eq => "==",
                CompareOp::Ne => "!=",
                CompareOp::Lt => "<",
                CompareOp::Le => "<=",
                CompareOp::Gt => ">",
                CompareOp::Ge => ">=",
                CompareOp::In => "in",
                CompareOp::NotIn => "not-in",
                CompareOp::Matches => "matches",
            };
            format!("({op} {} {})", sexpr(left), sexpr(right))
        }
        ExprKind::Prefix { test, operand } => {
            let test = match test {
                PrefixTest::Exists => "exists",
                PrefixTest::Empty => "empty",
            };
            format!("({test} {})", sexpr(operand))
        }
        ExprKind::Is { operand, test } => {
            let test = match test {
                IsTest::Known => "known",
                IsTest::Unknown => "unknown",
                IsTest::Empty => "empty",
            };
            format!("(is-{test} {})", sexpr(operand))
        }
        ExprKind::Quantified {
            quantifier,
            name,
            list,
            predicate,
        } => {
            let quantifier = match quantifier {
                Quantifier::Some => "some",
                Quantifier::All => "all",
            };
            format!(
                "({quantifier} {} {} {})",
                name.text,
                sexpr(list),
                sexpr(predicate)
            )
        }
    }
}
