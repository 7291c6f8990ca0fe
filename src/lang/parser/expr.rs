//! Expressions, by precedence from loosest to tightest: `or`, `and`, `not`, tests and
//! comparisons, postfix (`.field`, `[*]`, `[index]`, `[filter]`), primaries.
//!
//! Each level is a function that calls the next; nesting (parentheses, lists, call
//! arguments, brackets, interpolations) goes through [`expr`], which counts depth, and
//! quantifier bodies through [`descend`], so a file of ten thousand `(` is a positioned error and
//! never a stack overflow. Chains (`not not ...`, `a and b and ...`, `x[*][*]...`) are read in
//! loops, so they need no parser stack, but they build trees as deep as they are long, and
//! the checker, the evaluator and even dropping the tree recurse through it: each loop stops
//! at the limit, and [`expr`] measures the height of what it built, so no tree deeper than
//! [`MAX_DEPTH`] leaves the parser.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{map, not as peek_not, value};
use nom::sequence::terminated;

use crate::lang::ast::{
    CompareOp, Expr, ExprKind, IsTest, LogicalOp, Name, Number, PrefixTest, Quantifier,
};
use crate::lang::error::SyntaxError;
use crate::source::Span;

use super::lexer::{
    Input, PResult, expected, expected_error, failure, identifier, is_keyword, keyword, next_token,
    number, punct, regex, skip_trivia, span_between, string, text_block, word,
};

/// How deeply expressions and blocks may nest, counting every parenthesis, list, call,
/// bracket and block around an expression and every operator above it in its tree
/// (`not`, `and`, `or`, comparisons, `.field`, `[*]`); far beyond any real rule, far below
/// what the stack of a debug build holds.
pub const MAX_DEPTH: usize = 64;

/// The error for nesting past [`MAX_DEPTH`], at `span`.
fn too_deep(span: Span) -> nom::Err<SyntaxError> {
    nom::Err::Failure(SyntaxError::new(
        span,
        format!(
            "nested too deeply: more than {MAX_DEPTH} levels of parentheses, lists, calls, brackets, blocks or chained operators (`not`, `and`, `or`, `.field`, `[...]`)"
        ),
    ))
}

/// Checks that one more level of nesting is allowed at `input`, and returns it.
pub fn descend(input: Input, depth: usize) -> Result<usize, nom::Err<SyntaxError>> {
    if depth >= MAX_DEPTH {
        return Err(too_deep(next_token(input).span));
    }
    Ok(depth + 1)
}

/// Checks that a chain at `depth` may take its `length`th link, the operator at `span`.
fn link(span: Span, depth: usize, length: usize) -> Result<(), nom::Err<SyntaxError>> {
    if depth + length > MAX_DEPTH {
        return Err(too_deep(span));
    }
    Ok(())
}

/// Checks that `expr`, whose root is at `depth`, reaches no deeper than [`MAX_DEPTH`];
/// the error points at its deepest node. Walked with a stack of its own, since the tree
/// is what must not be recursed through.
fn within_depth(expr: Expr, depth: usize) -> Result<Expr, nom::Err<SyntaxError>> {
    let mut deepest = (depth, expr.span);
    let mut pending = vec![(&expr, depth)];
    while let Some((node, level)) = pending.pop() {
        if level > deepest.0 {
            deepest = (level, node.span);
        }
        pending.extend(node.children().into_iter().map(|child| (child, level + 1)));
    }
    if deepest.0 > MAX_DEPTH {
        return Err(too_deep(deepest.1));
    }
    Ok(expr)
}

/// Whether the next token can start an expression (used to say which operand is missing).
fn starts_expression(input: Input) -> bool {
    let input = skip_trivia(input);
    let text = input.fragment();
    if let Ok((_, found)) = word(input) {
        let found = *found.fragment();
        return !is_keyword(found)
            || matches!(
                found,
                "not" | "some" | "all" | "exists" | "empty" | "true" | "false" | "null" | "this"
            );
    }
    text.starts_with(|c: char| matches!(c, '(' | '[' | '"' | '/') || c.is_ascii_digit())
}

/// An expression that must follow `after` ("`=`", "`and`"): a clear error when absent.
pub fn operand<'a>(input: Input<'a>, depth: usize, after: &str) -> PResult<'a, Expr> {
    checked(input, after, |i| expr(i, depth))
}

/// A whole expression.
pub fn expr(input: Input, depth: usize) -> PResult<Expr> {
    let depth = descend(input, depth)?;
    let (rest, built) = or_expr(input, depth)?;
    Ok((rest, within_depth(built, depth)?))
}

fn binary(op: LogicalOp, left: Expr, right: Expr) -> Expr {
    let span = Span::new(left.span.start as usize, right.span.end as usize);
    Expr {
        kind: ExprKind::Logical {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
        span,
    }
}

fn or_expr(input: Input, depth: usize) -> PResult<Expr> {
    let (mut input, mut left) = and_expr(input, depth)?;
    let mut length = 0;
    while let Ok((rest, op)) = keyword("or")(input) {
        length += 1;
        link(op, depth, length)?;
        let (rest, right) = checked(rest, "`or`", |i| and_expr(i, depth))?;
        left = binary(LogicalOp::Or, left, right);
        input = rest;
    }
    Ok((input, left))
}

fn and_expr(input: Input, depth: usize) -> PResult<Expr> {
    let (mut input, mut left) = not_expr(input, depth)?;
    let mut length = 0;
    while let Ok((rest, op)) = keyword("and")(input) {
        length += 1;
        link(op, depth, length)?;
        let (rest, right) = checked(rest, "`and`", |i| not_expr(i, depth))?;
        left = binary(LogicalOp::And, left, right);
        input = rest;
    }
    Ok((input, left))
}

/// Runs `parse` after checking an operand follows `after`.
fn checked<'a>(
    input: Input<'a>,
    after: &str,
    parse: impl FnOnce(Input<'a>) -> PResult<'a, Expr>,
) -> PResult<'a, Expr> {
    if !starts_expression(input) {
        return expected(input, &format!("an expression after {after}"));
    }
    parse(input)
}

/// `not* test`, read in a loop so that a long chain of `not` needs no stack.
fn not_expr(input: Input, depth: usize) -> PResult<Expr> {
    let mut nots: Vec<Span> = Vec::new();
    let mut input = input;
    while let Ok((rest, span)) = keyword("not")(input) {
        nots.push(span);
        link(span, depth, nots.len())?;
        input = rest;
    }
    let (rest, mut operand) = if nots.is_empty() {
        test(input, depth)?
    } else {
        checked(input, "`not`", |i| test(i, depth))?
    };
    for not in nots.into_iter().rev() {
        let span = Span::new(not.start as usize, operand.span.end as usize);
        operand = Expr {
            kind: ExprKind::Not(Box::new(operand)),
            span,
        };
    }
    Ok((rest, operand))
}

fn test(input: Input, depth: usize) -> PResult<Expr> {
    let input = skip_trivia(input);
    if let Ok((rest, quantifier)) = alt((
        value(Quantifier::Some, keyword("some")),
        value(Quantifier::All, keyword("all")),
    ))
    .parse(input)
    {
        return quantified(input, rest, quantifier, depth);
    }
    if let Ok((rest, test)) = alt((
        value(PrefixTest::Exists, keyword("exists")),
        value(PrefixTest::Empty, keyword("empty")),
    ))
    .parse(input)
    {
        let name = if test == PrefixTest::Exists {
            "`exists`"
        } else {
            "`empty`"
        };
        let (rest, operand) = checked(rest, name, |i| postfix(i, depth))?;
        let span = span_between(input, rest);
        let kind = ExprKind::Prefix {
            test,
            operand: Box::new(operand),
        };
        return Ok((rest, Expr { kind, span }));
    }
    let (rest, compared) = compare(input, depth)?;
    let Ok((after_is, _)) = keyword("is")(rest) else {
        return Ok((rest, compared));
    };
    let Ok((rest, test)) = alt((
        value(IsTest::Known, keyword("known")),
        value(IsTest::Unknown, keyword("unknown")),
        value(IsTest::Empty, keyword("empty")),
    ))
    .parse(after_is) else {
        return expected(after_is, "`known`, `unknown` or `empty` after `is`");
    };
    let span = span_between(input, rest);
    let kind = ExprKind::Is {
        operand: Box::new(compared),
        test,
    };
    Ok((rest, Expr { kind, span }))
}

/// `some|all NAME in postfix : expr`: the condition reaches as far right as it can, as a
/// quantifier's scope does in logic (`some s in L: a and b` tests `a and b`).
fn quantified<'a>(
    start: Input<'a>,
    input: Input<'a>,
    quantifier: Quantifier,
    depth: usize,
) -> PResult<'a, Expr> {
    let word = if quantifier == Quantifier::Some {
        "some"
    } else {
        "all"
    };
    let (input, name) = identifier(input, &format!("a name after `{word}`"))?;
    let Ok((input, _)) = keyword("in")(input) else {
        return expected(input, &format!("`in` after `{word} {}`", name.text));
    };
    let (input, list) = checked(input, "`in`", |i| postfix(i, depth))?;
    let Ok((input, _)) = punct(":")(input) else {
        return expected(
            input,
            &format!("`:` before the condition of `{word} {} in ...`", name.text),
        );
    };
    let inner = descend(input, depth)?;
    let (rest, predicate) = checked(input, "`:`", |i| or_expr(i, inner))?;
    let kind = ExprKind::Quantified {
        quantifier,
        name,
        list: Box::new(list),
        predicate: Box::new(predicate),
    };
    Ok((
        rest,
        Expr {
            kind,
            span: span_between(start, rest),
        },
    ))
}

/// A comparison operator; `<` is not taken from a message's `<<`.
fn compare_op(input: Input) -> PResult<(CompareOp, Span)> {
    let input = skip_trivia(input);
    let (rest, op) = alt((
        value(CompareOp::Eq, punct("==")),
        value(CompareOp::Ne, punct("!=")),
        value(CompareOp::Le, punct("<=")),
        value(CompareOp::Ge, punct(">=")),
        value(CompareOp::Lt, terminated(punct("<"), peek_not(punct("<")))),
        value(CompareOp::Gt, terminated(punct(">"), peek_not(punct(">")))),
        value(CompareOp::In, keyword("in")),
        value(CompareOp::NotIn, (keyword("not"), keyword("in"))),
        value(CompareOp::Matches, keyword("matches")),
    ))
    .parse(input)?;
    Ok((rest, (op, span_between(input, rest))))
}

fn compare(input: Input, depth: usize) -> PResult<Expr> {
    let (rest, left) = postfix(input, depth)?;
    let Ok((after_op, (op, op_span))) = compare_op(rest) else {
        return Ok((rest, left));
    };
    let op_text = describe_span(input, op_span);
    let (rest, right) = checked(after_op, &format!("`{op_text}`"), |i| postfix(i, depth))?;
    if let Ok((_, (_, second))) = compare_op(rest) {
        return failure(
            second,
            format!(
                "comparisons do not chain: `{}` cannot follow `{op_text}`; join two comparisons with `and`",
                describe_span(input, second)
            ),
        );
    }
    let span = Span::new(left.span.start as usize, right.span.end as usize);
    let kind = ExprKind::Compare {
        op,
        left: Box::new(left),
        right: Box::new(right),
    };
    Ok((rest, Expr { kind, span }))
}

/// The source text of `span`, found from any input of the same file that starts before it.
fn describe_span(base: Input, span: Span) -> String {
    let from = (span.start as usize).saturating_sub(base.location_offset());
    let to = (span.end as usize).saturating_sub(base.location_offset());
    let text = base.fragment().get(from..to).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `primary ( "." IDENT | "[" "*" "]" | "[" INTEGER "]" | "[" expr "]" )*`.
pub fn postfix(input: Input, depth: usize) -> PResult<Expr> {
    let start = skip_trivia(input);
    let (mut input, mut base) = primary(start, depth)?;
    let mut length = 0;
    loop {
        length += 1;
        if let Ok((rest, dot)) = punct(".")(input) {
            link(dot, depth, length)?;
            let (rest, field) = identifier(rest, "a field name after `.`")?;
            let span = span_between(start, rest);
            base = Expr {
                kind: ExprKind::Field {
                    base: Box::new(base),
                    field,
                },
                span,
            };
            input = rest;
        } else if let Ok((rest, open)) = punct("[")(input) {
            link(open, depth, length)?;
            let (rest, kind) = bracket(rest, open, base, depth)?;
            base = Expr {
                kind,
                span: span_between(start, rest),
            };
            input = rest;
        } else {
            return Ok((input, base));
        }
    }
}

/// After `base[`: `*]`, `INTEGER]` or `expr]`.
fn bracket(input: Input, open: Span, base: Expr, depth: usize) -> PResult<ExprKind> {
    let base = Box::new(base);
    if let Ok((rest, _)) = (punct("*"), punct("]")).parse(input) {
        return Ok((rest, ExprKind::Every(base)));
    }
    if let Ok((rest, Number::Integer(index))) = terminated(number, punct("]")).parse(input) {
        return Ok((rest, ExprKind::Index { base, index }));
    }
    if punct("]")(input).is_ok() {
        return expected(input, "`*`, an index or a filter condition inside `[]`");
    }
    let (rest, predicate) = operand(input, depth, "`[`")?;
    let Ok((rest, _)) = punct("]")(rest) else {
        return unclosed(rest, open, "`[`", "`]`");
    };
    Ok((
        rest,
        ExprKind::Filter {
            base,
            predicate: Box::new(predicate),
        },
    ))
}

/// "expected `)` to close the `(` at 3:9, found ..." with the opening token as related.
fn unclosed<'a, T>(input: Input<'a>, open: Span, opener: &str, closer: &str) -> PResult<'a, T> {
    let error = expected_error(input, &format!("{closer} to close {opener}"))
        .with_related(open, format!("{opener} opened here"));
    Err(nom::Err::Failure(error))
}

fn primary(input: Input, depth: usize) -> PResult<Expr> {
    let start = skip_trivia(input);
    let located = |rest: Input<'_>, kind: ExprKind| Expr {
        kind,
        span: span_between(start, rest),
    };
    if let Ok((rest, open)) = punct("(")(start) {
        let (rest, inside) = operand(rest, depth, "`(`")?;
        let Ok((rest, _)) = punct(")")(rest) else {
            return unclosed(rest, open, "`(`", "`)`");
        };
        // The parentheses are part of the expression's text, so its span grows to them.
        return Ok((
            rest,
            Expr {
                kind: inside.kind,
                span: span_between(start, rest),
            },
        ));
    }
    if let Ok((rest, open)) = punct("[")(start) {
        let (rest, items) = sequence(rest, depth, open, "`[`", "]")?;
        return Ok((rest, located(rest, ExprKind::List(items))));
    }
    let literal = alt((
        map(text_block, ExprKind::TextBlock),
        map(string, ExprKind::String),
        map(number, ExprKind::Number),
        map(regex, ExprKind::Regex),
    ))
    .parse(start);
    match literal {
        Ok((rest, kind)) => return Ok((rest, located(rest, kind))),
        Err(nom::Err::Error(_)) => {}
        Err(failed) => return Err(failed),
    }
    let Ok((rest, found)) = word(start) else {
        return expected(start, "an expression");
    };
    let kind = match *found.fragment() {
        "true" => ExprKind::Bool(true),
        "false" => ExprKind::Bool(false),
        "null" => ExprKind::Null,
        "this" => ExprKind::This,
        text if is_keyword(text) => return expected(start, "an expression"),
        text => {
            let name = Name {
                text: text.to_owned(),
                span: span_between(start, rest),
            };
            return call_or_name(start, rest, name, depth);
        }
    };
    Ok((rest, located(rest, kind)))
}

fn call_or_name<'a>(
    start: Input<'a>,
    rest: Input<'a>,
    name: Name,
    depth: usize,
) -> PResult<'a, Expr> {
    // Whitespace is insignificant (the spec), so `f (x)` is a call too.
    let Ok((after, open)) = punct("(")(rest) else {
        let span = name.span;
        let kind = ExprKind::Ident(name.text);
        return Ok((rest, Expr { kind, span }));
    };
    let opener = format!("the arguments of `{}(`", name.text);
    let (after, args) = sequence(after, depth, open, &opener, ")")?;
    let kind = ExprKind::Call {
        function: name,
        args,
    };
    Ok((
        after,
        Expr {
            kind,
            span: span_between(start, after),
        },
    ))
}

/// `(expr ("," expr)* ","?)? CLOSE` after the opening token.
fn sequence<'a>(
    mut input: Input<'a>,
    depth: usize,
    open: Span,
    opener: &str,
    close: &'static str,
) -> PResult<'a, Vec<Expr>> {
    let mut items = Vec::new();
    loop {
        if let Ok((rest, _)) = punct(close)(input) {
            return Ok((rest, items));
        }
        if !starts_expression(input) {
            let what = if items.is_empty() {
                "an expression"
            } else {
                "an expression after `,`"
            };
            return unclosed(input, open, opener, &format!("{what} or `{close}`"));
        }
        let (rest, item) = expr(input, depth)?;
        items.push(item);
        match punct(",")(rest) {
            Ok((rest, _)) => input = rest,
            Err(_) => {
                let Ok((rest, _)) = punct(close)(rest) else {
                    return unclosed(rest, open, opener, &format!("`,` or `{close}`"));
                };
                return Ok((rest, items));
            }
        }
    }
}
