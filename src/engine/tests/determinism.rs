//! The same inputs give the same findings in the same order, whatever the number of
//! threads.

use super::run;
use crate::engine::run::RunOptions;

#[test]
fn findings_are_identical_for_any_number_of_threads() {
    let mut template = String::from("Resources:\n");
    for index in 0..200 {
        template.push_str(&format!(
            "  Role{index}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {{Effect: Allow, Principal: \"*\", Action: sts:AssumeRole}}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]\n"
        ));
    }
    let rules = [
        "for role in roles {\n  require not is_support_role(role) << {role.address} a >>\n}",
        "for role in roles {\n  require empty role.trust.statements[ admits_anyone(this) ] << {role.address} b >>\n}",
    ];
    let runs: Vec<Vec<String>> = [1, 2, 4]
        .into_iter()
        .map(|threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| run(&rules, &[&template], RunOptions::default()).findings())
        })
        .collect();
    assert_eq!(runs[0].len(), 400);
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}
