//! Plans printed by real Terraform (testdata/terraform/real, made by its generate.py): the
//! findings docs/rules.md demands on each, at the resource Terraform names, and, when
//! asked with `SUPPORTSCAN_REAL_TERRAFORM=1`, that Terraform still prints exactly the
//! committed plans.
//!
//! Expectations follow docs/rules.md, not the scanner's output of the day.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const REAL: &str = "testdata/terraform/real";
const PLAN_SUFFIX: &str = ".tfplan.json";

/// One finding as the assertions compare it: rule, level, resource address (empty for a
/// result of the whole scan, such as SUP001).
type Expected<'a> = (&'a str, &'a str, &'a str);

fn plan_path(scenario: &str) -> PathBuf {
    Path::new(REAL).join(format!("{scenario}{PLAN_SUFFIX}"))
}

/// Scans one committed plan and returns the JSON report, after checking what every real plan
/// must give: no problem with the input, and each finding placed in its resource's entry.
fn scan(scenario: &str, args: &[&str]) -> Value {
    let report = scan_with_problems_checked(scenario, args);
    let text = fs::read_to_string(plan_path(scenario)).unwrap();
    for finding in report["findings"].as_array().unwrap() {
        assert_placed_in_its_resource(&text, finding);
    }
    report
}

fn scan_with_problems_checked(scenario: &str, args: &[&str]) -> Value {
    let plan = plan_path(scenario);
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .arg("scan")
        .arg(&plan)
        .args(["--format", "json", "--fail-on", "none"])
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(
        report["problems"],
        Value::Array(Vec::new()),
        "{scenario}: real Terraform output loads without problems"
    );
    report
}

/// Terraform prints a plan on one line; a finding's column must fall inside the plan entry
/// (`{"address":...`) of its resource, or of the resource its message names as the cause
/// (the policy holding a Deny), or at the start for a result of the whole scan.
fn assert_placed_in_its_resource(plan: &str, finding: &Value) {
    assert_eq!(finding["line"], 1, "{finding}");
    let column = usize::try_from(finding["column"].as_u64().unwrap()).unwrap();
    let offset: usize = plan.chars().take(column - 1).map(char::len_utf8).sum();
    let Some(resource) = finding["resource"].as_str() else {
        assert_eq!(
            column, 1,
            "a result of the whole scan sits at the start: {finding}"
        );
        return;
    };
    const ENTRY: &str = "{\"address\":";
    let entry = if plan[offset..].starts_with(ENTRY) {
        offset
    } else {
        plan[..offset]
            .rfind(ENTRY)
            .unwrap_or_else(|| panic!("no resource entry before {finding}"))
    };
    let entry: Value = serde_json::Deserializer::from_str(&plan[entry..])
        .into_iter::<Value>()
        .next()
        .unwrap()
        .unwrap();
    let address = entry["address"].as_str().unwrap();
    let message = finding["message"].as_str().unwrap();
    // An inline policy, or an attachment of the managed policy, that the message names as
    // the source of the grant is the place to change.
    let names_entry_policy = message.contains(&format!("policy {address}"))
        || attached_policies(&entry).any(|name| message.contains(&format!("policy {name}")));
    assert!(
        address == resource || message.contains(&format!("`{address}`")) || names_entry_policy,
        "the finding is placed in the entry of {address}, which its message does not name: \
         {finding}"
    );
}

/// The names (the ARN's part after `policy/`) of the policies a plan entry attaches:
/// `policy_arn` of an attachment, `policy_arns` of an exclusive attachment.
fn attached_policies(entry: &Value) -> impl Iterator<Item = &str> {
    let values = if entry["values"].is_object() {
        &entry["values"]
    } else {
        &entry["change"]["after"]
    };
    let single = values["policy_arn"].as_str();
    let listed = values["policy_arns"].as_array().into_iter().flatten();
    single
        .into_iter()
        .chain(listed.filter_map(Value::as_str))
        .filter_map(|arn| arn.split_once(":policy/").map(|(_, name)| name))
}

fn findings_of(report: &Value) -> Vec<(String, String, String)> {
    let mut findings: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_owned(),
                finding["level"].as_str().unwrap().to_owned(),
                finding["resource"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    findings.sort();
    findings
}

fn sorted(expected: &[Expected]) -> Vec<(String, String, String)> {
    let mut expected: Vec<_> = expected
        .iter()
        .map(|(rule, level, resource)| {
            (
                (*rule).to_owned(),
                (*level).to_owned(),
                (*resource).to_owned(),
            )
        })
        .collect();
    expected.sort();
    expected
}

/// The scan of `scenario` gives exactly `expected`.
fn assert_findings(scenario: &str, args: &[&str], expected: &[Expected]) {
    let report = scan(scenario, args);
    assert_eq!(
        findings_of(&report),
        sorted(expected),
        "{scenario} {args:?}"
    );
}

/// The findings on `resources` (and only those) are exactly `expected`: for a scenario some of
/// whose resources wait for a fix, the others are still checked.
fn assert_findings_on(scenario: &str, resources: &[&str], expected: &[Expected]) {
    let report = scan(scenario, &[]);
    let on: Vec<_> = findings_of(&report)
        .into_iter()
        .filter(|(_, _, resource)| resources.contains(&resource.as_str()))
        .collect();
    assert_eq!(on, sorted(expected), "{scenario} on {resources:?}");
}

fn message_of<'a>(report: &'a Value, rule: &str, resource: &str) -> &'a str {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == rule && finding["resource"] == resource)
        .and_then(|finding| finding["message"].as_str())
        .unwrap_or_else(|| panic!("no {rule} on {resource}"))
}

// (a) AWSSupportAccess on a user and a group the plan does not declare.

#[test]
fn support_access_on_existing_user_and_group_is_not_via_a_role() {
    let scenario = "existing-identities";
    assert_findings(
        scenario,
        &[],
        &[
            (
                "SUP004",
                "warning",
                "aws_iam_user_policy_attachment.bob_support",
            ),
            (
                "SUP004",
                "warning",
                "aws_iam_policy_attachment.oncall_support",
            ),
        ],
    );
    let report = scan(scenario, &[]);
    for (resource, identity) in [
        ("aws_iam_user_policy_attachment.bob_support", "bob"),
        ("aws_iam_policy_attachment.oncall_support", "oncall"),
    ] {
        let message = message_of(&report, "SUP004", resource);
        assert!(
            message.contains(identity) && message.contains("not declared"),
            "the message names the identity and says it is not declared: {message}"
        );
    }
}

#[test]
fn attachments_to_users_and_groups_leave_the_account_without_a_support_role() {
    assert_findings(
        "existing-identities",
        &["--account-baseline", "--only", "SUP001"],
        &[("SUP001", "error", "")],
    );
}

// (b) Support roles and their trust.

#[test]
fn support_role_trust_by_what_its_conditions_allow() {
    assert_findings(
        "support-role-trust",
        &[],
        &[("SUP002", "error", "aws_iam_role.org_wildcard")],
    );
}

#[test]
fn support_roles_trusting_the_account_with_mfa_or_fenced_to_the_organization_are_clean() {
    assert_findings_on(
        "support-role-trust",
        &[
            "aws_iam_role.support",
            "aws_iam_role_policy_attachment.support",
            "aws_iam_role.org_fenced",
            "aws_iam_role_policy_attachment.org_fenced",
        ],
        &[],
    );
}

#[test]
fn a_support_role_satisfies_the_account_baseline() {
    assert_findings(
        "support-role-trust",
        &["--account-baseline", "--only", "SUP001"],
        &[],
    );
}

// (c) A Support App role as the App's documentation writes it, and one that the App cannot use.

#[test]
fn support_app_role_as_documented_is_clean_and_a_role_the_app_cannot_assume_is_untrusted() {
    assert_findings(
        "support-app",
        &[],
        &[("APP001", "error", "aws_iam_role.viewer")],
    );
}

// (d) A Support App role that also reads CloudWatch.

#[test]
fn support_app_role_with_cloudwatch_read_access_is_overbroad() {
    let scenario = "support-app-readonly";
    assert_findings(scenario, &[], &[("APP002", "error", "aws_iam_role.app")]);
    let report = scan(scenario, &[]);
    assert_eq!(report["summary"]["not_evaluable"], 0, "{report}");
    let message = message_of(&report, "APP002", "aws_iam_role.app");
    assert!(message.contains("CloudWatchReadOnlyAccess"), "{message}");
}

// (e) Service-linked roles.

#[test]
fn creating_the_support_service_linked_role_is_flagged_and_the_quotas_one_is_not() {
    assert_findings(
        "service-linked-role",
        &[],
        &[("SLR001", "warning", "aws_iam_service_linked_role.support")],
    );
}

#[test]
fn a_plan_that_deletes_the_support_service_linked_role_is_an_error() {
    assert_findings(
        "service-linked-role-removed",
        &[],
        &[("SLR001", "error", "aws_iam_service_linked_role.support")],
    );
}

// Values known only after apply, followed through the plan's configuration.

#[test]
fn attachments_by_values_known_after_apply_still_link() {
    assert_findings(
        "known-after-apply",
        &[],
        &[
            ("SUP002", "error", "aws_iam_role.partner"),
            ("SUP004", "warning", "aws_iam_group.oncall"),
        ],
    );
}

// (f) Modules with for_each and count.

#[test]
fn open_trust_in_a_module_instance_is_reported_at_its_terraform_address() {
    assert_findings(
        "modules",
        &[],
        &[(
            "SUP002",
            "error",
            "module.team[\"sandbox\"].aws_iam_role.this[0]",
        )],
    );
}

// (g) Inline policies from aws_iam_policy_document with conditions and not_actions.

#[test]
fn only_denies_a_responder_cannot_satisfy_make_a_support_role_denied() {
    assert_findings(
        "policy-document",
        &[],
        &[("SUP005", "error", "aws_iam_role.eu_only")],
    );
}

#[test]
fn a_region_deny_that_excludes_us_east_1_blocks_support() {
    assert_findings_on(
        "policy-document",
        &["aws_iam_role.eu_only", "aws_iam_role_policy.eu_only"],
        &[("SUP005", "error", "aws_iam_role.eu_only")],
    );
}

// (h) Variables from defaults, terraform.tfvars, *.auto.tfvars and *.auto.tfvars.json.

#[test]
fn tfvars_narrow_the_support_role_and_a_later_auto_tfvars_json_opens_the_vendor_role() {
    // terraform.tfvars replaces the support role's default trust ("*") with one role;
    // 10-vendor.auto.tfvars turns `count` on for the vendor role, and
    // 20-vendor-testing.auto.tfvars.json, read after it, sets its principals to "*": an
    // external ID does not say who the caller is.
    assert_findings(
        "variables-and-tfvars",
        &[],
        &[("SUP002", "error", "aws_iam_role.vendor[0]")],
    );
}

#[test]
fn a_support_role_named_and_trusted_by_variables_satisfies_the_account_baseline() {
    assert_findings(
        "variables-and-tfvars",
        &["--account-baseline", "--only", "SUP001"],
        &[],
    );
}

// (i) for_each over maps and sets, count.index, dynamic statements, for expressions.

#[test]
fn for_each_and_count_instances_are_judged_one_by_one() {
    assert_findings(
        "for-each-policies",
        &[],
        &[
            ("SUP002", "error", "aws_iam_role.team[\"contractors\"]"),
            ONCALL_SUPPORT_ACCESS[0],
            ONCALL_SUPPORT_ACCESS[1],
        ],
    );
    assert_oncall_users_named(&scan("for-each-policies", &[]));
}

/// SUP004 on the two `count` instances of `aws_iam_user_policy_attachment.oncall`.
const ONCALL_SUPPORT_ACCESS: [Expected; 2] = [
    (
        "SUP004",
        "warning",
        "aws_iam_user_policy_attachment.oncall[0]",
    ),
    (
        "SUP004",
        "warning",
        "aws_iam_user_policy_attachment.oncall[1]",
    ),
];

/// The SUP004 messages on `oncall[0]` and `oncall[1]` name alice and carol.
fn assert_oncall_users_named(report: &Value) {
    for (index, user) in [(0, "alice"), (1, "carol")] {
        let resource = format!("aws_iam_user_policy_attachment.oncall[{index}]");
        let message = message_of(report, "SUP004", &resource);
        assert!(message.contains(user), "{message}");
    }
}

// (j) A local module called with for_each that calls a sibling local module, fed by the
// output of another module.

#[test]
fn module_instances_fed_by_module_outputs_other_than_the_automation_role_are_clean() {
    assert_findings_on(
        "nested-modules",
        &[
            "module.support_role[\"ops\"].aws_iam_role.this",
            "module.support_role[\"ops\"].aws_iam_role_policy_attachment.support[0]",
            "module.support_role[\"ops\"].aws_iam_role_policy_attachment.mfa_guardrail[0]",
            "module.support_role[\"ops\"].module.mfa_guardrail[0].aws_iam_policy.this",
            "module.case_automation_policy.aws_iam_policy.this",
        ],
        &[],
    );
}

#[test]
#[ignore = "scanner: the attachment's policy_arn (each.value of var.policy_arns, from \
            local.support_roles, from module.case_automation_policy.arn) is reported \
            not evaluable instead of being followed to the policy"]
fn a_role_lambda_assumes_with_a_case_policy_from_another_module_is_noted() {
    assert_findings(
        "nested-modules",
        &[],
        &[(
            "SUP003",
            "note",
            "module.support_role[\"automation\"].aws_iam_role.this",
        )],
    );
}

#[test]
fn the_ops_instance_of_the_nested_module_satisfies_the_account_baseline() {
    assert_findings(
        "nested-modules",
        &["--account-baseline", "--only", "SUP001"],
        &[],
    );
}

// (k) Merged and overridden policy documents, jsonencode, heredoc, format/join, templatefile.

#[test]
fn merged_guardrails_deny_support_unless_an_override_replaces_them() {
    assert_findings(
        "policy-document-merge",
        &[],
        &[
            ("SUP005", "error", "aws_iam_role.regional"),
            ("APP002", "warning", "module.support_app.aws_iam_role.this"),
        ],
    );
    let report = scan("policy-document-merge", &[]);
    let message = message_of(&report, "APP002", "module.support_app.aws_iam_role.this");
    assert!(
        message.contains("support:DescribeTrustedAdvisorChecks"),
        "{message}"
    );
}

// (l) A CIS baseline module with the Support App, and a role shared with AWS Chatbot.

#[test]
fn cis_baseline_with_the_support_app_is_clean_and_a_role_shared_with_chatbot_is_not() {
    assert_findings(
        "support-app-cis",
        &[],
        &[
            ("APP002", "error", "aws_iam_role.chatbot_support"),
            ("APP006", "warning", "aws_iam_role.chatbot_support"),
            ("SUP003", "note", "aws_iam_role.chatbot_support"),
        ],
    );
    let report = scan("support-app-cis", &[]);
    let message = message_of(&report, "APP006", "aws_iam_role.chatbot_support");
    assert!(message.contains("chatbot.amazonaws.com"), "{message}");
}

#[test]
fn cis_baseline_support_role_satisfies_the_account_baseline() {
    assert_findings(
        "support-app-cis",
        &["--account-baseline", "--only", "SUP001"],
        &[],
    );
}

// (l2) Values computed by Terraform's functions and read from the module's files.

#[test]
fn values_from_functions_and_files_decide_trust_and_attachments() {
    assert_findings(
        "functions-and-files",
        &[],
        &[("SUP002", "error", "aws_iam_role.partner")],
    );
    let report = scan("functions-and-files", &[]);
    assert_eq!(report["summary"]["not_evaluable"], 0, "{report}");
}

// (m) A realistic account module that must stay silent.

#[test]
fn a_clean_account_module_gives_no_finding_even_as_an_account_baseline() {
    assert_findings("clean-module", &[], &[]);
    assert_findings("clean-module", &["--account-baseline"], &[]);
    let report = scan("clean-module", &["--account-baseline"]);
    assert_eq!(report["summary"]["not_evaluable"], 0, "{report}");
}

// (n) Exclusive attachments.

#[test]
fn exclusive_attachments_attach_like_the_others() {
    assert_findings_on(
        "exclusive-attachments",
        &[
            "aws_iam_role.support",
            "aws_iam_role_policy_attachments_exclusive.support",
            "aws_iam_role_policies_exclusive.support",
            "aws_iam_user_policy_attachments_exclusive.breakglass",
        ],
        &[(
            "SUP004",
            "warning",
            "aws_iam_user_policy_attachments_exclusive.breakglass",
        )],
    );
    let report = scan("exclusive-attachments", &[]);
    let message = message_of(&report, "APP002", "aws_iam_role.support_app");
    assert!(message.contains("ReadOnlyAccess"), "{message}");
    assert_findings(
        "exclusive-attachments",
        &["--account-baseline", "--only", "SUP001"],
        &[],
    );
}

#[test]
#[ignore = "scanner and docs/rules/APP002.md give a Support App role with ReadOnlyAccess two \
            APP002 results (error and warning); docs/rules.md says one result per role"]
fn a_support_app_role_with_read_only_access_gets_one_app002_error() {
    assert_findings(
        "exclusive-attachments",
        &[],
        &[
            ("APP002", "error", "aws_iam_role.support_app"),
            (
                "SUP004",
                "warning",
                "aws_iam_user_policy_attachments_exclusive.breakglass",
            ),
        ],
    );
}

// Every scenario, with its .tf files known.

/// `type` and `name` of the resource block an address is an instance of
/// (`module.team["ops"].aws_iam_role.this[0]` is `aws_iam_role`, `this`).
fn resource_block(address: &str) -> (&str, &str) {
    let block = match address.strip_suffix(']') {
        Some(indexed) => &indexed[..indexed.rfind('[').unwrap()],
        None => address,
    };
    let mut parts = block.rsplitn(3, '.');
    let name = parts.next().unwrap();
    (parts.next().unwrap(), name)
}

/// A finding placed in a `.tf.json` file is at a key (`"policy_arn": ...`) inside the
/// object of its resource: below `"TYPE": {` and its `"NAME": {`.
fn assert_at_a_key_of_its_json_resource(
    lines: &[&str],
    line: usize,
    column: usize,
    kind: &str,
    name: &str,
    finding: &Value,
) {
    let type_line = lines[..line]
        .iter()
        .rposition(|l| l.trim_start().starts_with(&format!("\"{kind}\": {{")))
        .unwrap_or_else(|| panic!("no {kind} object above: {finding}"));
    assert!(
        lines[type_line..line]
            .iter()
            .any(|l| l.trim_start().starts_with(&format!("\"{name}\": {{"))),
        "not under {name}: {finding}"
    );
    let at: String = lines[line - 1].chars().skip(column - 1).collect();
    let key = at.split('"').nth(1).unwrap_or_default();
    assert!(
        at.starts_with('"')
            && !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && at[key.len() + 2..].starts_with(':'),
        "{finding}: {at}"
    );
}

/// Whether some .tf file under `dir` has `line` as one of its lines.
fn source_has_line(dir: &Path, line: &str) -> bool {
    fs::read_dir(dir).unwrap().any(|entry| {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_has_line(&path, line)
        } else {
            path.extension().is_some_and(|ext| ext == "tf")
                && fs::read_to_string(&path)
                    .unwrap()
                    .lines()
                    .any(|l| l == line)
        }
    })
}

#[test]
fn with_the_source_directory_findings_point_into_their_resource_blocks() {
    for scenario in committed_plans() {
        let source = Path::new(REAL).join(&scenario);
        let report =
            scan_with_problems_checked(&scenario, &["--tf-source", source.to_str().unwrap()]);
        let plan = fs::read_to_string(plan_path(&scenario)).unwrap();
        for finding in report["findings"].as_array().unwrap() {
            let (kind, name) = resource_block(finding["resource"].as_str().unwrap());
            let block = format!("resource \"{kind}\" \"{name}\" {{");
            let file = Path::new(finding["file"].as_str().unwrap());
            if file == plan_path(&scenario) {
                // A resource the plan deletes has no block left to point at.
                assert!(!source_has_line(&source, &block), "{finding}");
                assert_placed_in_its_resource(&plan, finding);
                continue;
            }
            assert!(file.starts_with(&source), "{finding}");
            let line = usize::try_from(finding["line"].as_u64().unwrap()).unwrap();
            let column = usize::try_from(finding["column"].as_u64().unwrap()).unwrap();
            let text = fs::read_to_string(file).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            if file.to_string_lossy().ends_with(".tf.json") {
                assert_at_a_key_of_its_json_resource(&lines, line, column, kind, name, finding);
                continue;
            }
            // Inside a resource or data block: its header, or an attribute or nested
            // block of it (`policy_arn = ...`, `statement {`).
            let header = lines[..line]
                .iter()
                .rposition(|l| l.starts_with("resource \"") || l.starts_with("data \""))
                .unwrap_or_else(|| panic!("{finding}"));
            assert!(
                !lines[header..line - 1].contains(&"}"),
                "outside its block: {finding}"
            );
            let at: String = lines[line - 1].chars().skip(column - 1).collect();
            let mut words = at.split_whitespace();
            let key = words.next().unwrap_or_default();
            let next = words.next().unwrap_or_default();
            assert!(
                line - 1 == header
                    || (key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && (next == "=" || next == "{")),
                "{finding}: {at}"
            );
        }
    }
}

// The fixtures themselves.

fn scenarios() -> BTreeSet<String> {
    fs::read_dir(REAL)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_dir()
                && fs::read_dir(path).unwrap().any(|file| {
                    let name = file.unwrap().file_name().to_string_lossy().into_owned();
                    name.ends_with(".tf") || name.ends_with(".tf.json")
                })
        })
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn committed_plans() -> BTreeSet<String> {
    fs::read_dir(REAL)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(PLAN_SUFFIX).map(str::to_owned)
        })
        .collect()
}

#[test]
fn every_scenario_has_its_plan_as_terraform_printed_it() {
    assert_eq!(scenarios(), committed_plans(), "run {REAL}/generate.py");
    for scenario in committed_plans() {
        let text = fs::read_to_string(plan_path(&scenario)).unwrap();
        assert_eq!(
            text.find('\n'),
            Some(text.len() - 1),
            "{scenario}: terraform show -json prints one line; regenerate rather than edit"
        );
    }
}

/// A plan without what differs between two runs of the same Terraform over the same code:
/// the time, the version, and the order of `relevant_attributes` (a set, printed in the
/// order Terraform's parallel walk met them).
fn without_run_details(mut plan: Value) -> Value {
    let object = plan.as_object_mut().unwrap();
    object.remove("timestamp");
    object.remove("terraform_version");
    if let Some(Value::Array(attributes)) = object.get_mut("relevant_attributes") {
        attributes.sort_by_cached_key(Value::to_string);
    }
    plan
}

/// The JSON path of the first place where two values differ, for a message a person can act on.
fn first_difference(committed: &Value, printed: &Value, path: &str) -> Option<String> {
    match (committed, printed) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<_> = a.keys().chain(b.keys()).collect();
            keys.into_iter()
                .find_map(|key| match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => first_difference(x, y, &format!("{path}.{key}")),
                    (x, y) => Some(format!("{path}.{key}: committed {x:?}, printed {y:?}")),
                })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(index, (x, y))| first_difference(x, y, &format!("{path}[{index}]"))),
        (a, b) if a == b => None,
        (a, b) => Some(format!("{path}: committed {a}, printed {b}")),
    }
}

/// Regenerates every plan with real Terraform and the generator's fake IAM/STS endpoint and
/// checks that the committed fixtures are what Terraform prints today. Planning starts the AWS
/// provider (a 675 MB binary) about four times per scenario, about 140 s of CPU for the
/// seventeen scenarios, so it runs only when asked: `SUPPORTSCAN_REAL_TERRAFORM=1`. Asked
/// for, a missing terraform, provider mirror or Python fails the test rather than passing
/// unseen. The generator's time budget (20 minutes) bounds the run.
#[test]
fn terraform_still_prints_the_committed_plans() {
    if std::env::var("SUPPORTSCAN_REAL_TERRAFORM").as_deref() != Ok("1") {
        eprintln!(
            "skipped: set SUPPORTSCAN_REAL_TERRAFORM=1 to regenerate the plans of {REAL} with \
             terraform (and the provider mirror, SUPPORTSCAN_TF_MIRROR or /opt/tf-plugins) and \
             compare them with the committed ones"
        );
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(Path::new(REAL).join("generate.py"))
        .arg("--out")
        .arg(out.path())
        .status()
        .expect("python3 runs the generator");
    assert!(
        status.success(),
        "the generator failed ({status}); its output is above"
    );
    for scenario in committed_plans() {
        let read = |path: PathBuf| -> Value {
            without_run_details(serde_json::from_slice(&fs::read(path).unwrap()).unwrap())
        };
        let committed = read(plan_path(&scenario));
        let printed = read(out.path().join(format!("{scenario}{PLAN_SUFFIX}")));
        if let Some(difference) = first_difference(&committed, &printed, "$") {
            panic!(
                "{scenario}: the committed plan is not what terraform prints now ({difference}); \
                 regenerate with `python3 {REAL}/generate.py` and review the diff"
            );
        }
    }
}

// (o) The JSON syntax, as CDK for Terraform writes it.

#[test]
fn a_json_syntax_root_and_module_are_judged_as_their_native_twins_would_be() {
    let scenario = "json-syntax";
    let expected = [
        ("SUP002", "error", "aws_iam_role.vendor"),
        ONCALL_SUPPORT_ACCESS[0],
        ONCALL_SUPPORT_ACCESS[1],
        ("APP002", "error", "module.support_app.aws_iam_role.this"),
    ];
    assert_findings(scenario, &[], &expected);
    assert_findings(scenario, &["--account-baseline", "--only", "SUP001"], &[]);
    let report = scan(scenario, &[]);
    assert_eq!(report["summary"]["not_evaluable"], 0, "{report}");
    assert_oncall_users_named(&report);
    let source = Path::new(REAL).join(scenario);
    let relocated =
        scan_with_problems_checked(scenario, &["--tf-source", source.to_str().unwrap()]);
    for finding in relocated["findings"].as_array().unwrap() {
        let file = finding["file"].as_str().unwrap();
        assert!(file.ends_with(".tf.json"), "kept in the plan: {finding}");
    }
}
