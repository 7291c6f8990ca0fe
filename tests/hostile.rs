//! Hostile inputs (issue 13): a pull request writes the files supportscan reads, so none of
//! them may drive the reader's terminal or CI log, read outside the repository, outgrow
//! the input limit, flood standard error, or leave files behind. Every hostile input is
//! generated here, small, beside a good one whose findings must survive.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

const EXAMPLE: &str = include_str!("../testdata/examples/support-baseline.template.yaml");

/// Runs `supportscan` in `dir` with `args`, checking it ends within the 5 s budget.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let started = Instant::now();
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
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
