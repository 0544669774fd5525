//! Names: action names (also file and module names), and the namespace of the generated service
//! module. The derivation rules (and which names are escaped rather than rejected) live in
//! [`crate::naming`].

use std::collections::HashMap;

use super::Resolver;
use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::{Action, EnumDef};
use crate::load::LoadedService;
use crate::naming;

/// Types and constants every generated service module declares itself.
const MODULE_ITEMS: &[&str] = &[
    "Client",
    "SERVICE",
    "ACTIONS",
    "MOCK",
    "Error",
    "CommonErrorCode",
];

impl Resolver<'_> {
    /// An action's name must be a CamelCase identifier and its file name. Returns its module name
    /// (escaped per [`naming::action_module`]), or `None` when the action is rejected.
    pub(super) fn action_name(&mut self, file: &str, path: &str, name: &str) -> Option<String> {
        if let Err(why) = naming::check_type_name(name) {
            self.error(file, &format!("{path}.name"), why);
            return None;
        }
        let expected_file = format!("{name}.yaml");
        if !file.ends_with(&format!("/{expected_file}")) {
            self.error(
                file,
                &format!("{path}.name"),
                format!("action '{name}' must live in actions/{expected_file}"),
            );
            return None;
        }
        Some(naming::action_module(name, &self.parent_module))
    }

    /// Every name the generated module declares must be unique.
    pub(super) fn check_namespace(
        &mut self,
        loaded: &LoadedService,
        actions: &[Action],
        enums: &[EnumDef],
    ) {
        let mut names: HashMap<String, String> = HashMap::new();
        for r in MODULE_ITEMS {
            names.insert((*r).to_owned(), "the generated module itself".to_owned());
        }
        // Claims a name; false (and an error) when something else has it.
        let mut claim =
            |name: String, owner: String, file: &str, path: &str, diags: &mut Diagnostics| {
                if let Some(previous) = names.get(&name) {
                    diags.push(SpecError::new(
                        file,
                        path,
                        format!("generated name '{name}' of {owner} collides with {previous}"),
                    ));
                    false
                } else {
                    names.insert(name, owner);
                    true
                }
            };
        for (file, ty) in &loaded.types {
            if self.duplicate_types.contains(file) || naming::check_type_name(&ty.name).is_err() {
                continue;
            }
            let path = format!("types.{}", ty.name);
            // One error per item: a type whose name is taken does not claim its builder.
            let _ = claim(
                ty.name.clone(),
                format!("data type {}", ty.name),
                file,
                &path,
                self.diags,
            ) && claim(
                format!("{}Builder", ty.name),
                format!("the builder of data type {}", ty.name),
                file,
                &path,
                self.diags,
            );
        }
        for e in enums {
            let (file, path) = &e.used_at[0];
            claim(
                e.name.clone(),
                format!("enum {}", e.name),
                file,
                &format!("{path}.enum"),
                self.diags,
            );
        }
        for (file, spec_action) in &loaded.actions {
            let Some(a) = actions.iter().find(|a| a.name == spec_action.name) else {
                continue;
            };
            let path = format!("actions.{}", a.name);
            for suffix in [
                "Request",
                "RequestBuilder",
                "Response",
                "Error",
                "ErrorCode",
            ] {
                let name = format!("{}{suffix}", a.name);
                if !claim(name, format!("action {}", a.name), file, &path, self.diags) {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{TestSpec, CREATE_WIDGET};

    fn action_named(name: &str) -> String {
        CREATE_WIDGET.replace("name: CreateWidget", &format!("name: {name}"))
    }

    #[test]
    fn action_names_must_be_camel_case_identifiers() {
        for (name, why) in [
            ("\"\"", "the name is empty"),
            (
                "createWidget",
                "'createWidget' must start with an upper-case ASCII letter",
            ),
            ("1Widget", "'1Widget' must start with an upper-case"),
            (
                "Create_Widget",
                "must contain only ASCII letters and digits",
            ),
            ("CréerWidget", "must contain only ASCII letters and digits"),
            ("Self", "'Self' is a Rust keyword"),
        ] {
            let spec = TestSpec::new().action(&action_named(name));
            let error = spec.error();
            assert!(error.contains(".name: ") && error.contains(why), "{error}");
        }
    }

    #[test]
    fn an_action_lives_in_its_own_file() {
        let mut spec = TestSpec::new().action(&action_named("ListWidgets"));
        spec.actions[1].0 = "ListWidget".to_owned();
        spec.rejects(&[
            "spec/demo/v1/actions/ListWidget.yaml: actions.ListWidgets.name: action 'ListWidgets' must live in actions/ListWidgets.yaml",
        ]);
    }

    #[test]
    fn keyword_and_fixed_module_names_are_escaped() {
        for (name, module) in [
            ("Type", "type_"),
            ("Async", "async_"),
            ("Mod", "mod_"),
            ("Client", "client_"),
            ("Mock", "mock_"),
            ("Types", "types_"),
            ("Enums", "enums_"),
            ("New", "new_"),
            ("Clone", "clone_"),
            ("V1", "v1_"),
        ] {
            let service = TestSpec::new()
                .action(&action_named(name))
                .resolve()
                .unwrap_or_else(|e| panic!("{name}: {e:#?}"));
            assert_eq!(service.actions[1].snake, module, "{name}");
        }
    }

    #[test]
    fn actions_colliding_after_case_conversion() {
        TestSpec::new()
            .action(&action_named("CreateWIDGET"))
            .rejects(&[
                "actions/CreateWIDGET.yaml: actions.CreateWIDGET: name collides with action 'CreateWidget' after case conversion ('create_widget')",
            ]);
    }

    #[test]
    fn generated_names_collide() {
        TestSpec::new()
            .ty("name: CreateWidgetRequest\nfields:\n  - name: A\n    type: String\n")
            .rejects(&[
                "actions.CreateWidget: generated name 'CreateWidgetRequest' of action CreateWidget collides with data type CreateWidgetRequest",
            ]);
        TestSpec::new()
            .ty("name: Client\nfields:\n  - name: A\n    type: String\n")
            .rejects(&["types.Client: generated name 'Client' of data type Client collides with the generated module itself"]);
        TestSpec::new()
            .ty("name: TagBuilder\nfields:\n  - name: A\n    type: String\n")
            .rejects(&["types.TagBuilder: generated name 'TagBuilder' of data type TagBuilder collides with the builder of data type Tag"]);
        // An action's error code enum, and the service's common one.
        TestSpec::new()
            .ty("name: CreateWidgetErrorCode\nfields:\n  - name: A\n    type: String\n")
            .rejects(&[
                "actions.CreateWidget: generated name 'CreateWidgetErrorCode' of action CreateWidget collides with data type CreateWidgetErrorCode",
            ]);
        TestSpec::new()
            .action(&action_named("Common"))
            .rejects(&[
                "actions.Common: generated name 'CommonErrorCode' of action Common collides with the generated module itself",
            ]);
    }

    /// A spec whose wire names need escaping everywhere (and recursive data types), as files.
    const ESCAPES: &[(&str, &str)] = &[
        (
            "demo/v1/service.yaml",
            r#"name: demo
title: Escapes
module: demo::v1
feature: codegen-fixture
version: "2020-01-01"
protocol: tencent_api3
source:
  name: escapes test
  version: "1"
endpoint:
  host: demo.example.com
errors:
  - code: InternalError
  - code: Unhandled
  - code: Common
"#,
        ),
        (
            "demo/v1/types/Node.yaml",
            r#"name: Node
fields:
  - name: Name
    type: String
  - name: Parent
    type: Node
  - name: Build
    type: String
  - name: Shl
    type: Integer
"#,
        ),
        (
            "demo/v1/types/Tree.yaml",
            r#"name: Tree
fields:
  - name: Name
    type: String
    required: true
  - name: Children
    type: Array of Tree
    required: true
  - name: Size
    type: Float
    required: true
    min: 0.5
"#,
        ),
        (
            "demo/v1/types/Ping.yaml",
            r#"name: Ping
fields:
  - name: Pong
    type: Pong
"#,
        ),
        (
            "demo/v1/types/Pong.yaml",
            r#"name: Pong
fields:
  - name: Ping
    type: Ping
  - name: Pings
    type: Array of Ping
"#,
        ),
        (
            "demo/v1/actions/Type.yaml",
            r#"name: Type
rate_limit: 1000000
idempotency_token: Send
pagination:
  offset: State
  limit: Build
  total_count: Request_Id
  items: Items
input:
  - name: State
    type: Integer
  - name: Build
    type: Integer
    default: "20"
    min: 1
    max: 100
  - name: Send
    type: String
  - name: WithState
    type: Boolean
  - name: IntoPaginator
    type: Float
    min: -1.5
    max: 1e300
  - name: Add
    type: Array of Integer
  - name: Self
    type: Node
  - name: Kind
    type: String
    enum: Kind
    values:
      - value: UNKNOWN
      - value: self
      - value: "10"
  - name: Ping
    type: Ping
output:
  - name: Request_Id
    type: Integer
  - name: Items
    type: Array of Node
  - name: Add
    type: Integer
  - name: Ratio
    type: Float
  - name: Flags
    type: Array of Boolean
errors:
  - code: Retryable
  - code: self
  - code: Unhandled
  - code: Common
examples:
  - title: escaped names
    input:
      State: "0"
      Build: "+5"
      Send: tok
      WithState: "TRUE"
      IntoPaginator: "1e3"
      Add.0: "1"
      Self.Name: n
      Self.Parent.Name: p
      Kind: UNKNOWN
    output: |
      {"Response": {"Request_Id": "", "Items": [{"Name": "a", "Parent": {"Name": "b"}}], "Add": 1.0, "Ratio": "", "Flags": [true, null, "0"], "RequestId": "r"}}
"#,
        ),
        (
            "demo/v1/actions/Mod.yaml",
            r#"name: Mod
rate_limit: 1
input:
  - name: Root
    type: Tree
    required: true
  - name: Sub
    type: Integer
    required: true
    max: 0
examples:
  - title: the doc omits the required params
    input: {}
    missing_required: [Root, Sub]
"#,
        ),
        (
            "demo/v1/actions/Async.yaml",
            r#"name: Async
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Client.yaml",
            r#"name: Client
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Mock.yaml",
            r#"name: Mock
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Types.yaml",
            r#"name: Types
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Enums.yaml",
            r#"name: Enums
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/New.yaml",
            r#"name: New
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Handle.yaml",
            r#"name: Handle
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/FromHandle.yaml",
            r#"name: FromHandle
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/V1.yaml",
            r#"name: V1
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Crate.yaml",
            r#"name: Crate
rate_limit: 1
"#,
        ),
        (
            "demo/v1/actions/Clone.yaml",
            r#"name: Clone
rate_limit: 1
input:
  - name: Ids
    type: Array of String
output:
  - name: Set
    type: Array of Node
"#,
        ),
        (
            "demo/v1/waiters.yaml",
            r#"waiters:
  - name: Ready
    poll: Clone
    ids_param: Ids
    items: Set
    id_field: Name
    state_field: Build
    success: [READY]
"#,
        ),
        (
            "other/v20200101/service.yaml",
            r#"name: other
title: Other
module: other::v20200101
feature: codegen-fixture-other
version: "2020-01-01"
protocol: tencent_legacy_v2
source:
  name: escapes test
  version: "1"
endpoint:
  host: other.example.com
  path: /v2/index.php
"#,
        ),
        (
            "other/v20200101/actions/Single.yaml",
            r#"name: Single
rate_limit: 3
input:
  - name: Ratio
    type: Float
    min: 0.25
    max: 4
  - name: On
    type: Boolean
errors:
  - code: OnlyOne
examples:
  - title: one
    input:
      Ratio: "1"
      On: "1"
    output: |
      {"code": 0, "message": "", "codeDesc": "Success"}
"#,
        ),
        (
            "other/v20200101/actions/Numeric.yaml",
            r#"name: Numeric
rate_limit: 3
errors:
  - code: "4000"
    name: Busy
"#,
        ),
    ];

    /// Escaped names generate code that parses (`generate` parses every file) with the names
    /// the rules promise.
    #[test]
    fn escaped_names_generate_code_that_parses() {
        let files = super::super::testing::generate(ESCAPES).unwrap_or_else(|e| panic!("{e:#}"));
        let file = |path: &str| -> &str {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.as_str())
                .unwrap_or_else(|| panic!("{path} generated"))
        };
        for module in [
            "type_",
            "async_",
            "mod_",
            "client_",
            "mock_",
            "types_",
            "enums_",
            "new_",
            "clone_",
            "handle_",
            "from_handle_",
            "v1_",
            "crate_",
        ] {
            let path = format!("src/demo/v1/{module}.rs");
            assert!(files.iter().any(|(p, _)| *p == path), "{path}");
            assert!(file("src/demo/v1/mod.rs").contains(&format!("pub mod {module};")));
            assert!(file("src/demo/v1/client.rs").contains(&format!("pub fn {module}(")));
        }
        let action = file("src/demo/v1/type_.rs");
        for expected in [
            // Builder slots and methods the request builder defines itself.
            "    state: S,",
            "pub fn into_paginator(",
            // Responses keep `request_id` for the envelope.
            "pub request_id_: ::std::option::Option<i64>",
            "pub add: ::std::option::Option<i64>",
        ] {
            assert!(
                action.contains(expected),
                "type_.rs lacks {expected:?}:\n{action}"
            );
        }
        // Setters (through `__builder!`) escape the builder's own methods.
        let compact: String = action.split_whitespace().collect();
        for expected in [
            // Error code variants (declared by `__error_code!`) escape the names `ActionError` uses.
            "\"Retryable\"=>Retryable\"",
            "\"self\"=>Self_\"",
            "\"Unhandled\"=>Unhandled_\"",
            "\"Common\"=>Common_\"",
            "state_\"State\"optionalvalue(i64);",
            "crate::__builder!(requestTypeRequestTypeRequestBuilder\"[`TypeRequest`]\"\"Type\"send(TypeResponse,TypeError){",
            // A long float bound is written in scientific form.
            "range(Some(-1.5f64),Some(1e300f64))",
            "build_\"Build\"optionalvalue(i64)",
            "send_\"Send\"",
            "with_state_\"WithState\"optionalvalue(bool);",
            "into_paginator_\"IntoPaginator\"optionalvalue(f64)",
            "add_\"Add\"",
            "self_\"Self\"",
        ] {
            assert!(
                compact.contains(expected),
                "type_.rs lacks {expected:?}:\n{action}"
            );
        }
        let enums = file("src/demo/v1/enums.rs");
        for expected in [
            "Unknown_,",
            "Self_,",
            "V10,",
            "Unknown(::std::string::String),",
        ] {
            assert!(enums.contains(expected), "{expected}");
        }
        let types = file("src/demo/v1/types.rs");
        for expected in [
            // Recursive fields are boxed, arrays are not.
            "pub parent: ::std::option::Option<::std::boxed::Box<crate::demo::v1::Node>>",
            "pub pong: ::std::option::Option<::std::boxed::Box<crate::demo::v1::Pong>>",
            "pub ping: ::std::option::Option<::std::boxed::Box<crate::demo::v1::Ping>>",
            "pub pings: ::std::option::Option<::std::vec::Vec<crate::demo::v1::Ping>>",
            "pub children: ::std::option::Option<::std::vec::Vec<crate::demo::v1::Tree>>",
        ] {
            assert!(types.contains(expected), "types.rs lacks {expected:?}");
        }
        let compact: String = types.split_whitespace().collect();
        for expected in [
            "parent\"Parent\"optionalboxed(super::Node);",
            "build_\"Build\"",
            "shl_\"Shl\"",
        ] {
            assert!(compact.contains(expected), "types.rs lacks {expected:?}");
        }
        let client = file("src/demo/v1/client.rs");
        assert!(client.contains("pub fn wait_until_ready("));
        assert!(client.contains(".build_\n"));
        let tests = file("tests/examples/demo_v1.rs");
        for expected in [
            "fn type_example_1()",
            "fn mod_example_1()",
            // Numbers as the request encodes them; empty arrays end recursive placeholders.
            "(\"Build\", \"5\")",
            "(\"IntoPaginator\", \"1000.0\")",
            "(\"Root.Size\", \"0.5\"), (\"Sub\", \"0\")",
            ".children([])",
            // Decoded as the runtime decodes: "" is None, null elements are dropped.
            "assert!(response.request_id_.is_none());",
            "assert!(response.ratio.is_none());",
            "assert_eq!(response.flags.as_ref().map(::std::vec::Vec::len), Some(2usize));",
            "assert_eq!(response.add, Some(1i64));",
        ] {
            assert!(
                tests.contains(expected),
                "demo_v1.rs lacks {expected:?}:\n{tests}"
            );
        }
    }
}
