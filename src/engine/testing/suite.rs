//! Reading a rule's tests file (`<stem>.tests.yaml`, docs/rule-language.md "Testing
//! rules") into cases, with a positioned problem for every mistake in it.

use crate::document::node::{Node, NodeValue};
use crate::document::parse::parse;
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Problem code of a tests file that is malformed or does not match its rule.
pub const RULE_TEST: &str = "rule-test";

/// The cases of one tests file.
#[derive(Debug)]
pub struct Suite {
    /// The rule ID the file names.
    pub rule: String,
    /// Where it names it.
    pub rule_span: Span,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One test case.
#[derive(Debug)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// What to scan.
    pub input: CaseInput,
    /// An account snapshot scanned with it (before it, as `scan iam.json plan.json`).
    pub snapshot: Option<String>,
    /// The findings the rule must report, all of them.
    pub expect: Vec<Expected>,
    /// How many checks must be not evaluable, when pinned.
    pub not_evaluable: Option<usize>,
}

/// What a case scans.
#[derive(Debug)]
pub enum CaseInput {
    /// An inline template.
    CloudFormation(String),
    /// A compact Terraform plan: resource addresses with their planned values.
    Terraform(Node),
    /// A Terraform root module read as source: file names (`main.tf`, `terraform.tfvars`,
    /// `modules/role/main.tf`) and their text.
    TerraformSource(Vec<(String, String)>),
    /// Input files, relative to the tests file.
    Files(Vec<String>),
}

/// One expected finding.
#[derive(Debug)]
pub struct Expected {
    /// The resource.
    pub address: String,
    /// The 1-based line of the input it must point at.
    pub line: Option<u32>,
    /// A part of its message.
    pub message: Option<String>,
    /// Whether it must be (or must not be) conditional.
    pub conditional: Option<bool>,
    /// The level it must have.
    pub level: Option<crate::lang::Level>,
    /// Where the expectation is written.
    pub span: Span,
}

/// Reads a tests file; every problem is reported at its place.
pub fn read_suite(file: &SourceFile, id: FileId) -> Result<Suite, Vec<Problem>> {
    let parsed = parse(file, id).map_err(|problem| vec![problem])?;
    let mut reader = Reader {
        file: id,
        problems: Vec::new(),
    };
    let suite = reader.suite(&parsed.root);
    match suite {
        Some(suite) if reader.problems.is_empty() => Ok(suite),
        _ => Err(reader.problems),
    }
}

struct Reader {
    file: FileId,
    problems: Vec<Problem>,
}

impl Reader {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.problems
            .push(Problem::error(RULE_TEST, self.file, span, message));
    }

    fn suite(&mut self, root: &Node) -> Option<Suite> {
        let Some(entries) = root.as_map() else {
            self.error(
                root.span,
                "a tests file is a mapping with `rule` and `cases`",
            );
            return None;
        };
        for entry in entries {
            if !matches!(&*entry.key, "rule" | "cases") {
                self.error(
                    entry.key_span,
                    format!("unknown key `{}`: expected `rule` or `cases`", entry.key),
                );
            }
        }
        let rule = self.required_text(root, "rule");
        let cases = match root.get("cases") {
            Some(node) => match node.as_seq() {
                Some(items) if !items.is_empty() => {
                    items.iter().filter_map(|item| self.case(item)).collect()
                }
                _ => {
                    self.error(node.span, "`cases` must be a non-empty list of cases");
                    Vec::new()
                }
            },
            None => {
                self.error(root.span, "missing `cases`: the list of test cases");
                Vec::new()
            }
        };
        let mut seen: Vec<&Case> = Vec::new();
        for case in &cases {
            if let Some(first) = seen.iter().find(|earlier| earlier.name == case.name) {
                let problem = Problem::error(
                    RULE_TEST,
                    self.file,
                    case.span,
                    format!("two cases are named `{}`", case.name),
                )
                .with_related(first.span, "first named here");
                self.problems.push(problem);
            }
            seen.push(case);
        }
        let (rule, rule_span) = rule?;
        Some(Suite {
            rule,
            rule_span,
            cases,
        })
    }

    fn case(&mut self, node: &Node) -> Option<Case> {
        let Some(entries) = node.as_map() else {
            self.error(
                node.span,
                "a case is a mapping with `name`, an input and `expect`",
            );
            return None;
        };
        const KEYS: [&str; 8] = [
            "name",
            "cloudformation",
            "terraform",
            "terraform_source",
            "snapshot",
            "input",
            "expect",
            "not_evaluable",
        ];
        for entry in entries {
            if !KEYS.contains(&&*entry.key) {
                self.error(
                    entry.key_span,
                    format!(
                        "unknown key `{}` in a case: expected one of {}",
                        entry.key,
                        KEYS.join(", ")
                    ),
                );
            }
        }
        let (name, span) = self.required_text(node, "name")?;
        let snapshot = match node.get("snapshot") {
            Some(value) => Some(self.text(value)?),
            None => None,
        };
        let inputs: Vec<&str> = ["cloudformation", "terraform", "terraform_source", "input"]
            .into_iter()
            .filter(|key| node.get(key).is_some())
            .collect();
        let input = match inputs.as_slice() {
            [] if snapshot.is_some() => CaseInput::Files(Vec::new()),
            ["cloudformation"] => {
                CaseInput::CloudFormation(self.text(node.get("cloudformation")?)?)
            }
            ["terraform"] => {
                let plan = node.get("terraform")?;
                if plan.as_map().is_none() {
                    self.error(
                        plan.span,
                        "`terraform` maps resource addresses to their values",
                    );
                    return None;
                }
                CaseInput::Terraform(plan.clone())
            }
            ["terraform_source"] => {
                let value = node.get("terraform_source")?;
                let files = match value.as_map() {
                    Some(entries) => {
                        let mut files = Vec::new();
                        for entry in entries {
                            if !is_module_path(&entry.key) {
                                self.error(
                                    entry.key_span,
                                    "a file of the module is a relative path inside it, such as `main.tf` or `modules/role/main.tf`",
                                );
                                return None;
                            }
                            files.push((entry.key.to_string(), self.text(&entry.value)?));
                        }
                        files
                    }
                    None => vec![("main.tf".to_owned(), self.text(value)?)],
                };
                CaseInput::TerraformSource(files)
            }
            ["input"] => {
                let value = node.get("input")?;
                let paths = match value.as_seq() {
                    Some(items) => items.iter().filter_map(|item| self.text(item)).collect(),
                    None => vec![self.text(value)?],
                };
                CaseInput::Files(paths)
            }
            _ => {
                self.error(
                    span,
                    format!(
                        "case `{name}` needs exactly one of `cloudformation`, `terraform`, `terraform_source` and `input` (beside an optional `snapshot`)"
                    ),
                );
                return None;
            }
        };
        let expect = match node.get("expect") {
            Some(list) => match list.as_seq() {
                Some(items) => items
                    .iter()
                    .filter_map(|item| self.expected(item))
                    .collect(),
                None => {
                    self.error(list.span, "`expect` is a list of findings (`[]` for none)");
                    return None;
                }
            },
            None => {
                self.error(
                    span,
                    format!("case `{name}` needs `expect` (`[]` for no findings)"),
                );
                return None;
            }
        };
        let not_evaluable = match node.get("not_evaluable") {
            Some(value) => Some(self.count(value)?),
            None => None,
        };
        Some(Case {
            name,
            span,
            input,
            snapshot,
            expect,
            not_evaluable,
        })
    }

    fn expected(&mut self, node: &Node) -> Option<Expected> {
        let Some(entries) = node.as_map() else {
            self.error(node.span, "an expected finding is a mapping with `address`");
            return None;
        };
        for entry in entries {
            if !matches!(
                &*entry.key,
                "address" | "line" | "message" | "conditional" | "level"
            ) {
                self.error(
                    entry.key_span,
                    format!(
                        "unknown key `{}`: expected `address`, `line`, `message`, `conditional` or `level`",
                        entry.key
                    ),
                );
            }
        }
        let (address, _) = self.required_text(node, "address")?;
        let line = match node.get("line") {
            Some(value) => Some(u32::try_from(self.count(value)?).unwrap_or(u32::MAX)),
            None => None,
        };
        let message = match node.get("message") {
            Some(value) => Some(self.text(value)?),
            None => None,
        };
        let conditional = match node.get("conditional") {
            Some(Node {
                value: NodeValue::Bool(flag),
                ..
            }) => Some(*flag),
            Some(other) => {
                self.error(other.span, "`conditional` is `true` or `false`");
                return None;
            }
            None => None,
        };
        let level = match node.get("level") {
            Some(value) => match self.text(value).as_deref() {
                Some("error") => Some(crate::lang::Level::Error),
                Some("warning") => Some(crate::lang::Level::Warning),
                Some("note") => Some(crate::lang::Level::Note),
                _ => {
                    self.error(value.span, "`level` is `error`, `warning` or `note`");
                    return None;
                }
            },
            None => None,
        };
        Some(Expected {
            address,
            line,
            message,
            conditional,
            level,
            span: node.span,
        })
    }

    fn required_text(&mut self, node: &Node, key: &str) -> Option<(String, Span)> {
        match node.get(key) {
            Some(value) => self.text(value).map(|text| (text, value.span)),
            None => {
                self.error(node.span, format!("missing `{key}`"));
                None
            }
        }
    }

    fn text(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            NodeValue::String(text) | NodeValue::Number(text) => Some(text.to_string()),
            _ => {
                self.error(node.span, "expected a text");
                None
            }
        }
    }

    fn count(&mut self, node: &Node) -> Option<usize> {
        match &node.value {
            NodeValue::Number(text) => match text.parse() {
                Ok(count) => Some(count),
                Err(_) => {
                    self.error(node.span, "expected a whole number");
                    None
                }
            },
            _ => {
                self.error(node.span, "expected a whole number");
                None
            }
        }
    }
}

/// Whether a `terraform_source` file name stays inside the module: relative, no `..`.
fn is_module_path(name: &str) -> bool {
    let path = std::path::Path::new(name);
    !name.is_empty()
        && path
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)))
}
