//! Whether a `Deny` stops the people who work support cases (docs/rules.md, "Denies that a
//! responder can satisfy do not block").
//!
//! A `Deny` applies to a request only when every condition of its block holds. A
//! condition on the caller's session (signed in with MFA, calling from the office
//! network or a VPC endpoint, carrying a principal tag, calling through a service)
//! holds only for the sessions that do not meet what the guard asks, and a responder
//! can meet it: such a `Deny` does not stop them. A condition on `aws:RequestedRegion`
//! is decided for the Region that serves the Support API's global endpoint
//! (`us-east-1`). Any other condition holds for some requests only.

use super::answer::Answer;
use super::condition::{Matching, Operator};
use super::pattern::action_matches;
use super::statement::over_possible;
use crate::graph::{Condition, Possible, Segment, Statement, Term, Text};

/// The Region where the Support API (global endpoint, `aws` partition) is served.
const SUPPORT_REGION: &str = "us-east-1";

/// Condition keys that describe the caller's session, lower-cased.
const SESSION_KEYS: [&str; 14] = [
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:viaawsservice",
    "aws:securetransport",
    "aws:tokenissuetime",
    "aws:sourceidentity",
    "aws:principalisawsservice",
];

/// Prefixes of session condition keys (`aws:PrincipalTag/team`).
const SESSION_PREFIXES: [&str; 1] = ["aws:principaltag/"];

/// Whether the condition block of `statement` holds for a responder's Support API
/// request when the responder meets what it asks of their session: yes without a
/// block, no when any condition is about the session, decided for `us-east-1` on
/// `aws:RequestedRegion`, and only sometimes for any other condition.
pub fn holds_for_responder(statement: &Statement) -> Answer {
    over_possible(&statement.condition, Answer::YES, |conditions| {
        conditions.iter().fold(Answer::YES, |so_far, condition| {
            so_far.and(condition_holds(condition))
        })
    })
}

/// Whether a condition key describes the caller's session.
pub fn is_session_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SESSION_KEYS.contains(&key.as_str())
        || SESSION_PREFIXES
            .iter()
            .any(|prefix| key.starts_with(prefix))
}

fn condition_holds(condition: &Condition) -> Answer {
    if is_session_key(&condition.key) {
        return Answer::NO;
    }
    if !condition.key.eq_ignore_ascii_case("aws:RequestedRegion") {
        return Answer::SOMETIMES;
    }
    // Every request names its Region, so `IfExists` and the set qualifiers change
    // nothing here.
    let Some(operator) = Operator::parse(&condition.operator) else {
        return Answer::SOMETIMES;
    };
    let matched = region_listed(operator.matching, &condition.values);
    if operator.negated { !matched } else { matched }
}

/// Whether a value of the list matches [`SUPPORT_REGION`].
fn region_listed(matching: Matching, values: &Possible<Vec<Text>>) -> Answer {
    over_possible(values, Answer::NO, |values| {
        values.iter().fold(Answer::NO, |so_far, value| {
            so_far.or(region_term(matching, &value.term))
        })
    })
}

fn region_term(matching: Matching, term: &Term) -> Answer {
    match term {
        Term::Known(region) => Answer::from_bool(match matching {
            Matching::Literal => region.eq_ignore_ascii_case(SUPPORT_REGION),
            Matching::Pattern => action_matches(region, SUPPORT_REGION),
        }),
        Term::Template(segments)
            if segments.contains(&Segment::Pseudo(crate::load::Pseudo::Region)) =>
        {
            Answer::unknown(
                "the Region deployed to (`AWS::Region`, or Terraform's `data.aws_region`) is not known before deployment",
            )
        }
        Term::Template(_) => Answer::unknown(format!(
            "the Region `{}` is not known before deployment",
            term.display()
        )),
        Term::Unknown(reason) => Answer::unknown(reason.as_ref()),
        Term::OneOf(branches) => branches
            .iter()
            .map(|branch| region_term(matching, branch))
            .reduce(Answer::branch)
            .unwrap_or(Answer::NO),
        Term::Absent => Answer::NO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Document;
    use crate::source::Span;

    fn holds(condition: &str) -> Answer {
        let text = format!(
            r#"{{"Statement": [{{"Effect": "Deny", "Action": "support:*", "Resource": "*",
                 "Condition": {condition}}}]}}"#
        );
        let document = Document::from_json_text(&text, Span::default());
        holds_for_responder(document.statements().unwrap()[0])
    }

    #[test]
    fn session_guards_do_not_stop_a_responder_who_meets_them() {
        for condition in [
            r#"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#,
            r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#,
            r#"{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
            r#"{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}"#,
            r#"{"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            r#"{"StringNotEqualsIfExists": {"aws:SourceVpc": "vpc-111bbb22"}}"#,
            r#"{"StringNotEquals": {"aws:PrincipalTag/team": "oncall"}}"#,
            r#"{"ForAnyValue:StringNotEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}"#,
            r#"{"Bool": {"aws:ViaAWSService": "false"}}"#,
            r#"{"Bool": {"aws:SecureTransport": "false"}}"#,
            r#"{"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}, "Bool": {"aws:MultiFactorAuthPresent": "false"}}"#,
        ] {
            assert_eq!(holds(condition), Answer::NO, "{condition}");
        }
    }

    #[test]
    fn a_region_guard_blocks_when_it_leaves_out_us_east_1() {
        for (condition, expected) in [
            (
                r#"{"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}"#,
                Answer::YES,
            ),
            (
                r#"{"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]}}"#,
                Answer::NO,
            ),
            (
                r#"{"StringNotLike": {"aws:RequestedRegion": "eu-*"}}"#,
                Answer::YES,
            ),
            (
                r#"{"StringNotLike": {"aws:RequestedRegion": "us-*"}}"#,
                Answer::NO,
            ),
            (
                r#"{"StringNotEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}}"#,
                Answer::YES,
            ),
            (
                r#"{"ForAnyValue:StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}"#,
                Answer::YES,
            ),
            (
                r#"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#,
                Answer::YES,
            ),
            (
                r#"{"StringEquals": {"aws:RequestedRegion": "ap-south-1"}}"#,
                Answer::NO,
            ),
            (
                r#"{"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}, "StringLike": {"aws:ResourceTag/x": "y"}}"#,
                Answer::SOMETIMES,
            ),
            (
                r#"{"StringEquals": {"aws:ResourceTag/env": "prod"}}"#,
                Answer::SOMETIMES,
            ),
            (
                r#"{"Null": {"aws:RequestedRegion": "true"}}"#,
                Answer::SOMETIMES,
            ),
        ] {
            assert_eq!(holds(condition), expected, "{condition}");
        }
        assert_eq!(holds("{}"), Answer::YES, "an empty block always holds");
    }

    #[test]
    fn a_region_not_known_before_deployment_is_not_guessed() {
        let region = crate::graph::Text {
            span: Span::default(),
            term: Term::Template(vec![Segment::Pseudo(crate::load::Pseudo::Region)]),
        };
        let answer = region_listed(Matching::Literal, &Possible::Known(vec![region]));
        assert!(answer.unknown_reason().unwrap().contains("AWS::Region"));
    }
}
