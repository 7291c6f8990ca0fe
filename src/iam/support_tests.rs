//! Support roles and Support App roles as docs/rules.md defines them, on real templates and
//! plans.

use super::*;
use crate::iam::test_graph::{cloudformation, node, terraform_creating};

const TEMPLATE: &str = r#"
Parameters:
  PolicyArn: {Type: String}
  Extra: {Type: String}
Conditions:
  WithExtra: !Equals [!Ref Extra, 'yes']
Resources:
  Managed:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess']
  ByName:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      Policies:
        - PolicyName: cases
          PolicyDocument: {Statement: [{Sid: Cases, Effect: Allow, Action: ['s3:GetObject', 'Support:*'], Resource: '*'}]}
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      Policies:
        - PolicyName: admin
          PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}, {Effect: Deny, Action: 'support:*', Resource: '*'}]}
  Maybe:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!If [WithExtra, arn:aws-us-gov:iam::aws:policy/AWSSupportAccess, !Ref AWS::NoValue]]
  Parameterized:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [!Ref PolicyArn]
  AppByTrust:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}]
  AppByChannel:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
  Channel:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Properties:
      TeamId: T012ABCDEFG
      ChannelId: C0123456789
      ChannelRoleArn: !GetAtt AppByChannel.Arn
      NotifyOnCaseSeverity: all
"#;

#[test]
fn aws_managed_policies_are_recognised_in_any_partition() {
    let graph = cloudformation(TEMPLATE);
    let (answer, edges) =
        attached_aws_managed(&graph, node(&graph, "Managed"), SUPPORT_ACCESS_POLICY);
    assert_eq!(answer, Answer::YES);
    let policy = edges[0].to.node().unwrap();
    assert!(is_aws_managed(&graph, policy, "AWSSupportAccess"));
    assert!(!is_aws_managed(&graph, policy, "AWSSupportAppFullAccess"));
    assert!(
        !is_aws_managed(&graph, node(&graph, "Managed"), "AWSSupportAccess"),
        "a role is no policy"
    );
    let (maybe, _) = attached_aws_managed(&graph, node(&graph, "Maybe"), SUPPORT_ACCESS_POLICY);
    assert_eq!(maybe, Answer::SOMETIMES);
    let (unknown, _) =
        attached_aws_managed(&graph, node(&graph, "Parameterized"), SUPPORT_ACCESS_POLICY);
    assert!(
        unknown.unknown_reason().unwrap().contains("PolicyArn"),
        "{unknown:?}"
    );
    let (none, _) = attached_aws_managed(&graph, node(&graph, "ByName"), SUPPORT_ACCESS_POLICY);
    assert_eq!(none, Answer::NO);
}

#[test]
fn support_roles_by_attachment_or_by_name_but_not_by_star() {
    let graph = cloudformation(TEMPLATE);
    let managed = support_role(&graph, node(&graph, "Managed"));
    assert_eq!(
        (managed.answer, managed.attachments.len()),
        (Answer::YES, 1)
    );
    let by_name = support_role(&graph, node(&graph, "ByName"));
    assert_eq!(by_name.answer, Answer::YES);
    let statement = by_name.by_name[0].statement.as_ref().unwrap();
    assert_eq!(statement.sid.as_deref(), Some("Cases"));
    assert_eq!(
        support_role(&graph, node(&graph, "Admin")).answer,
        Answer::NO
    );
    assert_eq!(
        support_role(&graph, node(&graph, "Maybe")).answer,
        Answer::SOMETIMES
    );
}

#[test]
fn support_app_roles_by_trust_channel_or_policy() {
    let graph = cloudformation(TEMPLATE);
    let (trust, reasons) = support_app_role(&graph, node(&graph, "AppByTrust"));
    assert_eq!(trust, Answer::YES);
    assert!(matches!(reasons[0], AppRoleReason::TrustsSupportApp(_)));
    let (channel, reasons) = support_app_role(&graph, node(&graph, "AppByChannel"));
    assert_eq!(channel, Answer::YES);
    assert!(
        matches!(reasons[0], AppRoleReason::ChannelRole(via) if via.address.as_ref() == "Channel")
    );
    assert_eq!(
        support_app_role(&graph, node(&graph, "Managed")).0,
        Answer::NO
    );
    assert_eq!(
        support_app_role(&graph, node(&graph, "Channel")).0,
        Answer::NO,
        "not a role"
    );
}

#[test]
fn terraform_attachments_and_app_policies() {
    let graph = terraform_creating(serde_json::json!([
        ["aws_iam_role.app", "aws_iam_role", {"name": "app", "assume_role_policy": "{\"Statement\":[]}"}, {}],
        ["aws_iam_role_policy_attachment.app", "aws_iam_role_policy_attachment",
         {"role": "app", "policy_arn": "arn:aws-cn:iam::aws:policy/AWSSupportAppReadOnlyAccess"}, {}]
    ]));
    let role = node(&graph, "aws_iam_role.app");
    let (answer, reasons) = support_app_role(&graph, role);
    assert_eq!(answer, Answer::YES);
    assert!(
        matches!(reasons[0], AppRoleReason::AppPolicy(edge) if edge.via.form.contains("aws_iam_role_policy_attachment"))
    );
    assert_eq!(support_role(&graph, role).answer, Answer::NO);
}
