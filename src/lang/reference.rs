//! The reference of the rule language in docs/rule-language.md: every type, top-level
//! collection, field and built-in function with its type and an example, generated from
//! [`super::schema`] so that the page cannot drift from what the checker accepts (a test
//! compares it with the checked-in page, and another type-checks every example).

use super::schema::{Field, KINDS, Kind, collections, functions};

/// The types of the language, with what their values are.
const TYPES: &[(&str, &str)] = &[
    ("bool", "`true` or `false`, or unknown"),
    ("number", "a number: `42`, `8.1`"),
    ("text", "a text: `\"support\"`"),
    (
        "regex",
        "a regular expression literal, only on the right of `matches`",
    ),
    ("null", "`null`: an absent value compares equal to it"),
    (
        "list<T>",
        "a list of items of type `T`; reading a field of a list reads it from every item",
    ),
    (
        "role|user|group|permission_set",
        "any of these kinds (the parameters of the permission functions)",
    ),
    (
        "any",
        "untyped: raw resource properties, and every field below them",
    ),
];

/// The reference section of docs/rule-language.md, from its heading on.
pub fn language_reference() -> String {
    let mut out = format!(
        "## Reference\n\n\
         <!-- Generated from src/lang/schema.rs by `UPDATE_RULE_DOCS=1 cargo test --test rule_docs`; do not edit. -->\n\n\
         The complete reference of the rule language of supportscan {}: every type, \
         top-level collection, field and built-in function the checker accepts. Every \
         example type-checks (a test checks them).\n\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("### Types\n\n| type | values |\n|---|---|\n");
    for (name, doc) in TYPES {
        out.push_str(&format!("| {} | {doc} |\n", code(name)));
    }
    let kinds: Vec<String> = KINDS
        .iter()
        .map(|kind| format!("`{}`", kind.name()))
        .collect();
    out.push_str(&format!(
        "\nand the kinds of graph value, each with its fields below: {}.\n\n",
        kinds.join(", ")
    ));
    out.push_str(
        "### Top-level collections\n\nThe names every rule starts from, each a list over the \
         whole scan.\n\n| name | type | example | holds |\n|---|---|---|---|\n",
    );
    for field in collections() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            field.name,
            code(&field.ty.to_string()),
            code(field.example),
            cell(field.doc)
        ));
    }
    out.push_str(
        "\n### Fields\n\nEvery kind with its fields. A field that does not apply to a value \
         is absent (`exists` is false); one not known before deployment is unknown. Each \
         example filters the list that the kind is reached by.\n",
    );
    for kind in KINDS {
        kind_fields(&mut out, kind);
    }
    out.push_str(
        "\n### Functions\n\nIAM semantics implemented once in Rust (`src/iam/`), and a few \
         plain functions. A principal parameter accepts a role, user, group or permission \
         set.\n\n| function | example | returns |\n|---|---|---|\n",
    );
    for function in functions() {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            code(&function.signature()),
            code(function.example),
            cell(function.doc)
        ));
    }
    out
}

/// The fields of one kind: a heading, what it is, how it is reached, the table.
fn kind_fields(out: &mut String, kind: Kind) {
    out.push_str(&format!(
        "\n#### `{}`\n\n{}; reached as `{}`.\n\n| field | type | example | holds |\n|---|---|---|---|\n",
        kind.name(),
        capitalised(kind.doc()),
        kind.reached()
    ));
    for field in kind.fields() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            field.name,
            code(&field.ty.to_string()),
            code(&field_example(kind, field)),
            cell(field.doc)
        ));
    }
}

/// The example shown for a field of `kind`: its predicate as a filter of the list the
/// kind is reached by.
pub fn field_example(kind: Kind, field: &Field) -> String {
    format!("{}[ {} ]", kind.reached(), field.example)
}

/// `text` as a code span in a table cell (a `|` escaped, as GitHub's tables need even
/// inside code).
fn code(text: &str) -> String {
    format!("`{}`", text.replace('|', "\\|"))
}

/// Prose in a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
