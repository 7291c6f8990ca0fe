//! Policy evaluation on graphs built from real templates and plans: each test is one rule
//! of IAM's evaluation logic, with the case that holds and the case that does not.

use serde_json::json;

use super::*;
use crate::iam::catalog::app_actions;
use crate::iam::test_graph::{cloudformation, node, role_template, terraform_creating};

const TRUST: &str =
    "{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}";

fn role_with(statements: &str) -> (Graph, NodeId) {
    let graph = cloudformation(&role_template(TRUST, statements));
    let role = node(&graph, "Role");
    (graph, role)
}

fn answer(statements: &str, action: &str) -> Answer {
    let (graph, role) = role_with(statements);
    allows(&graph, role, action).answer
}

#[test]
fn an_allow_grants_and_nothing_else_does() {
    let policy = "[{Effect: Allow, Action: 'support:*', Resource: '*'}]";
    assert_eq!(answer(policy, "support:CreateCase"), Answer::YES);
    assert_eq!(answer(policy, "iam:PassRole"), Answer::NO, "implicit deny");
    assert_eq!(answer("[]", "support:CreateCase"), Answer::NO);
}

#[test]
fn actions_match_case_insensitively_and_with_question_marks() {
    let policy =
        "[{Effect: Allow, Action: ['SUPPORT:createCASE', 'support:Describe?ases'], Resource: '*'}]";
    assert_eq!(answer(policy, "support:CreateCase"), Answer::YES);
    assert_eq!(answer(policy, "support:DescribeCases"), Answer::YES);
    assert_eq!(answer(policy, "support:DescribeCase"), Answer::NO);
}

#[test]
fn an_explicit_deny_wins_and_names_its_statement() {
    let policy = "[{Effect: Allow, Action: '*', Resource: '*'},
                   {Sid: NoCases, Effect: Deny, Action: 'support:*', Resource: '*'}]";
    let (graph, role) = role_with(policy);
    let verdict = allows(&graph, role, "support:CreateCase");
    assert_eq!(verdict.answer, Answer::NO);
    assert_eq!(verdict.denied_by.len(), 1);
    let statement = verdict.denied_by[0].statement.as_ref().unwrap();
    assert_eq!(
        (statement.index, statement.sid.as_deref()),
        (1, Some("NoCases"))
    );
    assert_eq!(verdict.denied_by[0].pattern.as_deref(), Some("support:*"));
    assert_eq!(allows(&graph, role, "iam:PassRole").answer, Answer::YES);
}

#[test]
fn a_deny_by_not_action_denies_everything_not_listed() {
    let policy = "[{Effect: Allow, Action: '*', Resource: '*'},
                   {Effect: Deny, NotAction: ['support:*', 'servicequotas:*'], Resource: '*'}]";
    assert_eq!(answer(policy, "iam:PassRole"), Answer::NO);
    assert_eq!(answer(policy, "support:CreateCase"), Answer::YES);
    assert_eq!(answer(policy, "ServiceQuotas:GetServiceQuota"), Answer::YES);
}

#[test]
fn an_allow_by_not_action_grants_everything_not_listed() {
    let policy = "[{Effect: Allow, NotAction: 'iam:*', Resource: '*'}]";
    assert_eq!(answer(policy, "s3:GetObject"), Answer::YES);
    assert_eq!(answer(policy, "iam:CreateServiceLinkedRole"), Answer::NO);
}

#[test]
fn iam_conditions_make_grants_and_denials_possible_only() {
    let conditional_allow = "[{Sid: MfaOnly, Effect: Allow, Action: 'support:*', Resource: '*',
                               Condition: {Bool: {'aws:MultiFactorAuthPresent': 'true'}}}]";
    let (graph, role) = role_with(conditional_allow);
    let verdict = allows(&graph, role, "support:CreateCase");
    assert_eq!(verdict.answer, Answer::SOMETIMES);
    assert!(verdict.allowed_by[0].iam_condition && !verdict.allowed_by[0].conditional);
    let conditional_deny = "[{Effect: Allow, Action: 'support:*', Resource: '*'},
                             {Effect: Deny, Action: 'support:*', Resource: '*',
                              Condition: {Bool: {'aws:MultiFactorAuthPresent': 'false'}}}]";
    assert_eq!(
        answer(conditional_deny, "support:CreateCase"),
        Answer::SOMETIMES,
        "a conditional deny does not certainly deny"
    );
}

#[test]
fn resource_scoped_statements_apply_and_say_so() {
    let policy =
        "[{Effect: Allow, Action: 'support:*', Resource: 'arn:aws:support::123456789012:case/*'}]";
    let (graph, role) = role_with(policy);
    let verdict = allows(&graph, role, "support:CreateCase");
    assert_eq!(verdict.answer, Answer::YES);
    assert!(verdict.allowed_by[0].resource_scoped);
}

const BOUNDED: &str = r#"
Parameters:
  Strict: {Type: String, AllowedValues: ['yes', 'no']}
Conditions:
  IsStrict: !Equals [!Ref Strict, 'yes']
Resources:
  Bounded:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess']
      PermissionsBoundary: !Sub 'arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess'
  ExternallyBounded:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      Policies:
        - PolicyName: cases
          PolicyDocument: {Statement: [{Effect: Allow, Action: 'support:*', Resource: '*'}]}
      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
  MaybeBounded:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      PermissionsBoundary: !If [IsStrict, arn:aws:iam::aws:policy/AWSSupportAccess, !Ref AWS::NoValue]
"#;

#[test]
fn a_boundary_intersects_with_the_identity_policies() {
    let graph = cloudformation(BOUNDED);
    let role = node(&graph, "Bounded");
    assert_eq!(
        allows(&graph, role, "support:CreateCase").answer,
        Answer::YES
    );
    let outside = allows(&graph, role, "iam:PassRole");
    assert_eq!(
        outside.answer,
        Answer::NO,
        "AdministratorAccess, but bounded"
    );
    assert_eq!(outside.allowed_by.len(), 1, "the grant is still shown");
    assert_eq!(outside.bounded_by.len(), 1);
    assert!(outside.bounded_by[0].statement.is_none());
}

#[test]
fn an_unknown_boundary_matters_only_for_what_is_granted() {
    let graph = cloudformation(BOUNDED);
    let role = node(&graph, "ExternallyBounded");
    let granted = allows(&graph, role, "support:CreateCase").answer;
    assert!(
        granted.unknown_reason().unwrap().contains("not declared"),
        "{granted:?}"
    );
    assert_eq!(allows(&graph, role, "iam:PassRole").answer, Answer::NO);
}

#[test]
fn a_conditional_boundary_bounds_in_some_possibilities() {
    let graph = cloudformation(BOUNDED);
    let role = node(&graph, "MaybeBounded");
    assert_eq!(
        allows(&graph, role, "iam:PassRole").answer,
        Answer::SOMETIMES
    );
    assert_eq!(
        allows(&graph, role, "support:CreateCase").answer,
        Answer::YES
    );
}

const MANAGED: &str = r#"
Parameters:
  Stage: {Type: String}
Conditions:
  Never: !Equals [!Ref Stage, 'never']
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - arn:aws:iam::aws:policy/AWSSupportAccess
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
  Custom:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AWSSupportAccess
        - arn:aws:iam::123456789012:policy/unknown
  Branches:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!If [Never, arn:aws:iam::aws:policy/IAMFullAccess, !Ref AWS::NoValue]]
      Policies:
        - PolicyName: cases
          PolicyDocument:
            Statement:
              - !If [Never, {Effect: Allow, Action: 's3:*', Resource: '*'}, !Ref AWS::NoValue]
              - {Effect: Allow, Action: !If [Never, 'support:*', 'support:Describe*'], Resource: '*'}
"#;

#[test]
fn aws_managed_policies_are_judged_by_their_published_documents() {
    let graph = cloudformation(MANAGED);
    let role = node(&graph, "Reader");
    for (action, answer) in [
        ("support:CreateCase", Answer::YES),
        ("iam:GetRole", Answer::YES),
        ("s3:GetObject", Answer::YES),
        ("cloudwatch:GetMetricData", Answer::YES),
        ("iam:PassRole", Answer::NO),
        ("s3:PutObject", Answer::NO),
    ] {
        assert_eq!(allows(&graph, role, action).answer, answer, "{action}");
    }
}

#[test]
fn unknown_customer_documents_may_deny() {
    let graph = cloudformation(MANAGED);
    let role = node(&graph, "Custom");
    let verdict = allows(&graph, role, "support:CreateCase");
    assert!(verdict.answer.unknown_reason().is_some());
    assert!(!verdict.answer.may.is_no(), "{:?}", verdict.answer);
}

#[test]
fn conditional_statements_attachments_and_values_are_possibilities() {
    let graph = cloudformation(MANAGED);
    let role = node(&graph, "Branches");
    let s3 = allows(&graph, role, "s3:GetObject");
    assert_eq!(s3.answer, Answer::SOMETIMES);
    assert!(s3.allowed_by[0].conditional);
    assert_eq!(
        allows(&graph, role, "iam:CreateUser").answer,
        Answer::SOMETIMES
    );
    assert_eq!(
        allows(&graph, role, "support:CreateCase").answer,
        Answer::SOMETIMES
    );
    assert_eq!(
        allows(&graph, role, "support:DescribeCases").answer,
        Answer::YES
    );
    // IAMFullAccess is read whole: it grants nothing of EC2 in any branch.
    assert_eq!(allows(&graph, role, "ec2:RunInstances").answer, Answer::NO);
}

#[test]
fn users_get_their_groups_policies() {
    let graph = cloudformation(
        r#"
Resources:
  Ops:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: deny-iam
          PolicyDocument: {Statement: [{Effect: Deny, Action: 'iam:*', Resource: '*'}]}
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Ops]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Bob:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
"#,
    );
    let alice = allows(&graph, node(&graph, "Alice"), "iam:PassRole");
    assert_eq!(alice.answer, Answer::NO);
    assert!(
        alice.denied_by[0]
            .via
            .as_ref()
            .unwrap()
            .form
            .contains("Group.Policies")
    );
    assert_eq!(
        allows(&graph, node(&graph, "Bob"), "iam:PassRole").answer,
        Answer::YES
    );
}

#[test]
fn terraform_policies_known_after_apply_are_not_evaluable() {
    let graph = terraform_creating(json!([
        ["aws_iam_role.known", "aws_iam_role", {"name": "known", "assume_role_policy": "{}",
          "inline_policy": [{"name": "cases", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"support:*\",\"Resource\":\"*\"}]}"}]}, {}],
        ["aws_iam_role_policy.later", "aws_iam_role_policy", {"name": "later", "role": "known"}, {"policy": true}]
    ]));
    let role = node(&graph, "aws_iam_role.known");
    let verdict = allows(&graph, role, "support:CreateCase");
    // The later policy may deny, so not even "sometimes" can be told.
    assert_eq!(verdict.answer, Answer::unknown("known only after apply"));
    assert_eq!(verdict.allowed_by.len(), 1);
    assert!(
        allows(&graph, role, "iam:PassRole")
            .answer
            .unknown_reason()
            .is_some()
    );
}

#[test]
fn patterns_are_not_actions() {
    let verdict = {
        let (graph, role) = role_with("[{Effect: Allow, Action: '*', Resource: '*'}]");
        allows(&graph, role, "support:*")
    };
    assert!(verdict.answer.unknown_reason().unwrap().contains("pattern"));
}

#[test]
fn allowed_actions_answers_each_candidate_in_order() {
    let graph = cloudformation(
        r#"
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAppReadOnlyAccess]
"#,
    );
    let candidates: Vec<&str> = app_actions().iter().map(String::as_str).collect();
    let allowed: Vec<&str> = allowed_actions(&graph, node(&graph, "App"), &candidates)
        .into_iter()
        .filter(|(_, verdict)| verdict.answer.is_certain())
        .map(|(action, _)| action)
        .collect();
    assert_eq!(
        allowed,
        ["support:DescribeCases", "support:DescribeCommunications"]
    );
}

/// A scan reads a document once per action however many principals it reaches; the
/// verdicts, evidence included, are those read afresh for each, and each names the
/// attachment that brings the policy to that principal.
#[test]
fn verdicts_read_through_the_scan_readings_are_the_verdicts_read_afresh() {
    let graph = cloudformation(
        r#"
Resources:
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Sid: Cases, Effect: Allow, Action: 'support:*Case*', Resource: '*'}
          - {Sid: NoResolve, Effect: Deny, Action: support:ResolveCase, Resource: '*'}
  First:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Ref Shared, arn:aws:iam::aws:policy/AWSSupportAccess]
  Second:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Ref Shared]
"#,
    );
    let actions = ["support:CreateCase", "support:ResolveCase", "iam:PassRole"];
    let readings = DocumentReadings::default();
    for role in ["First", "Second", "First"] {
        let role = node(&graph, role);
        let fresh = allowed_actions(&graph, role, &actions);
        let read = allowed_actions_with(&graph, role, &actions, Some(&readings));
        assert_eq!(read, fresh);
    }
    let second = allowed_actions_with(&graph, node(&graph, "Second"), &actions, Some(&readings));
    let (_, create) = &second[0];
    assert_eq!(create.answer, Answer::YES);
    assert_eq!(create.allowed_by.len(), 1, "{create:?}");
    let via = create.allowed_by[0].via.as_ref().unwrap();
    assert_eq!(&*via.address, "Second");
    let (_, resolve) = &second[1];
    assert_eq!(resolve.answer, Answer::NO, "denied by NoResolve");
    assert_eq!(resolve.denied_by.len(), 1);
}
