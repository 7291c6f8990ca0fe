//! The rule reference in docs/rules/ and the README's rule table are generated from the
//! built-in rules, and the language reference in docs/rule-language.md from the schema:
//! these tests fail when they are stale, and write them afresh when run with
//! `UPDATE_RULE_DOCS=1`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use supportscan::engine::docs::{rule_page, rules_table};
use supportscan::engine::load_rules;
use supportscan::lang::reference::language_reference;

#[test]
fn rule_reference_docs_are_up_to_date() {
    let update = std::env::var_os("UPDATE_RULE_DOCS").is_some();
    let loaded = load_rules(true, &[]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let dir = Path::new("docs/rules");
    let mut stale = Vec::new();
    let mut expected_files = Vec::new();
    for rule in &loaded.set.rules {
        let path = dir.join(format!("{}.md", rule.id));
        let page = rule_page(rule);
        expected_files.push(path.clone());
        if fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            if update {
                fs::create_dir_all(dir).unwrap();
                fs::write(&path, &page).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries {
            let path = entry.unwrap().path();
            if !expected_files.contains(&path) {
                if update {
                    fs::remove_file(&path).unwrap();
                } else {
                    stale.push(format!("{} (no such rule)", path.display()));
                }
            }
        }
    }
    check_region(
        "README.md",
        "rules-table",
        &rules_table(&loaded.set),
        update,
        &mut stale,
    );
    assert_fresh(&stale);
}

/// The reference section of docs/rule-language.md is the one generated from the schema.
#[test]
fn the_language_reference_is_up_to_date() {
    let update = std::env::var_os("UPDATE_RULE_DOCS").is_some();
    let mut stale = Vec::new();
    check_region(
        "docs/rule-language.md",
        "language-reference",
        &language_reference(),
        update,
        &mut stale,
    );
    assert_fresh(&stale);
}

/// Fails when any generated doc was found stale, saying how to refresh them.
fn assert_fresh(stale: &[String]) {
    assert!(
        stale.is_empty(),
        "stale generated docs: {}; run `UPDATE_RULE_DOCS=1 cargo test --test rule_docs`",
        stale.join(", ")
    );
}

/// Compares the part of `path` between the `<!-- NAME:start -->` and `<!-- NAME:end -->`
/// markers with `generated`: rewrites it when `update`, else records `path` as stale.
fn check_region(path: &str, name: &str, generated: &str, update: bool, stale: &mut Vec<String>) {
    let text = fs::read_to_string(path).unwrap();
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start = text
        .find(&start_marker)
        .unwrap_or_else(|| panic!("{path} has no {start_marker:?} marker"))
        + start_marker.len();
    let end = text
        .find(&end_marker)
        .unwrap_or_else(|| panic!("{path} has no {end_marker:?} marker"));
    if text[start..end] != *generated {
        if update {
            fs::write(
                path,
                format!("{}{generated}{}", &text[..start], &text[end..]),
            )
            .unwrap();
        } else {
            stale.push(format!("{path} ({name})"));
        }
    }
}

/// docs/rules.md, the catalog of the built-in pack, names every built-in rule with its
/// name and links its page.
#[test]
fn the_rule_catalog_lists_every_built_in_rule() {
    let catalog = fs::read_to_string("docs/rules.md").unwrap();
    let loaded = load_rules(true, &[]);
    for rule in &loaded.set.rules {
        let row = format!("| [{id}](rules/{id}.md) | {} |", rule.name, id = rule.id);
        assert!(catalog.contains(&row), "docs/rules.md lacks the row {row}");
    }
}

/// No file of the project refers to the catalog by the name of the internal copy it was
/// written from: users have docs/rules.md.
#[test]
fn no_file_refers_to_a_catalog_users_do_not_have() {
    let missing = ["RULES", ".md"].concat();
    let mut offenders = Vec::new();
    for entry in ignore::WalkBuilder::new(".").hidden(false).build() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.starts_with("./target") || path.starts_with("./.git") {
            continue;
        }
        if entry.file_type().is_some_and(|kind| kind.is_file())
            && let Ok(text) = fs::read_to_string(path)
            && text.contains(&missing)
        {
            offenders.push(path.display().to_string());
        }
    }
    assert!(offenders.is_empty(), "refer to {missing}: {offenders:?}");
}
