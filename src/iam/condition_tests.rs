//! Which condition values narrow who may assume a role, key by key and operator by
//! operator.

use super::*;
use crate::graph::Document;
use crate::source::Span;

fn condition(operator: &str, key: &str, values: &str) -> Condition {
    let text = format!(
        r#"{{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
             "Condition": {{"{operator}": {{"{key}": {values}}}}}}}]}}"#
    );
    let document = Document::from_json_text(&text, Span::default());
    let statements = document.statements().unwrap();
    match &statements[0].condition {
        Possible::Known(conditions) => conditions[0].clone(),
        other => panic!("no condition: {other:?}"),
    }
}

fn narrowing(operator: &str, key: &str, values: &str) -> Answer {
    narrows(&condition(operator, key, values))
}

fn fencing(operator: &str, key: &str, values: &str) -> Answer {
    excludes(&condition(operator, key, values))
}

#[test]
fn values_that_match_every_organization_or_account_do_not_narrow() {
    for (operator, key, value) in [
        ("StringLike", "aws:PrincipalOrgID", r#""o-*""#),
        ("StringLike", "aws:PrincipalOrgID", r#""*""#),
        ("StringLike", "aws:PrincipalOrgID", r#""o-a*""#),
        ("StringLike", "aws:SourceOrgID", r#""o-??????????*""#),
        ("ArnLike", "aws:PrincipalArn", r#""arn:aws:iam::*:role/X""#),
        (
            "ArnEquals",
            "aws:PrincipalArn",
            r#""arn:aws:iam::*:role/X""#,
        ),
        (
            "StringLike",
            "aws:PrincipalArn",
            r#""arn:aws:iam::1111*:role/X""#,
        ),
        ("ArnLike", "aws:SourceArn", r#""arn:aws:s3:::*""#),
        ("StringLike", "aws:PrincipalAccount", r#""*""#),
        ("StringLike", "aws:SourceAccount", r#""1234*""#),
        ("StringLike", "aws:PrincipalOrgPaths", r#""o-*/r-ab12/*""#),
        (
            "ForAnyValue:StringLike",
            "aws:PrincipalOrgPaths",
            r#""*/r-ab12/*""#,
        ),
        ("StringLike", "aws:userid", r#""*:alice""#),
        ("StringLike", "aws:username", r#""a*""#),
        (
            "StringEquals",
            "aws:PrincipalAccount",
            r#"["111122223333", "*"]"#,
        ),
        (
            "StringLike",
            "aws:PrincipalOrgID",
            r#"["o-a1b2c3d4e5", "o-*"]"#,
        ),
        ("StringEquals", "aws:PrincipalOrgID", r#""*""#),
    ] {
        assert_eq!(
            narrowing(operator, key, value),
            Answer::NO,
            "{operator} {key} {value}"
        );
    }
}

#[test]
fn values_that_pin_an_owner_narrow() {
    for (operator, key, value) in [
        ("StringEquals", "aws:PrincipalOrgID", r#""o-a1b2c3d4e5""#),
        (
            "StringEqualsIgnoreCase",
            "aws:PrincipalOrgID",
            r#""O-A1B2C3D4E5""#,
        ),
        ("StringLike", "aws:PrincipalOrgID", r#""o-a1b2c3d4e5""#),
        ("StringEquals", "aws:PrincipalOrgID", r#""o-*""#),
        (
            "ForAnyValue:StringLike",
            "aws:PrincipalOrgPaths",
            r#""o-a1b2c3d4e5/r-ab12/ou-*""#,
        ),
        (
            "ArnLike",
            "aws:PrincipalArn",
            r#""arn:aws:iam::111122223333:role/*""#,
        ),
        (
            "ArnLike",
            "aws:PrincipalArn",
            r#""arn:*:iam::111122223333:role/ops-*""#,
        ),
        (
            "ArnEquals",
            "aws:SourceArn",
            r#""arn:aws:s3:::my-bucket/*""#,
        ),
        ("StringLike", "aws:userid", r#""AROAEXAMPLEID:*""#),
        ("StringEquals", "aws:username", r#""alice""#),
        (
            "StringEquals",
            "aws:SourceAccount",
            r#"["111122223333", "444455556666"]"#,
        ),
        (
            "ForAnyValue:StringEquals",
            "aws:SourceOrgID",
            r#""o-a1b2c3d4e5""#,
        ),
    ] {
        assert_eq!(
            narrowing(operator, key, value),
            Answer::YES,
            "{operator} {key} {value}"
        );
    }
}

#[test]
fn operators_that_let_a_missing_key_through_do_not_narrow() {
    for operator in [
        "StringEqualsIfExists",
        "ArnLikeIfExists",
        "ForAllValues:StringEquals",
        "StringNotEquals",
        "ArnNotLike",
        "Null",
        "Bool",
    ] {
        assert_eq!(
            narrowing(operator, "aws:PrincipalOrgID", r#""o-a1b2c3d4e5""#),
            Answer::NO,
            "{operator}"
        );
    }
    assert_eq!(
        narrowing("StringEquals", "aws:RequestedRegion", r#""us-east-1""#),
        Answer::NO,
        "not a narrowing key"
    );
    assert_eq!(
        narrowing("stringequals", "AWS:PRINCIPALORGID", r#""o-a1b2c3d4e5""#),
        Answer::YES,
        "operators and keys are case-insensitive"
    );
}

#[test]
fn negated_operators_fence_with_or_without_if_exists() {
    for operator in [
        "StringNotEquals",
        "StringNotEqualsIfExists",
        "StringNotLike",
        "ForAllValues:StringNotEquals",
    ] {
        assert_eq!(
            fencing(operator, "aws:PrincipalOrgID", r#""o-a1b2c3d4e5""#),
            Answer::YES,
            "{operator}"
        );
    }
    for (operator, key, value) in [
        (
            "ArnNotLike",
            "aws:PrincipalArn",
            r#""arn:aws:iam::111122223333:role/ops""#,
        ),
        (
            "ArnNotEqualsIfExists",
            "aws:PrincipalArn",
            r#""arn:aws:iam::111122223333:role/*""#,
        ),
        (
            "StringNotEquals",
            "aws:PrincipalAccount",
            r#"["111122223333"]"#,
        ),
        (
            "ForAnyValue:StringNotEquals",
            "aws:PrincipalAccount",
            r#""111122223333""#,
        ),
    ] {
        assert_eq!(
            fencing(operator, key, value),
            Answer::YES,
            "{operator} {key}"
        );
    }
    // A principal outside any organization has no `aws:PrincipalOrgID`, and
    // `ForAnyValue:` is false then: the Deny lets it through.
    assert_eq!(
        fencing(
            "ForAnyValue:StringNotEquals",
            "aws:PrincipalOrgID",
            r#""o-a1b2c3d4e5""#
        ),
        Answer::NO
    );
    assert_eq!(
        fencing("StringEquals", "aws:PrincipalOrgID", r#""o-a1b2c3d4e5""#),
        Answer::NO,
        "a positive operator denies the organization itself"
    );
}

#[test]
fn fences_of_wildcards_do_not_fence() {
    assert_eq!(
        fencing("StringNotLike", "aws:PrincipalOrgID", r#""o-*""#),
        Answer::NO
    );
    assert_eq!(
        fencing(
            "ArnNotLike",
            "aws:PrincipalArn",
            r#""arn:aws:iam::*:role/ops""#
        ),
        Answer::NO
    );
    assert_eq!(
        fencing(
            "StringNotEquals",
            "aws:PrincipalAccount",
            r#"["111122223333", "*"]"#
        ),
        Answer::NO
    );
    assert_eq!(
        fencing("StringNotEquals", "aws:PrincipalOrgID", r#""o-*""#),
        Answer::YES,
        "compared literally, `o-*` is one value"
    );
}

#[test]
fn symbolic_parts_are_fixed_and_unknown_parts_are_not_guessed() {
    let account = Term::Template(vec![
        Segment::Literal("arn:aws:iam::".into()),
        Segment::Pseudo(crate::load::Pseudo::AccountId),
        Segment::Literal(":role/*".into()),
    ]);
    assert_eq!(
        term_narrows("aws:principalarn", Matching::Pattern, &account),
        Answer::YES
    );
    let role = Term::Template(vec![
        Segment::Literal("arn:aws:iam::111122223333:role/".into()),
        Segment::Unknown("variable `role` has no value".into()),
    ]);
    assert_eq!(
        term_narrows("aws:principalarn", Matching::Pattern, &role),
        Answer::YES,
        "the account is known, the unknown name cannot widen it"
    );
    let account_unknown = Term::Template(vec![
        Segment::Literal("arn:aws:iam::".into()),
        Segment::Unknown("variable `account` has no value".into()),
        Segment::Literal(":role/*".into()),
    ]);
    let answer = term_narrows("aws:principalarn", Matching::Pattern, &account_unknown);
    assert!(
        answer
            .unknown_reason()
            .unwrap()
            .contains("variable `account`")
    );
    let whole = Term::Unknown("parameter `OrgId` has no default".into());
    assert_eq!(
        term_narrows("aws:principalorgid", Matching::Literal, &whole),
        Answer::unknown("parameter `OrgId` has no default")
    );
    let either = Term::OneOf(vec![
        Term::Known("o-a1b2c3d4e5".into()),
        Term::Known("*".into()),
    ]);
    assert_eq!(
        term_narrows("aws:principalorgid", Matching::Pattern, &either),
        Answer::SOMETIMES
    );
}
