//! Patterns beyond the App action set, on real templates (docs/rules.md APP002).

use super::*;
use crate::iam::catalog::app_actions_with_slr;
use crate::iam::test_graph::{cloudformation, node, role_template};

const TRUST: &str =
    "{Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}";

fn beyond(statements: &str) -> Beyond {
    let graph = cloudformation(&role_template(TRUST, statements));
    actions_beyond(&graph, node(&graph, "Role"), &app_actions_with_slr())
}

fn grant(statements: &str) -> (Reach, Answer, Option<String>, Vec<String>) {
    let result = beyond(statements);
    assert_eq!(result.grants.len(), 1, "{result:?}");
    let grant = &result.grants[0];
    (
        grant.reach,
        grant.answer.clone(),
        grant.evidence.pattern.clone(),
        grant.examples.clone(),
    )
}

#[test]
fn the_app_actions_themselves_are_not_beyond() {
    let exact = "[{Effect: Allow, Action: [servicequotas:GetRequestedServiceQuotaChange, servicequotas:GetServiceQuota,
        servicequotas:RequestServiceQuotaIncrease, support:AddAttachmentsToSet, support:AddCommunicationToCase,
        SUPPORT:CreateCase, support:DescribeCases, support:DescribeCommunications, support:DescribeSeverityLevels,
        support:InitiateChatForCase, support:ResolveCase, iam:CreateServiceLinkedRole], Resource: '*'}]";
    assert_eq!(beyond(exact), Beyond::default());
    assert_eq!(beyond(exact).reach(), None);
    assert!(
        beyond("[{Effect: Allow, Action: 'support:DescribeCase?', Resource: '*'}]")
            .grants
            .is_empty()
    );
}

#[test]
fn support_patterns_stay_inside_the_support_services() {
    let (reach, answer, pattern, examples) =
        grant("[{Effect: Allow, Action: 'support:*', Resource: '*'}]");
    assert_eq!(
        (reach, answer, pattern.as_deref()),
        (Reach::SupportServices, Answer::YES, Some("support:*"))
    );
    assert!(examples.iter().all(|e| e.starts_with("support:")) && !examples.is_empty());
    let (reach, _, _, examples) =
        grant("[{Effect: Allow, Action: 'support:Describe*', Resource: '*'}]");
    assert_eq!(reach, Reach::SupportServices);
    assert!(
        examples.contains(&"support:DescribeAttachment".to_owned()),
        "{examples:?}"
    );
    let (reach, ..) =
        grant("[{Effect: Allow, Action: 'support:DescribeTrustedAdvisorChecks', Resource: '*'}]");
    assert_eq!(reach, Reach::SupportServices);
}

#[test]
fn other_services_not_action_and_star_reach_other_services() {
    for (statements, pattern) in [
        ("[{Effect: Allow, Action: '*', Resource: '*'}]", "*"),
        ("[{Effect: Allow, Action: 'iam:*', Resource: '*'}]", "iam:*"),
        (
            "[{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]",
            "s3:GetObject",
        ),
        (
            "[{Effect: Allow, Action: 'dynamodb:Get*', Resource: '*'}]",
            "dynamodb:Get*",
        ),
        (
            "[{Effect: Allow, NotAction: 'support:*', Resource: '*'}]",
            "NotAction support:*",
        ),
    ] {
        let (reach, answer, written, _) = grant(statements);
        assert_eq!(
            (reach, answer, written.as_deref()),
            (Reach::OtherServices, Answer::YES, Some(pattern))
        );
    }
}

#[test]
fn denials_and_boundaries_take_patterns_back() {
    let denied = "[{Effect: Allow, Action: '*', Resource: '*'},
                   {Effect: Deny, NotAction: ['support:*', 'servicequotas:*'], Resource: '*'}]";
    let (reach, ..) = grant(denied);
    assert_eq!(
        reach,
        Reach::SupportServices,
        "only the support part of `*` survives"
    );
    let all_denied = "[{Effect: Allow, Action: 's3:Get*', Resource: '*'}, {Effect: Deny, Action: 's3:*', Resource: '*'}]";
    assert!(beyond(all_denied).grants.is_empty());
    let partly_denied = "[{Effect: Allow, Action: 's3:Get*', Resource: '*'}, {Effect: Deny, Action: 's3:GetObject', Resource: '*'}]";
    assert_eq!(grant(partly_denied).0, Reach::OtherServices);
    let graph = cloudformation(
        r#"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      PermissionsBoundary: arn:aws:iam::aws:policy/AWSSupportAppFullAccess
"#,
    );
    let bounded = actions_beyond(&graph, node(&graph, "Role"), &app_actions_with_slr());
    assert!(bounded.grants.is_empty(), "{bounded:?}");
}

#[test]
fn conditions_make_a_grant_conditional() {
    let (_, answer, ..) = grant(
        "[{Effect: Allow, Action: 'iam:PassRole', Resource: '*',
        Condition: {StringEquals: {'iam:PassedToService': ec2.amazonaws.com}}}]",
    );
    assert_eq!(answer, Answer::SOMETIMES);
}

#[test]
fn broad_and_unknown_managed_policies() {
    let graph = cloudformation(
        r#"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: []}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - arn:aws:iam::aws:policy/AWSSupportAccess
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
"#,
    );
    let result = actions_beyond(&graph, node(&graph, "Role"), &app_actions_with_slr());
    let reaches: Vec<(Option<&str>, Reach)> = result
        .grants
        .iter()
        .map(|g| (g.evidence.pattern.as_deref(), g.reach))
        .collect();
    assert_eq!(
        reaches,
        [
            (Some("ec2:Describe*"), Reach::OtherServices),
            (Some("iam:Get*"), Reach::OtherServices),
            (Some("iam:List*"), Reach::OtherServices),
            (Some("support:*"), Reach::SupportServices),
            (Some("support-console:*"), Reach::SupportServices),
        ]
    );
    assert_eq!(result.reach(), Some(Reach::OtherServices));
    assert_eq!(result.unknown.len(), 1);
    assert!(result.unknown[0].contains("AmazonS3ReadOnlyAccess"));
}
