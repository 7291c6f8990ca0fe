//! The parser over the shared corpus of real templates (ignored by default: it needs
//! /work/shared/corpus and takes a while). Run it with
//! `cargo test --release corpus -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use super::padding::Padding;
use super::reindent::{MAX_CURES, cure};
use super::{attempt, parse};
use crate::source::{FileId, SourceFile};

const CORPUS: &str = "/work/shared/corpus";
const FOLDERS: [&str; 5] = ["cfn-json", "cfn-yaml", "sam", "cdk", "bad"];

#[test]
#[ignore = "needs the shared corpus; run in release"]
fn corpus_templates_parse_as_the_manifest_expects() {
    let manifest = std::fs::read_to_string(Path::new(CORPUS).join("MANIFEST.tsv")).unwrap();
    let mut counts: BTreeMap<(String, String, &str), usize> = BTreeMap::new();
    let mut warning_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut load_failures = Vec::new();
    let mut rejects = Vec::new();
    let mut unknown_tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut largest: Option<(usize, String)> = None;
    let mut reindented = Vec::new();
    for line in manifest.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, folder, expect] = fields[..] else {
            continue;
        };
        if !FOLDERS.contains(&folder) {
            continue;
        }
        let bytes = std::fs::read(Path::new(CORPUS).join(path)).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            *counts
                .entry((folder.into(), expect.into(), "not utf-8"))
                .or_default() += 1;
            continue;
        };
        if largest.as_ref().is_none_or(|(size, _)| text.len() > *size) {
            largest = Some((text.len(), path.to_owned()));
        }
        let file = SourceFile::new(path, text);
        let outcome = parse(&file, FileId(0));
        let verdict = if outcome.is_ok() { "parses" } else { "fails" };
        *counts
            .entry((folder.into(), expect.into(), verdict))
            .or_default() += 1;
        match &outcome {
            Ok(parsed) => {
                if parsed.warnings.iter().any(|w| w.code == "yaml-indentation") {
                    reindented.push(path.to_owned());
                }
                for warning in &parsed.warnings {
                    *warning_counts.entry(warning.code).or_default() += 1;
                    if warning.code == "unknown-tag" {
                        let span = warning.span.unwrap();
                        let tag = file.text[span.range()].to_owned();
                        unknown_tags
                            .entry(tag)
                            .or_default()
                            .push(format!("{path} ({expect})"));
                    }
                }
            }
            Err(problem) => {
                let position = file.position(problem.span.unwrap().start);
                let described = format!(
                    "{path}:{}:{}: [{}] {}",
                    position.line, position.column, problem.code, problem.message
                );
                if expect == "load" {
                    load_failures.push(described);
                }
            }
        }
        if expect == "reject" {
            let result = match &outcome {
                Ok(_) => "PARSES".to_owned(),
                Err(problem) => {
                    let position = file.position(problem.span.unwrap().start);
                    format!(
                        "{}:{} [{}] {}",
                        position.line, position.column, problem.code, problem.message
                    )
                }
            };
            rejects.push(format!("{path}: {result}"));
        }
    }
    println!("\n== counts (folder, expect, outcome)");
    for ((folder, expect, verdict), count) in &counts {
        println!("{folder:10} {expect:7} {verdict:8} {count}");
    }
    println!("\n== warnings by code: {warning_counts:?}");
    println!("\n== unknown tags");
    for (tag, files) in &unknown_tags {
        println!("{tag}: {} uses, e.g. {}", files.len(), files[0]);
    }
    println!("\n== `load` files that fail ({})", load_failures.len());
    for failure in &load_failures {
        println!("{failure}");
    }
    println!("\n== `reject` files ({})", rejects.len());
    for reject in &rejects {
        println!("{reject}");
    }
    println!("\n== files read with padding ({})", reindented.len());
    for path in &reindented {
        report_reindented(path);
    }
    if let Some((size, path)) = largest {
        let file = SourceFile::new(
            &path,
            std::fs::read_to_string(Path::new(CORPUS).join(&path)).unwrap(),
        );
        let runs = 20;
        let started = Instant::now();
        for _ in 0..runs {
            let _ = parse(&file, FileId(0));
        }
        let each: Duration = started.elapsed() / runs;
        println!("\n== largest template: {path} ({size} bytes): {each:?} per parse");
        report_worst_case(&file.text);
    }
}

/// Prints the `yaml-indentation` warnings of one file and what the second reading costs:
/// the lenient parse against one parse of the padded text that it ends up reading.
fn report_reindented(path: &str) {
    let text = std::fs::read_to_string(Path::new(CORPUS).join(path)).unwrap();
    let file = SourceFile::new(path, text);
    let parsed = parse(&file, FileId(0)).unwrap();
    for warning in parsed
        .warnings
        .iter()
        .filter(|w| w.code == "yaml-indentation")
    {
        let position = file.position(warning.span.unwrap().start);
        println!(
            "{path}:{}:{}: {}",
            position.line, position.column, warning.message
        );
    }
    let no_padding = Padding::default();
    let refusal = attempt(&file.text, &file.text, &no_padding, 0, FileId(0), true).unwrap_err();
    let (padding, _) = cure(
        &file.text,
        (0, FileId(0), true),
        refusal.underindented.unwrap(),
    )
    .unwrap();
    let padded = padding.apply(&file.text);
    let runs = 20;
    let started = Instant::now();
    for _ in 0..runs {
        let _ = parse(&file, FileId(0));
    }
    let lenient = started.elapsed() / runs;
    let started = Instant::now();
    for _ in 0..runs {
        let _ = attempt(&padded, &file.text, &padding, 0, FileId(0), true);
    }
    let once = started.elapsed() / runs;
    println!(
        "    {} bytes, {} padded lines: {lenient:?} per lenient parse, {once:?} per parse of the padded text",
        file.text.len(),
        padding.len()
    );
}

/// Times the worst case of the second reading: a large template followed by more
/// under-indented strings than are cured, so every cure is tried and the file still fails.
fn report_worst_case(template: &str) {
    let mut text = template.trim_end().to_owned();
    text.push('\n');
    for i in 0..=MAX_CURES {
        text.push_str(&format!("Zz{i}: 'a\nb'\n"));
    }
    let file = SourceFile::new("worst.yaml", text);
    let started = Instant::now();
    let outcome = parse(&file, FileId(0));
    println!(
        "== worst case, {} bytes with {} under-indented strings: {:?} ({})",
        file.text.len(),
        MAX_CURES + 1,
        started.elapsed(),
        if outcome.is_ok() { "parses" } else { "fails" }
    );
}
