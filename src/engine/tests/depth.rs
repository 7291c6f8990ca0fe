//! Chains in a rule (`not not ...`, `a and b and ...`, `x[*][*]...`) are as deep as they are
//! long, and parsing, checking, evaluating and dropping them all recurse: at the nesting
//! limit a rule loads and runs, one link more is a positioned error, and a chain of 100,000
//! is the same error. Each case runs on threads with a small stack, so that a recursion the
//! limit does not bound overflows here, in the test, rather than on a user's machine.

use std::path::PathBuf;

use super::run;
use crate::engine::ruleset::{RuleOrigin, RuleSource, load_sources};
use crate::engine::run::RunOptions;
use crate::lang::parser::expr::MAX_DEPTH;

/// An eighth of a real thread's 2 MiB: enough for a debug build at the limit, far too
/// little for a chain the limit does not stop.
const SMALL_STACK: usize = 256 * 1024;

const ROLE: &str = "Resources:\n  Support:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n";

/// An expression of a kind of chain with `links` links, true when evaluated.
type Chain = fn(usize) -> String;

const CHAINS: &[(&str, Chain)] = &[
    ("not", |links| format!("{}true", "not ".repeat(links))),
    ("and", |links| format!("true{}", " and true".repeat(links))),
    ("or", |links| format!("true{}", " or false".repeat(links))),
    ("[*]", |links| format!("roles{}", "[*]".repeat(links))),
];

/// A rule that binds `expression` (at the top, one level down) and reports each role when
/// it exists.
fn rule_body(expression: &str) -> String {
    format!(
        "let v = {expression}\nfor role in roles {{\n  require not exists v << {{role.name}} >>\n}}"
    )
}

/// Runs `work` on a one-thread rayon pool of small stacks (rules are run in parallel, so
/// evaluation happens on the pool's threads).
fn on_small_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(SMALL_STACK)
        .build()
        .expect("a thread pool")
        .install(work)
}

/// The problems of loading the rule around `expression`: message, offset, text underlined.
fn load_problems(expression: &str) -> Vec<(String, u32, String)> {
    let text = super::rule_text("T1", "resource", &rule_body(expression));
    let problems = on_small_stack(|| {
        load_sources(vec![RuleSource {
            path: PathBuf::from("t.rule"),
            text: text.clone(),
            origin: RuleOrigin::Custom(PathBuf::from("t.rule")),
        }])
        .problems
    });
    problems
        .iter()
        .map(|problem| {
            let span = problem.span.expect("a span");
            (
                problem.message.clone(),
                span.start,
                text[span.range()].to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_chain_at_the_limit_loads_and_runs_on_a_small_stack() {
    for (name, chain) in CHAINS {
        let body = rule_body(&chain(MAX_DEPTH - 1));
        let findings = on_small_stack(|| run(&[&body], &[ROLE], RunOptions::default()).findings());
        assert_eq!(findings.len(), 1, "{name}: {findings:?}");
    }
}

#[test]
fn one_link_past_the_limit_is_an_error_at_that_link_however_long_the_chain() {
    for (name, chain) in CHAINS {
        let past = load_problems(&chain(MAX_DEPTH));
        assert_eq!(past.len(), 1, "{name}: {past:?}");
        let (message, _, underlined) = &past[0];
        assert!(
            message.starts_with("nested too deeply"),
            "{name}: {message}"
        );
        assert_eq!(
            underlined.trim_end_matches('*'),
            name.trim_end_matches("*]"),
            "{name}"
        );
        assert_eq!(load_problems(&chain(100_000)), past, "{name}");
    }
}

#[test]
fn chains_inside_chains_are_counted_together() {
    // Half the levels in `not`s, half in `and`s below them: one level too many in all.
    let half = MAX_DEPTH / 2;
    let nested = format!(
        "{}({})",
        "not ".repeat(half),
        "true and ".repeat(half) + "true"
    );
    let problems = load_problems(&nested);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].0.starts_with("nested too deeply"),
        "{problems:?}"
    );
}
