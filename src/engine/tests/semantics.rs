//! How rules run: filters and guards with uncertain items, conditional findings,
//! not-evaluable results, positions, messages and levels.

use super::run;
use crate::engine::run::RunOptions;
use crate::lang::Level;

const ROLES: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
  ExtraPolicy: {Type: String}
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  Open:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 43200
      AssumeRolePolicyDocument:
        Statement:
          - Sid: Everyone
            Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess
  Narrowed:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: sts:AssumeRole
            Condition: {StringEquals: {aws:PrincipalOrgID: o-abc123}}
      ManagedPolicyArns: [arn:aws-us-gov:iam::aws:policy/AWSSupportAccess]
  Conditional:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !If [Prod, arn:aws:iam::aws:policy/AWSSupportAccess, !Ref AWS::NoValue]
  Unresolved:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: sts:AssumeRole
      ManagedPolicyArns: [!Ref ExtraPolicy]
  Plain:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
"#;

const OPEN_TRUST: &str = "for role in roles when is_support_role(role) {
  let open = role.trust.statements[ admits_anyone(this) and not narrowed(this) ]
  require empty open at open[0]
    << Role {role.address} lets anyone assume it
       (statement {open[0]}). >>
}";

#[test]
fn a_must_not_rule_fires_certainly_conditionally_or_not_at_all() {
    let ran = run(&[OPEN_TRUST], &[ROLES], RunOptions::default());
    assert_eq!(
        ran.findings(),
        [
            "Open 14: Role Open lets anyone assume it (statement Everyone).",
            "Conditional 35: Role Conditional lets anyone assume it (statement 1). \
             This applies only under some of the inputs' conditions.",
        ]
    );
    let conditional: Vec<bool> = ran.outcome.findings.iter().map(|f| f.conditional).collect();
    assert_eq!(conditional, [false, true]);
    // The role whose attachment names a parameter without a default cannot be judged.
    let undecided: Vec<_> = ran
        .outcome
        .not_evaluable
        .iter()
        .map(|item| item.address.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(undecided, ["Unresolved"]);
}

#[test]
fn filters_keep_uncertain_items_and_some_all_weigh_them() {
    let rules = [
        // Certain members only: a support role certainly exists.
        "require not possibly(some r in roles: is_support_role(r) and r.address == \"Nope\") << none >>",
        // `all` over roles: Plain is not a support role, so this fails for the scan.
        "for role in roles when role.address == \"Plain\" {\n  require all s in role.trust.statements: s.effect == \"Deny\" at role << {role.address} allows: {role.trust.statements.effect} >>\n}",
        // A filter with an unknown predicate keeps a maybe item: `count` is unknown.
        "let support = roles[ is_support_role(this) ]\nfor role in roles when role.address == \"Plain\" {\n  require count(support) == 3 at role << counted >>\n}",
    ];
    let ran = run(&rules, &[ROLES], RunOptions::default());
    assert_eq!(ran.findings(), ["Plain 49: Plain allows: Allow"]);
    let reasons: Vec<&str> = ran
        .outcome
        .not_evaluable
        .iter()
        .map(|item| item.rule.as_str())
        .collect();
    assert_eq!(reasons, ["T3"]);
}

#[test]
fn findings_point_at_raw_properties_and_take_the_require_level() {
    let rule = "for role in roles {\n  require not (role.resource.properties.MaxSessionDuration > 3600)\n    at role.resource.properties.MaxSessionDuration level warning\n    << {role.address} keeps sessions for {role.resource.properties.MaxSessionDuration} seconds; missing: {role.resource.properties.Nothing} >>\n}";
    let ran = run(&[rule], &[ROLES], RunOptions::default());
    assert_eq!(
        ran.findings(),
        ["Open 11: Open keeps sessions for 43200 seconds; missing: (none)"]
    );
    assert_eq!(ran.outcome.findings[0].level, Level::Warning);
}

#[test]
fn messages_render_lists_without_repeats() {
    let rule = "for role in roles when role.address == \"Narrowed\" {\n  require false << {role.trust.statements.conditions.key} / {[\"a\", \"a\", \"b\"]} / {role.attachments.policy} / {roles[ this.address == \"Open\" ]} >>\n}";
    let ran = run(&[rule], &[ROLES], RunOptions::default());
    assert_eq!(
        ran.findings(),
        ["Narrowed 20: aws:PrincipalOrgID / a, b / AWSSupportAccess / Open"]
    );
}

#[test]
fn account_rules_run_only_for_an_account_baseline() {
    let sources = vec![crate::engine::ruleset::RuleSource {
        path: "a.rule".into(),
        text: super::rule_text(
            "ACC1",
            "account",
            "require possibly(some r in roles: r.address == \"Missing\") << no Missing role >>",
        ),
        origin: crate::engine::RuleOrigin::Custom("a.rule".into()),
    }];
    let loaded = crate::engine::ruleset::load_sources(sources);
    let read = crate::inputs::load_files(vec![crate::source::SourceFile::new(
        "input.yaml",
        ROLES.to_owned(),
    )]);
    let graph = crate::graph::build(&read.loaded);
    let context = crate::engine::Context::new(&graph, &read.files, &read.loaded);
    let skipped = crate::engine::run_rules(&loaded.set, &context, RunOptions::default());
    assert_eq!((skipped.rules_run, skipped.findings.len()), (0, 0));
    let baseline = RunOptions {
        account_baseline: true,
    };
    let ran = crate::engine::run_rules(&loaded.set, &context, baseline);
    assert_eq!(ran.rules_run, 1);
    let finding = &ran.outcome_single();
    assert_eq!(finding.address, None);
    assert_eq!(
        finding.span.map(|s| s.start),
        Some(0),
        "line 1 of the first input"
    );
}

trait Single {
    fn outcome_single(&self) -> crate::engine::Finding;
}

impl Single for crate::engine::Outcome {
    fn outcome_single(&self) -> crate::engine::Finding {
        assert_eq!(self.findings.len(), 1, "{:?}", self.findings);
        self.findings[0].clone()
    }
}

const CHANNELS: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
  OtherRole: {Type: String}
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  RoleA:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}
  RoleB:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}
  RoleC:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}
  ChannelA:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Properties:
      TeamId: T1
      ChannelId: C1
      ChannelRoleArn: !GetAtt RoleA.Arn
      NotifyOnCaseSeverity: high
  ChannelB:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Properties:
      TeamId: T1
      ChannelId: C2
      ChannelRoleArn: !If [Prod, !GetAtt RoleA.Arn, !GetAtt RoleB.Arn]
      NotifyOnCaseSeverity: high
  ChannelC:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Properties:
      TeamId: T1
      ChannelId: C3
      ChannelRoleArn: !Ref OtherRole
      NotifyOnCaseSeverity: high
  ChannelD:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Condition: Prod
    Properties:
      TeamId: T1
      ChannelId: C4
      ChannelRoleArn: !GetAtt RoleB.Arn
      NotifyOnCaseSeverity: high
"#;

/// A list that does not depend on the loop is evaluated once per run and read through its
/// grouping by node (`in`, `list[this.f == x]`); the same rule over a `let`-bound copy of
/// the list, read item by item, must answer the same: certain, conditional and unknown
/// channel roles alike.
#[test]
fn invariant_lists_read_by_node_answer_as_item_by_item() {
    let grouped = "for role in roles when role in channels.role {\n  let uses = channels[this.role == role]\n  require not exists uses at role << {role.address} is used by {uses} >>\n}\nfor role in roles when role not in channels.role {\n  require false at role << {role.address} is unused >>\n}";
    let read_in_full = "let every_channel = channels\nfor role in roles when role in every_channel.role {\n  let uses = every_channel[this.role == role]\n  require not exists uses at role << {role.address} is used by {uses} >>\n}\nfor role in roles when role not in every_channel.role {\n  require false at role << {role.address} is unused >>\n}";
    let options = RunOptions::default();
    let grouped = run(&[grouped], &[CHANNELS], options);
    let read_in_full = run(&[read_in_full], &[CHANNELS], options);
    assert_eq!(grouped.findings(), read_in_full.findings());
    let undecided = |ran: &super::Ran| -> Vec<String> {
        ran.outcome
            .not_evaluable
            .iter()
            .map(|item| format!("{:?} {}", item.address, item.reason))
            .collect()
    };
    assert_eq!(undecided(&grouped), undecided(&read_in_full));
    assert_eq!(
        grouped.findings(),
        [
            "RoleA 8: RoleA is used by ChannelA, ChannelB",
            "RoleB 14: RoleB is used by ChannelB, ChannelD",
        ]
    );
    // The channel whose role is a parameter leaves two questions open.
    assert_eq!(grouped.outcome.not_evaluable.len(), 2);
}

/// A `let` inside a loop is evaluated when first read (often never: only a finding's
/// message reads it), but always among the bindings made before it: a later binding of the
/// same name, a quantifier's variable or a filter's `this` where it is read do not change
/// its value.
#[test]
fn a_let_read_later_keeps_the_bindings_of_its_place() {
    let rule = "for role in roles when role.address == \"Open\" {
  let name = role.address
  let trusted = role.trust.statements[ admits_anyone(this) ]
  for role in roles when role.address == \"Plain\" {
    require some other in [\"x\"]: false
      << {name} / {role.address} / {roles[ this.address == name ]} / {trusted[0]} >>
  }
}";
    let ran = run(&[rule], &[ROLES], RunOptions::default());
    let findings = ran.findings();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let message = &findings[0];
    assert!(
        message.contains(": Open / Plain / Open / "),
        "the deferred `name` is the outer role's: {message}"
    );
    assert!(message.contains("Everyone"), "{message}");
}
