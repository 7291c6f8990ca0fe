//! What the rules know about AWS managed policies whose documents are not embedded.
//!
//! Most AWS managed policies reach the graph as a name only: their document is "not
//! known", and a question they could change is not evaluable. docs/rules.md (APP002) names
//! four broad policies as reaching other services than Support; for them this table
//! states what they certainly allow, as a policy document, so that the evaluator treats
//! that knowledge exactly like a statement. A `complete` entry is the whole document;
//! otherwise it is a part of it, and a question the rest could answer stays open.
//!
//! The table also names the AWS managed policies known to carry `Deny` statements. Any
//! other AWS managed policy with an unknown document is assumed to grant only: AWS
//! managed permission policies are written as grants, and assuming otherwise would make
//! every role with, say, `AmazonS3ReadOnlyAccess` not evaluable for every question.

use std::sync::OnceLock;

use crate::graph::Document;
use crate::source::Span;

/// An AWS managed policy the rules know something about without its embedded document.
#[derive(Debug)]
pub struct BroadPolicy {
    /// The key after `policy/` in its ARN.
    pub key: &'static str,
    /// What it certainly allows, as a policy document.
    text: &'static str,
    /// Whether `text` is the whole document.
    pub complete: bool,
    document: OnceLock<Document>,
}

macro_rules! broad {
    ($key:literal, $complete:literal, $text:literal) => {
        BroadPolicy {
            key: $key,
            text: $text,
            complete: $complete,
            document: OnceLock::new(),
        }
    };
}

/// Sources: AWS Managed Policy Reference Guide, pages "AdministratorAccess" (v1),
/// "PowerUserAccess" (v12, edited 2026-02-12), "IAMFullAccess" and "ReadOnlyAccess"
/// (parts only: `iam:*`; `ec2:Describe*`, `iam:Get*`, `iam:List*`, which every version of
/// them has granted).
static BROAD: [BroadPolicy; 4] = [
    broad!(
        "AdministratorAccess",
        true,
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#
    ),
    broad!(
        "PowerUserAccess",
        true,
        r#"{"Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["account:GetAccountInformation",
                "account:GetGovCloudAccountInformation", "account:GetPrimaryEmail",
                "account:ListRegions", "iam:CreateServiceLinkedRole",
                "iam:DeleteServiceLinkedRole", "iam:ListRoles",
                "organizations:DescribeEffectivePolicy", "organizations:DescribeOrganization"],
             "Resource": "*"}]}"#
    ),
    broad!(
        "IAMFullAccess",
        false,
        r#"{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}"#
    ),
    broad!(
        "ReadOnlyAccess",
        false,
        r#"{"Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "iam:Get*", "iam:List*"], "Resource": "*"}]}"#
    ),
];

/// AWS managed policies that deny: `AWSDenyAll` (AWS Managed Policy Reference Guide)
/// denies every action.
const DENYING: [&str; 1] = ["AWSDenyAll"];

/// The table's entry for the AWS managed policy with `key`.
pub fn broad_policy(key: &str) -> Option<&'static BroadPolicy> {
    BROAD.iter().find(|policy| policy.key == key)
}

/// Whether an AWS managed policy whose document is unknown may deny.
pub fn may_deny(key: &str) -> bool {
    DENYING.contains(&key)
}

impl BroadPolicy {
    /// What the policy certainly allows.
    pub fn document(&self) -> &Document {
        self.document
            .get_or_init(|| Document::from_json_text(self.text, Span::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_parses_to_grants_only() {
        for policy in &BROAD {
            let statements = policy.document().statements().unwrap();
            assert!(!statements.is_empty(), "{}", policy.key);
            for statement in statements {
                assert_eq!(
                    statement.effect,
                    crate::graph::Possible::Known(crate::graph::Effect::Allow)
                );
            }
        }
    }

    #[test]
    fn lookups_are_by_exact_key() {
        assert!(broad_policy("AdministratorAccess").unwrap().complete);
        assert!(!broad_policy("ReadOnlyAccess").unwrap().complete);
        assert!(broad_policy("administratoraccess").is_none());
        assert!(broad_policy("AWSSupportAccess").is_none());
        assert!(may_deny("AWSDenyAll"));
        assert!(!may_deny("ReadOnlyAccess"));
    }
}
