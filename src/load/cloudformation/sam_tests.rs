//! Tests of the SAM transform's globals and generated execution roles.

use crate::load::cloudformation::testing::{codes, load, node, property, resource};
use crate::load::{LoadedInput, Pseudo, Reference, TextPart, Value, ValueKind};

fn sam(resources: &str, extra: &str) -> LoadedInput {
    load(&format!(
        r#"{{"Transform": "AWS::Serverless-2016-10-31", {extra} "Resources": {resources}}}"#
    ))
}

fn managed_arn(path_and_name: &str) -> ValueKind {
    ValueKind::Template(vec![
        TextPart::Literal("arn:".into()),
        TextPart::Pseudo(Pseudo::Partition),
        TextPart::Literal(format!(":iam::aws:policy/{path_and_name}").into()),
    ])
}

fn kinds(value: &ValueKind) -> Vec<ValueKind> {
    match value {
        ValueKind::List(items) | ValueKind::OneOf(items) => {
            items.iter().map(|v| v.kind.clone()).collect()
        }
        other => panic!("not a list: {other:?}"),
    }
}

fn service_of(trust: &ValueKind) -> ValueKind {
    let ValueKind::Map(fields) = trust else {
        panic!("{trust:?}")
    };
    let document = Value::new(Default::default(), ValueKind::Map(fields.clone()));
    let statement = &document.get("Statement").unwrap().as_list().unwrap()[0];
    let service = statement.get("Principal").unwrap().get("Service").unwrap();
    service.as_list().unwrap()[0].kind.clone()
}

#[test]
fn function_without_role_gets_the_role_sam_creates() {
    let json = r#"{"Handler": {"Type": "AWS::Serverless::Function", "Condition": "Maybe", "Properties": {
        "Policies": [
          {"Statement": [{"Effect": "Allow", "Action": "support:*", "Resource": "*"}]},
          "AWSSupportAccess",
          "AWSLambdaBasicExecutionRole",
          {"DynamoDBCrudPolicy": {"TableName": "t"}},
          "arn:aws:iam::123456789012:policy/Custom",
          {"Ref": "PolicyArn"}],
        "PermissionsBoundary": "arn:aws:iam::123456789012:policy/Boundary"}}}"#;
    let input = sam(
        json,
        r#""Parameters": {"PolicyArn": {"Type": "String", "Default": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                          "Env": {"Type": "String"}},
           "Conditions": {"Maybe": {"Fn::Equals": [{"Ref": "Env"}, "x"]}},"#,
    );
    assert!(input.problems.is_empty(), "{:?}", input.problems);
    let role = resource(&input, "HandlerRole");
    assert_eq!(&*role.resource_type, "AWS::IAM::Role");
    assert_eq!(role.span, resource(&input, "Handler").span);
    assert_eq!(role.condition.as_deref(), Some("Maybe"));
    let trust = property(&input, "HandlerRole", "AssumeRolePolicyDocument");
    assert_eq!(
        service_of(trust),
        ValueKind::Str("lambda.amazonaws.com".into())
    );
    assert_eq!(
        kinds(property(&input, "HandlerRole", "ManagedPolicyArns")),
        vec![
            managed_arn("service-role/AWSLambdaBasicExecutionRole"),
            managed_arn("AWSSupportAccess"),
            ValueKind::Str("arn:aws:iam::123456789012:policy/Custom".into()),
            ValueKind::Str("arn:aws:iam::aws:policy/ReadOnlyAccess".into()),
        ]
    );
    let policies = property(&input, "HandlerRole", "Policies");
    let ValueKind::List(policies) = policies else {
        panic!("{policies:?}")
    };
    assert_eq!(policies.len(), 1);
    assert_eq!(
        policies[0].get("PolicyName").unwrap().as_str(),
        Some("HandlerRolePolicy0")
    );
    assert!(
        policies[0]
            .get("PolicyDocument")
            .unwrap()
            .get("Statement")
            .is_some()
    );
    assert_eq!(
        property(&input, "HandlerRole", "PermissionsBoundary"),
        &ValueKind::Str("arn:aws:iam::123456789012:policy/Boundary".into())
    );
    // The function itself is kept.
    assert!(
        matches!(property(&input, "Handler", "Policies"), ValueKind::List(items) if items.len() == 6)
    );
}

#[test]
fn function_with_a_role_gets_none() {
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function", "Properties": {"Role": "arn:aws:iam::1:role/x", "Policies": "AWSSupportAccess"}}}"#,
        "",
    );
    assert_eq!(input.resources.len(), 1);
}

#[test]
fn without_the_transform_no_role_is_created() {
    let input =
        load(r#"{"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {}}}}"#);
    assert_eq!(input.resources.len(), 1);
}

#[test]
fn state_machines_get_a_role_only_with_policies() {
    let input = sam(
        r#"{"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": {"Policies": "AWSSupportAccess"}},
            "Bare": {"Type": "AWS::Serverless::StateMachine", "Properties": {}}}"#,
        "",
    );
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(addresses, vec!["Machine", "MachineRole", "Bare"]);
    let trust = property(&input, "MachineRole", "AssumeRolePolicyDocument");
    assert_eq!(
        service_of(trust),
        ValueKind::Str("states.amazonaws.com".into())
    );
    assert_eq!(
        kinds(property(&input, "MachineRole", "ManagedPolicyArns")),
        vec![managed_arn("AWSSupportAccess")]
    );
}

#[test]
fn policies_may_be_one_document() {
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function", "Properties": {
             "Policies": {"Version": "2012-10-17", "Statement": []}, "VpcConfig": {}}}}"#,
        "",
    );
    let policies = property(&input, "FRole", "Policies");
    assert!(matches!(policies, ValueKind::List(items) if items.len() == 1));
    assert_eq!(
        kinds(property(&input, "FRole", "ManagedPolicyArns")),
        vec![
            managed_arn("service-role/AWSLambdaBasicExecutionRole"),
            managed_arn("service-role/AWSLambdaVPCAccessExecutionRole"),
        ]
    );
}

#[test]
fn conditional_policies_convert_each_branch() {
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function", "Properties": {"Policies": [
             {"Fn::If": ["C", "AWSSupportAccess", {"Ref": "AWS::NoValue"}]},
             {"Fn::If": ["C", {"Statement": []}, {"Ref": "AWS::NoValue"}]}]}}}"#,
        r#""Parameters": {"P": {"Type": "String"}}, "Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "x"]}},"#,
    );
    let managed = kinds(property(&input, "FRole", "ManagedPolicyArns"));
    assert_eq!(
        kinds(&managed[1]),
        vec![managed_arn("AWSSupportAccess"), ValueKind::Absent]
    );
    let inline = kinds(property(&input, "FRole", "Policies"));
    let choices = kinds(&inline[0]);
    let ValueKind::Map(fields) = &choices[0] else {
        panic!("{choices:?}")
    };
    assert_eq!(fields[0].value.kind, ValueKind::Str("FRolePolicy1".into()));
    assert_eq!(choices[1], ValueKind::Absent);
}

#[test]
fn globals_apply_unless_ignored() {
    let globals = r#""Globals": {"Function": {
        "PermissionsBoundary": "arn:aws:iam::1:policy/Boundary",
        "RolePath": "/global/",
        "Environment": {"Variables": {"A": "1"}},
        "Layers": ["g"]}},"#;
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function", "Properties": {
               "RolePath": "/local/", "Environment": {"Variables": {"B": "2"}}, "Layers": ["l"]}},
            "G": {"Type": "AWS::Serverless::Function", "IgnoreGlobals": "*"},
            "H": {"Type": "AWS::Serverless::Function", "IgnoreGlobals": ["PermissionsBoundary"]}}"#,
        globals,
    );
    assert!(input.problems.is_empty(), "{:?}", input.problems);
    assert_eq!(
        property(&input, "FRole", "PermissionsBoundary"),
        &ValueKind::Str("arn:aws:iam::1:policy/Boundary".into())
    );
    assert_eq!(
        property(&input, "FRole", "Path"),
        &ValueKind::Str("/local/".into())
    );
    let variables = resource(&input, "F")
        .properties
        .get("Environment")
        .unwrap()
        .get("Variables")
        .unwrap();
    assert_eq!(variables.as_map().unwrap().len(), 2);
    assert_eq!(
        kinds(property(&input, "F", "Layers")),
        vec![ValueKind::Str("g".into()), ValueKind::Str("l".into())]
    );
    assert!(
        resource(&input, "GRole")
            .properties
            .get("PermissionsBoundary")
            .is_none()
    );
    assert!(
        resource(&input, "HRole")
            .properties
            .get("PermissionsBoundary")
            .is_none()
    );
    assert_eq!(
        property(&input, "HRole", "Path"),
        &ValueKind::Str("/global/".into())
    );
}

#[test]
fn function_trust_may_be_its_own() {
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function", "Properties": {"AssumeRolePolicyDocument":
             {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["edgelambda.amazonaws.com"]}}]}}}}"#,
        "",
    );
    let trust = property(&input, "FRole", "AssumeRolePolicyDocument");
    assert_eq!(
        service_of(trust),
        ValueKind::Str("edgelambda.amazonaws.com".into())
    );
}

#[test]
fn generated_roles_can_be_referred_to() {
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function"},
            "Attach": {"Type": "AWS::IAM::Policy", "Properties": {"Roles": [{"Ref": "FRole"}],
               "Other": {"Fn::GetAtt": ["Undeclared", "Arn"]}}}}"#,
        "",
    );
    assert_eq!(
        kinds(property(&input, "Attach", "Roles")),
        vec![ValueKind::Reference(Box::new(Reference {
            address: "FRole".into(),
            attribute: None,
            file: None
        }))]
    );
    // SAM generates resources the template does not declare: no warning there.
    assert!(matches!(
        property(&input, "Attach", "Other"),
        ValueKind::Unknown(_)
    ));
    assert!(input.problems.is_empty());
}

#[test]
fn declared_role_with_the_generated_id_is_reported() {
    let input = sam(
        r#"{"F": {"Type": "AWS::Serverless::Function"}, "FRole": {"Type": "AWS::IAM::Role"}}"#,
        "",
    );
    assert_eq!(input.resources.len(), 2);
    assert_eq!(codes(&input), vec!["cfn-sam-role-clash"]);
}

#[test]
fn odd_policy_names_pass_through() {
    let root = node(r#"["Not a name!", ""]"#);
    let items = root.as_seq().unwrap();
    for item in items {
        let converted = super::managed_policy(item.span, item.as_str().unwrap());
        assert_eq!(converted.as_str(), item.as_str());
    }
}

#[test]
fn globals_merge_down_to_the_depth_limit_and_no_further() {
    // `levels` mappings nested under Environment, the innermost holding one key from the
    // globals and one from the function.
    let nested = |levels: usize, leaf: &str| {
        format!(
            "{}{{\"{leaf}\": \"1\"}}{}",
            "{\"a\": ".repeat(levels),
            "}".repeat(levels)
        )
    };
    let innermost_keys = |levels: usize| {
        let globals = format!(
            r#""Globals": {{"Function": {{"Environment": {}}}}},"#,
            nested(levels, "G")
        );
        let input = sam(
            &format!(
                r#"{{"F": {{"Type": "AWS::Serverless::Function", "Properties": {{"Environment": {}}}}}}}"#,
                nested(levels, "L")
            ),
            &globals,
        );
        let mut value = resource(&input, "F").properties.get("Environment").unwrap();
        for _ in 0..levels {
            value = value.get("a").unwrap();
        }
        let mut keys: Vec<String> = value
            .as_map()
            .unwrap()
            .iter()
            .map(|field| field.key.to_string())
            .collect();
        keys.sort();
        keys
    };
    // Depth counts from the Properties mapping: Environment is one level down, its
    // innermost mapping `levels + 1`.
    assert_eq!(innermost_keys(super::MAX_MERGE_DEPTH - 1), ["G", "L"]);
    assert_eq!(innermost_keys(super::MAX_MERGE_DEPTH), ["L"]);
}
