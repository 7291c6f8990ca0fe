//! Items (`let`, `for`, `require`), messages and the spec's full example rule.

use super::{HEADER, parse, parse_error, sexpr};
use crate::lang::ast::{Item, MessagePart};

fn parse_items(source: &str) -> (Vec<Item>, String) {
    let text = format!("{HEADER}{source}");
    (parse(&text).items, text)
}

fn error(source: &str) -> (String, String) {
    let text = format!("{HEADER}{source}");
    let problem = parse_error(&text);
    let span = problem.span.expect("a span");
    (problem.message, text[span.range()].to_owned())
}

#[test]
fn the_spec_example_parses_into_the_expected_tree() {
    let text = include_str!("../../../testdata/rules/SUP002-support-role-open-trust.rule");
    let file = parse(text);
    assert_eq!(file.header.id.text, "SUP002");
    assert_eq!(file.header.name.text, "support-role-open-trust");
    assert_eq!(&text[file.header.id.span.range()], "SUP002");
    let keys: Vec<&str> = file
        .header
        .meta
        .iter()
        .map(|entry| entry.key.text.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "level",
            "security-severity",
            "scope",
            "tags",
            "cis",
            "security-hub",
            "summary",
            "description",
            "help"
        ]
    );
    assert_eq!(file.items.len(), 2);
    let Item::Let(roles) = &file.items[0] else {
        panic!()
    };
    assert_eq!(roles.name.text, "support_roles");
    assert_eq!(
        sexpr(&roles.value),
        "(filter roles (call is_support_role this))"
    );
    let Item::For(block) = &file.items[1] else {
        panic!()
    };
    assert_eq!(block.name.text, "role");
    assert_eq!(sexpr(&block.list), "support_roles");
    assert!(
        text[block.span.range()].starts_with("for role in")
            && text[block.span.range()].ends_with('}')
    );
    let Item::Let(open) = &block.items[0] else {
        panic!()
    };
    assert_eq!(
        sexpr(&open.value),
        "(filter (. (. role trust) statements) (and (call admits_anyone this) (not (call narrowed this))))"
    );
    let Item::Require(require) = &block.items[1] else {
        panic!()
    };
    assert_eq!(sexpr(&require.condition), "(empty open)");
    assert_eq!(sexpr(require.at.as_ref().unwrap()), "(index open 0)");
    let parts: Vec<String> = require
        .message
        .parts
        .iter()
        .map(|part| match part {
            MessagePart::Text(text, _) => format!("{text:?}"),
            MessagePart::Expr(expr) => sexpr(expr),
        })
        .collect();
    assert_eq!(
        parts,
        [
            "\" Role `\"",
            "(. role address)",
            "\"` lets any AWS principal assume it (statement \"",
            "(. (index open 0) sid)",
            "\").\\n       Trust specific principals, or add a condition such as aws:PrincipalOrgID. \"",
        ]
    );
    let message = &text[require.message.span.range()];
    assert!(message.starts_with("<< Role") && message.ends_with("PrincipalOrgID. >>"));
}

#[test]
fn let_for_and_require_in_all_their_forms() {
    let (items, text) = parse_items(
        "let a = 1\nfor x in xs when x.ok {\n  for y in x.ys { require y << m >> }\n}\nrequire a at b << m >>\nrequire a<<m>>\n",
    );
    assert_eq!(items.len(), 4);
    let Item::Let(binding) = &items[0] else {
        panic!()
    };
    assert_eq!(&text[binding.span.range()], "let a = 1");
    let Item::For(outer) = &items[1] else {
        panic!()
    };
    assert_eq!(sexpr(outer.when.as_ref().unwrap()), "(. x ok)");
    let Item::For(inner) = &outer.items[0] else {
        panic!()
    };
    assert!(inner.when.is_none());
    assert_eq!(
        &text[inner.span.range()],
        "for y in x.ys { require y << m >> }"
    );
    let Item::Require(with_at) = &items[2] else {
        panic!()
    };
    assert_eq!(&text[with_at.span.range()], "require a at b << m >>");
    let Item::Require(tight) = &items[3] else {
        panic!()
    };
    assert!(tight.at.is_none());
    // `a < b` compares, `a << m >>` starts the message.
    let (items, _) = parse_items("require a < b << m >>\n");
    let Item::Require(require) = &items[0] else {
        panic!()
    };
    assert_eq!(sexpr(&require.condition), "(< a b)");
    // An empty file body and an empty `for` body are fine.
    assert!(parse(HEADER).items.is_empty());
    let (empty_for, _) = parse_items("for x in y {}");
    assert!(matches!(&empty_for[0], Item::For(block) if block.items.is_empty()));
}

#[test]
fn messages_interpolate_and_escape_braces() {
    let (items, text) =
        parse_items("require a << {{literal}} {x.y} > not the end, {f(a, \"}\")}>>");
    let Item::Require(require) = &items[0] else {
        panic!()
    };
    let parts = &require.message.parts;
    assert_eq!(parts.len(), 4);
    let MessagePart::Text(first, span) = &parts[0] else {
        panic!()
    };
    assert_eq!(first, " {literal} ");
    assert_eq!(&text[span.range()], " {{literal}} ");
    let MessagePart::Expr(expr) = &parts[1] else {
        panic!()
    };
    assert_eq!(&text[expr.span.range()], "x.y");
    let MessagePart::Text(middle, _) = &parts[2] else {
        panic!()
    };
    assert_eq!(middle, " > not the end, ");
    let MessagePart::Expr(call) = &parts[3] else {
        panic!()
    };
    assert_eq!(sexpr(call), "(call f a \"}\")");
    // `#` in a message is text, not a comment.
    let (items, _) = parse_items("require a << see #12 >>");
    let Item::Require(require) = &items[0] else {
        panic!()
    };
    assert!(
        matches!(&require.message.parts[..], [MessagePart::Text(text, _)] if text == " see #12 "),
        "{:?}",
        require.message.parts
    );
}

#[test]
fn message_errors() {
    let (message, at) = error("require a\n  << never closed\n");
    assert_eq!(message, "unclosed message: `<<` at 3:3 has no `>>`");
    assert_eq!(at, "<<");
    let (message, at) = error("require a << a } b >>");
    assert_eq!(
        message,
        "a lone `}` in a message: write `}}` for a literal brace"
    );
    assert_eq!(at, "}");
    let (message, _) = error("require a << {x y} >>");
    assert_eq!(
        message,
        "expected `}` to close the interpolation `{` at 2:14, found `y`"
    );
    let (message, _) = error("require a << {} >>");
    assert_eq!(
        message,
        "expected an expression after `{` in a message, found `}`"
    );
}

#[test]
fn item_errors() {
    assert_eq!(error("let = 1").0, "expected a name after `let`, found `=`");
    assert_eq!(
        error("let x == 1").0,
        "expected `=` after `let x`, found `==`"
    );
    assert_eq!(error("let x 1").0, "expected `=` after `let x`, found `1`");
    assert_eq!(
        error("let x =").0,
        "expected an expression after `=`, found the end of the file"
    );
    assert_eq!(
        error("for in xs {}").0,
        "expected a loop variable name after `for`, found the keyword `in`: keywords cannot be used as names"
    );
    assert_eq!(
        error("for x of xs {}").0,
        "expected `in` after `for x`, found `of`"
    );
    assert_eq!(
        error("for x in xs require").0,
        "expected `{` to open the body of `for x`, found the keyword `require`"
    );
    assert_eq!(
        error("for x in xs when {}").0,
        "expected an expression after `when`, found `{`"
    );
    assert_eq!(
        error("require << m >>").0,
        "expected an expression after `require`, found a message `<<`"
    );
    assert_eq!(
        error("require a at << m >>").0,
        "expected an expression after `at`, found a message `<<`"
    );
    assert_eq!(
        error("require a at b").0,
        "expected a message `<< ... >>` after the `at` expression, found the end of the file"
    );
    assert_eq!(
        error("x = 1").0,
        "expected `let`, `for` or `require`, found `x`"
    );
    assert_eq!(
        error("for x in y { 1 }").0,
        "expected `let`, `for` or `require`, or `}` to close the block, found `1`"
    );
    assert_eq!(
        error("rule T2 other {}").0,
        "expected `let`, `for` or `require` (a file holds one rule), found the keyword `rule`"
    );
    let (message, at) = error("let a = b c");
    assert_eq!(
        message,
        "unexpected `c` after the value of `let a`: expected an operator, or a new `let`, `for` or `require`"
    );
    assert_eq!(at, "c");
    let (message, at) = error("for x in y {\n  let a = 1\n");
    assert_eq!(
        message,
        "unclosed `{`: the body of `for x` at 2:12 has no closing `}`"
    );
    assert_eq!(at, "{");
}

#[test]
fn deeply_nested_for_blocks_are_an_error() {
    let source = "for x in y {".repeat(10_000);
    let (message, _) = error(&source);
    assert!(message.starts_with("nested too deeply"), "{message}");
}

#[test]
fn require_may_set_its_own_level() {
    let (items, text) = parse_items("require a at b level warning << m >>\nrequire a << m >>\n");
    let Item::Require(leveled) = &items[0] else {
        panic!()
    };
    let level = leveled.level.as_ref().unwrap();
    assert_eq!(level.text, "warning");
    assert_eq!(&text[level.span.range()], "warning");
    assert_eq!(sexpr(leveled.at.as_ref().unwrap()), "b");
    let Item::Require(plain) = &items[1] else {
        panic!()
    };
    assert!(plain.level.is_none());
    assert_eq!(
        error("require a level fatal << m >>"),
        (
            "unknown level `fatal`: expected `error`, `warning` or `note`".to_owned(),
            "fatal".to_owned()
        )
    );
    assert_eq!(
        error("require a level warning").0,
        "expected a message `<< ... >>` after the level, found the end of the file"
    );
}
