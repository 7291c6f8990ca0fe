//! Property tests for the IAM matching functions. Each property compares a function with
//! an independent reading of the IAM rules it implements (a regex, a truth table, a
//! small model of trust policies written here) or with a law the code claims (statement
//! order does not matter, negation is an involution), over random inputs.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod actions;
mod answer;
mod arn;
mod statement;
mod trust;

/// IAM's wildcard rule as a regex, built independently of the matcher under test: a
/// case-insensitive match of the whole text where `*` is any run and `?` one character.
fn reference(pattern: &str) -> regex::Regex {
    let mut regex = String::from("(?is)^");
    for c in pattern.chars() {
        match c {
            '*' => regex.push_str(".*"),
            '?' => regex.push('.'),
            _ => regex.push_str(&regex::escape(&c.to_string())),
        }
    }
    regex.push('$');
    regex::Regex::new(&regex).unwrap()
}
