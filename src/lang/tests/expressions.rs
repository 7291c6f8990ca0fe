//! Every expression construct: shape, precedence and spans, and the errors of each.

use super::{HEADER, expression, parse_error, sexpr, text_of};
use crate::lang::ast::ExprKind;

fn shape(source: &str) -> String {
    sexpr(&expression(source).0)
}

/// The message and the text under the error's span.
fn error(source: &str) -> (String, String) {
    let text = format!("{HEADER}let v = {source}\n");
    let problem = parse_error(&text);
    let span = problem.span.expect("a span");
    (problem.message, text[span.range()].to_owned())
}

#[test]
fn precedence_is_or_then_and_then_not_then_tests() {
    assert_eq!(shape("not a and b or c"), "(or (and (not a) b) c)");
    assert_eq!(shape("a or b and c"), "(or a (and b c))");
    assert_eq!(shape("not a == b"), "(not (== a b))");
    assert_eq!(shape("not not a"), "(not (not a))");
    assert_eq!(shape("a and b and c"), "(and (and a b) c)");
    assert_eq!(shape("(a or b) and c"), "(and (or a b) c)");
    assert_eq!(shape("a.b == c.d or x"), "(or (== (. a b) (. c d)) x)");
}

#[test]
fn every_comparison_operator() {
    for (source, expected) in [
        ("a == b", "(== a b)"),
        ("a != b", "(!= a b)"),
        ("a < b", "(< a b)"),
        ("a <= b", "(<= a b)"),
        ("a > b", "(> a b)"),
        ("a >= b", "(>= a b)"),
        ("a in b", "(in a b)"),
        ("a not in b", "(not-in a b)"),
        ("a matches /x/", "(matches a /x/)"),
        ("not a not in b", "(not (not-in a b))"),
    ] {
        assert_eq!(shape(source), expected, "{source}");
    }
}

#[test]
fn tests_prefix_and_suffix() {
    assert_eq!(shape("exists a.b"), "(exists (. a b))");
    assert_eq!(shape("empty(open)"), "(empty open)");
    assert_eq!(shape("empty x[*]"), "(empty (every x))");
    assert_eq!(shape("a is known"), "(is-known a)");
    assert_eq!(shape("a.b is unknown"), "(is-unknown (. a b))");
    assert_eq!(shape("a is empty"), "(is-empty a)");
    assert_eq!(shape("a == b is known"), "(is-known (== a b))");
    assert_eq!(shape("not exists a and b"), "(and (not (exists a)) b)");
}

#[test]
fn quantifiers_bind_a_name_and_their_condition_reaches_right() {
    assert_eq!(
        shape("some s in doc.statements: s.effect == \"Allow\" and x"),
        "(some s (. doc statements) (and (== (. s effect) \"Allow\") x))"
    );
    assert_eq!(
        shape("(some s in l: a) and x or y"),
        "(or (and (some s l a) x) y)"
    );
    assert_eq!(
        shape("all r in roles: not r.service_linked"),
        "(all r roles (not (. r service_linked)))"
    );
    assert_eq!(
        shape("some a in x: all b in a: b"),
        "(some a x (all b a b))"
    );
}

#[test]
fn postfix_distinguishes_every_index_and_filter() {
    assert_eq!(shape("a[*]"), "(every a)");
    assert_eq!(shape("a[ * ]"), "(every a)");
    assert_eq!(shape("a[0]"), "(index a 0)");
    assert_eq!(shape("a[ 12 ]"), "(index a 12)");
    assert_eq!(shape("a[this.x]"), "(filter a (. this x))");
    assert_eq!(shape("a[0 == x]"), "(filter a (== 0 x))");
    assert_eq!(shape("a[1.5]"), "(filter a 1.5)");
    assert_eq!(shape("a[b[0]]"), "(filter a (index b 0))");
    assert_eq!(
        shape("role.trust.statements[admits_anyone(this)][0].sid"),
        "(. (index (filter (. (. role trust) statements) (call admits_anyone this)) 0) sid)"
    );
    assert_eq!(shape("a[*][*].b"), "(. (every (every a)) b)");
}

#[test]
fn primaries_calls_lists_and_parentheses() {
    assert_eq!(shape("f()"), "(call f)");
    assert_eq!(shape("f(a, b,)"), "(call f a b)");
    assert_eq!(shape("[]"), "[]");
    assert_eq!(shape("[1, \"x\", [true]]"), "[1 \"x\" [true]]");
    assert_eq!(shape("[a,]"), "[a]");
    assert_eq!(shape("this"), "this");
    assert_eq!(shape("null"), "null");
    assert_eq!(shape("false"), "false");
    assert_eq!(shape("((a))"), "a");
    // Whitespace is insignificant, even between a function and its `(`.
    assert_eq!(shape("f\n(x)"), "(call f x)");
}

#[test]
fn spans_cover_exactly_the_written_text() {
    let (expr, text) = expression("not a.b[0] and  (c or d)");
    assert_eq!(text_of(&text, &expr), "not a.b[0] and  (c or d)");
    let ExprKind::Logical { left, right, .. } = &expr.kind else {
        panic!("{expr:?}")
    };
    assert_eq!(text_of(&text, left), "not a.b[0]");
    assert_eq!(text_of(&text, right), "(c or d)");
    let ExprKind::Not(inner) = &left.kind else {
        panic!()
    };
    assert_eq!(text_of(&text, inner), "a.b[0]");
    let (expr, text) = expression("f( x ,y )");
    let ExprKind::Call { function, args } = &expr.kind else {
        panic!()
    };
    assert_eq!(&text[function.span.range()], "f");
    assert_eq!(text_of(&text, &args[1]), "y");
    assert_eq!(text_of(&text, &expr), "f( x ,y )");
    let (expr, text) = expression("some x in l: x is known");
    assert_eq!(text_of(&text, &expr), "some x in l: x is known");
}

#[test]
fn keywords_are_not_identifiers_but_words_containing_them_are() {
    assert_eq!(shape("notice and order"), "(and notice order)");
    assert_eq!(shape("inner in index"), "(in inner index)");
    let (message, at) = error("for");
    assert_eq!(
        message,
        "expected an expression after `=`, found the keyword `for`"
    );
    assert_eq!(at, "for");
    let (message, at) = error("a.in");
    assert!(message.contains("field name after `.`"), "{message}");
    assert_eq!(at, "in");
}

#[test]
fn operator_errors_point_at_the_token_after_the_operator() {
    assert_eq!(
        error("a and").0,
        "expected an expression after `and`, found the end of the file"
    );
    assert_eq!(
        error("a or )"),
        (
            "expected an expression after `or`, found `)`".into(),
            ")".into()
        )
    );
    assert_eq!(
        error("a == }").0,
        "expected an expression after `==`, found `}`"
    );
    assert_eq!(
        error("not").0,
        "expected an expression after `not`, found the end of the file"
    );
    assert_eq!(
        error("a is big"),
        (
            "expected `known`, `unknown` or `empty` after `is`, found `big`".into(),
            "big".into()
        )
    );
    let (message, at) = error("a == b == c");
    assert!(message.starts_with("comparisons do not chain"), "{message}");
    assert_eq!(at, "==");
}

#[test]
fn quantifier_errors_say_what_is_missing() {
    assert_eq!(
        error("some in x: y").0,
        "expected a name after `some`, found the keyword `in`: keywords cannot be used as names"
    );
    assert_eq!(
        error("some s of x: y").0,
        "expected `in` after `some s`, found `of`"
    );
    assert_eq!(
        error("all s in x y").0,
        "expected `:` before the condition of `all s in ...`, found `y`"
    );
}

#[test]
fn bracket_and_call_errors_name_the_opening_token() {
    let text = format!("{HEADER}let v = f(a b)\n");
    let problem = parse_error(&text);
    assert_eq!(
        problem.message,
        "expected `,` or `)` to close the arguments of `f(`, found `b`"
    );
    assert_eq!(&text[problem.related[0].span.range()], "(");
    assert_eq!(
        error("a[]").0,
        "expected `*`, an index or a filter condition inside `[]`, found `]`"
    );
    assert_eq!(
        error("a[x").0,
        "expected `]` to close `[`, found the end of the file"
    );
    assert_eq!(
        error("(a").0,
        "expected `)` to close `(`, found the end of the file"
    );
    assert_eq!(
        error("[a,,]").0,
        "expected an expression after `,` or `]` to close `[`, found `,`"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for opener in ["(", "[", "f(", "a[", "not (", "some x in y: ("] {
        let source = opener.repeat(10_000);
        let (message, _) = error(&source);
        assert!(
            message.starts_with("nested too deeply"),
            "{opener}: {message}"
        );
    }
    // A chain is as deep as it is long: it stops at the limit, before its missing operand.
    for (start, link) in [
        ("", "not "),
        ("", "a and "),
        ("", "a or "),
        ("a", ".b"),
        ("a", "[*]"),
    ] {
        let (message, _) = error(&format!("{start}{}", link.repeat(10_000)));
        assert!(
            message.starts_with("nested too deeply"),
            "{link}: {message}"
        );
    }
    // Nesting within the limit parses.
    let source = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    assert_eq!(shape(&source), "a");
}

#[test]
fn deep_nesting_error_points_at_the_token_past_the_limit() {
    let source = "(".repeat(10_000);
    let text = format!("{HEADER}let v = {source}\n");
    let problem = parse_error(&text);
    let span = problem.span.expect("span");
    assert_eq!(&text[span.range()], "(");
    assert!(span.start as usize > HEADER.len() + 8 + 50, "{span:?}");
}
