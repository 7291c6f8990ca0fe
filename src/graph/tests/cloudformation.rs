//! CloudFormation templates: every attachment property, `Ref`/`Fn::GetAtt` targets,
//! `${AWS::Partition}`, conditions and SAM's bare policy names.

use serde_json::json;

use super::{edges, node};
use crate::graph::model::NodeKind;
use crate::graph::policy::{Principal, PrincipalKind};
use crate::graph::term::{Possible, Term};
use crate::graph::test_support::{conditional, input, resource};
use crate::graph::{Graph, build};
use crate::load::{InputKind, Resource};

fn template(resources: Vec<Resource>) -> Graph {
    build(&[input(0, InputKind::CloudFormation, resources)])
}

fn trust(service: &str) -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    ]})
}

fn partition_arn(name: &str) -> serde_json::Value {
    json!({"$template": ["arn:", {"$pseudo": "AWS::Partition"}, format!(":iam::aws:policy/{name}")]})
}

fn reference(logical_id: &str) -> serde_json::Value {
    json!({"$ref": logical_id})
}

#[test]
fn role_properties_attach_managed_inline_and_boundary_policies() {
    let graph = template(vec![resource(
        "AWS::IAM::Role",
        "SupportRole",
        json!({
            "RoleName": "support",
            "AssumeRolePolicyDocument": trust("ec2.amazonaws.com"),
            "ManagedPolicyArns": [partition_arn("AWSSupportAccess"), "arn:aws-cn:iam::aws:policy/AWSSupportAccess"],
            "Policies": [{"PolicyName": "cases", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "support:*", "Resource": "*"}]}}],
            "PermissionsBoundary": partition_arn("PowerUserAccess"),
            "MaxSessionDuration": 3600
        }),
    )]);
    assert_eq!(
        edges(&graph),
        [
            "role:support -attach-> aws:AWSSupportAccess [AWS::IAM::Role.ManagedPolicyArns]",
            "role:support -attach-> aws:AWSSupportAccess [AWS::IAM::Role.ManagedPolicyArns]",
            "role:support -attach-> inline:cases [AWS::IAM::Role.Policies]",
            "role:support -boundary-> aws:PowerUserAccess [AWS::IAM::Role.PermissionsBoundary]",
        ]
    );
    assert_eq!(
        graph.edges[0].to, graph.edges[1].to,
        "partitions share one node"
    );
    let NodeKind::Role(role) = &node(&graph, "SupportRole").kind else {
        panic!()
    };
    assert_eq!(role.max_session_duration, Some(Term::Known("3600".into())));
    let statements = role.trust.statements().unwrap();
    let Some(Possible::Known(Principal::Entries(entries))) = &statements[0].principal else {
        panic!()
    };
    assert_eq!(entries[0].kind, PrincipalKind::Service);
}

#[test]
fn managed_policy_and_policy_attach_to_roles_users_and_groups() {
    let graph = template(vec![
        resource(
            "AWS::IAM::Role",
            "Role",
            json!({"AssumeRolePolicyDocument": trust("ec2.amazonaws.com")}),
        ),
        resource("AWS::IAM::User", "User", json!({"UserName": "alice"})),
        resource("AWS::IAM::Group", "Group", json!({"GroupName": "ops"})),
        resource(
            "AWS::IAM::ManagedPolicy",
            "Managed",
            json!({"ManagedPolicyName": "support", "PolicyDocument": {"Statement": []},
                   "Roles": [reference("Role")], "Users": ["alice"], "Groups": [reference("Group")]}),
        ),
        resource(
            "AWS::IAM::Policy",
            "InlineToMany",
            json!({"PolicyName": "many", "PolicyDocument": {"Statement": []}, "Roles": [reference("Role")], "Groups": ["ops"]}),
        ),
    ]);
    let role_name = "role:(unknown: `RoleName` is not set; CloudFormation generates it)";
    assert_eq!(
        edges(&graph),
        [
            format!("{role_name} -attach-> managed:support [AWS::IAM::ManagedPolicy.Roles]"),
            "user:alice -attach-> managed:support [AWS::IAM::ManagedPolicy.Users]".to_owned(),
            "group:ops -attach-> managed:support [AWS::IAM::ManagedPolicy.Groups]".to_owned(),
            format!("{role_name} -attach-> inline:many [AWS::IAM::Policy.Roles]"),
            "group:ops -attach-> inline:many [AWS::IAM::Policy.Groups]".to_owned(),
        ]
    );
}

#[test]
fn role_user_and_group_policies_and_memberships() {
    let graph = template(vec![
        resource(
            "AWS::IAM::Role",
            "Role",
            json!({"RoleName": "r", "AssumeRolePolicyDocument": trust("ec2.amazonaws.com")}),
        ),
        resource(
            "AWS::IAM::User",
            "User",
            json!({"UserName": "alice", "Groups": ["ops", reference("Admins")], "ManagedPolicyArns": [partition_arn("AWSSupportAccess")]}),
        ),
        resource(
            "AWS::IAM::Group",
            "Ops",
            json!({"GroupName": "ops", "ManagedPolicyArns": [partition_arn("ReadOnlyAccess")]}),
        ),
        resource("AWS::IAM::Group", "Admins", json!({})),
        resource(
            "AWS::IAM::RolePolicy",
            "RolePolicy",
            json!({"PolicyName": "rp", "RoleName": reference("Role"), "PolicyDocument": {"Statement": []}}),
        ),
        resource(
            "AWS::IAM::UserPolicy",
            "UserPolicy",
            json!({"PolicyName": "up", "UserName": "alice", "PolicyDocument": {"Statement": []}}),
        ),
        resource(
            "AWS::IAM::GroupPolicy",
            "GroupPolicy",
            json!({"PolicyName": "gp", "GroupName": "ops", "PolicyDocument": {"Statement": []}}),
        ),
        resource(
            "AWS::IAM::UserToGroupAddition",
            "Addition",
            json!({"GroupName": "ops", "Users": [reference("User"), "bob"]}),
        ),
    ]);
    let admins = "group:(unknown: `GroupName` is not set; CloudFormation generates it)";
    assert_eq!(
        edges(&graph),
        [
            "user:alice -member-> group:ops [AWS::IAM::User.Groups]".to_owned(),
            format!("user:alice -member-> {admins} [AWS::IAM::User.Groups]"),
            "user:alice -attach-> aws:AWSSupportAccess [AWS::IAM::User.ManagedPolicyArns]"
                .to_owned(),
            "group:ops -attach-> aws:ReadOnlyAccess [AWS::IAM::Group.ManagedPolicyArns]".to_owned(),
            "role:r -attach-> inline:rp [AWS::IAM::RolePolicy.RoleName]".to_owned(),
            "user:alice -attach-> inline:up [AWS::IAM::UserPolicy.UserName]".to_owned(),
            "group:ops -attach-> inline:gp [AWS::IAM::GroupPolicy.GroupName]".to_owned(),
            "user:alice -member-> group:ops [AWS::IAM::UserToGroupAddition]".to_owned(),
            "outside:User:bob -member-> group:ops [AWS::IAM::UserToGroupAddition]".to_owned(),
        ]
    );
}

#[test]
fn service_linked_roles_permission_sets_and_slack_channels() {
    let graph = template(vec![
        resource(
            "AWS::IAM::ServiceLinkedRole",
            "SupportSlr",
            json!({"AWSServiceName": "support.amazonaws.com"}),
        ),
        resource(
            "AWS::IAM::Role",
            "AppRole",
            json!({"RoleName": "app", "AssumeRolePolicyDocument": trust("supportapp.amazonaws.com")}),
        ),
        resource(
            "AWS::SSO::PermissionSet",
            "Support",
            json!({"Name": "Support", "InstanceArn": "arn:aws:sso:::instance/ssoins-1",
                   "ManagedPolicies": [partition_arn("AWSSupportAccess")],
                   "InlinePolicy": r#"{"Statement":[{"Effect":"Allow","Action":"support:*","Resource":"*"}]}"#,
                   "CustomerManagedPolicyReferences": [{"Name": "Cases", "Path": "/support/"}],
                   "PermissionsBoundary": {"ManagedPolicyArn": partition_arn("PowerUserAccess")}}),
        ),
        resource(
            "AWS::SupportApp::SlackChannelConfiguration",
            "Channel",
            json!({"ChannelId": "C1", "TeamId": "T1", "ChannelRoleArn": {"$ref": "AppRole", "attr": "Arn"}}),
        ),
        resource(
            "AWS::SupportApp::SlackChannelConfiguration",
            "ParameterChannel",
            json!({"ChannelId": "C2", "TeamId": "T1", "ChannelRoleArn": {"$unknown": "parameter `RoleArn` has no default"}}),
        ),
        resource(
            "AWS::SupportApp::SlackWorkspaceConfiguration",
            "Workspace",
            json!({"TeamId": "T1"}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "set:Support -attach-> aws:AWSSupportAccess [AWS::SSO::PermissionSet.ManagedPolicies]",
            "set:Support -attach-> outside:Policy:Cases [AWS::SSO::PermissionSet.CustomerManagedPolicyReferences]",
            "set:Support -attach-> inline: [AWS::SSO::PermissionSet.InlinePolicy]",
            "set:Support -boundary-> aws:PowerUserAccess [AWS::SSO::PermissionSet.PermissionsBoundary]",
            "channel:C1 -channel-role-> role:app [AWS::SupportApp::SlackChannelConfiguration.ChannelRoleArn]",
            "channel:C2 -channel-role-> unresolved:parameter `RoleArn` has no default [AWS::SupportApp::SlackChannelConfiguration.ChannelRoleArn]",
        ]
    );
    let NodeKind::Role(slr) = &node(&graph, "SupportSlr").kind else {
        panic!()
    };
    assert_eq!(
        slr.service_linked.as_ref().unwrap().term.known(),
        Some("support.amazonaws.com")
    );
    // AWS writes a service-linked role's trust: the linked service may assume it.
    let statements = slr.trust.statements().expect("the trust AWS writes");
    assert_eq!(statements.len(), 1);
    let written = serde_json::to_value(statements[0]).unwrap();
    assert_eq!(written["effect"]["kind"], "known");
    assert!(
        written.to_string().contains("support.amazonaws.com")
            && written.to_string().contains("sts:AssumeRole"),
        "{written}"
    );
    assert!(matches!(
        node(&graph, "Workspace").kind,
        NodeKind::SlackWorkspace(_)
    ));
}

#[test]
fn conditions_make_edges_conditional_and_absent_branches_attach_nothing() {
    let graph = template(vec![
        resource(
            "AWS::IAM::Role",
            "Role",
            json!({"RoleName": "r", "AssumeRolePolicyDocument": trust("ec2.amazonaws.com"),
            "ManagedPolicyArns": [
                {"$oneOf": [partition_arn("AWSSupportAccess"), {"$absent": true}]},
                partition_arn("ReadOnlyAccess")
            ]}),
        ),
        conditional(
            resource(
                "AWS::IAM::ManagedPolicy",
                "Maybe",
                json!({"ManagedPolicyName": "maybe", "PolicyDocument": {"Statement": []}, "Roles": ["r"]}),
            ),
            "CreateIt",
        ),
        resource(
            "AWS::IAM::RolePolicy",
            "Either",
            json!({"PolicyName": "either", "RoleName": {"$oneOf": ["r", "other"]}, "PolicyDocument": {"Statement": []}}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> aws:AWSSupportAccess [AWS::IAM::Role.ManagedPolicyArns] (conditional)",
            "role:r -attach-> aws:ReadOnlyAccess [AWS::IAM::Role.ManagedPolicyArns]",
            "role:r -attach-> managed:maybe [AWS::IAM::ManagedPolicy.Roles] (conditional)",
            "role:r -attach-> inline:either [AWS::IAM::RolePolicy.RoleName] (conditional)",
            "outside:Role:other -attach-> inline:either [AWS::IAM::RolePolicy.RoleName] (conditional)",
        ]
    );
    assert_eq!(
        node(&graph, "Maybe")
            .origin
            .as_ref()
            .unwrap()
            .condition
            .as_deref(),
        Some("CreateIt")
    );
}

#[test]
fn sam_bare_managed_policy_names_are_aws_managed_policies() {
    let graph = template(vec![resource(
        "AWS::IAM::Role",
        "FunctionRole",
        json!({"AssumeRolePolicyDocument": trust("lambda.amazonaws.com"),
               "ManagedPolicyArns": ["AWSSupportAccess", "AWSSupportServiceRolePolicy", "AWSLambdaBasicExecutionRole", "AWSSupportAcess"]}),
    )]);
    let targets: Vec<String> = graph
        .edges
        .iter()
        .map(|edge| super::end(&graph, &edge.to))
        .collect();
    assert_eq!(
        targets,
        [
            "aws:AWSSupportAccess",
            "aws:aws-service-role/AWSSupportServiceRolePolicy",
            "aws:service-role/AWSLambdaBasicExecutionRole"
        ]
    );
    let NodeKind::Policy(lambda) = &graph
        .aws_managed_policy("service-role/AWSLambdaBasicExecutionRole")
        .unwrap()
        .kind
    else {
        panic!()
    };
    assert!(
        lambda.document.get().statements().is_some(),
        "every published policy is embedded"
    );
    // A name AWS does not publish attaches nothing, with a warning at the name.
    let [typo] = graph.problems.as_slice() else {
        panic!("{:?}", graph.problems)
    };
    assert_eq!(typo.code, "aws-managed-policy-unknown");
    assert!(
        typo.message
            .contains("Did you mean `arn:aws:iam::aws:policy/AWSSupportAccess`?")
    );
}

#[test]
fn customer_policy_arns_match_declared_policies_by_name_and_path() {
    let graph = template(vec![
        resource(
            "AWS::IAM::ManagedPolicy",
            "Cases",
            json!({"ManagedPolicyName": "cases", "Path": "/support/", "PolicyDocument": {"Statement": []}}),
        ),
        resource(
            "AWS::IAM::Role",
            "Role",
            json!({"RoleName": "r", "AssumeRolePolicyDocument": trust("ec2.amazonaws.com"), "ManagedPolicyArns": [
                {"$template": ["arn:", {"$pseudo": "AWS::Partition"}, ":iam::", {"$pseudo": "AWS::AccountId"}, ":policy/support/cases"]},
                {"$template": ["arn:", {"$pseudo": "AWS::Partition"}, ":iam::", {"$pseudo": "AWS::AccountId"}, ":policy/other/cases"]},
                reference("Cases"),
                {"$template": ["arn:aws:iam::", {"$unknown": "imported"}, ":policy/", {"$unknown": "imported"}]}
            ]}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> managed:cases [AWS::IAM::Role.ManagedPolicyArns]",
            "role:r -attach-> external:arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/other/cases [AWS::IAM::Role.ManagedPolicyArns]",
            "role:r -attach-> managed:cases [AWS::IAM::Role.ManagedPolicyArns]",
            "role:r -attach-> unresolved:the name in `arn:aws:iam::${?}:policy/${?}` is not known before deployment [AWS::IAM::Role.ManagedPolicyArns]",
        ]
    );
}
