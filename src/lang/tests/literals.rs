//! Literals and trivia: strings and their escapes, text blocks and their dedent, numbers,
//! regular expressions, comments, CRLF and tabs.

use super::{HEADER, expression, parse, parse_error, sexpr, text_of};
use crate::lang::ast::{ExprKind, Number};
use crate::lang::parser::lexer::dedent;

fn error_at(source: &str) -> (String, String) {
    let text = format!("{HEADER}let v = {source}\n");
    let problem = parse_error(&text);
    let span = problem.span.expect("a span");
    (problem.message, text[span.range()].to_owned())
}

#[test]
fn strings_resolve_their_escapes() {
    let (expr, text) = expression(r#""a\"b\\c\nd\te\u{1F600}é""#);
    assert_eq!(expr.kind, ExprKind::String("a\"b\\c\nd\te😀é".to_owned()));
    assert_eq!(text_of(&text, &expr), r#""a\"b\\c\nd\te\u{1F600}é""#);
    assert_eq!(expression(r#""""#).0.kind, ExprKind::String(String::new()));
}

#[test]
fn string_errors_point_at_the_quote_or_the_escape() {
    let (message, at) = error_at("\"abc\nlet w = 1");
    assert_eq!(at, "\"");
    assert!(
        message.starts_with("unclosed string: `\"` at 2:9 has no closing `\"` on its line"),
        "{message}"
    );
    assert_eq!(error_at(r#""a\qb""#).1, r"\q");
    assert!(error_at(r#""a\qb""#).0.starts_with("unknown escape `\\q`"));
    for bad in [
        r#""\u{}""#,
        r#""\u{1234567}""#,
        r#""\u{D800}""#,
        r#""\u41""#,
        r#""\u{zz}""#,
    ] {
        let (message, at) = error_at(bad);
        assert!(
            message.starts_with("bad unicode escape"),
            "{bad}: {message}"
        );
        assert!(at.starts_with("\\u"), "{bad}: {at}");
    }
    assert!(error_at("\"abc").0.starts_with("unclosed string"));
}

#[test]
fn text_blocks_drop_blank_edge_lines_and_common_indentation() {
    let (expr, _) = expression("\"\"\"\n    ## What\n      indented\n\n    end\n  \"\"\"");
    assert_eq!(
        expr.kind,
        ExprKind::TextBlock("## What\n  indented\n\nend".to_owned())
    );
    assert_eq!(dedent("one line"), "one line");
    assert_eq!(dedent("  a\n  b"), "a\nb");
    assert_eq!(dedent("\r\n\t\tx\r\n\t\t  y\r\n\t"), "x\n  y");
    // Tabs and spaces: only the shared prefix goes.
    assert_eq!(dedent("\n\t  a\n\t b\n"), " a\nb");
    assert_eq!(dedent(""), "");
    assert_eq!(dedent("\n\n"), "");
}

#[test]
fn unclosed_text_block_points_at_its_opening() {
    let (message, at) = error_at("\"\"\"\n  never closed\n");
    assert_eq!(at, "\"\"\"");
    assert_eq!(
        message,
        "unclosed text block: `\"\"\"` at 2:9 has no closing `\"\"\"`"
    );
}

#[test]
fn numbers_are_integers_or_decimals() {
    assert_eq!(
        expression("42").0.kind,
        ExprKind::Number(Number::Integer(42))
    );
    assert_eq!(
        expression("8.1").0.kind,
        ExprKind::Number(Number::Decimal(8.1))
    );
    assert_eq!(sexpr(&expression("0 < 10.25").0), "(< 0 10.25)");
    let (message, at) = error_at("99999999999999999999999");
    assert_eq!(
        message,
        "the integer `99999999999999999999999` is too large"
    );
    assert_eq!(at, "99999999999999999999999");
    // `1.x`: a dot not followed by a digit is not part of the number.
    assert_eq!(sexpr(&expression("1.x").0), "(. 1 x)");
}

#[test]
fn regular_expressions_keep_their_source_and_flag() {
    let ExprKind::Regex(regex) = expression(r"/^arn:aws[a-z-]*:\/x\d/i").0.kind else {
        panic!()
    };
    assert_eq!(regex.source, r"^arn:aws[a-z-]*:/x\d");
    assert!(regex.case_insensitive);
    let ExprKind::Regex(regex) = expression("/a b/").0.kind else {
        panic!()
    };
    assert_eq!(
        (regex.source.as_str(), regex.case_insensitive),
        ("a b", false)
    );
    let (message, at) = error_at("/abc/x");
    assert!(
        message.starts_with("unknown regular expression flag `x`"),
        "{message}"
    );
    assert_eq!(at, "x");
    assert!(
        error_at("/abc/ii")
            .0
            .starts_with("repeated regular expression flag `i`")
    );
    let (message, at) = error_at("/abc\n");
    assert!(
        message.starts_with("unclosed regular expression: `/` at 2:9"),
        "{message}"
    );
    assert_eq!(at, "/");
}

#[test]
fn comments_crlf_and_tabs_are_trivia() {
    let text = "# leading comment\r\nrule T1 test-rule { # after the brace\r\n}\r\n\tlet v = a # trailing\r\n\t\tand b\r\n";
    let file = parse(text);
    assert_eq!(file.items.len(), 1);
    let crate::lang::ast::Item::Let(binding) = &file.items[0] else {
        panic!()
    };
    assert_eq!(sexpr(&binding.value), "(and a b)");
    assert_eq!(text_of(text, &binding.value), "a # trailing\r\n\t\tand b");
    // `#` inside a string is text.
    assert_eq!(
        expression("\"a # b\"").0.kind,
        ExprKind::String("a # b".to_owned())
    );
}

#[test]
fn a_fixture_with_crlf_and_tabs_parses_with_exact_positions() {
    let text = include_str!("../../../testdata/rules/ACME7-crlf-and-tabs.rule");
    let file = parse(text);
    let description = &file.header.meta[4];
    assert_eq!(description.key.text, "description");
    assert_eq!(
        description.value.kind,
        crate::lang::ast::MetaValueKind::TextBlock(
            "First line.\n  Indented.\n\nLast line.".to_owned()
        )
    );
    let crate::lang::ast::Item::For(block) = &file.items[0] else {
        panic!()
    };
    assert_eq!(
        sexpr(block.when.as_ref().unwrap()),
        "(exists (. user name))"
    );
    let crate::lang::ast::Item::Require(require) = &block.items[0] else {
        panic!()
    };
    assert_eq!(
        sexpr(&require.condition),
        "(matches (. user name) /^[a-z]+$/i)"
    );
}
