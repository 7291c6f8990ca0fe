//! The actions of the Support services, embedded from data/aws-policies/service-actions.json
//! (the AWS Service Authorization Reference for `support`, `supportapp`, `servicequotas`,
//! and `support-console`), and the App action set of docs/rules.md built from them.
//!
//! Patterns only say which actions they cover once the actions are known: which App
//! actions `support:Describe*` grants, or that it also grants
//! `support:DescribeTrustedAdvisorChecks`, which the App does not need.

use std::sync::OnceLock;

use super::pattern::{action_matches, has_wildcard};
use crate::graph::{Effect, Possible, embedded_policy};

/// One action of a Support service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAction {
    /// `service:Name` as AWS writes it.
    pub action: String,
    /// `Read`, `Write`, `List`, `Tagging` or `Permissions management`.
    pub access_level: String,
}

const SERVICE_ACTIONS: &str = include_str!("../../data/aws-policies/service-actions.json");

/// The services the catalog lists, as the file's keys.
const SERVICES: [&str; 4] = ["support", "supportapp", "servicequotas", "support-console"];

/// The actions of the AWS Support App example policy ("Managing access to the AWS
/// Support App", AWS Support User Guide), as docs/rules.md lists them.
/// `iam:CreateServiceLinkedRole` belongs to the set only when scoped to
/// `servicequotas.amazonaws.com`, which [`super::slr`] decides.
const APP_EXAMPLE_ACTIONS: [&str; 11] = [
    "servicequotas:GetRequestedServiceQuotaChange",
    "servicequotas:GetServiceQuota",
    "servicequotas:RequestServiceQuotaIncrease",
    "support:AddAttachmentsToSet",
    "support:AddCommunicationToCase",
    "support:CreateCase",
    "support:DescribeCases",
    "support:DescribeCommunications",
    "support:DescribeSeverityLevels",
    "support:InitiateChatForCase",
    "support:ResolveCase",
];

/// The AWS managed Support App policies whose unconditional grants join the App action
/// set (docs/rules.md, "App action set").
const APP_MANAGED_POLICIES: [&str; 2] = ["AWSSupportAppFullAccess", "AWSSupportAppReadOnlyAccess"];

/// The action `iam:CreateServiceLinkedRole`, part of the App's needs only when scoped.
pub const CREATE_SERVICE_LINKED_ROLE: &str = "iam:CreateServiceLinkedRole";

/// Every known action of the Support services, in file order.
pub fn service_actions() -> &'static [ServiceAction] {
    static ACTIONS: OnceLock<Vec<ServiceAction>> = OnceLock::new();
    ACTIONS.get_or_init(|| {
        let Ok(file) = serde_json::from_str::<serde_json::Value>(SERVICE_ACTIONS) else {
            return Vec::new();
        };
        SERVICES
            .iter()
            .filter_map(|service| file.get(service)?.as_array())
            .flatten()
            .filter_map(|entry| {
                Some(ServiceAction {
                    action: entry.get("action")?.as_str()?.to_owned(),
                    access_level: entry.get("access_level")?.as_str()?.to_owned(),
                })
            })
            .collect()
    })
}

/// The known Support service actions `pattern` covers (none for a pattern of another
/// service: the catalog does not know them).
pub fn expand(pattern: &str) -> Vec<&'static ServiceAction> {
    service_actions()
        .iter()
        .filter(|known| action_matches(pattern, &known.action))
        .collect()
}

/// The App action set without `iam:CreateServiceLinkedRole`: the example policy's
/// actions and every action the two AWS managed Support App policies grant without a
/// condition (read from their embedded documents; wildcards expanded over the catalog),
/// without duplicates, in first-seen order.
pub fn app_actions() -> &'static [String] {
    static SET: OnceLock<Vec<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set: Vec<String> = Vec::new();
        let mut add = |action: &str| {
            if !set.iter().any(|known| known.eq_ignore_ascii_case(action)) {
                set.push(action.to_owned());
            }
        };
        APP_EXAMPLE_ACTIONS.iter().for_each(|action| add(action));
        for item in managed_app_grants() {
            if has_wildcard(&item) {
                expand(&item).iter().for_each(|known| add(&known.action));
            } else {
                add(&item);
            }
        }
        set
    })
}

/// The App action set with `iam:CreateServiceLinkedRole`, for questions whose scoping
/// is judged elsewhere (APP002 leaves it to APP003).
pub fn app_actions_with_slr() -> Vec<&'static str> {
    let mut set: Vec<&str> = app_actions().iter().map(String::as_str).collect();
    set.push(CREATE_SERVICE_LINKED_ROLE);
    set
}

/// The `Action` items the App managed policies allow without a condition.
fn managed_app_grants() -> Vec<String> {
    let mut items = Vec::new();
    for key in APP_MANAGED_POLICIES {
        let Some(statements) = embedded_policy(key).and_then(|p| p.document().statements()) else {
            continue;
        };
        for statement in statements {
            let unconditional = matches!(&statement.condition, Possible::Known(c) if c.is_empty());
            let allows = statement.effect == Possible::Known(Effect::Allow);
            let Some(Possible::Known(actions)) = &statement.action else {
                continue;
            };
            if allows && unconditional {
                items.extend(
                    actions
                        .iter()
                        .filter_map(|a| a.term.known())
                        .map(str::to_owned),
                );
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_lists_all_four_services() {
        let actions = service_actions();
        for service in SERVICES {
            assert!(
                actions
                    .iter()
                    .any(|a| a.action.starts_with(&format!("{service}:"))),
                "{service}"
            );
        }
        let create = actions
            .iter()
            .find(|a| a.action == "support:CreateCase")
            .unwrap();
        assert_eq!(create.access_level, "Write");
    }

    #[test]
    fn patterns_expand_over_known_actions() {
        let describe: Vec<&str> = expand("support:Describe*")
            .iter()
            .map(|a| a.action.as_str())
            .collect();
        assert!(describe.contains(&"support:DescribeCases"));
        assert!(describe.contains(&"support:DescribeTrustedAdvisorChecks"));
        assert!(!describe.contains(&"support:CreateCase"));
        assert!(describe.iter().all(|a| a.starts_with("support:Describe")));
        assert_eq!(expand("SUPPORT:createcase").len(), 1);
        assert!(expand("s3:*").is_empty());
        assert_eq!(expand("*").len(), service_actions().len());
    }

    #[test]
    fn the_app_set_is_the_example_policy_and_the_managed_grants() {
        let set = app_actions();
        assert_eq!(
            set.len(),
            11,
            "the managed policies add nothing beyond the example: {set:?}"
        );
        for action in APP_EXAMPLE_ACTIONS {
            assert!(set.iter().any(|a| a == action));
        }
        assert!(!set.iter().any(|a| a == CREATE_SERVICE_LINKED_ROLE));
        assert!(app_actions_with_slr().contains(&CREATE_SERVICE_LINKED_ROLE));
        // The read-only policy's grants are inside the set.
        assert!(set.iter().any(|a| a == "support:DescribeCommunications"));
        // Every App action is a known action of the catalog.
        for action in set {
            assert_eq!(expand(action).len(), 1, "{action}");
        }
    }
}
