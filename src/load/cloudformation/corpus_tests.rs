//! Loads every JSON template of the shared corpus (`cfn-json` and `cdk`), through the test
//! JSON reader, and reports how many load; run with `cargo test -- --ignored corpus`.

use crate::load::cloudformation::load_template;
use crate::load::cloudformation::testing::try_node;
use crate::source::FileId;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CORPUS: &str = "/work/shared/corpus/data";

fn files_under(directory: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
#[ignore = "reads the shared corpus; run by hand"]
fn corpus_json_templates_load() {
    let mut files = Vec::new();
    for folder in ["cfn-json", "cdk"] {
        files_under(&Path::new(CORPUS).join(folder), &mut files);
    }
    files.sort();
    let (mut loaded, mut not_json, mut resources, mut warnings) = (0, 0, 0, 0);
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut warning_codes: BTreeMap<&str, usize> = BTreeMap::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(root) = try_node(text.trim_start_matches('\u{feff}')) else {
            not_json += 1;
            continue;
        };
        match load_template(&root, FileId(0)) {
            Ok(input) => {
                loaded += 1;
                resources += input.resources.len();
                warnings += input.problems.len();
                for problem in &input.problems {
                    if std::env::var_os("CORPUS_VERBOSE").is_some() {
                        println!("W {} {} {}", problem.code, problem.message, path.display());
                    }
                    *warning_codes.entry(problem.code).or_default() += 1;
                }
            }
            Err(problem) => errors
                .entry(format!("{}: {}", problem.code, problem.message))
                .or_default()
                .push(path.display().to_string()),
        }
    }
    let error_count: usize = errors.values().map(Vec::len).sum();
    println!(
        "{} files: {loaded} loaded ({resources} resources, {warnings} warnings), {error_count} errors, {not_json} not JSON",
        files.len()
    );
    println!("warnings by code: {warning_codes:?}");
    for (reason, paths) in &errors {
        println!("{} x {reason}", paths.len());
        for path in paths.iter().take(5) {
            println!("    {path}");
        }
    }
    assert!(loaded > 0);
}
