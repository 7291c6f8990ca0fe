//! Terraform plans and state: every attachment form, names and references, unknowns,
//! partitions, the plan's posture after apply and the exclusive forms.

use serde_json::json;

use super::{edges, node};
use crate::graph::model::{Endpoint, NodeKind, PolicyKind};
use crate::graph::term::{Possible, Term};
use crate::graph::test_support::{changed, data, input, resource};
use crate::graph::{Graph, build};
use crate::load::{Change, InputKind, LoadedInput, Resource};

const TRUST_EC2: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
pub(super) const SUPPORT_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Cases","Effect":"Allow","Action":"support:*","Resource":"*"}]}"#;

fn plan(resources: Vec<Resource>) -> LoadedInput {
    input(0, InputKind::TerraformPlan, resources)
}

pub(super) fn graph(resources: Vec<Resource>) -> Graph {
    build(&[plan(resources)])
}

fn role(address: &str, name: &str) -> Resource {
    resource(
        "aws_iam_role",
        address,
        json!({"name": name, "path": "/", "assume_role_policy": TRUST_EC2}),
    )
}

fn role_ref(address: &str) -> serde_json::Value {
    json!({"$ref": address, "attr": "name"})
}

#[test]
fn role_policy_attachment_by_reference_and_by_name() {
    let graph = graph(vec![
        role("aws_iam_role.support", "support"),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.by_reference",
            json!({"role": role_ref("aws_iam_role.support"), "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.by_name",
            json!({"role": "support", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAppFullAccess"}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.elsewhere",
            json!({"role": "not-in-scan", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:support -attach-> aws:AWSSupportAccess [aws_iam_role_policy_attachment]",
            "role:support -attach-> aws:AWSSupportAppFullAccess [aws_iam_role_policy_attachment]",
            "outside:Role:not-in-scan -attach-> aws:AWSSupportAccess [aws_iam_role_policy_attachment]",
        ]
    );
    // The edge points at the value that attaches the policy.
    let attachment = graph.node_at(
        crate::source::FileId(0),
        "aws_iam_role_policy_attachment.by_reference",
    );
    assert!(
        attachment.is_none(),
        "attachment resources are edges, not nodes"
    );
    assert_eq!(
        &*graph.edges[0].via.address,
        "aws_iam_role_policy_attachment.by_reference"
    );
    let support = graph.aws_managed_policy("AWSSupportAccess").unwrap();
    let NodeKind::Policy(policy) = &support.kind else {
        panic!()
    };
    assert!(
        policy.document.get().statements().is_some(),
        "embedded document is known"
    );
    assert!(support.origin.is_none());
}

#[test]
fn unknown_targets_are_unresolved_edges_with_the_reason() {
    let graph = graph(vec![
        role("aws_iam_role.support", "support"),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.a",
            json!({"role": {"$unknown": "known after apply"}, "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.b",
            json!({"role": "support", "policy_arn": {"$unknown": "known after apply"}}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.c",
            json!({"role": {"$ref": "aws_iam_role.missing", "attr": "name"}}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "unresolved:known after apply -attach-> aws:AWSSupportAccess [aws_iam_role_policy_attachment]",
            "role:support -attach-> unresolved:known after apply [aws_iam_role_policy_attachment]",
            "unresolved:`aws_iam_role.missing` is not declared in this input -attach-> unresolved:`policy_arn` is not set [aws_iam_role_policy_attachment]",
        ]
    );
}

#[test]
fn every_partition_form_is_one_aws_managed_node() {
    let partition_template = json!({"$template": [
        "arn:", {"$ref": "data.aws_partition.current", "attr": "partition"}, ":iam::aws:policy/AWSSupportAccess"
    ]});
    let mut resources = vec![
        role("aws_iam_role.support", "support"),
        data("aws_partition", "data.aws_partition.current", json!({})),
    ];
    for (index, arn) in [
        json!("arn:aws:iam::aws:policy/AWSSupportAccess"),
        json!("arn:aws-cn:iam::aws:policy/AWSSupportAccess"),
        json!("arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"),
        partition_template,
    ]
    .into_iter()
    .enumerate()
    {
        resources.push(resource(
            "aws_iam_role_policy_attachment",
            &format!("aws_iam_role_policy_attachment.p{index}"),
            json!({"role": "support", "policy_arn": arn}),
        ));
    }
    let graph = graph(resources);
    let targets: Vec<_> = graph.edges.iter().map(|edge| edge.to.node()).collect();
    assert_eq!(targets.len(), 4);
    assert!(
        targets
            .iter()
            .all(|target| target.is_some() && *target == targets[0])
    );
    let managed = graph
        .nodes
        .iter()
        .filter(|n| matches!(&n.kind, NodeKind::Policy(p) if matches!(p.kind, PolicyKind::AwsManaged { .. })))
        .count();
    assert_eq!(managed, 1);
}

#[test]
fn policy_attachment_lists_users_groups_and_customer_policies() {
    let graph = graph(vec![
        role("aws_iam_role.r", "r"),
        resource(
            "aws_iam_user",
            "aws_iam_user.u",
            json!({"name": "alice", "path": "/"}),
        ),
        resource(
            "aws_iam_group",
            "aws_iam_group.g",
            json!({"name": "ops", "path": "/"}),
        ),
        resource(
            "aws_iam_policy",
            "aws_iam_policy.p",
            json!({"name": "support", "path": "/", "policy": SUPPORT_POLICY}),
        ),
        resource(
            "aws_iam_policy_attachment",
            "aws_iam_policy_attachment.all",
            json!({"name": "all", "roles": [role_ref("aws_iam_role.r")], "users": ["alice"], "groups": ["ops"],
                   "policy_arn": {"$ref": "aws_iam_policy.p", "attr": "arn"}}),
        ),
        resource(
            "aws_iam_user_policy_attachment",
            "aws_iam_user_policy_attachment.u",
            json!({"user": "alice", "policy_arn": "arn:aws:iam::123456789012:policy/support"}),
        ),
        resource(
            "aws_iam_group_policy_attachment",
            "aws_iam_group_policy_attachment.g",
            json!({"group": "ops", "policy_arn": "arn:aws:iam::123456789012:policy/team/other"}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> managed:support [aws_iam_policy_attachment]",
            "user:alice -attach-> managed:support [aws_iam_policy_attachment]",
            "group:ops -attach-> managed:support [aws_iam_policy_attachment]",
            "user:alice -attach-> managed:support [aws_iam_user_policy_attachment]",
            "group:ops -attach-> external:arn:aws:iam::123456789012:policy/team/other [aws_iam_group_policy_attachment]",
        ]
    );
    let NodeKind::Policy(policy) = &node(&graph, "aws_iam_policy.p").kind else {
        panic!()
    };
    let statements = policy.document.get().statements().unwrap();
    assert_eq!(statements[0].sid, Some(Term::Known("Cases".into())));
}

#[test]
fn inline_policies_of_roles_users_and_groups_and_invalid_json() {
    let graph = graph(vec![
        role("aws_iam_role.r", "r"),
        resource("aws_iam_user", "aws_iam_user.u", json!({"name": "alice"})),
        resource("aws_iam_group", "aws_iam_group.g", json!({"name": "ops"})),
        resource(
            "aws_iam_role_policy",
            "aws_iam_role_policy.r",
            json!({"name": "cases", "role": role_ref("aws_iam_role.r"), "policy": SUPPORT_POLICY}),
        ),
        resource(
            "aws_iam_user_policy",
            "aws_iam_user_policy.u",
            json!({"name": "u", "user": "alice", "policy": SUPPORT_POLICY}),
        ),
        resource(
            "aws_iam_group_policy",
            "aws_iam_group_policy.g",
            json!({"name": "broken", "group": "ops", "policy": "{\"Statement\": ["}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> inline:cases [aws_iam_role_policy]",
            "user:alice -attach-> inline:u [aws_iam_user_policy]",
            "group:ops -attach-> inline:broken [aws_iam_group_policy]",
        ]
    );
    let NodeKind::Policy(broken) = &node(&graph, "aws_iam_group_policy.g").kind else {
        panic!()
    };
    assert!(
        matches!(&broken.document.get().body, Possible::Unknown(reason) if reason.contains("not valid JSON"))
    );
    assert_eq!(graph.problems.len(), 1);
    assert_eq!(graph.problems[0].code, "policy-invalid-json");
    assert_eq!(
        graph.problems[0].severity,
        crate::problem::Severity::Warning
    );
}

#[test]
fn observed_managed_policy_arns_lose_attachments_the_plan_deletes() {
    let graph = graph(vec![
        resource(
            "aws_iam_role",
            "aws_iam_role.r",
            json!({"name": "r", "assume_role_policy": TRUST_EC2, "managed_policy_arns": [
                "arn:aws:iam::aws:policy/AWSSupportAccess",
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/AWSSupportAppFullAccess"
            ]}),
        ),
        changed(
            resource(
                "aws_iam_role_policy_attachment",
                "aws_iam_role_policy_attachment.gone",
                json!({"role": "r", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
            ),
            Change::Delete,
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.kept",
            json!({"role": "r", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAppFullAccess"}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> aws:ReadOnlyAccess [aws_iam_role.managed_policy_arns]",
            "role:r -attach-> aws:AWSSupportAppFullAccess [aws_iam_role_policy_attachment]",
        ]
    );
    assert!(
        graph.aws_managed_policy("AWSSupportAccess").is_none(),
        "no node for a removed attachment"
    );
    assert_eq!(
        &*graph.deleted[0].origin.address,
        "aws_iam_role_policy_attachment.gone"
    );
}

#[test]
fn observed_inline_blocks_skip_empty_deleted_and_duplicated_policies() {
    let graph = graph(vec![
        resource(
            "aws_iam_role",
            "aws_iam_role.r",
            json!({"name": "r", "assume_role_policy": TRUST_EC2, "inline_policy": [
                {"name": "", "policy": ""},
                {"name": "kept", "policy": SUPPORT_POLICY},
                {"name": "deleted", "policy": SUPPORT_POLICY},
                {"name": "declared", "policy": SUPPORT_POLICY}
            ]}),
        ),
        changed(
            resource(
                "aws_iam_role_policy",
                "aws_iam_role_policy.deleted",
                json!({"name": "deleted", "role": "r", "policy": SUPPORT_POLICY}),
            ),
            Change::Delete,
        ),
        resource(
            "aws_iam_role_policy",
            "aws_iam_role_policy.declared",
            json!({"name": "declared", "role": "r", "policy": SUPPORT_POLICY}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> inline:kept [aws_iam_role.inline_policy]",
            "role:r -attach-> inline:declared [aws_iam_role_policy]",
        ]
    );
    // The deleted inline policy has no node; the role's own block became one.
    assert!(
        graph
            .node_at(crate::source::FileId(0), "aws_iam_role_policy.deleted")
            .is_none()
    );
}

#[test]
fn exclusive_attachments_are_the_whole_truth() {
    let graph = graph(vec![
        role("aws_iam_role.r", "r"),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.extra",
            json!({"role": "r", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
        ),
        resource(
            "aws_iam_role_policy_attachments_exclusive",
            "aws_iam_role_policy_attachments_exclusive.r",
            json!({"role_name": role_ref("aws_iam_role.r"), "policy_arns": ["arn:aws:iam::aws:policy/AWSSupportAccess"]}),
        ),
        resource(
            "aws_iam_role_policy",
            "aws_iam_role_policy.listed",
            json!({"name": "listed", "role": "r", "policy": SUPPORT_POLICY}),
        ),
        resource(
            "aws_iam_role_policy",
            "aws_iam_role_policy.unlisted",
            json!({"name": "unlisted", "role": "r", "policy": SUPPORT_POLICY}),
        ),
        resource(
            "aws_iam_role_policies_exclusive",
            "aws_iam_role_policies_exclusive.r",
            json!({"role_name": "r", "policy_names": ["listed"]}),
        ),
        resource("aws_iam_user", "aws_iam_user.u", json!({"name": "alice"})),
        resource(
            "aws_iam_user_policy_attachment",
            "aws_iam_user_policy_attachment.u",
            json!({"user": "alice", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
        ),
        resource(
            "aws_iam_user_policy_attachments_exclusive",
            "aws_iam_user_policy_attachments_exclusive.u",
            json!({"user_name": "alice", "policy_arns": {"$unknown": "known after apply"}}),
        ),
        resource("aws_iam_group", "aws_iam_group.g", json!({"name": "ops"})),
        resource(
            "aws_iam_group_policy_attachments_exclusive",
            "aws_iam_group_policy_attachments_exclusive.g",
            json!({"group_name": "ops", "policy_arns": ["arn:aws:iam::aws:policy/AWSSupportAccess"]}),
        ),
        resource(
            "aws_iam_group_policies_exclusive",
            "aws_iam_group_policies_exclusive.g",
            json!({"group_name": "ops", "policy_names": []}),
        ),
        resource(
            "aws_iam_user_policies_exclusive",
            "aws_iam_user_policies_exclusive.u",
            json!({"user_name": "alice", "policy_names": []}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> aws:AWSSupportAccess [aws_iam_role_policy_attachments_exclusive]",
            "role:r -attach-> inline:listed [aws_iam_role_policy]",
            "user:alice -attach-> aws:ReadOnlyAccess [aws_iam_user_policy_attachment]",
            // An exclusive list unknown until apply supersedes nothing, and is itself an
            // attachment rules cannot evaluate.
            "user:alice -attach-> unresolved:known after apply [aws_iam_user_policy_attachments_exclusive]",
            "group:ops -attach-> aws:AWSSupportAccess [aws_iam_group_policy_attachments_exclusive]",
        ]
    );
    let superseded: Vec<String> = graph
        .superseded
        .iter()
        .map(|s| format!("{} by {}", super::describe(&graph, &s.edge), s.by.address))
        .collect();
    assert_eq!(
        superseded,
        [
            "role:r -attach-> aws:AdministratorAccess [aws_iam_role_policy_attachment] by aws_iam_role_policy_attachments_exclusive.r",
            "role:r -attach-> inline:unlisted [aws_iam_role_policy] by aws_iam_role_policies_exclusive.r",
        ]
    );
}

#[test]
fn permissions_boundaries_and_group_memberships() {
    let graph = graph(vec![
        resource(
            "aws_iam_role",
            "aws_iam_role.r",
            json!({"name": "r", "assume_role_policy": TRUST_EC2, "permissions_boundary": "arn:aws:iam::aws:policy/PowerUserAccess"}),
        ),
        resource(
            "aws_iam_user",
            "aws_iam_user.a",
            json!({"name": "alice", "permissions_boundary": ""}),
        ),
        resource(
            "aws_iam_user",
            "aws_iam_user.b",
            json!({"name": "bob", "permissions_boundary": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        ),
        resource("aws_iam_group", "aws_iam_group.g", json!({"name": "ops"})),
        resource(
            "aws_iam_group_membership",
            "aws_iam_group_membership.m",
            json!({"name": "m", "group": {"$ref": "aws_iam_group.g", "attr": "name"}, "users": ["alice", {"$ref": "aws_iam_user.b", "attr": "name"}]}),
        ),
        resource(
            "aws_iam_user_group_membership",
            "aws_iam_user_group_membership.m",
            json!({"user": "alice", "groups": ["ops", "admins"]}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -boundary-> aws:PowerUserAccess [aws_iam_role.permissions_boundary]",
            "user:bob -boundary-> aws:AWSSupportAccess [aws_iam_user.permissions_boundary]",
            "user:alice -member-> group:ops [aws_iam_group_membership]",
            "user:bob -member-> group:ops [aws_iam_group_membership]",
            "user:alice -member-> group:ops [aws_iam_user_group_membership]",
            "user:alice -member-> outside:Group:admins [aws_iam_user_group_membership]",
        ]
    );
}

#[test]
fn identity_center_permission_sets() {
    let set = json!({"$ref": "aws_ssoadmin_permission_set.support", "attr": "arn"});
    let graph = graph(vec![
        resource(
            "aws_ssoadmin_permission_set",
            "aws_ssoadmin_permission_set.support",
            json!({"name": "Support", "session_duration": "PT4H"}),
        ),
        resource(
            "aws_ssoadmin_managed_policy_attachment",
            "aws_ssoadmin_managed_policy_attachment.a",
            json!({"permission_set_arn": set, "managed_policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        ),
        resource(
            "aws_ssoadmin_permission_set_inline_policy",
            "aws_ssoadmin_permission_set_inline_policy.i",
            json!({"permission_set_arn": set, "inline_policy": SUPPORT_POLICY}),
        ),
        resource(
            "aws_ssoadmin_customer_managed_policy_attachment",
            "aws_ssoadmin_customer_managed_policy_attachment.c",
            json!({"permission_set_arn": set, "customer_managed_policy_reference": [{"name": "Cases", "path": "/support/"}]}),
        ),
        resource(
            "aws_ssoadmin_permissions_boundary_attachment",
            "aws_ssoadmin_permissions_boundary_attachment.b",
            json!({"permission_set_arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-2", "permissions_boundary": [
                {"managed_policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess", "customer_managed_policy_reference": []}
            ]}),
        ),
        resource(
            "awscc_sso_permission_set",
            "awscc_sso_permission_set.cc",
            json!({"name": "SupportCC", "managed_policies": ["arn:aws:iam::aws:policy/AWSSupportAccess"],
                   "inline_policy": SUPPORT_POLICY,
                   "customer_managed_policy_references": [{"name": "Cases"}],
                   "permissions_boundary": {"customer_managed_policy_reference": {"name": "Bound", "path": "/"}}}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "set:Support -attach-> aws:AWSSupportAccess [aws_ssoadmin_managed_policy_attachment]",
            "set:Support -attach-> inline: [aws_ssoadmin_permission_set_inline_policy]",
            "set:Support -attach-> outside:Policy:Cases [aws_ssoadmin_customer_managed_policy_attachment]",
            "unresolved:permission set `arn:aws:sso:::permissionSet/ssoins-1/ps-2` is not declared in this input -boundary-> aws:PowerUserAccess [aws_ssoadmin_permissions_boundary_attachment]",
            "set:SupportCC -attach-> aws:AWSSupportAccess [awscc_sso_permission_set.managed_policies]",
            "set:SupportCC -attach-> outside:Policy:Cases [awscc_sso_permission_set.customer_managed_policy_references]",
            "set:SupportCC -attach-> inline: [awscc_sso_permission_set.inline_policy]",
            "set:SupportCC -boundary-> outside:Policy:Bound [awscc_sso_permission_set.permissions_boundary]",
        ]
    );
    let Endpoint::Outside { path, .. } = &graph.edges[2].to else {
        panic!()
    };
    assert_eq!(path, &Some(Term::Known("/support/".into())));
}

#[test]
fn slack_channel_roles_by_reference_by_arn_and_unknown() {
    let graph = graph(vec![
        resource(
            "aws_iam_role",
            "aws_iam_role.app",
            json!({"name": "SupportApp", "path": "/", "assume_role_policy": TRUST_EC2}),
        ),
        resource(
            "awscc_supportapp_slack_channel_configuration",
            "awscc_supportapp_slack_channel_configuration.a",
            json!({"channel_id": "C1", "team_id": "T1", "channel_role_arn": {"$ref": "aws_iam_role.app", "attr": "arn"}}),
        ),
        resource(
            "awscc_supportapp_slack_channel_configuration",
            "awscc_supportapp_slack_channel_configuration.b",
            json!({"channel_id": "C2", "team_id": "T1", "channel_role_arn": "arn:aws:iam::123456789012:role/SupportApp"}),
        ),
        resource(
            "awscc_supportapp_slack_channel_configuration",
            "awscc_supportapp_slack_channel_configuration.c",
            json!({"channel_id": "C3", "team_id": "T1", "channel_role_arn": {"$unknown": "known after apply"}}),
        ),
        resource(
            "awscc_supportapp_slack_workspace_configuration",
            "awscc_supportapp_slack_workspace_configuration.w",
            json!({"team_id": "T1"}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "channel:C1 -channel-role-> role:SupportApp [awscc_supportapp_slack_channel_configuration.channel_role_arn]",
            "channel:C2 -channel-role-> role:SupportApp [awscc_supportapp_slack_channel_configuration.channel_role_arn]",
            "channel:C3 -channel-role-> unresolved:known after apply [awscc_supportapp_slack_channel_configuration.channel_role_arn]",
        ]
    );
    assert!(matches!(
        node(&graph, "awscc_supportapp_slack_workspace_configuration.w").kind,
        NodeKind::SlackWorkspace(_)
    ));
}

#[test]
fn service_linked_roles_created_deleted_and_by_path() {
    let graph = graph(vec![
        resource(
            "aws_iam_service_linked_role",
            "aws_iam_service_linked_role.support",
            json!({"aws_service_name": "support.amazonaws.com"}),
        ),
        changed(
            resource(
                "aws_iam_service_linked_role",
                "aws_iam_service_linked_role.old",
                json!({"aws_service_name": "support.amazonaws.com"}),
            ),
            Change::Delete,
        ),
        resource(
            "aws_iam_role",
            "aws_iam_role.slr",
            json!({"name": "AWSServiceRoleForSupport", "path": "/aws-service-role/support.amazonaws.com/", "assume_role_policy": TRUST_EC2}),
        ),
        changed(role("aws_iam_role.replaced", "replaced"), Change::Replace),
    ]);
    let services: Vec<(String, Option<String>)> = graph
        .roles()
        .map(|(node, role)| {
            (
                node.origin.as_ref().unwrap().address.to_string(),
                role.service_linked.as_ref().map(|s| s.term.display()),
            )
        })
        .collect();
    assert_eq!(
        services,
        [
            (
                "aws_iam_service_linked_role.support".to_owned(),
                Some("support.amazonaws.com".to_owned())
            ),
            (
                "aws_iam_role.slr".to_owned(),
                Some("support.amazonaws.com".to_owned())
            ),
            ("aws_iam_role.replaced".to_owned(), None),
        ]
    );
    assert_eq!(graph.deleted.len(), 1);
    assert_eq!(
        graph.deleted[0]
            .service_linked
            .as_ref()
            .unwrap()
            .term
            .known(),
        Some("support.amazonaws.com")
    );
    assert_eq!(
        node(&graph, "aws_iam_role.replaced")
            .origin
            .as_ref()
            .unwrap()
            .change,
        Change::Replace
    );
}

#[test]
fn policy_data_sources_by_name_and_by_arn() {
    let graph = graph(vec![
        role("aws_iam_role.r", "r"),
        data(
            "aws_iam_policy",
            "data.aws_iam_policy.support",
            json!({"name": "AWSSupportAccess", "arn": {"$unknown": "known after apply"}}),
        ),
        data(
            "aws_iam_policy",
            "data.aws_iam_policy.slr",
            json!({"arn": "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"}),
        ),
        data(
            "aws_iam_policy",
            "data.aws_iam_policy.custom",
            json!({"name": "CustomThing", "arn": {"$unknown": "known after apply"}}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.a",
            json!({"role": "r", "policy_arn": {"$ref": "data.aws_iam_policy.support", "attr": "arn"}}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.b",
            json!({"role": "r", "policy_arn": {"$ref": "data.aws_iam_policy.slr", "attr": "arn"}}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.c",
            json!({"role": "r", "policy_arn": {"$ref": "data.aws_iam_policy.custom", "attr": "arn"}}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:r -attach-> aws:AWSSupportAccess [aws_iam_role_policy_attachment]",
            "role:r -attach-> aws:aws-service-role/AWSSupportServiceRolePolicy [aws_iam_role_policy_attachment]",
            "role:r -attach-> outside:Policy:CustomThing [aws_iam_role_policy_attachment]",
        ]
    );
}

#[test]
fn references_resolve_only_inside_their_own_input() {
    let first = input(
        0,
        InputKind::TerraformState,
        vec![role("aws_iam_role.r", "r")],
    );
    let second = input(
        1,
        InputKind::TerraformState,
        vec![resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.a",
            json!({"role": role_ref("aws_iam_role.r"), "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        )],
    );
    let graph = build(&[first, second]);
    assert!(
        matches!(&graph.edges[0].from, Endpoint::Unresolved { reason } if reason.contains("not declared"))
    );
}

#[test]
fn building_is_deterministic() {
    let resources = || {
        vec![
            role("aws_iam_role.b", "b"),
            role("aws_iam_role.a", "a"),
            resource(
                "aws_iam_role_policy_attachment",
                "aws_iam_role_policy_attachment.x",
                json!({"role": "a", "policy_arn": "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}),
            ),
            resource(
                "aws_iam_role_policy_attachment",
                "aws_iam_role_policy_attachment.y",
                json!({"role": "b", "policy_arn": "arn:aws:iam::aws:policy/AWSAccountActivityAccess"}),
            ),
        ]
    };
    let first = graph(resources());
    let second = graph(resources());
    assert_eq!(first.to_json(&[]), second.to_json(&[]));
    assert_eq!(
        edges(&first),
        [
            "role:a -attach-> aws:job-function/ViewOnlyAccess [aws_iam_role_policy_attachment]",
            "role:b -attach-> aws:AWSAccountActivityAccess [aws_iam_role_policy_attachment]"
        ]
    );
    assert_eq!(
        first
            .aws_managed_policy("job-function/ViewOnlyAccess")
            .unwrap()
            .id
            .0,
        2,
        "nodes in order of first use"
    );
}

#[test]
fn a_new_roles_computed_managed_policy_arns_add_nothing() {
    let graph = graph(vec![
        resource(
            "aws_iam_role",
            "aws_iam_role.new",
            json!({"name": "new", "assume_role_policy": TRUST_EC2, "managed_policy_arns": {"$unknown": "known after apply"}}),
        ),
        resource(
            "aws_iam_role_policy_attachment",
            "aws_iam_role_policy_attachment.a",
            json!({"role": role_ref("aws_iam_role.new"), "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
        ),
        resource(
            "aws_iam_role",
            "aws_iam_role.partly",
            json!({"name": "partly", "assume_role_policy": TRUST_EC2, "managed_policy_arns": [{"$unknown": "known after apply"}]}),
        ),
    ]);
    assert_eq!(
        edges(&graph),
        [
            "role:new -attach-> aws:AWSSupportAccess [aws_iam_role_policy_attachment]",
            "role:partly -attach-> unresolved:known after apply [aws_iam_role.managed_policy_arns]",
        ]
    );
    let role = node(&graph, "aws_iam_role.new").id;
    assert_eq!(graph.edges_from(role).count(), 1);
    let policy = graph.aws_managed_policy("AWSSupportAccess").unwrap().id;
    assert_eq!(graph.edges_to(policy).count(), 1);
    assert_eq!(graph.edges_from(policy).count(), 0);
}

#[test]
fn destroying_an_exclusive_resource_detaches_nothing() {
    let graph = graph(vec![
        resource(
            "aws_iam_role",
            "aws_iam_role.r",
            json!({"name": "r", "assume_role_policy": TRUST_EC2, "managed_policy_arns": ["arn:aws:iam::aws:policy/AWSSupportAccess"]}),
        ),
        changed(
            resource(
                "aws_iam_role_policy_attachments_exclusive",
                "aws_iam_role_policy_attachments_exclusive.r",
                json!({"role_name": "r", "policy_arns": ["arn:aws:iam::aws:policy/AWSSupportAccess"]}),
            ),
            Change::Delete,
        ),
    ]);
    assert_eq!(
        edges(&graph),
        ["role:r -attach-> aws:AWSSupportAccess [aws_iam_role.managed_policy_arns]"]
    );
    assert!(graph.superseded.is_empty());
}
