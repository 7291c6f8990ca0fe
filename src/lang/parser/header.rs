//! The header `rule ID NAME { key: value ... }`.
//!
//! Only the syntax of metadata is checked here (keys are kebab-case, each has a `:` and a
//! value); which keys exist and what their values mean is [`crate::lang::metadata`]'s job,
//! so that all metadata mistakes of a rule are reported together.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::map;

use crate::lang::ast::{Header, MetaEntry, MetaValue, MetaValueKind, Name};
use crate::lang::error::SyntaxError;

use super::expr::descend;
use super::lexer::{
    Input, PResult, expected, expected_error, failure, is_kebab_case, is_keyword, is_rule_id,
    keyword, line_column, name_run, number, punct, skip_trivia, span_between, span_len, string,
    text_block, word,
};

/// `rule ID NAME { meta* }`.
pub fn header(input: Input) -> PResult<Header> {
    let start = skip_trivia(input);
    let Ok((input, _)) = keyword("rule")(start) else {
        return expected(
            start,
            "`rule` to start the rule file (`rule ID name { ... }`)",
        );
    };
    let Ok((input, id)) = name_run(input) else {
        return expected(input, "a rule ID such as `SUP002` after `rule`");
    };
    if !is_rule_id(&id.text) {
        return failure(
            id.span,
            format!(
                "`{}` is not a valid rule ID: write capital letters and digits ending in a digit, such as `SUP002`",
                id.text
            ),
        );
    }
    let Ok((input, name)) = name_run(input) else {
        return expected(
            input,
            &format!("a kebab-case rule name after `rule {}`", id.text),
        );
    };
    check_kebab(&name, "rule name", "support-role-open-trust")?;
    let open = skip_trivia(input);
    let Ok((mut input, _)) = punct("{")(open) else {
        return expected(
            open,
            &format!("`{{` to open the metadata of rule `{}`", id.text),
        );
    };
    let mut meta = Vec::new();
    loop {
        input = skip_trivia(input);
        if let Ok((rest, _)) = punct("}")(input) {
            let span = span_between(start, rest);
            return Ok((
                rest,
                Header {
                    id,
                    name,
                    meta,
                    span,
                },
            ));
        }
        if input.fragment().is_empty() {
            return failure(
                span_len(open, 1),
                format!(
                    "unclosed `{{`: the metadata of rule `{}` at {} has no closing `}}`",
                    id.text,
                    line_column(open)
                ),
            );
        }
        let Ok((rest, key)) = name_run(input) else {
            return expected(
                input,
                "a metadata key such as `level`, or `}` to end the metadata",
            );
        };
        check_kebab(&key, "metadata key", "security-severity")?;
        let Ok((rest, _)) = punct(":")(rest) else {
            return expected(rest, &format!("`:` after the metadata key `{}`", key.text));
        };
        let (rest, value) = meta_value(rest, 0, &key)?;
        meta.push(MetaEntry { key, value });
        input = rest;
    }
}

fn check_kebab(name: &Name, what: &str, example: &str) -> Result<(), nom::Err<SyntaxError>> {
    if is_kebab_case(&name.text) {
        return Ok(());
    }
    Err(nom::Err::Failure(SyntaxError::new(
        name.span,
        format!(
            "`{}` is not a valid {what}: write lower-case words joined by `-`, such as `{example}`",
            name.text
        ),
    )))
}

/// `STRING | TEXT_BLOCK | NUMBER | IDENT | "[" (meta_value ("," meta_value)* ","?)? "]"`.
fn meta_value<'a>(input: Input<'a>, depth: usize, key: &Name) -> PResult<'a, MetaValue> {
    let start = skip_trivia(input);
    let located = |rest: Input<'_>, kind| MetaValue {
        kind,
        span: span_between(start, rest),
    };
    let literal = alt((
        map(text_block, MetaValueKind::TextBlock),
        map(string, MetaValueKind::String),
        map(number, MetaValueKind::Number),
    ))
    .parse(start);
    match literal {
        Ok((rest, kind)) => return Ok((rest, located(rest, kind))),
        Err(nom::Err::Error(_)) => {}
        Err(failed) => return Err(failed),
    }
    if let Ok((rest, found)) = word(start)
        && !is_keyword(found.fragment())
    {
        let kind = MetaValueKind::Ident((*found.fragment()).to_owned());
        return Ok((rest, located(rest, kind)));
    }
    let Ok((mut input, open)) = punct("[")(start) else {
        return expected(
            start,
            &format!(
                "a value for the metadata key `{}` (a string, a text block, a number, a word or a list)",
                key.text
            ),
        );
    };
    let depth = descend(input, depth)?;
    let mut items = Vec::new();
    loop {
        if let Ok((rest, _)) = punct("]")(input) {
            return Ok((rest, located(rest, MetaValueKind::List(items))));
        }
        let (rest, item) = meta_value(input, depth, key)?;
        items.push(item);
        input = match punct(",")(rest) {
            Ok((rest, _)) => rest,
            Err(_) if punct("]")(rest).is_ok() => rest,
            Err(_) => {
                let what = format!("`,` or `]` in the list of `{}`", key.text);
                let error = expected_error(rest, &what).with_related(open, "the list opened here");
                return Err(nom::Err::Failure(error));
            }
        };
    }
}
