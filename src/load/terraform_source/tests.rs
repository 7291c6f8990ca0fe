//! The source loader on modules written as teams write them: what it reads, the
//! addresses it gives, what it leaves unknown and why.

use std::path::Path;

use super::*;
use crate::load::Mode;

fn module(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn load(dir: &Path) -> LoadedModule {
    load_with(dir, &VariableOptions::default())
}

fn load_with(dir: &Path, options: &VariableOptions) -> LoadedModule {
    load_root(dir, &Root::at(dir).unwrap(), options)
}

fn addresses(loaded: &LoadedModule) -> Vec<String> {
    loaded
        .loaded
        .iter()
        .flat_map(|input| &input.resources)
        .map(|resource| resource.address.to_string())
        .collect()
}

fn resource<'a>(loaded: &'a LoadedModule, address: &str) -> &'a Resource {
    loaded
        .loaded
        .iter()
        .flat_map(|input| &input.resources)
        .find(|resource| &*resource.address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(loaded)))
}

fn text<'a>(resource: &'a Resource, key: &str) -> &'a str {
    resource
        .properties
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| {
            panic!(
                "{key} of {} is {:?}",
                resource.address,
                resource.properties.get(key)
            )
        })
}

fn unknown_reason(value: &Value) -> &str {
    match &value.kind {
        ValueKind::Unknown(unknown) => &unknown.reason,
        other => panic!("not unknown: {other:?}"),
    }
}

/// The first problem of `loaded` with `code`.
fn problem<'a>(loaded: &'a LoadedModule, code: &str) -> &'a Problem {
    loaded
        .problems
        .iter()
        .find(|problem| problem.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", loaded.problems))
}

/// The file of `loaded` whose path ends with `name`.
fn file_named<'a>(loaded: &'a LoadedModule, name: &str) -> &'a SourceFile {
    loaded
        .files
        .iter()
        .find(|file| file.path.ends_with(name))
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn count_and_for_each_give_the_addresses_a_plan_prints() {
    let dir = module(&[(
        "main.tf",
        r#"
locals {
  teams = { ops = "o", "dev team" = "d" }
}
resource "aws_iam_role" "single" { name = "single" }
resource "aws_iam_role" "counted" {
  count = 2
  name  = "counted-${count.index}"
}
resource "aws_iam_role" "each" {
  for_each = local.teams
  name     = "team-${each.key}-${each.value}"
}
resource "aws_iam_role" "set" {
  for_each = toset(["b", "a"])
  name     = each.value
}
resource "aws_iam_role" "none" {
  count = 0
}
"#,
    )]);
    let loaded = load(dir.path());
    let mut found = addresses(&loaded);
    found.retain(|address| !address.starts_with("aws_iam_role.set"));
    assert_eq!(
        found,
        [
            "aws_iam_role.single",
            "aws_iam_role.counted[0]",
            "aws_iam_role.counted[1]",
            r#"aws_iam_role.each["dev team"]"#,
            r#"aws_iam_role.each["ops"]"#,
        ]
    );
    assert_eq!(
        text(resource(&loaded, "aws_iam_role.counted[1]"), "name"),
        "counted-1"
    );
    assert_eq!(
        text(
            resource(&loaded, r#"aws_iam_role.each["dev team"]"#),
            "name"
        ),
        "team-dev team-d"
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

#[test]
fn variables_take_terraform_precedence() {
    let dir = module(&[
        (
            "variables.tf",
            r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "count" {
  type    = number
  default = 1
}
variable "missing" {}
"#,
        ),
        (
            "terraform.tfvars",
            "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\nundeclared = 1\n",
        ),
        ("x.auto.tfvars", "c = \"auto\"\nd = \"auto\"\n"),
        (
            "y.auto.tfvars.json",
            "{\"d\": \"auto-json\", \"count\": \"3\"}",
        ),
        (
            "main.tf",
            r#"
resource "aws_iam_role" "r" {
  count = var.count
  name  = join("-", [var.a, var.b, var.c, var.d, var.e])
  path  = var.missing
  description = "${var.a}/${var.b}/${var.c}/${var.d}/${var.e}"
}
"#,
        ),
    ]);
    let options = VariableOptions {
        values: vec![("e".to_owned(), "cli".to_owned())],
        files: Vec::new(),
        environment: vec![
            ("a".to_owned(), "env".to_owned()),
            ("b".to_owned(), "env".to_owned()),
        ],
    };
    let loaded = load_with(dir.path(), &options);
    assert_eq!(
        addresses(&loaded).len(),
        3,
        "count = \"3\" from JSON, converted to a number"
    );
    let role = resource(&loaded, "aws_iam_role.r[2]");
    assert_eq!(text(role, "description"), "env/tfvars/auto/auto-json/cli");
    let reason = unknown_reason(role.properties.get("path").unwrap());
    assert!(
        reason.contains("variable `missing` has no value"),
        "{reason}"
    );
    let warnings: Vec<&str> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        warnings.iter().any(|w| w.contains("`undeclared`")),
        "{warnings:?}"
    );
}

#[test]
fn module_calls_give_prefixed_addresses_and_pass_inputs_and_outputs() {
    let dir = module(&[
        (
            "main.tf",
            r#"
module "team" {
  source   = "./modules/role"
  for_each = { ops = "o", dev = "d" }
  name     = "support-${each.key}"
}
module "off" {
  source  = "./modules/role"
  name    = "off"
  enabled = false
}
resource "aws_iam_role_policy_attachment" "extra" {
  role       = module.team["ops"].role_name
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
"#,
        ),
        (
            "modules/role/main.tf",
            r#"
variable "name" { type = string }
variable "enabled" {
  type    = bool
  default = true
}
resource "aws_iam_role" "this" {
  count = var.enabled ? 1 : 0
  name  = var.name
}
output "role_name" { value = aws_iam_role.this[0].name }
"#,
        ),
    ]);
    let loaded = load(dir.path());
    assert_eq!(
        addresses(&loaded),
        [
            "aws_iam_role_policy_attachment.extra",
            r#"module.team["dev"].aws_iam_role.this[0]"#,
            r#"module.team["ops"].aws_iam_role.this[0]"#,
        ]
    );
    let role = resource(&loaded, r#"module.team["ops"].aws_iam_role.this[0]"#);
    assert_eq!(text(role, "name"), "support-ops");
    let attachment = resource(&loaded, "aws_iam_role_policy_attachment.extra");
    match &attachment.properties.get("role").unwrap().kind {
        ValueKind::Reference(reference) => {
            assert_eq!(
                &*reference.address,
                r#"module.team["ops"].aws_iam_role.this[0]"#
            );
            assert_eq!(reference.attribute.as_deref(), Some("name"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nested_blocks_and_dynamic_blocks_are_lists_of_mappings() {
    let dir = module(&[(
        "main.tf",
        r#"
locals {
  denied = ["iam:*", "organizations:*"]
}
data "aws_iam_policy_document" "d" {
  statement {
    sid     = "Cases"
    actions = ["support:*"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = local.denied
    iterator = action
    content {
      sid     = "Deny${action.key}"
      effect  = "Deny"
      actions = [action.value]
      condition {
        test     = "Bool"
        variable = "aws:MultiFactorAuthPresent"
        values   = ["false"]
      }
    }
  }
  lifecycle {
    postcondition {
      condition = true
      error_message = "x"
    }
  }
}
"#,
    )]);
    let loaded = load(dir.path());
    let document = resource(&loaded, "data.aws_iam_policy_document.d");
    assert_eq!(document.mode, Mode::Data);
    let statements = document
        .properties
        .get("statement")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(statements.len(), 3);
    assert_eq!(statements[2].get("sid").unwrap().as_str(), Some("Deny1"));
    let actions = statements[2].get("actions").unwrap().as_list().unwrap();
    assert_eq!(actions[0].as_str(), Some("organizations:*"));
    let condition = statements[1].get("condition").unwrap().as_list().unwrap();
    assert_eq!(condition[0].get("test").unwrap().as_str(), Some("Bool"));
    assert!(
        document.properties.get("lifecycle").is_none(),
        "meta-arguments are left out"
    );
}

#[test]
fn for_expressions_conditionals_and_splats_evaluate() {
    let dir = module(&[(
        "main.tf",
        r#"
variable "admins" {
  default = ["alice", "bob", "carol"]
}
variable "unset" {}
locals {
  arns    = [for name in var.admins : "arn:aws:iam::111122223333:user/${name}" if name != "bob"]
  by_name = { for name in var.admins : upper(name) => length(name) }
  first   = var.admins[0]
  chosen  = var.unset ? "a" : "b"
}
resource "aws_iam_role" "r" {
  count       = 2
  name        = local.first
  description = local.chosen
  path        = "/${local.arns[1]}/"
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = (aws_iam_role.r[*].name)[1]
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
"#,
    )]);
    let loaded = load(dir.path());
    let role = resource(&loaded, "aws_iam_role.r[0]");
    assert_eq!(text(role, "name"), "alice");
    assert_eq!(text(role, "path"), "/arn:aws:iam::111122223333:user/carol/");
    match &role.properties.get("description").unwrap().kind {
        ValueKind::OneOf(choices) => {
            let texts: Vec<_> = choices.iter().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(texts, ["a", "b"]);
        }
        other => panic!("a condition on an unset variable is both branches: {other:?}"),
    }
    let attachment = resource(&loaded, "aws_iam_role_policy_attachment.a");
    match &attachment.properties.get("role").unwrap().kind {
        ValueKind::Reference(reference) => assert_eq!(&*reference.address, "aws_iam_role.r[1]"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn comments_on_a_block_suppress_with_a_reason() {
    let dir = module(&[(
        "main.tf",
        r#"
# Break-glass access, reviewed.
# supportscan:ignore SUP004 -- break-glass user, reviewed by security (SEC-1)
resource "aws_iam_user_policy_attachment" "glass" {
  user       = "glass"
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
  // supportscan:ignore SUP002
}

resource "aws_iam_role" "plain" {}
"#,
    )]);
    let loaded = load(dir.path());
    let glass = resource(&loaded, "aws_iam_user_policy_attachment.glass");
    let found: Vec<_> = glass
        .suppressions
        .iter()
        .map(|s| (s.rule.as_deref(), s.reason.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some("SUP004"),
                Some("break-glass user, reviewed by security (SEC-1)")
            ),
            (Some("SUP002"), None),
        ]
    );
    let text = &loaded.files[0].text;
    let first = &glass.suppressions[0];
    assert!(text[first.span.range()].starts_with("# supportscan:ignore SUP004"));
    assert!(
        resource(&loaded, "aws_iam_role.plain")
            .suppressions
            .is_empty()
    );
}

#[test]
fn bad_files_and_modules_that_are_not_here_are_problems_and_the_rest_loads() {
    let dir = module(&[
        (
            "broken.tf",
            "resource \"aws_iam_role\" \"x\" {\n  name = \n",
        ),
        (
            "main.tf",
            r#"
module "remote" {
  source  = "terraform-aws-modules/iam/aws"
  version = "5.0.0"
}
module "outside" {
  source = "../../elsewhere"
}
resource "aws_iam_role" "kept" {
  name = module.remote.role_name
}
"#,
        ),
    ]);
    let loaded = load(dir.path());
    assert_eq!(addresses(&loaded), ["aws_iam_role.kept"]);
    let codes: Vec<_> = loaded
        .problems
        .iter()
        .map(|p| (p.code, p.severity))
        .collect();
    assert!(
        codes.contains(&("tf-source-invalid", crate::problem::Severity::Error)),
        "{codes:?}"
    );
    let messages: Vec<_> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("is not installed here")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("`../../elsewhere`")),
        "{messages:?}"
    );
    let broken = problem(&loaded, "tf-source-invalid");
    assert_eq!(
        loaded.files[broken.file.unwrap().0 as usize]
            .path
            .file_name()
            .unwrap(),
        "broken.tf"
    );
    let name = resource(&loaded, "aws_iam_role.kept")
        .properties
        .get("name")
        .unwrap();
    assert!(unknown_reason(name).contains("module `remote`"), "{name:?}");
}

#[test]
fn installed_registry_modules_are_read_from_the_modules_manifest() {
    let dir = module(&[
        (
            "main.tf",
            "module \"iam\" {\n  source = \"terraform-aws-modules/iam/aws\"\n  role_name = \"installed\"\n}\n",
        ),
        (
            ".terraform/modules/modules.json",
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"iam","Source":"registry.terraform.io/terraform-aws-modules/iam/aws","Version":"5.0.0","Dir":".terraform/modules/iam"}]}"#,
        ),
        (
            ".terraform/modules/iam/main.tf",
            "variable \"role_name\" {}\nresource \"aws_iam_role\" \"this\" { name = var.role_name }\n",
        ),
    ]);
    let loaded = load(dir.path());
    assert_eq!(
        text(resource(&loaded, "module.iam.aws_iam_role.this"), "name"),
        "installed"
    );
}

#[test]
fn a_local_that_needs_itself_is_unknown_not_a_hang() {
    let dir = module(&[(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_iam_role\" \"r\" { name = local.a }\n",
    )]);
    let loaded = load(dir.path());
    let name = resource(&loaded, "aws_iam_role.r")
        .properties
        .get("name")
        .unwrap();
    assert!(
        unknown_reason(name).contains("refers to itself"),
        "{name:?}"
    );
}

#[test]
fn references_carry_the_file_of_their_target_and_renumbering_shifts_it() {
    let dir = module(&[
        ("a.tf", "resource \"aws_iam_role\" \"r\" { name = \"r\" }\n"),
        (
            "b.tf",
            "resource \"aws_iam_role_policy_attachment\" \"p\" {\n  role = aws_iam_role.r.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}\n",
        ),
    ]);
    let mut loaded = load(dir.path());
    loaded.renumber(5);
    assert_eq!(
        loaded.loaded.iter().map(|i| i.file.0).collect::<Vec<_>>(),
        [5, 6]
    );
    let role = resource(&loaded, "aws_iam_role_policy_attachment.p")
        .properties
        .get("role")
        .unwrap();
    match &role.kind {
        ValueKind::Reference(reference) => assert_eq!(reference.file, Some(FileId(5))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_byte_order_mark_is_read_as_terraform_reads_it() {
    let dir = module(&[(
        "main.tf",
        "\u{feff}resource \"aws_iam_role\" \"r\" {\n  name = \"bom\"\n}\n",
    )]);
    let loaded = load(dir.path());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let role = resource(&loaded, "aws_iam_role.r");
    let name = role.properties.get("name").unwrap();
    assert_eq!(&loaded.files[0].text[name.span.range()], "\"bom\"");
}

#[test]
fn huge_counts_and_multiplying_modules_are_bounded() {
    let dir = module(&[(
        "main.tf",
        "resource \"aws_iam_role\" \"r\" {\n  count = 100000000\n  name  = \"r${count.index}\"\n}\n",
    )]);
    let loaded = load(dir.path());
    assert_eq!(addresses(&loaded), ["aws_iam_role.r[0]"]);
    let condition = resource(&loaded, "aws_iam_role.r[0]")
        .condition
        .as_deref()
        .unwrap();
    assert!(
        condition.contains("more than supportscan expands"),
        "{condition}"
    );

    let dir = module(&[(
        "main.tf",
        "module \"m\" {\n  source = \"./\"\n  count  = 10000\n}\nresource \"aws_iam_role\" \"r\" { name = \"x\" }\n",
    )]);
    let loaded = load(dir.path());
    assert!(addresses(&loaded).len() <= instance::MAX_ROOT_INSTANCES);
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.message.contains("the rest are not read")),
        "{:?}",
        loaded
            .problems
            .iter()
            .map(|p| &p.message)
            .collect::<Vec<_>>()
    );
}

#[test]
fn two_module_calls_may_feed_each_others_outputs() {
    let dir = module(&[
        (
            "main.tf",
            r#"
module "roles" {
  source     = "./modules/roles"
  policy_arn = module.policies.support_arn
}
module "policies" {
  source    = "./modules/policies"
  role_name = module.roles.role_name
}
"#,
        ),
        (
            "modules/roles/main.tf",
            r#"
variable "policy_arn" {}
resource "aws_iam_role" "this" { name = "support" }
resource "aws_iam_role_policy_attachment" "this" {
  role       = aws_iam_role.this.name
  policy_arn = var.policy_arn
}
output "role_name" { value = "support" }
"#,
        ),
        (
            "modules/policies/main.tf",
            r#"
variable "role_name" {}
output "support_arn" { value = "arn:aws:iam::aws:policy/AWSSupportAccess" }
resource "aws_iam_policy" "p" {
  name   = "for-${var.role_name}"
  policy = "{}"
}
"#,
        ),
    ]);
    let loaded = load(dir.path());
    let attachment = resource(&loaded, "module.roles.aws_iam_role_policy_attachment.this");
    assert_eq!(
        text(attachment, "policy_arn"),
        "arn:aws:iam::aws:policy/AWSSupportAccess"
    );
    assert_eq!(
        text(
            resource(&loaded, "module.policies.aws_iam_policy.p"),
            "name"
        ),
        "for-support"
    );
}

#[test]
fn instance_keys_are_quoted_as_a_plan_prints_them() {
    let dir = module(&[(
        "main.tf",
        "resource \"aws_iam_role\" \"r\" {\n  for_each = toset([\"$${x}\", \"q\\\"b\"])\n  name = \"n\"\n}\n",
    )]);
    let loaded = load(dir.path());
    assert_eq!(
        addresses(&loaded),
        [r#"aws_iam_role.r["$${x}"]"#, r#"aws_iam_role.r["q\"b"]"#]
    );
}

#[test]
fn json_syntax_files_load_beside_native_ones_with_positions_in_the_json() {
    let json = r#"{
  "//": {"metadata": {"stackName": "support", "version": "0.20.11"}},
  "locals": {"support_policy": "arn:aws:iam::aws:policy/AWSSupportAccess"},
  "resource": {
    "aws_iam_role_policy_attachment": {
      "support": {
        "//": {"metadata": {"path": "support/support", "uniqueId": "support"}},
        "for_each": "${toset(var.roles)}",
        "role": "${each.value}",
        "policy_arn": "${local.support_policy}"
      }
    }
  }
}
"#;
    let dir = module(&[
        ("cdk.tf.json", json),
        (
            "variables.tf",
            "variable \"roles\" {\n  type    = list(string)\n  default = [\"support\"]\n}\n",
        ),
        (
            "main.tf",
            "resource \"aws_iam_role\" \"support\" {\n  name = local.support_policy\n}\n",
        ),
        (
            "broken.tf.json",
            "{\"resource\": {\"aws_iam_role\": {\"x\": {\"name\": }}}}",
        ),
        (
            "glass.tf.json",
            "{\"resource\": {\"aws_iam_user_policy_attachment\": {\"glass\": {\n  \"//\": \"supportscan:ignore SUP004 -- break-glass user (SEC-9)\",\n  \"user\": \"glass\",\n  \"policy_arn\": \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}}}}\n",
        ),
    ]);
    let loaded = load(dir.path());
    assert_eq!(
        addresses(&loaded),
        [
            "aws_iam_role_policy_attachment.support[\"support\"]",
            "aws_iam_user_policy_attachment.glass",
            "aws_iam_role.support"
        ]
    );
    let glass = resource(&loaded, "aws_iam_user_policy_attachment.glass");
    let suppression = &glass.suppressions[0];
    assert_eq!(suppression.rule.as_deref(), Some("SUP004"));
    assert_eq!(
        suppression.reason.as_deref(),
        Some("break-glass user (SEC-9)")
    );
    let glass_file = file_named(&loaded, "glass.tf.json");
    assert_eq!(
        &glass_file.text[suppression.span.range()],
        "\"supportscan:ignore SUP004 -- break-glass user (SEC-9)\"",
        "the suppression is placed at the JSON string"
    );
    assert!(
        resource(
            &loaded,
            "aws_iam_role_policy_attachment.support[\"support\"]"
        )
        .suppressions
        .is_empty(),
        "CDK for Terraform's metadata objects are no suppression"
    );
    let attachment = resource(
        &loaded,
        "aws_iam_role_policy_attachment.support[\"support\"]",
    );
    assert_eq!(
        text(attachment, "policy_arn"),
        "arn:aws:iam::aws:policy/AWSSupportAccess"
    );
    assert_eq!(text(attachment, "role"), "support");
    assert_eq!(
        text(resource(&loaded, "aws_iam_role.support"), "name"),
        "arn:aws:iam::aws:policy/AWSSupportAccess",
        "a local of the JSON file is read from the native one"
    );
    let source = file_named(&loaded, "cdk.tf.json");
    let at = |span: Span| {
        let position = source.position(span.start);
        (position.line, position.column)
    };
    assert_eq!(at(attachment.span), (6, 7), "the resource's name label");
    let policy_arn = attachment.properties.get("policy_arn").unwrap();
    assert_eq!(
        at(policy_arn.span),
        (10, 23),
        "the value as the JSON writes it"
    );
    let broken = problem(&loaded, "tf-source-invalid");
    let broken_file = &loaded.files[broken.file.unwrap().0 as usize];
    assert!(broken_file.path.ends_with("broken.tf.json"));
    assert!(
        broken.message.contains("not valid JSON"),
        "{}",
        broken.message
    );
    assert_eq!(
        broken.span.unwrap().start as usize,
        "{\"resource\": {\"aws_iam_role\": {\"x\": {\"name\": ".len()
    );
}

#[test]
fn a_quoted_single_interpolation_is_its_value_not_a_string() {
    let dir = module(&[(
        "main.tf",
        r#"
variable "users" {
  default = ["alice", "carol"]
}
resource "aws_iam_user_policy_attachment" "oncall" {
  for_each   = "${toset(var.users)}"
  user       = "${each.value}"
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
"#,
    )]);
    let loaded = load(dir.path());
    assert_eq!(
        addresses(&loaded),
        [
            "aws_iam_user_policy_attachment.oncall[\"alice\"]",
            "aws_iam_user_policy_attachment.oncall[\"carol\"]"
        ]
    );
}
