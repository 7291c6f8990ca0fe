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

fn managed(arns: &[&str]) -> Beyond {
    let list: Vec<String> = arns
        .iter()
        .map(|key| format!("        - arn:aws:iam::aws:policy/{key}"))
        .collect();
    let graph = cloudformation(&format!(
        "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      \
         AssumeRolePolicyDocument: {{Statement: []}}\n      ManagedPolicyArns:\n{}\n",
        list.join("\n")
    ));
    actions_beyond(&graph, node(&graph, "Role"), &app_actions_with_slr())
}

#[test]
fn aws_managed_policies_reach_by_their_published_documents() {
    let result = managed(&[
        "ReadOnlyAccess",
        "AWSSupportAccess",
        "AmazonS3ReadOnlyAccess",
    ]);
    assert!(result.unknown.is_empty(), "{:?}", result.unknown);
    assert_eq!(result.reach(), Some(Reach::OtherServices));
    let pattern = |p: &str| {
        result
            .grants
            .iter()
            .find(|g| g.evidence.pattern.as_deref() == Some(p))
            .unwrap_or_else(|| panic!("{p}"))
    };
    assert_eq!(pattern("support:*").reach, Reach::SupportServices);
    assert_eq!(pattern("support-console:*").reach, Reach::SupportServices);
    let s3 = pattern("s3:Get*");
    assert_eq!(
        (s3.reach, s3.answer.clone()),
        (Reach::OtherServices, Answer::YES)
    );
    assert!(
        s3.examples.iter().all(|e| e.starts_with("s3:Get")),
        "{:?}",
        s3.examples
    );
    assert_eq!(s3.examples.len(), 5);
    assert!(
        result.grants.len() > 100,
        "ReadOnlyAccess lists hundreds of patterns"
    );
}

#[test]
fn read_only_policies_of_other_services_reach_them() {
    for (key, service) in [
        ("CloudWatchReadOnlyAccess", "cloudwatch:"),
        ("AmazonS3ReadOnlyAccess", "s3:"),
        ("job-function/ViewOnlyAccess", ""),
    ] {
        let result = managed(&[key]);
        assert_eq!(result.reach(), Some(Reach::OtherServices), "{key}");
        assert!(result.unknown.is_empty(), "{key}: {:?}", result.unknown);
        let examples: Vec<&String> = result.grants.iter().flat_map(|g| &g.examples).collect();
        assert!(
            examples.iter().any(|e| e.starts_with(service)),
            "{key}: {examples:?}"
        );
    }
    let app = managed(&["AWSSupportAppReadOnlyAccess"]);
    assert_eq!(app, Beyond::default(), "inside the App action set");
}

#[test]
fn wildcards_are_witnessed_by_published_actions() {
    let (reach, answer, _, examples) =
        grant("[{Effect: Allow, Action: '*:Describe*', Resource: '*'}]");
    assert_eq!((reach, answer), (Reach::OtherServices, Answer::YES));
    assert!(
        examples.iter().all(|e| e.contains(":Describe")),
        "{examples:?}"
    );
    // `*` stops after a few witnesses, the well-known ones of other services first.
    let (_, answer, _, examples) = grant("[{Effect: Allow, Action: '*', Resource: '*'}]");
    assert_eq!(answer, Answer::YES);
    assert_eq!(
        examples,
        [
            "iam:PassRole",
            "iam:CreateUser",
            "iam:AttachRolePolicy",
            "sts:AssumeRole",
            "s3:GetObject"
        ]
    );
    assert!(examples.len() == 5, "{examples:?}");
    // A pattern that matches no published action allows nothing.
    assert!(
        beyond("[{Effect: Allow, Action: 's3:NoSuchAction*', Resource: '*'}]")
            .grants
            .is_empty()
    );
    // A service newer than the catalog is witnessed by actions built from the pattern.
    let (reach, _, _, examples) =
        grant("[{Effect: Allow, Action: 'brandnewservice:Get*', Resource: '*'}]");
    assert_eq!(reach, Reach::OtherServices);
    assert!(examples.is_empty(), "built witnesses are never examples");
}

#[test]
fn the_well_known_witnesses_are_published_actions() {
    for witness in OTHER_SERVICE_WITNESSES {
        assert_eq!(crate::iam::catalog::expand(witness).len(), 1, "{witness}");
    }
}
