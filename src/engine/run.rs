//! Running rules over a scan: every rule, and every item of each rule's top-level `for`,
//! in parallel on rayon's pool; the findings are sorted afterwards so that the output is
//! the same whatever the number of threads.

use rayon::prelude::*;

use super::compare::truth;
use super::context::Context;
use super::eval::{Env, Evaluator};
use super::finding::{Evidence, Finding, MAX_EVIDENCE, NotEvaluable, fingerprint};
use super::memo::Memo;
use super::ruleset::{Rule, RuleSet};
use super::value::{Loc, Member, Val};
use crate::iam::{Answer, Truth};
use crate::lang::ast::{Item, MessagePart, Require};
use crate::lang::{Level, Scope};
use crate::source::Span;

/// How rules run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Whether the inputs are a whole account's baseline: account-scope rules run only
    /// then.
    pub account_baseline: bool,
}

/// What running a set of rules found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings, sorted by file, position, rule and resource.
    pub findings: Vec<Finding>,
    /// The checks that could not be decided, sorted likewise.
    pub not_evaluable: Vec<NotEvaluable>,
    /// How many rules ran.
    pub rules_run: usize,
    /// The IDs of the rules of the set that did not run: account-scope rules of a scan not
    /// declared an account baseline.
    pub not_run: Vec<String>,
}

impl Outcome {
    /// Sorts findings by file, position, rule and resource, and not-evaluable results by
    /// file, rule and resource, and drops repeats (two checks of one rule that fail or
    /// stall the same way on one resource count once).
    pub fn normalize(&mut self) {
        self.findings.sort_by(|a, b| {
            (
                a.file,
                a.span.map(|s| (s.start, s.end)),
                &a.rule,
                &a.address,
                &a.message,
            )
                .cmp(&(
                    b.file,
                    b.span.map(|s| (s.start, s.end)),
                    &b.rule,
                    &b.address,
                    &b.message,
                ))
        });
        self.findings.dedup();
        self.not_evaluable.sort_by(|a, b| {
            (a.file, &a.rule, &a.address, &a.reason).cmp(&(b.file, &b.rule, &b.address, &b.reason))
        });
        self.not_evaluable.dedup();
    }
}

/// Runs the rules of `set` that `options` allows over the scan of `context`.
pub fn run_rules<'g>(set: &'g RuleSet, context: &'g Context<'g>, options: RunOptions) -> Outcome {
    let (rules, left_out): (Vec<&Rule>, Vec<&Rule>) = set
        .rules
        .iter()
        .partition(|rule| options.account_baseline || rule.metadata.scope.value != Scope::Account);
    let mut outcome = rules
        .par_iter()
        .map(|rule| run_in_scope(rule, context))
        .reduce(Outcome::default, merge);
    outcome.rules_run = rules.len();
    outcome.not_run = left_out.iter().map(|rule| rule.id.clone()).collect();
    outcome.normalize();
    outcome
}

/// Runs one rule as its scope asks: an account-scope rule is not evaluable, rather than
/// failing, over inputs that do not show the whole account.
pub fn run_in_scope<'g>(rule: &'g Rule, context: &'g Context<'g>) -> Outcome {
    match rule.metadata.scope.value {
        Scope::Account => run_account_rule(rule, context),
        _ => run_rule(rule, context),
    }
}

/// Runs one rule.
pub fn run_rule<'g>(rule: &'g Rule, context: &'g Context<'g>) -> Outcome {
    let run = RuleRun {
        evaluator: Evaluator {
            context,
            rule,
            memo: Memo::default(),
        },
    };
    let mut outcome = Outcome::default();
    let mut env = Env::default();
    run.items(
        &rule.items,
        &mut env,
        &Answer::YES,
        None,
        true,
        &mut outcome,
    );
    outcome
}

/// Runs an account-scope rule: when the scan does not show the whole account (an input
/// was not read, or none loaded), a failure could come from what was not read, so it
/// becomes one not-evaluable result that says why; a rule satisfied by what was read
/// stays satisfied.
fn run_account_rule<'g>(rule: &'g Rule, context: &'g Context<'g>) -> Outcome {
    let mut outcome = run_rule(rule, context);
    let Some((file, reason)) = context.incomplete_account() else {
        return outcome;
    };
    if outcome.findings.is_empty() && !context.inputs.is_empty() {
        return outcome;
    }
    outcome.findings.clear();
    outcome.not_evaluable = vec![NotEvaluable {
        rule: rule.id.clone(),
        address: None,
        file,
        reason,
    }];
    outcome
}

fn merge(mut a: Outcome, mut b: Outcome) -> Outcome {
    a.findings.append(&mut b.findings);
    a.not_evaluable.append(&mut b.not_evaluable);
    a
}

struct RuleRun<'g> {
    evaluator: Evaluator<'g>,
}

impl<'g> RuleRun<'g> {
    /// Runs a block's items under `guard` (the answer for "this block applies") with
    /// `subject` the innermost declared resource a loop stands for.
    fn items(
        &self,
        items: &'g [Item],
        env: &mut Env<'g>,
        guard: &Answer,
        subject: Option<&Val<'g>>,
        top: bool,
        out: &mut Outcome,
    ) {
        let depth = env.depth();
        for item in items {
            match item {
                // Inside a loop a `let` is evaluated when first read; at the top its value
                // is shared by the loops below, whose items run in parallel on copies of
                // the bindings, so it is evaluated once, now.
                Item::Let(binding) if top => {
                    let value = self.evaluator.eval(&binding.value, env);
                    env.bind(&binding.name.text, value);
                }
                Item::Let(binding) => env.defer(&binding.name.text, &binding.value),
                Item::For(block) => {
                    let list = self.evaluator.eval(&block.list, env);
                    let members = match iteration(list) {
                        Ok(members) => members,
                        Err(reason) => {
                            self.not_evaluable(subject, reason, out);
                            continue;
                        }
                    };
                    let one = |member: &Member<'g>, env: &mut Env<'g>, out: &mut Outcome| {
                        let depth = env.depth();
                        env.bind(&block.name.text, member.value.clone());
                        let mut inner = guard.clone().and(member.held.clone());
                        if let Some(when) = &block.when {
                            inner = inner.and(truth(&self.evaluator.eval(when, env)));
                        }
                        if !inner.is_never() {
                            let declared = self.evaluator.context.address(&member.value).is_some();
                            let subject = if declared {
                                Some(&member.value)
                            } else {
                                subject
                            };
                            self.items(&block.items, env, &inner, subject, false, out);
                        }
                        env.truncate(depth);
                    };
                    if top {
                        let parts: Vec<Outcome> = members
                            .par_iter()
                            .map(|member| {
                                let mut env = env.clone();
                                let mut part = Outcome::default();
                                one(member, &mut env, &mut part);
                                part
                            })
                            .collect();
                        for mut part in parts {
                            out.findings.append(&mut part.findings);
                            out.not_evaluable.append(&mut part.not_evaluable);
                        }
                    } else {
                        for member in &members {
                            one(member, env, out);
                        }
                    }
                }
                Item::Require(require) => self.require(require, env, guard, subject, out),
            }
        }
        env.truncate(depth);
    }

    fn require(
        &self,
        require: &'g Require,
        env: &mut Env<'g>,
        guard: &Answer,
        subject: Option<&Val<'g>>,
        out: &mut Outcome,
    ) {
        let condition = truth(&self.evaluator.eval(&require.condition, env));
        let judged = (!guard.clone()).or(condition);
        match &judged.must {
            Truth::Yes => {}
            Truth::Unknown(reason) => self.not_evaluable(subject, reason.to_string(), out),
            Truth::No => {
                let conditional = judged.may.is_yes();
                let finding = self.finding(require, env, subject, conditional);
                out.findings.push(finding);
            }
        }
    }

    fn finding(
        &self,
        require: &'g Require,
        env: &mut Env<'g>,
        subject: Option<&Val<'g>>,
        conditional: bool,
    ) -> Finding {
        let context = self.evaluator.context;
        let rule = self.evaluator.rule;
        let at = require.at.as_ref().map(|at| self.evaluator.eval(at, env));
        let loc = at
            .as_ref()
            .and_then(|value| context.loc(value))
            .or_else(|| subject.and_then(|value| context.loc(value)))
            .or_else(|| {
                // Line 1 of the first input that loaded, never a file that was skipped
                // or could not be read.
                context.inputs.first().map(|input| Loc {
                    file: input.file,
                    span: Span::new(0, 0),
                })
            });
        let address = context.finding_address(subject, at.as_ref());
        let mut message = OneLine::default();
        let mut evidence: Vec<Evidence> = Vec::new();
        for part in &require.message.parts {
            match part {
                MessagePart::Text(text, _) => {
                    message.push(text);
                }
                MessagePart::Expr(expr) => {
                    let value = self.evaluator.eval(expr, env);
                    let range = message.push(&context.render(&value));
                    let place = context.loc(&value).filter(|place| Some(*place) != loc);
                    if let Some(place) = place
                        && !range.is_empty()
                        && evidence.len() < MAX_EVIDENCE
                        && !evidence
                            .iter()
                            .any(|seen| seen.file == place.file && seen.span == place.span)
                    {
                        evidence.push(Evidence {
                            range,
                            file: place.file,
                            span: place.span,
                        });
                    }
                }
            }
        }
        let mut message = message.text;
        if conditional {
            message.push_str(" This applies only under some of the inputs' conditions.");
        }
        let level = match require.level.as_ref().map(|name| name.text.as_str()) {
            Some("warning") => Level::Warning,
            Some("note") => Level::Note,
            Some(_) => Level::Error,
            None => rule.metadata.level.value,
        };
        let anchor = at
            .as_ref()
            .map(|value| context.identity(value))
            .unwrap_or_default();
        let identity = |path: &str| {
            fingerprint(&[
                &rule.id,
                path,
                address.as_deref().unwrap_or_default(),
                &anchor,
            ])
        };
        let path = loc.map(|loc| context.repository_path(loc.file));
        let fingerprint = identity(path.as_deref().unwrap_or_default());
        // Earlier versions named the file as the user did; their baselines still match.
        let as_named = loc.map(|loc| context.path(loc.file));
        let fingerprint_as_named = match as_named {
            Some(named) if Some(&named) != path.as_ref() => Some(identity(&named)),
            _ => None,
        };
        Finding {
            rule: rule.id.clone(),
            level,
            message,
            file: loc.map(|loc| loc.file),
            span: loc.map(|loc| loc.span),
            address,
            conditional,
            fingerprint,
            fingerprint_as_named,
            suppressed: None,
            unchanged: false,
            evidence,
        }
    }

    fn not_evaluable(&self, subject: Option<&Val<'g>>, reason: String, out: &mut Outcome) {
        let context = self.evaluator.context;
        out.not_evaluable.push(NotEvaluable {
            rule: self.evaluator.rule.id.clone(),
            address: subject.and_then(|value| context.address(value)),
            file: subject
                .and_then(|value| context.loc(value))
                .map(|loc| loc.file),
            reason,
        });
    }
}

/// The items a `for` runs over: a list's items, every branch's items when the list
/// depends on a condition (each held in some possibilities), nothing for a missing
/// value; an unknown list cannot be iterated.
fn iteration(list: Val<'_>) -> Result<Vec<Member<'_>>, String> {
    match list {
        Val::List(members) => Ok(members.to_vec()),
        Val::OneOf(branches) => {
            let mut members = Vec::new();
            for branch in branches.iter() {
                members.extend(iteration(branch.clone())?.into_iter().map(|member| Member {
                    held: member.held.in_some_possibility(),
                    value: member.value,
                }));
            }
            Ok(members)
        }
        Val::Unknown(unknown) => Err(unknown.reason.to_string()),
        Val::Absent | Val::Null => Ok(Vec::new()),
        other => Ok(vec![Member {
            value: other,
            held: Answer::YES,
        }]),
    }
}

/// A message built part by part with every run of white space made one space and none at
/// either end, as messages are shown, telling where each part landed.
#[derive(Default)]
struct OneLine {
    text: String,
    space_pending: bool,
}

impl OneLine {
    /// Appends `part`; the bytes of the message its words took.
    fn push(&mut self, part: &str) -> std::ops::Range<usize> {
        let mut start = None;
        for c in part.chars() {
            if c.is_whitespace() {
                self.space_pending = !self.text.is_empty();
                continue;
            }
            if std::mem::take(&mut self.space_pending) {
                self.text.push(' ');
            }
            start.get_or_insert(self.text.len());
            self.text.push(c);
        }
        let end = self.text.len();
        start.unwrap_or(end)..end
    }
}
