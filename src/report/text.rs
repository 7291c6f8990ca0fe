//! The terminal report. Problems are drawn on standard error by `diagnostic`; this is the
//! summary on standard output.

use super::Report;

pub(super) fn render(report: &Report<'_>) -> String {
    let s = &report.summary;
    let mut kinds = Vec::new();
    for (count, name) in [
        (s.terraform_plans, "Terraform plan"),
        (s.terraform_states, "Terraform state"),
        (s.cloudformation_templates, "CloudFormation template"),
    ] {
        if count > 0 {
            kinds.push(format!(
                "{count} {name}{}",
                if count == 1 { "" } else { "s" }
            ));
        }
    }
    let loaded = if kinds.is_empty() {
        "no inputs".to_owned()
    } else {
        kinds.join(", ")
    };
    let mut line = format!(
        "Scanned {loaded} ({} resource{}) with {} rule{} in {} ms: no findings.",
        s.resources,
        if s.resources == 1 { "" } else { "s" },
        s.rules,
        if s.rules == 1 { "" } else { "s" },
        s.elapsed_ms
    );
    if s.rules == 0 {
        line.push_str(
            " This version checks inputs only; the support-role rules are not in it yet.",
        );
    }
    if s.input_errors > 0 {
        line.push_str(&format!(
            " {} input{} could not be read (see above).",
            s.input_errors,
            if s.input_errors == 1 { "" } else { "s" }
        ));
    }
    line.push('\n');
    line
}
