//! The rule language: rules are data, one `*.rule` file per rule, written in the small
//! language that docs/rule-language.md specifies.
//!
//! This module reads rule files: [`parse_rule_file`] turns text into a located syntax tree
//! ([`ast`]) or a positioned `rule-syntax` problem, and [`Metadata::from_header`] validates
//! the header into typed metadata, reporting `rule-metadata` problems. [`check()`] resolves
//! names, fields and calls against the [`schema`] and checks types, reporting `rule-check`
//! problems. Running rules is a later stage's work.

pub mod ast;
pub mod check;
pub mod error;
pub mod metadata;
pub(crate) mod parser;
pub mod reference;
pub mod schema;

pub use ast::*;
pub use check::{RULE_CHECK, check, check_rule_set};
pub use error::{RULE_METADATA, RULE_SYNTAX, SyntaxError};
pub use metadata::{Level, Metadata, Scope};
pub use parser::parse_rule_file;

#[cfg(test)]
mod tests;
