//! The AWS managed policies the support rules need to read, embedded in the binary
//! (data/aws-policies, see its README for source, date and refresh).
//!
//! A document is parsed the first time something asks for it, not at startup:
//! AWSSupportServiceRolePolicy alone is about 200 KB and most scans never look at it.

use std::sync::OnceLock;

use super::policy::{Document, read_document};
use crate::source::Span;

/// One embedded AWS managed policy.
#[derive(Debug)]
pub struct EmbeddedPolicy {
    /// The policy's path and name after `policy/` in its ARN
    /// (`aws-service-role/AWSSupportServiceRolePolicy`).
    pub key: &'static str,
    /// The file it comes from, relative to the repository root.
    pub file: &'static str,
    text: &'static str,
    document: OnceLock<Document>,
}

macro_rules! embedded {
    ($key:literal, $file:literal) => {
        EmbeddedPolicy {
            key: $key,
            file: concat!("data/aws-policies/", $file),
            text: include_str!(concat!("../../data/aws-policies/", $file)),
            document: OnceLock::new(),
        }
    };
}

static EMBEDDED: [EmbeddedPolicy; 10] = [
    embedded!("AWSSupportAccess", "AWSSupportAccess.json"),
    embedded!("AWSSupportAppFullAccess", "AWSSupportAppFullAccess.json"),
    embedded!(
        "AWSSupportAppReadOnlyAccess",
        "AWSSupportAppReadOnlyAccess.json"
    ),
    embedded!(
        "AWSSupportPlansFullAccess",
        "AWSSupportPlansFullAccess.json"
    ),
    embedded!(
        "AWSSupportPlansReadOnlyAccess",
        "AWSSupportPlansReadOnlyAccess.json"
    ),
    embedded!(
        "aws-service-role/AWSSupportServiceRolePolicy",
        "AWSSupportServiceRolePolicy.json"
    ),
    embedded!("ServiceQuotasFullAccess", "ServiceQuotasFullAccess.json"),
    embedded!(
        "ServiceQuotasReadOnlyAccess",
        "ServiceQuotasReadOnlyAccess.json"
    ),
    embedded!(
        "aws-service-role/ServiceQuotasServiceRolePolicy",
        "ServiceQuotasServiceRolePolicy.json"
    ),
    embedded!("job-function/SupportUser", "SupportUser.json"),
];

/// The embedded policy with `key` (path and name after `policy/`).
pub fn by_key(key: &str) -> Option<&'static EmbeddedPolicy> {
    EMBEDDED.iter().find(|policy| policy.key == key)
}

/// The embedded policy called `name`, whatever its path (`data "aws_iam_policy"` looks
/// policies up by name).
pub fn by_name(name: &str) -> Option<&'static EmbeddedPolicy> {
    EMBEDDED.iter().find(|policy| policy.name() == name)
}

impl EmbeddedPolicy {
    /// The policy's name (the key without its path).
    pub fn name(&self) -> &'static str {
        self.key.rsplit('/').next().unwrap_or(self.key)
    }

    /// The policy's IAM path (`/`, `/aws-service-role/`).
    pub fn path(&self) -> String {
        match self.key.rsplit_once('/') {
            Some((path, _)) => format!("/{path}/"),
            None => "/".to_owned(),
        }
    }

    /// The policy document, parsed on first use. Spans are empty: the text is not a scan
    /// input.
    pub fn document(&self) -> &Document {
        self.document.get_or_init(|| {
            let Ok(file) = serde_json::from_str::<serde_json::Value>(self.text) else {
                return Document::unknown(
                    Span::default(),
                    "the embedded policy file does not parse",
                );
            };
            let Some(document) = file.get("PolicyDocument") else {
                return Document::unknown(
                    Span::default(),
                    "the embedded policy file has no PolicyDocument",
                );
            };
            match super::policy::json_text_value(&document.to_string(), Span::default()) {
                Ok(value) => read_document(&value).document,
                Err(message) => Document::unknown(Span::default(), message),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::policy::Effect;
    use crate::graph::term::Possible;

    #[test]
    fn keys_match_the_arns_recorded_in_the_files() {
        for policy in &EMBEDDED {
            let file: serde_json::Value = serde_json::from_str(policy.text).unwrap();
            let arn = file["_meta"]["arn"].as_str().unwrap();
            assert_eq!(arn, format!("arn:aws:iam::aws:policy/{}", policy.key));
            assert!(
                policy
                    .document()
                    .statements()
                    .is_some_and(|s| !s.is_empty()),
                "{}",
                policy.key
            );
        }
    }

    #[test]
    fn support_access_allows_support_actions() {
        let policy = by_key("AWSSupportAccess").unwrap();
        let statements = policy.document().statements().unwrap();
        assert_eq!(statements[0].effect, Possible::Known(Effect::Allow));
        let Some(Possible::Known(actions)) = &statements[0].action else {
            panic!()
        };
        assert!(actions.iter().any(|a| a.term.known() == Some("support:*")));
    }

    #[test]
    fn lookups_by_name_and_path() {
        let policy = by_name("AWSSupportServiceRolePolicy").unwrap();
        assert_eq!(policy.path(), "/aws-service-role/");
        assert_eq!(by_key("AWSSupportAccess").unwrap().path(), "/");
        assert!(by_name("AdministratorAccess").is_none());
        assert!(by_key("AWSSupportServiceRolePolicy").is_none());
    }
}
