//! The published IAM action catalog: every action of every service with its access
//! level, embedded from data/aws-catalog/actions.deflate (see its README and SOURCES.md),
//! and the App action set of docs/rules.md built from it.
//!
//! Patterns only say which actions they cover once the actions are known: which App
//! actions `support:Describe*` grants, that it also grants
//! `support:DescribeTrustedAdvisorChecks`, which the App does not need, or that
//! `cloudwatch:Get*` reaches `cloudwatch:GetMetricData`. The catalog (22,000 actions,
//! 0.8 MB as text, 0.13 MB compressed) is inflated the first time a pattern is expanded.

use std::sync::OnceLock;

use super::pattern::{action_matches, has_wildcard, service_of};
use crate::graph::{Effect, Possible, embedded_policy};

/// One published IAM action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAction {
    /// `service:Name` as AWS writes it.
    pub action: &'static str,
    /// `Read`, `Write`, `List`, `Tagging`, `Permissions management`, or two of them
    /// (`Tagging, Write`) as the source package writes them.
    pub access_level: &'static str,
}

const ACTIONS: &[u8] = include_bytes!("../../data/aws-catalog/actions.deflate");
/// The catalog inflates to about 0.8 MB; a damaged file cannot take more than this.
const MAX_ACTIONS_BYTES: usize = 16 << 20;

/// The catalog: actions sorted by lowercased text (so each service is one run), and the
/// runs.
struct Catalog {
    actions: Vec<ServiceAction>,
    /// Each service prefix, lowercased, with the range of its actions.
    services: Vec<(String, std::ops::Range<usize>)>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        static TEXT: OnceLock<String> = OnceLock::new();
        let text = TEXT.get_or_init(|| {
            miniz_oxide::inflate::decompress_to_vec_with_limit(ACTIONS, MAX_ACTIONS_BYTES)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_default()
        });
        let mut actions: Vec<ServiceAction> = text
            .lines()
            .filter_map(|line| {
                let (action, access_level) = line.split_once('\t')?;
                Some(ServiceAction {
                    action,
                    access_level,
                })
            })
            .collect();
        actions.sort_by_cached_key(|known| known.action.to_ascii_lowercase());
        let mut services: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for (at, known) in actions.iter().enumerate() {
            let service = service_of(known.action).unwrap_or("").to_ascii_lowercase();
            match services.last_mut() {
                Some((last, range)) if *last == service => range.end = at + 1,
                _ => services.push((service, at..at + 1)),
            }
        }
        // By name for lookups (`s3` before `s3-outposts`, whose run comes first).
        services.sort_by(|a, b| a.0.cmp(&b.0));
        Catalog { actions, services }
    })
}

/// Every published action, sorted by service and name.
pub fn all_actions() -> &'static [ServiceAction] {
    &catalog().actions
}

/// The published actions of `service` (compared case-insensitively); empty for a
/// service the catalog does not list.
pub fn service_actions(service: &str) -> &'static [ServiceAction] {
    let catalog = catalog();
    let service = service.to_ascii_lowercase();
    catalog
        .services
        .binary_search_by(|(known, _)| known.as_str().cmp(&service))
        .ok()
        .and_then(|at| catalog.services.get(at))
        .and_then(|(_, range)| catalog.actions.get(range.clone()))
        .unwrap_or_default()
}

/// Whether the catalog lists `service` (the part of an action before `:`).
pub fn is_known_service(service: &str) -> bool {
    !service_actions(service).is_empty()
}

/// The published actions `pattern` covers, in catalog order. A pattern whose service
/// part is literal is only compared with that service's actions.
pub fn expand(pattern: &str) -> Vec<&'static ServiceAction> {
    let candidates = match service_of(pattern) {
        Some(service) if !has_wildcard(service) => service_actions(service),
        _ => all_actions(),
    };
    candidates
        .iter()
        .filter(|known| action_matches(pattern, known.action))
        .collect()
}

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
                expand(&item).iter().for_each(|known| add(known.action));
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
    use crate::iam::pattern::SUPPORT_SERVICES;

    #[test]
    fn the_catalog_lists_every_service_with_access_levels() {
        let actions = all_actions();
        assert!(actions.len() > 20_000, "{}", actions.len());
        for service in SUPPORT_SERVICES
            .iter()
            .chain(&["iam", "s3", "cloudwatch", "sts"])
        {
            assert!(is_known_service(service), "{service}");
        }
        assert!(!is_known_service("no-such-service"));
        let create = service_actions("SUPPORT")
            .iter()
            .find(|a| a.action == "support:CreateCase")
            .unwrap();
        assert_eq!(create.access_level, "Write");
        let levels = ["Read", "Write", "List", "Tagging", "Permissions management"];
        for known in actions {
            assert!(
                known
                    .access_level
                    .split(", ")
                    .all(|level| levels.contains(&level)),
                "{known:?}"
            );
            assert!(
                service_of(known.action).is_some_and(|s| !s.is_empty()),
                "{known:?}"
            );
        }
    }

    #[test]
    fn patterns_expand_over_published_actions() {
        let names =
            |pattern: &str| -> Vec<&str> { expand(pattern).iter().map(|a| a.action).collect() };
        let describe = names("support:Describe*");
        assert!(describe.contains(&"support:DescribeCases"));
        assert!(describe.contains(&"support:DescribeTrustedAdvisorChecks"));
        assert!(!describe.contains(&"support:CreateCase"));
        assert!(describe.iter().all(|a| a.starts_with("support:Describe")));
        assert_eq!(names("SUPPORT:createcase"), ["support:CreateCase"]);
        let cloudwatch = names("cloudwatch:Get*");
        assert!(
            cloudwatch.contains(&"cloudwatch:GetMetricData"),
            "{cloudwatch:?}"
        );
        assert!(cloudwatch.iter().all(|a| a.starts_with("cloudwatch:Get")));
        let s3 = names("s3:*");
        assert!(s3.contains(&"s3:GetObject") && s3.contains(&"s3:PutBucketPolicy"));
        assert!(
            s3.iter().all(|a| a.starts_with("s3:")),
            "not s3express or s3-outposts"
        );
        let iam = names("iam:*");
        assert!(iam.contains(&"iam:CreateServiceLinkedRole") && iam.contains(&"iam:PassRole"));
        let everywhere = names("*:Describe*");
        assert!(everywhere.contains(&"ec2:DescribeInstances"));
        assert!(everywhere.contains(&"support:DescribeCases"));
        assert!(
            everywhere
                .iter()
                .all(|a| a.split_once(':').unwrap().1.starts_with("Describe"))
        );
        assert_eq!(names("s?:GetObject"), ["s3:GetObject"]);
        assert_eq!(expand("*").len(), all_actions().len());
        assert!(
            expand("s3:NoSuchAction*").is_empty(),
            "a pattern may reach nothing"
        );
        assert!(expand("no-such-service:*").is_empty());
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
        // Every App action is a published action.
        for action in set {
            assert_eq!(expand(action).len(), 1, "{action}");
        }
    }
}
