//! One scan, one account (docs/rules.md): CloudFormation exports and imports, nested stacks and
//! CDK cloud assemblies joined across the templates of one directory walk, judged by the
//! rules on the real resources they name.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use supportscan::scan::read_and_link;

/// A finding as `(rule, file, line, resource)`.
type Found = (String, String, u64, String);
/// A problem as `(code, file, line)`.
type Reported = (String, String, u64);

/// Every finding and every problem of a JSON scan of `path`.
fn scan(path: &str) -> (Vec<Found>, Vec<Reported>) {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", path, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                text(&f["rule"]),
                text(&f["file"]),
                f["line"].as_u64().unwrap_or_default(),
                text(&f["resource"]),
            )
        })
        .collect();
    let problems = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                text(&p["code"]),
                text(&p["file"]),
                p["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (findings, problems)
}

fn finding(rule: &str, file: &str, line: u64, resource: &str) -> Found {
    (rule.into(), file.into(), line, resource.into())
}

#[test]
fn an_imported_channel_role_is_judged_as_the_exporting_stacks_role() {
    let (findings, problems) = scan("testdata/stacks/exports");
    // LegacyChannelRole trusts EC2: APP001, on the role in the roles stack. ChannelRole
    // trusts the Support App and is silent. The managed policy attaches to the imported
    // role name, so LegacyChannelRole has the App's read actions (no APP004).
    assert_eq!(
        findings,
        [finding(
            "APP001",
            "testdata/stacks/exports/roles.template.yaml",
            26,
            "LegacyChannelRole"
        )]
    );
    assert_eq!(
        problems,
        [(
            "cfn-duplicate-export".to_owned(),
            "testdata/stacks/exports/stale-roles.template.yaml".to_owned(),
            10
        )]
    );
}

#[test]
fn an_import_without_an_export_in_the_scan_stays_unknown_and_says_why() {
    let scan = read_and_link(&[PathBuf::from("testdata/stacks/exports")]);
    let text = scan.graph.to_text(&scan.inputs.files);
    assert!(
        text.contains("no stack in this scan exports `audit-ChannelRoleArn`"),
        "{text}"
    );
    // Alone, the app stack imports from nothing: every channel role is unknown.
    let alone = read_and_link(&[PathBuf::from("testdata/stacks/exports/app.template.yaml")]);
    let text = alone.graph.to_text(&alone.inputs.files);
    assert!(
        text.contains("no stack in this scan exports `prod-ChannelRoleArn`"),
        "{text}"
    );
}

#[test]
fn a_nested_stack_is_read_with_its_parents_parameters_and_findings_point_into_it() {
    let (findings, problems) = scan("testdata/stacks/nested");
    let child = "testdata/stacks/nested/roles/support-roles.template.yaml";
    // The parent passes EC2 as the trusted service and its own policy as the boundary, and
    // names the child's role through the child's output.
    assert_eq!(
        findings,
        [
            finding("APP004", child, 12, "ChannelRole"),
            finding("APP001", child, 16, "ChannelRole"),
        ]
    );
    assert!(problems.is_empty(), "{problems:?}");
    let scan = read_and_link(&[PathBuf::from("testdata/stacks/nested")]);
    let text = scan.graph.to_text(&scan.inputs.files);
    assert!(text.contains("Boundary"), "{text}");
}

#[test]
fn a_nested_child_alone_is_judged_on_its_own_defaults_and_with_its_parent_once() {
    // Scanned alone, the child's trusted service is a parameter without a default: APP001
    // cannot judge it, and the channel is not there to make it an App role.
    let (findings, _) = scan("testdata/stacks/nested/roles");
    assert!(findings.is_empty(), "{findings:?}");
    // Scanned with its parent, it is read once, as the child (no second, conflicting load).
    let scan = read_and_link(&[PathBuf::from("testdata/stacks/nested")]);
    let child_inputs = scan
        .inputs
        .loaded
        .iter()
        .filter(|input| {
            scan.inputs.files[input.file.0 as usize]
                .path
                .ends_with("support-roles.template.yaml")
        })
        .count();
    assert_eq!(child_inputs, 1);
}

#[test]
fn missing_outside_and_cyclic_nested_templates_are_positioned_and_the_rest_is_scanned() {
    let (findings, problems) = scan("testdata/stacks/nested-bad");
    assert_eq!(
        findings,
        [finding(
            "SUP002",
            "testdata/stacks/nested-bad/parent.template.yaml",
            19,
            "OpenRole"
        )]
    );
    let codes: Vec<(&str, u64)> = problems
        .iter()
        .map(|(code, _, line)| (code.as_str(), *line))
        .collect();
    assert_eq!(
        codes,
        [
            ("cfn-nested-stack-cycle", 6),
            ("cfn-nested-template-missing", 6),
            ("cfn-nested-template-outside", 10),
        ]
    );
}

#[test]
fn a_nesting_depth_bomb_is_cut_off_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for level in 0..40 {
        let template = format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Next:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: level{}.template.yaml\n",
            level + 1
        );
        fs::write(
            dir.path().join(format!("level{level}.template.yaml")),
            template,
        )
        .unwrap();
    }
    let scan = read_and_link(&[dir.path().to_path_buf()]);
    let codes: Vec<&str> = scan.problems.iter().map(|p| p.code).collect();
    assert!(codes.contains(&"cfn-nested-stack-too-deep"), "{codes:?}");
    assert!(codes.contains(&"cfn-nested-template-missing"), "{codes:?}");
    assert_eq!(scan.inputs.loaded.len(), 40, "every template still loads");
}

#[test]
fn a_template_nested_by_two_parents_is_read_once_with_the_first_parents_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let parent = |service: &str| {
        format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Roles:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: shared/roles.yaml\n      Parameters:\n        Service: {service}\n"
        )
    };
    fs::write(
        dir.path().join("a.yaml"),
        parent("supportapp.amazonaws.com"),
    )
    .unwrap();
    fs::write(dir.path().join("b.yaml"), parent("ec2.amazonaws.com")).unwrap();
    fs::create_dir(dir.path().join("shared")).unwrap();
    fs::write(
        dir.path().join("shared/roles.yaml"),
        "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Service:\n    Type: String\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {Service: !Ref Service}\n            Action: sts:AssumeRole\n",
    )
    .unwrap();
    let scan = read_and_link(&[dir.path().to_path_buf()]);
    let warnings: Vec<(&str, String)> = scan
        .problems
        .iter()
        .map(|p| {
            let file = p.file.map(|id| &scan.inputs.files[id.0 as usize].path);
            (
                p.code,
                file.unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [("cfn-nested-stack-read-once", "b.yaml".to_owned())]
    );
    let role = scan
        .inputs
        .loaded
        .iter()
        .flat_map(|input| &input.resources)
        .find(|resource| &*resource.address == "Role")
        .unwrap();
    let trust = format!("{:?}", role.properties);
    assert!(trust.contains("supportapp.amazonaws.com"), "{trust}");
    assert!(!trust.contains("ec2.amazonaws.com"), "{trust}");
}

#[test]
fn a_cdk_cloud_assembly_is_read_as_one_app() {
    let (findings, problems) = scan("testdata/stacks/cdk");
    let nested = "testdata/stacks/cdk/cdk.out/SupportAppStackRolesA1B2C3D4.nested.template.json";
    // The channel names the nested stack's role through the nested stack's output.
    assert_eq!(
        findings,
        [
            finding("APP004", nested, 3, "ChannelRole6F2C1A4B"),
            finding("APP001", nested, 8, "ChannelRole6F2C1A4B"),
        ]
    );
    assert!(problems.is_empty(), "{problems:?}");
    // The manifest gives the construct path of the resource synthesized without one.
    let scan = read_and_link(&[PathBuf::from("testdata/stacks/cdk")]);
    let paths: Vec<(&str, Option<&str>)> = scan
        .inputs
        .loaded
        .iter()
        .flat_map(|input| &input.resources)
        .map(|resource| (&*resource.address, resource.cdk_path.as_deref()))
        .collect();
    assert!(
        paths.contains(&("Channel", Some("SupportAppStack/Channel"))),
        "{paths:?}"
    );
    assert!(
        paths.contains(&(
            "ChannelRole6F2C1A4B",
            Some("SupportAppStack/Roles/ChannelRole/Resource")
        )),
        "{paths:?}"
    );
}
