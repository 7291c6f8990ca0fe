//! A service-linked role's trust is the one AWS writes (the linked service may assume it),
//! so the rules that read a role's trust decide on service-linked roles instead of
//! leaving them not evaluable, in a template and in a plan alike.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  QuotasLinkedRole:
    Type: AWS::IAM::ServiceLinkedRole
    Properties:
      AWSServiceName: servicequotas.amazonaws.com
  BeanstalkLinkedRole:
    Type: AWS::IAM::ServiceLinkedRole
    Properties:
      AWSServiceName: elasticbeanstalk.amazonaws.com
      Description: Elastic Beanstalk environments
"#;

/// The same roles as `terraform show -json` prints a plan creating them.
const PLAN: &str = r#"{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"resources":[{"address":"aws_iam_service_linked_role.quotas","mode":"managed","type":"aws_iam_service_linked_role","name":"quotas","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{"aws_service_name":"servicequotas.amazonaws.com","custom_suffix":null,"description":null,"tags":null},"sensitive_values":{}},{"address":"aws_iam_service_linked_role.beanstalk","mode":"managed","type":"aws_iam_service_linked_role","name":"beanstalk","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{"aws_service_name":"elasticbeanstalk.amazonaws.com","custom_suffix":null,"description":"Elastic Beanstalk environments","tags":null},"sensitive_values":{}}]}},"resource_changes":[{"address":"aws_iam_service_linked_role.quotas","mode":"managed","type":"aws_iam_service_linked_role","name":"quotas","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"aws_service_name":"servicequotas.amazonaws.com","custom_suffix":null,"description":null,"tags":null},"after_unknown":{"arn":true,"create_date":true,"id":true,"name":true,"path":true,"tags_all":true,"unique_id":true},"before_sensitive":false,"after_sensitive":{"tags_all":{}}}},{"address":"aws_iam_service_linked_role.beanstalk","mode":"managed","type":"aws_iam_service_linked_role","name":"beanstalk","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"aws_service_name":"elasticbeanstalk.amazonaws.com","custom_suffix":null,"description":"Elastic Beanstalk environments","tags":null},"after_unknown":{"arn":true,"create_date":true,"id":true,"name":true,"path":true,"tags_all":true,"unique_id":true},"before_sensitive":false,"after_sensitive":{"tags_all":{}}}}],"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws"}},"root_module":{"resources":[{"address":"aws_iam_service_linked_role.quotas","mode":"managed","type":"aws_iam_service_linked_role","name":"quotas","provider_config_key":"aws","expressions":{"aws_service_name":{"constant_value":"servicequotas.amazonaws.com"}},"schema_version":0},{"address":"aws_iam_service_linked_role.beanstalk","mode":"managed","type":"aws_iam_service_linked_role","name":"beanstalk","provider_config_key":"aws","expressions":{"aws_service_name":{"constant_value":"elasticbeanstalk.amazonaws.com"},"description":{"constant_value":"Elastic Beanstalk environments"}},"schema_version":0}]}}}"#;

fn report(name: &str, text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), text).unwrap();
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan", ".", "--format", "json", "--fail-on", "none"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn assert_decided(report: &Value) {
    assert_eq!(report["summary"]["resources"], 2, "{report}");
    assert_eq!(
        report["not_evaluable"].as_array().unwrap().len(),
        0,
        "every check decides on a service-linked role: {}",
        report["not_evaluable"]
    );
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");
}

#[test]
fn service_linked_roles_of_a_template_are_judged_on_the_trust_aws_writes() {
    assert_decided(&report("roles.yaml", TEMPLATE));
}

#[test]
fn service_linked_roles_of_a_plan_are_judged_on_the_trust_aws_writes() {
    assert_decided(&report("plan.json", PLAN));
}

#[test]
fn a_service_name_not_known_before_deployment_leaves_the_trust_unknown() {
    let template = format!(
        "Parameters:\n  LinkedService: {{Type: String}}\n{}",
        TEMPLATE.replacen(
            "AWSServiceName: servicequotas.amazonaws.com",
            "AWSServiceName: !Ref LinkedService",
            1
        )
    );
    let report = report("roles.yaml", &template);
    let undecided: Vec<String> = report["not_evaluable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["reason"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        undecided
            .iter()
            .any(|reason| reason.contains("whose name is not known before deployment")),
        "{undecided:?}"
    );
}
