//! Messages `<< ... >>`: free text to the closing `>>` with `{expression}` interpolations
//! and `{{`/`}}` for literal braces.
//!
//! Text is kept as written (line breaks and indentation included): how a finding's
//! message is laid out is the renderer's decision, and keeping the source text lets every
//! text part's span cover exactly what the author wrote.

use nom::Input as _;

use crate::lang::ast::{Message, MessagePart};
use crate::source::Span;

use super::expr::operand;
use super::lexer::{
    Input, PResult, expected_error, failure, line_column, punct, skip_trivia, span_between,
    span_len,
};

/// A `<< ... >>` message (after trivia); a recoverable error when there is no `<<`.
pub fn message(input: Input, depth: usize) -> PResult<Message> {
    let start = skip_trivia(input);
    let (mut input, _) = punct("<<")(start)?;
    // Without any `>>` after it, the `<<` is the mistake, whatever the text holds.
    if !input.fragment().contains(">>") {
        return unclosed(start);
    }
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut text_start = input;
    loop {
        let fragment = *input.fragment();
        let Some(special) = fragment.find(['>', '{', '}']) else {
            return failure(
                span_len(start, 2),
                format!(
                    "unclosed message: `<<` at {} has no `>>`",
                    line_column(start)
                ),
            );
        };
        text.push_str(&fragment[..special]);
        let rest = &fragment[special..];
        let mark = input.take_from(special);
        if rest.starts_with(">>") {
            flush_text(&mut parts, &mut text, text_start, mark);
            let end = mark.take_from(2);
            return Ok((
                end,
                Message {
                    parts,
                    span: span_between(start, end),
                },
            ));
        }
        if rest.starts_with("{{") || rest.starts_with("}}") {
            text.push_str(&rest[..1]);
            input = mark.take_from(2);
        } else if rest.starts_with('{') {
            flush_text(&mut parts, &mut text, text_start, mark);
            let (after, interpolated) = interpolation(mark, depth)?;
            parts.push(MessagePart::Expr(interpolated));
            input = after;
            text_start = after;
        } else if rest.starts_with('}') {
            return failure(
                span_len(mark, 1),
                "a lone `}` in a message: write `}}` for a literal brace",
            );
        } else {
            // A single `>` is text.
            text.push('>');
            input = mark.take_from(1);
        }
    }
}

fn unclosed<T>(start: Input) -> PResult<T> {
    failure(
        span_len(start, 2),
        format!(
            "unclosed message: `<<` at {} has no `>>`",
            line_column(start)
        ),
    )
}

/// `{expression}` starting at the `{`.
fn interpolation(open: Input, depth: usize) -> PResult<crate::lang::ast::Expr> {
    let after_open = open.take_from(1);
    let (rest, value) = operand(after_open, depth, "`{` in a message")?;
    match punct("}")(rest) {
        Ok((rest, _)) => Ok((rest, value)),
        Err(_) => {
            let what = format!(
                "`}}` to close the interpolation `{{` at {}",
                line_column(open)
            );
            let error = expected_error(rest, &what)
                .with_related(span_len(open, 1), "interpolation opened here");
            Err(nom::Err::Failure(error))
        }
    }
}

/// Moves the collected text, if any, into `parts`.
fn flush_text(parts: &mut Vec<MessagePart>, text: &mut String, from: Input, to: Input) {
    if !text.is_empty() {
        let span: Span = span_between(from, to);
        parts.push(MessagePart::Text(std::mem::take(text), span));
    }
}
