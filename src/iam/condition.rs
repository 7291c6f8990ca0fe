//! What a string or ARN condition on a trust statement says about who gets through.
//!
//! A condition narrows who may assume a role only when its values do (docs/rules.md,
//! "Conditions that narrow must narrow"): `StringLike aws:PrincipalOrgID "o-*"` or
//! `ArnLike aws:PrincipalArn "arn:aws:iam::*:role/X"` matches principals of every
//! organization or account, and a value list is as wide as its widest value. What pins a
//! value to one owner depends on the key: the whole organization ID or account ID, the
//! organization of an `aws:PrincipalOrgPaths` path, the account field of an ARN (or, for
//! an ARN without one, such as an S3 bucket's, the bucket name), the unique ID before the
//! session name of `aws:userid`. That part must be written without wildcards.
//!
//! The same reading serves a `Deny` fence: `StringNotEquals aws:PrincipalOrgID o-abc`
//! in a `Deny` turns away every request whose key is not `o-abc`. A negated operator is
//! true when the key is missing (IAM User Guide, "Condition operators": "If the policy
//! condition requires that the key is not matched [...] and the right key is not
//! present, the condition is true"), and so is its `...IfExists` form: both deny the
//! principals outside any organization, and the two fence alike. `ForAnyValue:` is false
//! when the key is missing, so it fences only with keys every request carries.

use super::answer::Answer;
use super::statement::over_possible;
use crate::graph::{Condition, Possible, Segment, Term, Text};

/// The condition keys that can narrow who may assume a role to a known organization,
/// account, principal or source (docs/rules.md, SUP002), lower-cased (keys are
/// case-insensitive).
pub const NARROWING_KEYS: [&str; 10] = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "aws:username",
];

/// The narrowing keys that every authenticated request carries, so that a missing key
/// never decides a condition on them.
const ALWAYS_PRESENT: [&str; 3] = ["aws:principalarn", "aws:principalaccount", "aws:userid"];

/// Stands for a part of a value that is fixed but symbolic (a pseudo parameter such as
/// the account ID, a declared resource's attribute): it holds no wildcard.
const FIXED: char = '\u{1}';
/// Stands for a part of a value not known before deployment: it may hold anything.
const UNKNOWN: char = '\u{2}';

/// How an operator compares values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matching {
    /// `StringEquals` and `StringEqualsIgnoreCase`: `*` is a character like any other.
    Literal,
    /// `StringLike` and the ARN operators: `*` and `?` are wildcards.
    Pattern,
}

/// The set qualifier of an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    /// None: the key is single-valued.
    Single,
    /// `ForAnyValue:`: false when the key is missing.
    AnyValue,
    /// `ForAllValues:`: true when the key is missing.
    AllValues,
}

/// A string or ARN operator read apart (`ForAnyValue:StringNotLikeIfExists`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    /// How values compare.
    pub matching: Matching,
    /// Whether it is the negated form (`StringNotEquals`, `ArnNotLike`).
    pub negated: bool,
    /// Whether it ends with `IfExists`.
    pub if_exists: bool,
    /// The set qualifier.
    pub qualifier: Qualifier,
}

impl Operator {
    /// The operator `written`, compared case-insensitively; `None` for an operator that
    /// is not a string or ARN comparison (`Null`, `Bool`, `IpAddress`).
    pub fn parse(written: &str) -> Option<Operator> {
        let lower = written.to_ascii_lowercase();
        let (qualifier, rest) = if let Some(rest) = lower.strip_prefix("foranyvalue:") {
            (Qualifier::AnyValue, rest)
        } else if let Some(rest) = lower.strip_prefix("forallvalues:") {
            (Qualifier::AllValues, rest)
        } else {
            (Qualifier::Single, lower.as_str())
        };
        let (if_exists, base) = match rest.strip_suffix("ifexists") {
            Some(base) => (true, base),
            None => (false, rest),
        };
        let (matching, negated) = match base {
            "stringequals" | "stringequalsignorecase" => (Matching::Literal, false),
            "stringnotequals" | "stringnotequalsignorecase" => (Matching::Literal, true),
            "stringlike" | "arnequals" | "arnlike" => (Matching::Pattern, false),
            "stringnotlike" | "arnnotequals" | "arnnotlike" => (Matching::Pattern, true),
            _ => return None,
        };
        Some(Operator {
            matching,
            negated,
            if_exists,
            qualifier,
        })
    }
}

/// Whether `condition`, in an `Allow`, lets through only requests from a known
/// organization, account, principal or source: a narrowing key under a positive
/// operator that fails when the key is missing (not `...IfExists`, not
/// `ForAllValues:`), every value of which pins one owner. Not evaluable when a value
/// that decides it is not known before deployment.
pub fn narrows(condition: &Condition) -> Answer {
    let key = condition.key.to_ascii_lowercase();
    if !NARROWING_KEYS.contains(&key.as_str()) {
        return Answer::NO;
    }
    match Operator::parse(&condition.operator) {
        Some(operator)
            if !operator.negated
                && !operator.if_exists
                && operator.qualifier != Qualifier::AllValues =>
        {
            values_narrow(&key, operator.matching, &condition.values)
        }
        _ => Answer::NO,
    }
}

/// Whether `condition`, in a `Deny`, holds for every request except those whose key
/// has one of its values, and those values pin known owners: the `Deny` then turns
/// away everyone else (a fence). A negated operator on a narrowing key, with or
/// without `IfExists`; `ForAnyValue:` only on a key every request carries.
pub fn excludes(condition: &Condition) -> Answer {
    let key = condition.key.to_ascii_lowercase();
    if !NARROWING_KEYS.contains(&key.as_str()) {
        return Answer::NO;
    }
    match Operator::parse(&condition.operator) {
        Some(operator)
            if operator.negated
                && (operator.qualifier != Qualifier::AnyValue
                    || ALWAYS_PRESENT.contains(&key.as_str())) =>
        {
            values_narrow(&key, operator.matching, &condition.values)
        }
        _ => Answer::NO,
    }
}

/// Whether every value of a list pins one owner of `key` (a list matches what any of
/// its values matches).
fn values_narrow(key: &str, matching: Matching, values: &Possible<Vec<Text>>) -> Answer {
    over_possible(values, Answer::NO, |values| {
        if values.is_empty() {
            return Answer::NO;
        }
        values.iter().fold(Answer::YES, |so_far, value| {
            so_far.and(term_narrows(key, matching, &value.term))
        })
    })
}

fn term_narrows(key: &str, matching: Matching, term: &Term) -> Answer {
    match term {
        Term::Known(text) => text_narrows(key, matching, text, ""),
        Term::Template(segments) => {
            let mut reason = "";
            let text: String = segments
                .iter()
                .map(|segment| match segment {
                    Segment::Literal(text) => text.to_string(),
                    Segment::Pseudo(_) | Segment::Reference { .. } => FIXED.to_string(),
                    Segment::Unknown(why) => {
                        reason = why;
                        UNKNOWN.to_string()
                    }
                })
                .collect();
            text_narrows(key, matching, &text, reason)
        }
        Term::Unknown(reason) => Answer::unknown(reason.as_ref()),
        Term::OneOf(branches) => branches
            .iter()
            .map(|branch| term_narrows(key, matching, branch))
            .reduce(Answer::branch)
            .unwrap_or(Answer::NO),
        Term::Absent => Answer::YES,
    }
}

fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Whether one value pins one owner of `key`; `reason` says why a part written
/// [`UNKNOWN`] is not known.
fn text_narrows(key: &str, matching: Matching, text: &str, reason: &str) -> Answer {
    let unknown = || {
        Answer::unknown(format!(
            "the value of the condition key `{key}` is not known before deployment ({reason})"
        ))
    };
    if !has_wildcard(text) && !text.contains(UNKNOWN) {
        return Answer::YES;
    }
    if matching == Matching::Literal {
        // Compared literally, only a value meant as "anyone" (`*`) fails to narrow.
        return if !text.chars().all(|c| c == '*' || c == UNKNOWN) {
            Answer::YES
        } else if text.contains(UNKNOWN) {
            unknown()
        } else {
            Answer::NO
        };
    }
    match owner_part(key, text) {
        Some(owner) if owner.is_empty() || has_wildcard(owner) => Answer::NO,
        Some(owner) if owner.contains(UNKNOWN) => unknown(),
        Some(_) => Answer::YES,
        None if text.contains(UNKNOWN) => unknown(),
        None => Answer::NO,
    }
}

/// The part of a value of `key` that names its owner (organization, account, unique
/// principal ID or bucket); `None` when the value has no such part.
fn owner_part<'t>(key: &str, text: &'t str) -> Option<&'t str> {
    match key {
        "aws:principalorgpaths" | "aws:sourceorgpaths" => text.split('/').next(),
        "aws:userid" => text.split(':').next(),
        "aws:principalarn" | "aws:sourcearn" => {
            let fields: Vec<&str> = text.splitn(6, ':').collect();
            match fields.as_slice() {
                [_, _, _, _, "", resource] => resource.split('/').next(),
                [_, _, _, _, account, _] => Some(account),
                _ => None,
            }
        }
        _ => Some(text),
    }
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
