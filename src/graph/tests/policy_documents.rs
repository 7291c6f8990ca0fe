//! Terraform policy documents: `data "aws_iam_policy_document"` with its JSON known,
//! deferred to apply (rebuilt from its blocks), merged, or merging itself.

use serde_json::json;

use super::node;
use super::terraform::{SUPPORT_POLICY, graph};
use crate::graph::model::NodeKind;
use crate::graph::policy::{Effect, Principal, PrincipalKind};
use crate::graph::term::{Possible, Term};
use crate::graph::test_support::{data, resource};

#[test]
fn deferred_policy_document_blocks_build_the_trust_policy() {
    let graph = graph(vec![
        data(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.trust",
            json!({"json": {"$unknown": "known after apply"}, "statement": [{
                "sid": "", "effect": "", "actions": ["sts:AssumeRole"], "not_actions": [],
                "resources": [], "not_resources": [],
                "principals": [{"type": "AWS", "identifiers": [{"$ref": "aws_iam_role.other", "attr": "arn"}]},
                               {"type": "AWS", "identifiers": ["111122223333"]}],
                "not_principals": [],
                "condition": [{"test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": ["o-123"]}]
            }, {
                "sid": "Anyone", "effect": "Deny", "not_actions": ["sts:TagSession"],
                "principals": [{"type": "*", "identifiers": ["*"]}], "condition": []
            }]}),
        ),
        resource(
            "aws_iam_role",
            "aws_iam_role.r",
            json!({"name": "r", "assume_role_policy": {"$ref": "data.aws_iam_policy_document.trust", "attr": "json"}}),
        ),
    ]);
    let NodeKind::Role(role) = &node(&graph, "aws_iam_role.r").kind else {
        panic!()
    };
    let statements = role.trust.statements().unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0].effect, Possible::Known(Effect::Allow));
    assert!(
        statements[0].sid.is_none()
            && statements[0].not_action.is_none()
            && statements[0].resource.is_none()
    );
    let Some(Possible::Known(Principal::Entries(entries))) = &statements[0].principal else {
        panic!()
    };
    assert_eq!(entries.len(), 1, "blocks of one type are merged");
    assert_eq!(entries[0].kind, PrincipalKind::Aws);
    let Possible::Known(identifiers) = &entries[0].values else {
        panic!()
    };
    assert!(matches!(identifiers[0].term, Term::Template(_)));
    assert_eq!(identifiers[1].term.known(), Some("111122223333"));
    let Possible::Known(conditions) = &statements[0].condition else {
        panic!()
    };
    assert_eq!(
        (&*conditions[0].operator, &*conditions[0].key),
        ("StringEquals", "aws:PrincipalOrgID")
    );
    assert_eq!(statements[1].effect, Possible::Known(Effect::Deny));
    assert_eq!(
        statements[1].principal,
        Some(Possible::Known(Principal::Any))
    );
}

#[test]
fn known_policy_document_json_and_merged_documents() {
    let graph = graph(vec![
        data(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.known",
            json!({"json": SUPPORT_POLICY, "statement": []}),
        ),
        data(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.merged",
            json!({"json": {"$unknown": "known after apply"},
                   "source_policy_documents": [SUPPORT_POLICY],
                   "statement": [{"sid": "Cases", "effect": "Deny", "actions": ["support:*"]}],
                   "override_policy_documents": [r#"{"Statement":[{"Effect":"Allow","Action":"iam:*"}]}"#]}),
        ),
        resource(
            "aws_iam_policy",
            "aws_iam_policy.known",
            json!({"name": "k", "policy": {"$ref": "data.aws_iam_policy_document.known", "attr": "json"}}),
        ),
        resource(
            "aws_iam_policy",
            "aws_iam_policy.merged",
            json!({"name": "m", "policy": {"$ref": "data.aws_iam_policy_document.merged", "attr": "json"}}),
        ),
        resource(
            "aws_iam_policy",
            "aws_iam_policy.unknown",
            json!({"name": "u", "policy": {"$unknown": "known after apply"}}),
        ),
    ]);
    let document = |address: &str| {
        let NodeKind::Policy(policy) = &node(&graph, address).kind else {
            panic!()
        };
        policy.document.get().clone()
    };
    assert_eq!(
        document("aws_iam_policy.known").statements().unwrap()[0].sid,
        Some(Term::Known("Cases".into()))
    );
    let merged = document("aws_iam_policy.merged");
    let statements = merged.statements().unwrap();
    assert_eq!(
        statements.len(),
        2,
        "the statement with Sid Cases replaced the source's"
    );
    assert_eq!(statements[0].effect, Possible::Known(Effect::Deny));
    assert_eq!(statements[1].index, 1);
    assert!(document("aws_iam_policy.unknown").statements().is_none());
}

#[test]
fn policy_documents_that_merge_each_other_stop_with_a_reason() {
    let graph = graph(vec![
        data(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.a",
            json!({"json": {"$unknown": "known after apply"},
                   "source_policy_documents": [{"$ref": "data.aws_iam_policy_document.b", "attr": "json"}]}),
        ),
        data(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.b",
            json!({"json": {"$unknown": "known after apply"},
                   "source_policy_documents": [{"$ref": "data.aws_iam_policy_document.a", "attr": "json"}]}),
        ),
        resource(
            "aws_iam_policy",
            "aws_iam_policy.p",
            json!({"name": "p", "policy": {"$ref": "data.aws_iam_policy_document.a", "attr": "json"}}),
        ),
    ]);
    let NodeKind::Policy(policy) = &node(&graph, "aws_iam_policy.p").kind else {
        panic!()
    };
    assert!(
        matches!(&policy.document.get().body, Possible::Unknown(reason) if reason.contains("merged"))
    );
}
