//! The command line: subcommands and flags, exactly as DESIGN.md's CLI contract states them.
//!
//! Only parsing lives here; the command (`main.rs`) turns the parsed flags into the
//! [`crate::pipeline::Settings`] the library runs on.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
pub use clap_complete::Shell;

use crate::colour::ColourChoice;
use crate::lang::Level;
use crate::output::Output;

/// Finds AWS Support role problems in Terraform plans, Terraform state and CloudFormation
/// templates before they reach your account.
#[derive(Debug, Parser)]
#[command(name = "supportscan", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 clean, 1 findings at or above --fail-on, \
                        2 the scan could not be trusted (an input or rule file could not be read, \
                        or a flag is wrong)."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output: auto (a terminal; NO_COLOR turns colour off,
    /// CLICOLOR_FORCE or FORCE_COLOR turn it on for CI logs), always or never.
    #[arg(long, value_enum, global = true, default_value_t = ColourChoice::Auto, value_name = "WHEN")]
    pub color: ColourChoice,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan plans, state files and templates and report support-role problems.
    ///
    /// PATHs may be files, directories (walked, honouring .gitignore) or `-` for standard
    /// input. Each file's kind is told by its content: Terraform plan JSON (`terraform show
    /// -json plan.out`), Terraform state, or a CloudFormation template in JSON or YAML
    /// (SAM and CDK output included).
    Scan(Box<ScanArgs>),
    /// Print the IAM graph supportscan builds from the inputs: roles, users, groups,
    /// policies, attachments and trust, each with its source position.
    ///
    /// Use it to see what the scanner understood of your code.
    Graph(GraphArgs),
    /// List, explain and test rules: the built-in pack and your own.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Print a shell completion script for supportscan to standard output.
    ///
    /// For example: `supportscan completions bash > ~/.local/share/bash-completion/completions/supportscan`,
    /// or `supportscan completions zsh > "${fpath[1]}/_supportscan"`.
    Completions(CompletionsArgs),
}

/// Flags of `supportscan completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The subcommands of `supportscan rules`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules: ID, level, scope, name and summary.
    List(RulesListArgs),
    /// Show a rule's documentation: what it flags, why it matters, how to fix it.
    Explain(RulesExplainArgs),
    /// Run each rule's test cases (`<stem>.tests.yaml` beside `<stem>.rule`).
    Test(RulesTestArgs),
}

/// Flags of `supportscan rules explain`.
#[derive(Debug, Args)]
pub struct RulesExplainArgs {
    /// The rule: an ID in any case (SUP002), a name (support-role-open-trust) or a glob
    /// (`APP*`); every rule it matches is shown.
    #[arg(value_name = "RULE")]
    pub id: String,

    /// Which rules.
    #[command(flatten)]
    pub source: RuleSource,
}

/// Flags of `supportscan rules test`.
#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// A directory of rules and their tests (default: the built-in pack).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Which rules a `rules` subcommand sees.
#[derive(Debug, Args)]
pub struct RuleSource {
    /// Add the custom rules (`*.rule` files) found below DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

/// Flags of `supportscan rules list`.
#[derive(Debug, Args)]
pub struct RulesListArgs {
    /// Which rules.
    #[command(flatten)]
    pub source: RuleSource,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// Formats of `rules list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// A JSON array of rules.
    Json,
}

/// Where inputs come from: shared by `scan` and `graph`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to read; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How many threads to use (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,

    /// Judge this AWS account (12 digits): inputs that name another account (an account
    /// snapshot, a plan's IAM ARNs) are left out. Without it, inputs of different
    /// accounts are an error.
    #[arg(long, value_name = "ID", value_parser = account_id)]
    pub account: Option<String>,

    /// Set a variable of the Terraform root modules read as source (`.tf` files), as
    /// `terraform plan -var` does; repeatable. `TF_VAR_NAME` environment variables are read
    /// too.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = variable_assignment)]
    pub variables: Vec<(String, String)>,

    /// Read variable values of the Terraform root modules read as source from FILE
    /// (`.tfvars` or `.tfvars.json`), after `terraform.tfvars` and `*.auto.tfvars`;
    /// repeatable.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
}

/// `NAME=VALUE` of `--var`.
fn variable_assignment(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err("write it as NAME=VALUE, such as --var environment=prod".to_owned()),
    }
}

/// An AWS account ID: twelve digits.
fn account_id(text: &str) -> Result<String, String> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err("an AWS account ID is twelve digits, such as 111122223333".to_owned())
    }
}

/// Flags of `supportscan scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Inputs and threads.
    #[command(flatten)]
    pub input: InputArgs,

    /// Report format: of standard output, and of each `--output FILE` given without a
    /// `FORMAT=`.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write a report to FILE (atomically); repeatable, so that one scan writes every
    /// report. `FORMAT=FILE` writes that format (`--output sarif=results.sarif`), a plain
    /// FILE the `--format` one; `-` is standard output. Standard output gets the
    /// `--format` report unless an output goes there or a plain FILE is given. Name a
    /// file with `=` in it as a path: `./a=b.json`.
    #[arg(short = 'o', long, value_name = "[FORMAT=]FILE")]
    pub output: Vec<Output>,

    /// Exit with status 1 when a finding is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Exit with status 2 when the scan checked nothing: no Terraform or CloudFormation
    /// input was found, or no rule ran (without it, a warning).
    #[arg(long)]
    pub fail_on_empty: bool,

    /// Treat the inputs as a whole account's baseline and run the account-scope rules
    /// (SUP001: a support role must exist).
    #[arg(long)]
    pub account_baseline: bool,

    /// Add the custom rules (`*.rule` files) found below DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Run only these rules (comma-separated IDs, names or globs such as `APP*`; any case).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Skip these rules (comma-separated IDs, names or globs; any case).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub skip: Vec<String>,

    /// Report and gate only findings that are not in this earlier SARIF report.
    #[arg(long, value_name = "FILE.sarif")]
    pub baseline: Option<PathBuf>,

    /// Keep suppressed findings in SARIF output, marked as suppressed (GitHub would open
    /// alerts for them, so they are left out by default).
    #[arg(long)]
    pub include_suppressed: bool,

    /// List every check that could not be decided, with its reason, in the text report
    /// (the JSON report always lists them).
    #[arg(long)]
    pub show_not_evaluable: bool,

    /// Point Terraform plan findings at the `resource` blocks of the `.tf` files in DIR
    /// (default: the plan's own directory), following local modules.
    #[arg(long, value_name = "DIR", value_parser = existing_directory)]
    pub tf_source: Option<PathBuf>,

    /// Configuration file (default: `.supportscan.toml` found upward from the current
    /// directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The repository root that SARIF, GitHub annotations and fingerprints name files
    /// from (default: the git top level of the inputs, else the current directory).
    #[arg(long, value_name = "DIR")]
    pub source_root: Option<PathBuf>,

    /// The code scanning category of the SARIF report (written as `automationDetails.id`
    /// `NAME/`): give each job that uploads its own, such as `terraform` and
    /// `cloudformation`, or their alerts replace each other. Without it the report names
    /// no category, and upload-sarif's `category` input applies.
    #[arg(long, value_name = "NAME", value_parser = category)]
    pub category: Option<String>,
}

/// A `--category` value: not empty, without the trailing `/` that SARIF adds.
fn category(value: &str) -> Result<String, String> {
    let name = value.trim_end_matches('/');
    if name.trim().is_empty() {
        return Err("a category must have a name, such as `terraform`".to_owned());
    }
    Ok(name.to_owned())
}

/// Flags of `supportscan graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Inputs and threads.
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Text)]
    pub format: GraphFormat,
}

/// Report formats of `scan`: the report layer's own, named here as `--format` and
/// `--output FORMAT=FILE` take them.
pub use crate::report::Format as ReportFormat;

impl ValueEnum for ReportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ReportFormat::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.about()))
    }
}

/// Formats of `graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// An indented outline.
    Text,
    /// The graph as JSON (documented in docs/graph.md).
    Json,
}

/// The level at which findings fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Error findings fail the run.
    Error,
    /// Warning and error findings fail the run.
    Warning,
    /// Any finding fails the run.
    Note,
    /// Findings never fail the run (problems with inputs still do).
    None,
}

impl FailOn {
    /// The lowest level of finding that fails the run; `None` when none does.
    pub fn threshold(self) -> Option<Level> {
        match self {
            FailOn::Error => Some(Level::Error),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Note => Some(Level::Note),
            FailOn::None => None,
        }
    }
}

/// A flag's directory, which must exist (`--tf-source` naming a missing one would
/// otherwise pass silently).
fn existing_directory(value: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    if path.is_dir() {
        Ok(path)
    } else if path.exists() {
        Err("not a directory: name the directory that holds the `.tf` files".to_owned())
    } else {
        Err("no such directory".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn scan_defaults_to_the_current_directory() {
        let cli = Cli::try_parse_from(["supportscan", "scan"]).unwrap();
        let Command::Scan(args) = cli.command else {
            panic!("not scan")
        };
        assert_eq!(args.input.paths, vec![PathBuf::from(".")]);
        assert_eq!(args.format, ReportFormat::Text);
        assert_eq!(args.fail_on, FailOn::Error);
    }

    #[test]
    fn only_takes_a_comma_separated_list() {
        let cli = Cli::try_parse_from(["supportscan", "scan", "--only", "SUP001,APP002"]).unwrap();
        let Command::Scan(args) = cli.command else {
            panic!("not scan")
        };
        assert_eq!(args.only, ["SUP001", "APP002"]);
    }

    #[test]
    fn completions_take_a_shell() {
        let cli = Cli::try_parse_from(["supportscan", "completions", "powershell"]).unwrap();
        let Command::Completions(args) = cli.command else {
            panic!("not completions")
        };
        assert_eq!(args.shell, Shell::PowerShell);
        assert!(Cli::try_parse_from(["supportscan", "completions", "tcsh"]).is_err());
    }

    #[test]
    fn account_takes_twelve_digits() {
        let cli =
            Cli::try_parse_from(["supportscan", "scan", "--account", "111122223333"]).unwrap();
        let Command::Scan(args) = cli.command else {
            panic!("not scan")
        };
        assert_eq!(args.input.account.as_deref(), Some("111122223333"));
        for bad in ["1111", "11112222333a", "1111222233334"] {
            assert!(Cli::try_parse_from(["supportscan", "scan", "--account", bad]).is_err());
        }
    }

    #[test]
    fn categories_are_named_without_their_trailing_slash() {
        let parse = |value: &str| {
            let cli = Cli::try_parse_from(["supportscan", "scan", "--category", value])?;
            let Command::Scan(args) = cli.command else {
                panic!("not scan")
            };
            Ok::<_, clap::Error>(args.category)
        };
        assert_eq!(parse("terraform").unwrap().as_deref(), Some("terraform"));
        assert_eq!(parse("infra/prod/").unwrap().as_deref(), Some("infra/prod"));
        assert!(parse("").is_err());
        assert!(parse("/").is_err());
    }

    #[test]
    fn unknown_format_is_refused() {
        assert!(Cli::try_parse_from(["supportscan", "scan", "--format", "xml"]).is_err());
    }
}
