//! Account snapshots end to end: a snapshot alone (every rule, SUP001 on the account), a
//! snapshot with the plan applied on top (posture after apply), pages, filters, both
//! document encodings, and inputs of several accounts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

const ACCOUNT: &str = "111122223333";
const SNAPSHOTS: &str = "testdata/snapshot";

/// Runs `supportscan scan` with `args` (in the repository), returning the exit status, the
/// JSON report and standard error.
fn scan(args: &[&str]) -> (Option<i32>, Value, String) {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let report =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("{error}: {stderr}"));
    (output.status.code(), report, stderr)
}

fn snapshot(name: &str) -> String {
    format!("{SNAPSHOTS}/{name}")
}

/// `(rule, resource)` of every finding.
fn findings(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_owned(),
                finding["resource"].as_str().unwrap_or("(scan)").to_owned(),
            )
        })
        .collect()
}

fn finding<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:?}", findings(report)))
}

fn problem_codes(report: &Value) -> Vec<&str> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["code"].as_str().unwrap())
        .collect()
}

fn not_evaluable_rules(report: &Value) -> Vec<&str> {
    report["not_evaluable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["rule"].as_str().unwrap())
        .collect()
}

/// A plan as `terraform show -json` prints it, with one change per `(address, actions,
/// values)`: the values are the object before a deletion, after anything else.
fn plan(changes: &[(&str, &[&str], Value)]) -> String {
    let resource_changes: Vec<Value> = changes
        .iter()
        .map(|(address, actions, values)| {
            let (resource_type, name) = address.split_once('.').unwrap();
            let deletes = actions.contains(&"delete") || actions.contains(&"forget");
            let keeps = actions.iter().any(|a| *a != "delete" && *a != "forget");
            json!({
                "address": address,
                "mode": "managed",
                "type": resource_type,
                "name": name,
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {
                    "actions": actions,
                    "before": if deletes || actions.contains(&"no-op") { values.clone() } else { Value::Null },
                    "after": if keeps { values.clone() } else { Value::Null },
                    "after_unknown": {},
                    "before_sensitive": {},
                    "after_sensitive": {}
                }
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "resource_changes": resource_changes,
        "configuration": {"root_module": {}}
    }))
    .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A live account whose only support role is `SupportResponders`, with user `carol` who
/// has no policy.
fn small_account() -> String {
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]});
    let support = |name: &str, path: &str, service: &str, policy: &str| {
        json!({"Path": path, "RoleName": name, "Arn": format!("arn:aws:iam::{ACCOUNT}:role{path}{name}"),
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]},
            "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": policy.rsplit('/').next().unwrap(),
                "PolicyArn": format!("arn:aws:iam::aws:policy/{policy}")}]})
    };
    serde_json::to_string_pretty(&json!({
        "UserDetailList": [{"Path": "/", "UserName": "carol", "Arn": format!("arn:aws:iam::{ACCOUNT}:user/carol"),
            "GroupList": [], "AttachedManagedPolicies": []}],
        "GroupDetailList": [],
        "RoleDetailList": [
            support("AWSServiceRoleForSupport", "/aws-service-role/support.amazonaws.com/",
                "support.amazonaws.com", "aws-service-role/AWSSupportServiceRolePolicy"),
            {"Path": "/", "RoleName": "SupportResponders", "Arn": format!("arn:aws:iam::{ACCOUNT}:role/SupportResponders"),
             "AssumeRolePolicyDocument": trust, "RolePolicyList": [],
             "AttachedManagedPolicies": [{"PolicyName": "AWSSupportAccess", "PolicyArn": "arn:aws:iam::aws:policy/AWSSupportAccess"}]}
        ],
        "Policies": []
    }))
    .unwrap()
}

#[test]
fn a_snapshot_alone_is_judged_by_every_rule_and_names_entities_by_arn() {
    let (code, report, stderr) = scan(&[
        &snapshot("account.json"),
        &snapshot("slack-channels.json"),
        "--account-baseline",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(report["summary"]["account_snapshots"], 2);
    let mut found = findings(&report);
    found.sort();
    let role = |name: &str| format!("arn:aws:iam::{ACCOUNT}:role/{name}");
    assert_eq!(
        found,
        [
            ("APP001".to_owned(), role("web-server")),
            ("APP002".to_owned(), role("web-server")),
            ("APP004".to_owned(), role("web-server")),
            ("SUP003".to_owned(), role("service-role/case-bot")),
            (
                "SUP004".to_owned(),
                format!("arn:aws:iam::{ACCOUNT}:group/helpdesk")
            ),
            (
                "SUP004".to_owned(),
                format!("arn:aws:iam::{ACCOUNT}:user/alice")
            ),
        ]
    );
    // The role AWS made for AWS Support is no finding; a support role exists (SUP001).
    let sup004 = finding(&report, "SUP004");
    assert_eq!(sup004["file"], snapshot("account.json"));
    assert!(sup004["line"].as_u64().unwrap() > 1);
    assert!(problem_codes(&report).is_empty(), "{stderr}");
}

#[test]
fn both_document_encodings_give_the_same_findings() {
    let (_, cli, _) = scan(&[&snapshot("account.json"), "--account-baseline"]);
    let (_, api, _) = scan(&[&snapshot("account-api.json"), "--account-baseline"]);
    assert_eq!(findings(&cli), findings(&api));
    assert_eq!(
        finding(&api, "SUP003")["message"],
        finding(&cli, "SUP003")["message"]
    );
}

#[test]
fn pages_of_one_account_are_joined_and_a_missing_last_page_is_a_warning() {
    let pages: Vec<String> = (1..=3)
        .map(|i| snapshot(&format!("page-{i}.json")))
        .collect();
    let (_, whole, _) = scan(&[&snapshot("account.json"), "--account-baseline"]);
    let mut args: Vec<&str> = pages.iter().map(String::as_str).collect();
    args.push("--account-baseline");
    let (code, joined, stderr) = scan(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let mut expected = findings(&whole);
    let mut actual = findings(&joined);
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected);
    assert!(problem_codes(&joined).is_empty(), "{stderr}");
    // Without the last page: a warning at the marker of the last page read. The support
    // role is on page 2, so SUP001 is satisfied by what was read.
    let (code, partial, stderr) = scan(&[&pages[0], &pages[1], "--account-baseline"]);
    assert_eq!(
        problem_codes(&partial),
        ["snapshot-page-missing"],
        "{stderr}"
    );
    assert!(stderr.contains("page-2.json:"), "{stderr}");
    assert_eq!(partial["problems"][0]["line"], 188, "the `Marker` line");
    assert!(!not_evaluable_rules(&partial).contains(&"SUP001"));
    assert!(!findings(&partial).iter().any(|(rule, _)| rule == "SUP001"));
    assert_eq!(
        code,
        Some(0),
        "warnings fail nothing, and only SUP004 warnings are left"
    );
    // With page 1 alone the support role may be on a missing page: SUP001 is not
    // evaluable rather than failing.
    let (_, first, _) = scan(&[&pages[0], "--account-baseline"]);
    assert!(problem_codes(&first).contains(&"snapshot-page-missing"));
    assert!(not_evaluable_rules(&first).contains(&"SUP001"));
    assert!(!findings(&first).iter().any(|(rule, _)| rule == "SUP001"));
    // A page given twice is one page: its entities are not doubled.
    let (_, twice, _) = scan(&[&pages[2], &pages[2]]);
    assert!(
        problem_codes(&twice)
            .iter()
            .all(|c| *c == "snapshot-duplicate-entity" || *c == "snapshot-roles-missing")
    );
    assert_eq!(
        findings(&twice)
            .iter()
            .filter(|(rule, _)| rule == "SUP003")
            .count(),
        1
    );
}

#[test]
fn a_filtered_snapshot_leaves_what_it_filtered_out_unknown() {
    // `--filter User Group`: no roles, so SUP001 cannot judge the account.
    let (_, report, stderr) = scan(&[&snapshot("filter-user-group.json"), "--account-baseline"]);
    assert_eq!(
        problem_codes(&report),
        ["snapshot-roles-missing"],
        "{stderr}"
    );
    assert!(not_evaluable_rules(&report).contains(&"SUP001"));
    assert!(findings(&report).contains(&(
        "SUP004".to_owned(),
        format!("arn:aws:iam::{ACCOUNT}:user/alice")
    )));
    // `--filter Role LocalManagedPolicy`: the roles are known, SUP001 is satisfied.
    let (_, report, _) = scan(&[&snapshot("filter-role-policy.json"), "--account-baseline"]);
    assert!(problem_codes(&report).is_empty());
    assert!(
        !findings(&report)
            .iter()
            .any(|(rule, _)| rule == "SUP001" || rule == "SUP004")
    );
}

#[test]
fn a_plan_that_deletes_the_only_support_attachment_fails_sup001() {
    let dir = tempfile::tempdir().unwrap();
    let account = write(dir.path(), "iam.json", &small_account());
    let (_, alone, stderr) = scan(&[&account, "--account-baseline"]);
    assert!(
        findings(&alone).is_empty(),
        "{stderr}: {:?}",
        findings(&alone)
    );
    let detach = plan(&[(
        "aws_iam_role_policy_attachment.support",
        &["delete"],
        json!({"id": "SupportResponders-20240101", "role": "SupportResponders",
               "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &detach);
    let (code, report, stderr) = scan(&[&account, &plan_path, "--account-baseline"]);
    assert_eq!(
        findings(&report),
        [("SUP001".to_owned(), "(scan)".to_owned())],
        "{stderr}"
    );
    assert_eq!(code, Some(1));
    // The same plan replacing the attachment keeps the account's support role.
    let replace = plan(&[(
        "aws_iam_role_policy_attachment.support",
        &["delete", "create"],
        json!({"role": "SupportResponders", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &replace);
    let (_, report, _) = scan(&[&account, &plan_path, "--account-baseline"]);
    assert!(findings(&report).is_empty(), "{:?}", findings(&report));
    // A plan deleting the role itself takes its attachments with it.
    let delete_role = plan(&[(
        "aws_iam_role.support",
        &["delete"],
        json!({"name": "SupportResponders", "path": "/", "arn": format!("arn:aws:iam::{ACCOUNT}:role/SupportResponders"),
               "assume_role_policy": "{}", "managed_policy_arns": ["arn:aws:iam::aws:policy/AWSSupportAccess"]}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &delete_role);
    let (_, report, _) = scan(&[&account, &plan_path, "--account-baseline"]);
    assert_eq!(
        findings(&report),
        [("SUP001".to_owned(), "(scan)".to_owned())]
    );
}

#[test]
fn a_plan_attaching_support_access_to_an_existing_user_is_the_plans_finding() {
    let dir = tempfile::tempdir().unwrap();
    let account = write(dir.path(), "iam.json", &small_account());
    let attach = plan(&[(
        "aws_iam_user_policy_attachment.carol_support",
        &["create"],
        json!({"user": "carol", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &attach);
    let (_, report, stderr) = scan(&[&account, &plan_path]);
    assert_eq!(
        findings(&report),
        [(
            "SUP004".to_owned(),
            "aws_iam_user_policy_attachment.carol_support".to_owned()
        )],
        "{stderr}"
    );
    let sup004 = finding(&report, "SUP004");
    assert_eq!(sup004["file"], plan_path.as_str());
    let message = sup004["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("User `arn:aws:iam::{ACCOUNT}:user/carol`")),
        "{message}"
    );
    assert!(!message.contains("not declared"), "{message}");
}

#[test]
fn what_the_code_declares_is_the_codes_and_the_accounts_attachments_stay() {
    let dir = tempfile::tempdir().unwrap();
    let account = write(dir.path(), "iam.json", &small_account());
    // The plan manages the support role (trust opened to everyone) but not its
    // attachment: the account's AWSSupportAccess still makes it a support role.
    let open = plan(&[(
        "aws_iam_role.support",
        &["update"],
        json!({"name": "SupportResponders", "path": "/", "arn": format!("arn:aws:iam::{ACCOUNT}:role/SupportResponders"),
               "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}",
               "managed_policy_arns": []}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &open);
    let (_, report, stderr) = scan(&[&account, &plan_path]);
    assert_eq!(
        findings(&report),
        [("SUP002".to_owned(), "aws_iam_role.support".to_owned())],
        "{stderr}"
    );
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["graph", "--format", "json", &account, &plan_path])
        .output()
        .unwrap();
    let graph: Value = serde_json::from_slice(&output.stdout).unwrap();
    let roles: Vec<&Value> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|node| {
            node["type"] == "role" && node["name"]["term"]["value"] == "SupportResponders"
        })
        .collect();
    assert_eq!(roles.len(), 1, "one role, the code's");
    assert_eq!(roles[0]["origin"]["address"], "aws_iam_role.support");
    // An exclusive form of the plan supersedes the account's attachments.
    let exclusive = plan(&[(
        "aws_iam_role_policy_attachments_exclusive.support",
        &["create"],
        json!({"role_name": "SupportResponders", "policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &exclusive);
    let (_, report, _) = scan(&[&account, &plan_path, "--account-baseline"]);
    assert_eq!(
        findings(&report),
        [("SUP001".to_owned(), "(scan)".to_owned())]
    );
}

#[test]
fn inputs_of_two_accounts_are_an_error_unless_one_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let prod = write(dir.path(), "prod.json", &small_account());
    let dev = write(
        dir.path(),
        "dev.json",
        &small_account().replace(ACCOUNT, "444455556666"),
    );
    let (code, report, stderr) = scan(&[&prod, &dev]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(problem_codes(&report), ["accounts-mixed"]);
    assert!(stderr.contains("one scan judges one account"), "{stderr}");
    assert!(
        stderr.contains("--account 111122223333") || stderr.contains("--account 444455556666"),
        "{stderr}"
    );
    let (code, report, stderr) = scan(&[&prod, &dev, "--account", "444455556666"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(problem_codes(&report), ["account-left-out"]);
    assert!(stderr.contains("prod.json:"), "{stderr}");
    assert_eq!(report["summary"]["account_snapshots"], 1);
    // A plan names its account in its IAM ARNs.
    let other = plan(&[(
        "aws_iam_role.r",
        &["create"],
        json!({"name": "r", "arn": "arn:aws:iam::444455556666:role/r", "assume_role_policy": "{}"}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &other);
    let (code, report, _) = scan(&[&prod, &plan_path]);
    assert_eq!(code, Some(2));
    assert_eq!(problem_codes(&report), ["accounts-mixed"]);
    // A template names no account: it joins any.
    let template = write(
        dir.path(),
        "stack.yaml",
        "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n",
    );
    let (code, _, stderr) = scan(&[&prod, &template]);
    assert_eq!(code, Some(0), "{stderr}");
}

fn graph(args: &[&str]) -> Value {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["graph", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_attachment_form_of_a_snapshot_is_an_edge_at_its_entry() {
    let graph = graph(&[&snapshot("account.json"), &snapshot("slack-channels.json")]);
    let mut forms: Vec<&str> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["via"]["form"].as_str().unwrap())
        .collect();
    forms.sort();
    forms.dedup();
    assert_eq!(
        forms,
        [
            "GroupDetail.AttachedManagedPolicies",
            "GroupDetail.GroupPolicyList",
            "RoleDetail.AttachedManagedPolicies",
            "RoleDetail.PermissionsBoundary",
            "RoleDetail.RolePolicyList",
            "SlackChannelConfiguration.channelRoleArn",
            "UserDetail.AttachedManagedPolicies",
            "UserDetail.GroupList",
            "UserDetail.PermissionsBoundary",
            "UserDetail.UserPolicyList",
        ]
    );
    let nodes = graph["nodes"].as_array().unwrap();
    let node = |address: &str| {
        nodes
            .iter()
            .find(|node| node["origin"]["address"] == address)
            .unwrap_or_else(|| panic!("no {address}"))
    };
    // Roles keep their path, service-linked roles their service; policies their default
    // document only; AWS managed policies come from the embedded catalog.
    let slr = node(&format!(
        "arn:aws:iam::{ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"
    ));
    assert_eq!(
        slr["service_linked"]["term"]["value"],
        "support.amazonaws.com"
    );
    assert_eq!(slr["origin"]["resource_type"], "RoleDetail");
    let audit = node(&format!(
        "arn:aws:iam::{ACCOUNT}:policy/audit/AuditReadOnly"
    ));
    assert_eq!(audit["kind"]["path"]["value"], "/audit/");
    let text = audit["document"].to_string();
    assert!(
        text.contains("cloudtrail:LookupEvents") && !text.contains("support:*"),
        "{text}"
    );
    let managed: Vec<&Value> = nodes
        .iter()
        .filter(|node| node["kind"]["kind"] == "aws-managed")
        .collect();
    assert!(
        managed
            .iter()
            .all(|node| node["document"]["embedded"].is_string())
    );
    let channel = node("slack-channel/T012ABCDEFG/C01234A5BCD");
    assert_eq!(channel["type"], "slack-channel");
}

#[test]
fn an_aws_managed_policy_the_catalog_lacks_is_read_from_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let text = json!({
        "RoleDetailList": [{"Path": "/", "RoleName": "SlackSupport", "Arn": format!("arn:aws:iam::{ACCOUNT}:role/SlackSupport"),
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "supportapp.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "AttachedManagedPolicies": [{"PolicyName": "AWSSupportAppNewerAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/AWSSupportAppNewerAccess"}]}],
        "Policies": [{"PolicyName": "AWSSupportAppNewerAccess", "Arn": "arn:aws:iam::aws:policy/AWSSupportAppNewerAccess",
            "Path": "/", "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
                "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]}]
    });
    let path = write(dir.path(), "iam.json", &text.to_string());
    let (_, report, stderr) = scan(&[&path]);
    assert!(problem_codes(&report).is_empty(), "{stderr}");
    let app002 = finding(&report, "APP002");
    assert!(
        app002["message"].as_str().unwrap().contains("s3:"),
        "{app002}"
    );
}

#[test]
fn text_from_a_snapshot_never_reaches_the_terminal_raw_and_nesting_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[2Jrole";
    let text = json!({"RoleDetailList": [{"Path": "/", "RoleName": name,
        "Arn": format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": "*", "Action": "sts:AssumeRole"}]},
        "AttachedManagedPolicies": [{"PolicyName": "AWSSupportAccess", "PolicyArn": "arn:aws:iam::aws:policy/AWSSupportAccess"}]}]});
    let path = write(dir.path(), "iam.json", &text.to_string());
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", &path, "--color", "never"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("SUP002"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && stdout.contains("\\u{1b}"),
        "{stdout}"
    );
    // A document nested past serde_json's limit is a positioned error, not a crash.
    let deep = format!(
        "{{\"RoleDetailList\": [{{\"Arn\": \"arn:aws:iam::{ACCOUNT}:role/r\", \"RoleName\": \"r\", \"AssumeRolePolicyDocument\": {}1{}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let path = write(dir.path(), "deep.json", &deep);
    let (code, report, stderr) = scan(&[&path]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(problem_codes(&report)[0], "parse-error", "{stderr}");
    assert!(stderr.contains("deep.json:1:"), "{stderr}");
    // A plan that forgets the account's support role (a `removed` block) is read as
    // the spec says: what a plan deletes or forgets is removed from the account.
    let account = write(dir.path(), "account.json", &small_account());
    let forget = plan(&[(
        "aws_iam_role.support",
        &["forget"],
        json!({"name": "SupportResponders", "path": "/", "assume_role_policy": "{}"}),
    )]);
    let plan_path = write(dir.path(), "plan.json", &forget);
    let (_, report, _) = scan(&[&account, &plan_path, "--account-baseline"]);
    assert_eq!(
        findings(&report),
        [("SUP001".to_owned(), "(scan)".to_owned())]
    );
}
