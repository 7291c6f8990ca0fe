//! The rule reference in docs/rules/ and the README's rule table are generated from the
//! built-in rules: this test fails when they are stale, and writes them afresh when run
//! with `UPDATE_RULE_DOCS=1`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use supportscan::engine::docs::{rule_page, rules_table};
use supportscan::engine::load_rules;

const START: &str = "<!-- rules-table:start -->\n";
const END: &str = "<!-- rules-table:end -->";

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
    let readme = fs::read_to_string("README.md").unwrap();
    let start = readme
        .find(START)
        .expect("README has the rules-table markers")
        + START.len();
    let end = readme
        .find(END)
        .expect("README has the rules-table markers");
    let table = rules_table(&loaded.set);
    if readme[start..end] != table {
        if update {
            fs::write(
                "README.md",
                format!("{}{table}{}", &readme[..start], &readme[end..]),
            )
            .unwrap();
        } else {
            stale.push("README.md (rule table)".to_owned());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs: {}; run `UPDATE_RULE_DOCS=1 cargo test --test rule_docs`",
        stale.join(", ")
    );
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
