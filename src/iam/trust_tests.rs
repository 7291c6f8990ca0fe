//! Trust policies from real templates: who is admitted, and what narrows it.

use super::*;
use crate::graph::{Graph, NodeKind};
use crate::iam::test_graph::{cloudformation, node, role_template, terraform_creating};

fn trust_of(graph: &Graph, address: &str) -> Document {
    match &graph.node(node(graph, address)).unwrap().kind {
        NodeKind::Role(role) => role.trust.clone(),
        other => panic!("not a role: {other:?}"),
    }
}

fn trust(statements: &str) -> Document {
    trust_of(&cloudformation(&role_template(statements, "[]")), "Role")
}

fn open(statements: &str) -> Answer {
    admits_anyone_unnarrowed(&trust(statements)).0
}

#[test]
fn every_form_of_anyone_is_open_without_a_condition() {
    assert_eq!(
        open("{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole'}"),
        Answer::YES
    );
    assert_eq!(
        open("{Effect: Allow, Principal: {AWS: '*'}, Action: 'sts:AssumeRole'}"),
        Answer::YES
    );
    assert_eq!(
        open(
            "{Effect: Allow, NotPrincipal: {AWS: 'arn:aws:iam::123456789012:root'}, Action: 'sts:AssumeRole'}"
        ),
        Answer::YES
    );
    let (_, admissions) = admits_anyone_unnarrowed(&trust(
        "{Sid: Open, Effect: Allow, NotPrincipal: {AWS: '111122223333'}, Action: 'sts:*'}",
    ));
    assert_eq!(
        admissions[0].who,
        Admitted::Anyone(AnyoneForm::NotPrincipal)
    );
    assert_eq!(admissions[0].statement.sid.as_deref(), Some("Open"));
}

#[test]
fn named_principals_and_denials_are_not_open() {
    assert_eq!(
        open("{Effect: Allow, Principal: {AWS: '123456789012'}, Action: 'sts:AssumeRole'}"),
        Answer::NO
    );
    assert_eq!(
        open("{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole'}"),
        Answer::NO
    );
    assert_eq!(
        open("{Effect: Allow, Principal: '*', Action: 'sts:TagSession'}"),
        Answer::NO,
        "cannot assume"
    );
    assert_eq!(
        open("{Effect: Allow, Principal: '*', NotAction: 'sts:*'}"),
        Answer::NO
    );
}

#[test]
fn narrowing_keys_narrow_case_insensitively() {
    for (operator, key) in [
        ("StringEquals", "aws:PrincipalOrgID"),
        ("StringLike", "AWS:PRINCIPALORGPATHS"),
        ("ArnLike", "aws:PrincipalArn"),
        ("ForAnyValue:StringEquals", "aws:SourceAccount"),
        ("StringEqualsIgnoreCase", "aws:username"),
    ] {
        let statement = format!(
            "{{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole', Condition: {{'{operator}': {{'{key}': 'o-abc'}}}}}}"
        );
        assert_eq!(open(&statement), Answer::NO, "{operator} {key}");
        let (_, admissions) = admits_anyone_unnarrowed(&trust(&statement));
        assert!(admissions.is_empty());
        let read = trust_admits(&trust(&statement));
        assert_eq!(read.admissions[0].narrowing[0].key, key);
    }
}

#[test]
fn weak_operators_and_other_keys_do_not_narrow() {
    for (operator, key, value) in [
        ("StringEqualsIfExists", "aws:PrincipalOrgID", "o-abc"),
        (
            "ArnLikeIfExists",
            "aws:PrincipalArn",
            "arn:aws:iam::1:role/x",
        ),
        ("Null", "aws:PrincipalOrgID", "false"),
        ("StringNotEquals", "aws:PrincipalOrgID", "o-abc"),
        ("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-abc"),
        ("StringEquals", "aws:RequestedRegion", "eu-west-1"),
        ("StringLike", "aws:PrincipalArn", "*"),
        ("Bool", "aws:MultiFactorAuthPresent", "true"),
    ] {
        let statement = format!(
            "{{Effect: Allow, Principal: {{AWS: '*'}}, Action: 'sts:AssumeRole', Condition: {{'{operator}': {{'{key}': '{value}'}}}}}}"
        );
        assert_eq!(open(&statement), Answer::YES, "{operator} {key}");
    }
}

#[test]
fn a_deny_outside_the_organization_closes_an_open_admission() {
    let closed = "{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole'},
                  {Effect: Deny, Principal: '*', Action: 'sts:AssumeRole',
                   Condition: {StringNotEquals: {'aws:PrincipalOrgID': 'o-abc'}}}";
    assert_eq!(open(closed), Answer::NO);
    let not_closing = "{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole'},
                       {Effect: Deny, Principal: '*', Action: 'sts:AssumeRole',
                        Condition: {StringNotEquals: {'aws:RequestedRegion': 'eu-west-1'}}}";
    assert_eq!(open(not_closing), Answer::YES);
}

#[test]
fn conditional_and_unknown_trust_stays_three_valued() {
    let graph = cloudformation(
        r#"
Parameters:
  Open: {Type: String}
  Who: {Type: String}
Conditions:
  IsOpen: !Equals [!Ref Open, 'yes']
Resources:
  Maybe:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: !If [IsOpen, '*', {Service: supportapp.amazonaws.com}]
            Action: sts:AssumeRole
  Unknown:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: !Ref Who}, Action: sts:AssumeRole}]
"#,
    );
    let maybe = trust_of(&graph, "Maybe");
    assert_eq!(admits_anyone_unnarrowed(&maybe).0, Answer::SOMETIMES);
    assert_eq!(
        trusts_service(&maybe, "supportapp.amazonaws.com").0,
        Answer::SOMETIMES
    );
    let unknown = trust_of(&graph, "Unknown");
    let answer = admits_anyone_unnarrowed(&unknown).0;
    assert!(
        answer.unknown_reason().unwrap().contains("Who"),
        "{answer:?}"
    );
}

#[test]
fn service_principals_are_listed_and_matched() {
    let document = trust(
        "{Effect: Allow, Principal: {Service: [supportapp.amazonaws.com, ec2.amazonaws.com]}, Action: 'sts:AssumeRole'},
         {Effect: Allow, Principal: {AWS: 'arn:aws:iam::123456789012:role/ops', Federated: 'cognito-identity.amazonaws.com'},
          Action: 'sts:AssumeRoleWithWebIdentity'}",
    );
    assert_eq!(
        trusts_service(&document, "SupportApp.amazonaws.com").0,
        Answer::YES
    );
    assert_eq!(
        trusts_service(&document, "support.amazonaws.com").0,
        Answer::NO
    );
    let services: Vec<Admitted> = service_principals(&document)
        .into_iter()
        .map(|a| a.who)
        .collect();
    assert_eq!(
        services,
        [
            Admitted::Service("supportapp.amazonaws.com".into()),
            Admitted::Service("ec2.amazonaws.com".into())
        ]
    );
    assert!(may_be_service(&Admitted::Unknown("a parameter".into())));
    assert!(!may_be_service(&Admitted::UnknownAws("a parameter".into())));
    assert!(!may_be_service(&Admitted::Account("123456789012".into())));
    let all: Vec<Admitted> = trust_admits(&document)
        .admissions
        .into_iter()
        .map(|a| a.who)
        .collect();
    assert!(all.contains(&Admitted::Arn("arn:aws:iam::123456789012:role/ops".into())));
    assert!(all.contains(&Admitted::Federated(
        "cognito-identity.amazonaws.com".into()
    )));
    assert_eq!(
        trusts_service(
            &trust("{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole'}"),
            "supportapp.amazonaws.com"
        )
        .0,
        Answer::NO
    );
}

#[test]
fn terraform_trust_policies_are_read_the_same_way() {
    let graph = terraform_creating(serde_json::json!([
        ["aws_iam_role.open", "aws_iam_role", {"name": "open",
          "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}}]}"}, {}],
        ["aws_iam_role.later", "aws_iam_role", {"name": "later"}, {"assume_role_policy": true}]
    ]));
    assert_eq!(
        admits_anyone_unnarrowed(&trust_of(&graph, "aws_iam_role.open")).0,
        Answer::NO
    );
    let later = admits_anyone_unnarrowed(&trust_of(&graph, "aws_iam_role.later")).0;
    assert!(later.unknown_reason().is_some());
    let accounts = trust_admits(&trust(
        "{Effect: Allow, Principal: {AWS: ['123456789012', 'arn:aws:iam::111122223333:root']}, Action: 'sts:AssumeRole'}",
    ));
    assert!(
        accounts
            .admissions
            .iter()
            .all(|a| matches!(a.who, Admitted::Account(_)))
    );
}

#[test]
fn deny_fences_count_by_what_they_leave_out() {
    let allow = "{Effect: Allow, Principal: {AWS: '*'}, Action: 'sts:AssumeRole'}";
    for fence in [
        "{Effect: Deny, NotPrincipal: {AWS: ['arn:aws:iam::111122223333:role/oncall']}, Action: 'sts:AssumeRole'}",
        "{Effect: Deny, Principal: '*', Action: 'sts:*', Condition: {StringNotEqualsIfExists: {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}}",
        "{Effect: Deny, Principal: {AWS: '*'}, Action: 'sts:AssumeRole', Condition: {ArnNotLike: {'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*'}}}",
        "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:PrincipalAccount': ['111122223333']}, ArnNotEquals: {'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/audit'}}}",
        "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole'}",
    ] {
        assert_eq!(open(&format!("{allow}, {fence}")), Answer::NO, "{fence}");
    }
    for not_a_fence in [
        "{Effect: Deny, NotPrincipal: {AWS: '*'}, Action: 'sts:AssumeRole'}",
        "{Effect: Deny, Principal: {AWS: 'arn:aws:iam::999999999999:root'}, Action: 'sts:AssumeRole'}",
        "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole', Condition: {StringNotLike: {'aws:PrincipalOrgID': 'o-*'}}}",
        "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole', Condition: {ForAnyValue:StringNotEquals: {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}}",
        "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, Bool: {'aws:MultiFactorAuthPresent': 'false'}}}",
        "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRoleWithSAML', Condition: {StringNotEquals: {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}}",
    ] {
        assert_eq!(
            open(&format!("{allow}, {not_a_fence}")),
            Answer::YES,
            "{not_a_fence}"
        );
    }
}

#[test]
fn a_fence_must_cover_every_assume_action_the_allow_allows() {
    let fence = "{Effect: Deny, Principal: '*', Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}}";
    let both = "{Effect: Allow, Principal: '*', Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity']}";
    assert_eq!(open(&format!("{both}, {fence}")), Answer::YES);
    let wider = fence.replace("'sts:AssumeRole'", "'sts:Assume*'");
    assert_eq!(open(&format!("{both}, {wider}")), Answer::NO);
}

#[test]
fn fences_under_template_conditions_or_unknown_values_are_not_guessed() {
    let graph = cloudformation(
        r#"
Parameters:
  Fenced: {Type: String}
  OrgId: {Type: String}
Conditions:
  IsFenced: !Equals [!Ref Fenced, 'yes']
Resources:
  Maybe:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: '*', Action: sts:AssumeRole}
          - !If
            - IsFenced
            - Effect: Deny
              Principal: '*'
              Action: sts:AssumeRole
              Condition: {StringNotEquals: {aws:PrincipalOrgID: o-a1b2c3d4e5}}
            - !Ref AWS::NoValue
  Unknown:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: '*', Action: sts:AssumeRole}
          - Effect: Deny
            Principal: '*'
            Action: sts:AssumeRole
            Condition: {StringNotEquals: {aws:PrincipalOrgID: !Ref OrgId}}
"#,
    );
    assert_eq!(
        admits_anyone_unnarrowed(&trust_of(&graph, "Maybe")).0,
        Answer::SOMETIMES
    );
    let unknown = admits_anyone_unnarrowed(&trust_of(&graph, "Unknown")).0;
    assert!(
        unknown.unknown_reason().unwrap().contains("OrgId"),
        "{unknown:?}"
    );
}

#[test]
fn admissions_are_found_by_statement() {
    let document = trust(
        "{Sid: A, Effect: Allow, Principal: {AWS: ['111122223333', '*']}, Action: 'sts:AssumeRole'},
         {Sid: B, Effect: Deny, Principal: '*', Action: 'sts:AssumeRole'},
         {Sid: C, Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}",
    );
    let read = trust_admits(&document);
    let statements = document.statements().unwrap();
    let sids = |index: usize| -> Vec<Option<String>> {
        read.of_statement(statements[index])
            .iter()
            .map(|admission| admission.statement.sid.clone())
            .collect()
    };
    assert_eq!(sids(0), [Some("A".to_owned()), Some("A".to_owned())]);
    assert!(sids(1).is_empty());
    assert_eq!(sids(2), [Some("C".to_owned())]);
    assert!(read.admissions.iter().all(|a| a.fenced == Answer::YES));
}
