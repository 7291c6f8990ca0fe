//! SARIF as GitHub code scanning ingests it: the category, fingerprints that survive
//! unrelated edits, paths from the repository root, and where a finding points.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// `supportscan scan ARGS --format sarif` run in `dir`, parsed.
fn sarif_in(dir: &Path, args: &[&str]) -> Value {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--format", "sarif", "--fail-on", "none"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn examples(args: &[&str]) -> Value {
    let mut all = vec!["testdata/examples"];
    all.extend(args);
    sarif_in(Path::new("."), &all)
}

#[test]
fn a_category_is_written_only_when_given() {
    let run = &examples(&[])["runs"][0];
    assert!(run.get("automationDetails").is_none(), "{run:#}");
    let run = &examples(&["--category", "terraform"])["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "terraform/");
    let run = &examples(&["--category", "infra/prod/"])["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "infra/prod/");
}

#[test]
fn rule_help_is_plain_text_and_markdown() {
    let sarif = examples(&[]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for rule in rules {
        let text = rule["help"]["text"].as_str().unwrap();
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains("## What it flags"), "{}", rule["id"]);
        assert!(markdown.contains("```"), "{}", rule["id"]);
        assert!(!text.contains("```"), "{}: {text}", rule["id"]);
        assert!(!text.contains("## "), "{}: {text}", rule["id"]);
        assert!(!text.contains('`'), "{}: {text}", rule["id"]);
        assert!(text.starts_with("What it flags\n-------------\n"), "{text}");
    }
}

#[test]
fn every_shipped_rule_links_the_aws_page_it_derives_from() {
    let sarif = examples(&[]);
    let driver = &sarif["runs"][0]["tool"]["driver"];
    // No public home page is settled yet (Cargo.toml has no `homepage`), so none is claimed.
    assert!(driver.get("informationUri").is_none(), "{driver:#}");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 14);
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"].as_str().unwrap_or_default();
        let page = match &id[..3] {
            _ if id == "SUP001" => "/securityhub/latest/userguide/iam-controls.html#iam-18",
            "SUP" => "/awssupport/latest/user/security_iam_service-with-iam.html",
            "APP" => "/awssupport/latest/user/support-app-permissions.html",
            _ => "/awssupport/latest/user/using-service-linked-roles-sup.html",
        };
        assert_eq!(uri, format!("https://docs.aws.amazon.com{page}"), "{id}");
    }
}

#[test]
fn messages_link_the_evidence_they_name_to_its_place() {
    let sarif = examples(&[]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut linked = 0;
    for result in results {
        let text = result["message"]["text"].as_str().unwrap();
        let related = result["relatedLocations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (index, location) in related.iter().enumerate() {
            let id = index + 1;
            assert_eq!(location["id"], id);
            let named = location["message"]["text"].as_str().unwrap();
            // Each related location is linked from the message by the words that name it.
            assert!(text.contains(&format!("[{named}]({id})")), "{text}");
            // And it is where those words point: the line holds the named thing.
            let uri = location["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            let line = location["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap();
            let source = std::fs::read_to_string(uri).unwrap();
            // The line it starts on and the next (a plan's resource starts at its `{`).
            let written: String = source.lines().skip(line as usize - 1).take(2).collect();
            let primary = &result["locations"][0]["physicalLocation"]["region"];
            assert_ne!(primary["startLine"].as_u64(), Some(line), "{result:#}");
            match result["ruleId"].as_str().unwrap() {
                "APP003" => assert!(
                    written.contains(&format!("\"address\": \"{named}\"")),
                    "{written}"
                ),
                "APP002" => assert!(written.contains("PolicyName: support-app"), "{written}"),
                other => panic!("{other} links {named} unexpectedly"),
            }
            linked += 1;
        }
        if related.is_empty() {
            assert!(!text.contains("](1)"), "{text}");
        }
    }
    // The template's APP002 (an inline policy) and the plan's APP003 (a managed policy).
    assert_eq!(linked, 2);
}

/// An open support role: one SUP002 finding.
const OPEN_ROLE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  SupportRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: \"*\"\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AWSSupportAccess\n";

/// A git checkout (its `.git` a file, as in a worktree) with `infra/stack.yaml` and
/// `cfn/other.yaml`, and a template outside it; the temporary directory and the
/// checkout's resolved path.
fn checkout() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("infra")).unwrap();
    std::fs::create_dir_all(repo.join("cfn")).unwrap();
    std::fs::write(
        repo.join(".git"),
        "gitdir: /elsewhere/.git/worktrees/repo\n",
    )
    .unwrap();
    std::fs::write(repo.join("infra/stack.yaml"), OPEN_ROLE).unwrap();
    std::fs::write(repo.join("cfn/other.yaml"), OPEN_ROLE).unwrap();
    std::fs::write(dir.path().join("outside.yaml"), OPEN_ROLE).unwrap();
    let repo = std::fs::canonicalize(repo).unwrap();
    (dir, repo)
}

fn uris(sarif: &Value) -> Vec<Value> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["locations"][0]["physicalLocation"]["artifactLocation"].clone())
        .collect()
}

#[test]
fn paths_are_relative_to_the_repository_root_from_any_directory() {
    let (_dir, repo) = checkout();
    let infra = repo.join("infra");
    let sarif = sarif_in(&infra, &["."]);
    let run = &sarif["runs"][0];
    let root_uri = format!("file://{}/", repo.display());
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        root_uri.as_str()
    );
    assert_eq!(
        run["invocations"][0]["workingDirectory"]["uri"],
        format!("{root_uri}infra/").as_str()
    );
    assert_eq!(
        uris(&sarif),
        [serde_json::json!({"uri": "infra/stack.yaml", "uriBaseId": "%SRCROOT%"})]
    );
    // `../x` is still inside the checkout; an absolute path inside it is made relative;
    // a file outside it keeps its absolute path as a file URI.
    let outside = repo.parent().unwrap().join("outside.yaml");
    let inside = repo.join("infra/stack.yaml");
    let sarif = sarif_in(
        &infra,
        &[
            "../cfn/other.yaml",
            inside.to_str().unwrap(),
            outside.to_str().unwrap(),
        ],
    );
    let mut found: Vec<String> = uris(&sarif)
        .iter()
        .map(|location| {
            format!(
                "{} {}",
                location["uri"].as_str().unwrap(),
                location["uriBaseId"].as_str().unwrap_or("-")
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "cfn/other.yaml %SRCROOT%".to_owned(),
            format!("file://{} -", outside.display()),
            "infra/stack.yaml %SRCROOT%".to_owned(),
        ]
    );
    // Annotations name the same files.
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(&infra)
        .args(["scan", ".", "--format", "github"])
        .output()
        .unwrap();
    let annotations = String::from_utf8(output.stdout).unwrap();
    assert!(
        annotations.starts_with("::error file=infra/stack.yaml,line="),
        "{annotations}"
    );
}

#[test]
fn a_source_root_replaces_the_git_top_level() {
    let (_dir, repo) = checkout();
    let sarif = sarif_in(&repo.join("infra"), &[".", "--source-root", "."]);
    assert_eq!(
        uris(&sarif),
        [serde_json::json!({"uri": "stack.yaml", "uriBaseId": "%SRCROOT%"})]
    );
    assert_eq!(
        sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/infra/", repo.display()).as_str()
    );
    Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(&repo)
        .args(["scan", ".", "--source-root", "missing"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--source-root missing"));
}

/// The fingerprints of a SARIF log, sorted.
fn fingerprints(sarif: &Value) -> Vec<String> {
    let mut prints: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            result["partialFingerprints"]["supportscan/v1"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    prints.sort();
    prints
}

#[test]
fn baselines_match_from_any_directory_and_old_baselines_still_match() {
    let (_dir, repo) = checkout();
    let from_root = sarif_in(&repo, &["infra/stack.yaml"]);
    let from_infra = sarif_in(&repo.join("infra"), &["stack.yaml"]);
    assert_eq!(fingerprints(&from_root), fingerprints(&from_infra));
    std::fs::write(repo.join("base.sarif"), from_root.to_string()).unwrap();
    let gate = |dir: &Path, args: &[&str]| {
        Command::cargo_bin("supportscan")
            .unwrap()
            .current_dir(dir)
            .arg("scan")
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(gate(&repo.join("infra"), &["stack.yaml"]), Some(1));
    assert_eq!(
        gate(
            &repo.join("infra"),
            &["stack.yaml", "--baseline", "../base.sarif"]
        ),
        Some(0)
    );
    // A baseline written when fingerprints took the path as the user named it (here:
    // `stack.yaml`, run in infra/) still matches a scan run the same way.
    let old = sarif_in(&repo.join("infra"), &["stack.yaml", "--source-root", "."]);
    assert_ne!(fingerprints(&old), fingerprints(&from_root));
    std::fs::write(repo.join("old.sarif"), old.to_string()).unwrap();
    assert_eq!(
        gate(
            &repo.join("infra"),
            &["stack.yaml", "--baseline", "../old.sarif"]
        ),
        Some(0)
    );
}

/// `(rule, primaryLocationLineHash)` of every result of a scan of `name` holding `text`.
fn line_hashes(name: &str, text: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let sarif = sarif_in(dir.path(), &[name]);
    let mut hashes: Vec<(String, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["ruleId"].as_str().unwrap().to_owned(),
                result["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    hashes.sort();
    hashes
}

#[test]
fn line_hashes_survive_unrelated_edits_of_a_template() {
    let before = line_hashes("stack.yaml", OPEN_ROLE);
    assert_eq!(before.len(), 1);
    let (_, hash) = &before[0];
    // GitHub's form: 16 hex digits, `:`, the occurrence.
    assert_eq!(hash.len(), 18, "{hash}");
    assert!(hash.ends_with(":1") && hash[..16].bytes().all(|b| b.is_ascii_hexdigit()));
    // Lines added above, a description changed, another resource declared.
    let edited = OPEN_ROLE
        .replace(
            "Resources:\n",
            "Description: support roles\n# reviewed\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n",
        )
        .replace(
            "    Properties:\n      AssumeRolePolicyDocument:",
            "    Properties:\n      Description: on call\n      AssumeRolePolicyDocument:",
        );
    assert_eq!(line_hashes("stack.yaml", &edited), before);
    // Another open role is another alert.
    let two = format!(
        "{OPEN_ROLE}{}",
        OPEN_ROLE
            .split_once("Resources:\n")
            .unwrap()
            .1
            .replace("SupportRole:", "OtherRole:")
    );
    let after = line_hashes("stack.yaml", &two);
    assert_eq!(after.len(), 2);
    assert!(after.contains(&before[0]), "{after:?}");
    assert_ne!(after[0].1, after[1].1);
}

#[test]
fn line_hashes_survive_unrelated_edits_of_a_one_line_plan() {
    let text = std::fs::read_to_string("testdata/examples/support-baseline.tfplan.json").unwrap();
    let before = line_hashes("plan.json", &text);
    assert_eq!(before.len(), 2, "{before:?}");
    assert_ne!(before[0].1, before[1].1);
    // As `terraform show -json` writes it (one line), with a resource added in front and
    // an unrelated attribute changed.
    let mut plan: Value = serde_json::from_str(&text).unwrap();
    let changes = plan["resource_changes"].as_array_mut().unwrap();
    let mut bucket = changes[0].clone();
    bucket["address"] = "aws_s3_bucket.logs".into();
    bucket["type"] = "aws_s3_bucket".into();
    bucket["name"] = "logs".into();
    changes.insert(0, bucket);
    for change in changes.iter_mut() {
        if change["type"] == "aws_iam_role" {
            change["change"]["after"]["description"] = "edited".into();
        }
    }
    let one_line = serde_json::to_string(&plan).unwrap();
    assert_eq!(one_line.lines().count(), 1);
    assert_eq!(line_hashes("plan.json", &one_line), before);
}
