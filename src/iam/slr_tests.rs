//! `iam:CreateServiceLinkedRole` scoping on real templates.

use super::*;
use crate::iam::test_graph::{cloudformation, node, role_template};

const TRUST: &str =
    "{Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}";

fn scoping(statements: &str) -> SlrScoping {
    let graph = cloudformation(&role_template(TRUST, statements));
    create_slr_scoping(&graph, node(&graph, "Role"))
}

fn slr_statement(condition: &str) -> String {
    format!(
        "[{{Sid: Slr, Effect: Allow, Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: {condition}}}]"
    )
}

#[test]
fn the_example_policy_grant_is_scoped() {
    let result = scoping(&slr_statement(
        "{StringEquals: {'iam:AWSServiceName': servicequotas.amazonaws.com}}",
    ));
    assert_eq!(result.unscoped, Answer::NO);
    assert_eq!(result.quotas_role, Answer::YES);
    assert_eq!(
        result.allowed.answer,
        Answer::SOMETIMES,
        "allowed only under the condition"
    );
    assert_eq!(result.grants.len(), 1);
    assert_eq!(result.grants[0].scoped, Answer::YES);
    assert_eq!(result.unscoped_grants().count(), 0);
    let like = scoping(&slr_statement(
        "{StringLike: {'IAM:awsservicename': [servicequotas.amazonaws.com]}}",
    ));
    assert_eq!(
        like.unscoped,
        Answer::NO,
        "StringLike without wildcard, key case-insensitive"
    );
}

#[test]
fn wildcards_other_services_and_weak_operators_are_unscoped() {
    for condition in [
        "{StringLike: {'iam:AWSServiceName': 'servicequotas.*'}}",
        "{StringEquals: {'iam:AWSServiceName': [servicequotas.amazonaws.com, ec2.amazonaws.com]}}",
        "{StringEquals: {'iam:AWSServiceName': ec2.amazonaws.com}}",
        "{StringEqualsIfExists: {'iam:AWSServiceName': servicequotas.amazonaws.com}}",
        "{ForAnyValue:StringEquals: {'iam:AWSServiceName': servicequotas.amazonaws.com}}",
        "{StringEquals: {'aws:RequestedRegion': us-east-1}}",
    ] {
        let result = scoping(&slr_statement(condition));
        assert_eq!(result.unscoped, Answer::YES, "{condition}");
        assert_eq!(result.unscoped_grants().count(), 1);
    }
}

#[test]
fn broad_grants_are_unscoped_and_also_create_the_quotas_role() {
    for statements in [
        "[{Effect: Allow, Action: 'iam:*', Resource: '*'}]",
        "[{Effect: Allow, Action: '*', Resource: '*'}]",
        "[{Effect: Allow, NotAction: 's3:*', Resource: '*'}]",
    ] {
        let result = scoping(statements);
        assert_eq!(result.unscoped, Answer::YES, "{statements}");
        assert_eq!(result.quotas_role, Answer::YES);
        assert_eq!(
            result.grants[0].evidence.statement.as_ref().unwrap().index,
            0
        );
    }
}

#[test]
fn no_grant_or_a_denied_grant_is_neither() {
    let result = scoping("[{Effect: Allow, Action: 'support:*', Resource: '*'}]");
    assert_eq!(
        (result.unscoped.clone(), result.quotas_role.clone()),
        (Answer::NO, Answer::NO)
    );
    assert!(result.grants.is_empty());
    let denied = scoping(
        "[{Effect: Allow, Action: 'iam:*', Resource: '*'},
          {Effect: Deny, Action: 'iam:CreateServiceLinkedRole', Resource: '*'}]",
    );
    assert_eq!(denied.unscoped, Answer::NO);
    assert_eq!(denied.allowed.answer, Answer::NO);
}

#[test]
fn managed_policies_are_judged_by_what_is_known_of_them() {
    let graph = cloudformation(
        r#"
Parameters:
  Service: {Type: String}
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAppFullAccess]
  Power:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  Parameterized:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      Policies:
        - PolicyName: slr
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:CreateServiceLinkedRole
                Resource: '*'
                Condition: {StringEquals: {'iam:AWSServiceName': !Ref Service}}
"#,
    );
    let app = create_slr_scoping(&graph, node(&graph, "App"));
    assert_eq!((app.unscoped, app.quotas_role), (Answer::NO, Answer::YES));
    let power = create_slr_scoping(&graph, node(&graph, "Power"));
    assert_eq!(
        power.unscoped,
        Answer::YES,
        "PowerUserAccess grants it without a condition"
    );
    let reader = create_slr_scoping(&graph, node(&graph, "Reader"));
    assert_eq!(
        reader.unscoped,
        Answer::NO,
        "ReadOnlyAccess, read whole, does not grant it"
    );
    let parameterized = create_slr_scoping(&graph, node(&graph, "Parameterized"));
    assert!(
        parameterized
            .unscoped
            .unknown_reason()
            .unwrap()
            .contains("Service"),
        "{:?}",
        parameterized.unscoped
    );
}
