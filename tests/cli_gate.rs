//! The pull-request gate end to end: exit statuses for `--fail-on`, suppressions from
//! `.supportscan.toml` and from CloudFormation metadata, and `--baseline`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn supportscan(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("supportscan").unwrap();
    command.current_dir(dir);
    command
}

/// A group with AWSSupportAccess (SUP004, warning) and an App role with `s3:*` (APP002,
/// error); `metadata` goes on the group.
fn stack(metadata: &str) -> String {
    format!(
        "Resources:
  OnCall:
    Type: AWS::IAM::Group
{metadata}    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: supportapp.amazonaws.com}}, Action: sts:AssumeRole}}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAppReadOnlyAccess]
      Policies:
        - PolicyName: extra
          PolicyDocument:
            Statement:
              - {{Sid: Storage, Effect: Allow, Action: 's3:*', Resource: '*'}}
"
    )
}

fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).unwrap()
}

#[test]
fn fail_on_sets_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), stack("")).unwrap();
    for (fail_on, code) in [("error", 1), ("warning", 1), ("note", 1), ("none", 0)] {
        supportscan(dir.path())
            .args(["scan", "stack.yaml", "--fail-on", fail_on])
            .assert()
            .code(code);
    }
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--skip",
            "APP002",
            "--fail-on",
            "error",
        ])
        .assert()
        .code(0);
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--skip",
            "APP002",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(1);
}

#[test]
fn config_suppressions_accept_findings_and_report_expired_and_unused_ones() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), stack("")).unwrap();
    fs::write(
        dir.path().join(".supportscan.toml"),
        "[[suppress]]\nrule = \"APP002\"\nresource = \"App*\"\nreason = \"reports bucket, reviewed\"\n\n\
         [[suppress]]\nrule = \"SUP004\"\nreason = \"old\"\nexpires = \"2020-01-01\"\n\n\
         [[suppress]]\nrule = \"SUP002\"\nreason = \"nothing to match\"\n",
    )
    .unwrap();
    let output = supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--format",
            "json",
            "--fail-on",
            "error",
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("expired on 2020-01-01"))
        .stderr(predicate::str::contains(
            "suppression #3 (SUP002) matches no finding",
        ))
        .get_output()
        .stdout
        .clone();
    let report = json(&output);
    let findings = report["findings"].as_array().unwrap();
    let app = findings.iter().find(|f| f["rule"] == "APP002").unwrap();
    assert_eq!(app["suppressed"]["reason"], "reports bucket, reviewed");
    let sup = findings.iter().find(|f| f["rule"] == "SUP004").unwrap();
    assert!(
        sup["suppressed"].is_null(),
        "an expired suppression suppresses nothing"
    );
    assert_eq!(report["summary"]["suppressed"], 1);
    // SARIF leaves the suppressed finding out unless asked.
    let sarif = supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--format",
            "sarif",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap()
        .stdout;
    let rules: Vec<String> = json(&sarif)["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["SUP004"]);
    let sarif = supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--format",
            "sarif",
            "--fail-on",
            "none",
            "--include-suppressed",
        ])
        .output()
        .unwrap()
        .stdout;
    let results = json(&sarif)["runs"][0]["results"].clone();
    let app = results
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "APP002")
        .unwrap()
        .clone();
    assert_eq!(app["suppressions"][0]["kind"], "external");
    assert_eq!(
        app["suppressions"][0]["justification"],
        "reports bucket, reviewed"
    );
}

#[test]
fn a_malformed_config_exits_2_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), stack("")).unwrap();
    fs::write(
        dir.path().join(".supportscan.toml"),
        "[[suppress]]\nrule = \"APP002\"\n",
    )
    .unwrap();
    supportscan(dir.path())
        .args(["scan", "stack.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[suppression]: suppression #1 (APP002) is refused: it has no `reason`; say why the finding is accepted\n  ┌─ .supportscan.toml:1:1\n  │\n1 │ [[suppress]]\n  │ ^^^^^^^^^^^^",
        ));
    // A file that is not TOML is shown at its place, and nothing is scanned.
    fs::write(
        dir.path().join(".supportscan.toml"),
        "[[suppress]]\nrule = \n",
    )
    .unwrap();
    supportscan(dir.path())
        .args(["scan", "stack.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("┌─ .supportscan.toml:2:8"))
        .stdout("");
}

#[test]
fn metadata_suppressions_need_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let with_reason = "    Metadata:\n      supportscan:\n        suppress:\n          - {id: SUP004, reason: break-glass group}\n";
    fs::write(dir.path().join("stack.yaml"), stack(with_reason)).unwrap();
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--skip",
            "APP002",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("suppressed: break-glass group"));
    let without =
        "    Metadata:\n      supportscan:\n        suppress:\n          - {id: SUP004}\n";
    fs::write(dir.path().join("stack.yaml"), stack(without)).unwrap();
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--skip",
            "APP002",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[suppression]: the suppression of SUP004 on `OnCall` is refused: it has no `reason`",
        ))
        .stderr(predicate::str::contains("┌─ stack.yaml:7:13"))
        .stdout(predicate::str::contains("Group `OnCall` has AWSSupportAccess"));
}

/// One rule for every suppression, wherever it is written: without a reason (missing or
/// blank) or a rule ID, it is refused with an error at its place, the rest of the scan
/// goes on (the other suppressions apply, every finding is reported), and the exit status
/// is 2. Expired and unused suppressions are warnings at their file and line in every
/// report.
#[test]
fn every_suppression_without_a_reason_is_refused_alike() {
    let dir = tempfile::tempdir().unwrap();
    let metadata = "    Metadata:\n      supportscan:\n        suppress:\n          - {id: SUP004, reason: '  '}\n          - {reason: no rule}\n";
    fs::write(dir.path().join("stack.yaml"), stack(metadata)).unwrap();
    fs::write(
        dir.path().join(".supportscan.toml"),
        "[[suppress]]\nrule = \"APP002\"\nreason = \"\"\n\n\
         [[suppress]]\nrule = \"APP002\"\nresource = \"AppRole\"\nreason = \"reviewed\"\n\n\
         [[suppress]]\nrule = \"SUP002\"\nreason = \"old\"\nexpires = \"2020-01-01\"\n\n\
         [[suppress]]\nrule = \"SUP003\"\n\n\
         [[suppress]]\nrule = \"SUP005\"\nreason = \"nothing to match\"\n",
    )
    .unwrap();
    let args = ["scan", "stack.yaml", "--fail-on", "none"];
    supportscan(dir.path())
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[suppression]: suppression #1 (APP002) is refused: its `reason` is empty; say why the finding is accepted\n  ┌─ .supportscan.toml:3:10",
        ))
        .stderr(predicate::str::contains(
            "error[suppression]: suppression #4 (SUP003) is refused: it has no `reason`; say why the finding is accepted\n   ┌─ .supportscan.toml:15:1",
        ))
        .stderr(predicate::str::contains(
            "error[suppression]: the suppression of SUP004 on `OnCall` is refused: its `reason` is empty; say why the finding is accepted\n  ┌─ stack.yaml:7:13",
        ))
        .stderr(predicate::str::contains(
            "error[suppression]: the suppression on `OnCall` is refused: write it as `suppress: [{id: RULE_ID, reason: why the finding is accepted}]`",
        ))
        .stdout(predicate::str::contains("suppressed: reviewed"))
        .stdout(predicate::str::contains("Group `OnCall` has AWSSupportAccess"));
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let report = json(
        &supportscan(dir.path())
            .args(json_args)
            .output()
            .unwrap()
            .stdout,
    );
    let places: Vec<(String, String, u64, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["severity"].as_str().unwrap().to_owned(),
                p["file"].as_str().unwrap().to_owned(),
                p["line"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let at = |severity: &str, file: &str, line: u64, message: &str| {
        assert!(
            places
                .iter()
                .any(|p| p.0 == severity && p.1 == file && p.2 == line && p.3.contains(message)),
            "{severity} {file}:{line} {message}: {places:#?}"
        );
    };
    at(
        "error",
        ".supportscan.toml",
        3,
        "suppression #1 (APP002) is refused",
    );
    at(
        "warning",
        ".supportscan.toml",
        13,
        "suppression #3 (SUP002) expired on 2020-01-01",
    );
    at(
        "error",
        ".supportscan.toml",
        15,
        "suppression #4 (SUP003) is refused",
    );
    at(
        "warning",
        ".supportscan.toml",
        18,
        "suppression #5 (SUP005) matches no finding",
    );
    at(
        "error",
        "stack.yaml",
        7,
        "the suppression of SUP004 on `OnCall` is refused",
    );
    at(
        "error",
        "stack.yaml",
        8,
        "the suppression on `OnCall` is refused",
    );
    let mut github_args = args.to_vec();
    github_args.extend(["--format", "github"]);
    let annotations = String::from_utf8(
        supportscan(dir.path())
            .args(github_args)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        annotations.contains("::warning file=.supportscan.toml,line=13,col=11,title=supportscan suppression::suppression #3 (SUP002) expired"),
        "{annotations}"
    );
    assert!(
        annotations.contains("::warning file=.supportscan.toml,line=18,col=1,title=supportscan suppression::suppression #5 (SUP005) matches no finding"),
        "{annotations}"
    );
}

#[test]
fn a_baseline_gates_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), stack("")).unwrap();
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--skip",
            "APP002",
            "--format",
            "sarif",
            "-o",
            "base.sarif",
        ])
        .assert()
        .code(0);
    // The baseline knows SUP004; APP002 is new.
    let output = supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--baseline",
            "base.sarif",
            "--format",
            "json",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json(&output);
    let states: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["baseline_state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        states.contains(&("SUP004".into(), "unchanged".into())),
        "{states:?}"
    );
    assert!(
        states.contains(&("APP002".into(), "new".into())),
        "{states:?}"
    );
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--skip",
            "APP002",
            "--baseline",
            "base.sarif",
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("unchanged since the baseline"));
    supportscan(dir.path())
        .args(["scan", "stack.yaml", "--baseline", "missing.sarif"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--baseline missing.sarif"));
}

/// SARIF and JSON reports are the same bytes whatever the number of threads (the
/// timing in the JSON summary aside).
#[test]
fn reports_are_byte_identical_for_any_thread_count() {
    let here = Path::new(".");
    let run = |format: &str, jobs: &str| {
        supportscan(here)
            .args([
                "scan",
                "testdata",
                "rules",
                "--fail-on",
                "none",
                "--format",
                format,
                "-j",
                jobs,
            ])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("sarif", "1");
    assert!(String::from_utf8_lossy(&one).contains("\"ruleId\""));
    assert_eq!(one, run("sarif", "4"));
    let without_time = |bytes: Vec<u8>| {
        let mut report = json(&bytes);
        report["summary"]["elapsed_ms"] = serde_json::json!(0);
        report
    };
    assert_eq!(
        without_time(run("json", "1")),
        without_time(run("json", "4"))
    );
}

/// A suppression the file cannot express (a bad date or glob) makes the run untrusted,
/// shown at the value that is wrong.
#[test]
fn a_refused_suppression_exits_2_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), stack("")).unwrap();
    fs::write(
        dir.path().join(".supportscan.toml"),
        "account-baseline = false\n\n[[suppress]]\nrule = \"SUP004\"\nreason = \"r\"\nexpires = \"soon\"\n",
    )
    .unwrap();
    supportscan(dir.path())
        .args(["scan", "stack.yaml", "--fail-on", "none"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "suppression #1 (SUP004) is refused: `expires = \"soon\"` is not a date",
        ))
        .stderr(predicate::str::contains("┌─ .supportscan.toml:6:11"))
        .stdout(predicate::str::contains("could not be read").not());
}

/// Plan findings point at the `.tf` blocks of the plan's directory (or `--tf-source`),
/// through local modules; without configuration they stay in the plan.
#[test]
fn plan_findings_point_at_the_terraform_source() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        "testdata/examples/support-baseline.tfplan.json",
        dir.path().join("plan.json"),
    )
    .unwrap();
    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", "plan.json", "--format", "json", "--fail-on", "none"];
        args.extend(extra);
        let output = supportscan(dir.path()).args(&args).output().unwrap();
        let report = json(&output.stdout);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{}",
                    f["resource"].as_str().unwrap(),
                    f["file"].as_str().unwrap(),
                    f["line"]
                )
            })
            .collect::<Vec<_>>()
    };
    let in_plan = scan(&[]);
    assert!(
        in_plan.iter().all(|f| f.contains("plan.json:")),
        "{in_plan:?}"
    );
    let source = dir.path().join("src");
    fs::create_dir_all(source.join("modules/support_app")).unwrap();
    fs::write(
        source.join("main.tf"),
        "module \"support_app\" {\n  source = \"./modules/support_app\"\n}\n\nresource \"aws_iam_user\" \"oncall\" {\n  name = \"oncall\"\n}\n",
    )
    .unwrap();
    fs::write(
        source.join("modules/support_app/main.tf"),
        "# the App role\nresource \"aws_iam_role\" \"this\" {\n}\n",
    )
    .unwrap();
    let in_source = scan(&["--tf-source", "src"]);
    assert!(
        in_source.contains(&"aws_iam_user.oncall src/main.tf:5".to_owned()),
        "{in_source:?}"
    );
    assert!(
        in_source.contains(
            &"module.support_app.aws_iam_role.this src/modules/support_app/main.tf:2".to_owned()
        ),
        "{in_source:?}"
    );
    // With the attachment's block at hand, SUP004 points at its `policy_arn`, and APP003
    // at the policy attribute of the module's policy.
    fs::write(
        source.join("main.tf"),
        "module \"support_app\" {\n  source = \"./modules/support_app\"\n}\n\nresource \"aws_iam_user\" \"oncall\" {\n  name = \"oncall\"\n}\n\nresource \"aws_iam_user_policy_attachment\" \"oncall\" {\n  user       = aws_iam_user.oncall.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}\n",
    )
    .unwrap();
    fs::write(
        source.join("modules/support_app/main.tf"),
        "resource \"aws_iam_role\" \"this\" {\n}\n\nresource \"aws_iam_policy\" \"this\" {\n  name   = \"support-app-slack\"\n  policy = jsonencode({\n    Statement = []\n  })\n}\n",
    )
    .unwrap();
    let in_source = scan(&["--tf-source", "src"]);
    assert!(
        in_source.contains(&"aws_iam_user.oncall src/main.tf:11".to_owned()),
        "{in_source:?}"
    );
    assert!(
        in_source.contains(
            &"module.support_app.aws_iam_role.this src/modules/support_app/main.tf:6".to_owned()
        ),
        "{in_source:?}"
    );
}
