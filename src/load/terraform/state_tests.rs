//! Tests of the older state vintages: raw v3 state as terraformer and Terraform 0.11
//! write it, and v4 instances whose attributes are still the `attributes_flat` flatmap.

use super::load_state;
use super::tests::{fixture, property, resource};
use crate::load::Mode;
use crate::load::value::ValueKind;
use crate::source::FileId;
use crate::source::SourceFile;

/// A state file that a rule's test cases scan too.
fn rule_fixture(path: &str) -> SourceFile {
    let path = format!("{}/rules/{path}", env!("CARGO_MANIFEST_DIR"));
    SourceFile::new(&path, std::fs::read_to_string(&path).unwrap())
}

#[test]
fn terraformer_v3_state_loads_with_module_addresses_and_positions() {
    let file = rule_fixture("service-linked-role/testdata/SLR001-terraformer-v3.tfstate");
    let input = load_state(&file, FileId(0)).unwrap();
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(
        addresses,
        vec![
            "aws_iam_role.tfer--SupportRole",
            "aws_iam_role_policy_attachment.tfer--SupportRole_AWSSupportAccess",
            "aws_iam_role.tfer--AWSServiceRoleForSupport",
            "module.ops.aws_iam_policy_attachment.oncall[0]",
            "module.ops.data.aws_caller_identity.current",
        ],
        "in file order; the deposed-only role is skipped"
    );
    let role = "aws_iam_role.tfer--SupportRole";
    assert_eq!(
        property(&input, role, "name"),
        &ValueKind::Str("SupportRole".into())
    );
    let tags = resource(&input, role).properties.get("tags").unwrap();
    let keys: Vec<&str> = tags.as_map().unwrap().iter().map(|f| &*f.key).collect();
    assert_eq!(keys, ["Team", "kubernetes.io/role"]);
    let policy = resource(&input, role)
        .properties
        .get("assume_role_policy")
        .unwrap();
    assert!(policy.as_str().unwrap().starts_with("{\"Version\""));
    assert!(file.text[policy.span.range()].starts_with("\"{\\\"Version"));
    let groups = resource(&input, "module.ops.aws_iam_policy_attachment.oncall[0]")
        .properties
        .get("groups")
        .unwrap();
    assert_eq!(groups.as_list().unwrap()[0].as_str(), Some("oncall"));
    assert_eq!(
        resource(&input, "module.ops.data.aws_caller_identity.current").mode,
        Mode::Data
    );
    let at = file.text[..input.resources[0].span.start as usize].trim_end();
    assert!(
        at.ends_with("\"aws_iam_role.tfer--SupportRole\":"),
        "a resource's span is its object, right after its key"
    );
}

#[test]
fn v3_state_without_resources_or_modules_is_empty() {
    let input = load_state(&fixture("terraform_v3.tfstate"), FileId(0)).unwrap();
    assert!(input.resources.is_empty());
    let file = SourceFile::new(
        "backend.tfstate",
        r#"{"version": 3, "serial": 7, "lineage": "x", "backend": {"type": "s3", "config": {}}}"#
            .to_owned(),
    );
    assert!(load_state(&file, FileId(0)).unwrap().resources.is_empty());
}

#[test]
fn v3_resource_keys_that_are_not_addresses_are_positioned_errors() {
    let text = r#"{"version": 3, "serial": 1, "modules": [{"path": ["root"], "resources": {
        "aws_iam_role": {"type": "aws_iam_role", "primary": {"id": "r", "attributes": {}}}}}]}"#;
    let file = SourceFile::new("s.tfstate", text.to_owned());
    let problem = load_state(&file, FileId(0)).unwrap_err();
    assert_eq!(problem.code, "invalid-state");
    assert!(file.text[problem.span.unwrap().range()].starts_with("{\"type\""));
    assert!(
        problem.message.contains("`aws_iam_role`"),
        "{}",
        problem.message
    );
}

#[test]
fn v4_attributes_flat_decodes_instead_of_loading_empty() {
    let file = rule_fixture("support-role/testdata/SUP003-state-attributes-flat.tfstate");
    let input = load_state(&file, FileId(0)).unwrap();
    assert_eq!(
        property(
            &input,
            "aws_iam_service_linked_role.support",
            "aws_service_name"
        ),
        &ValueKind::Str("support.amazonaws.com".into())
    );
    let role = &resource(&input, "module.support.aws_iam_role.this[0]").properties;
    let inline = &role.get("inline_policy").unwrap().as_list().unwrap()[0];
    assert_eq!(inline.get("name").unwrap().as_str(), Some("cases"));
    let arns = role.get("managed_policy_arns").unwrap().as_list().unwrap();
    assert_eq!(
        arns[0].as_str(),
        Some("arn:aws:iam::aws:policy/ReadOnlyAccess")
    );
    assert_eq!(
        file.position(arns[0].span.start).line,
        file.text[..file.text.find("1027498512").unwrap()]
            .lines()
            .count() as u32
    );
}
