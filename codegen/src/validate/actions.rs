//! Actions: name and file, params, the idempotency token and pagination. Rate limits are checked
//! in [`super::limits`], error codes in [`super::errors`], examples in [`super::examples`].

use std::collections::HashMap;

use super::Resolver;
use crate::ir::{Action, Pagination, TypeRef};
use crate::load::LoadedService;
use crate::naming::Holder;
use crate::spec::{ActionSpec, AuthSpec, ProtocolSpec, RegionRequirement};

/// The length of the idempotency tokens the runtime generates (`new_client_token` in
/// generated-sdk/src/runtime/client.rs: 32 hex digits).
const GENERATED_TOKEN_LEN: u32 = 32;

impl Resolver<'_> {
    /// Every action of the folder that resolves, in file order.
    pub(super) fn actions(&mut self, loaded: &LoadedService) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut modules: HashMap<String, String> = HashMap::new();
        for (file, spec) in &loaded.actions {
            let path = format!("actions.{}", spec.name);
            let before = self.error_count();
            let action = self.action(file, &path, spec);
            let Some(action) = action.filter(|_| self.error_count() == before) else {
                // A rejected action (its error is reported) may be the only one documenting
                // the values of an enum: "no values anywhere" would be a follow-on error.
                let values =
                    |params: &[crate::spec::ParamSpec]| params.iter().any(|p| !p.values.is_empty());
                self.lost_value_sets |= values(&spec.input) || values(&spec.output);
                continue;
            };
            if let Some(other) = modules.get(&action.snake) {
                let message = format!(
                    "name collides with action '{other}' after case conversion ('{}')",
                    action.snake
                );
                self.error(file, &path, message);
                continue;
            }
            modules.insert(action.snake.clone(), action.name.clone());
            actions.push(action);
        }
        actions
    }

    fn action(&mut self, file: &str, path: &str, spec: &ActionSpec) -> Option<Action> {
        let snake = self.action_name(file, path, &spec.name)?;
        let rate_limit = self.rate_limit(file, &format!("{path}.rate_limit"), &spec.rate_limit);
        let request = format!("{}Request", spec.name);
        let response = format!("{}Response", spec.name);
        let input = self.fields(
            file,
            &format!("{path}.input"),
            &spec.input,
            &request,
            Holder::Request,
        );
        for param in &spec.input {
            if !self.common_params.contains(&param.name) {
                continue;
            }
            let at = format!("{path}.input.{}", param.name);
            if self.protocol == ProtocolSpec::TencentApi3 {
                // TC3 sends common params as headers, apart from the JSON body; only the v1
                // form signing puts both in one parameter list.
                self.warnings.push(format!(
                    "{file}: {at}: '{}' is also a common param of the service (service.yaml `common_params`): the two collide when a caller signs with v1 (form parameters); TC3 keeps them apart",
                    param.name
                ));
            } else {
                self.error(
                    file,
                    &at,
                    format!(
                        "'{}' is a common param of the service (service.yaml `common_params`), which the runtime sends with every request in the same parameter list; an action param cannot repeat it",
                        param.name
                    ),
                );
            }
        }
        let mut output = self.fields(
            file,
            &format!("{path}.output"),
            &spec.output,
            &response,
            Holder::Response,
        );
        if let Some(i) = output.iter().position(|f| f.wire_name == "RequestId") {
            self.error(
                file,
                &format!("{path}.output.RequestId"),
                "RequestId is part of every response; do not list it",
            );
            output.remove(i);
        }

        let idempotency_token = spec.idempotency_token.as_ref().and_then(|name| {
            self.find_field(
                file,
                &format!("{path}.idempotency_token"),
                &input,
                &request,
                name,
                |f| f.ty == TypeRef::String && !f.sensitive,
                "a String input param (not sensitive)",
            )
        });
        if let Some(token) = idempotency_token.map(|i| &input[i]) {
            let limits = token.limits;
            let fits = limits
                .max_length
                .is_none_or(|max| max >= GENERATED_TOKEN_LEN)
                && limits
                    .min_length
                    .is_none_or(|min| min <= GENERATED_TOKEN_LEN);
            if !fits {
                // A warning, not an error: the document's bound stands; callers then set the
                // token themselves (a token the client fills in would be refused).
                self.warnings.push(format!(
                    "{file}: {path}.idempotency_token: '{}' takes {} to {} characters, but the tokens the client fills in have {GENERATED_TOKEN_LEN} (random hex): callers must set it themselves",
                    token.wire_name,
                    limits.min_length.unwrap_or(0),
                    limits.max_length.map_or("any number of".to_owned(), |m| m.to_string()),
                ));
            }
        }
        if let Some(token) = idempotency_token.map(|i| &input[i]).filter(|f| f.required) {
            self.error(
                file,
                &format!("{path}.idempotency_token"),
                format!(
                    "'{}' is a required param; the idempotency token must be optional (the client fills it in when the caller leaves it unset)",
                    token.wire_name
                ),
            );
        }
        let pagination = spec.pagination.as_ref().and_then(|p| {
            let ppath = format!("{path}.pagination");
            let integer = |f: &crate::ir::Field| f.ty == TypeRef::Integer;
            let offset = self.find_field(
                file,
                &format!("{ppath}.offset"),
                &input,
                &request,
                &p.offset,
                integer,
                "an Integer input param",
            );
            let limit = self.find_field(
                file,
                &format!("{ppath}.limit"),
                &input,
                &request,
                &p.limit,
                integer,
                "an Integer input param",
            );
            let total = self.find_field(
                file,
                &format!("{ppath}.total_count"),
                &output,
                &response,
                &p.total_count,
                integer,
                "an Integer output field",
            );
            let items = self.find_field(
                file,
                &format!("{ppath}.items"),
                &output,
                &response,
                &p.items,
                |f| matches!(f.ty, TypeRef::Array(_)),
                "an array output field",
            );
            if offset.is_some() && offset == limit {
                self.error(
                    file,
                    &ppath,
                    "offset and limit must be two different params",
                );
                return None;
            }
            Some(Pagination {
                offset: offset?,
                limit: limit?,
                total_count: total?,
                items: items?,
            })
        });

        let errors = self.action_errors(file, path, &spec.errors);
        let unsigned = spec.auth == Some(AuthSpec::None);
        if unsigned && self.protocol != ProtocolSpec::TencentApi3 {
            self.error(
                file,
                &format!("{path}.auth"),
                "`auth: none` (an unsigned request, `Authorization: SKIP`) exists only in the tencent_api3 protocol",
            );
        }
        let examples = spec
            .examples
            .iter()
            .enumerate()
            .filter_map(|(i, ex)| {
                self.example(
                    file,
                    &format!("{path}.examples[{i}]"),
                    ex,
                    (&input, &request),
                    &output,
                    &response,
                )
            })
            .collect();

        Some(Action {
            name: spec.name.clone(),
            snake,
            doc: spec.doc.clone(),
            rate_limit: rate_limit?,
            source: None,
            region_required: spec.region.unwrap_or(RegionRequirement::Required)
                == RegionRequirement::Required,
            finance_regions: spec.finance_regions,
            read_only: spec.read_only.unwrap_or_else(|| {
                ["Describe", "InquiryPrice", "Get", "List", "Query"]
                    .iter()
                    .any(|p| spec.name.starts_with(p))
            }),
            unsigned,
            idempotency_token,
            pagination,
            input,
            output,
            errors,
            examples,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;

    const LIST: &str = r#"name: ListWidgets
rate_limit: 20
pagination:
  offset: Offset
  limit: Limit
  total_count: TotalCount
  items: WidgetSet
input:
  - name: Offset
    type: Integer
  - name: Limit
    type: Integer
output:
  - name: TotalCount
    type: Integer
  - name: WidgetSet
    type: Array of Tag
"#;

    #[test]
    fn pagination() {
        let service = TestSpec::new().action(LIST).resolve().unwrap();
        assert!(service.actions[1].pagination.is_some());
        TestSpec::new()
            .action(&LIST.replace("items: WidgetSet", "items: Widgets"))
            .rejects(&["actions/ListWidgets.yaml: actions.ListWidgets.pagination.items: 'Widgets' is not an array output field (did you mean 'WidgetSet'?)"]);
        TestSpec::new()
            .action(&LIST.replace("limit: Limit", "limit: Offset"))
            .rejects(&[
                "actions.ListWidgets.pagination: offset and limit must be two different params",
            ]);
        // A param whose own type failed is not reported again by the pagination naming it.
        TestSpec::new()
            .action(&LIST.replace(
                "  - name: Offset\n    type: Integer",
                "  - name: Offset\n    type: Integr",
            ))
            .rejects(&[
                "actions.ListWidgets.input.Offset: unknown type 'Integr' (did you mean 'Integer'?)",
            ]);
    }

    /// The demo action with a `ClientToken` idempotency token, its param spec ending in `extra`.
    fn token(extra: &str) -> TestSpec {
        TestSpec::new().edit_action(
            "CreateWidget",
            "input:\n",
            &format!("idempotency_token: ClientToken\ninput:\n  - name: ClientToken\n    type: String\n{extra}"),
        )
    }

    #[test]
    fn idempotency_token() {
        let service = token("").resolve().unwrap();
        assert_eq!(service.actions[0].idempotency_token, Some(0));
        token("    sensitive: true\n").rejects(&[
            "actions.CreateWidget.idempotency_token: 'ClientToken' is not a String input param (not sensitive)",
        ]);
        let required = "actions.CreateWidget.idempotency_token: 'ClientToken' is a required param; the idempotency token must be optional";
        let errors = token("    required: true\n").errors();
        assert!(errors.iter().any(|e| e.contains(required)), "{errors:#?}");
    }

    #[test]
    fn the_idempotency_token_fits_the_generated_tokens() {
        token("    max_length: 64\n    min_length: 1\n")
            .resolve()
            .unwrap();
        token("    max_length: 32\n").resolve().unwrap();
        assert!(token("    max_length: 64\n").warnings().is_empty());
        assert_eq!(
            token("    max_length: 20\n").warnings(),
            ["spec/demo/v1/actions/CreateWidget.yaml: actions.CreateWidget.idempotency_token: 'ClientToken' takes 0 to 20 characters, but the tokens the client fills in have 32 (random hex): callers must set it themselves"]
        );
        let warnings = token("    min_length: 40\n").warnings();
        assert!(warnings[0].contains("'ClientToken' takes 40 to any number of characters"));
    }

    #[test]
    fn an_action_param_repeating_a_common_param() {
        let spec = TestSpec::new()
            .edit_service(
                "errors:",
                "common_params:\n  - name: Region\n    type: String\nerrors:",
            )
            .edit_action(
                "CreateWidget",
                "input:\n",
                "input:\n  - name: Region\n    type: String\n",
            );
        // API 3.0: a warning (only v1 form signing mixes them).
        let warnings = spec.warnings();
        assert!(
            warnings.iter().any(|w| w
                .contains("actions.CreateWidget.input.Region: 'Region' is also a common param")),
            "{warnings:#?}"
        );
        // One parameter list on the wire: an error.
        spec.edit_service("protocol: tencent_api3", "protocol: tencent_legacy_v2")
            .edit_service("version: \"2020-01-01\"", "version: \"\"")
            .edit_action(
                "CreateWidget",
                "    output: |\n      {\"Response\": {\"WidgetIds\": [\"w-1\"], \"RequestId\": \"r\"}}\n",
                "",
            )
            .rejects(&["actions.CreateWidget.input.Region: 'Region' is a common param of the service"]);
    }

    #[test]
    fn request_id_is_not_an_output_field() {
        TestSpec::new()
            .edit_action("CreateWidget", "name: WidgetIds", "name: RequestId")
            .edit_action("CreateWidget", "\"WidgetIds\": [\"w-1\"], ", "")
            .rejects(&["actions.CreateWidget.output.RequestId: RequestId is part of every response; do not list it"]);
    }

    #[test]
    fn a_rejected_action_adds_nothing_elsewhere() {
        // The rate limit is wrong: the action is left out, and the type naming it in used_by
        // and the waiter polling it add nothing.
        TestSpec::new()
            .edit_action("CreateWidget", "rate_limit: 5", "rate_limit: 0")
            .edit_action("CreateWidget", "input:\n", "input:\n  - name: Ids\n    type: Array of String\n")
            .waiters("waiters:\n  - name: Ready\n    after: [CreateWidget]\n    poll: CreateWidget\n    ids_param: Ids\n    items: WidgetIds\n    id_field: Key\n    state_field: Value\n    success: [READY]\n")
            .rejects(&["actions.CreateWidget.rate_limit: must be a positive whole number"]);
    }

    #[test]
    fn unsigned_actions_exist_only_in_api3() {
        let unsigned = || {
            TestSpec::new().edit_action(
                "CreateWidget",
                "rate_limit: 5",
                "rate_limit: 5\nauth: none",
            )
        };
        let service = unsigned().resolve().unwrap();
        assert!(service.actions[0].unsigned);
        assert!(!TestSpec::new().resolve().unwrap().actions[0].unsigned);
        unsigned()
            .edit_service("protocol: tencent_api3", "protocol: qingcloud")
            .edit_action(
                "CreateWidget",
                &super::super::testing::CREATE_WIDGET[super::super::testing::CREATE_WIDGET.find("examples:").unwrap()..],
                "",
            )
            .rejects(&["actions.CreateWidget.auth: `auth: none` (an unsigned request, `Authorization: SKIP`) exists only in the tencent_api3 protocol"]);
    }
}
