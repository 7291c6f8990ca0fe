//! Hostile inputs (issue 13): a pull request writes the files supportscan reads, so none of
//! them may drive the reader's terminal or CI log, read outside the repository, outgrow
//! the input limit, flood standard error, or leave files behind. Every hostile input is
//! generated here, small, beside a good one whose findings must survive.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const EXAMPLE: &str = include_str!("../testdata/examples/support-baseline.template.yaml");

/// The time a hostile input may take: 5 s for a release build; a debug build on a loaded
/// machine is several times slower, and the budget then only guards against a hang.
const BUDGET: Duration = Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 5 });

/// Runs `supportscan` in `dir` with `args`, checking it ends within the [`BUDGET`].
fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_with_stdin(dir, args, None, BUDGET)
}

/// Runs `supportscan` in `dir` with `args` and standard input from `stdin`, checking it
/// ends within `budget`.
fn run_with_stdin(dir: &Path, args: &[&str], stdin: Option<&Path>, budget: Duration) -> Output {
    let started = Instant::now();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("supportscan"));
    command.current_dir(dir).args(args);
    // A file, not a pipe fed by this process: the child reads `/dev/zero` itself.
    command.stdin(match stdin {
        Some(path) => Stdio::from(fs::File::open(path).unwrap()),
        None => Stdio::null(),
    });
    let output = command.output().unwrap();
    assert!(started.elapsed() < budget, "took {:?}", started.elapsed());
    output
}

/// The example template with a Sid, and a comment in the drawn frame, full of controls:
/// clear screen, window title, carriage return, bidi override, a C1 CSI.
fn hostile_template() -> String {
    EXAMPLE.replace(
        "- Sid: Everything",
        "- Sid: \"Every\\e[2J\\e]0;pwn\\a\\rthing\\u202e\\x9b\\n::error::x\" # \u{1b}[2J\u{1b}]0;pwn\u{7} \u{202e} \u{9b}\u{200b}",
    )
}

/// Asserts `bytes` is UTF-8 with no control or invisible character but the newline.
fn assert_visible(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && supportscan::visible::is_hidden(c))
    {
        panic!("{what} holds {c:?} raw:\n{text}");
    }
}

#[test]
fn no_human_facing_format_lets_control_characters_through() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("hostile.yaml"), hostile_template()).unwrap();
    // Invalid UTF-8: a raw 0x9b (an 8-bit CSI) and ESC in a file that cannot be decoded.
    fs::write(
        dir.path().join("bad.template.yaml"),
        b"Resources: \x9b\x1b[2J\n",
    )
    .unwrap();
    for format in ["text", "github", "markdown"] {
        let output = run_in(
            dir.path(),
            &[
                "scan",
                "--format",
                format,
                "hostile.yaml",
                "bad.template.yaml",
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert_visible(&output.stdout, &format!("{format} report"));
        assert_visible(&output.stderr, &format!("{format} diagnostics"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains(r"Every\u{1b}[2J\u{1b}]0;pwn\u{7}")
                || stdout.contains(r"Every\\u{1b}\[2J\\u{1b}\]0;pwn\\u{7}"),
            "{format}: the Sid is shown escaped:\n{stdout}"
        );
        // The other findings are kept.
        assert!(stdout.contains("SUP004"), "{format}:\n{stdout}");
        if format == "github" {
            assert_eq!(
                stdout.lines().filter(|l| l.starts_with("::")).count(),
                stdout.lines().count(),
                "every line is one of our commands:\n{stdout}"
            );
        }
    }
    let graph = run_in(dir.path(), &["graph", "hostile.yaml"]);
    assert_visible(&graph.stdout, "graph text");
    let text = run_in(dir.path(), &["scan", "hostile.yaml"]);
    let frame = String::from_utf8_lossy(&text.stdout);
    assert!(
        frame.contains(r"# \u{1b}[2J\u{1b}]0;pwn\u{7} \u{202e} \u{9b}\u{200b}"),
        "the comment in the code frame is escaped:\n{frame}"
    );
    let problems = String::from_utf8_lossy(&text.stderr);
    assert!(problems.is_empty(), "{problems}");
    let bad = run_in(dir.path(), &["scan", "bad.template.yaml"]);
    let problems = String::from_utf8_lossy(&bad.stderr);
    assert!(
        problems.contains("not valid UTF-8 (byte 0x9B)") && problems.contains(r"\u{1b}[2J"),
        "{problems}"
    );
}

/// Findings of a JSON report as `rule resource` lines.
fn findings(output: &Output) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["resource"]))
        .collect()
}

#[cfg(unix)]
#[test]
fn endless_devices_stop_at_the_input_limit_and_the_other_inputs_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.yaml"), EXAMPLE).unwrap();
    let alone = findings(&run_in(
        dir.path(),
        &["scan", "--format", "json", "good.yaml"],
    ));
    assert_eq!(alone.len(), 2, "{alone:?}");
    // Reading 1 GiB of zeros costs about a CPU-second.
    let zero = Path::new("/dev/zero");
    for (args, stdin) in [
        (["scan", "--format", "json", "-", "good.yaml"], Some(zero)),
        (["scan", "--format", "json", "/dev/zero", "good.yaml"], None),
    ] {
        let output = run_with_stdin(dir.path(), &args, stdin, BUDGET);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("larger than the input limit of 1024 MiB"),
            "{stderr}"
        );
        assert_eq!(findings(&output), alone);
    }
}

#[cfg(unix)]
#[test]
fn a_directory_walk_never_opens_a_fifo_or_a_link_to_a_device() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.yaml"), EXAMPLE).unwrap();
    let fifo = dir.path().join("plan.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.template.yaml")).unwrap();
    let output = run_in(dir.path(), &["scan", "--format", "json", "."]);
    assert_eq!(output.status.code(), Some(1), "{:?}", output);
    assert_eq!(findings(&output).len(), 2);
}

#[cfg(unix)]
#[test]
fn the_tf_lookup_reads_nothing_outside_the_repository_and_no_fifo_or_device() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.tf"),
        "resource \"aws_iam_user\" \"oncall\" {}\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    fs::create_dir(repo.join(".git")).unwrap();
    fs::copy(
        "testdata/examples/support-baseline.tfplan.json",
        repo.join("plan.json"),
    )
    .unwrap();
    fs::write(
        repo.join("main.tf"),
        "module \"support_app\" {\n  source = \"./app\"\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.join("app")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.tf"), repo.join("users.tf")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", repo.join("zero.tf")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(repo.join("pipe.tf"))
            .status()
            .unwrap()
            .success()
    );
    let output = run_in(repo, &["scan", "--format", "sarif", "plan.json"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let sarif = String::from_utf8_lossy(&output.stdout);
    let secret = outside.path().display().to_string();
    assert!(!sarif.contains(&secret), "{sarif}");
    assert_eq!(sarif.matches("tf-source-refused").count(), 4, "{sarif}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("module source `./app` is not followed for source positions")
            && stderr.contains("main.tf:2:12")
            && stderr.contains("not a regular file (a FIFO)"),
        "{stderr}"
    );
    // Both findings stay in the plan (and so does the evidence they link to).
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{sarif}");
    for result in results {
        let related = result["relatedLocations"].as_array().into_iter().flatten();
        for location in result["locations"]
            .as_array()
            .unwrap()
            .iter()
            .chain(related)
        {
            assert_eq!(
                location["physicalLocation"]["artifactLocation"]["uri"], "plan.json",
                "{sarif}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn rules_test_reads_inputs_only_inside_its_directory() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("stack.yaml"), EXAMPLE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    fs::write(
        rules.join("ACME1-any.rule"),
        "rule ACME1 open-support-role {\n  level: error\n  security-severity: 8.0\n  scope: resource\n  summary: \"s\"\n  description: \"d\"\n  help: \"h\"\n}\nfor role in roles when is_support_role(role) {\n  let open = role.trust.statements[ admits_anyone(this) ]\n  require empty open at open[0] << {role.address} is open >>\n}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("stack.yaml"), rules.join("link.yaml")).unwrap();
    fs::write(dir.path().join("beside.yaml"), EXAMPLE).unwrap();
    let case = |name: &str, input: &str| {
        format!("  - name: {name}\n    input: {input}\n    expect: [{{address: SupportAppRole}}]\n")
    };
    fs::write(
        rules.join("ACME1-any.tests.yaml"),
        format!(
            "rule: ACME1\ncases:\n{}{}{}",
            case("up", "../beside.yaml"),
            case("link", "link.yaml"),
            case(
                "absolute",
                &outside.path().join("stack.yaml").display().to_string()
            ),
        ),
    )
    .unwrap();
    let output = run_in(dir.path(), &["rules", "test", "rules"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_eq!(stdout.matches("it leads outside").count(), 3, "{stdout}");
}

#[test]
fn ten_thousand_duplicate_keys_print_twenty_warnings_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.yaml"), EXAMPLE).unwrap();
    let keys = "  Key: 1\n".repeat(10_000);
    let flood = EXAMPLE.replacen("Resources:", &format!("Metadata:\n{keys}Resources:"), 1);
    fs::write(dir.path().join("flood.yaml"), flood).unwrap();
    let json = run_in(
        dir.path(),
        &["scan", "--format", "json", "good.yaml", "flood.yaml"],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 9_999, "JSON keeps every problem");
    assert_eq!(report["summary"]["input_warnings"], 9_999);
    let stderr = String::from_utf8_lossy(&json.stderr);
    assert_eq!(
        stderr.matches("warning[duplicate-key]").count(),
        21,
        "{stderr}"
    );
    assert!(
        stderr.contains("and 9979 more `duplicate-key` warnings in this file"),
        "{stderr}"
    );
    assert!(stderr.len() < 64 * 1024, "{} bytes", stderr.len());
    for format in ["github", "markdown", "sarif"] {
        let output = run_in(
            dir.path(),
            &["scan", "--format", format, "good.yaml", "flood.yaml"],
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        // The code of 20 warnings, and the code and message of the one that counts the rest.
        assert_eq!(stdout.matches("duplicate-key").count(), 22, "{format}");
        assert!(stdout.contains("and 9979 more"), "{format}");
        assert!(stdout.contains("SUP004"), "{format}: the findings are kept");
    }
}

#[test]
fn a_resource_with_forty_thousand_unknown_attributes_loads_in_linear_time() {
    // Unknown attributes are absent from the planned values and added to them one by one:
    // with a search of the planned attributes for each, 40,000 of each took minutes.
    // The same inside a block of the resource (its tags).
    let count = 40_000;
    let entries = |prefix: &str, value: serde_json::Value| -> serde_json::Map<_, _> {
        (0..count)
            .map(|i| (format!("{prefix}_{i}"), value.clone()))
            .collect()
    };
    let mut after = entries("known", serde_json::json!("v"));
    after.insert("name".to_owned(), serde_json::json!("wide"));
    after.insert(
        "tags".to_owned(),
        entries("known", serde_json::json!("v")).into(),
    );
    let mut unknown = entries("unknown", serde_json::json!(true));
    unknown.insert(
        "tags".to_owned(),
        entries("unknown", serde_json::json!(true)).into(),
    );
    let resource = |values: &serde_json::Map<String, serde_json::Value>| {
        serde_json::json!({
            "address": "aws_iam_role.wide", "mode": "managed", "type": "aws_iam_role",
            "name": "wide", "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0, "values": values, "sensitive_values": {}
        })
    };
    let plan = serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.11.0",
        "planned_values": {"root_module": {"resources": [resource(&after)]}},
        "resource_changes": [{
            "address": "aws_iam_role.wide", "mode": "managed", "type": "aws_iam_role",
            "name": "wide", "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"], "before": null, "after": after,
                "after_unknown": unknown, "before_sensitive": false, "after_sensitive": {}
            }
        }]
    });
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.yaml"), EXAMPLE).unwrap();
    fs::write(dir.path().join("wide.tfplan.json"), plan.to_string()).unwrap();
    let output = run_in(
        dir.path(),
        &["scan", "--format", "json", "good.yaml", "wide.tfplan.json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["problems"],
        serde_json::json!([]),
        "the wide plan loads"
    );
    assert!(
        findings(&output)
            .iter()
            .any(|found| found.contains("SUP004")),
        "the other input's findings are kept: {:?}",
        findings(&output)
    );
}
