//! What one scan shares across its inputs and beyond them: names resolve in every input
//! (one scan, one account), identities the inputs only name become one node each, and
//! ARNs built from parts name what their name part refers to.

use serde_json::json;

use super::{edges, node};
use crate::graph::build;
use crate::graph::model::NodeKind;
use crate::graph::term::Term;
use crate::graph::test_support::{input, resource};
use crate::load::InputKind;
use crate::source::FileId;

fn trust() -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "supportapp.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]})
}

fn role(logical_id: &str, name: &str) -> crate::load::Resource {
    resource(
        "AWS::IAM::Role",
        logical_id,
        json!({"RoleName": name, "AssumeRolePolicyDocument": trust()}),
    )
}

fn attach_to_roles(logical_id: &str, roles: serde_json::Value) -> crate::load::Resource {
    resource(
        "AWS::IAM::ManagedPolicy",
        logical_id,
        json!({"ManagedPolicyName": logical_id.to_lowercase(), "Roles": roles, "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "support:DescribeCases", "Resource": "*"}
        ]}}),
    )
}

#[test]
fn a_name_resolves_in_another_input_of_the_scan() {
    let graph = build(&[
        input(
            0,
            InputKind::CloudFormation,
            vec![role("AppRole", "support-app")],
        ),
        input(
            1,
            InputKind::CloudFormation,
            vec![attach_to_roles("Cases", json!(["support-app"]))],
        ),
    ]);
    assert_eq!(
        edges(&graph),
        ["role:support-app -attach-> managed:cases [AWS::IAM::ManagedPolicy.Roles]"]
    );
    assert!(graph.nodes.iter().all(|node| !node.is_outside()));
}

#[test]
fn a_name_declared_twice_resolves_to_its_own_input_first_then_input_order() {
    let graph = build(&[
        input(0, InputKind::CloudFormation, vec![role("First", "shared")]),
        input(1, InputKind::CloudFormation, vec![role("Second", "shared")]),
        input(
            2,
            InputKind::CloudFormation,
            vec![
                role("Own", "shared"),
                attach_to_roles("Here", json!(["shared"])),
            ],
        ),
        input(
            3,
            InputKind::CloudFormation,
            vec![attach_to_roles("Elsewhere", json!(["shared"]))],
        ),
    ]);
    let principal = |address: &str| {
        let edge = graph
            .edges
            .iter()
            .find(|edge| &*edge.via.address == address)
            .unwrap();
        graph
            .node(edge.from.node().unwrap())
            .unwrap()
            .origin
            .clone()
            .unwrap()
    };
    assert_eq!(&*principal("Here").address, "Own");
    assert_eq!(principal("Elsewhere").file, FileId(0));
}

#[test]
fn an_identity_outside_the_scan_is_one_node_for_every_edge_that_names_it() {
    let graph = build(&[
        input(
            0,
            InputKind::CloudFormation,
            vec![
                attach_to_roles("First", json!(["ExistingRole"])),
                resource(
                    "AWS::SupportApp::SlackChannelConfiguration",
                    "Channel",
                    json!({"TeamId": "T1", "ChannelId": "C1",
                           "ChannelRoleArn": "arn:aws:iam::111122223333:role/ops/existingrole"}),
                ),
            ],
        ),
        input(
            1,
            InputKind::CloudFormation,
            vec![attach_to_roles("Second", json!(["ExistingRole"]))],
        ),
    ]);
    let outside: Vec<_> = graph
        .nodes
        .iter()
        .filter(|node| node.is_outside())
        .collect();
    assert_eq!(outside.len(), 1, "IAM names ignore case: one role");
    let role = outside[0];
    assert!(role.origin.is_none());
    let NodeKind::Role(found) = &role.kind else {
        panic!("a role")
    };
    assert_eq!(found.name.term, Term::Known("ExistingRole".into()));
    assert_eq!(
        found.path,
        Term::Known("/ops/".into()),
        "the ARN tells the path"
    );
    assert!(found.trust.statements().is_none(), "its trust is not known");
    // Anchored at the channel configuration, before the attachments.
    assert_eq!(&*role.named_by.as_ref().unwrap().address, "Channel");
    assert_eq!(role.file(), Some(FileId(0)));
    assert_eq!(graph.edges_from(role.id).count(), 2);
    assert_eq!(graph.edges_to(role.id).count(), 1);
}

#[test]
fn the_support_service_linked_role_named_by_name_is_service_linked() {
    let graph = build(&[input(
        0,
        InputKind::CloudFormation,
        vec![attach_to_roles(
            "Cases",
            json!(["AWSServiceRoleForSupport", "plain"]),
        )],
    )]);
    let services: Vec<Option<String>> = graph
        .roles()
        .map(|(_, role)| role.service_linked.as_ref().map(|s| s.term.display()))
        .collect();
    assert_eq!(services, [Some("support.amazonaws.com".to_owned()), None]);
}

#[test]
fn role_arns_built_with_sub_or_join_name_the_referenced_role() {
    let sub = json!({"$template": [
        "arn:", {"$pseudo": "AWS::Partition"}, ":iam::", {"$pseudo": "AWS::AccountId"},
        ":role/", {"$ref": "AppRole"}
    ]});
    let by_arn_attribute = json!({"$template": [
        "arn:aws:iam::111122223333:role/", {"$ref": "AppRole", "attr": "Arn"}
    ]});
    let channel = |id: &str, arn: serde_json::Value| {
        resource(
            "AWS::SupportApp::SlackChannelConfiguration",
            id,
            json!({"TeamId": "T1", "ChannelId": id, "ChannelRoleArn": arn}),
        )
    };
    let graph = build(&[input(
        0,
        InputKind::CloudFormation,
        vec![
            role("AppRole", "support-app"),
            channel("BySub", sub),
            channel("ByArnAttribute", by_arn_attribute),
        ],
    )]);
    let app_role = node(&graph, "AppRole").id;
    let channel_role = |address: &str| {
        graph
            .edges
            .iter()
            .find(|edge| &*edge.via.address == address)
            .map(|edge| edge.to.node())
    };
    assert_eq!(channel_role("BySub"), Some(Some(app_role)));
    // An ARN in the name's place makes no ARN: the text is read as it is.
    assert_ne!(channel_role("ByArnAttribute"), Some(Some(app_role)));
}

#[test]
fn customer_policy_arns_built_from_parts_name_the_declared_policy() {
    let arn = json!({"$template": [
        "arn:", {"$pseudo": "AWS::Partition"}, ":iam::", {"$pseudo": "AWS::AccountId"},
        ":policy/", {"$ref": "aws_iam_policy.cases", "attr": "name"}
    ]});
    let missing = json!({"$template": [
        "arn:", {"$pseudo": "AWS::Partition"}, ":iam::", {"$pseudo": "AWS::AccountId"},
        ":policy/", {"$ref": "data.aws_iam_policy.elsewhere", "attr": "name"}
    ]});
    let graph = build(&[input(
        0,
        InputKind::TerraformPlan,
        vec![
            resource(
                "aws_iam_policy",
                "aws_iam_policy.cases",
                json!({"name": "cases", "path": "/", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}),
            ),
            crate::graph::test_support::data(
                "aws_iam_policy",
                "data.aws_iam_policy.elsewhere",
                json!({"name": "elsewhere"}),
            ),
            resource(
                "aws_iam_role_policy_attachment",
                "aws_iam_role_policy_attachment.a",
                json!({"role": "ops", "policy_arn": arn}),
            ),
            resource(
                "aws_iam_role_policy_attachment",
                "aws_iam_role_policy_attachment.b",
                json!({"role": "ops", "policy_arn": missing}),
            ),
        ],
    )]);
    assert_eq!(
        edges(&graph),
        [
            "outside:Role:ops -attach-> managed:cases [aws_iam_role_policy_attachment]",
            "outside:Role:ops -attach-> external:arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${data.aws_iam_policy.elsewhere.name} [aws_iam_role_policy_attachment]",
        ]
    );
}

#[test]
fn an_exclusive_form_by_name_supersedes_other_attachments_of_an_outside_role() {
    let graph = build(&[input(
        0,
        InputKind::TerraformPlan,
        vec![
            resource(
                "aws_iam_role_policy_attachment",
                "aws_iam_role_policy_attachment.admin",
                json!({"role": "Shared", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
            ),
            resource(
                "aws_iam_role_policy_attachments_exclusive",
                "aws_iam_role_policy_attachments_exclusive.shared",
                json!({"role_name": "shared", "policy_arns": ["arn:aws:iam::aws:policy/AWSSupportAppFullAccess"]}),
            ),
        ],
    )]);
    assert_eq!(
        edges(&graph),
        [
            "outside:Role:shared -attach-> aws:AWSSupportAppFullAccess [aws_iam_role_policy_attachments_exclusive]"
        ]
    );
    assert_eq!(graph.superseded.len(), 1);
}
