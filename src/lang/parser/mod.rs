//! The rule-file parser: text in, a located [`RuleFile`] or a positioned `rule-syntax`
//! problem out.
//!
//! Built on nom 8 with nom_locate spans. The grammar is small and its errors matter more
//! than its speed, so the parser is recursive descent in plain functions: nom supplies the
//! token combinators and the input type, and every place that knows what must come next
//! fails with a message saying so, at the token that was found instead.

pub(crate) mod expr;
pub(crate) mod header;
pub(crate) mod lexer;
pub(crate) mod message;

use crate::lang::ast::{For, Item, Let, Require, RuleFile};
use crate::problem::Problem;
use crate::source::{FileId, Span};

use self::expr::{descend, operand};
use self::lexer::{
    Input, PResult, at_keyword, expected, expected_error, identifier, keyword, line_column, punct,
    skip_trivia, span_between,
};
use self::message::message;

/// Parses one rule file. `text` is the file's text as held by its
/// [`SourceFile`](crate::source::SourceFile) (byte order mark already dropped), so spans are
/// offsets into it. The first syntax error is returned as a `rule-syntax` problem.
pub fn parse_rule_file(text: &str, file: FileId) -> Result<RuleFile, Problem> {
    match rule_file(Input::new(text)) {
        Ok((_, rule_file)) => Ok(rule_file),
        Err(nom::Err::Error(error) | nom::Err::Failure(error)) => Err(error.into_problem(file)),
        // Only streaming parsers ask for more input; ours are all complete.
        Err(nom::Err::Incomplete(_)) => Err(Problem::error(
            crate::lang::error::RULE_SYNTAX,
            file,
            Span::new(text.len(), text.len()),
            "unexpected end of the file",
        )),
    }
}

fn rule_file(input: Input) -> PResult<RuleFile> {
    let (input, header) = header::header(input)?;
    let (input, items) = items(input, 0, None)?;
    Ok((input, RuleFile { header, items }))
}

/// Items up to the end of the file (`block` is `None`) or to the `}` closing a `for`
/// block opened at `block`.
fn items<'a>(
    mut input: Input<'a>,
    depth: usize,
    block: Option<(Input<'a>, &str)>,
) -> PResult<'a, Vec<Item>> {
    let mut items: Vec<Item> = Vec::new();
    loop {
        input = skip_trivia(input);
        if input.fragment().is_empty() {
            return match block {
                None => Ok((input, items)),
                Some((open, what)) => lexer::failure(
                    lexer::span_len(open, 1),
                    format!(
                        "unclosed `{{`: the body of {what} at {} has no closing `}}`",
                        line_column(open)
                    ),
                ),
            };
        }
        if block.is_some()
            && let Ok((rest, _)) = punct("}")(input)
        {
            return Ok((rest, items));
        }
        let (rest, item) = match item(input, depth) {
            Ok(parsed) => parsed,
            Err(nom::Err::Error(_)) => return not_an_item(input, items.last(), block.is_some()),
            Err(failed) => return Err(failed),
        };
        items.push(item);
        input = rest;
    }
}

/// The error for a token where an item should start, saying what came before it.
fn not_an_item<'a, T>(input: Input<'a>, previous: Option<&Item>, in_block: bool) -> PResult<'a, T> {
    let closer = if in_block {
        ", or `}` to close the block"
    } else {
        ""
    };
    if at_keyword(input, "rule") {
        return expected(input, "`let`, `for` or `require` (a file holds one rule)");
    }
    match previous {
        Some(Item::Let(binding)) => {
            let found = lexer::next_token(input);
            lexer::failure(
                found.span,
                format!(
                    "unexpected {} after the value of `let {}`: expected an operator, or a new `let`, `for` or `require`{closer}",
                    found.description, binding.name.text
                ),
            )
        }
        _ => expected(input, &format!("`let`, `for` or `require`{closer}")),
    }
}

/// One item; a recoverable error when the input does not start with `let`, `for` or
/// `require`.
fn item(input: Input, depth: usize) -> PResult<Item> {
    let start = skip_trivia(input);
    if let Ok((rest, _)) = keyword("let")(start) {
        let (rest, name) = identifier(rest, "a name after `let`")?;
        let equals = punct("=")(rest)
            .ok()
            .filter(|(after, _)| !after.fragment().starts_with('='));
        let Some((rest, _)) = equals else {
            return expected(rest, &format!("`=` after `let {}`", name.text));
        };
        let (rest, value) = operand(rest, depth, "`=`")?;
        let span = span_between(start, rest);
        return Ok((rest, Item::Let(Let { name, value, span })));
    }
    if let Ok((rest, _)) = keyword("for")(start) {
        return for_block(start, rest, depth).map(|(rest, block)| (rest, Item::For(block)));
    }
    if let Ok((rest, _)) = keyword("require")(start) {
        let (rest, condition) = operand(rest, depth, "`require`")?;
        let (rest, at) = match keyword("at")(rest) {
            Ok((after, _)) => {
                let (after, at) = operand(after, depth, "`at`")?;
                (after, Some(at))
            }
            Err(_) => (rest, None),
        };
        let (rest, level) = match keyword("level")(rest) {
            Ok((after, _)) => {
                let (after, level) =
                    identifier(after, "`error`, `warning` or `note` after `level`")?;
                if !["error", "warning", "note"].contains(&level.text.as_str()) {
                    return lexer::failure(
                        level.span,
                        format!(
                            "unknown level `{}`: expected `error`, `warning` or `note`",
                            level.text
                        ),
                    );
                }
                (after, Some(level))
            }
            Err(_) => (rest, None),
        };
        let (rest, message) = match message(rest, depth) {
            Ok(parsed) => parsed,
            Err(nom::Err::Error(_)) => {
                let after = if level.is_some() {
                    "the level"
                } else if at.is_some() {
                    "the `at` expression"
                } else {
                    "the condition of `require`"
                };
                return expected(rest, &format!("a message `<< ... >>` after {after}"));
            }
            Err(failed) => return Err(failed),
        };
        let span = span_between(start, rest);
        return Ok((
            rest,
            Item::Require(Require {
                condition,
                at,
                level,
                message,
                span,
            }),
        ));
    }
    Err(nom::Err::Error(expected_error(
        start,
        "`let`, `for` or `require`",
    )))
}

/// `for NAME in EXPR (when EXPR)? { items }` after the `for`.
fn for_block<'a>(start: Input<'a>, input: Input<'a>, depth: usize) -> PResult<'a, For> {
    let depth = descend(input, depth)?;
    let (input, name) = identifier(input, "a loop variable name after `for`")?;
    let Ok((input, _)) = keyword("in")(input) else {
        return expected(input, &format!("`in` after `for {}`", name.text));
    };
    let (input, list) = operand(input, depth, "`in`")?;
    let (input, when) = match keyword("when")(input) {
        Ok((after, _)) => {
            let (after, guard) = operand(after, depth, "`when`")?;
            (after, Some(guard))
        }
        Err(_) => (input, None),
    };
    let open = skip_trivia(input);
    let Ok((input, _)) = punct("{")(open) else {
        return expected(
            open,
            &format!("`{{` to open the body of `for {}`", name.text),
        );
    };
    let what = format!("`for {}`", name.text);
    let (rest, items) = items(input, depth, Some((open, &what)))?;
    let span = span_between(start, rest);
    Ok((
        rest,
        For {
            name,
            list,
            when,
            items,
            span,
        },
    ))
}
