//! Tests of loading whole templates: sections, resources, conditions, CDK metadata.

use super::load_template;
use crate::load::cloudformation::testing::{codes, load, node, property, resource};
use crate::load::{Change, Mode, Reference, ValueKind};
use crate::problem::Severity;
use crate::source::FileId;

fn error_code(json: &str) -> (&'static str, crate::problem::Problem) {
    let problem = load_template(&node(json), FileId(3)).unwrap_err();
    (problem.code, problem)
}

#[test]
fn resources_become_declared_managed_resources_in_order() {
    let json = r#"{"Resources": {
        "Zeta": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "support"}},
        "Alpha": {"Type": "AWS::S3::Bucket"}}}"#;
    let input = load(json);
    let root = node(json);
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(addresses, vec!["Zeta", "Alpha"]);
    let zeta = resource(&input, "Zeta");
    assert_eq!(&*zeta.resource_type, "AWS::IAM::Role");
    assert_eq!(zeta.mode, Mode::Managed);
    assert_eq!(zeta.change, Change::Declared);
    assert_eq!(zeta.condition, None);
    assert_eq!(
        zeta.span,
        root.get("Resources")
            .unwrap()
            .entry("Zeta")
            .unwrap()
            .key_span
    );
    assert_eq!(
        property(&input, "Zeta", "RoleName"),
        &ValueKind::Str("support".into())
    );
    assert_eq!(
        resource(&input, "Alpha").properties.kind,
        ValueKind::Map(Vec::new())
    );
    assert!(input.problems.is_empty());
}

#[test]
fn template_without_resources_loads_empty_with_a_warning_at_the_root() {
    let json = r#"{"AWSTemplateFormatVersion": "2010-09-09"}"#;
    let input = load(json);
    assert!(input.resources.is_empty());
    assert_eq!(codes(&input), vec!["cfn-no-resources"]);
    assert_eq!(input.problems[0].severity, Severity::Warning);
    assert_eq!(input.problems[0].span, Some(node(json).span));
}

#[test]
fn null_resources_load_empty_with_a_warning_at_the_key() {
    let json = r#"{"Resources": null}"#;
    let input = load(json);
    assert!(input.resources.is_empty());
    assert_eq!(codes(&input), vec!["cfn-no-resources"]);
    assert_eq!(
        input.problems[0].span,
        Some(node(json).entry("Resources").unwrap().key_span)
    );
}

#[test]
fn resources_that_are_not_a_mapping_are_an_error_at_the_section() {
    let json = r#"{"Resources": ["Role"]}"#;
    let (code, problem) = error_code(json);
    assert_eq!(code, "cfn-resources-not-a-mapping");
    assert_eq!(
        problem.span,
        Some(node(json).get("Resources").unwrap().span)
    );
    assert_eq!(error_code("[1]").0, "cfn-not-a-template");
}

#[test]
fn resources_without_a_type_are_warned_and_skipped() {
    let input = load(
        r#"{"Resources": {
            "NoType": {"Properties": {}},
            "NumberType": {"Type": 3},
            "NotAMap": "AWS::IAM::Role",
            "Good": {"Type": "AWS::IAM::Role"}}}"#,
    );
    assert_eq!(input.resources.len(), 1);
    assert_eq!(
        codes(&input),
        vec![
            "cfn-resource-without-type",
            "cfn-resource-without-type",
            "cfn-resource-not-a-mapping"
        ]
    );
    assert!(
        input
            .problems
            .iter()
            .all(|p| p.severity == Severity::Warning)
    );
}

#[test]
fn cdk_metadata_is_skipped_and_paths_are_kept() {
    let input = load(
        r#"{"Resources": {
            "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2"}},
            "SupportRole1A2B": {"Type": "AWS::IAM::Role",
                "Metadata": {"aws:cdk:path": "Stack/SupportRole/Resource"}},
            "Plain": {"Type": "AWS::IAM::Role", "Metadata": {"Other": 1}}}}"#,
    );
    assert_eq!(input.resources.len(), 2);
    assert_eq!(
        resource(&input, "SupportRole1A2B").cdk_path.as_deref(),
        Some("Stack/SupportRole/Resource")
    );
    assert_eq!(resource(&input, "Plain").cdk_path, None);
}

#[test]
fn resource_conditions() {
    let input = load(
        r#"{"Parameters": {"Env": {"Type": "String", "Default": "prod"}},
            "Conditions": {
              "Yes": {"Fn::Equals": ["1", "1"]},
              "No": {"Fn::Equals": ["1", "2"]},
              "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
            "Resources": {
              "Always": {"Type": "AWS::IAM::Role", "Condition": "Yes"},
              "Never": {"Type": "AWS::IAM::Role", "Condition": "No"},
              "Maybe": {"Type": "AWS::IAM::Role", "Condition": "IsProd"},
              "Broken": {"Type": "AWS::IAM::Role", "Condition": "Missing"}}}"#,
    );
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(addresses, vec!["Always", "Maybe", "Broken"]);
    assert_eq!(resource(&input, "Always").condition, None);
    assert_eq!(
        resource(&input, "Maybe").condition.as_deref(),
        Some("IsProd")
    );
    assert_eq!(
        resource(&input, "Broken").condition.as_deref(),
        Some("Missing")
    );
    assert_eq!(codes(&input), vec!["cfn-unknown-condition"]);
}

#[test]
fn condition_that_is_not_a_name_is_warned_and_ignored() {
    let input = load(r#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Condition": ["x"]}}}"#);
    assert_eq!(resource(&input, "R").condition, None);
    assert_eq!(codes(&input), vec!["cfn-bad-condition"]);
}

#[test]
fn properties_that_are_not_a_mapping() {
    let input = load(
        r#"{"Parameters": {"P": {"Type": "String"}},
            "Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "x"]}},
            "Resources": {
              "Empty": {"Type": "AWS::IAM::Role", "Properties": null},
              "Chosen": {"Type": "AWS::IAM::Role",
                "Properties": {"Fn::If": ["C", {"RoleName": "a"}, {"RoleName": "b"}]}}}}"#,
    );
    assert_eq!(
        resource(&input, "Empty").properties.kind,
        ValueKind::Map(Vec::new())
    );
    assert_eq!(
        resource(&input, "Chosen").properties.kind,
        ValueKind::Map(Vec::new())
    );
    assert_eq!(codes(&input), vec!["cfn-properties-not-a-mapping"]);
}

#[test]
fn for_each_resources_are_declared_and_referable() {
    let input = load(
        r#"{"Transform": "AWS::LanguageExtensions",
            "Resources": {
              "Fn::ForEach::Roles": ["Team", ["Ops", "Audit"], {
                "${Team}Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Ref": "Team"}}}}],
              "Profile": {"Type": "AWS::IAM::InstanceProfile",
                "Properties": {"Roles": [{"Ref": "AuditRole"}]}},
              "Fn::ForEach::Unknown": ["X", {"Ref": "AWS::NotificationARNs"}, {"R${X}": {"Type": "T::T::T"}}]}}"#,
    );
    assert_eq!(
        property(&input, "OpsRole", "RoleName"),
        &ValueKind::Str("Ops".into())
    );
    let roles = property(&input, "Profile", "Roles");
    let ValueKind::List(items) = roles else {
        panic!("{roles:?}")
    };
    assert_eq!(
        items[0].kind,
        ValueKind::Reference(Box::new(Reference {
            address: "AuditRole".into(),
            attribute: None,
            file: None
        }))
    );
    assert_eq!(codes(&input), vec!["cfn-foreach-not-expanded"]);
}
