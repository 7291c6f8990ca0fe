//! Telling an input's kind by its content, never by its name.
//!
//! JSON is probed with serde_json for its top-level keys only (values are skipped, not
//! built). The probe stops as soon as the keys seen prove the document a Terraform plan,
//! which `terraform show -json` does within its first few small keys, so a 100 MB plan is
//! read once, by the plan loader, not twice. Other documents cost one fast pass. Terraform
//! plans and state are then loaded by their own loader; CloudFormation JSON and all YAML
//! go through the spanned parser, whose tree the CloudFormation loader reuses.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};

use crate::document::Node;
use crate::document::json::json_problem;
use crate::document::parse::{self, Parsed};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

/// What an input turned out to be.
#[derive(Debug)]
pub enum Detected {
    /// `terraform show -json` of a plan.
    TerraformPlan,
    /// Terraform state (`show -json` or a raw state file).
    TerraformState,
    /// A CloudFormation template, already parsed.
    CloudFormation(Parsed),
    /// `aws iam get-account-authorization-details` JSON (one page or all).
    AccountSnapshot,
    /// `aws support-app list-slack-channel-configurations` JSON.
    SupportAppChannels,
    /// Well-formed JSON or YAML that is none of the above (package.json, Kubernetes, ...).
    NotInfrastructure,
    /// Text that does not parse; `looks_like_infrastructure` tells whether its content
    /// carries the marks of a plan, state or template.
    Unparsable {
        /// The parse error, positioned.
        problem: Problem,
        /// Whether the text mentions what only infrastructure code mentions.
        looks_like_infrastructure: bool,
    },
}

/// The top-level keys of a JSON document, values skipped. A set rather than a struct:
/// duplicate keys are legal in templates (the last one wins) and must not fail the probe.
/// After a plan is recognised, the later keys are not read.
#[derive(Default)]
struct JsonProbe(HashSet<String>);

impl JsonProbe {
    /// Reads the top-level keys of `text`, stopping early once it is a plan. The text must
    /// be well-formed JSON up to where the probe stopped (entirely, when it did not stop).
    fn read(text: &str) -> Result<JsonProbe, serde_json::Error> {
        let mut probe = JsonProbe::default();
        let mut deserializer = serde_json::Deserializer::from_str(text);
        match deserializer.deserialize_map(KeyVisitor(&mut probe)) {
            Ok(()) => deserializer.end().map(|()| probe),
            Err(_) if probe.is_decided() => Ok(probe),
            Err(error) => Err(error),
        }
    }

    fn has(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    fn is_plan(&self) -> bool {
        self.has("format_version")
            && [
                "planned_values",
                "resource_changes",
                "prior_state",
                "configuration",
            ]
            .iter()
            .any(|key| self.has(key))
    }

    fn is_state(&self) -> bool {
        let show_json = self.has("format_version") && !self.has_template_keys();
        let raw_state = self.has("version") && (self.has("lineage") || self.has("serial"));
        show_json || raw_state
    }

    /// `get-account-authorization-details`: one of its entity lists, or its `Policies`
    /// list beside its page keys (a `--filter LocalManagedPolicy` page).
    fn is_account_snapshot(&self) -> bool {
        let [users, groups, roles, policies] = crate::load::snapshot::DETAILS_LISTS;
        [users, groups, roles].iter().any(|key| self.has(key))
            || (self.has(policies) && (self.has("IsTruncated") || self.has("Marker")))
    }

    fn is_channel_list(&self) -> bool {
        self.has(crate::load::snapshot::CHANNELS_LIST)
    }

    /// Whether the keys read so far tell the kind, so that the rest of a large document
    /// is left to its loader.
    fn is_decided(&self) -> bool {
        self.is_plan() || self.is_account_snapshot()
    }

    fn has_template_keys(&self) -> bool {
        ["Resources", "AWSTemplateFormatVersion", "Transform"]
            .iter()
            .any(|key| self.has(key))
    }
}

/// Collects top-level keys into the probe; stops the parse, with an error the probe
/// recognises, once the keys make the document a plan.
struct KeyVisitor<'p>(&'p mut JsonProbe);

impl<'de> Visitor<'de> for KeyVisitor<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.0.0.insert(key);
            if self.0.is_decided() {
                return Err(de::Error::custom("the kind is known: the probe stops here"));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Decides what `file` is, parsing it as far as that takes.
pub fn detect(file: &SourceFile, id: FileId) -> Detected {
    let text = file.text.trim_start();
    if text.starts_with('{') {
        return detect_json(file, id);
    }
    match parse::parse(file, id) {
        Ok(parsed) if is_template(&parsed.root) => Detected::CloudFormation(parsed),
        Ok(_) => Detected::NotInfrastructure,
        Err(problem) => unparsable(file, problem),
    }
}

fn detect_json(file: &SourceFile, id: FileId) -> Detected {
    let probe = match JsonProbe::read(&file.text) {
        Ok(probe) => probe,
        Err(error) => {
            let problem = json_problem(
                file,
                id,
                &file.text,
                &error,
                "parse-error",
                "not valid JSON",
            );
            return unparsable(file, problem);
        }
    };
    if probe.is_plan() {
        return Detected::TerraformPlan;
    }
    if probe.is_account_snapshot() {
        return Detected::AccountSnapshot;
    }
    if probe.is_channel_list() {
        return Detected::SupportAppChannels;
    }
    if probe.is_state() {
        return Detected::TerraformState;
    }
    if !probe.has_template_keys() {
        return Detected::NotInfrastructure;
    }
    match parse::parse(file, id) {
        Ok(parsed) if is_template(&parsed.root) => Detected::CloudFormation(parsed),
        Ok(_) => Detected::NotInfrastructure,
        Err(problem) => unparsable(file, problem),
    }
}

fn unparsable(file: &SourceFile, problem: Problem) -> Detected {
    Detected::Unparsable {
        problem,
        looks_like_infrastructure: mentions_infrastructure(&file.text),
    }
}

/// Marks that only infrastructure code carries, for files that do not parse.
fn mentions_infrastructure(text: &str) -> bool {
    const MARKS: &[&str] = &[
        "AWSTemplateFormatVersion",
        "AWS::Serverless",
        "\"resource_changes\"",
        "\"planned_values\"",
        "\"terraform_version\"",
        "\"lineage\"",
        "\"RoleDetailList\"",
        "\"UserDetailList\"",
        "\"GroupDetailList\"",
        "\"slackChannelConfigurations\"",
    ];
    MARKS.iter().any(|mark| text.contains(mark))
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// Whether a parsed document is a CloudFormation template: it declares the template format
/// version, or has a `Resources` mapping whose entries have a `Type` like `AWS::S3::Bucket`
/// or `Custom::Thing` (SAM and CDK templates included).
pub fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources").and_then(Node::as_map) else {
        return false;
    };
    let typed = resources.iter().any(|entry| {
        entry
            .value
            .get("Type")
            .and_then(Node::as_str)
            .is_some_and(|t| t.contains("::"))
    });
    typed
        || (resources.is_empty() && root.get("Transform").is_some())
        || (has_language_extensions(root) && resources.iter().any(is_foreach_loop))
}

/// Whether the `Transform` section names `AWS::LanguageExtensions` (a string or a list).
fn has_language_extensions(root: &Node) -> bool {
    const LANGUAGE_EXTENSIONS: &str = "AWS::LanguageExtensions";
    match root.get("Transform") {
        Some(transform) => match transform.as_seq() {
            Some(items) => items
                .iter()
                .any(|item| item.as_str() == Some(LANGUAGE_EXTENSIONS)),
            None => transform.as_str() == Some(LANGUAGE_EXTENSIONS),
        },
        None => false,
    }
}

/// Whether a `Resources` entry is an `Fn::ForEach::Name: [identifier, collection,
/// {fragment}]` loop: with the language extensions a template may declare every resource
/// that way, and then no entry has a `Type` of its own.
fn is_foreach_loop(entry: &crate::document::Entry) -> bool {
    entry.key.starts_with("Fn::ForEach::")
        && matches!(entry.value.as_seq(), Some([_, _, fragment]) if fragment.as_map().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_text(text: &str) -> Detected {
        detect(&SourceFile::new("input", text.to_owned()), FileId(0))
    }

    #[test]
    fn terraform_plan_by_its_keys() {
        let plan = r#"{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{}}"#;
        assert!(matches!(detect_text(plan), Detected::TerraformPlan));
    }

    #[test]
    fn terraform_state_in_both_forms() {
        let shown =
            r#"{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{}}}"#;
        assert!(matches!(detect_text(shown), Detected::TerraformState));
        assert!(matches!(
            detect_text(r#"{"format_version":"1.0"}"#),
            Detected::TerraformState
        ));
        let raw =
            r#"{"version":4,"terraform_version":"1.9.0","serial":3,"lineage":"x","resources":[]}"#;
        assert!(matches!(detect_text(raw), Detected::TerraformState));
    }

    #[test]
    fn cloudformation_json_and_yaml() {
        let json = r#"{"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{}}}}"#;
        assert!(matches!(detect_text(json), Detected::CloudFormation(_)));
        let yaml = "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n";
        assert!(matches!(detect_text(yaml), Detected::CloudFormation(_)));
        let bare = "AWSTemplateFormatVersion: '2010-09-09'\nDescription: empty\n";
        assert!(matches!(detect_text(bare), Detected::CloudFormation(_)));
    }

    #[test]
    fn a_template_of_foreach_loops_only_is_a_template_with_the_language_extensions() {
        let loops = "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Roles:\n    - Team\n    - [Ops, Billing]\n    - ${Team}SupportRole:\n        Type: AWS::IAM::Role\n        Properties:\n          ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess']\n";
        assert!(matches!(detect_text(loops), Detected::CloudFormation(_)));
        let listed = r#"{"Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"], "Resources": {"Fn::ForEach::Q": ["N", ["a"], {"${N}": {"Type": "AWS::SQS::Queue"}}]}}"#;
        assert!(matches!(detect_text(listed), Detected::CloudFormation(_)));
        // Without the transform, `Fn::ForEach` means nothing to CloudFormation.
        let untransformed = "Resources:\n  Fn::ForEach::Roles:\n    - Team\n    - [Ops]\n    - ${Team}Role:\n        Type: AWS::IAM::Role\n";
        assert!(matches!(
            detect_text(untransformed),
            Detected::NotInfrastructure
        ));
        let not_a_loop =
            "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Roles: [Team]\n";
        assert!(matches!(
            detect_text(not_a_loop),
            Detected::NotInfrastructure
        ));
    }

    #[test]
    fn other_json_and_yaml_are_not_infrastructure() {
        assert!(matches!(
            detect_text(r#"{"name":"pkg","version":"1.0.0"}"#),
            Detected::NotInfrastructure
        ));
        let kubernetes = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
        assert!(matches!(
            detect_text(kubernetes),
            Detected::NotInfrastructure
        ));
        let resources_without_types = "Resources:\n  thing: 1\n";
        assert!(matches!(
            detect_text(resources_without_types),
            Detected::NotInfrastructure
        ));
    }

    #[test]
    fn broken_json_is_positioned_and_marked() {
        let text =
            "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n}\n \"x\": 1}";
        let file = SourceFile::new("template.json", text.to_owned());
        let Detected::Unparsable {
            problem,
            looks_like_infrastructure,
        } = detect(&file, FileId(0))
        else {
            panic!("should not parse")
        };
        assert!(looks_like_infrastructure);
        let position = file.position(problem.span.unwrap().start);
        assert_eq!((position.line, position.column), (5, 2));
        assert!(
            !problem.message.contains(" at line "),
            "{}",
            problem.message
        );
    }

    #[test]
    fn the_probe_stops_once_the_keys_make_a_plan() {
        // Everything after `planned_values` is left to the plan loader, which reports the
        // same syntax error at the same place.
        let broken = "{\"format_version\":\"1.2\",\"planned_values\":{},\"x\": }";
        assert!(matches!(detect_text(broken), Detected::TerraformPlan));
        let file = SourceFile::new("plan.json", broken.to_owned());
        let problem = crate::load::terraform::load_plan(&file, FileId(0)).unwrap_err();
        assert_eq!(problem.code, "parse-error");
        assert_eq!(problem.span.unwrap().start as usize, broken.len() - 1);
        // A document that is not yet a plan is read to its end, so trailing text fails it.
        assert!(matches!(
            detect_text("{\"format_version\":\"1.2\"} x"),
            Detected::Unparsable { .. }
        ));
        assert!(matches!(
            detect_text("{\"format_version\":\"1.2\",\"planned_values\":{}}"),
            Detected::TerraformPlan
        ));
    }

    #[test]
    fn account_snapshots_and_channel_lists_by_their_keys() {
        let whole = r#"{"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}"#;
        assert!(matches!(detect_text(whole), Detected::AccountSnapshot));
        let page = r#"{"Policies": [], "IsTruncated": true, "Marker": "AAA"}"#;
        assert!(matches!(detect_text(page), Detected::AccountSnapshot));
        // `Policies` alone is too common a key to mean a snapshot.
        assert!(matches!(
            detect_text(r#"{"Policies": []}"#),
            Detected::NotInfrastructure
        ));
        let channels = r#"{"slackChannelConfigurations": []}"#;
        assert!(matches!(
            detect_text(channels),
            Detected::SupportAppChannels
        ));
        // The probe stops at the first entity list: a mistake later is the loader's.
        let broken = r#"{"UserDetailList": [], "RoleDetailList": [}"#;
        assert!(matches!(detect_text(broken), Detected::AccountSnapshot));
        let Detected::Unparsable {
            looks_like_infrastructure,
            ..
        } = detect_text("{\"slackChannelConfigurations\": [}")
        else {
            panic!("should not parse")
        };
        assert!(looks_like_infrastructure);
    }

    #[test]
    fn duplicate_top_level_keys_do_not_fail_the_probe() {
        let json = r#"{"Resources": {}, "Resources": {"R": {"Type": "AWS::IAM::Role"}}}"#;
        assert!(matches!(detect_text(json), Detected::CloudFormation(_)));
    }

    #[test]
    fn broken_unrelated_json_is_not_marked() {
        let Detected::Unparsable {
            looks_like_infrastructure,
            ..
        } = detect_text("{\"a\": }")
        else {
            panic!("should not parse")
        };
        assert!(!looks_like_infrastructure);
    }
}
