//! Loading rules: the built-in pack embedded in the binary and the `*.rule` files below
//! each `--rules DIR`, parsed, validated and checked together, so that a scan runs only
//! when every rule it was given is sound.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::lang::ast::{Expr, ExprKind, Item, MessagePart};
use crate::lang::{Metadata, check, check_rule_set, parse_rule_file};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Problem code of a rule file or directory that cannot be read, and of `--only`/`--skip`
/// naming a rule that does not exist.
pub const RULE_LOAD: &str = "rule-load";

/// Every file of the built-in pack (`rules/` of the source tree): path below `rules/`
/// with forward slashes, and text.
pub static EMBEDDED_RULE_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Where a rule comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleOrigin {
    /// The built-in pack; the path below `rules/`.
    BuiltIn(String),
    /// A `--rules` directory; the file's path.
    Custom(PathBuf),
}

/// One loaded, checked rule.
#[derive(Debug)]
pub struct Rule {
    /// The rule ID (`SUP002`).
    pub id: String,
    /// The kebab-case name (`support-role-open-trust`).
    pub name: String,
    /// The validated metadata.
    pub metadata: Metadata,
    /// The body: `let`, `for` and `require` items.
    pub items: Vec<Item>,
    /// The rule file in [`RuleSet::files`].
    pub file: FileId,
    /// Where the file comes from.
    pub origin: RuleOrigin,
    /// The compiled regular expression literals, by the literal's position.
    regexes: BTreeMap<(u32, u32), regex::Regex>,
}

impl Rule {
    /// The compiled regular expression written at `span` (every literal is compiled when
    /// the rule loads, so a running rule never meets a bad pattern).
    pub fn regex(&self, span: Span) -> Option<&regex::Regex> {
        self.regexes.get(&(span.start, span.end))
    }
}

/// The rules of a run, sorted by ID, with their source files for diagnostics.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// The rule files; a rule's [`Rule::file`] indexes this.
    pub files: Vec<SourceFile>,
    /// The rules, sorted by ID.
    pub rules: Vec<Rule>,
}

/// A rule set and the problems met while loading it: any problem is an error, and a scan
/// with rule errors exits with status 2.
#[derive(Debug, Default)]
pub struct LoadedRules {
    /// The rules that loaded cleanly.
    pub set: RuleSet,
    /// Syntax, metadata, check and reading errors, in file order.
    pub problems: Vec<Problem>,
}

impl RuleSet {
    /// The rule with `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }
}

/// A rule file's text, before parsing.
pub struct RuleSource {
    /// The path shown in messages.
    pub path: PathBuf,
    /// The text.
    pub text: String,
    /// Where it comes from.
    pub origin: RuleOrigin,
}

/// The built-in pack's rule files.
pub fn built_in_sources() -> Vec<RuleSource> {
    EMBEDDED_RULE_FILES
        .iter()
        .filter(|(path, _)| path.ends_with(".rule"))
        .map(|(path, text)| RuleSource {
            path: PathBuf::from("rules").join(path),
            text: (*text).to_owned(),
            origin: RuleOrigin::BuiltIn((*path).to_owned()),
        })
        .collect()
}

/// The `*.rule` files below `dir` (or `dir` itself when it is a file), sorted by path;
/// a directory that cannot be read is a problem.
pub fn custom_sources(dir: &Path) -> (Vec<RuleSource>, Vec<Problem>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    if !dir.exists() {
        problems.push(Problem::error_without_place(
            RULE_LOAD,
            format!("--rules {}: no such file or directory", dir.display()),
        ));
        return (sources, problems);
    }
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(Problem::error_without_place(
                    RULE_LOAD,
                    format!("--rules {}: {error}", dir.display()),
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_rule = path.extension().is_some_and(|ext| ext == "rule");
        if !entry.file_type().is_some_and(|kind| kind.is_file()) || !is_rule {
            continue;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push(RuleSource {
                path: path.to_owned(),
                text,
                origin: RuleOrigin::Custom(path.to_owned()),
            }),
            Err(error) => problems.push(Problem::error_without_place(
                RULE_LOAD,
                format!("cannot read rule file {}: {error}", path.display()),
            )),
        }
    }
    (sources, problems)
}

/// Loads the built-in pack (when `built_in`) and the rules below each of `dirs`.
pub fn load_rules(built_in: bool, dirs: &[PathBuf]) -> LoadedRules {
    let mut sources = if built_in {
        built_in_sources()
    } else {
        Vec::new()
    };
    let mut problems = Vec::new();
    for dir in dirs {
        let (found, unreadable) = custom_sources(dir);
        sources.extend(found);
        problems.extend(unreadable);
    }
    let mut loaded = load_sources(sources);
    problems.append(&mut loaded.problems);
    loaded.problems = problems;
    loaded
}

/// Parses, validates and checks rule sources; a file with any problem is left out of the
/// set, and the problems say why.
pub fn load_sources(sources: Vec<RuleSource>) -> LoadedRules {
    let mut files = Vec::with_capacity(sources.len());
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (index, source) in sources.into_iter().enumerate() {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        match parse_rule_file(&source.text, id) {
            Ok(file) => parsed.push((file, id, source.origin)),
            Err(problem) => problems.push(problem),
        }
        files.push(SourceFile::new(source.path, source.text));
    }
    let duplicates = check_rule_set(parsed.iter().map(|(file, id, _)| (file, *id)));
    let mut rules = Vec::new();
    for (file, id, origin) in parsed {
        let mut file_problems = check(&file, id);
        let metadata = match Metadata::from_header(&file.header, id) {
            Ok(metadata) => Some(metadata),
            Err(mut found) => {
                file_problems.append(&mut found);
                None
            }
        };
        let is_duplicate = duplicates.iter().any(|problem| problem.file == Some(id));
        match metadata {
            Some(metadata) if file_problems.is_empty() && !is_duplicate => {
                let regexes = compile_regexes(&file.items);
                rules.push(Rule {
                    id: file.header.id.text,
                    name: file.header.name.text,
                    metadata,
                    items: file.items,
                    file: id,
                    origin,
                    regexes,
                });
            }
            _ => problems.append(&mut file_problems),
        }
    }
    problems.extend(duplicates);
    problems.sort_by_key(|problem| (problem.file, problem.span.map(|span| span.start)));
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    LoadedRules {
        set: RuleSet { files, rules },
        problems,
    }
}

/// Compiles every regular expression literal of `items` (the checker has already
/// compiled each once, so none fails here; one that did would simply never match).
fn compile_regexes(items: &[Item]) -> BTreeMap<(u32, u32), regex::Regex> {
    let mut regexes = BTreeMap::new();
    let mut pending: Vec<&Expr> = Vec::new();
    let mut blocks = vec![items];
    while let Some(block) = blocks.pop() {
        for item in block {
            match item {
                Item::Let(binding) => pending.push(&binding.value),
                Item::For(block) => {
                    pending.push(&block.list);
                    pending.extend(&block.when);
                    blocks.push(&block.items);
                }
                Item::Require(require) => {
                    pending.push(&require.condition);
                    pending.extend(&require.at);
                    for part in &require.message.parts {
                        if let MessagePart::Expr(expr) = part {
                            pending.push(expr);
                        }
                    }
                }
            }
        }
    }
    while let Some(expr) = pending.pop() {
        if let ExprKind::Regex(literal) = &expr.kind
            && let Ok(compiled) = literal.compile()
        {
            regexes.insert((expr.span.start, expr.span.end), compiled);
        }
        pending.extend(expr.children());
    }
    regexes
}
